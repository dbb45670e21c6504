"""The fast paths give exactly what the reference ones give: segmentation jieba.posseg's tokens and tags (with the
project's user words) with its inner loops in C (kg/text/_segfast.c) and in Python, the HMM searches in C and over
arrays the Python search's path, ahocorasick_rs pyahocorasick's matches."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.extraction import recognize
from kg.text import documents, segment

ROOT = Path(__file__).resolve().parents[2]


def _texts(folder: Path) -> list[str]:
    """Every sentence of every document in `folder`, and each whole document (blocks across lines, spaces)."""
    docs = [documents.read_document(p) for p in documents.find_inputs([folder])]
    assert docs, f"no documents in {folder}"
    return [s.text for d in docs for s in d.sentences] + [d.text for d in docs]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--out", str(out), "--articles", "80", "--seed", "3"],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    return out


def _compiled_part() -> object:
    """kg.text._segfast, which `pip install -e .` (make run, make test) compiles in place where a C compiler is."""
    if segment._segfast is None:
        pytest.skip("kg/text/_segfast.c is not compiled here (no C compiler when kg was installed): the Python "
                    "path alone runs")
    return segment._segfast


@pytest.fixture(params=["compiled", "python"])
def inner_loops(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test of the fast path twice: the inner loops in C, then in Python (as without a compiler)."""
    compiled = _compiled_part() if request.param == "compiled" else None
    monkeypatch.setattr(segment, "_segfast", compiled)
    segment.clear_caches()  # (the cuts of unknown runs made by the other path)
    yield request.param
    segment.clear_caches()


def _assert_same_tokens(texts: list[str]) -> None:
    recognize._user_dictionary()  # the project's words, as extraction uses them
    assert segment.rjieba is not None, "rjieba (a dependency) is not installed: the fast path is not tested"
    for text in texts:
        assert segment._fast_tag(text) == segment.reference_tag(text), text


@pytest.mark.parametrize("folder", [ROOT / "seeds", ROOT / "tests" / "data" / "articles"], ids=["seeds", "held-out"])
def test_fast_path_cuts_and_tags_the_articles_as_jieba_posseg(folder: Path, inner_loops: str) -> None:
    _assert_same_tokens(_texts(folder))


def test_fast_path_cuts_and_tags_a_generated_corpus_as_jieba_posseg(generated: Path, inner_loops: str) -> None:
    _assert_same_tokens(_texts(generated))


def test_fast_path_handles_what_jieba_treats_specially(inner_loops: str) -> None:
    # Latin letters and digits inside Chinese, decimals and percentages, spaces and line breaks, unknown names.
    _assert_same_tokens([
        "AGV小车穿梭其间，3D打印研究院年产30GWH电芯，同比增长148.2%。",
        "记者 许文涛 通讯员 程亚楠\r\n瀚思半导体设备有限公司C轮融资2.5亿元 Co., Ltd. #1_a&b",
        "", " ", "。", "a", "赣",
    ])


