"""Property-based tests: arbitrary Unicode, control characters, very long lines, unbalanced quotes and brackets,
hostile markup and fragments that look like names, through every stage from the bytes of a file to the network
page. No stage may raise (but stage 1's InputError for what is not text), every offset must point into its
document, every evidence sentence must be the document's own words, every IRI must survive both RDF parsers,
and names and sentences reach the page only escaped.

The runs are derandomised with no example database, so the suite tries the same inputs every time.
"""

from __future__ import annotations

import codecs
import re

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.building.graph import KG, build_graph
from kg.building.pipeline import extract_document, jsonl_record
from kg.errors import InputError
from kg.extraction.resolve import merge_corpus
from kg.model import Document, Extraction
from kg.text.documents import iter_documents, make_document, read_document
from kg.viz import network_from_store, render_network_html

CJK = re.compile(r"[\u3400-\u9fff]")
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces that provoke the recogniser (name endings, regions, relation and figure cues), the sentence splitter
# (stops, quotes and brackets, opened and never closed), the line rejoiner (line ends of every kind), the page
# (markup and entities), normalisation (full-width and traditional forms) and stage 1's binary check.
FRAGMENTS = [
    "有限公司", "股份有限公司", "集团", "高新区", "经开区", "产业园", "科技园", "管委会", "大学", "研究院", "实验室",
    "合肥", "江西省", "抚州市", "赣锋锂业", "华为", "宁德时代", "新能源", "集成电路", "产业", "国家级", "专精特新",
    "与", "和", "签署", "战略合作协议", "投资", "落户", "位于", "亿元", "万元", "%", "％", "同比增长", "今年前三季度",
    "营收", "1", "12.5", "２０２４", "年", "月", "「", "」", "“", "”", "‘", "’", "《", "》", "（", "）", "【", "】",
    "(", ")", '"', "'", "。", "，", "、", "；", "：", "！", "？", "…", "——", "-", "·", "\n", "\n\n", "\r\n", "\r", " ",
    "\u3000", "\t", "\xa0", "\ufeff", "\u2028", "\x85", "\x0b", "\x1f", "\x7f", "<script>alert(1)</script>",
    "</script>",
    "<img src=x onerror=alert(2)>", "&amp;", "&", "<", ">", '"><b>', "臺灣", "軟體園區", "Ａｃｍｅ", "\U0001f600",
    "\u202e", "\u200b", "e\u0301",
]
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
PIECES = st.one_of(st.sampled_from(FRAGMENTS), ANY_TEXT)
PROSE = st.lists(PIECES, max_size=60).map("".join)
# A line of several thousand characters with no stop in it, or a name ending repeated without a break.
LONG_LINE = st.builds(lambda piece, times: piece * times, st.sampled_from(["合肥高新区", "有限公司与", "“《（", "a"]),
                      st.integers(200, 1500))
TEXTS = st.one_of(PROSE, PROSE, PROSE, st.builds(lambda a, b, c: a + b + c, PROSE, LONG_LINE, PROSE))

HOSTILE_ARTICLE = (
    "<script>alert(1)</script>科技有限公司与合肥高新区签署战略合作协议。\n"
    "“&amp;<img src=x onerror=alert(2)>新材料有限公司”位于合肥高新区，今年前三季度营收12.5亿元，同比增长20%。\n"
)


def _document(text: str, name: str = "fuzz.txt") -> Document | None:
    """Stage 1 on the text as a UTF-8 file; None when stage 1 turns it away (as it must a binary-looking file)."""
    try:
        return make_document(name, name, text.encode("utf-8"))
    except InputError as exc:
        assert name in str(exc)
        return None


def _check_document(doc: Document) -> None:
    assert len(doc.text) == len(doc.original)
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    for start, end in doc.paragraphs:
        assert 0 <= start < end <= len(doc.text)
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert doc.text[s.start : s.end] == s.text
        ps, pe = doc.paragraphs[s.paragraph]
        assert ps <= s.start and s.end <= pe


def _check_extraction(ex: Extraction) -> None:
    doc = ex.document
    sentences = {s.index: s for s in doc.sentences}
    for entity in ex.entities:
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= len(doc.text), m
            assert m.sentence in sentences
            s = sentences[m.sentence]
            assert s.start <= m.start and m.end <= s.end, m
            span = doc.text[m.start : m.end]
            # A title shared by a list ("国家级、省级…集群") names each item in full: the span is its first words.
            assert span == m.text or (m.rule == "designation:shared-title" and m.text.startswith(span)), m
    for item in [*ex.relations, *ex.facts]:
        assert item.sentence in sentences, item
    record = jsonl_record(ex)
    for item in [*record["relations"], *record["facts"]]:
        assert item["evidence"] and item["evidence"] in doc.original


@settings(FUZZ, max_examples=150)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_stage_one_on_arbitrary_bytes(data: bytes, name: str) -> None:
    try:
        doc = make_document(name, name, data)
    except InputError as exc:
        assert name in str(exc)
        return
    _check_document(doc)


@settings(FUZZ, max_examples=120)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le"]),
       st.sampled_from([".txt", ".html"]))
