"""Stage 1: read files, decode them, extract the text of web pages, rejoin broken lines, and split into
paragraphs and sentences.

A document has two texts of the same length: `Document.original`, the decoded text after line endings are
unified and lines broken by PDF extraction are rejoined, and `Document.text`, the same text with full-width
letters and digits made ASCII and (in a document written in traditional characters) traditional characters
made simplified, one character for one. Every stage matches on `text`; every offset is valid in both, so the
evidence shown to users is `original[start:end]`, the words as the source wrote them.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from kg.building.outfolder import MARKER as OUTPUT_MARKER
from kg.errors import InputError
from kg.model import INVISIBLE_CHARACTERS, Document, Sentence
from kg.text import dates

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

# Punctuation that closes a sentence; closing quotes and brackets that follow it stay with it.
SENTENCE_END = "。！？!?；;"
CLOSERS = "”’」』）)】》\"'"
# A line that ends in one of these is complete: the next line starts something new.
LINE_COMPLETE = set(SENTENCE_END + "：:…" + CLOSERS)
CJK = re.compile(r"[\u3400-\u9fff]")
# C0 controls but tab, line feed, form feed and carriage return: they never occur in prose.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

# ------------------------------------------------------------------------------------------------------ decoding

# Enough bytes to tell the encodings apart; a streamed file is judged on its first SAMPLE_BYTES.
SAMPLE_BYTES = 1 << 16
# Characters scored when choosing between the two-byte Chinese encodings.
SCORE_CHARS = 20_000
# Two-byte encodings tried, in order of preference on a tie: mainland first, then Big5 as Windows writes it
# (cp950) and with the Hong Kong additions.
CHINESE_ENCODINGS = ("gb18030", "cp950", "big5hkscs")
# Below this share of plausible characters among the non-ASCII ones, no decoding is Chinese text.
MIN_PLAUSIBLE = 0.3
MIN_NON_ASCII_TO_JUDGE = 16


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """The frequent Chinese characters of both scripts: GB2312 level 1 (3,755 simplified) and the Big5 frequent
    block A440-C67E (5,401 traditional). A right decoding is almost all of them; a wrong one is not, because the
    other encoding's frequent block lands on kana, symbols, private-use and rare characters."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead << 8 | trail) <= 0xC67E:
                try:
                    chars.add(bytes((lead, trail)).decode("big5"))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def _is_punctuation(ch: str) -> bool:
    """Punctuation and the symbols Chinese documents use (①, ℃, ■, →, table borders); not kana, which is what
    Big5 read as GB18030 turns into."""
    code = ord(ch)
    return 0x2000 <= code <= 0x27BF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or ch == "\xb7"


def plausibility(text: str) -> tuple[float, int]:
    """Share of the non-ASCII characters that are frequent Chinese characters or CJK punctuation, and how many
    non-ASCII characters there were."""
    common = _common_characters()
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return 1.0, 0
    good = sum(1 for ch in non_ascii if ch in common or _is_punctuation(ch))
    return good / len(non_ascii), len(non_ascii)


def _try_decode(data: bytes, encoding: str, final: bool) -> tuple[str | None, UnicodeDecodeError | None]:
    """Decode with an incremental decoder, so a sample cut inside a character is not an error unless `final`."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=final), None
    except UnicodeDecodeError as exc:
        return None, exc


def detect_encoding(data: bytes, path: Path, final: bool = True) -> str:
    """The codec of a file from its bytes (all of them, or its first bytes when `final` is false).

    UTF-8 (BOM or not), UTF-16 (by BOM or by NUL pattern), else the two-byte Chinese encoding whose decoding
    is most plausibly Chinese: GB18030 decodes almost any bytes, so Big5 text is told apart by what the
    characters are, not by whether the decoding fails.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without BOM: ASCII-range characters leave every other byte NUL.
        even_nuls = data[0::2].count(b"\x00")
        odd_nuls = data[1::2].count(b"\x00")
        encoding = "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
        if _try_decode(data, encoding, final)[0] is not None:
            return encoding
    utf8_text, utf8_error = _try_decode(data, "utf-8", final)
    if utf8_text is not None:
        return "utf-8"
    best: tuple[float, str] | None = None
    judged = 0
    # Reported when nothing decodes: where the bytes stop being UTF-8 is what a user can look for (a two-byte
    # encoding trips much earlier on UTF-8 text with one bad byte far on).
    first_error: UnicodeDecodeError | None = utf8_error
    for encoding in CHINESE_ENCODINGS:
        text, error = _try_decode(data, encoding, final)
        if text is None:
            first_error = first_error or error
            continue
        score, judged_here = plausibility(text[:SCORE_CHARS])
        if best is None or score > best[0]:
            best, judged = (score, encoding), judged_here
    if best is None:
        assert first_error is not None
        raise InputError(
            f"{path}: not UTF-8, UTF-16, GB18030 or Big5 text ({first_error.reason} at byte {first_error.start})"
        )
    score, encoding = best
    if judged >= MIN_NON_ASCII_TO_JUDGE and score < MIN_PLAUSIBLE:
        raise InputError(
            f"{path}: not UTF-8, UTF-16, GB18030 or Big5 text (read as {encoding}, only {score:.0%} of its "
            "non-ASCII characters are common Chinese characters or punctuation)"
        )
    return encoding