def test_a_word_added_after_use_reaches_the_fast_path() -> None:
    # In a child process: a new word changes jieba's total and so the routes of every later cut in this one.
    code = """
from kg.extraction import recognize
from kg.text import segment
recognize._user_dictionary()
text = "瀚睿锶钡新材料"
before = segment.tag(text)
segment.add_word("瀚睿锶钡", 3000, "nz")
after = segment.tag(text)
assert ("瀚睿锶钡", "nz") not in before and ("瀚睿锶钡", "nz") in after, (before, after)
assert segment._fast_tag(text) == segment.reference_tag(text)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_reference_engine_can_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "抚州高新区新能源汽车产业园"
    monkeypatch.setenv("KG_SEGMENTER", "jieba")
    segment.clear_caches()  # (the engine is chosen once per process: clear_caches chooses again)
    try:
        assert segment.engine_name() == "jieba.posseg"
        assert segment.tag(text) == segment.reference_tag(text)
        assert segment.columns(text)[0] == tuple(w for w, _ in segment.reference_tag(text))
    finally:
        monkeypatch.undo()
        segment.clear_caches()
    assert segment.engine_name() == ("jieba.posseg" if segment.rjieba is None else "rjieba route + jieba.posseg tags")


@pytest.mark.slow
def test_the_faster_viterbi_finds_jieba_posseg_s_path() -> None:
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    text = "".join(_texts(ROOT / "tests" / "data" / "articles"))
    runs = sorted({m.group(0)[:k] for m in re.finditer("[\u4e00-\u9fd5]{2,}", text) for k in (2, 3, 5, 9)})
    assert len(runs) > 500
    for run in runs:
        assert segment._viterbi(run) == viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)[1], run


@pytest.mark.slow
def test_the_viterbi_over_arrays_finds_the_same_path() -> None:
    # The search extraction uses (over numpy arrays) against the pure-Python one, on runs of real text and on
    # runs of characters drawn at random (rare ones, digits, punctuation: states no article reaches).
    import random

    text = "".join(_texts(ROOT / "tests" / "data" / "articles") + _texts(ROOT / "seeds"))
    runs = sorted({m.group(0)[:k] for m in re.finditer("[\u4e00-\u9fd5]{2,}", text) for k in (1, 2, 3, 5, 9, 30)})
    draw = random.Random(7)
    alphabet = sorted(set(text)) + ["鑫", "淼", "犇", "\u9fd5", "Ａ"]
    runs += ["".join(draw.choice(alphabet) for _ in range(draw.randint(1, 12))) for _ in range(400)]
    assert len(runs) > 1000
    for run in runs:
        assert segment._viterbi_arrays(run) == segment._viterbi(run), run


@pytest.mark.slow
def test_the_compiled_viterbi_finds_jieba_posseg_s_path() -> None:
    # The C search against jieba's own, on runs of real text and on random runs with characters the HMM does not
    # know (every state possible), rare ones, letters, digits and punctuation: the choices among equal scores.
    import random

    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    _compiled_part()
    text = "".join(_texts(ROOT / "tests" / "data" / "articles") + _texts(ROOT / "seeds"))
    runs = sorted({m.group(0)[:k] for m in re.finditer("[\u4e00-\u9fd5]{2,}", text) for k in (1, 2, 3, 9, 30)})
    draw = random.Random(11)
    alphabet = sorted(set(text)) + ["鑫", "淼", "犇", "\u9fd5", "Ａ", "a", "1", "。", "𠀀"]
    runs += ["".join(draw.choice(alphabet) for _ in range(draw.randint(1, 16))) for _ in range(500)]
    assert len(runs) > 1000
    for run in runs:
        assert segment._viterbi_compiled(run) == viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)[1], run


def test_both_aho_corasick_engines_find_the_same_matches_in_the_same_order() -> None:
    assert recognize.ahocorasick_rs is not None, "ahocorasick-rs (a dependency) is missing: its path goes untested"
    words = {**{w: ("gazetteer", w) for w in recognize.gazetteer().entries},
             **{w: ("ending", w) for w in recognize.suffix_table()}}
    fast, slow = recognize.Matcher(words, fast=True), recognize.Matcher(words, fast=False)
    texts = _texts(ROOT / "seeds") + _texts(ROOT / "tests" / "data" / "articles") + ["", "𠀀中国𠀀江西省", "赣\ud800州"]
    for text in texts:
        found = slow.matches(text)
        assert fast.matches(text) == found, text
        assert fast.indexes(text) == slow.indexes(text) == {fast.words.index(v[1]) for _, _, v in found}, text
    assert any(len(slow.matches(text)) > 5 for text in texts)


def test_a_word_set_gives_the_words_a_text_contains_in_list_order() -> None:
    listed = ("科技", "新材料", "材料", "科技", "", "有限公司")
    for words in (listed, tuple(dict.fromkeys(listed))):
        found = recognize.WordSet(words)
        for text in ("某某新材料科技有限公司", "材料", "", "无关的句子"):
            assert found.present(text) == [w for w in words if w in text], (words, text)


def test_the_columns_of_a_text_are_its_tagged_words_laid_out(inner_loops: str) -> None:
    # segment.columns (in C where compiled) against the pairs of segment.tag, on sentences and edge cases.
    recognize._user_dictionary()
    texts = _texts(ROOT / "seeds")[:200]
    texts += ["", " ", "。", "a", "AGV小车3D打印 Co., Ltd. #1_a&b\r\n赣", "𠀀中国\ud800州"]
    for text in texts:
        pairs = segment.tag(text)
        words, tags = (tuple(w for w, _ in pairs), tuple(t for _, t in pairs))
        ends = [sum(map(len, words[: k + 1])) for k in range(len(words))]
        assert segment.columns(text) == (words, tags, tuple([0, *ends[:-1]][: len(words)]),
                                         dict(zip(ends, range(len(words)), strict=True))), text
    assert "".join(segment.columns(texts[0])[0]) == texts[0]
