"""When: the date of a document and the interval of time a figure's period stands for.

A document's date is looked for in this order, the first route that gives one wins (the route is kept beside the
date, so a reader can judge it):

| route | where |
|---|---|
| `front-matter` | a first line `date: 2025-03-27` (or a `date:` line inside a leading `---` block) |
| `file-name` | with `--date-from-name`: a name starting 2025-03-27, 2025_03_27 or 20250327 (applied at build time) |
| `published-line` | a line of the head such as 发布时间：2022-09-28 or 日期:2025年03月27日 |
| `header-date` | a full date on a short line of the head (a byline: 2024年08月27日 08:39 中原网, 2018-12-07 07:37) |
| `dateline` | 12月28日, at the start of one of the first lines (or 哈尔滨4月12日讯), with the year from the article |
| `text-date` | a full date in the head's prose (2023年6月6日，某市举行…) |
| `report-title` | a report's year in its title (2025年某区政府工作报告): a year, not a day |

Dates are ISO strings: `2025-03-27` (xsd:date) or `2025` (xsd:gYear). A period as written (kg.extraction.facts)
becomes an interval of such strings; a period that needs the document's date (今年, 上半年, 截至目前) is left as
written when the document has none, and so is a period that names no interval (累计, 每年, 达产后, 连续三年, 近3年,
全年).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg.vocab import DCTERMS, sparql_prologue

if TYPE_CHECKING:
    from kg.model import Document, Extraction

ROUTES = ("front-matter", "file-name", "published-line", "header-date", "dateline", "text-date", "report-title")

# The head of a document: where its title, byline and dateline are.
HEAD_LINES = 12
HEAD_CHARS = 1200
# Lines of the head whose leading 12月28日 is a dateline (further on it is an event in the story).
DATELINE_LINES = 6
# A line at most this long holding a full date is a byline or a date line, not prose.
SHORT_LINE = 60

_YEAR = r"(?P<y>(?:19|20)\d{2})"
FULL_DATE = re.compile(
    _YEAR + r"\s*(?:(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)"
)
FRONT_MATTER = re.compile(r"date\s*[:：]\s*(?P<value>.+?)\s*$", re.IGNORECASE)
FRONT_MATTER_VALUE = re.compile(_YEAR + r"(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|(?![\d年.-]))")
PUBLISHED = re.compile(r"(?:发布时间|发布日期|发表时间|发表日期|更新时间|来源时间|日期|时间)\s*[:：]\s*")
NEWS_DATELINE = re.compile(r"^[^\d，,。：:；;]{0,16}?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:讯|电)")
LEADING_DATE = re.compile(r"^(?:本报讯|[（(]?记者[^)）]{0,8}[)）])?\s*(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?![前后起至到])")
REPORT_TITLE = re.compile(_YEAR + r"\s*年(?!\d).{0,40}?(?:工作报告|报告|公报|白皮书|年鉴|年报)")
# A year the article speaks of (for a dateline's year), unless it is a target (到2030年, 2025年前) or a range's end.
ARTICLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
TARGET_BEFORE = re.compile(r"(?:到|至|力争|预计|计划|目标|展望|远景|[-~—－–])\s*$")
TARGET_AFTER = re.compile(r"^\s*年\s*(?:以前|之前|目标|前(?![一二三四五六七八九十两\d]))")  # not 2024年前三季度
FILE_NAME_DATE = re.compile("^" + _YEAR + r"(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?!\d)")


@dataclass(frozen=True)
class DocumentDate:
    """A document's date as an ISO string (a day or a year) and the route it was found by."""

    value: str
    route: str


def _day(y: str | int, m: str | int, d: str | int) -> str | None:
    """The ISO day, or None when there is no such day (2月30日)."""
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def parse_full_date(text: str) -> str | None:
    """The first full date in `text` (2025-03-27, 2025/3/27, 2025.3.27, 2025年3月27日) as an ISO day."""
    for m in FULL_DATE.finditer(text):
        day = _day(m.group("y"), m.group("m") or m.group("m2"), m.group("d") or m.group("d2"))
        if day:
            return day
    return None


