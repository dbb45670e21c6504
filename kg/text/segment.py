"""Word segmentation with part-of-speech tags: exactly the tokens and tags of `jieba.posseg.lcut`, faster.

jieba is the reference tokenizer. Most of its time goes into building each block's word graph (DAG) and best
route through it in pure Python; rjieba (jieba-rs) does the same dictionary walk in Rust. With the same
dictionary (jieba's words, frequencies and total, the project's user words included), rjieba's route without
HMM is jieba's route, so the fast path takes the route from rjieba and does the rest as jieba.posseg does:
block splitting, tags from jieba's tag table, and jieba.posseg's own HMM (its tables, its Viterbi search made
faster) for the runs of single characters the dictionary does not know (names, trade names), cached because such
runs recur. The walk over rjieba's route and the HMM search run in C where kg/text/_segfast.c was compiled when kg
was installed (setup.py; `pip install -e .` builds it in place), else in Python. tests/text/test_segment.py checks
that every path gives the same tokens and tags on the seeds, the held-out articles and a generated corpus.

Without rjieba installed, or with KG_SEGMENTER=jieba in the environment (read once per process), jieba.posseg itself
is used.
"""

from __future__ import annotations

import os
import re
from array import array
from functools import lru_cache
from itertools import accumulate

import jieba
import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

try:  # the fast engine is optional: everything works (slower) without it
    import rjieba
except ImportError:  # pragma: no cover - depends on the installation
    rjieba = None
try:  # the HMM's search over arrays; without numpy, the same search in Python (_viterbi)
    import numpy
except ImportError:  # pragma: no cover - depends on the installation
    numpy = None
try:  # the walk over rjieba's route and the HMM search in C (built from kg/text/_segfast.c when a compiler is there)
    from kg.text import _segfast
except ImportError:  # pragma: no cover - depends on the installation
    _segfast = None

jieba.setLogLevel(60)

