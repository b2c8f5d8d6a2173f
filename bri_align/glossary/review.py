"""The evidence review of a glossary: what is unattested, what only media attest, and where
official sources disagree (layer L2; ``bri-align glossary review``).

Per entry, :func:`review_glossary` lists

``unattested``
    renderings (preferred, admitted or deprecated) with no evidence at all;
``media_only``
    accepted (preferred or admitted) renderings attested, but by no official source
    (only state media, other media, academic writing or international organisations:
    :data:`AUTHORITIES`); a deprecated rendering that only media print is no concern
    (media are where literal renderings circulate), so it is not listed;
``disagreements``
    where official sources pull apart: two accepted renderings each printed by an
    official source (e.g. one ministry's interpreters and a party journal), or an
    official source using a deprecated or superseded rendering (before its
    ``valid_until``: the validator refuses it after);
``quote_mismatches``
    evidence whose quote does not contain its rendering (case, quote marks, dashes and
    spacing aside): the quote supports some other wording.

and in total, for each status, how many renderings are attested and how many by an
official source.  The review judges the termbase as it stands; it never changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Tuple

from .entry import ACCEPTED_STATUSES, AUTHORITIES, REJECTED_STATUSES, Evidence, Rendering, Status
from .model import Glossary

__all__ = ["EntryReview", "GlossaryReview", "review_glossary", "quote_contains"]

REVIEW_VERSION = "review.v1"

_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-",
                        "\u2014": "-", "\u00a0": " ", "\u2010": "-", "\u2011": "-"})


def _fold(text: str) -> str:
    text = text.translate(_MARKS).casefold().replace('"', "").replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


def quote_contains(quote: str, rendering: str) -> bool:
    """Whether ``quote`` holds ``rendering``, case, quote marks, dashes and spacing aside."""
    return _fold(rendering) in _fold(quote)


def _cite(ev: Evidence) -> str:
    return ev.authority + (f" {ev.date}" if ev.date else "")


@dataclass(frozen=True)
class EntryReview:
    """What the review found for one entry (each finding one readable line)."""

    id: str
    zh: str
    category: str
    verified: bool
    preferred: str
    unattested: Tuple[str, ...] = ()
    media_only: Tuple[str, ...] = ()
    disagreements: Tuple[str, ...] = ()
    quote_mismatches: Tuple[str, ...] = ()

    @property
    def findings(self) -> int:
        return (len(self.unattested) + len(self.media_only) + len(self.disagreements)
                + len(self.quote_mismatches))

    def to_dict(self) -> Dict[str, Any]:
        return {"id": self.id, "zh": self.zh, "category": self.category, "verified": self.verified,
                "preferred": self.preferred, "unattested": list(self.unattested),
                "media_only": list(self.media_only), "disagreements": list(self.disagreements),
                "quote_mismatches": list(self.quote_mismatches)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "EntryReview":
        return cls(id=d["id"], zh=d["zh"], category=d["category"], verified=bool(d["verified"]),
                   preferred=d["preferred"], unattested=tuple(d.get("unattested", ())),
                   media_only=tuple(d.get("media_only", ())), disagreements=tuple(d.get("disagreements", ())),
                   quote_mismatches=tuple(d.get("quote_mismatches", ())))


@dataclass(frozen=True)
class GlossaryReview:
    """The review of a whole glossary: entries with findings, and totals per status."""

    glossary: str  # the glossary signature
    n_entries: int
    entries: Tuple[EntryReview, ...]  # only the entries with at least one finding
    totals: Mapping[str, Mapping[str, int]]  # status -> {"renderings", "attested", "official"}
    preferred_quoted: int  # entries whose preferred rendering has a quote containing it

    def share(self, status: str) -> float:
        """Attested share of the renderings with ``status`` (0.0 when there are none)."""
        t = self.totals.get(status, {})
        return t.get("attested", 0) / t["renderings"] if t.get("renderings") else 0.0

    def to_dict(self) -> Dict[str, Any]:
        return {"version": REVIEW_VERSION, "glossary": self.glossary, "entries": self.n_entries,
                "preferred_quoted": self.preferred_quoted,
                "totals": {k: dict(v) for k, v in self.totals.items()},
                "attested_share": {k: round(self.share(k), 4) for k in self.totals},
                "findings": [e.to_dict() for e in self.entries]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "GlossaryReview":
        return cls(glossary=d["glossary"], n_entries=int(d["entries"]),
                   entries=tuple(EntryReview.from_dict(e) for e in d.get("findings", ())),
                   totals={k: dict(v) for k, v in d["totals"].items()},
                   preferred_quoted=int(d.get("preferred_quoted", 0)))

    def to_markdown(self) -> str:
        from ..text.markdown import md_cell

        out = ["# Evidence review", "", f"Glossary: `{self.glossary}`", ""]
        n = self.n_entries
        pct = f"{self.preferred_quoted / n:.1%}" if n else "n/a"
        out.append(f"{n} entries; the preferred rendering has an evidence quote containing it in "
                   f"{self.preferred_quoted} ({pct}).")
        out += ["", "| status | renderings | attested | share | by an official source |", "|---|---:|---:|---:|---:|"]
        for status, t in self.totals.items():
            out.append(f"| {status} | {t['renderings']} | {t['attested']} | {self.share(status):.1%} | "
                       f"{t['official']} |")
        kinds = [("unattested", "unattested"), ("media_only", "attested by media only"),
                 ("disagreements", "official sources disagree"), ("quote_mismatches", "quote mismatches")]
        out += ["", "| finding | entries |", "|---|---:|"]
        for key, label in kinds:
            out.append(f"| {label} | {sum(1 for e in self.entries if getattr(e, key))} |")
        if not self.entries:
            out += ["", "No findings: every rendering is attested by an official source."]
        for e in self.entries:
            flag = "" if e.verified else " (verified: false)"
            out += ["", f"## {md_cell(e.zh)} `{e.id}`{flag}", "", f"preferred: {md_cell(e.preferred)}"]
            for key, label in kinds:
                for line in getattr(e, key):
                    out.append(f"- {label}: {md_cell(line)}")
        return "\n".join(out) + "\n"


def _describe(r: Rendering) -> str:
    return f"{r.status.value} '{r.en}'"


def review_glossary(glossary: Glossary) -> GlossaryReview:
    """Review the evidence of every entry of ``glossary`` (see the module doc)."""
    totals: Dict[str, Dict[str, int]] = {s.value: {"renderings": 0, "attested": 0, "official": 0} for s in Status}
    entries: List[EntryReview] = []
    quoted = 0
    for e in glossary:
        unattested: List[str] = []
        media: List[str] = []
        disagree: List[str] = []
        mismatch: List[str] = []
        official_accepted: List[Tuple[Rendering, Tuple[Evidence, ...]]] = []
        for r in e.renderings:
            t = totals[r.status.value]
            t["renderings"] += 1
            official = r.official_evidence
            if r.evidence:
                t["attested"] += 1
            if official:
                t["official"] += 1
            if not r.evidence:
                unattested.append(_describe(r))
            elif not official and r.status in ACCEPTED_STATUSES:
                kinds = sorted({AUTHORITIES.get(ev.authority, "other") for ev in r.evidence})
                media.append(f"{_describe(r)}: " + ", ".join(_cite(ev) for ev in r.evidence)
                             + f" ({', '.join(kinds)})")
            for ev in r.evidence:
                if not quote_contains(ev.quote, r.en):
                    mismatch.append(f"{_describe(r)}: {_cite(ev)} quote does not contain it: \"{ev.quote}\"")
            if r.status in ACCEPTED_STATUSES and official:
                official_accepted.append((r, official))
            if r.status in REJECTED_STATUSES and official:
                until = f" (valid until {r.valid_until})" if r.valid_until else ""
                disagree.append(f"{_describe(r)}{until} is used by " + ", ".join(_cite(ev) for ev in official))
        if len(official_accepted) > 1:
            disagree.insert(0, "accepted renderings each printed by an official source: " + "; ".join(
                f"'{r.en}' ({', '.join(_cite(ev) for ev in evs)})" for r, evs in official_accepted))
        pref = e.preferred
        if any(quote_contains(ev.quote, pref.en) for ev in pref.evidence):
            quoted += 1
        rev = EntryReview(id=e.id, zh=e.zh, category=e.category.value, verified=e.verified, preferred=pref.en,
                          unattested=tuple(unattested), media_only=tuple(media), disagreements=tuple(disagree),
                          quote_mismatches=tuple(mismatch))
        if rev.findings:
            entries.append(rev)
    return GlossaryReview(glossary=glossary.signature(), n_entries=len(glossary), entries=tuple(entries),
                          totals=totals, preferred_quoted=quoted)
