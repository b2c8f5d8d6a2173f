"""The entry records of the glossary: statuses, categories, sources, renderings and
concept entries (layer L2, below the validation rules and the :class:`Glossary`).

A :class:`TermEntry` is one concept: a Chinese term (simplified) with its
variants, pinyin, English renderings each carrying a TBX administrative status,
a category, a definition and sources.  These records import nothing else of the
glossary package, so :mod:`bri_align.glossary.validate` can check them and
:mod:`bri_align.glossary.model` can build a validated :class:`Glossary` from them
without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Dict, Mapping, Optional, Tuple

from ..errors import GlossaryError

__all__ = [
    "Status",
    "Category",
    "Source",
    "Rendering",
    "TermEntry",
    "ACCEPTED_STATUSES",
    "REJECTED_STATUSES",
]


class Status(str, Enum):
    """Administrative status of a rendering, as in TBX ``administrativeStatus``."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"

    @property
    def tbx(self) -> str:
        return f"{self.value}Term-admn-sts"

    @property
    def rank(self) -> int:
        """0 preferred, 1 admitted, 2 deprecated, 3 superseded: the one order in which
        the library ranks renderings (matcher ties, term metrics, QA)."""
        return _STATUS_RANK[self.value]

    @classmethod
    def from_tbx(cls, value: str) -> "Status":
        return cls(value.replace("Term-admn-sts", ""))

    def __str__(self) -> str:
        return self.value


_STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2, "superseded": 3}
ACCEPTED_STATUSES = frozenset({Status.PREFERRED, Status.ADMITTED})
REJECTED_STATUSES = frozenset({Status.DEPRECATED, Status.SUPERSEDED})


class Category(str, Enum):
    CONCEPT = "concept"
    METAPHOR = "metaphor"
    INSTITUTION = "institution"
    PROGRAMME = "programme"
    DOCUMENT = "document"
    SLOGAN = "slogan"
    EVENT = "event"
    POLICY = "policy"
    PLACE = "place"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Source:
    """Who stands behind a rendering: an authority and a citation."""

    authority: str
    citation: str = ""
    url: str = ""

    def to_dict(self) -> Dict[str, str]:
        d = {"authority": self.authority}
        if self.citation:
            d["citation"] = self.citation
        if self.url:
            d["url"] = self.url
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Source":
        return cls(
            authority=d["authority"],
            citation=d.get("citation", "") or "",
            url=d.get("url", "") or "",
        )


@dataclass(frozen=True)
class Rendering:
    """One English rendering of a concept."""

    en: str
    status: Status
    reason: str = ""
    literal: bool = False
    seen_in_seed: bool = False
    valid_from: str = ""  # ISO date, optional
    valid_to: str = ""  # ISO date, optional
    source: Optional[Source] = None
    note: str = ""

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED_STATUSES

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"en": self.en, "status": self.status.value}
        if self.reason:
            d["reason"] = self.reason
        if self.literal:
            d["literal"] = True
        if self.seen_in_seed:
            d["seen_in_seed"] = True
        if self.valid_from:
            d["valid_from"] = self.valid_from
        if self.valid_to:
            d["valid_to"] = self.valid_to
        if self.source is not None:
            d["source"] = self.source.to_dict()
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Rendering":
        src = d.get("source")
        return cls(
            en=d["en"],
            status=Status(d["status"]),
            reason=d.get("reason", "") or "",
            literal=bool(d.get("literal", False)),
            seen_in_seed=bool(d.get("seen_in_seed", False)),
            valid_from=str(d.get("valid_from", "") or ""),
            valid_to=str(d.get("valid_to", "") or ""),
            source=Source.from_dict(src) if src else None,
            note=d.get("note", "") or "",
        )


@dataclass(frozen=True)
class TermEntry:
    """One concept entry with a stable id."""

    id: str
    zh: str
    renderings: Tuple[Rendering, ...]
    category: Category = Category.CONCEPT
    zh_variants: Tuple[str, ...] = ()
    pinyin: str = ""
    definition: str = ""
    sources: Tuple[Source, ...] = ()
    verified: bool = True
    note: str = ""

    # -- convenient views -------------------------------------------------
    @property
    def preferred(self) -> Rendering:
        for r in self.renderings:
            if r.status is Status.PREFERRED:
                return r
        raise GlossaryError("no preferred rendering", entry_id=self.id, field="renderings")

    def by_status(self, *statuses: Status) -> Tuple[Rendering, ...]:
        return tuple(r for r in self.renderings if r.status in statuses)

    @property
    def admitted(self) -> Tuple[Rendering, ...]:
        return self.by_status(Status.ADMITTED)

    @property
    def deprecated(self) -> Tuple[Rendering, ...]:
        """Deprecated and superseded renderings (both are to be replaced)."""
        return self.by_status(Status.DEPRECATED, Status.SUPERSEDED)

    @property
    def zh_forms(self) -> Tuple[str, ...]:
        return (self.zh,) + tuple(v for v in self.zh_variants if v != self.zh)

    def rendering(self, en: str) -> Optional[Rendering]:
        key = en.casefold()
        for r in self.renderings:
            if r.en.casefold() == key:
                return r
        return None

    # -- (de)serialisation ---------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"id": self.id, "zh": self.zh}
        if self.zh_variants:
            d["zh_variants"] = list(self.zh_variants)
        if self.pinyin:
            d["pinyin"] = self.pinyin
        d["category"] = self.category.value
        if self.definition:
            d["definition"] = self.definition
        d["renderings"] = [r.to_dict() for r in self.renderings]
        if self.sources:
            d["sources"] = [s.to_dict() for s in self.sources]
        if not self.verified:
            d["verified"] = False
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "TermEntry":
        return cls(
            id=d["id"],
            zh=d["zh"],
            zh_variants=tuple(d.get("zh_variants", ()) or ()),
            pinyin=d.get("pinyin", "") or "",
            category=Category(d.get("category", "concept")),
            definition=d.get("definition", "") or "",
            renderings=tuple(Rendering.from_dict(r) for r in d["renderings"]),
            sources=tuple(Source.from_dict(s) for s in d.get("sources", ()) or ()),
            verified=bool(d.get("verified", True)),
            note=d.get("note", "") or "",
        )