def _control_share(text: str) -> float:
    """Share of characters that never occur in prose: NUL and the other C0 controls but tab and line ends."""
    if not text:
        return 0.0
    return _control_count(text) / len(text)


def _control_count(text: str) -> int:
    return len(CONTROL.findall(text))


def _binary_file(path: Path, encoding: str) -> InputError:
    return InputError(f"{path}: looks like a binary file, not text (control characters in {encoding} decoding)")


def _reject_binary(text: str, path: Path, encoding: str) -> None:
    if "\x00" in text or _control_share(text) > 0.01:
        raise _binary_file(path, encoding)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as text, or raise InputError naming the file; a binary file is not text in any encoding."""
    encoding = detect_encoding(data, path)
    try:
        text = data.decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:  # only a BOM can promise what the rest of the bytes do not keep
        raise InputError(f"{path}: not valid {encoding} text ({exc.reason} at byte {exc.start})") from exc
    _reject_binary(text, path, encoding)
    return text, encoding


# ------------------------------------------------------------------------------------------------------ web pages

SKIPPED_ELEMENTS = frozenset({"script", "style", "noscript", "template"})
BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
WHITE_SPACE = {ord(ch): " " for ch in "\t\n\r\f\v"}


class HtmlText(HTMLParser):
    """The readable text of a page, fed in pieces: blocks become lines, scripts and styles are dropped.

    Only the first <title> is kept (the page's own, in its head; an SVG's <title> later on is a tooltip).
    Text runs keep their spaces (one per white-space character) so that feeding a page in any pieces gives the
    same text; `tidy_html_text` collapses them afterwards.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip_depth = 0
        self._titles = 0
        self._in_skipped_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skip_depth += 1
        elif tag == "title":
            self._titles += 1
            if self._titles > 1 and not self._in_skipped_title:
                self._in_skipped_title = True
                self._skip_depth += 1
        if tag in BLOCK_ELEMENTS and not self._skip_depth:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS or (tag == "title" and self._in_skipped_title):
            self._skip_depth = max(0, self._skip_depth - 1)
            self._in_skipped_title = self._in_skipped_title and tag != "title"
        if tag in BLOCK_ELEMENTS and not self._skip_depth:
            self.pieces.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS and not self._skip_depth:  # <br/>, <hr/>
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.pieces.append(data.translate(WHITE_SPACE))

    def take(self) -> str:
        """The text found since the last call."""
        text = "".join(self.pieces)
        self.pieces.clear()
        return text


def tidy_html_text(text: str) -> str:
    """One space for a run of spaces, one line break for a run of breaks, no space at either end of a line."""
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" ?\n[ \n]*", "\n", text)
    return text.lstrip(" \n")


def page_text(extracted: str) -> str:
    """A page's text as a document holds it: odd spaces made plain (as in a text file), then runs collapsed."""
    return tidy_html_text(unify_layout(extracted))


def html_text(page: str) -> str:
    """The text of a whole page."""
    parser = HtmlText()
    parser.feed(page)
    parser.close()
    return page_text(parser.take())


# --------------------------------------------------------------------------------------- normalising for matching