def _head_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text[:HEAD_CHARS].split("\n")]
    return [line for line in lines if line][:HEAD_LINES]


def _front_matter(text: str) -> str | None:
    """The date of a first line `date: …`, or of a `date:` line in a leading `---` block."""
    lines = _head_lines(text)
    if not lines:
        return None
    block = lines[:1]
    if lines[0] == "---":  # a YAML block: its lines up to the closing ---
        block = []
        for line in lines[1:]:
            if line == "---":
                break
            block.append(line)
    for line in block:
        m = FRONT_MATTER.match(line)
        if m:  # the value as it starts: a short document may have had its next line joined to this one
            value = FRONT_MATTER_VALUE.match(m.group("value"))
            if value and value.group("m"):
                return _day(value.group("y"), value.group("m"), value.group("d"))
            return value.group("y") if value else None
    return None


def article_year(text: str) -> int | None:
    """The latest year the article speaks of as past or present (targets such as 到2030年 left out): the year of a
    dateline that gives only the month and day."""
    years = []
    for m in ARTICLE_YEAR.finditer(text):
        if TARGET_BEFORE.search(text[max(0, m.start() - 4) : m.start()]) or TARGET_AFTER.match(text[m.end(1) :]):
            continue
        years.append(int(m.group(1)))
    return max(years) if years else None


def text_date(text: str) -> DocumentDate | None:
    """The date a document's own text gives (its matching text: full-width digits already ASCII), or None."""
    front = _front_matter(text)
    if front:
        return DocumentDate(front, "front-matter")
    head = _head_lines(text)
    for line in head:
        for m in PUBLISHED.finditer(line):
            day = parse_full_date(line[m.end() : m.end() + 24])
            if day:
                return DocumentDate(day, "published-line")
    for line in head:
        if len(line) <= SHORT_LINE:
            day = parse_full_date(line)
            if day:
                return DocumentDate(day, "header-date")
    for line in head[:DATELINE_LINES]:
        m = NEWS_DATELINE.match(line) or LEADING_DATE.match(line)
        if m:
            year = article_year(text)
            day = _day(year, m.group("m"), m.group("d")) if year else None
            if day:
                return DocumentDate(day, "dateline")
            break
    for line in head:
        day = parse_full_date(line)
        if day:
            return DocumentDate(day, "text-date")
    if head:
        m = REPORT_TITLE.search(head[0])
        if m and len(head[0]) <= SHORT_LINE:
            return DocumentDate(m.group("y"), "report-title")
    return None


def name_date(name: str) -> str | None:
    """The date a file name starts with (2025-03-27-…, 2025_03_27…, 20250327…), or None."""
    m = FILE_NAME_DATE.match(name)
    return _day(m.group("y"), m.group("m"), m.group("d")) if m else None


def date_by_name(doc: Document) -> None:
    """Give a document the date its file name starts with (`--date-from-name`), unless its front matter gives
    one: the name is the user's word for the whole file, the front matter the document's own."""
    if doc.date_route == "front-matter":
        return
    day = name_date(Path(doc.path).name if doc.path else doc.name)
    if day:
        doc.date, doc.date_route = day, "file-name"


# ------------------------------------------------------------------------------------------------------ periods

