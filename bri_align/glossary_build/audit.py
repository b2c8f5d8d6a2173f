"""The terminology audit of matched seed documents (layer L3, part of the glossary build).

The audit answers three questions about each seed document:

* which termbase entries it uses, with which renderings and how often;
* every *flagged* rendering: a deprecated or superseded rendering, or one the
  termbase marks ``literal`` (a word-for-word MT rendering), each with its
  sentence and the preferred rendering to use instead;
* every *inconsistency*: one concept (entry id) rendered in several distinct
  ways in one document (e.g. "Belt and Road", "One Belt, One Road" and "One
  Belt and One Road").  Renderings are grouped by their normalised glossary
  form, so "brushwork"/"brushworks" or a change of case is not an inconsistency.
  Forms *nested* inside a longer term of another entry count too: "Belt and
  Road" inside "joint construction of the Belt and Road" is a rendering of
  一带一路 even though the occurrence belongs to 共建“一带一路”.  Nested forms
  are used for this check only; they are not occurrences (and are never flagged
  a second time).

Dates: a rendering is judged by the usage in force on the seed's date (``date``,
default today; ``dates``: per seed file), through its ``valid_from``/``valid_until``
(:meth:`bri_align.glossary.Rendering.status_at`): a rendering deprecated with
``valid_until`` 2015 is not flagged in a 2014 seed.

Inconsistencies are computed for English seeds only: in a Chinese seed the
forms are Chinese variants of the same term (一带一路 / 一帶一路), which are
not translation choices.
"""

from __future__ import annotations

import datetime
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary import GlossaryLike, as_glossary
from ..glossary.entry import DateLike, as_date
from ..glossary.model import ACCEPTED_STATUSES, REJECTED_STATUSES, Glossary, Status, TermEntry
from ..text.markdown import md_cell
from ..text.normalize import normalize_term
from .candidates import Candidate
from .seeds import Occurrence, SeedDocument

__all__ = [
    "SeedEntryUse",
    "SeedAudit",
    "RenderingUse",
    "Inconsistency",
    "Audit",
    "audit_documents",
]