# Full-width forms of ASCII become ASCII (Ａ->A, １->1, ％->%), except the full-width punctuation Chinese prose is
# written with, which sentence splitting and the extractor key on.
CHINESE_PUNCTUATION = "！（），：；？"
FULL_WIDTH = {
    code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in CHINESE_PUNCTUATION
}
# Invisible format characters are spaces in the text every stage matches on (kg.model.INVISIBLE_CHARACTERS).
INVISIBLE = {code: " " for code in INVISIBLE_CHARACTERS}
MATCHING_FOLD = {**FULL_WIDTH, **INVISIBLE}
# A document is converted from traditional characters when at least this share of its Chinese characters is
# traditional-only: a simplified article with one traditional character in a person's name keeps it as written.
TRADITIONAL_SHARE = 0.05


@lru_cache(maxsize=1)
def traditional_to_simplified() -> dict[int, str]:
    """OpenCC's traditional->simplified character table, kept to the characters it always converts one way.

    Left out: characters that are also simplified (乾, 於: the table lists them as their own candidate or as
    another character's simplified form), and characters OpenCC's own phrase table converts differently in
    some words (畫 is 画 but 計畫 is 计划; 吒 is 咤 but 哪吒 stays), since a character table cannot see words.
    """
    folder = resources.files("opencc") / "dictionary"
    rows = [line.split("\t") for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines()]
    simplified_forms = {form for _, forms in rows for form in forms.split()}
    table: dict[str, str] = {}
    for traditional, forms in rows:
        candidates = forms.split()
        if (
            len(traditional) == 1
            and len(candidates[0]) == 1
            and traditional not in candidates
            and traditional not in simplified_forms
        ):
            table[traditional] = candidates[0]
    for line in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        phrase, converted = line.split("\t")
        converted = converted.split()[0]
        if len(phrase) == len(converted):
            for a, b in zip(phrase, converted, strict=True):
                if table.get(a, b) != b:
                    del table[a]
    return {ord(t): s for t, s in table.items()}


def _one_of(codes: Iterable[int]) -> re.Pattern[str]:
    """A pattern matching any one of the characters (all in the Basic Multilingual Plane, so that the engine keeps
    them as one bitmap): found by one scan, much faster than str.translate's lookup of every character of a
    Chinese text in a dict."""
    chars = sorted(codes)
    assert all(code <= 0xFFFF for code in chars)
    return re.compile("[" + "".join(re.escape(chr(code)) for code in chars) + "]")


_FOLDED = _one_of(MATCHING_FOLD)


@lru_cache(maxsize=1)
def _traditional_in_plane() -> re.Pattern[str]:
    """The traditional characters of the Basic Multilingual Plane (those beyond it are counted one by one)."""
    return _one_of(code for code in traditional_to_simplified() if code <= 0xFFFF)


_BEYOND_PLANE = re.compile("[\U00010000-\U0010ffff]")


def _traditional_count(text: str) -> int:
    """How many characters of `text` the traditional->simplified table converts."""
    if _BEYOND_PLANE.search(text):
        table = traditional_to_simplified()
        return sum(text.count(ch) for ch in set(text) if ord(ch) in table)
    return len(_traditional_in_plane().findall(text))


def matching_text(text: str) -> str:
    """The form of `text` every stage matches on: the same length, character for character."""
    if _FOLDED.search(text):
        text = text.translate(MATCHING_FOLD)
    traditional = _traditional_count(text)
    if traditional and traditional >= TRADITIONAL_SHARE * len(CJK.findall(text)):
        text = text.translate(traditional_to_simplified())
    return text


# ------------------------------------------------------------------------------------------- lines and sentences


def _line_is_complete(line: str) -> bool:
    stripped = line.rstrip()
    if len(stripped) >= 2 and stripped[-1] in "”’」』" and stripped[-2] not in SENTENCE_END + "…":
        return False  # 大力实施“园区事园区办”| 改革: a quoted term, not a quoted sentence, ends the line
    return not stripped or stripped[-1] in LINE_COMPLETE


def _continues(line: str) -> bool:
    """Whether a line can be the second half of a broken sentence (not a heading marker or list bullet)."""
    return bool(line) and (bool(CJK.match(line)) or line[0].isdigit() or line[0] in "，,、。；;）)“”%％")


class _NarrowOnly(dict):
    """A str.translate table that deletes the characters two columns wide (east Asian width W or F) and keeps the
    rest, filled in as characters are first met: the narrow part of a line is then one translate away."""

    def __missing__(self, code: int) -> int | None:
        kept = None if code >= 0x1100 and unicodedata.east_asian_width(chr(code)) in "WF" else code
        self[code] = kept
        return kept