_YEAR_PREFIX = r"(?P<year>(?:19|20)\d{2}年度?|今年|去年|上年|前年)?"
_PERIOD_FORMS = re.compile(
    _YEAR_PREFIX + r"(?:"
    r"(?P<half>上半年|下半年)"
    r"|(?P<first>前)?第?(?P<quarter>[一二三四1-4两])季度"
    r"|(?P<m1>\d{1,2})\s*(?:至|-|—|－|~|到)\s*(?P<m2>\d{1,2})月(?:份)?"
    r"|前(?P<months>\d{1,2}|[一二三四五六七八九十]{1,2})个?月"
    r"|(?P<month>\d{1,2})月(?:份|底)?"
    r"|(?P<whole>全年)"
    r")?"
)
UP_TO_MONTH = re.compile(r"截至(?P<year>(?:19|20)\d{2}年|今年|去年)?(?P<month>\d{1,2})月(?:底|末)")
UP_TO_NOW = re.compile(r"截至目前|截至当前|目前为止|截至今日")
# 六五 … 九五, 十一五 … 十九五: the five-year plans (the 10th, 十五, is not told apart from the number 15).
FIVE_YEAR_PLAN = re.compile(r"[“\"]?(?P<n>十[一二三四五六七八九]|[六七八九])五[”\"]?")
CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _number(text: str) -> int:
    """1-99 written in digits or Chinese numerals (三, 十一, 二十); 0 for anything else (一二)."""
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return CHINESE_NUMBERS.get(text, 0)
    tens, ten, units = text.partition("十")
    if not ten or len(tens) > 1 or len(units) > 1 or "十" in units:
        return 0
    return (CHINESE_NUMBERS.get(tens, 0) if tens else 1) * 10 + (CHINESE_NUMBERS.get(units, 0) if units else 0)


def _months(year: int, first: int, last: int) -> tuple[str, str] | None:
    if not 1 <= first <= last <= 12:
        return None
    return f"{year:04d}-{first:02d}-01", f"{year:04d}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"


def _year_of(written: str | None, document: str) -> int | None:
    """The year a period's year prefix names: as written, or relative to the document's date."""
    if written and written[:4].isdigit():
        return int(written[:4])
    if not document:
        return None
    year = int(document[:4])
    return {"今年": year, "去年": year - 1, "上年": year - 1, "前年": year - 2}.get(written or "今年")


def _document_month(document: str) -> int | None:
    return int(document[5:7]) if len(document) >= 7 else None


def period_interval(period: str, document: str = "") -> tuple[str | None, str | None] | None:
    """The interval a period as written stands for, as (start, end) ISO strings (a year 2024 or a day 2024-06-30;
    None for an open end), given the document's date (ISO, a day or a year, or '' when undated); None when the
    period names no interval or needs a date the document does not have.

    A period without a year (上半年, 1至9月, 一季度) is of the document's year, or of the year before when it ends
    after the document's month (1至11月 in a January article)."""
    period = period.strip()
    if not period:
        return None
    if UP_TO_NOW.fullmatch(period):
        return (None, document) if document else None
    plan = FIVE_YEAR_PLAN.match(period)
    if plan and re.fullmatch(r"(?:期间|时期|以来|末)?", period[plan.end():]):
        start = 2006 + 5 * (_number(plan.group("n")) - 11)
        return str(start), str(start + 4)
    up_to = UP_TO_MONTH.fullmatch(period)
    if up_to:
        year = _year_of(up_to.group("year"), document)
        month = int(up_to.group("month"))
        if year is None or not 1 <= month <= 12:
            return None
        if not up_to.group("year") and (_document_month(document) or 12) < month:
            year -= 1
        return None, _months(year, month, month)[1]  # type: ignore[index]
    m = _PERIOD_FORMS.fullmatch(period)
    if not m or not any(m.groupdict().values()):
        return None
    written_year = m.group("year")
    if m.group("whole") and not (written_year and written_year[:4].isdigit()):
        return None  # 全年 alone: last year's results in a January report, this year's target later on
    year = _year_of(written_year, document)
    if year is None:
        return None
    if m.group("half"):
        first, last = (1, 6) if m.group("half") == "上半年" else (7, 12)
    elif m.group("quarter"):
        q = _number(m.group("quarter"))
        first, last = (1 if m.group("first") else 3 * q - 2), 3 * q
    elif m.group("m1"):
        first, last = int(m.group("m1")), int(m.group("m2"))
    elif m.group("months"):
        first, last = 1, _number(m.group("months"))
    elif m.group("month"):
        first = last = int(m.group("month"))
    else:  # a year alone: 2024年, 今年, 去年
        return str(year), str(year)
    if not written_year and (_document_month(document) or 12) < last:
        year -= 1  # 1至11月 in a January article: last year's
    return _months(year, first, last)