# jieba.posseg's own block and character classes (jieba/posseg/__init__.py), so blocks split as it splits them.
_HAN_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_NUM = re.compile("[\\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")
_HAN_DETAIL = re.compile("([\u4e00-\u9fd5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
# A word no text contains: its frequency makes the fast engine's total equal to jieba's (see _fast_engine).
_BALANCE_WORD = "\ue000\ue001"


def add_word(word: str, freq: int, tag: str) -> None:
    """Teach both engines a word (the reference first; the fast engine is rebuilt from it when next used)."""
    jieba.add_word(word, freq=freq, tag=tag)
    _fast_engine.cache_clear()
    _fast_columns_arguments.cache_clear()
    _unknown_run.cache_clear()


def freq(word: str) -> int:
    """The word's frequency in jieba's dictionary (user words included), 0 for words it does not know."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0)


def word_tag(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives a word ('' for words it does not know)."""
    jieba.posseg.dt.makesure_userdict_loaded()
    return jieba.posseg.dt.word_tag_tab.get(word, "")


def prepare() -> None:
    """Build the lazily made tables now (the fast engine's dictionary, the HMM's arrays): a process about to fork
    workers does it once for all of them, instead of each worker on its first unknown word."""
    jieba.posseg.dt.makesure_userdict_loaded()
    if _use_fast():
        _fast_engine()
    if _segfast is not None:
        _compiled_states()
    if numpy is not None:
        _starts()
        _emitters()


def engine_name() -> str:
    return "rjieba route + jieba.posseg tags" if _use_fast() else "jieba.posseg"


@lru_cache(maxsize=1)
def _use_fast() -> bool:
    """Whether the fast engine is used: read once per process (clear_caches reads KG_SEGMENTER again), since a look-up
    of the environment costs as much as a short sentence's whole walk in C."""
    return rjieba is not None and os.environ.get("KG_SEGMENTER", "") != "jieba"


@lru_cache(maxsize=1)
def _fast_engine():
    """An rjieba dictionary equal to jieba's current one: same words, same frequencies, same total."""
    jieba.dt.check_initialized()
    engine = rjieba.Jieba.empty()
    added = 0
    for word, count in jieba.dt.FREQ.items():
        if count:  # zero entries are jieba's prefixes (and deleted words): not words of the graph
            engine.add_word(word, count, "x")
            added += count
    # jieba's total also counts the old frequency of every word added again; the route depends on it.
    if jieba.dt.total > added:
        engine.add_word(_BALANCE_WORD, jieba.dt.total - added, "x")
    return engine


@lru_cache(maxsize=1)
def _predecessors() -> dict[tuple[str, str], dict[tuple[str, str], float]]:
    """jieba.posseg's transition table turned around: state -> {previous state: log probability}."""
    table: dict[tuple[str, str], dict[tuple[str, str], float]] = {}
    for before, nexts in trans_P.items():
        for state, logp in nexts.items():
            table.setdefault(state, {})[before] = logp
    return table


def _viterbi(obs: str) -> list[tuple[str, str]]:
    """jieba.posseg.viterbi.viterbi's best state path, computed the same way (same sums in the same order, same
    tie-breaking), but each state only looks at the previous states that can lead to it: about 3x faster."""
    all_states = trans_P.keys()
    preds = _predecessors()
    scores = {y: start_P[y] + emit_P[y].get(obs[0], MIN_FLOAT) for y in char_state_tab_P.get(obs[0], all_states)}
    paths: list[dict] = [dict.fromkeys(scores, "")]
    for t in range(1, len(obs)):
        prev_states = [x for x in paths[-1] if trans_P[x]]
        expect_next = {y for x in prev_states for y in trans_P[x]}
        obs_states = set(char_state_tab_P.get(obs[t], all_states)) & expect_next
        if not obs_states:
            obs_states = expect_next if expect_next else all_states
        char = obs[t]
        new_scores: dict = {}
        back: dict = {}
        for y in obs_states:
            emit = emit_P[y].get(char, MIN_FLOAT)
            into = preds.get(y, {})
            best = None
            for y0 in prev_states:
                logp = into.get(y0)
                if logp is not None:
                    candidate = (scores[y0] + logp + emit, y0)
                    if best is None or candidate > best:
                        best = candidate
            if best is None:  # no way in: jieba's max over -inf sums, kept as it is
                best = max((scores[y0] + MIN_INF + emit, y0) for y0 in prev_states)
            new_scores[y], back[y] = best
        scores = new_scores
        paths.append(back)
    _, state = max((scores[y], y) for y in paths[-1])
    route = [state] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return route


@lru_cache(maxsize=1)
def _hmm_arrays():
    """jieba.posseg's HMM as arrays: the states in sorted order (so a larger index is a larger state, as max over
    (score, state) pairs breaks ties), the transition log probabilities (-inf where there is no transition), which
    transitions exist, and which states lead anywhere."""
    states = sorted(trans_P)
    index = {state: i for i, state in enumerate(states)}
    logp = numpy.full((len(states), len(states)), -numpy.inf)
    allowed = numpy.zeros((len(states), len(states)), dtype=bool)
    for before, nexts in trans_P.items():
        for state, value in nexts.items():
            logp[index[before], index[state]] = value
            allowed[index[before], index[state]] = True
    leads_on = numpy.array([bool(trans_P[state]) for state in states])
    return states, index, logp, allowed, leads_on


@lru_cache(maxsize=1 << 14)
def _char_states(char: str):
    """The states the HMM allows for a character, as a mask over _hmm_arrays' states (all of them for one it
    does not know)."""
    states, index, *_ = _hmm_arrays()
    found = char_state_tab_P.get(char)
    mask = numpy.zeros(len(states), dtype=bool)
    if found is None:
        mask[:] = True
    else:
        mask[[index[state] for state in found]] = True
    return mask


@lru_cache(maxsize=1)
def _starts():
    """The log probability of starting in each state (in _hmm_arrays' order)."""
    return numpy.array([start_P[state] for state in _hmm_arrays()[0]])


@lru_cache(maxsize=1)
def _emitters() -> dict[str, tuple]:
    """For each character, the states (as _hmm_arrays indices) that emit it and their log probabilities: emit_P
    turned around once, so that a character's emissions are not looked up state by state."""
    _, index, *_ = _hmm_arrays()
    by_char: dict[str, tuple[list[int], list[float]]] = {}
    for state, emits in emit_P.items():
        for char, logp in emits.items():
            states, values = by_char.setdefault(char, ([], []))
            states.append(index[state])
            values.append(logp)
    return {char: (numpy.array(states), numpy.array(values)) for char, (states, values) in by_char.items()}


@lru_cache(maxsize=1 << 14)
def _emissions(char: str):
    """The log probability of each state (in _hmm_arrays' order) emitting the character (MIN_FLOAT where none)."""
    emissions = numpy.full(len(_hmm_arrays()[0]), MIN_FLOAT)
    found = _emitters().get(char)
    if found is not None:
        emissions[found[0]] = found[1]
    return emissions


def _viterbi_arrays(obs: str) -> list[tuple[str, str]]:
    """_viterbi's best state path, each step computed over arrays: the same sums in the same order (so the same
    floating-point values) and the same choice among equal scores (the largest previous state, then the largest
    final state). A path whose best score is -inf (no run of real text has one) is left to _viterbi, whose choice
    among -inf scores this does not copy."""
    states, _, logp, allowed, leads_on = _hmm_arrays()
    # (ndarray.nonzero()[0] is numpy.flatnonzero of a flat array without its Python steps)
    current = _char_states(obs[0]).nonzero()[0]
    scores = _starts()[current] + _emissions(obs[0])[current]
    steps = []
    for char in obs[1:]:
        leading = leads_on[current]
        previous = current[leading]
        if not len(previous):
            return _viterbi(obs)
        # (ufunc reductions and count_nonzero: ndarray.any goes through a Python wrapper at every step)
        expected = numpy.logical_or.reduce(allowed[previous], axis=0)
        possible = _char_states(char) & expected
        if not numpy.count_nonzero(possible):
            possible = expected if numpy.count_nonzero(expected) else numpy.ones(len(states), dtype=bool)
        current = possible.nonzero()[0]
        # The previous states largest first, so that argmax's first best row is the largest previous state among
        # equal scores. (logp[down[:, None], current] is logp[numpy.ix_(down, current)] without ix_'s Python steps.)
        down = previous[::-1]
        candidates = (scores[leading][::-1, None] + logp[down[:, None], current]) + _emissions(char)[current]
        rows = candidates.argmax(axis=0)
        scores = candidates[rows, numpy.arange(len(current))]
        steps.append((current, down[rows]))
    best = len(current) - 1 - int(scores[::-1].argmax())
    if scores[best] == -numpy.inf:
        return _viterbi(obs)
    state = int(current[best])
    route = [states[state]] * len(obs)
    for i in range(len(obs) - 1, 0, -1):
        route[i] = states[state]
        at, back = steps[i - 1]
        state = int(back[at.searchsorted(state)])
    route[0] = states[state]
    return route


@lru_cache(maxsize=1)
def _compiled_states() -> list[tuple[str, str]]:
    """Give the C search jieba.posseg's HMM (states numbered as _hmm_arrays numbers them) once; its states."""
    states = sorted(trans_P)
    index = {state: i for i, state in enumerate(states)}
    n = len(states)
    trans = array("d", [MIN_INF]) * (n * n)
    allowed = bytearray(n * n)
    for before, nexts in trans_P.items():
        for state, logp in nexts.items():
            trans[index[before] * n + index[state]] = logp
            allowed[index[before] * n + index[state]] = 1
    by_char: dict[str, tuple[array, array]] = {}
    for state, emits in emit_P.items():
        for char, logp in emits.items():
            numbers, values = by_char.setdefault(char, (array("i"), array("d")))
            numbers.append(index[state])
            values.append(logp)
    emissions = {char: (numbers.tobytes(), values.tobytes()) for char, (numbers, values) in by_char.items()}
    char_states = {char: array("i", sorted(index[s] for s in found)).tobytes()
                   for char, found in char_state_tab_P.items()}
    _segfast.setup(n, array("d", [start_P[state] for state in states]).tobytes(), trans.tobytes(), bytes(allowed),
                   emissions, char_states, MIN_FLOAT)
    return states


def _viterbi_compiled(obs: str) -> list[tuple[str, str]]:
    """jieba.posseg.viterbi.viterbi's best state path, searched in C (kg/text/_segfast.c)."""
    states = _compiled_states()
    route = _segfast.viterbi(obs)
    if route is None:  # a run jieba's own search fails on: the Python search fails the same way
        return _viterbi(obs)
    return [states[k] for k in route]


def _best_path(run: str) -> list[tuple[str, str]]:
    """The HMM's best state path by the fastest search at hand (all give the same path)."""
    if _segfast is not None:
        return _viterbi_compiled(run)
    return _viterbi_arrays(run) if numpy is not None else _viterbi(run)


@lru_cache(maxsize=1 << 14)
def _hmm_cut(run: str) -> tuple[tuple[str, str], ...]:
    """POSTokenizer.__cut: words and tags from the HMM's B/M/E/S states (cached: the same short runs of Chinese
    characters, 家, 年, 营收, come back inside different runs of unknown characters)."""
    pos_list = _best_path(run)
    out = []
    begin = nexti = 0
    for i, char in enumerate(run):
        pos, flag = pos_list[i]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((run[begin : i + 1], flag))
            nexti = i + 1
        elif pos == "S":
            out.append((char, flag))
            nexti = i + 1
    if nexti < len(run):
        out.append((run[nexti:], pos_list[nexti][1]))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _unknown_run(run: str) -> tuple[tuple[str, str], ...]:
    """POSTokenizer.__cut_detail: the cut of a run of characters the dictionary does not know as a word;
    cached, because such runs (names, trade names) recur."""
    out: list[tuple[str, str]] = []
    for block in _HAN_DETAIL.split(run):
        if _HAN_DETAIL.match(block):
            out.extend(_hmm_cut(block))
            continue
        for x in _SKIP_DETAIL.split(block):
            if x:
                out.append((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x"))
    return tuple(out)


def clear_caches() -> None:
    """Forget the cuts of unknown runs, as for a process that has seen no text yet (the benchmarks' cold
    measurements), and the engine chosen by KG_SEGMENTER."""
    _unknown_run.cache_clear()
    _hmm_cut.cache_clear()
    _use_fast.cache_clear()


def _flush(buf: str, tags: dict[str, str], out: list[tuple[str, str]]) -> None:
    """What jieba.posseg does with a run of single-character route steps (POSTokenizer.__cut_DAG)."""
    if len(buf) == 1:
        out.append((buf, tags.get(buf, "x")))
    elif not jieba.dt.FREQ.get(buf):
        out.extend(_unknown_run(buf))
    else:
        out.extend((ch, tags.get(ch, "x")) for ch in buf)


def _cut_block(block: str, engine, tags: dict[str, str], freq: dict[str, int], out: list[tuple[str, str]]) -> None:
    buf = ""
    for word in engine.cut(block, False):
        # rjieba glues runs of single ASCII letters and digits into one word, as jieba's no-HMM cut does; they
        # are single-character steps of the route unless the dictionary has the run as a word. (For ASCII,
        # isalnum is [a-zA-Z0-9].)
        if len(word) == 1 or (word.isascii() and word.isalnum() and not freq.get(word)):
            buf += word
            continue
        if buf:
            _flush(buf, tags, out)
            buf = ""
        out.append((word, tags.get(word, "x")))
    if buf:
        _flush(buf, tags, out)


@lru_cache(maxsize=1 << 12)
def _other_block(block: str) -> tuple[tuple[str, str], ...]:
    """jieba.posseg's cut of a piece outside the blocks of Chinese characters, letters and digits (cached: the
    same punctuation comes again and again)."""
    out: list[tuple[str, str]] = []
    for x in _SKIP.split(block):
        if _SKIP.match(x):
            out.append((x, "x"))
            continue
        for ch in x:
            if _NUM.match(ch):
                out.append((ch, "m"))
            elif _ENG.match(x):  # sic: jieba tests the whole piece here, not the character
                out.append((ch, "eng"))
            else:
                out.append((ch, "x"))
    return tuple(out)


def _fast_tag(text: str) -> list[tuple[str, str]]:
    """POSTokenizer.__cut_internal with the route taken from rjieba."""
    engine = _fast_engine()
    jieba.posseg.dt.makesure_userdict_loaded()
    tags = jieba.posseg.dt.word_tag_tab
    freq = jieba.dt.FREQ
    out: list[tuple[str, str]] = []
    # re.split with one group alternates: the pieces between blocks at even places, the blocks at odd ones.
    for k, block in enumerate(_HAN_BLOCK.split(text)):
        if k & 1:
            if _segfast is not None:
                _segfast.cut_block(engine.cut(block, False), tags, freq, _unknown_run, out)
            else:
                _cut_block(block, engine, tags, freq, out)
        elif block:
            out.extend(_other_block(block))
    return out


def reference_tag(text: str) -> list[tuple[str, str]]:
    """jieba.posseg's own tokens and tags: the reference the fast path must equal."""
    return [(p.word, p.flag) for p in jieba.posseg.lcut(text)]


def tag(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) pairs of `text`, exactly as jieba.posseg.lcut gives them."""
    return _fast_tag(text) if _use_fast() else reference_tag(text)


@lru_cache(maxsize=1)
def _fast_columns_arguments() -> tuple:
    """What the C walk needs besides the text (the fast engine's cut, jieba's tag and frequency tables, the cuts of
    other pieces), gathered once instead of per sentence; add_word makes it gather them again."""
    jieba.posseg.dt.makesure_userdict_loaded()
    return _fast_engine().cut, jieba.posseg.dt.word_tag_tab, jieba.dt.FREQ, _unknown_run, _other_block


Columns = tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...], dict[int, int]]


def columns(text: str) -> Columns:
    """tag(text) as the columns a sentence's tokens are kept in: the words, their tags, where each word starts, and
    each word's index by where it ends (in C in one call where kg/text/_segfast.c is compiled)."""
    if _segfast is not None and _use_fast():
        return _segfast.columns(text, *_fast_columns_arguments())
    pairs = tag(text)
    if not pairs:
        return (), (), (), {}
    words, tags = zip(*pairs, strict=True)
    ends = tuple(accumulate(map(len, words)))
    return words, tags, (0, *ends[:-1]), dict(zip(ends, range(len(words)), strict=True))