_NARROW_ONLY = _NarrowOnly()


def display_width(line: str) -> int:
    """Columns a line takes in a fixed-width layout: a Chinese character or full-width mark two, ASCII one (each
    character one column, plus one for each wide one: twice the length less the narrow characters)."""
    return 2 * len(line) - len(line.translate(_NARROW_ONLY))


# An unfinished line this long is cut, whatever the document's typical line: headings and titles are shorter.
LONG_UNFINISHED = 40
# 发布时间: … 来源: 某融媒体中心: a line of labelled fields (a byline), complete without punctuation.
BYLINE = re.compile(r"(发布时间|来源|作者|编辑|记者|通讯员)\s*[:：]")
# A hard-wrapped block: at least this many unfinished lines, at least this wide (20 Chinese characters: narrower
# lines are headings and captions), whose widths lie this close.
WRAP_MIN_LINES = 3
WRAP_MIN_WIDTH = 40
WRAP_BAND = 6


def wrap_band(widths: list[int]) -> tuple[int, int] | None:
    """The column band where a layout wrapped its lines, if it did: the display widths of its unfinished lines lie
    close together.

    The width is the display width (a digit is half a character), so lines of 38 and 42 characters that both fill
    76 columns are seen as one wrap width; a document whose paragraphs run long still has its wrapped block found.
    """
    widths = sorted(w for w in widths if w >= WRAP_MIN_WIDTH)
    best: tuple[int, int] | None = None
    best_count = WRAP_MIN_LINES - 1
    for i, low in enumerate(widths):
        j = i
        while j + 1 < len(widths) and widths[j + 1] - low <= WRAP_BAND:
            j += 1
        if j - i + 1 > best_count:
            best, best_count = (low, widths[j]), j - i + 1
    return best


def _wide_enough(line: str) -> bool:
    """Whether a line can reach the wrap width at all (two columns a character at most): only those are measured."""
    return 2 * len(line) >= WRAP_MIN_WIDTH


def rejoin_lines(text: str) -> str:
    """Join lines that a PDF-to-text step broke in mid-sentence.

    A line is continued by the next one when it does not end in sentence or clause
    punctuation, is about as long as the document's typical full line, and the next line
    starts with Chinese text. Headings (short lines) and list items are left alone.
    """
    lines = text.split("\n")
    lengths = sorted(len(x.strip()) for x in lines if len(x.strip()) >= 8)
    if not lengths:
        return text
    typical = lengths[int(len(lengths) * 0.75)] if len(lengths) >= 4 else lengths[-1]
    min_len = min(max(12, int(typical * 0.7)), LONG_UNFINISHED)
    stripped_lines = [x.strip() for x in lines]
    band = wrap_band([display_width(x) for x in stripped_lines if _wide_enough(x) and not _line_is_complete(x)])
    in_band = [band is not None and _wide_enough(x) and band[0] <= display_width(x) <= band[1]
               for x in stripped_lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        stripped = line.strip()
        full_width = len(stripped) >= int(typical * 0.9) and stripped[-1] not in SENTENCE_END
        unfinished = bool(stripped) and not _line_is_complete(stripped)
        # A line of the wrap width is cut when its neighbour has that width too (the middle of a block) or it
        # follows an unfinished one (the block's last full line): a lone line of that width is a heading.
        block_goes_on = i + 1 < len(lines) and in_band[i + 1]
        block_ends = i > 0 and in_band[i - 1] and not _line_is_complete(lines[i - 1].strip())
        wrapped = unfinished and in_band[i] and (block_goes_on or block_ends)
        long_unfinished = unfinished and len(stripped) >= min_len and not BYLINE.search(stripped)
        subtitle = stripped.startswith("——")  # ——访某某公司董事长某某: a headline's second line, however long
        if stripped and (full_width or wrapped or long_unfinished) and not subtitle:
            j = i + 1
            # Allow one blank line between the halves (a page or column break) after a full-width line only:
            # a shorter line before a blank line is a heading.
            if j < len(lines) and not lines[j].strip() and j + 1 < len(lines) and full_width:
                j += 1
            if j < len(lines) and _continues(lines[j].strip()):
                # Drop the line break (and blank line): the halves become one line.
                out[-1] = line.rstrip()
                nxt = lines[j].lstrip()
                lines[j] = nxt
                out.append("\x00JOIN")
                i = j
                continue
        i += 1
    joined: list[str] = []
    glue = False
    for piece in out:
        if piece == "\x00JOIN":
            glue = True
            continue
        if glue and joined:
            joined[-1] += piece
        else:
            joined.append(piece)
        glue = False
    return "\n".join(joined)


CAPTION_MARK = re.compile(r"^[①-⑳]")


def rejoin_captions(text: str) -> str:
    """Join a numbered photo caption (①在赣州市秋田微电子 / 有限公司生产车间，…) that a PDF laid out as a
    narrow column, one short line per paragraph, back into its sentence: it runs to the first full stop."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if CAPTION_MARK.match(stripped) and stripped[-1] not in SENTENCE_END:
            parts = [line.rstrip()]
            j = i + 1
            while j < len(lines) and len(parts) < 8:
                k = j + 1 if not lines[j].strip() and j + 1 < len(lines) else j
                nxt = lines[k].strip()
                if not nxt or CAPTION_MARK.match(nxt) or len(nxt) > 40 or not _continues(nxt):
                    break
                parts.append(nxt)
                j = k + 1
                if nxt[-1] in SENTENCE_END:
                    break
            if len(parts) > 1 and parts[-1][-1] in SENTENCE_END:
                out.append("".join(parts))
                i = j
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def unify_layout(text: str) -> str:
    """Unify line endings and odd spaces; keep everything else as written for evidence."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u3000", " ").replace("\xa0", " ").replace("\ufeff", "")


