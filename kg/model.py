"""The records that flow between the pipeline's stages.

Every stage reads the records of the stage before it and returns new ones; nothing is
mutated downstream, so each stage can be tested on its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Entities a network page draws at most: beyond this its force layout takes seconds per thousand more (it is
# quadratic) and neither the browser nor a reader copes; a bigger graph is drawn as its most connected entities.
PAGE_NODE_LIMIT = 2000

# The learned relation-confidence model (kg.extraction.calibrate), written by `python -m kg.extraction.calibrate train`.
RELATION_MODEL_PATH = Path(__file__).parent / "extraction" / "models" / "relation_confidence.json"


def trained_threshold(path: Path = RELATION_MODEL_PATH) -> float:
    """The line the training chose: of the confidences at which the relations' out-of-fold precision (documents
    held out whole) reaches 0.80 on the development set, both on all of it and on dev alone, the highest that costs
    at most 0.01 of out-of-fold F1 (kg.extraction.calibrate.choose_threshold)."""
    try:
        return float(json.loads(path.read_text(encoding="utf-8"))["threshold"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0.0  # no model: the rules' own confidences stand, and nothing is cut


# Relations below this confidence stay out of the graph (graph.ttl, the store, the page) and out of the evaluation
# `relations` of extraction.jsonl, which keeps them apart as `weak_relations`; `--min-confidence` moves the line.
DEFAULT_MIN_CONFIDENCE = trained_threshold()


def confident_enough(confidence: float, threshold: float) -> bool:
    """Whether a confidence reaches a threshold; confidences are rounded to 3 places, so 0.7 reaches 0.7."""
    return confidence >= threshold - 1e-9


# Invisible format characters (zero-width spaces and joiners, bidi marks, overrides and isolates, word joiners, the
# BOM): spaces in the text every stage matches on, so no name or metric holds one and no two entities look alike;
# kept in the text as written (evidence) and shown escaped on the page.
INVISIBLE_CHARACTERS = frozenset([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                                  *range(0x2066, 0x206A), 0xFEFF])


def name_key(name: str) -> str:
    """How a name a user typed is compared with the graph's names (`kg viz --focus`, `kg chain PLACE`): NFKC
    (full-width forms), case and white space ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


# Sentences, mentions, relations and facts are made by the thousand per document: they are plain dataclasses, hashed
# and compared by value like frozen ones, but three times cheaper to make (a frozen dataclass sets each field through
# object.__setattr__). Nothing assigns to one once made; dataclasses.replace makes changed copies.
@dataclass(unsafe_hash=True)
class Sentence:
    """A sentence of a document; `start`/`end` are character offsets into `Document.text` (and `.original`)."""

    doc: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """A decoded, normalised document. `text` is what every stage matches on and every offset points into;
    `original` is the same length, the text as written, and is what evidence quotes (`original[start:end]`):
    `text` has full-width letters and digits and traditional characters folded, one character for one."""

    name: str
    path: str
    encoding: str
    sha256: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    original: str = ""
    # The document's date, ISO (a day or a year; '' when none was found), and how it was found (kg.text.dates.ROUTES).
    date: str = ""
    date_route: str = ""

    def __post_init__(self) -> None:
        if not self.original:
            self.original = self.text
        if len(self.original) != len(self.text):
            raise ValueError(f"{self.name}: original and matching text differ in length; offsets would not agree")

    def evidence(self, sentence: Sentence) -> str:
        """A sentence as written; a slim document (text dropped after extraction) keeps it in `Sentence.text`."""
        return self.original[sentence.start : sentence.end] if self.original else sentence.text


@dataclass(unsafe_hash=True)
class Mention:
    """One occurrence of an entity name in a sentence; offsets are into the document text."""

    text: str
    type: str
    sentence: int
    start: int
    end: int
    rule: str
    confidence: float


@dataclass
class Entity:
    """One thing in one document (or, after merging, in the corpus) with all its names."""

    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 0.0
    docs: set[str] = field(default_factory=set)


@dataclass(unsafe_hash=True)
class Relation:
    """A typed edge between two entity names, with the sentence that states it."""

    head: str
    relation: str
    tail: str
    doc: str
    sentence: int
    rule: str
    confidence: float
    head_type: str = ""
    tail_type: str = ""


@dataclass(unsafe_hash=True)
class Fact:
    """A figure the text attaches to an entity: `value` as written, `unit` as written."""

    subject: str
    metric: str
    value: float
    unit: str
    period: str
    doc: str
    sentence: int
    rule: str
    confidence: float
    value_text: str = ""
    subject_type: str = ""


@dataclass
class Extraction:
    """Everything extracted from one document, before cross-document merging."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
