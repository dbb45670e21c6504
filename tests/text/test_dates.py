"""When: document dates by each route, periods as intervals, first and last seen, and what changed between builds.

The corpus tests run the real `kg build` and `kg diff` commands on small articles written for these tests, and read
the real Oxigraph store they leave; the SHACL check runs pyshacl on the graph.ttl a build wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import built, kg, summary
from hypothesis import given, settings
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import Graph, Literal, URIRef

from kg.store.store import open_store, run_query
from kg.text import dates
from kg.text.documents import make_document

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "ontology" / "shapes.ttl"
KG = "https://w3id.org/kg-industry/ontology#"


# Prose lines as long as an article's: beside them the title and date lines are short lines of their own (the
# documents stage joins a line to the next one when it is about as long as the document's typical line).
BODY = "\n青禾高新区坚持以项目建设为抓手，围绕主导产业延链补链强链，推动园区经济持续健康发展，各项工作取得进展。" * 3


def dated(text: str, name: str = "a.txt") -> tuple[str, str]:
    """The date and route the documents stage gives a text (followed by a few lines of prose)."""
    doc = make_document(name, name, (text + BODY).encode("utf-8"))
    return doc.date, doc.date_route


# --------------------------------------------------------------------------------------------- document dates


@pytest.mark.parametrize(("text", "expected"), [
    ("date: 2025-03-27\n青禾高新区召开大会。", ("2025-03-27", "front-matter")),
    ("---\ntitle: 会议\nDate: 2024/7/1\n---\n青禾高新区召开大会。", ("2024-07-01", "front-matter")),
    ("date: 2023\n青禾高新区召开大会。", ("2023", "front-matter")),
    ("青禾高新区召开大会\n发布时间：2022-09-28 21:50 来源：青禾融媒\n正文。", ("2022-09-28", "published-line")),
    ("青禾高新区召开大会\n来源：青禾日报  日期:2025年03月27日\n正文。", ("2025-03-27", "published-line")),
    ("青禾高新区召开大会\n2024年08月27日 08:39 青禾日报\n正文。", ("2024-08-27", "header-date")),
    ("青禾高新区召开大会\n青禾日报 2018-12-07 07:37\n正文。", ("2018-12-07", "header-date")),
    # A dateline takes its year from the article: the latest year it speaks of, targets left out.
    ("10月18日，青禾高新区召开大会。2024年前三季度，工业营收增长9%。到2030年，营收翻番。",
     ("2024-10-18", "dateline")),
    ("青禾4月12日讯（记者 王某）2023年，青禾高新区工业营收增长。", ("2023-04-12", "dateline")),
    ("本报讯  3月5日，青禾高新区召开大会，回顾2022年的工作。", ("2022-03-05", "dateline")),
    ("一段长的开头，说明青禾高新区在新的一年里的工作重点和各项安排，内容比一行字幕要长得多。2023年6月6日，青禾高新区召开大会。",
     ("2023-06-06", "text-date")),
    ("2025 年青禾区政府工作报告\n各位代表：\n现在，我代表区人民政府作报告。", ("2025", "report-title")),
    # Full-width digits are read as digits.
    ("青禾高新区召开大会\n发布时间：２０２４年３月５日\n正文。", ("2024-03-05", "published-line")),
])
def test_each_route_dates_a_document(text: str, expected: tuple[str, str]) -> None:
    assert dated(text) == expected


@pytest.mark.parametrize("text", [
    "青禾高新区召开大会。园区企业增长较快。",  # no date at all
    "12月27日，青禾发布规划。到2025年，产业规模力争翻番。",  # a dateline whose article names only a target year
    "青禾高新区召开大会\n发布时间：2023年2月30日\n正文。",  # no such day
    "2024年青禾高新区十大新闻\n正文。",  # a year in a title that is not a report's
])
def test_a_document_without_a_date_stays_undated(text: str) -> None:
    assert dated(text) == ("", "")


def test_the_first_route_wins() -> None:
    text = "date: 2021-01-02\n发布时间：2022-09-28\n10月18日，2024年。"
    assert dated(text) == ("2021-01-02", "front-matter")
    assert dated("发布时间：2022-09-28\n2024年08月27日 08:39\n正文。") == ("2022-09-28", "published-line")


@pytest.mark.parametrize(("name", "expected"), [
    ("2025-03-27-青禾.txt", "2025-03-27"), ("2025_03_27.txt", "2025-03-27"), ("20250327-news.md", "2025-03-27"),
    ("2025-13-01.txt", None), ("report-2025-03-27.txt", None), ("202503271.txt", None),
])
def test_dates_in_file_names(name: str, expected: str | None) -> None:
    assert dates.name_date(name) == expected


# ------------------------------------------------------------------------------------------------------ periods


@pytest.mark.parametrize(("period", "document", "interval"), [
    ("2024年", "", ("2024", "2024")),
    ("2024年度", "2025-03-01", ("2024", "2024")),
    ("2024年全年", "", ("2024", "2024")),
    ("2024年上半年", "", ("2024-01-01", "2024-06-30")),
    ("2025年前三季度", "", ("2025-01-01", "2025-09-30")),
    ("“十四五”期间", "", ("2021", "2025")),
    ("十三五", "", ("2016", "2020")),
    ("截至2024年6月底", "", (None, "2024-06-30")),
    # Relative to the document's date.
    ("今年", "2024-10-18", ("2024", "2024")),
    ("去年", "2024-10-18", ("2023", "2023")),
    ("今年1至9月", "2024-10-18", ("2024-01-01", "2024-09-30")),
    ("今年1-10月", "2024", ("2024-01-01", "2024-10-31")),
    ("上半年", "2024-08-27", ("2024-01-01", "2024-06-30")),
    ("下半年", "2024-12-30", ("2024-07-01", "2024-12-31")),
    ("一季度", "2024-04-20", ("2024-01-01", "2024-03-31")),
    ("第二季度", "2024-07-20", ("2024-04-01", "2024-06-30")),
    ("前三季度", "2024-10-18", ("2024-01-01", "2024-09-30")),
    ("前5个月", "2024-06-18", ("2024-01-01", "2024-05-31")),
    ("去年11月", "2024-01-10", ("2023-11-01", "2023-11-30")),
    ("截至6月底", "2024-07-10", (None, "2024-06-30")),
    ("截至目前", "2024-10-18", (None, "2024-10-18")),
    ("截至目前", "2025", (None, "2025")),
    # A period without a year that ends after the document's month is last year's.
    ("1至11月", "2025-01-20", ("2024-01-01", "2024-11-30")),
    ("上半年", "2025-02-01", ("2024-01-01", "2024-06-30")),
])
def test_periods_become_intervals(period: str, document: str, interval: tuple[str | None, str]) -> None:
    assert dates.period_interval(period, document) == interval


@pytest.mark.parametrize("period", ["今年", "去年", "今年1至9月", "上半年", "一季度", "前三季度", "截至目前",
                                    "截至6月底"])
def test_a_relative_period_in_an_undated_document_stays_as_written(period: str) -> None:
    assert dates.period_interval(period, "") is None


@pytest.mark.parametrize("period", ["", "累计", "每年", "达产后", "连续两年", "近3年", "全年", "13至14月"])
def test_periods_that_name_no_interval(period: str) -> None:
    assert dates.period_interval(period, "2024-10-18") is None


# The pieces periods and date lines are made of, in any order: no text makes the date stages fail, and no interval
# ends before it starts.
PIECES = st.sampled_from([*"0123456789一二三四五六七八九十两", *"年月日季度上下半前个至到截目今去全",
                          *"“”期间底末份讯电：，。-/.: \n",
                          "date: ", "发布时间：", "工作报告", "---\n", "本报讯", "十四五"])


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(["", "2024", "2024-10-18", "2025-01-20"]))
def test_any_text_gives_a_date_or_none_and_any_period_an_ordered_interval_or_none(text: str, document: str) -> None:
    found = dates.text_date(text)
    assert found is None or (found.route in dates.ROUTES and found.value[:2] in ("19", "20"))
    interval = dates.period_interval(text, document)
    if interval is not None:
        start, end = interval
        assert end is not None and (start is None or start <= end)


@pytest.mark.parametrize(("period", "interval"), [("“十三五”时期", ("2016", "2020")), ("九五", ("1996", "2000")),
                                                  ("前十二个月", ("2023-01-01", "2023-12-31"))])
def test_plans_and_months_in_chinese_numerals(period: str, interval: tuple[str, str]) -> None:
    assert dates.period_interval(period, "2024-10-18") == interval


# ------------------------------------------------------------------------------------------- a corpus over time

# Three articles about one park, written for these tests: a figure of 2022 stated in A and revised in C, a chain
# leader stated in A and B, a co-built institute only in B.
ARTICLE_A = """青禾高新区工业营收再创新高
发布时间：2023-05-10 09:00
2022年，青禾高新区实现工业营收500亿元，同比增长12%。
今年1至4月，青禾高新区工业营收180亿元。
江西青禾锂电科技有限公司是青禾高新区锂电产业链链主企业。
"""
ARTICLE_B = """青禾高新区前三季度成绩单
10月18日，青禾高新区召开经济运行分析会。
2024年前三季度，青禾高新区实现工业营收460亿元。
今年1至9月，青禾高新区工业营收同比增长9%。
江西青禾锂电科技有限公司是青禾高新区锂电产业链链主企业，与南昌大学共建锂电研究院。
"""
ARTICLE_C = """青禾高新区数据修订
日期：2025年01月15日
2022年，青禾高新区实现工业营收520亿元。
截至目前，青禾高新区共有高新技术企业300家。
"""
# No date anywhere: its relative period stays as written.
ARTICLE_UNDATED = """青禾高新区简介
今年1至9月，青禾高新区工业营收300亿元。
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rows(out: Path, query: str) -> list[tuple[str, ...]]:
    result = run_query(open_store(out / "store"), query)
    return sorted(tuple(term.value if term is not None else "" for term in row) for row in result.rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Build 1: A, B and the undated article; build 2 into the same folder: B, C and the undated article (A removed,
    C added); and a copy of build 1 kept for `kg diff`."""
    root = tmp_path_factory.mktemp("dates")
    out = root / "out"
    first = built(write(root / "in1", {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B, "u.txt": ARTICLE_UNDATED}),
                  "--out", out, cwd=root)
    shutil.copytree(out, root / "out-first", ignore=shutil.ignore_patterns("cache"))
    second = built(write(root / "in2", {"b.txt": ARTICLE_B, "c.txt": ARTICLE_C, "u.txt": ARTICLE_UNDATED}),
                   "--out", out, cwd=root)
    return {"root": root, "out": out, "first": first, "second": second, "first_out": root / "out-first"}


@pytest.mark.slow
def test_documents_carry_their_date_and_route(corpus: dict) -> None:
    assert rows(corpus["first_out"], """SELECT ?file ?issued ?route WHERE {
        ?d kg:fileName ?file . OPTIONAL { ?d dcterms:issued ?issued ; kg:dateRoute ?route } }""") == [
        ("a.txt", "2023-05-10", "published-line"), ("b.txt", "2024-10-18", "dateline"), ("u.txt", "", "")]
    assert summary(corpus["first"], "dated") == "2 of 3 documents (published-line 1, dateline 1); undated 1: u.txt"
    issued = run_query(open_store(corpus["out"] / "store"), "SELECT ?i WHERE { ?d dcterms:issued ?i }").rows
    assert {term[0].datatype.value for term in issued} == {"http://www.w3.org/2001/XMLSchema#date"}


def test_facts_get_their_interval_from_the_document_date(corpus: dict) -> None:
    facts = rows(corpus["out"], """SELECT ?file ?period ?value ?start ?end WHERE {
        ?f a kg:Fact ; kg:period ?period ; kg:value ?value ; prov:wasDerivedFrom/kg:inDocument/kg:fileName ?file .
        OPTIONAL { ?f kg:periodStart ?start } OPTIONAL { ?f kg:periodEnd ?end } }""")
    assert ("b.txt", "2024年前三季度", "460", "2024-01-01", "2024-09-30") in facts
    assert ("b.txt", "今年1至9月", "9", "2024-01-01", "2024-09-30") in facts
    assert ("c.txt", "2022年", "520", "2022", "2022") in facts
    assert ("c.txt", "截至目前", "300", "", "2025-01-15") in facts
    assert ("u.txt", "今年1至9月", "300", "", "") in facts  # undated: the period stays as written only


def test_first_and_last_seen_span_the_documents(corpus: dict) -> None:
    first = corpus["first_out"]
    assert rows(first, """SELECT ?label ?first ?last WHERE { ?e rdfs:label ?label ; kg:firstSeen ?first ;
        kg:lastSeen ?last FILTER(?label IN ("江西青禾锂电科技有限公司"@zh, "南昌大学"@zh)) }""") == [
        ("南昌大学", "2024-10-18", "2024-10-18"), ("江西青禾锂电科技有限公司", "2023-05-10", "2024-10-18")]
    # Every assertion of an edge carries the span of the dates of all the edge's documents, worked out here again.
    spans = edge_spans(first)
    assert ("2023-05-10", "2024-10-18") in spans.values()  # the firm's edges to the park, stated in A and in B
    # After A is removed, no edge is seen before B.
    assert spans.keys() >= edge_spans(corpus["out"]).keys()
    assert {span[0] for span in edge_spans(corpus["out"]).values()} == {"2024-10-18"}


def edge_spans(out: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Each edge's (first, last) seen, checked to be the earliest and latest date of the documents of its
    assertions, and the same on every assertion of the edge."""
    found = rows(out, """SELECT ?a ?h ?p ?t ?issued ?first ?last WHERE {
        ?a a kg:RelationAssertion ; rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t ;
           prov:wasDerivedFrom/kg:inDocument ?d .
        OPTIONAL { ?d dcterms:issued ?issued } OPTIONAL { ?a kg:firstSeen ?first ; kg:lastSeen ?last } }""")
    issued: dict[tuple[str, str, str], set[str]] = {}
    for _, h, p, t, when, _, _ in found:
        issued.setdefault((h, p, t), set()).update([when] if when else [])
    spans = {}
    for _, h, p, t, _, first, last in found:
        expected = (min(issued[(h, p, t)]), max(issued[(h, p, t)])) if issued[(h, p, t)] else ("", "")
        assert (first, last) == expected, (h, p, t)
        if first:
            spans[(h, p, t)] = expected
    return spans


def test_the_rebuild_reports_what_changed(corpus: dict) -> None:
    changes = json.loads((corpus["out"] / "changes.json").read_text(encoding="utf-8"))
    assert changes["previous"] is True
    assert [d["file"] for d in changes["documents"]["added"]] == ["c.txt"]
    assert [d["file"] for d in changes["documents"]["removed"]] == ["a.txt"]
    # The 2022 figure stated as 500 in A and as 520 in C changed; A's 今年1至4月 figure went with A.
    changed = [(f["subject"], f["metric"], f["interval"], f["old"], f["new"]) for f in changes["figures"]["changed"]]
    assert changed == [("青禾高新区", "工业营收", "2022/2022", ["500 亿元"], ["520 亿元"])]
    removed = {(f["metric"], f["period"]) for f in changes["figures"]["removed"]}
    assert ("工业营收", "今年1至4月") in removed
    added = {(f["metric"], f["period"]) for f in changes["figures"]["added"]}
    assert ("有高新技术企业", "截至目前") in added
    assert {e["label"] for e in changes["entities"]["added"]} == {"高新技术企业"}
    assert changes["entities"]["removed"] == []
    assert changes["relations"]["removed"] == [] and changes["relations"]["added"] == []
    counts = changes["counts"]
    assert summary(corpus["second"], "changes") == (
        f"documents +1 -1, entities +1 -0, relations +0 -0, figures +{counts['figures']['added']} "
        f"-{counts['figures']['removed']} ~1 ({corpus['out']}/changes.json)")
    first = json.loads((corpus["first_out"] / "changes.json").read_text(encoding="utf-8"))
    assert first["previous"] is False and len(first["documents"]["added"]) == 3
    assert summary(corpus["first"], "changes").startswith("first build here")


def test_kg_diff_gives_the_same_changes_as_the_build(corpus: dict) -> None:
    as_json = kg("diff", corpus["first_out"], corpus["out"], "--format", "json", cwd=corpus["root"])
    assert as_json.returncode == 0, as_json.stderr
    assert as_json.stdout == (corpus["out"] / "changes.json").read_text(encoding="utf-8")
    table = kg("diff", corpus["first_out"], corpus["out"], cwd=corpus["root"])
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0] == "documents +1 -1, entities +1 -0, relations +0 -0, " + \
        summary(corpus["second"], "changes").split("relations +0 -0, ")[1].rsplit(" (", 1)[0]
    assert "| ~      | figure   | 青禾高新区 工业营收 2022年" in table.stdout and "500 亿元 -> 520 亿元" in table.stdout
    backwards = json.loads(kg("diff", corpus["out"], corpus["first_out"], "-f", "json", cwd=corpus["root"]).stdout)
    assert [d["file"] for d in backwards["documents"]["added"]] == ["a.txt"]


