"""Stage 1 on real files: decoding, rejoining broken lines, sentence splitting, offsets and input discovery."""

from __future__ import annotations

import codecs
import hashlib
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kg.building.graph import KG, build_graph
from kg.building.pipeline import extract_document, jsonl_record
from kg.errors import InputError, KgError
from kg.extraction.resolve import merge_corpus
from kg.text.documents import (
    find_inputs,
    iter_documents,
    make_document,
    matching_text,
    read_document,
    traditional_to_simplified,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
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


def test_a_long_subtitle_opened_by_a_dash_is_not_joined_to_the_byline_after_it() -> None:
    subtitle = "——访江西赣南稀土永磁科技股份有限公司董事长刘振华、赣州稀土新材料产业园管委会主任巴特尔"
    text = f"【对话链主】链条要长在家门口\n{subtitle}\n江西日报记者 王明 李华\n\n记者：巴主任，园区为何主攻永磁？\n"
    doc = make_document("talk.txt", "talk.txt", text.encode("utf-8"))
    assert subtitle in [s.text for s in doc.sentences]


def test_rejoining_keeps_separate_paragraphs_apart() -> None:
    second = "此外，园区还将举办新能源汽车产业链对接会，邀请上下游企业参加。"
    text = _hard_wrap(PARAGRAPH) + "\n\n" + _hard_wrap(second) + "\n"
    doc = make_document("two.txt", "two.txt", text.encode("utf-8"))
    assert [s.text for s in doc.sentences] == [*PARAGRAPH_SENTENCES, second]
    assert len(doc.paragraphs) == 2
    assert [s.paragraph for s in doc.sentences] == [0, 0, 0, 1]


def test_a_numbered_caption_laid_out_as_a_narrow_column_is_one_sentence_again() -> None:
    column = "①在湘潭市启衡精密\n\n机械有限公司装配车间，工人\n\n正在调试设备。\n\n②在园区展厅，参观者了解产品。\n\n"
    headings = "一、园区概况\n\n二、主要做法\n\n"
    doc = make_document("caption.txt", "caption.txt", (headings + column).encode("utf-8"))
    texts = [s.text for s in doc.sentences]
    assert "①在湘潭市启衡精密机械有限公司装配车间，工人正在调试设备。" in texts
    assert "②在园区展厅，参观者了解产品。" in texts
    assert "一、园区概况" in texts and "二、主要做法" in texts  # headings are not captions


def test_short_lines_and_crlf_are_left_as_written() -> None:
    text = "一、总体情况\r\n园区经济稳中有进。\r\n二、主要措施\r\n加快项目建设。\r\n"
    doc = make_document("list.txt", "list.txt", text.encode("utf-8"))
    assert doc.text == text.replace("\r\n", "\n")
    assert [s.text for s in doc.sentences] == ["一、总体情况", "园区经济稳中有进。", "二、主要措施", "加快项目建设。"]


LONG_PARAGRAPHS = [
    "2025年，开发区坚持以新能源装备为主导产业，全年实现工业总产值412.6亿元，同比增长13.8%；固定资产投资增长"
    "18.2%，新签约亿元以上项目31个，协议投资额265亿元，其中20亿元以上项目5个，主要指标增速位居全市前列。",
    "下一步，开发区将聚焦整机、关键部件和运维服务三大环节，实施强链补链专项行动，力争到2027年新能源装备产业"
    "规模突破600亿元，培育百亿级企业3家、十亿级企业12家，建成国内有影响力的新能源装备产业基地。",
]


def test_a_wrapped_block_between_long_one_line_paragraphs_is_rejoined() -> None:
    """A document whose other paragraphs are single long lines: the wrapped block is found by its own width.

    Half-width digits make the cut lines differ in characters while they fill the same columns."""
    block = (
        "江苏启衡风电装备股份有限公司作为开发区风电装备产业链链主企业，2025年营收达到128.5亿元，同比增长"
        "19.3%。其投资建设的海上风电大兆瓦机组项目总投资56亿元，一期已于8月投产，达产后预计新增年产值90亿元。"
    )
    cut, lines, start = 60, [], 0
    while start < len(block):  # cut where the columns are full, as a fixed-width layout does
        end, width = start, 0
        while end < len(block) and width + (1 if block[end].isascii() else 2) <= cut:
            width += 1 if block[end].isascii() else 2
            end += 1
        lines.append(block[start:end])
        start = end
    assert len(lines) >= 4 and len({len(line) for line in lines[:-1]}) > 1
    assert lines[0][-1] not in "。，；" and lines[1][-1] not in "。，；"  # the cuts fall inside sentences
    text = LONG_PARAGRAPHS[0] + "\n\n一、链主带动\n" + "\n".join(lines) + "\n\n" + LONG_PARAGRAPHS[1] + "\n"
    doc = make_document("wrapped-block.txt", "wrapped-block.txt", text.encode("utf-8"))
    texts = [s.text for s in doc.sentences]
    assert "一、链主带动" in texts
    assert any(t.startswith("江苏启衡风电装备股份有限公司作为") and t.endswith("同比增长19.3%。") for t in texts)
    assert any(t.startswith("其投资建设的海上风电") and t.endswith("新增年产值90亿元。") for t in texts)


def test_a_long_line_cut_inside_a_sentence_is_joined_but_a_byline_is_not() -> None:
    """Among paragraphs of 100 characters and more, a 45-character line that stops at 等 is cut; a labelled byline
    of that length is complete as it stands."""
    byline = "发布时间:2026-03-02 09:30 作者: 记者王晓峰 通讯员李莉 信息来源: 某某经开区融媒体中心"
    cut = "开发区党工委书记在会上表示，下一步园区将以链主企业为龙头，继续补齐上游材料和电池回收等"
    rest = "配套环节，力争到2027年产业规模突破500亿元。"
    text = "\n".join([byline, LONG_PARAGRAPHS[0], cut, rest, LONG_PARAGRAPHS[1]]) + "\n"
    assert len(cut) >= 40 and len(byline) >= 40
    doc = make_document("cut.txt", "cut.txt", text.encode("utf-8"))
    texts = [s.text for s in doc.sentences]
    assert cut + rest in texts
    assert not any(t.startswith(byline) and len(t) > len(byline) for t in texts)


def test_a_run_of_short_captions_of_one_width_is_not_a_wrapped_block() -> None:
    captions = ["开发区全景。受访者供图", "风电机组总装车间。受访者供图", "叶片生产车间。受访者供图"]
    text = "\n".join([*captions, LONG_PARAGRAPHS[0]]) + "\n"
    doc = make_document("captions.txt", "captions.txt", text.encode("utf-8"))
    assert [s.text for s in doc.sentences][:3] == ["开发区全景。", "受访者供图", "风电机组总装车间。"]


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


# ------------------------------------------------------------------------------------------------------------ Big5

# Traditional Chinese as a Taiwanese or Hong Kong site writes it, every character in Big5.
TRADITIONAL = (
    "臺北市政府今日宣布，南港軟體園區將擴建第三期，預計引進半導體、人工智慧與生技醫療等產業。\n"
    "園區管理處表示：「目前已有一百二十家廠商進駐，員工人數超過兩萬人。」\n"
    "今年前三季度，園區實現營收56.7億元，同比增長12%。園區與臺灣大學簽署合作協議。\n"
)
# The same text in simplified characters: what `Document.text` holds for matching.
TRADITIONAL_AS_SIMPLIFIED = (
    "台北市政府今日宣布，南港软体园区将扩建第三期，预计引进半导体、人工智慧与生技医疗等产业。\n"
    "园区管理处表示：「目前已有一百二十家厂商进驻，员工人数超过两万人。」\n"
    "今年前三季度，园区实现营收56.7亿元，同比增长12%。园区与台湾大学签署合作协议。\n"
)


@pytest.mark.parametrize("codec", ["big5", "cp950"])
def test_big5_is_decoded_not_read_as_gb18030(tmp_path: Path, codec: str) -> None:
    data = TRADITIONAL.encode(codec)
    data.decode("gb18030")  # GB18030 takes these bytes without complaint: only the characters tell them apart
    path = tmp_path / "taipei.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding in ("cp950", "big5hkscs")
    assert doc.original == TRADITIONAL
    assert doc.text == TRADITIONAL_AS_SIMPLIFIED


def test_gbk_is_not_read_as_big5(tmp_path: Path) -> None:
    """GB2312 bytes are mostly valid Big5 too; the plausibility score must keep choosing GB18030."""
    simplified = TEXT * 3
    simplified.encode("gbk").decode("big5hkscs")  # the wrong reading exists
    path = tmp_path / "gbk.txt"
    path.write_bytes(simplified.encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030" and doc.text == doc.original == simplified


# German in cp1252 where every accented letter is followed by a letter: GB18030 and Big5-HKSCS both decode it,
# into rare characters and private-use code points; only the plausibility check turns it away.
GERMAN = "Grüße aus München, schöne Größe, Bärenhöhle mit Käse.\n" * 4


@pytest.mark.parametrize(
    "data",
    [GERMAN.encode("cp1252"), b"abc\x80\xff def", bytes(range(0x80, 0x100)) * 4],
    ids=["German cp1252 that decodes as GB18030", "bytes no encoding has", "every high byte"],
)
def test_text_in_none_of_the_encodings_is_an_input_error_naming_it(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value) and "Big5" in str(info.value)


# -------------------------------------------------------------------------------------------------------- web pages

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>合肥高新区 &amp; 集成电路</title>
<style>p { color: red } .x::before { content: "不应出现"; }</style>
<script>var s = "<p>脚本里的字</p>"; if (a < b && c > d) { document.write("脚本"); }</script>
</head>
<body>
<noscript><p>请启用脚本</p></noscript>
<template><p>模板里的字</p></template>
<div class="nav"><a href="/">首页</a></div>
<h1>合肥高新区集成电路产业
  再上新台阶</h1>
<p>今年前三季度，<b>合肥高新区</b>实现营收56.7亿元&nbsp;，同比增长12&#37;。<br>园区表示：&ldquo;将继续加大投入。&rdquo;</p>
<!-- <p>注释里的字</p> -->
<ul><li>项目一</li><li>项目二</li></ul>
<svg><title>图标提示</title></svg>
</body></html>
"""


def test_a_web_page_is_read_as_its_text(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(path)
    lines = [doc.text[s:e] for s, e in doc.paragraphs]
    assert lines == [
        "合肥高新区 & 集成电路",  # the title first, entities unescaped
        "首页",
        "合肥高新区集成电路产业 再上新台阶",  # a line break inside a block is a space, not a new paragraph
        "今年前三季度，合肥高新区实现营收56.7亿元 ，同比增长12%。",  # inline <b> does not break the paragraph
        "园区表示：“将继续加大投入。”",
        "项目一",
        "项目二",
    ]
    for dropped in ("脚本", "color", "不应出现", "请启用脚本", "模板", "注释", "图标提示", "<", "&amp;"):
        assert dropped not in doc.text, dropped
    assert [s.text for s in doc.sentences][3:5] == ["今年前三季度，合肥高新区实现营收56.7亿元 ，同比增长12%。",
                                                     "园区表示：“将继续加大投入。”"]


def test_a_gbk_web_page_with_htm_suffix(tmp_path: Path) -> None:
    path = tmp_path / "old.HTM"
    path.write_bytes('<html><body><p>涪江科技城管委会表示：“我们将持续优化营商环境！”</p></body></html>'.encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert [s.text for s in doc.sentences] == ["涪江科技城管委会表示：“我们将持续优化营商环境！”"]


def test_a_txt_file_holding_markup_is_not_treated_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "snippet.txt"
    path.write_text("<p>园区。</p>\n", encoding="utf-8")
    assert read_document(path).text == "<p>园区。</p>\n"


def test_find_inputs_takes_web_pages(tmp_path: Path) -> None:
    for rel in ("a.html", "b.htm", "c.HTML", "d.txt", "e.xml", "f.php"):
        (tmp_path / rel).write_text("<p>园区。</p>", encoding="utf-8")
    assert [p.name for p in find_inputs([tmp_path])] == ["a.html", "b.htm", "c.HTML", "d.txt"]


# ----------------------------------------------------------------------------------- text for matching, original kept


def test_full_width_letters_digits_and_signs_are_folded_for_matching() -> None:
    written = "合肥高新区今年前三季度实现营收５６．７亿元，同比增长１２％；ＡＩ芯片（ＮＰＵ）项目落地！"
    doc = make_document("fw.txt", "fw.txt", written.encode("utf-8"))
    assert doc.original == written
    # ASCII where it helps matching; the Chinese punctuation sentence splitting and the extractor rely on stays.
    assert doc.text == "合肥高新区今年前三季度实现营收56.7亿元，同比增长12%；AI芯片（NPU）项目落地！"
    assert len(doc.text) == len(doc.original)
    assert [s.text for s in doc.sentences] == [
        "合肥高新区今年前三季度实现营收56.7亿元，同比增长12%；",
        "AI芯片（NPU）项目落地！",
    ]


def test_invisible_characters_never_enter_a_name_and_are_shown_escaped_on_the_page() -> None:
    """A zero-width space or a bidi override inside a name made a look-alike entity (比亚\u200b迪 beside 比亚迪)."""
    from kg.building.pipeline import extract_document
    from kg.viz.page import _evidence_json

    written = "华拓\u200b精工股份有限公司位于云岭\u202e经开区。华拓精工股份有限公司是新能源汽车链主企业。"
    doc = make_document("zw.txt", "zw.txt", written.encode("utf-8"))
    assert doc.original == written and len(doc.text) == len(written)
    assert "\u200b" not in doc.text and "\u202e" not in doc.text
    ex = extract_document(doc)
    names = [e.name for e in ex.entities] + [r.head for r in ex.relations] + [r.tail for r in ex.relations]
    assert names and not any(ch in name for name in names for ch in "\u200b\u202e")
    shown = _evidence_json([(doc.evidence(doc.sentences[0]), "zw.txt")], "evidence")["evidence"][0][0]
    assert shown == "华拓\\u200b精工股份有限公司位于云岭\\u202e经开区。"


def test_full_width_figures_are_read_as_the_ascii_ones() -> None:
    written = "合肥高新区今年前三季度实现营收５６．７亿元，同比增长１２％。"
    ascii_ = "合肥高新区今年前三季度实现营收56.7亿元，同比增长12%。"
    folded = jsonl_record(extract_document(make_document("fw.txt", "fw.txt", written.encode("utf-8"))))
    plain = jsonl_record(extract_document(make_document("fw.txt", "fw.txt", ascii_.encode("utf-8"))))
    assert [(f["metric"], f["value"], f["unit"]) for f in folded["facts"]] == [
        (f["metric"], f["value"], f["unit"]) for f in plain["facts"]
    ]
    assert ("营收", 56.7, "亿元") in [(f["metric"], f["value"], f["unit"]) for f in folded["facts"]]
    assert {f["evidence"] for f in folded["facts"]} == {written}  # evidence is the text as written


def test_a_traditional_document_is_matched_in_simplified_and_quoted_as_written() -> None:
    doc = make_document("taipei.txt", "taipei.txt", TRADITIONAL.encode("utf-8"))
    assert doc.original == TRADITIONAL and doc.text == TRADITIONAL_AS_SIMPLIFIED
    ex = extract_document(doc)
    record = jsonl_record(ex, min_confidence=0.0)  # every relation's sentence, weak or not
    names = {e["name"] for e in record["entities"]}
    assert "台湾大学" in names  # found through the simplified lexicon
    evidence = [r["evidence"] for r in record["relations"]] + [f["evidence"] for f in record["facts"]]
    assert evidence and all(e in TRADITIONAL for e in evidence)
    assert "園區與臺灣大學簽署合作協議。" in evidence

    graph = build_graph([ex], merge_corpus([ex]), min_confidence=0.0)
    quoted = {str(o) for o in graph.objects(None, KG.text)}
    assert quoted and all(q in TRADITIONAL for q in quoted)
    assert "園區與臺灣大學簽署合作協議。" in quoted


def test_simplified_text_with_a_stray_traditional_name_is_left_as_written() -> None:
    """One traditional character in a by-line (a person's name) does not make the article traditional."""
    text = "□邱福林 方宣鸣 容鷖/文\n" + PARAGRAPH + "\n"
    doc = make_document("byline.txt", "byline.txt", text.encode("utf-8"))
    assert doc.text == doc.original == text


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name for p in SEED_FILES])
def test_seed_text_changes_only_in_full_width_signs(path: Path) -> None:
    doc = read_document(path)
    changed = {(a, b) for a, b in zip(doc.original, doc.text, strict=True) if a != b}
    assert changed <= {("－", "-")}


def test_characters_a_table_cannot_convert_alone_are_kept() -> None:
    table = traditional_to_simplified()
    assert table[ord("臺")] == "台" and table[ord("體")] == "体" and table[ord("後")] == "后"
    for kept in "乾於吒畫著":  # also simplified, or converted differently inside some words
        assert ord(kept) not in table, kept
    assert all(len(v) == 1 for v in table.values())
    assert matching_text("哪吒汽车與計畫") == "哪吒汽车与计畫"


# ----------------------------------------------------------------------------------------------------- huge inputs


def _lines(count: int, seed: int = 0) -> str:
    """Many short paragraphs, each one line ending in a full stop, so that nothing gets rejoined."""
    rnd = random.Random(seed)
    words = ["园区", "企业", "项目", "产业", "投资", "合肥高新区", "集成电路", "新能源", "营收", "增长"]
    return "".join("".join(rnd.choice(words) for _ in range(rnd.randrange(3, 12))) + "。\n" for _ in range(count))


def test_a_small_file_streams_as_the_document_read_document_gives(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_bytes(TEXT.encode("gbk"))
    assert list(iter_documents(path)) == [read_document(path)]


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_file_of_more_bytes_than_max_chars_but_fewer_characters_is_one_document(tmp_path: Path, suffix: str) -> None:
    text = _lines(400)
    body = text if suffix == ".txt" else "<title>标题</title>" + "".join(f"<p>{x}</p>" for x in text.splitlines())
    path = tmp_path / f"mid{suffix}"
    path.write_bytes(body.encode("utf-8"))
    size = path.stat().st_size
    max_chars = len(body) + 10
    assert size > max_chars  # three bytes a character: the streaming path, not read_document
    docs = list(iter_documents(path, max_chars=max_chars))
    assert docs == [read_document(path)]


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "cp950"])
def test_a_long_file_is_cut_into_parts_at_line_breaks(tmp_path: Path, codec: str) -> None:
    text = _lines(12_000, seed=1)  # ~100,000 characters, several read blocks in every encoding
    if codec == "cp950":
        text = "".join(f"第{k}段。" + TRADITIONAL for k in range(300))
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode(codec))
    max_chars = 7_000
    parts = list(iter_documents(path, max_chars=max_chars))
    assert [p.name for p in parts] == [f"long.txt#{k}" for k in range(1, len(parts) + 1)]
    assert len(parts) >= len(text) // max_chars
    assert "".join(p.original for p in parts) == text
    assert all(len(p.text) <= max_chars and p.original.endswith("\n") for p in parts)
    assert len({p.sha256 for p in parts}) == len(parts)
    whole = read_document(path)
    for part in parts:
        assert part.path == str(path) and part.encoding == whole.encoding
        assert part.sha256 == hashlib.sha256(part.original.encode("utf-8")).hexdigest()
        for s in part.sentences:
            assert s.doc == part.name and part.text[s.start : s.end] == s.text
    assert [s.text for p in parts for s in p.sentences] == [s.text for s in whole.sentences]