def normalise(text: str) -> str:
    """The layout of a text file made uniform, and lines broken by PDF extraction rejoined."""
    return rejoin_lines(rejoin_captions(unify_layout(text)))


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: each non-empty line is a paragraph."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        pos += len(line) + 1
    return spans


# The longest sentence kept whole. Real sentences stay far below it (the longest of the development articles has
# 235 characters); a longer run without 。！？； is a table or a list pulled out of a PDF, and is cut at a clause
# break or a space, so that the stages that look around each mention within its sentence cost a bounded amount
# per character whatever the punctuation.
MAX_SENTENCE_CHARS = 400
# Where an over-long run is cut, the latest of these in the second half of the window (else at the limit).
LONG_RUN_BREAKS = frozenset("，,、：:；;\t ")


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside a paragraph span, cut after 。！？；!?; and any closers that follow; a run longer than
    MAX_SENTENCE_CHARS is cut further (see `_bounded`)."""
    for ss, se in _punctuated_sentences(text, start, end):
        if se - ss <= MAX_SENTENCE_CHARS:
            yield ss, se
        else:
            yield from _bounded(text, ss, se)


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Pieces of at most MAX_SENTENCE_CHARS characters, each cut after the last clause break or space in the second
    half of its window, or at the limit where there is none."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = limit
        for i in range(limit - 1, start + MAX_SENTENCE_CHARS // 2 - 1, -1):
            if text[i] in LONG_RUN_BREAKS:
                cut = i + 1
                break
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)


OPENING_MARKS = "“‘「『（(【《"
CLOSING_MARKS = "”’」』）)】》"
# The characters sentence splitting looks at: the rest are skipped over by one regular-expression search.
_SENTENCE_MARKS = re.compile("[" + re.escape(OPENING_MARKS + CLOSING_MARKS + SENTENCE_END) + "…]")


def _punctuated_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    i = start
    sent_start = start
    depth = 0
    while i < end:
        mark = _SENTENCE_MARKS.search(text, i, end)
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        if ch == "…":
            # 在长德开发区，某公司计划建设某项目……据某某介绍: an ellipsis before a new clause ends the sentence.
            j = i
            while j < end and text[j] == "…":
                j += 1
            if j - i >= 2 and depth == 0 and j < end and CJK.match(text, j) and text[j] not in "等的":
                yield from _trimmed(text, sent_start, j)
                sent_start = j
            i = j
            continue
        if ch in OPENING_MARKS:
            depth += 1
        elif ch in CLOSING_MARKS and depth:
            depth -= 1
        if ch in SENTENCE_END and (depth == 0 or ch in "。；;"):
            j = i + 1
            while j < end and text[j] in CLOSERS:
                j += 1
            yield from _trimmed(text, sent_start, j)
            sent_start = j
            depth = 0
            i = j
            continue
        i += 1
    if sent_start < end:
        yield from _trimmed(text, sent_start, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end



def shown(name: str) -> str:
    """A file name or path as outputs and messages show it: bytes that are not UTF-8 (a name from a GBK archive,
    which Python keeps as lone surrogates that no UTF-8 output can hold) written as \\xNN."""
    if not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _build(name: str, path: str, encoding: str, sha256: str, original: str) -> Document:
    """Split a document's text (decoded, with its layout normalised) into paragraphs and sentences."""
    name, path = shown(name), shown(path)
    text = matching_text(original)
    doc = Document(name=name, path=path, encoding=encoding, sha256=sha256, text=text, original=original)
    found = dates.text_date(text)
    if found:
        doc.date, doc.date_route = found.value, found.route
    doc.paragraphs = split_paragraphs(text)
    index = 0
    for p, (ps, pe) in enumerate(doc.paragraphs):
        for ss, se in split_sentences(text, ps, pe):
            doc.sentences.append(Sentence(doc=name, index=index, paragraph=p, start=ss, end=se, text=text[ss:se]))
            index += 1
    return doc