def test_kg_diff_names_a_folder_without_a_build(corpus: dict, tmp_path: Path) -> None:
    proc = kg("diff", tmp_path, corpus["out"], cwd=corpus["root"])
    assert proc.returncode == 2
    assert str(tmp_path) in proc.stderr and proc.stdout == ""


def test_a_build_of_the_same_input_changes_nothing_and_is_byte_identical(corpus: dict) -> None:
    root, out = corpus["root"], corpus["out"]
    before = (out / "graph.ttl").read_bytes()
    again = built(root / "in2", "--out", out, "--no-cache", cwd=root)
    assert (out / "graph.ttl").read_bytes() == before
    assert summary(again, "changes").startswith("documents +0 -0, entities +0 -0, relations +0 -0, figures +0 -0 ~0")
    twice = (out / "changes.json").read_bytes()
    built(root / "in2", "--out", out, cwd=root)
    assert (out / "changes.json").read_bytes() == twice


def test_the_dated_graph_conforms_to_the_shapes_and_broken_dates_do_not(corpus: dict) -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    g = Graph().parse(corpus["first_out"] / "graph.ttl", format="turtle")
    conforms, _, text = validate(g, shacl_graph=shapes, inference="none")
    assert conforms, text
    route = URIRef(KG + "dateRoute")
    document = next(g.subjects(route, None))
    g.remove((document, route, None))  # a date that does not say how it was found
    assert not validate(g, shacl_graph=shapes, inference="none")[0]
    g.add((document, route, Literal("dateline")))
    fact = next(g.subjects(URIRef(KG + "periodStart"), None))
    g.set((fact, URIRef(KG + "periodStart"), Literal("2030", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    g.set((fact, URIRef(KG + "periodEnd"), Literal("2029", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    assert not validate(g, shacl_graph=shapes, inference="none")[0]  # a period that ends before it starts
    g.remove((fact, URIRef(KG + "periodStart"), None))
    assert validate(g, shacl_graph=shapes, inference="none")[0]
    seen = next(g.subjects(URIRef(KG + "firstSeen"), None))
    g.set((seen, URIRef(KG + "lastSeen"), Literal("2001", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    assert not validate(g, shacl_graph=shapes, inference="none")[0]  # last seen before first seen


@pytest.mark.slow
def test_dates_from_file_names(tmp_path: Path) -> None:
    folder = write(tmp_path / "in", {"2024-10-18-青禾.txt": ARTICLE_UNDATED, "2023-01-02-a.txt": ARTICLE_C.replace(
        "日期：2025年01月15日", "date: 2025-01-15", 1).replace("青禾高新区数据修订\n", "", 1), "plain.txt": ARTICLE_A})
    proc = built(folder, "--out", tmp_path / "out", "--date-from-name", cwd=tmp_path)
    assert rows(tmp_path / "out", "SELECT ?file ?issued ?route WHERE { ?d kg:fileName ?file ; dcterms:issued ?issued ;"
                " kg:dateRoute ?route }") == [
        ("2023-01-02-a.txt", "2025-01-15", "front-matter"),  # the document's own front matter wins
        ("2024-10-18-青禾.txt", "2024-10-18", "file-name"),
        ("plain.txt", "2023-05-10", "published-line")]  # no date in its name: its text's
    assert summary(proc, "dated") == "3 of 3 documents (front-matter 1, file-name 1, published-line 1)"
    # The name's date makes the undated article's relative period an interval.
    assert ("今年1至9月", "2024-01-01", "2024-09-30") in rows(tmp_path / "out", """SELECT ?p ?s ?e WHERE {
        ?f kg:period ?p ; kg:periodStart ?s ; kg:periodEnd ?e }""")
    extracted = tmp_path / "x.jsonl"
    proc = kg("extract", folder, "--output", extracted, "--date-from-name", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "dated:     3 of 3 documents (front-matter 1, file-name 1, published-line 1)" in proc.stderr.splitlines()
    lines = [json.loads(line) for line in extracted.read_text(encoding="utf-8").splitlines()]
    assert [(line["doc"], line["date"], line["date_route"]) for line in lines] == [
        ("2023-01-02-a.txt", "2025-01-15", "front-matter"), ("2024-10-18-青禾.txt", "2024-10-18", "file-name"),
        ("plain.txt", "2023-05-10", "published-line")]


def test_a_long_file_s_parts_share_its_date(tmp_path: Path) -> None:
    from kg.text.documents import iter_documents

    body = "青禾高新区召开大会，园区企业增长较快。\n" * 400
    path = tmp_path / "long.txt"
    path.write_text("青禾高新区年度回顾\n发布时间：2024-12-30\n" + body, encoding="utf-8")
    parts = list(iter_documents(path, max_chars=4000))
    assert len(parts) > 2
    assert {(p.date, p.date_route) for p in parts} == {("2024-12-30", "published-line")}


def test_changes_json_is_one_of_kg_s_own_outputs(corpus: dict, tmp_path: Path) -> None:
    """An output folder of an older kg (no marker) holding changes.json is still taken over; a foreign file under
    that name is refused."""
    from kg.building import outfolder

    folder = tmp_path / "old"
    shutil.copytree(corpus["first_out"], folder, ignore=shutil.ignore_patterns(outfolder.MARKER, "cache"))
    outfolder.claim(folder)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "changes.json").write_text('{"mine": 1}\n', encoding="utf-8")
    with pytest.raises(outfolder.NotOurFolderError, match="changes.json is not written by kg"):
        outfolder.claim(foreign)



def test_the_saved_query_gives_a_park_s_figures_by_period(corpus: dict) -> None:
    text = (ROOT / "ontology" / "queries" / "figures-by-period.rq").read_text(encoding="utf-8")
    assert '"抚州高新区"@zh' in text
    result = run_query(open_store(corpus["first_out"] / "store"), text.replace('"抚州高新区"@zh', '"青禾高新区"@zh'))
    names = result.variables
    series = [tuple("" if row[names.index(v)] is None else row[names.index(v)].value
                    for v in ("start", "end", "period", "value", "issued"))
              for row in result.rows if row[names.index("metric")].value == "工业营收"]
    assert series == [("2022", "2022", "2022年", "500", "2023-05-10"),
                      ("2023-01-01", "2023-04-30", "今年1至4月", "180", "2023-05-10"),
                      ("2024-01-01", "2024-09-30", "2024年前三季度", "460", "2024-10-18")]


def test_the_page_marks_what_is_new_filters_by_date_and_charts_a_series(corpus: dict) -> None:
    """The page of build 1 in headless Chromium: the park's 工业营收 of three periods is drawn as a chart, a date
    range keeps what dated evidence states within it, and what was first seen since a date glows."""
    from helpers import CHROMIUM, wait_until_drawn, watched_page

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    out = corpus["first_out"]
    iri = {label: e for e, label in rows(out, "SELECT ?e ?l WHERE { ?e kg:mentionCount ?n ; rdfs:label ?l }")}
    park, firm, university = iri["青禾高新区"], iri["江西青禾锂电科技有限公司"], iri["南昌大学"]
    with watched_page((out / "graph.html").as_uri(), viewport={"width": 1280, "height": 800}) as watched:
        page = watched.page
        wait_until_drawn(page, 20_000)
        assert page.evaluate("(id) => window.kgNodes.get(id).kgSeen", firm) == ["2023-05-10", "2024-10-18"]

        page.evaluate("(id) => window.kgFocus([id], true)", park)
        page.wait_for_selector("#kg-panel:not([hidden])")
        chart = page.locator('#kg-panel svg.kg-chart[data-metric="工业营收"]')
        assert chart.count() == 1
        assert chart.locator("circle").count() == 3
        periods = chart.locator("text.kg-chart-period").evaluate_all("(els) => els.map((e) => e.textContent)")
        assert periods == ["2022年", "今年1至4月", "2024年前三季度"]
        assert "2023-05-10 – 2024-10-18" in page.inner_text("#kg-panel")
        page.evaluate("window.kgFocus([])")

        def shown(ids: list[str]) -> list[bool]:
            return page.evaluate("(ids) => ids.map((id) => !window.kgNodes.get(id).hidden)", ids)

        # Evidence up to 2023: the firm (first seen 2023-05-10) stays, the university (2024 only) goes.
        page.fill("#kg-date-to", "2023-12")
        page.wait_for_function("() => window.kgState.dateTo === '2023-12'")
        page.wait_for_function("(id) => window.kgNodes.get(id).hidden === true", arg=university)
        assert shown([firm, university]) == [True, False]
        co_built = "window.kgEdges.get({filter: (e) => !e.hidden && e.kgRelation === 'coBuilds'}).length"
        assert page.evaluate(co_built) == 0
        # And from 2025 on: nothing of these was stated then.
        page.fill("#kg-date-from", "2025")
        page.wait_for_function("(id) => window.kgNodes.get(id).hidden === true", arg=firm)
        page.fill("#kg-date-from", "")
        page.fill("#kg-date-to", "20xx")  # not a date: marked, and no filter
        assert page.get_attribute("#kg-date-to", "aria-invalid") == "true"
        page.wait_for_function("(id) => window.kgNodes.get(id).hidden === false", arg=university)
        assert shown([firm, university]) == [True, True]

        # New since 2024-01-01: the university and the co-building edge glow, the firm (seen in 2023) does not.
        page.click("#kg-reset")
        page.wait_for_function("(id) => window.kgNodes.get(id).hidden === false", arg=university)
        page.fill("#kg-new-since", "2024-01-01")
        page.wait_for_function("(id) => window.kgNodes.get(id).kgNew === true", arg=university)
        assert page.evaluate("(id) => window.kgNodes.get(id).kgNew", firm) is False
        seen = page.evaluate("window.kgEdges.get({filter: (e) => !!e.kgSeen}).map((e) => [e.kgNew, e.kgSeen[0]])")
        assert any(novel for novel, _ in seen) and any(not novel for novel, _ in seen)
        assert all(novel == (first >= "2024-01-01") for novel, first in seen)
        assert page.inner_text("#kg-new-count").startswith("新出现：实体 ")
        page.click("#kg-reset")
        page.wait_for_function("(id) => window.kgNodes.get(id).kgNew === false", arg=university)
        assert page.input_value("#kg-new-since") == ""
        assert watched.problems == [] and watched.requests == [(out / "graph.html").as_uri()]


@pytest.mark.slow
def test_parallel_graph_writers_give_the_same_dated_graph(corpus: dict, tmp_path: Path) -> None:
    """--jobs 2 writes the triples in worker processes and adds first/last seen to the store they filled: the same
    graph.ttl, byte for byte, as one job."""
    built(corpus["root"] / "in1", "--out", tmp_path / "out", "--jobs", "2", cwd=tmp_path)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (corpus["first_out"] / "graph.ttl").read_bytes()


def test_a_build_over_a_store_it_cannot_read_still_builds(corpus: dict, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(corpus["first_out"], out)
    for manifest in (out / "store").glob("MANIFEST-*"):
        manifest.write_text("not a manifest\n", encoding="utf-8")
    proc = built(corpus["root"] / "in1", "--out", out, cwd=tmp_path)
    assert summary(proc, "changes").startswith("the graph this build replaces could not be read, everything counted")
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert changes["previous"] is False and "MANIFEST" in changes["unreadable"]
    assert (out / "graph.ttl").read_bytes() == (corpus["first_out"] / "graph.ttl").read_bytes()
    # kg diff, asked about that folder, says so rather than calling everything new.
    broken = tmp_path / "broken"
    shutil.copytree(corpus["first_out"], broken)
    for manifest in (broken / "store").glob("MANIFEST-*"):
        manifest.write_text("not a manifest\n", encoding="utf-8")
    diff = kg("diff", broken, out, cwd=tmp_path)
    assert diff.returncode == 2 and "MANIFEST" in diff.stderr and diff.stdout == ""


def test_the_saved_query_lists_what_is_new_since_a_date(corpus: dict) -> None:
    text = (ROOT / "ontology" / "queries" / "new-since.rq").read_text(encoding="utf-8")
    assert 'VALUES ?since { "2024" }' in text
    found = rows(corpus["first_out"], text)
    assert {row[3] for row in found if row[2] == "entity"} == {"南昌大学", "锂电研究院"}
    assert ("2024-10-18", "2024-10-18", "relation", "南昌大学", "coBuilds", "锂电研究院") in found
    assert {row[0] for row in found} == {"2024-10-18"}  # nothing first stated in 2023
    # A month of the year: compared on the digits both dates have.
    assert rows(corpus["first_out"], text.replace('"2024"', '"2024-11"')) == []
    assert len(rows(corpus["first_out"], text.replace('"2024"', '"2023-05"'))) > len(found)


def test_the_shapes_know_every_date_route() -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    (listed,) = [shapes.value(node, URIRef(sh + "in")) for node in shapes.subjects(URIRef(sh + "path"),
                                                                                    URIRef(KG + "dateRoute"))
                 if shapes.value(node, URIRef(sh + "in")) is not None]
    assert [str(route) for route in shapes.items(listed)] == list(dates.ROUTES)
