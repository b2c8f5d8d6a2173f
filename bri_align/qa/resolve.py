"""Which rendering a translation used for each source term (shared by QA and post-editing).

:func:`resolve_term_uses` runs the term aligner (:class:`bri_align.align.terms.TermAligner`)
over (source, hypothesis) pairs and, for every Chinese term occurrence it reports,
pins down the *glossary rendering* inside the aligned English span:

* the aligner found a known rendering of the entry (``evidence="rendering"``) or a
  span whose text is a rendering: the aligner's record carries it
  (:attr:`~bri_align.align.terms.TermAlignment.rendering`: the English matcher's hit
  of that entry that overlaps the span most) -- the exact rendering, its glossary
  form, status, ``literal`` flag and reason, with offsets (inflections, case,
  hyphens and enclosing quotes as :class:`~bri_align.TermMatcher` handles them);
* the aligner found a span that is no rendering of the entry: status ``new``
  (an *unknown rendering*), the span itself is reported;
* the aligner found no span: status ``unaligned``.

:func:`banned_uses` adds the globally banned forms (``One Belt, One Road``...; the
benchmark's list, :data:`bri_align.metrics.DEFAULT_BANNED_FORMS`) that are in a
hypothesis but not part of any aligned rendering.

Each hypothesis is scanned by the glossary's one English matcher
(:meth:`TermMatcher.for_glossary`) once: :func:`english_matches` gives every hit,
the term aligner reads them, and the banned forms are the leftmost-longest of them.

Validation of the inputs (line counts, empty lines, swapped languages) lives in
:func:`check_segments`, so the QA and post-editing entry points report the same
one-line errors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.entry import DateLike, as_date
from ..glossary.model import ACCEPTED_STATUSES, Glossary, Status
from ..matching.matcher import TermMatch, TermMatcher
from ..metrics.terminology import BannedFormFinder

__all__ = [
    "TermUse",
    "resolve_term_uses",
    "banned_uses",
    "BannedFormFinder",
    "check_segments",
    "english_matches",
    "leftmost_longest",
    "is_rejected",
    "segment_dates",
    "uses_at",
]

_KNOWN = frozenset(s.value for s in Status)  # statuses of a glossary rendering


@dataclass(frozen=True)
class TermUse:
    """One source term occurrence (or one banned form) and what the hypothesis has for it."""

    line: int  # 1-based segment index
    entry_id: str
    zh: str  # the source term as it appears ('' for a banned form with no source term)
    zh_start: Optional[int]
    zh_end: Optional[int]
    status: str  # preferred | admitted | deprecated | superseded | new | unaligned
    en: Optional[str] = None  # hypothesis text of the rendering (or of the unknown span)
    en_start: Optional[int] = None
    en_end: Optional[int] = None
    form: Optional[str] = None  # the glossary rendering matched (None for new/unaligned)
    literal: bool = False
    reason: str = ""  # the glossary's reason for a deprecated/superseded/literal rendering
    evidence: str = "none"  # rendering | alignment | banned | none
    span: Optional[Tuple[int, int]] = None  # the aligner's whole span (may extend the rendering)
    score: float = 0.0

    @property
    def known(self) -> bool:
        return self.status in _KNOWN

    def to_dict(self) -> Dict[str, Any]:
        return {"line": self.line, "entry_id": self.entry_id, "zh": self.zh, "zh_start": self.zh_start,
                "zh_end": self.zh_end, "status": self.status, "en": self.en, "en_start": self.en_start,
                "en_end": self.en_end, "form": self.form, "literal": self.literal, "reason": self.reason,
                "evidence": self.evidence, "score": self.score}


# ------------------------------------------------------------------ input checks
def check_segments(sources: Sequence[str], hypotheses: Sequence[str], docs: Optional[Sequence[str]] = None, *,
                   src_path: Optional[str] = None, hyp_path: Optional[str] = None,
                   docs_path: Optional[str] = None) -> Tuple[List[str], List[str], List[str]]:
    """Validate parallel segments; return (sources, hypotheses, doc ids).

    Errors (:class:`InputError`, one line naming the file -- or the argument -- and the line):
    not a list of strings; different numbers of lines; an empty line; a source that is
    not Chinese (the whole file looks English, i.e. swapped files, or a line has no
    Chinese character at all); a hypothesis file that looks Chinese.
    """
    from ..text.lang import count_scripts, detect_language

    def where(path: Optional[str], fld: str) -> Dict[str, Any]:
        return {"path": path} if path is not None else {"field": fld}

    out = []
    for name, seq, path in (("sources", sources, src_path), ("hypotheses", hypotheses, hyp_path)):
        if isinstance(seq, (str, bytes)) or not isinstance(seq, Sequence):
            raise InputError(f"{name} must be a list of strings (one segment each), got {type(seq).__name__}",
                             field=name)
        for k, s in enumerate(seq):
            if not isinstance(s, str):
                raise InputError(f"segment must be a str, got {type(s).__name__}", line=k + 1,
                                 **where(path, name))
        out.append(list(seq))
    src, hyp = out
    if not src:
        raise InputError("no segments to check; give at least one line", **where(src_path, "sources"))
    if len(hyp) != len(src):
        src_name = src_path or "the sources"
        raise InputError(f"has {len(hyp)} lines but {src_name} has {len(src)}; source and translation must be "
                         "line-aligned (one segment per line)", **where(hyp_path, "hypotheses"))
    for name, seq, path in (("sources", src, src_path), ("hypotheses", hyp, hyp_path)):
        for k, s in enumerate(seq):
            if not s.strip():
                raise InputError("empty line; every line must hold one segment (remove blank lines from both "
                                 "files at the same place; mark documents with a doc-id file instead)",
                                 line=k + 1, **where(path, name))
    if detect_language("\n".join(src)) == "en":
        raise InputError("the source should be Chinese but looks English; are the source and translation "
                         "swapped?", **where(src_path, "sources"))
    if detect_language("\n".join(hyp)) == "zh":
        raise InputError("the translation should be English but looks Chinese; are the source and "
                         "translation swapped?", **where(hyp_path, "hypotheses"))
    for k, s in enumerate(src):
        cjk, latin = count_scripts(s)
        if cjk == 0 and latin >= 4:
            raise InputError(f"source line has no Chinese characters ({s[:40]!r}); give the Chinese source "
                             "sentence on this line", line=k + 1, **where(src_path, "sources"))
    if docs is None:
        doc_ids = ["all"] * len(src)
    else:
        if isinstance(docs, (str, bytes)) or not isinstance(docs, Sequence):
            raise InputError(f"docs must be a list of document ids (one per segment), got {type(docs).__name__}",
                             field="docs")
        doc_ids = [str(d).strip() if d is not None else "" for d in docs]
        if len(doc_ids) != len(src):
            raise InputError(f"has {len(doc_ids)} document ids for {len(src)} segments; give one document id "
                             "per line", **where(docs_path, "docs"))
        for k, d in enumerate(doc_ids):
            if not d:
                raise InputError("empty document id; give one id per line (the same id for every line of a "
                                 "document)", line=k + 1, **where(docs_path, "docs"))
    return src, hyp, doc_ids


# ------------------------------------------------------------------ document dates
def segment_dates(n: int, *, date: DateLike = None, dates: Optional[Sequence[DateLike]] = None,
                  dates_path: Optional[str] = None) -> List[datetime.date]:
    """The document date of each of ``n`` segments: ``dates[k]`` where given (one per
    segment; None there means ``date``), else ``date``; ``date`` None means today.
    A bad date is an :class:`InputError` naming the argument (or ``dates_path``) and line."""
    default = as_date(date, field="date")
    if dates is None:
        return [default] * n
    if isinstance(dates, (str, bytes)) or not isinstance(dates, Sequence):
        raise InputError(f"dates must be a list of document dates (one per segment), got {type(dates).__name__}",
                         field="dates")
    if len(dates) != n:
        raise InputError(f"has {len(dates)} dates for {n} segments; give one date per segment (None: the "
                         "default date)", field="dates" if dates_path is None else "date", path=dates_path)
    return [default if d is None else
            as_date(d, field="date" if dates_path else f"dates[{k}]", path=dates_path,
                    line=k + 1 if dates_path else None)
            for k, d in enumerate(dates)]


def uses_at(uses: Sequence[TermUse], glossary: Glossary, days: Sequence[datetime.date]) -> List[TermUse]:
    """``uses`` judged at each segment's document date (:meth:`Rendering.status_at`).

    A deprecated or superseded rendering still in force on that date (before its
    ``valid_until``) becomes ``admitted``, no longer ``literal`` (it was the official
    usage then), and a banned form with no source term that is in force is dropped (it
    is no problem then); an admitted rendering past its ``valid_until`` becomes
    ``superseded``.  Undated renderings are untouched.
    """
    out: List[TermUse] = []
    for u in uses:
        r = None
        if u.known and u.form:
            r = glossary.get(u.entry_id).rendering(u.form)
        if r is None or not (r.valid_from or r.valid_until):
            out.append(u)
            continue
        status = r.status_at(days[u.line - 1])
        if status.value == u.status:
            out.append(u)
            continue
        if status in ACCEPTED_STATUSES:
            if u.evidence == "banned" and not u.zh:
                continue
            u = replace(u, status=status.value, literal=False, reason="")
        else:
            u = replace(u, status=status.value,
                        reason=u.reason or f"no longer in force from {r.valid_until}")
        out.append(u)
    return out


# ------------------------------------------------------------------ banned forms
def english_matches(en_matcher: TermMatcher, hypotheses: Sequence[str]) -> List[List[TermMatch]]:
    """Every English matcher hit (``all_matches=True``) of each hypothesis: the one scan
    that term alignment, resolution and the banned-form search share."""
    return [en_matcher.find(h, all_matches=True) for h in hypotheses]


def leftmost_longest(all_matches: Sequence[TermMatch]) -> List[TermMatch]:
    """``TermMatcher.find(text)`` from ``find(text, all_matches=True)``: the matcher lists
    every hit leftmost first, then longest first, and for each hit its best entry
    first; the greedy leftmost-longest selection keeps the first match of each hit
    that starts at or after the end of the last one kept."""
    out: List[TermMatch] = []
    last_end = -1
    prev: Optional[Tuple[int, int]] = None
    for m in all_matches:
        span = (m.start, m.end)
        if span == prev:
            continue  # another entry of the same hit
        prev = span
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out


def banned_uses(line: int, hypothesis: str, *, en_matcher: TermMatcher, finder: BannedFormFinder,
                taken: Sequence[Tuple[int, int]] = (), matches: Optional[Sequence[TermMatch]] = None
                ) -> List[TermUse]:
    """Banned-form hits in ``hypothesis`` (leftmost-longest) that overlap none of ``taken``.

    ``matches``: the hypothesis's hits from :func:`english_matches`, when the caller has
    them (else it is scanned here)."""
    out: List[TermUse] = []
    if not finder:
        return out
    found = leftmost_longest(matches) if matches is not None else en_matcher.find(hypothesis)
    for m in found:
        if not finder.is_banned(m.form):
            continue
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        r = en_matcher.glossary.get(m.entry_id).rendering(m.form)
        out.append(TermUse(line=line, entry_id=m.entry_id, zh="", zh_start=None, zh_end=None,
                           status=m.status.value, en=m.text, en_start=m.start, en_end=m.end, form=m.form,
                           literal=bool(r.literal) if r is not None else False,
                           reason=(r.reason if r is not None and r.reason else "globally banned form"),
                           evidence="banned", span=(m.start, m.end), score=1.0))
    return out


# ------------------------------------------------------------------ resolution
def resolve_term_uses(pairs: Sequence[Tuple[str, str]], *, glossary: GlossaryLike = None, method: str = "default",
                      word_alignments=None, en_matcher: Optional[TermMatcher] = None, aligner=None,
                      en_matches: Optional[Sequence[Sequence[TermMatch]]] = None) -> List[TermUse]:
    """Every glossary term occurrence of the sources and the rendering its hypothesis used.

    ``glossary``: a :class:`~bri_align.Glossary`, a termbase path or None (the bundled
    termbase).  ``aligner``: a configured :class:`~bri_align.align.terms.TermAligner`
    (default: one built with ``glossary`` and ``method``); ``word_alignments`` are
    passed to it.  ``en_matches``: the hypotheses' English matcher hits
    (:func:`english_matches`), when the caller has them.  Results are in segment
    order, then by Chinese offset.
    """
    from ..align.terms import TermAligner

    glossary = as_glossary(glossary)
    if aligner is None:
        aligner = TermAligner(glossary=glossary, method=method)
    if en_matches is None:
        if en_matcher is None:
            en_matcher = TermMatcher.for_glossary(glossary, lang="en")
        en_matches = english_matches(en_matcher, [h for _, h in pairs])
    alignments = aligner.align(list(pairs), word_alignments=word_alignments, en_matches=en_matches)
    out: List[TermUse] = []
    for ta in alignments:
        if ta.entry_id is None:  # user terms are not part of QA
            continue
        base = dict(line=ta.line, entry_id=ta.entry_id, zh=ta.zh, zh_start=ta.zh_start, zh_end=ta.zh_end)
        if ta.en is None or ta.en_start is None or ta.en_end is None:
            out.append(TermUse(status="unaligned", evidence=ta.evidence, score=ta.score, **base))
            continue
        r = ta.rendering
        if r is None:  # a span that is no rendering of the entry: an unknown rendering
            out.append(TermUse(status="new", en=ta.en, en_start=ta.en_start, en_end=ta.en_end,
                               evidence=ta.evidence, span=(ta.en_start, ta.en_end), score=ta.score, **base))
            continue
        out.append(TermUse(status=r.status, en=r.text, en_start=r.start, en_end=r.end, form=r.form,
                           literal=r.literal, reason=r.reason, evidence=ta.evidence,
                           span=(ta.en_start, ta.en_end), score=ta.score, **base))
    return out


def is_rejected(use: TermUse, *, literal: bool = True) -> bool:
    """A rendering to replace: deprecated or superseded, or (with ``literal``) marked literal."""
    if use.status in (Status.DEPRECATED.value, Status.SUPERSEDED.value):
        return True
    return literal and use.known and use.literal