def test_a_long_line_is_cut_after_a_sentence_and_a_line_without_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    text = "园区企业增长。" * 3000 + "无标点" * 3000
    path.write_text(text, encoding="utf-8")
    parts = list(iter_documents(path, max_chars=5_000))
    assert "".join(p.original for p in parts) == text
    assert all(len(p.original) <= 5_000 for p in parts)
    assert parts[0].original.endswith("。")


def test_a_long_web_page_is_streamed_in_parts(tmp_path: Path) -> None:
    text = _lines(3_000, seed=2)
    page = "<html><head><title>长页面</title><script>var x = '<p>不要</p>';</script></head><body>" + "".join(
        f"<p>{line}</p>\n" for line in text.splitlines()
    ) + "</body></html>"
    path = tmp_path / "long.html"
    path.write_text(page, encoding="utf-8")
    parts = list(iter_documents(path, max_chars=5_000))
    assert len(parts) > 3
    whole = read_document(path)
    assert [s.text for p in parts for s in p.sentences] == [s.text for s in whole.sentences]
    assert not any("不要" in p.text for p in parts)


def test_bytes_that_stop_decoding_later_in_a_streamed_file_are_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(_lines(20_000).encode("utf-8") + "后半部分是GBK编码。\n".encode("gbk") * 10)
    with pytest.raises(InputError) as info:
        list(iter_documents(path, max_chars=10_000))
    assert str(path) in str(info.value) and "utf-8" in str(info.value)


