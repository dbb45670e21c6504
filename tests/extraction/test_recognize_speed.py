"""The faster forms of recognition's steps give what the slower, plainer forms give (issue 14: same output).

The names are made up for these tests."""

from __future__ import annotations

import random
import re

from kg.building.pipeline import extract_document
from kg.extraction import recognize
from kg.text.documents import make_document


def _bases_by_one_pattern(text: str, firm_forms: list[str]) -> list[tuple[int, int, int, str]]:
    """What document_pass found before _firm_bases: one pattern of every form, then the tail, per document."""
    pattern = re.compile("(?:" + "|".join(map(re.escape, firm_forms)) + ")" + recognize.FIRM_BASE_TAIL.pattern)
    return [(m.start(), m.end(), m.start("place"), m.group("place")) for m in pattern.finditer(text)]


def test_firm_bases_are_what_one_pattern_of_all_firm_forms_finds() -> None:
    forms = sorted(["星澜铜箔", "星澜", "澜铜箔", "宁德星澜", "蓝湾", "蓝湾新能", "铜箔宁德"], key=len, reverse=True)
    pieces = ["星澜铜箔", "星澜", "澜铜箔", "蓝湾", "蓝湾新能", "宁德", "宜宾", "兰州", "新区", "高新区", "基地",
              "工厂", "分公司", "二期", "，", "的", "铜箔", "宁德基地"]
    draw = random.Random(14)
    texts = ["星澜铜箔宁德基地投产，星澜宜宾工厂开工", "星澜铜箔宁德高新区基地", "蓝湾新能兰州新区分公司",
             "星澜铜箔宁德", "宁德星澜铜箔宜宾基地", "没有名字的句子"]
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randint(1, 14))) for _ in range(3000)]
    found = 0
    for text in texts:
        expected = _bases_by_one_pattern(text, forms)
        got = [(at, tail.end(), tail.start("place"), tail.group("place"))
               for at, tail in recognize._firm_bases(text, forms)]
        assert got == expected, text
        found += len(expected)
    assert found > 500


def test_a_firm_s_short_form_then_a_place_and_a_base_is_a_firm_of_its_own() -> None:
    text = "福建星澜铜箔科技有限公司今年扩产。星澜铜箔宁德基地二期投产，星澜铜箔宜宾工厂也已开工。"
    ex = extract_document(make_document("probe.txt", "probe.txt", text.encode("utf-8")))
    rules = {(e.name, e.type): {m.rule for m in e.mentions} for e in ex.entities}
    assert "document:firm-base" in rules[("星澜铜箔宁德基地", "Company")], rules
    assert "document:firm-base" in rules[("星澜铜箔宜宾工厂", "Company")], rules
    assert ("宁德", "Region") in rules and ("宜宾", "Region") in rules, rules


def test_one_scan_gives_each_list_what_its_own_automaton_gives() -> None:
    # The shared scan of the gazetteer, the endings and the cue words against a Matcher / WordSet per list.
    own = {"gazetteer": recognize.Matcher(recognize.gazetteer().checked),
           "endings": recognize.Matcher({ending: ending for ending in recognize.suffix_table()})}
    word_sets = {"strong policy heads": recognize.STRONG_POLICY_HEADS, "roles": recognize._role_words(),
                 "trade words": recognize._FIRM_TRADE_WORD_SET}
    scan = recognize.sentence_scan()
    pieces = ["江西省", "抚州高新区", "管委会", "有限公司", "科技", "新材料", "董事长", "总经理", "实施方案",
              "若干措施", "星澜", "铜箔", "集团", "研究院", "，", "。", "的", "\ud800", "𠀀", "新能源汽车",
              "产业园", "局", "厅"]
    draw = random.Random(7)
    texts = ["", "星澜铜箔科技有限公司董事长", "抚州高新区管委会印发实施方案"]
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randint(1, 12))) for _ in range(2000)]
    found = 0
    for text in texts:
        for name, matcher in own.items():
            expected = matcher.matches(text)
            assert scan.matches(name, text) == expected, (name, text)
            found += len(expected)
        for name, words in word_sets.items():
            assert words.listed(scan.values(name, text)) == words.present(text), (name, text)
    assert found > 5000