def is_page(name: str) -> bool:
    return Path(name).suffix.lower() in HTML_SUFFIXES


def make_document(name: str, path: str, data: bytes) -> Document:
    """Decode and split one document held in memory; a name ending in .html or .htm is a web page."""
    raw, encoding = decode(data, Path(path))
    original = html_text(raw) if is_page(name) else normalise(raw)
    return _build(name, path, encoding, hashlib.sha256(data).hexdigest(), original)


def read_document(path: Path) -> Document:
    """Read one file; errors name the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return make_document(path.name, str(path), data)


# ------------------------------------------------------------------------------------------------- huge inputs

READ_BYTES = 1 << 18


# A part of a huge file is one document to the document-wide stages (aliases, topics, name-internal relations),
# whose cost grows faster than the part's length; 200,000 characters hold the longest real reports whole.
PART_CHARS = 200_000


def iter_documents(path: Path, max_chars: int = PART_CHARS) -> Iterator[Document]:
    """The documents of one file, read in pieces so that memory is bounded by `max_chars`, not the file size.

    A file of up to `max_chars` characters gives one Document, the one `read_document` gives. A longer one gives
    part-Documents named `<file name>#1`, `#2`, ..., cut at line (paragraph) boundaries, each at most
    `max_chars` characters of decoded text, with offsets into its own text and the sha256 of its own text
    (UTF-8). Parts are contiguous slices of the decoded text, each normalised on its own as a file would be (line
    ends, odd spaces, broken lines rejoined within the part), so for text needing none of that the parts'
    `original` texts laid end to end are the decoded file. The encoding is judged on the first SAMPLE_BYTES;
    bytes later on that do not decode, or a binary tail, are an InputError naming the file.
    """
    if path.is_dir():
        raise InputError(f"{path}: cannot read (it is a folder)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if size <= max_chars:  # a character takes at least a byte in every encoding read
        yield read_document(path)
        return
    first: Document | None = None
    for doc in _stream(path, max_chars):
        if first is None:
            first = doc
        elif not doc.date:  # the head of a long file is in its first part: the date is the whole file's
            doc.date, doc.date_route = first.date, first.date_route
        yield doc


def _stream(path: Path, max_chars: int) -> Iterator[Document]:
    page = is_page(path.name)
    digest = hashlib.sha256()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        head = handle.read(SAMPLE_BYTES)
        encoding = detect_encoding(head, path, final=len(head) < SAMPLE_BYTES)
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        parser = HtmlText() if page else None
        pending: list[str] = []
        pending_chars = 0
        seen_chars = 0
        controls = 0
        offset = 0
        parts = 0
        block = head
        while True:
            final = not block
            try:
                chunk = decoder.decode(block, final=final)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: not valid {encoding} text ({exc.reason} at byte {offset + exc.start})"
                ) from exc
            digest.update(block)
            offset += len(block)
            if "\x00" in chunk:
                raise _binary_file(path, encoding)
            controls += _control_count(chunk)
            seen_chars += len(chunk)
            if parser is not None:
                parser.feed(chunk)
                if final:
                    parser.close()
                chunk = parser.take()
            pending.append(chunk)
            pending_chars += len(chunk)
            while pending_chars > max_chars:
                _check_controls(path, encoding, controls, seen_chars)
                text = "".join(pending)
                cut = cut_point(text, max_chars)
                parts += 1
                yield _part(path, parts, encoding, text[:cut], page)
                pending, pending_chars = [text[cut:]], len(text) - cut
            if final:
                break
            block = handle.read(READ_BYTES)
    _check_controls(path, encoding, controls, seen_chars)
    rest = "".join(pending)
    if not parts:
        # The whole file fit after all (several bytes to a character): the document read_document gives.
        original = page_text(rest) if page else normalise(rest)
        yield _build(path.name, str(path), encoding, digest.hexdigest(), original)
    elif rest.strip():
        yield _part(path, parts + 1, encoding, rest, page)


def _check_controls(path: Path, encoding: str, controls: int, chars: int) -> None:
    if chars and controls / chars > 0.01:
        raise _binary_file(path, encoding)


def _part(path: Path, k: int, encoding: str, raw: str, page: bool) -> Document:
    """Part k of a long file; `raw` is decoded text (a page's text already taken out of its markup)."""
    original = page_text(raw) if page else normalise(raw)
    sha256 = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return _build(f"{path.name}#{k}", str(path), encoding, sha256, original)


def cut_point(text: str, limit: int) -> int:
    """Where to end a part of at most `limit` characters: after the last line break (blank line preferred) in
    its second half, else after the last sentence end, else at the limit."""
    window = text[:limit]
    half = limit // 2
    for boundary in ("\n\n", "\n", "\r"):
        at = window.rfind(boundary, half)
        if at >= 0:
            return at + len(boundary)
    ends = [window.rfind(ch, half) for ch in SENTENCE_END]
    at = max(ends)
    if at >= 0:
        return at + 1
    cut = limit
    if text[cut - 1] == "\r" and text[cut : cut + 1] == "\n":
        cut -= 1
    return cut


def _folder_inputs(folder: Path, skip: set[Path]) -> list[Path]:
    """The text files and web pages under `folder`, sorted. Output folders of kg (marked, or named in `skip`)
    are not entered: kg never reads its own outputs back. A subfolder that cannot be listed is returned as it is,
    so that reading it fails and it is reported like an unreadable file."""
    found: list[Path] = []
    unlisted: list[Path] = []

    def unreadable(error: OSError) -> None:
        unlisted.append(Path(error.filename) if error.filename else folder)

    for top, dirnames, filenames in os.walk(folder, onerror=unreadable):
        here = Path(top)
        if OUTPUT_MARKER in filenames or here.resolve() in skip:
            dirnames.clear()
            continue
        found.extend(here / name for name in filenames
                     if Path(name).suffix.lower() in INPUT_SUFFIXES and (here / name).is_file())
    return sorted(found + unlisted)


def find_inputs(sources: Iterable[Path], skip: Iterable[Path] = ()) -> list[Path]:
    """Expand folders into their text files and web pages, sorted, so runs are deterministic; output folders
    (see `_folder_inputs`) are left out."""
    skipped = {Path(folder).resolve() for folder in skip}
    found: list[Path] = []
    for src in sources:
        if src.is_dir():
            found.extend(_folder_inputs(src, skipped))
        elif src.is_file():
            found.append(src)
        elif src.exists():  # a FIFO, a socket, a device: reading it could wait for ever
            raise InputError(f"{src}: not a regular file or folder")
        else:
            raise InputError(f"{src}: no such file or folder")
    names: dict[str, Path] = {}
    unique: list[Path] = []
    for p in found:
        if p.name in names and names[p.name].resolve() == p.resolve():
            continue  # the same file named twice (a file and its folder): read once
        if p.name in names:
            raise InputError(
                f"{p}: another input has the same file name ({names[p.name]}); document names must be unique"
            )
        names[p.name] = p
        unique.append(p)
    # A long file's parts are named <name>#1, #2 …: a file named like one of them would share its documents' name.
    for p in unique:
        stem, hash_sign, number = p.name.rpartition("#")
        if hash_sign and number.isdigit() and stem in names:
            raise InputError(f"{p}: its name is that of a part of {names[stem]} (a long file is read as parts named "
                             f"{stem}#1, #2, …); document names must be unique")
    return unique
