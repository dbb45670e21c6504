"""Stage 1 on real files: decoding, rejoining broken lines, sentence splitting, offsets and input discovery."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from kg.documents import find_inputs, make_document, read_document
from kg.errors import InputError, KgError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# Every kind of character the seeds hold: CJK (with GBK-only forms), full-width punctuation and quotes,
# ASCII digits and letters, a percent sign, a middle dot and a dash.
TEXT = (
    "绵阳涪江科技城管委会表示：“我们将持续优化营商环境！”今年前三季度，园区实现营收56.7亿元；同比增长12%。\n"
    "\n"
    "园区重点发展电子信息、先进材料等产业，引进AI芯片、5G通信项目——共计18个。\n"
    "龙头企业带动作用明显吗？答案是肯定的。\n"
)

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "gbk": lambda text: text.encode("gbk"),
    "utf-16-le with BOM": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


# ------------------------------------------------------------------------------------------------------- decoding


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_every_encoding_decodes_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(ENCODINGS[encoding](TEXT))
    reference = tmp_path / "reference.txt"
    reference.write_bytes(TEXT.encode("utf-8"))

    doc = read_document(path)
    expected = read_document(reference)
    assert doc.text == expected.text == TEXT  # nothing in TEXT needs normalising or rejoining
    assert "\ufeff" not in doc.text
    assert [s.text for s in doc.sentences] == [s.text for s in expected.sentences]
    assert doc.name == "article.txt"
    assert doc.encoding  # recorded for the graph's kg:encoding


def test_the_bytes_are_hashed_as_read(tmp_path: Path) -> None:
    """The same text in two encodings is two different files: the sha256 is of the bytes, not the text."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(ENCODINGS["utf-8"](TEXT))
    b.write_bytes(ENCODINGS["gb18030"](TEXT))
    assert read_document(a).sha256 != read_document(b).sha256
    assert read_document(a).sha256 == read_document(a).sha256


def _random_binary(seed: int, size: int = 4096) -> bytes:
    rnd = random.Random(seed)
    data = bytearray(rnd.randrange(256) for _ in range(size))
    for i in range(0, size, 37):  # NUL bytes sprinkled through it, as in any executable or image
        data[i] = 0
    return bytes(data)


BINARIES = {
    **{f"random bytes with NULs #{seed}": _random_binary(seed) for seed in range(3)},
    "PNG header": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + _random_binary(7, 512),
    "all NUL bytes": bytes(4096),
    "ASCII records with NULs": b"record\x00\x00\x01\x02header-data\x00" * 64,
}


@pytest.mark.parametrize("data", list(BINARIES.values()), ids=list(BINARIES))
def test_a_binary_file_is_an_input_error_naming_it(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "scan-0042.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert isinstance(info.value, KgError) and info.value.exit_code == 2
    assert str(path) in str(info.value)


def test_an_unreadable_path_is_an_input_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="folder.txt"):
        read_document(folder)


# ------------------------------------------------------------------------------------------ broken lines (PDF)

PARAGRAPH = (
    "近年来，柳江高新区围绕汽车零部件产业持续发力，吸引了一批配套企业落户园区。"
    "园区管委会负责人介绍，今年上半年园区规模以上工业增加值同比增长9.6%，新签约项目二十三个。"
    "下一步，园区将加快建设智能网联汽车测试基地，力争年底前投入使用。"
)
PARAGRAPH_SENTENCES = [
    "近年来，柳江高新区围绕汽车零部件产业持续发力，吸引了一批配套企业落户园区。",
    "园区管委会负责人介绍，今年上半年园区规模以上工业增加值同比增长9.6%，新签约项目二十三个。",
    "下一步，园区将加快建设智能网联汽车测试基地，力争年底前投入使用。",
]


def _hard_wrap(text: str, width: int = 20) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def test_lines_broken_mid_sentence_are_rejoined() -> None:
    wrapped = _hard_wrap(PARAGRAPH)
    assert wrapped.count("\n") >= 5
    # At least one sentence really is cut by a line break, so the test means something.
    line_ends = {i for i, ch in enumerate(wrapped) if ch == "\n"}
    assert any(wrapped[i - 1] not in "。；" for i in line_ends)

    doc = make_document("wrapped.txt", "wrapped.txt", (wrapped + "\n").encode("utf-8"))
    assert [s.text for s in doc.sentences] == PARAGRAPH_SENTENCES
    assert doc.text.strip() == PARAGRAPH
    assert len(doc.paragraphs) == 1
    assert len({s.paragraph for s in doc.sentences}) == 1


def test_rejoining_keeps_separate_paragraphs_apart() -> None:
    second = "此外，园区还将举办新能源汽车产业链对接会，邀请上下游企业参加。"
    text = _hard_wrap(PARAGRAPH) + "\n\n" + _hard_wrap(second) + "\n"
    doc = make_document("two.txt", "two.txt", text.encode("utf-8"))
    assert [s.text for s in doc.sentences] == [*PARAGRAPH_SENTENCES, second]
    assert len(doc.paragraphs) == 2
    assert [s.paragraph for s in doc.sentences] == [0, 0, 0, 1]


def test_short_lines_and_crlf_are_left_as_written() -> None:
    text = "一、总体情况\r\n园区经济稳中有进。\r\n二、主要措施\r\n加快项目建设。\r\n"
    doc = make_document("list.txt", "list.txt", text.encode("utf-8"))
    assert doc.text == text.replace("\r\n", "\n")
    assert [s.text for s in doc.sentences] == ["一、总体情况", "园区经济稳中有进。", "二、主要措施", "加快项目建设。"]


