"""Stage 1: read files, decode them, rejoin broken lines, and split into paragraphs and sentences.

Offsets everywhere in the pipeline point into `Document.text`, the decoded text after
line endings are unified and lines broken by PDF extraction are rejoined, so every
evidence sentence is a substring of the document it cites.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document, Sentence

TEXT_SUFFIXES = (".txt", ".md", ".text")

# Punctuation that closes a sentence; closing quotes and brackets that follow it stay with it.
SENTENCE_END = "。！？!?；;"
CLOSERS = "”’」』）)】》\"'"
# A line that ends in one of these is complete: the next line starts something new.
LINE_COMPLETE = set(SENTENCE_END + "：:…" + CLOSERS)
CJK = re.compile(r"[\u3400-\u9fff]")


def _control_share(text: str) -> float:
    """Share of characters that never occur in prose: NUL and the other C0 controls but tab and line ends."""
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(text)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as text, or raise InputError naming the file; a binary file is not text in any encoding."""
    text, encoding = _decode(data, path)
    if "\x00" in text or _control_share(text) > 0.01:
        raise InputError(f"{path}: looks like a binary file, not text (control characters in {encoding} decoding)")
    return text, encoding


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """UTF-8 (BOM or not), UTF-16 (by BOM or by NUL pattern) or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without BOM: ASCII-range characters leave every other byte NUL.
        even_nuls = data[0::2].count(b"\x00")
        odd_nuls = data[1::2].count(b"\x00")
        encoding = "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8, UTF-16 or GB18030 text ({exc.reason} at byte {exc.start})") from exc


def _line_is_complete(line: str) -> bool:
    stripped = line.rstrip()
    return not stripped or stripped[-1] in LINE_COMPLETE


def _continues(line: str) -> bool:
    """Whether a line can be the second half of a broken sentence (not a heading marker or list bullet)."""
    return bool(line) and (bool(CJK.match(line)) or line[0].isdigit() or line[0] in "，、。）)“”%％")


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
    min_len = max(12, int(typical * 0.7))
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        stripped = line.strip()
        full_width = len(stripped) >= int(typical * 0.9) and stripped[-1] not in SENTENCE_END
        if stripped and (full_width or (not _line_is_complete(stripped) and len(stripped) >= min_len)):
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


def normalise(text: str) -> str:
    """Unify line endings and odd spaces; keep everything else as written for evidence."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\ufeff", "")
    return rejoin_lines(text)


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


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside a paragraph span, cut after 。！？；!?; and any closers that follow."""
    i = start
    sent_start = start
    depth = 0
    while i < end:
        ch = text[i]
        if ch in "“‘「『（(【《":
            depth += 1
        elif ch in "”’」』）)】》" and depth:
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


def make_document(name: str, path: str, data: bytes) -> Document:
    """Decode and split one document held in memory."""
    raw, encoding = decode(data, Path(path))
    text = normalise(raw)
    doc = Document(
        name=name,
        path=path,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
    )
    doc.paragraphs = split_paragraphs(text)
    index = 0
    for p, (ps, pe) in enumerate(doc.paragraphs):
        for ss, se in split_sentences(text, ps, pe):
            doc.sentences.append(Sentence(doc=name, index=index, paragraph=p, start=ss, end=se, text=text[ss:se]))
            index += 1
    return doc


def read_document(path: Path) -> Document:
    """Read one file; errors name the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return make_document(path.name, str(path), data)


def find_inputs(sources: Iterable[Path]) -> list[Path]:
    """Expand folders into their text files, sorted, so runs are deterministic."""
    found: list[Path] = []
    for src in sources:
        if src.is_dir():
            found.extend(sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES))
        elif src.is_file():
            found.append(src)
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
    return unique