# ------------------------------------------------------------------ audit records
@dataclass(frozen=True)
class SeedEntryUse:
    """A termbase entry used in one seed: how often and in which forms.

    (Not :class:`bri_align.qa.TermUse`, which is one term of a source line and its
    rendering in a translation.)"""

    entry_id: str
    zh: str
    preferred: str
    count: int
    forms: Tuple[Tuple[str, int], ...]  # (form, count), by first appearance

    def to_dict(self) -> Dict[str, Any]:
        return {"entry_id": self.entry_id, "zh": self.zh, "preferred": self.preferred, "count": self.count,
                "forms": [{"form": f, "count": c} for f, c in self.forms]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SeedEntryUse":
        return cls(entry_id=d["entry_id"], zh=d["zh"], preferred=d["preferred"], count=int(d["count"]),
                   forms=tuple((f["form"], int(f["count"])) for f in d.get("forms", ())))


@dataclass(frozen=True)
class SeedAudit:
    file: str
    lang: str
    paragraphs: int
    sentences: int
    occurrences: int
    flagged: int
    terms: Tuple[SeedEntryUse, ...]

    def to_dict(self) -> Dict[str, Any]:
        return {"file": self.file, "lang": self.lang, "paragraphs": self.paragraphs,
                "sentences": self.sentences, "occurrences": self.occurrences, "flagged": self.flagged,
                "terms": [t.to_dict() for t in self.terms]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SeedAudit":
        return cls(file=d["file"], lang=d["lang"], paragraphs=int(d["paragraphs"]),
                   sentences=int(d["sentences"]), occurrences=int(d["occurrences"]),
                   flagged=int(d["flagged"]), terms=tuple(SeedEntryUse.from_dict(t) for t in d.get("terms", ())))


@dataclass(frozen=True)
class RenderingUse:
    """One distinct rendering of a concept in one document."""

    form: str  # the termbase rendering
    key: str  # its normalised form (the grouping key)
    status: Status
    literal: bool
    count: int
    texts: Tuple[str, ...]  # the distinct surface texts seen
    first_start: int
    first_end: int
    first_paragraph: int
    first_sentence: int
    nested: int = 0  # how many of ``count`` sit inside a longer term of another entry

    def to_dict(self) -> Dict[str, Any]:
        return {"form": self.form, "key": self.key, "status": self.status.value, "literal": self.literal,
                "count": self.count, "nested": self.nested, "texts": list(self.texts),
                "first": {"char_start": self.first_start, "char_end": self.first_end,
                          "paragraph": self.first_paragraph, "sentence": self.first_sentence}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "RenderingUse":
        first = d["first"]
        return cls(form=d["form"], key=d["key"], status=Status(d["status"]), literal=bool(d["literal"]),
                   count=int(d["count"]), texts=tuple(d.get("texts", ())),
                   first_start=int(first["char_start"]), first_end=int(first["char_end"]),
                   first_paragraph=int(first["paragraph"]), first_sentence=int(first["sentence"]),
                   nested=int(d.get("nested", 0)))


@dataclass(frozen=True)
class Inconsistency:
    """One concept rendered in several distinct ways in one document."""

    file: str
    entry_id: str
    zh: str
    preferred: str
    renderings: Tuple[RenderingUse, ...]

    @property
    def has_rejected(self) -> bool:
        return any(r.status in REJECTED_STATUSES or r.literal for r in self.renderings)

    def to_dict(self) -> Dict[str, Any]:
        return {"file": self.file, "entry_id": self.entry_id, "zh": self.zh, "preferred": self.preferred,
                "has_rejected": self.has_rejected, "renderings": [r.to_dict() for r in self.renderings]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Inconsistency":
        return cls(file=d["file"], entry_id=d["entry_id"], zh=d["zh"], preferred=d["preferred"],
                   renderings=tuple(RenderingUse.from_dict(r) for r in d["renderings"]))


@dataclass(frozen=True)
class Audit:
    """The audit of a set of seed documents against a glossary."""

    glossary: str  # the glossary signature
    seeds: Tuple[SeedAudit, ...]
    flagged: Tuple[Occurrence, ...]
    inconsistencies: Tuple[Inconsistency, ...]
    candidates: Tuple[Candidate, ...] = ()

    def to_dict(self) -> Dict[str, Any]:
        return {
            "glossary": self.glossary,
            "totals": {
                "seeds": len(self.seeds),
                "occurrences": sum(s.occurrences for s in self.seeds),
                "flagged": len(self.flagged),
                "inconsistencies": len(self.inconsistencies),
                "candidates": len(self.candidates),
            },
            "seeds": [s.to_dict() for s in self.seeds],
            "flagged": [_flag_dict(o) for o in self.flagged],
            "inconsistencies": [i.to_dict() for i in self.inconsistencies],
            "candidates": [c.to_dict() for c in self.candidates],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Audit":
        return cls(
            glossary=d["glossary"],
            seeds=tuple(SeedAudit.from_dict(s) for s in d.get("seeds", ())),
            flagged=tuple(Occurrence.from_dict(o) for o in d.get("flagged", ())),
            inconsistencies=tuple(Inconsistency.from_dict(i) for i in d.get("inconsistencies", ())),
            candidates=tuple(Candidate.from_dict(c) for c in d.get("candidates", ())),
        )

    def to_markdown(self, *, max_candidates: int = 50) -> str:
        return _markdown(self, max_candidates=max_candidates)


def _flag_dict(o: Occurrence) -> Dict[str, Any]:
    d = o.to_dict()
    d["why"] = o.why
    return d


# ------------------------------------------------------------------ computing
def _occurrences_at(occs: Sequence[Occurrence], glossary: Glossary, day: datetime.date) -> Tuple[Occurrence, ...]:
    """English occurrences with the status of their rendering on ``day``: a rejected
    rendering still in force is admitted (and not literal: it was the usage then)."""
    out = []
    for o in occs:
        r = glossary.get(o.entry_id).rendering(o.form) if o.lang == "en" else None
        if r is None or not (r.valid_from or r.valid_until):
            out.append(o)
            continue
        status = r.status_at(day)
        if status is not o.status:
            if status in ACCEPTED_STATUSES:
                o = replace(o, status=status, literal=False, reason="")
            else:
                o = replace(o, status=status, reason=o.reason or f"no longer in force from {r.valid_until}")
        out.append(o)
    return tuple(out)


def audit_documents(documents: Sequence[SeedDocument], glossary: GlossaryLike = None, *,
                    candidates: Iterable[Candidate] = (), date: DateLike = None,
                    dates: Optional[Mapping[str, DateLike]] = None) -> Audit:
    """Audit matched seed documents (see module doc) against ``glossary`` (a
    :class:`Glossary`, a termbase or export path, or None for the bundled termbase):
    the one the documents were matched with.  ``date``: the documents' date
    (``YYYY-MM-DD`` or a :class:`datetime.date`; default today); ``dates``: a date per
    seed file (its :attr:`SeedDocument.file`), overriding ``date``."""
    glossary = as_glossary(glossary)
    default = as_date(date, field="date")
    if dates is not None and not isinstance(dates, Mapping):
        raise InputError(f"dates must map seed files to dates, got {type(dates).__name__}", field="dates")
    days = {f: as_date(d, field=f"dates[{f!r}]") for f, d in (dates or {}).items() if d is not None}
    known = {doc.file for doc in documents}
    unknown = sorted(set(days) - known)
    if unknown:
        raise InputError(f"dates names seed files that are not audited: {', '.join(unknown[:3])}; the seeds are: "
                         + ", ".join(sorted(known)[:10]), field="dates")
    seeds: List[SeedAudit] = []
    flagged: List[Occurrence] = []
    inconsistencies: List[Inconsistency] = []
    for doc in documents:
        day = days.get(doc.file, default)
        doc = replace(doc, occurrences=_occurrences_at(doc.occurrences, glossary, day),
                      nested=_occurrences_at(doc.nested, glossary, day))
        by_entry: "OrderedDict[str, List[Occurrence]]" = OrderedDict()
        for o in doc.occurrences:
            by_entry.setdefault(o.entry_id, []).append(o)
            if o.flagged:
                flagged.append(o)
        terms = []
        for eid, occs in by_entry.items():
            entry = glossary.get(eid)
            forms = Counter(o.form for o in occs)
            order = list(OrderedDict.fromkeys(o.form for o in occs))
            terms.append(SeedEntryUse(entry_id=eid, zh=entry.zh, preferred=entry.preferred.en, count=len(occs),
                                 forms=tuple((f, forms[f]) for f in order)))
        if doc.lang == "en":
            uses: "OrderedDict[str, List[Tuple[Occurrence, bool]]]" = OrderedDict()
            both = [(o, False) for o in doc.occurrences] + [(o, True) for o in doc.nested]
            both.sort(key=lambda t: (t[0].char_start, t[0].char_end))
            for o, is_nested in both:
                uses.setdefault(o.entry_id, []).append((o, is_nested))
            for eid, group in uses.items():
                inc = _inconsistency(doc.file, glossary.get(eid), group)
                if inc is not None:
                    inconsistencies.append(inc)
        seeds.append(SeedAudit(file=doc.file, lang=doc.lang, paragraphs=len(doc.paragraphs),
                               sentences=doc.n_sentences, occurrences=len(doc.occurrences),
                               flagged=sum(o.flagged for o in doc.occurrences), terms=tuple(terms)))
    return Audit(glossary=glossary.signature(), seeds=tuple(seeds), flagged=tuple(flagged),
                 inconsistencies=tuple(inconsistencies), candidates=tuple(candidates))


def _inconsistency(file: str, entry: TermEntry, occs: Sequence[Tuple[Occurrence, bool]]) -> Optional[Inconsistency]:
    groups: "OrderedDict[str, List[Tuple[Occurrence, bool]]]" = OrderedDict()
    for o, is_nested in occs:
        groups.setdefault(normalize_term(o.form, "en"), []).append((o, is_nested))
    if len(groups) < 2:
        return None
    uses = []
    for key, group in groups.items():
        first = group[0][0]
        texts = tuple(OrderedDict.fromkeys(o.text for o, _ in group))
        uses.append(RenderingUse(form=first.form, key=key, status=first.status, literal=first.literal,
                                 count=len(group), texts=texts, first_start=first.char_start,
                                 first_end=first.char_end, first_paragraph=first.paragraph,
                                 first_sentence=first.sentence, nested=sum(n for _, n in group)))
    return Inconsistency(file=file, entry_id=entry.id, zh=entry.zh, preferred=entry.preferred.en,
                         renderings=tuple(uses))


# ------------------------------------------------------------------ Markdown
def _cell(text: str, limit: int = 0) -> str:
    """A Markdown table cell (:func:`~bri_align.text.markdown.md_cell`), cut to ``limit`` characters."""
    text = md_cell(text)
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _markdown(audit: Audit, *, max_candidates: int) -> str:
    lines = ["# Terminology audit of the seed documents", ""]
    lines.append(f"Glossary: `{audit.glossary}`")
    lines.append("")
    lines.append("| seed | lang | paragraphs | sentences | occurrences | entries | flagged |")
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    for s in audit.seeds:
        lines.append(f"| {_cell(s.file)} | {s.lang} | {s.paragraphs} | {s.sentences} | {s.occurrences} | "
                     f"{len(s.terms)} | {s.flagged} |")
    lines.append("")
    lines.append("## Flagged renderings")
    lines.append("")
    if not audit.flagged:
        lines.append("None: no deprecated, superseded or literal rendering was found.")
    else:
        lines.append("Deprecated, superseded or literal renderings used in the seeds, with the preferred "
                     "rendering to use instead. Offsets are character offsets into the seed file.")
        lines.append("")
        lines.append("| seed | line | offsets | used | why | use instead | entry | sentence |")
        lines.append("|---|---:|---|---|---|---|---|---|")
        for o in audit.flagged:
            reason = f" ({o.reason})" if o.reason else ""
            lines.append(f"| {_cell(o.file)} | {o.line} | {o.char_start}–{o.char_end} | {_cell(o.text)} | "
                         f"{o.why}{_cell(reason)} | **{_cell(o.preferred)}** | `{o.entry_id}` {o.zh} | "
                         f"{_cell(o.context, 160)} |")
    lines.append("")
    lines.append("## Inconsistent renderings")
    lines.append("")
    if not audit.inconsistencies:
        lines.append("None: every concept is rendered one way within each document.")
    else:
        lines.append("Concepts rendered several ways within one document (grouped by entry and by "
                     "normalised rendering).")
        lines.append("")
        for inc in audit.inconsistencies:
            note = "" if inc.has_rejected else " (every form used is accepted)"
            lines.append(f"- **{inc.zh}** (`{inc.entry_id}`) in {_cell(inc.file)}; preferred: "
                         f"**{_cell(inc.preferred)}**{note}")
            for r in inc.renderings:
                tags = r.status.value + (", literal" if r.literal else "")
                inside = f" ({r.nested} inside longer terms)" if r.nested else ""
                lines.append(f"  - \"{_cell(r.form)}\" ({tags}) × {r.count}{inside}, first at "
                             f"{r.first_start}–{r.first_end}")
    lines.append("")
    lines.append("## Terms found per seed")
    lines.append("")
    for s in audit.seeds:
        lines.append(f"### {_cell(s.file)}")
        lines.append("")
        if not s.terms:
            lines.append("No termbase entry occurs in this seed.")
            lines.append("")
            continue
        lines.append("| entry | zh | preferred | count | forms used |")
        lines.append("|---|---|---|---:|---|")
        for t in s.terms:
            forms = "; ".join(f"{_cell(f)} × {c}" for f, c in t.forms)
            lines.append(f"| `{t.entry_id}` | {t.zh} | {_cell(t.preferred)} | {t.count} | {forms} |")
        lines.append("")
    lines.append("## Candidate terms the termbase lacks")
    lines.append("")
    if not audit.candidates:
        lines.append("None found.")
    else:
        shown = audit.candidates[:max_candidates]
        lines.append(f"Top {len(shown)} of {len(audit.candidates)} (all in candidates.tsv): quoted phrases "
                     "first, then recurring multiword expressions ranked by C-value.")
        lines.append("")
        lines.append("| rank | candidate | lang | kind | count | score | example |")
        lines.append("|---:|---|---|---|---:|---:|---|")
        for k, c in enumerate(shown, start=1):
            lines.append(f"| {k} | {_cell(c.text)} | {c.lang} | {c.kind} | {c.count} | {c.score:.2f} | "
                         f"{_cell(c.example, 120)} |")
    lines.append("")
    return "\n".join(lines)
