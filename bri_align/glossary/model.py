"""The glossary model: a validated, indexed collection of concept entries (layer L2).

The records of one concept (:class:`TermEntry`, :class:`Rendering`, ...) live in
:mod:`bri_align.glossary.entry` and are re-exported here.  A :class:`Glossary` is
an ordered collection of entries, validated by :mod:`bri_align.glossary.validate`
(which sits between the records and the collection: entry <- validate <- model),
with look-up by id, by any Chinese variant and by any English rendering.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from ..errors import GlossaryError
from ..signature import format_signature
from .entry import (
    ACCEPTED_STATUSES,
    AUTHORITIES,
    REJECTED_STATUSES,
    Category,
    DateLike,
    Evidence,
    Rendering,
    Source,
    Status,
    TermEntry,
)
from .validate import validate_entries

__all__ = [
    "Status",
    "Category",
    "Source",
    "Evidence",
    "Rendering",
    "TermEntry",
    "Glossary",
    "AUTHORITIES",
    "ACCEPTED_STATUSES",
    "REJECTED_STATUSES",
]


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

    def at(self, date: DateLike = None) -> "Glossary":
        """The glossary as judged for a document dated ``date`` (a ``YYYY-MM-DD`` string, a
        :class:`datetime.date`, or None for today): every rendering carries its
        :meth:`Rendering.status_at` status, so a rendering deprecated in 2015 is admitted
        in a 2014 document (for exporting or showing the termbase as of a day; QA and
        post-editing judge each use with :meth:`Rendering.status_at` instead).  The same
        glossary object when no rendering is dated; the last 8 days' views are kept."""
        from .entry import as_date

        day = as_date(date)
        if not any(e.dated for e in self.entries):
            return self
        views = self.__dict__.setdefault("_views", {})
        view = views.get(day)
        if view is None:
            view = Glossary(entries=tuple(e.at(day) for e in self.entries), name=self.name,
                            _validated=True)
            if len(views) >= 8:
                views.pop(next(iter(views)))
            views[day] = view
        return view

    def with_entries(self, entries: Iterable[TermEntry]) -> "Glossary":
        return Glossary.from_entries(entries, name=self.name)

    # -- identity ---------------------------------------------------------
    def to_dicts(self) -> List[Dict[str, Any]]:
        return [e.to_dict() for e in self.entries]

    def __getstate__(self) -> Dict[str, Any]:
        # the shared matchers (TermMatcher.for_glossary) are a cache: rebuilt where needed,
        # never shipped to worker processes with the glossary
        return {k: v for k, v in self.__dict__.items() if k not in ("_matchers", "_views")}

    def checksum(self) -> str:
        """SHA-256 (12 hex digits) of the entries' JSON; computed once, since a glossary is
        immutable (tokenisation asks for the signature per sentence)."""
        cached = self.__dict__.get("_checksum")
        if cached is None:
            blob = json.dumps(self.to_dicts(), ensure_ascii=False, sort_keys=True)
            cached = self.__dict__["_checksum"] = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]
        return cached

    def signature(self) -> str:
        return format_signature(f"glossary:{self.name}", [("entries", len(self)), ("sha", self.checksum())])