def test_a_binary_tail_in_a_streamed_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "tail.txt"
    path.write_bytes(_lines(20_000).encode("utf-8") + bytes(4096))
    with pytest.raises(InputError, match="binary"):
        list(iter_documents(path, max_chars=10_000))


STREAM_PROBE = """
import hashlib, re, sys
from pathlib import Path
from kg.text.documents import iter_documents, traditional_to_simplified


def peak_rss() -> int:
    # VmHWM is this process's own peak; getrusage's ru_maxrss would carry the parent's peak across fork and exec.
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) * 1024


traditional_to_simplified()  # tables loaded before the baseline
before = peak_rss()
joined = hashlib.sha256()
parts = 0
for doc in iter_documents(Path(sys.argv[1]), max_chars=int(sys.argv[2])):
    joined.update(doc.original.encode("utf-8"))
    parts += 1
print(parts, before, peak_rss() - before, joined.hexdigest())
"""


@pytest.mark.slow
def test_a_50_mb_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Peak memory grows with the part size, not the file: a 50 MB file read in parts of 100,000 characters.

    A part costs about 70 bytes a character while it is held (its sentences are objects), and the caller holds
    one part while the next is made; reading the file whole would take over ten times the file's size."""
    path = tmp_path / "dump.txt"
    block = _lines(20_000, seed=3).encode("utf-8")  # ~0.5 MB
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        while handle.tell() < 50_000_000:
            handle.write(block)
            digest.update(block)
    size = path.stat().st_size
    done = subprocess.run([sys.executable, "-c", STREAM_PROBE, str(path), "100000"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    parts, baseline, growth, joined = done.stdout.split()
    print(f"{size:,} bytes in {parts} parts: peak RSS {int(baseline):,} + {int(growth):,} bytes")
    assert joined == digest.hexdigest()  # the parts together are the whole file
    assert int(parts) >= size // 3 // 100_000
    assert int(growth) < size / 4, f"peak memory grew by {int(growth):,} bytes for a {size:,}-byte file"