def test_a_heading_before_a_wrapped_paragraph_stays_its_own_paragraph() -> None:
    heading = "柳江高新区加快建设汽车产业集群"
    text = heading + "\n\n" + _hard_wrap(PARAGRAPH) + "\n"
    doc = make_document("headed.txt", "headed.txt", text.encode("utf-8"))
    assert [s.text for s in doc.sentences] == [heading, *PARAGRAPH_SENTENCES]


# --------------------------------------------------------------------------------------------- sentence splits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "园区负责人说：“今年营收将突破百亿元。”这是一个好消息！企业还有哪些诉求？园区将逐一解决；同时加快项目建设。",
            [
                "园区负责人说：“今年营收将突破百亿元。”",
                "这是一个好消息！",
                "企业还有哪些诉求？",
                "园区将逐一解决；",
                "同时加快项目建设。",
            ],
        ),
        (
            "他强调：“要把‘链长制’落到实处。”随后，双方签署了协议。",
            ["他强调：“要把‘链长制’落到实处。”", "随后，双方签署了协议。"],
        ),
        (
            "项目总投资30亿元。（记者 李明 摄）下一步将加快建设！",
            ["项目总投资30亿元。", "（记者 李明 摄）下一步将加快建设！"],
        ),
        (
            "园区提出“三年倍增”目标；“链主”企业带动明显。",
            ["园区提出“三年倍增”目标；", "“链主”企业带动明显。"],
        ),
        (
            "“我们有信心完成全年目标。”企业负责人表示。",
            ["“我们有信心完成全年目标。”", "企业负责人表示。"],
        ),
        ("没有句末标点的标题", ["没有句末标点的标题"]),
    ],
)
def test_sentences_end_at_the_stop_and_keep_their_closing_quotes(text: str, expected: list[str]) -> None:
    doc = make_document("s.txt", "s.txt", text.encode("utf-8"))
    assert [s.text for s in doc.sentences] == expected
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


def test_sentences_do_not_begin_with_a_closing_quote() -> None:
    text = "他说：“项目已经投产。”“我们还要扩产。”园区表示支持。"
    doc = make_document("q.txt", "q.txt", text.encode("utf-8"))
    assert [s.text for s in doc.sentences] == ["他说：“项目已经投产。”", "“我们还要扩产。”", "园区表示支持。"]
    assert not any(s.text[0] in "”’」』）)】》" for s in doc.sentences)


# ------------------------------------------------------------------------------------------------ the five seeds


def test_there_are_five_seeds() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name for p in SEED_FILES])
def test_every_sentence_is_its_span_of_the_document(path: Path) -> None:
    doc = read_document(path)
    assert doc.name == path.name and doc.encoding.startswith("utf-8")
    assert len(doc.sentences) > 20
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    previous_end = 0
    for s in doc.sentences:
        assert s.doc == path.name
        assert doc.text[s.start : s.end] == s.text, (s.index, s.text)
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end  # in order, never overlapping
        ps, pe = doc.paragraphs[s.paragraph]
        assert ps <= s.start < s.end <= pe
        previous_end = s.end
    # Together the sentences of a paragraph hold all of it but the white space between them.
    for p, (ps, pe) in enumerate(doc.paragraphs):
        joined = "".join(s.text for s in doc.sentences if s.paragraph == p)
        assert _squeeze(joined) == _squeeze(doc.text[ps:pe]), p


def _squeeze(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------------------------------- find_inputs


def test_find_inputs_expands_folders_sorted(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "b-sub").mkdir(parents=True)
    for rel in ("c.txt", "a.md", "b-sub/b.txt", "B.TEXT", "notes.csv", "image.png"):
        (corpus / rel).write_text("园区。", encoding="utf-8")
    single = tmp_path / "z-single.txt"
    single.write_text("园区。", encoding="utf-8")

    found = find_inputs([single, corpus])
    assert found[0] == single  # inputs keep their order; a folder's files come sorted
    assert found[1:] == sorted(found[1:])
    assert {p.relative_to(corpus).as_posix() for p in found[1:]} == {"c.txt", "a.md", "b-sub/b.txt", "B.TEXT"}
    assert find_inputs([corpus]) == find_inputs([corpus])


def test_find_inputs_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    assert find_inputs([tmp_path]) == []


def test_find_inputs_rejects_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(InputError) as info:
        find_inputs([missing])
    assert str(missing) in str(info.value)


def test_find_inputs_rejects_two_files_with_the_same_name(tmp_path: Path) -> None:
    for folder in ("2024", "2025"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text("园区。", encoding="utf-8")
    with pytest.raises(InputError) as info:
        find_inputs([tmp_path / "2024", tmp_path / "2025"])
    assert "report.txt" in str(info.value)
    with pytest.raises(InputError):
        find_inputs([tmp_path])  # the same clash found inside one folder tree
    with pytest.raises(InputError):
        find_inputs([tmp_path / "2024" / "report.txt", tmp_path / "2025" / "report.txt"])


def test_find_inputs_reads_a_file_given_twice_once(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("园区。", encoding="utf-8")
    for sources in ([article, article], [article, tmp_path]):
        try:
            found = find_inputs(sources)
        except InputError:
            continue  # refusing is as good as reading it once
        assert found == [article], sources
