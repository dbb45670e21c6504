"""The drawable graph: entities, relations, their figures and evidence, as the reader gives them and the page
draws them; and what a page shows selected when it opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import KgError


@dataclass
class NetworkFact:
    """A figure of an entity (a kg:Fact), kept with its sentence so the side panel can show where it came from.

    `value` and `unit` are as written; `normalized` (in `normalized_unit`) is what node sizes compare.
    `evidence` is (sentence text, file name), in reading order.
    """

    metric: str
    value: str
    unit: str
    period: str
    normalized: float | None
    normalized_unit: str
    confidence: float
    evidence: list[tuple[str, str]]
    start: str = ""  # the period as time (kg:periodStart, kg:periodEnd): ISO years or days, '' when unknown
    end: str = ""


@dataclass
class NetworkNode:
    """An entity as the page draws it; `id` is the entity IRI."""

    id: str
    label: str
    type: str
    aliases: list[str]
    confidence: float
    facts: list[NetworkFact] = field(default_factory=list)
    seen: tuple[str, str] = ("", "")  # kg:firstSeen, kg:lastSeen (ISO); empty when no dated document states it


@dataclass
class NetworkEdge:
    """A relation triple with the sentences it was extracted from: `evidence` is (sentence text, file name)."""

    source: str
    target: str
    relation: str
    confidence: float
    evidence: list[tuple[str, str]]
    seen: tuple[str, str] = ("", "")  # the earliest and latest date of the documents that state it


@dataclass
class Network:
    """The drawable part of the graph, sorted so equal graphs give equal pages."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


@dataclass
class PageView:
    """What the page shows selected when it opens, and how `kg viz` narrowed the graph (told in the header)."""

    focus: list[str] = field(default_factory=list)
    depth: int = 1
    min_confidence: float = 0.0
    note: str = ""


class ViewError(KgError):
    """A `kg viz` request the graph cannot satisfy: an unknown name or type, a bad depth or confidence."""