def test_files_in_every_encoding_including_lone_surrogates(tmp_path_factory: pytest.TempPathFactory, text: str,
                                                          encoding: str, suffix: str) -> None:
    """Text is written as the encoding can (a lone surrogate as UTF-8 can only be written with surrogatepass, which
    makes bytes no decoder accepts); reading gives a document or an InputError naming the file, and streaming the
    file in small parts gives the same sentences as reading it whole."""
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    data = text.encode(encoding, errors=errors)
    if encoding == "utf-8-sig":
        data = codecs.BOM_UTF8 + text.encode("utf-8", errors=errors)
    path = tmp_path_factory.mktemp("files") / f"input{suffix}"
    path.write_bytes(data)
    try:
        whole = read_document(path)
    except InputError as exc:
        assert str(path) in str(exc)
        with pytest.raises(InputError):
            list(iter_documents(path, max_chars=40))
        return
    _check_document(whole)
    try:
        parts = list(iter_documents(path, max_chars=40))
    except InputError as exc:  # judged on its first bytes only, a stream may find fault the whole file hides
        assert str(path) in str(exc)
        return
    for part in parts:
        _check_document(part)
        assert len(part.original) <= 40
    if len(parts) == 1:
        assert parts == [whole]
    else:
        assert [p.name for p in parts] == [f"{path.name}#{k}" for k in range(1, len(parts) + 1)]


@settings(FUZZ, max_examples=150)
@given(TEXTS)
@example(HOSTILE_ARTICLE)
@example("“《（合肥高新区" * 400)
def test_extraction_offsets_and_evidence(text: str) -> None:
    doc = _document(text)
    if doc is None:
        return
    _check_document(doc)
    _check_extraction(extract_document(doc))


def _iris(graph: Graph) -> set[str]:
    return {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}


def _triples(graph: Graph) -> set[tuple[object, ...]]:
    """Triples with literals by value: Turtle may write the decimal 20 as 20.0."""

    def term(t: object) -> object:
        if isinstance(t, Literal):
            value = t.toPython() if t.datatype else str(t)
            return ("literal", value, t.datatype, t.language)
        return t

    return {tuple(term(t) for t in triple) for triple in graph}


def _check_graph(graph: Graph) -> pyoxigraph.Store:
    """The graph survives Turtle and N-Triples through rdflib and Oxigraph, every IRI intact."""
    turtle = graph.serialize(format="turtle", encoding="utf-8")
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    expected = _triples(graph)
    assert _triples(Graph().parse(data=turtle, format="turtle")) == expected
    assert _triples(Graph().parse(data=ntriples, format="nt")) == expected
    iris = _iris(graph)
    for iri in iris:
        pyoxigraph.NamedNode(iri)  # raises on an invalid IRI
    stores = []
    for data, fmt in ((turtle, pyoxigraph.RdfFormat.TURTLE), (ntriples, pyoxigraph.RdfFormat.N_TRIPLES)):
        store = pyoxigraph.Store()
        store.load(data, format=fmt)
        assert len(store) == len(graph)
        assert {q.subject.value for q in store if isinstance(q.subject, pyoxigraph.NamedNode)} <= iris
        stores.append(store)
    return stores[0]


def _check_page(store: pyoxigraph.Store, graph: Graph) -> None:
    """Whatever markup a name or sentence holds, the page holds it escaped: never as written."""
    page = render_network_html(network_from_store(store))
    written = {str(o) for o in graph.objects() if isinstance(o, Literal)}
    for value in written:
        # Text with a Chinese character and markup or an ampersand cannot occur in the page's own code.
        if CJK.search(value) and (re.search(r"<[a-zA-Z/!]", value) or "&" in value):
            assert value not in page, value


@pytest.mark.slow
@settings(FUZZ, max_examples=60)
@given(st.lists(TEXTS, min_size=1, max_size=3))
@example([HOSTILE_ARTICLE, "合肥高新区与中国科学技术大学签署合作协议。"])
def test_graph_round_trip_and_page_escaping(texts: list[str]) -> None:
    docs = [doc for i, text in enumerate(texts) if (doc := _document(text, f"doc{i}.txt")) is not None]
    extractions = [extract_document(doc) for doc in docs]
    graph = build_graph(extractions, merge_corpus(extractions), min_confidence=0.0)  # weak edges' sentences too
    for sentence in graph.objects(None, KG.text):  # evidence is some document's own words
        assert any(str(sentence) in ex.document.original for ex in extractions)
    store = _check_graph(graph)
    _check_page(store, graph)


def test_hostile_names_and_sentences_reach_the_page_escaped() -> None:
    """The property above on one article that is sure to carry markup into the graph, so it cannot pass empty."""
    ex = extract_document(make_document("hostile.txt", "hostile.txt", HOSTILE_ARTICLE.encode("utf-8")))
    graph = build_graph([ex], merge_corpus([ex]), min_confidence=0.0)
    quoted = {str(o) for o in graph.objects(None, KG.text)}
    assert any("<script>" in q for q in quoted) and any("<img" in q for q in quoted)
    store = _check_graph(graph)
    page = render_network_html(network_from_store(store))
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    _check_page(store, graph)

