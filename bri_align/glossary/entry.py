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

import datetime
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from ..errors import GlossaryError

__all__ = [
    "Status",
    "Category",
    "Source",
    "Evidence",
    "Rendering",
    "AUTHORITIES",
    "EVIDENCE_KINDS",
    "EVIDENCE_DATE",
    "DateLike",
    "as_date",
    "evidence_day",
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


#: Who may be cited as evidence for a rendering, and of which kind each is: ``official``
#: (government, party and state organs, the state news agency and the party papers),
#: ``state media`` (state-owned outlets that are not an official text), ``media`` (other
#: media and academic writing) or ``other`` (international organisations).  The termbase
#: validator refuses any other authority name, so that the kinds are never guessed.
AUTHORITIES: Mapping[str, str] = {
    "Xinhua": "official", "gov.cn": "official", "State Council Information Office": "official",
    "Ministry of Foreign Affairs": "official", "NDRC": "official", "MOFCOM": "official",
    "Qiushi": "official", "Belt and Road Portal": "official", "People's Daily": "official",
    "China Daily": "official", "NPC": "official", "IDCPC": "official", "Chinese embassy": "official",
    "CPC Central Committee": "official", "Ministry of Ecology and Environment": "official",
    "Ministry of Commerce": "official", "Ministry of Education": "official",
    "CGTN": "state media", "CRI": "state media", "ECNS": "state media", "China.org.cn": "state media",
    "Global Times": "state media", "China Today": "state media", "Beijing Review": "state media",
    "other media": "media", "academic": "media", "international organisation": "other",
}
EVIDENCE_KINDS = ("official", "state media", "media", "other")
#: An evidence date as the source prints it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
EVIDENCE_DATE = re.compile(r"\A(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")

DateLike = Union[str, datetime.date, None]


def as_date(value: DateLike, *, field: str = "date", path: Optional[str] = None,
            line: Optional[int] = None) -> datetime.date:
    """A document date: a :class:`datetime.date` (a datetime counts by its day), an ISO
    ``YYYY-MM-DD`` string, or None for today.  Anything else is a located
    :class:`~bri_align.errors.InputError` naming ``field``."""
    from ..errors import InputError

    if value is None:
        return datetime.date.today()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        raise InputError(f"{value[:40]!r} is not a date; give the document date as YYYY-MM-DD "
                         "(e.g. 2014-06-30)", field=field, path=path, line=line)
    raise InputError(f"the document date must be a YYYY-MM-DD string or a datetime.date, got "
                     f"{type(value).__name__}", field=field, path=path, line=line)


def evidence_day(date: str) -> Optional[datetime.date]:
    """The first day an evidence date can mean (``2015`` -> 2015-01-01, ``2015-03`` ->
    2015-03-01), or None when it is empty or not a date."""
    m = EVIDENCE_DATE.match(date or "")
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


@dataclass(frozen=True)
class Evidence:
    """A published use of a rendering: who printed it (an :data:`AUTHORITIES` name), when
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, empty when the page shows no date), where it
    can be read, and the words as printed (containing the rendering)."""

    authority: str
    date: str = ""
    url: str = ""
    quote: str = ""

    @property
    def kind(self) -> str:
        """``official``, ``state media``, ``media`` or ``other`` (:data:`AUTHORITIES`);
        ``other`` for a name not in the table (the validator refuses those)."""
        return AUTHORITIES.get(self.authority, "other")

    @property
    def official(self) -> bool:
        return self.kind == "official"

    @property
    def day(self) -> Optional[datetime.date]:
        """The first day :attr:`date` can mean, or None (see :func:`evidence_day`)."""
        return evidence_day(self.date)

    def to_dict(self) -> Dict[str, str]:
        d = {"authority": self.authority}
        if self.date:
            d["date"] = self.date
        d["url"] = self.url
        d["quote"] = self.quote
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Evidence":
        return cls(authority=d["authority"], date=str(d.get("date", "") or ""),
                   url=d.get("url", "") or "", quote=d.get("quote", "") or "")


@dataclass(frozen=True)
class Rendering:
    """One English rendering of a concept.

    ``evidence`` lists published uses; ``attested`` is ``bool(evidence)`` unless given
    (``attested=False`` with evidence, or ``True`` without, does not validate).
    ``valid_from`` / ``valid_until`` (ISO dates, optional) bound the period in which the
    rendering was the usage in force; :meth:`status_at` applies them to a document date.
    """

    en: str
    status: Status
    reason: str = ""
    literal: bool = False
    seen_in_seed: bool = False
    valid_from: str = ""  # ISO date, optional
    valid_until: str = ""  # ISO date, optional; the first day it is no longer in force
    source: Optional[Source] = None
    note: str = ""
    evidence: Tuple[Evidence, ...] = ()
    attested: Optional[bool] = None  # None: bool(evidence); always a bool after construction

    def __post_init__(self) -> None:
        if not isinstance(self.evidence, tuple):
            object.__setattr__(self, "evidence", tuple(self.evidence))
        if self.attested is None:
            object.__setattr__(self, "attested", bool(self.evidence))

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED_STATUSES

    @property
    def official_evidence(self) -> Tuple[Evidence, ...]:
        return tuple(ev for ev in self.evidence if ev.official)

    def status_at(self, date: DateLike = None) -> Status:
        """The status of this rendering for a document dated ``date`` (default today).

        - A deprecated or superseded rendering with ``valid_until`` D counts as
          **admitted** for documents dated before D (and on or after its ``valid_from``,
          when it has one): it was the usage in force then.
        - An admitted rendering with ``valid_until`` D counts as **superseded** from D on.
          (A preferred rendering cannot carry ``valid_until``: the validator refuses it.)
        - An accepted rendering before its ``valid_from`` keeps its status: it was not
          yet in force, but a later official name is never an error in an earlier
          document, and the preferred rendering stays the suggestion.
        - Every other rendering has its own status at every date.
        """
        if not (self.valid_from or self.valid_until):
            return self.status
        day = as_date(date)
        start = _iso(self.valid_from)
        end = _iso(self.valid_until)
        if self.status in REJECTED_STATUSES:
            if end is not None and day < end and (start is None or day >= start):
                return Status.ADMITTED
            return self.status
        if end is not None and day >= end and self.status is Status.ADMITTED:
            return Status.SUPERSEDED
        return self.status

    def at(self, date: DateLike = None) -> "Rendering":
        """This rendering with :meth:`status_at` as its status (itself when unchanged)."""
        status = self.status_at(date)
        if status is self.status:
            return self
        from dataclasses import replace

        return replace(self, status=status)

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
        if self.valid_until:
            d["valid_until"] = self.valid_until
        if self.source is not None:
            d["source"] = self.source.to_dict()
        if self.note:
            d["note"] = self.note
        if self.evidence:
            d["evidence"] = [ev.to_dict() for ev in self.evidence]
        if self.attested != bool(self.evidence):  # only an inconsistent (invalid) value is written
            d["attested"] = self.attested
        return d

    def to_record(self) -> Dict[str, Any]:
        """:meth:`to_dict` with ``valid_from``, ``valid_until``, ``evidence`` and ``attested``
        always present, in that order at the end (the JSONL export and ``lookup --format json``)."""
        d = {k: v for k, v in self.to_dict().items()
             if k not in ("valid_from", "valid_until", "evidence", "attested")}
        d["valid_from"] = self.valid_from
        d["valid_until"] = self.valid_until
        d["evidence"] = [ev.to_dict() for ev in self.evidence]
        d["attested"] = bool(self.attested)
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
            valid_until=str(d.get("valid_until", d.get("valid_to", "")) or ""),
            source=Source.from_dict(src) if src else None,
            note=d.get("note", "") or "",
            evidence=tuple(Evidence.from_dict(ev) for ev in d.get("evidence", ()) or ()),
            attested=d.get("attested"),
        )


def _iso(value: str) -> Optional[datetime.date]:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


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

    def at(self, date: DateLike = None) -> "TermEntry":
        """This entry as judged for a document dated ``date`` (default today): each
        rendering with its :meth:`Rendering.status_at`; itself when nothing changes."""
        day = as_date(date)
        renderings = tuple(r.at(day) for r in self.renderings)
        if all(a is b for a, b in zip(renderings, self.renderings)):
            return self
        from dataclasses import replace

        return replace(self, renderings=renderings)

    @property
    def dated(self) -> bool:
        """Whether any rendering carries ``valid_from`` or ``valid_until``."""
        return any(r.valid_from or r.valid_until for r in self.renderings)

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