# ------------------------------------------------------------------------------------------------- the corpus


class DateCount:
    """Documents by the route their date came from (and those with none), counted as the build reads them once
    for merging; and each document's date, for first and last seen."""

    def __init__(self) -> None:
        self.routes: Counter[str] = Counter()
        self.undated: list[str] = []

    def counting(self, extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        for ex in extractions:
            self.count(ex.document.name, ex.document.date, ex.document.date_route)
            yield ex

    def count(self, name: str, date: str, route: str) -> None:
        if date:
            self.routes[route] += 1
        else:
            self.undated.append(name)

    def summary(self) -> str:
        """The build summary's line: how many documents have a date, by route, and which have none."""
        dated = sum(self.routes.values())
        routes = ", ".join(f"{route} {self.routes[route]}" for route in ROUTES if self.routes[route])
        line = f"dated:     {dated} of {dated + len(self.undated)} documents" + (f" ({routes})" if routes else "")
        if self.undated:
            shown = ", ".join(self.undated[:10]) + (", …" if len(self.undated) > 10 else "")
            line += f"; undated {len(self.undated)}: {shown}"
        return line


# ------------------------------------------------------------------------------------------- first and last seen

# Dates compare as their ISO text ('2024' < '2024-03-01' < '2025'), which every SPARQL engine orders alike; the
# aggregate is typed again by its length. Run on the finished graph (the store, or an rdflib graph): each entity
# and each assertion of an edge gets the earliest and latest date of the documents that state it.
_TYPED = "STRDT({v}, IF(STRLEN({v}) = 4, xsd:gYear, xsd:date))"
SEEN_UPDATE = sparql_prologue("kg", "prov", "rdf", "xsd", "dcterms") + f"""\
INSERT {{ ?e kg:firstSeen ?first ; kg:lastSeen ?last }}
WHERE {{
  {{ SELECT ?e (MIN(STR(?d)) AS ?f) (MAX(STR(?d)) AS ?l)
     WHERE {{ ?e prov:wasDerivedFrom ?doc . ?doc a kg:Document ; dcterms:issued ?d }} GROUP BY ?e }}
  BIND({_TYPED.format(v="?f")} AS ?first)
  BIND({_TYPED.format(v="?l")} AS ?last)
}};
INSERT {{ ?a kg:firstSeen ?first ; kg:lastSeen ?last }}
WHERE {{
  {{ SELECT ?h ?p ?t (MIN(STR(?d)) AS ?f) (MAX(STR(?d)) AS ?l)
     WHERE {{ ?x a kg:RelationAssertion ; rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t ;
                 prov:wasDerivedFrom/kg:inDocument/dcterms:issued ?d }} GROUP BY ?h ?p ?t }}
  ?a a kg:RelationAssertion ; rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t .
  BIND({_TYPED.format(v="?f")} AS ?first)
  BIND({_TYPED.format(v="?l")} AS ?last)
}}
"""


def add_first_last_seen(store_dir: Path) -> int:
    """Add kg:firstSeen and kg:lastSeen to the entities and relation assertions of the store at `store_dir`;
    returns how many triples that added."""
    import pyoxigraph as ox

    store: ox.Store | None = ox.Store(str(store_dir))
    try:
        # Both insertions need some dcterms:issued: without one (no document dated) they add nothing, and the
        # update would still join every relation assertion with its sentences (10 s for 2,000 documents).
        if next(store.quads_for_pattern(None, ox.NamedNode(DCTERMS + "issued"), None, None), None) is None:
            return 0
        before = len(store)
        store.update(SEEN_UPDATE)
        store.flush()
        return len(store) - before
    finally:
        store = None  # close RocksDB's files before the folder is read elsewhere or moved
