"""The glossary model: frozen records for concept entries and their renderings (layer L2).

A :class:`TermEntry` is one concept: a Chinese term (simplified) with its
variants, pinyin, English renderings each carrying a TBX administrative status,
a category, a definition and sources.  A :class:`Glossary` is an ordered,
validated collection of entries with look-up by id, by any Chinese variant and
by any English rendering.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

from ..errors import GlossaryError

__all__ = [
    "Status",
    "Category",
    "Source",
    "Rendering",
    "TermEntry",
    "Glossary",
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


@dataclass(frozen=True)
class Glossary:
    """An ordered collection of validated entries with indexes for look-up.

    Build one with :meth:`Glossary.from_entries` (validates) or load one with
    :func:`bri_align.glossary.load_termbase`.
    """

    entries: Tuple[TermEntry, ...]
    name: str = "glossary"
    _by_id: Dict[str, TermEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_zh: Dict[str, TermEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_en: Dict[str, List[Tuple[TermEntry, Rendering]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _by_zh_key: Dict[str, TermEntry] = field(default_factory=dict, repr=False, compare=False)
    # set by loaders that have already validated the entries with file and line locations
    _validated: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from ..text.normalize import normalize_zh
        from .validate import validate_entries  # local: validate imports model

        if not self._validated:
            validate_entries(self.entries)
        by_id = self._by_id
        by_zh = self._by_zh
        by_en = self._by_en
        for e in self.entries:
            by_id[e.id] = e
            for form in e.zh_forms:
                by_zh[form] = e
                self._by_zh_key.setdefault(normalize_zh(form).text, e)
            for r in e.renderings:
                by_en.setdefault(r.en.casefold(), []).append((e, r))

    @classmethod
    def from_entries(cls, entries: Iterable[TermEntry], *, name: str = "glossary") -> "Glossary":
        return cls(entries=tuple(entries), name=name)

    # -- container protocol ---------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[TermEntry]:
        return iter(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __getitem__(self, entry_id: str) -> TermEntry:
        return self.get(entry_id)

    # -- look-ups -------------------------------------------------------
    def get(self, entry_id: str) -> TermEntry:
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise GlossaryError(
                f"no entry with id '{entry_id}' in {self.name} ({len(self)} entries)",
                field="id",
            ) from None

    def lookup_zh(self, term: str) -> Optional[TermEntry]:
        """Entry whose Chinese term or a variant is ``term`` (quotes, width and
        traditional characters are normalised)."""
        hit = self._by_zh.get(term)
        if hit is not None:
            return hit
        from ..text.normalize import normalize_zh

        return self._by_zh_key.get(normalize_zh(term).text)

    def lookup_en(self, rendering: str) -> List[Tuple[TermEntry, Rendering]]:
        """Entries having ``rendering`` (case-insensitive) as one of their renderings."""
        return list(self._by_en.get(rendering.strip().casefold(), ()))

    def subset(self, ids: Iterable[str], *, name: Optional[str] = None) -> "Glossary":
        wanted = set(ids)
        return Glossary.from_entries(
            (e for e in self.entries if e.id in wanted), name=name or self.name
        )

    def with_entries(self, entries: Iterable[TermEntry]) -> "Glossary":
        return Glossary.from_entries(entries, name=self.name)

    # -- identity ---------------------------------------------------------
    def to_dicts(self) -> List[Dict[str, Any]]:
        return [e.to_dict() for e in self.entries]

    def checksum(self) -> str:
        blob = json.dumps(self.to_dicts(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    def signature(self) -> str:
        from .._version import __version__

        return f"glossary:{self.name}|entries:{len(self)}|sha:{self.checksum()}|bri_align:{__version__}"

