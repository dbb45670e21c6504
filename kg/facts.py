"""Stage 3b: quantitative facts — a number with its unit, the metric word before it, the
period it covers and the entity it belongs to — and their normalised values.

The subject of a figure is the entity that opens its clause, else the sentence's subject,
else the topic of the paragraph (news reports state a park's figures in a row of clauses
after naming it once).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from kg.model import Document, Fact, Mention
from kg.relations import HEDGES

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
MAGNITUDES = (("万亿", Decimal(10) ** 12), ("亿", Decimal(10) ** 8), ("千万", Decimal(10) ** 7),
              ("百万", Decimal(10) ** 6), ("万", Decimal(10) ** 4), ("千", Decimal(1000)))

# Units as written, longest first; the magnitude prefix (万, 亿) is part of the unit as the schema keeps it.
BASE_UNITS = (
    "元", "美元", "欧元", "港元", "%", "％", "个百分点", "家", "个", "项", "件", "人", "名", "所", "辆", "台", "套",
    "GWh", "GWH", "gwh", "MWh", "MW", "GW", "kW", "吨", "公顷", "亩", "平方公里", "平方米", "微米", "米", "条",
    "户", "批", "款", "张", "座", "栋", "株", "块", "片", "支", "粒", "袋", "瓶", "层", "篇", "倍", "位", "次",
    "千瓦", "瓦", "千米", "公里", "架", "颗", "枚", "天", "个月", "个工作日",
)
PREFIXES = ("万亿", "亿", "千万", "百万", "万", "千")
UNIT_RE = "|".join(
    re.escape(u)
    for u in sorted({p + b for p in PREFIXES for b in BASE_UNITS} | set(BASE_UNITS), key=lambda w: (-len(w), w))
)
NUMBER_RE = r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
FIGURE = re.compile(
    rf"(?P<approx>近|约|超过|超|逾|达|突破)?(?P<num>{NUMBER_RE})\s*(?P<more>多|余|以上)?\s*(?P<unit>{UNIT_RE})"
)

PERIOD = re.compile(
    r"((?:今年|去年|上年|\d{4}年)?(?:\d{1,2}(?:至|-|—|－|~)\d{1,2}月|上半年|下半年|前三季度|一季度|第一季度|前\d{1,2}个?月|全年|\d{1,2}月)"
    r"|截至\d{1,2}月底|截至目前|\d{4}年(?:度)?|今年|去年|连续[一二三四五六七八九十两\d]+年|每年|累计|达产后|“十四五”期间|近\d年)"
)
CLAUSE_OPENER = re.compile(r"\s*(其中|同时|目前|此外|今年|去年|全年|近年来|前不久|截至目前|截至\d{1,2}月底|"
                           r"\d{4}年(?:度)?|"
                           r"今年\d{1,2}(?:至|-)\d{1,2}月|\d{1,2}(?:至|-)\d{1,2}月|上半年|前三季度|\s)*")
SUBJECT_TYPES = ("Park", "Company", "Region", "Industry", "Project", "ResearchInstitute", "University")
LEAD_WORDS = re.compile(r"^(全年|共|累计|已|实现|完成|达到|达|超过|超|突破|拥有|新增|其中|目前|全区|全市|全省|今年|"
                        r"去年|同比|"
                        r"总计|合计|约|近|年均|每年|连续[一二三四五六七八九十两\d]+年)+")
TAIL_WORDS = re.compile(r"(达到|达|为|超过|超|约|近|突破|实现|完成|逾|共|的|了)+$")
LOCAL_ANAPHOR = re.compile(r"^\s*(全区|全市|全省|全县|当地|该区|本区)")
OWNED_METRIC = re.compile(r"^(产业集群|产业|集群|行业)?(全年|今年|去年|上半年)?(实现|完成|累计实现)?"
                          r"(营业收入|营收|产值|总产值|增加值|规模|产量|销量|总投资|计划总投资|出口|税收|利润)")
POLICY_AFTER = re.compile(r"^[^，。；：]{0,20}(计划|措施|政策|举措|意见|办法|方案|条例)")
ADJECTIVAL = re.compile(r"^(级|园区|产业|企业|集群|规模|目标|大关|量级)")
NOT_FIGURES = re.compile(r"^(年|月|日|号|时|岁|届|期|代|级|强|名|位次|次方)")


def parse_number(text: str) -> Decimal | None:
    """'932.4' -> 932.4; '千' -> 1000; '二十' -> 20; '一百五十' -> 150."""
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return Decimal(total + current)


def normalise_value(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """The value in its base unit: 932.4 亿元 -> 93240000000 CNY; 20.5 万辆 -> 205000 vehicle."""
    scale = Decimal(1)
    base = unit
    for prefix, mult in MAGNITUDES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            scale, base = mult, unit[len(prefix) :]
            break
    names = {"元": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "%": "percent", "％": "percent",
             "个百分点": "percentage-point", "辆": "vehicle", "吨": "tonne", "公顷": "hectare", "亩": "mu",
             "平方公里": "km2", "平方米": "m2", "米": "metre", "台": "unit", "套": "set"}
    if base.upper() == "GWH":
        return value * scale, "GWh"
    if base in ("家", "个", "项", "件", "人", "名", "所", "条", "户", "批", "款", "张", "座", "栋", "位", "次"):
        return value * scale, "count"
    return value * scale, names.get(base, base)


def _quote_end(text: str, pos: int) -> int | None:
    """The end of the quotation (“…”) that `pos` lies in, if it does."""
    opening = text.rfind("“", 0, pos)
    if opening < 0 or text.rfind("”", 0, pos) > opening:
        return None
    closing = text.find("”", pos)
    return closing + 1 if closing >= 0 else None


def _period_of(text: str) -> str:
    found = PERIOD.findall(text)
    return found[0] if found else ""


def extract(doc: Document, mentions: list[Mention], resolved: dict[tuple[str, str], str],
            topics: dict[int, tuple[str, str] | None]) -> list[Fact]:
    """Every figure of the document with the entity it belongs to."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if not m.rule.startswith("nested:"):
            by_sentence.setdefault(m.sentence, []).append(m)
    facts: list[Fact] = []
    seen: set[tuple] = set()
    places = Counter((resolved.get((m.text, m.type)), m.type) for m in mentions
                     if m.type in ("Park", "Region") and not m.rule.startswith(("nested:", "generic:")))
    places.pop((None, "Park"), None)
    places.pop((None, "Region"), None)
    place_topic = places.most_common(1)[0][0] if places else None
    period_by_paragraph: dict[int, str] = {}
    owner_by_paragraph: dict[int, tuple[str, str]] = {}  # the last figure's subject in each paragraph
    for sent in doc.sentences:
        text = sent.text
        ms = sorted((m for m in by_sentence.get(sent.index, []) if m.type in SUBJECT_TYPES), key=lambda m: m.start)
        names = [(m.start - sent.start, m.end - sent.start) for m in by_sentence.get(sent.index, [])]
        sentence_period = _period_of(text)
        if sentence_period:
            period_by_paragraph[sent.paragraph] = sentence_period
        last_metric = ""
        last_subject: tuple[str, str] | None = None
        for fig in FIGURE.finditer(text):
            num, unit = fig.group("num"), fig.group("unit")
            before = text[max(0, fig.start() - 1) : fig.start()]
            if NOT_FIGURES.match(unit) or before in ("第", "前") or re.match(r"^\d{4}$", num) and unit in ("年",):
                continue
            if not num[0].isdigit() and len(num) == 1 and num not in "千百十" and unit not in ("家", "个", "项"):
                continue
            if not num[0].isdigit() and not unit.startswith(("亿", "万")):
                continue  # 一个目标, 五项重点, 一家企业: counting words, not figures
            if ADJECTIVAL.match(text[fig.end() : fig.end() + 3]):
                continue  # 千亿元园区, 百亿级企业: a size class, not a figure
            if unit.endswith("元") and re.match(r"(以上|以下)[\u4e00-\u9fff]", text[fig.end() : fig.end() + 3]):
                continue  # 2000万元以上重点项目2557个: a threshold qualifying what is counted
            if unit in ("名", "位", "次") and text[fig.end() : fig.end() + 1] not in "，。、；,;":
                continue
            if any(s0 <= fig.start() < e0 for s0, e0 in names):
                continue  # 年产2万吨…项目: a figure inside a name is part of the name
            if unit.endswith("条") and POLICY_AFTER.match(text[fig.end() : fig.end() + 24]):
                continue  # 制定12条…提升计划: the count of a policy's articles belongs to its title
            value = parse_number(num)
            if value is None:
                continue
            clause_start = max(text.rfind(ch, 0, fig.start()) for ch in "，,；;。：:") + 1
            clause = text[clause_start : fig.start()]
            # The clause's own subject opens it (after a time word at most); a name further in is part of the metric.
            in_clause = [m for m in ms if clause_start <= m.start - sent.start < fig.start() and
                         text[m.end - sent.start : m.end - sent.start + 1] not in ("外", "内", "第") and
                         CLAUSE_OPENER.fullmatch(text[clause_start : m.start - sent.start]) and
                         not (m.type == "Industry" and "占" in text[m.end - sent.start : fig.start()])]
            # Otherwise the sentence's subject, when the sentence opens with it (after a time word at most).
            before_fig = [m for m in ms if m.end - sent.start <= fig.start() and
                          text[m.end - sent.start : m.end - sent.start + 1] not in ("外", "内", "第", "、") and
                          CLAUSE_OPENER.fullmatch(text[: m.start - sent.start])]
            # 建设规划1.5万亩的“抚州新能源汽车产业城”: the figure describes the name that follows it.
            after_fig = [m for m in ms if 0 <= m.start - sent.start - fig.end() <= 2 and
                         re.fullmatch(r"的“?", text[fig.end() : m.start - sent.start]) and
                         m.type in ("Park", "Project", "Company")]
            # 四年内连续加码投资150亿元，比亚迪在抚州设立…: the next clause may name the actor.
            clause_end = min([k for k in (text.find(ch, fig.end()) for ch in "，,；;。") if k >= 0] or [len(text)])
            next_clause = [m for m in ms if m.type in ("Company", "Park") and m.start - sent.start > clause_end and
                           CLAUSE_OPENER.fullmatch(text[clause_end + 1 : m.start - sent.start])]
            # 合肥高新区集成电路产业实现营收…, …二期扩产项目总投资…: a narrower owner right before the metric wins.
            nearest = [m for m in ms if clause_start <= m.start - sent.start and m.end - sent.start <= fig.start()
                       and m.type in ("Industry", "Project", "Company")
                       and OWNED_METRIC.match(text[m.end - sent.start : fig.start()])
                       and "占" not in text[m.end - sent.start : fig.start()]]  # a share (占…比重) is the whole's
            subject_m = (after_fig[0] if after_fig else nearest[-1] if nearest else in_clause[0] if in_clause else
                         before_fig[0] if before_fig else None)
            # …集成电路产业实现营收612.5亿元；今年1至9月，产业营收达到487.3亿元: a clause that names the same
            # metric again, with no owner of its own, goes on with the narrower owner of the figure before.
            previous = owner_by_paragraph.get(sent.paragraph)  # last_subject when the sentence has one
            if previous and previous[1] in ("Industry", "Project", "Company") \
                    and (subject_m is None or subject_m not in in_clause and not nearest and not after_fig
                         and subject_m.type in ("Park", "Region")) \
                    and OWNED_METRIC.match(PERIOD.sub("", CLAUSE_OPENER.sub("", clause, count=1)).lstrip("，, ")):
                subject_m, last_subject = None, previous
            # “我们的配套率…提高到45%。”某某公司董事长某某介绍: a quoted figure is the speaker's organisation's.
            quote_end = _quote_end(text, fig.start())
            if subject_m is None and quote_end is not None:
                speakers = [m for m in ms if 0 <= m.start - sent.start - quote_end <= 2 and
                            m.type in ("Company", "Park", "ResearchInstitute", "University")]
                subject_m = speakers[0] if speakers else None
            if subject_m is None and not last_subject and next_clause and not HEDGES.search(clause) \
                    and re.search(r"(投资|投入|出资|增资|加码)", clause):
                subject_m = next_clause[0]
            subject: tuple[str, str] | None
            if subject_m is not None:
                name = resolved.get((subject_m.text, subject_m.type))
                subject = (name, subject_m.type) if name else None
                metric_start = subject_m.end - sent.start if subject_m in in_clause or subject_m in nearest \
                    else clause_start
            elif place_topic and LOCAL_ANAPHOR.match(clause):
                subject, metric_start = place_topic, clause_start  # 全区已创成绿色工厂11家: the place the text is about
            elif last_subject:
                subject, metric_start = last_subject, clause_start  # 同比增长10.7%: the figure before's subject
            else:
                subject = topics.get(sent.index)
                metric_start = clause_start
            if not subject:
                continue
            metric = text[metric_start : fig.start()]
            metric = PERIOD.sub("", metric)
            metric = LEAD_WORDS.sub("", metric.strip(" ，,、"))
            metric = TAIL_WORDS.sub("", metric).strip(" ，,、")
            growth = re.search(r"(增长|增速|下降|提高|提升|降低)$", metric)
            if unit in ("%", "％", "个百分点") and growth and last_metric:
                if not metric.startswith(last_metric):
                    metric = last_metric + metric if metric in ("同比增长", "增长", "同比下降", "下降") else metric
            elif metric:
                last_metric = metric
            period = _period_of(clause) or sentence_period or period_by_paragraph.get(sent.paragraph, "")
            conf = 0.75 if subject_m is not None and subject_m in in_clause else 0.6
            if HEDGES.search(clause) or "目标" in metric:
                conf *= 0.8
            last_subject = subject
            owner_by_paragraph[sent.paragraph] = subject
            key = (subject[0], metric or "数量", float(value), unit, period, sent.index)
            if key in seen:
                continue  # one figure read twice (the same subject, metric and value in one sentence)
            seen.add(key)
            facts.append(Fact(subject=subject[0], metric=metric or "数量", value=float(value), unit=unit,
                              period=period, doc=doc.name, sentence=sent.index, rule="fact:number-unit",
                              confidence=round(conf, 3), value_text=fig.group(0), subject_type=subject[1]))
    return facts
