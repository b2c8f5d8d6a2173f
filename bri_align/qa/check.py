"""Terminology QA of a translation against the glossary (layer L4).

:func:`qa_check` takes Chinese source segments and their English translation
(any system: a model, an external API, a human) and reports, for every glossary
term found in the source (:class:`bri_align.TermMatcher`, ``lang="zh"``), the
rendering the translation used -- found through the term aligner
(:func:`bri_align.align.terms.align_terms`: a known rendering of that entry in the
sentence wins, otherwise the span its word-alignment links and dictionary
evidence support) -- and a verdict:

``preferred`` / ``admitted``
    a rendering the glossary accepts;
``deprecated``
    a deprecated or superseded rendering, or one the glossary marks ``literal``
    (a word-for-word MT rendering, even where it is admitted) -- the same
    definition as the benchmark's deprecated-rendering rate and the glossary
    audit's "flagged" (``literal_as_deprecated=False`` judges a literal admitted
    rendering as admitted); globally banned forms ("One Belt, One Road"...) are
    deprecated even where the source has no such term;
``inconsistent``
    an accepted rendering that differs (by glossary form: case and inflection
    aside) from the first accepted rendering of the same entry earlier in the
    same document (an acronym rendering such as "AIIB" is never inconsistent:
    introducing one after the full name is normal practice);
``unknown``
    the aligner found an English span for the term that is no rendering the
    glossary knows (status ``new``): possibly a good translation the glossary
    lacks, possibly a mistranslation -- for a person to check;
``missing``
    the aligner found no English span for the term at all.

Why ``unknown`` is not ``missing``: an unfamiliar wording is not proof that the
term was dropped, and gating a pipeline on it would fail correct paraphrases.
``strict`` gating (:attr:`QAReport.failed`) therefore counts only ``deprecated``
and ``missing``.

Documents: by default all segments form one document (id ``all``); ``docs``
gives one document id per segment (the CLI reads it from a file, one id per
line) and consistency is then judged within each document.

Dates: a rendering is judged by the usage in force on the document's date
(``date``, default today; ``dates``: one per segment), through its
``valid_from``/``valid_until`` (:meth:`bri_align.glossary.Rendering.status_at`):
"One Belt, One Road", deprecated with ``valid_until`` 2015, is admitted in a 2014
document and deprecated in a 2024 one (:func:`~bri_align.qa.resolve.uses_at`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.entry import DateLike
from ..glossary.model import Glossary
from ..signature import format_signature
from ..text.markdown import md_cell
from .resolve import (
    BannedFormFinder,
    TermUse,
    banned_uses,
    check_segments,
    english_matches,
    is_rejected,
    resolve_term_uses,
    segment_dates,
    uses_at,
)

__all__ = ["QA_VERSION", "VERDICTS", "STRICT_VERDICTS", "QAItem", "QAReport", "QAChecker", "qa_check"]

QA_VERSION = "term-qa.v1"
VERDICTS = ("preferred", "admitted", "deprecated", "inconsistent", "unknown", "missing")
#: Verdicts that make ``--strict`` fail.
STRICT_VERDICTS = ("deprecated", "missing")
_PROBLEMS = ("deprecated", "missing", "inconsistent", "unknown")


@dataclass(frozen=True)
class QAItem:
    """One source term occurrence (or banned form) in one segment, with its verdict."""

    line: int  # 1-based segment index
    doc: str
    entry_id: str
    zh: str  # the source term ('' for a banned form with no source term)
    zh_start: Optional[int]
    zh_end: Optional[int]
    verdict: str  # one of VERDICTS
    rendering: Optional[str]  # the translation's text for the term (None when missing)
    en_start: Optional[int]
    en_end: Optional[int]
    form: Optional[str]  # the glossary rendering it matched (None: unknown or missing)
    status: Optional[str]  # glossary status of that rendering; 'new' (unknown) or None (missing)
    preferred: str  # the entry's preferred rendering
    suggestion: str = ""
    literal: bool = False
    reason: str = ""  # the glossary's reason why the rendering is discouraged
    evidence: str = "none"  # rendering | alignment | banned | none
    earlier: Optional[str] = None  # inconsistent: the earlier rendering in the document
    earlier_line: Optional[int] = None

    @property
    def problem(self) -> bool:
        return self.verdict in _PROBLEMS

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {
            "line": self.line, "doc": self.doc, "entry_id": self.entry_id, "zh": self.zh,
            "zh_start": self.zh_start, "zh_end": self.zh_end, "verdict": self.verdict,
            "rendering": self.rendering, "en_start": self.en_start, "en_end": self.en_end, "form": self.form,
            "status": self.status, "preferred": self.preferred, "suggestion": self.suggestion,
            "literal": self.literal, "reason": self.reason, "evidence": self.evidence,
        }
        if self.earlier is not None:
            d["earlier"] = self.earlier
            d["earlier_line"] = self.earlier_line
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "QAItem":
        def opt_int(k: str) -> Optional[int]:
            v = d.get(k)
            return None if v is None else int(v)

        def opt_str(k: str) -> Optional[str]:
            v = d.get(k)
            return None if v is None else str(v)

        return cls(line=int(d["line"]), doc=str(d.get("doc", "all")), entry_id=str(d["entry_id"]),
                   zh=str(d.get("zh", "")), zh_start=opt_int("zh_start"), zh_end=opt_int("zh_end"),
                   verdict=str(d["verdict"]), rendering=opt_str("rendering"), en_start=opt_int("en_start"),
                   en_end=opt_int("en_end"), form=opt_str("form"), status=opt_str("status"),
                   preferred=str(d.get("preferred", "")), suggestion=str(d.get("suggestion", "")),
                   literal=bool(d.get("literal", False)), reason=str(d.get("reason", "")),
                   evidence=str(d.get("evidence", "none")), earlier=opt_str("earlier"),
                   earlier_line=opt_int("earlier_line"))


def _counts(items: Sequence[QAItem]) -> Dict[str, int]:
    c = Counter(i.verdict for i in items)
    return {v: c.get(v, 0) for v in VERDICTS}


@dataclass(frozen=True)
class QAReport:
    """The result of :func:`qa_check`: one item per source term occurrence, with summaries."""

    items: Tuple[QAItem, ...]
    n_segments: int
    docs: Tuple[str, ...]  # one document id per segment
    signature: str = ""
    literal_as_deprecated: bool = True
    meta: Mapping[str, Any] = field(default_factory=dict)  # e.g. input paths, for the report only

    # -- summaries -------------------------------------------------------------
    @property
    def counts(self) -> Dict[str, int]:
        """Items per verdict (every verdict present, zeros included)."""
        return _counts(self.items)

    @property
    def failed(self) -> bool:
        """True when a deprecated or missing term was found (what ``--strict`` gates on)."""
        return any(i.verdict in STRICT_VERDICTS for i in self.items)

    def exit_code(self, *, strict: bool) -> int:
        return 1 if strict and self.failed else 0

    def by_doc(self) -> Dict[str, Dict[str, Any]]:
        """Per document: its segment lines (first, last, count) and verdict counts."""
        out: Dict[str, Dict[str, Any]] = {}
        for n, d in enumerate(self.docs, start=1):
            rec = out.setdefault(d, {"first_line": n, "last_line": n, "segments": 0})
            rec["last_line"] = n
            rec["segments"] += 1
        for d, rec in out.items():
            rec["counts"] = _counts([i for i in self.items if i.doc == d])
        return out

    def segment_items(self, line: int) -> Tuple[QAItem, ...]:
        return tuple(i for i in self.items if i.line == line)

    @property
    def problems(self) -> Tuple[QAItem, ...]:
        return tuple(i for i in self.items if i.problem)

    # -- serialisation -------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        counts = self.counts
        segments = []
        by_line: Dict[int, List[QAItem]] = {}
        for i in self.items:
            by_line.setdefault(i.line, []).append(i)
        for n in range(1, self.n_segments + 1):
            its = by_line.get(n, [])
            segments.append({"line": n, "doc": self.docs[n - 1] if n - 1 < len(self.docs) else "all",
                             "counts": {k: v for k, v in _counts(its).items() if v},
                             "items": [i.to_dict() for i in its]})
        return {
            "qa": QA_VERSION,
            "signature": self.signature,
            "summary": {"segments": self.n_segments, "documents": len(set(self.docs)), "terms": len(self.items),
                        "counts": counts, "failed": self.failed, "strict_verdicts": list(STRICT_VERDICTS),
                        "literal_as_deprecated": self.literal_as_deprecated},
            "documents": [{"doc": d, **rec} for d, rec in self.by_doc().items()],
            "segments": segments,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "QAReport":
        items = tuple(QAItem.from_dict(i) for s in d.get("segments", ()) for i in s.get("items", ()))
        segs = d.get("segments", ())
        summary = d.get("summary", {}) or {}
        return cls(items=items, n_segments=int(summary.get("segments", len(segs))),
                   docs=tuple(str(s.get("doc", "all")) for s in segs), signature=str(d.get("signature", "")),
                   literal_as_deprecated=bool(summary.get("literal_as_deprecated", True)),
                   meta=dict(d.get("meta", {}) or {}))

    def to_markdown(self, *, all_items: bool = False) -> str:
        """A report for people: summary counts, then every problem (or every item) with its suggestion."""
        c = self.counts
        lines = ["# Terminology QA", ""]
        for k in ("source", "hypothesis", "glossary"):
            if self.meta.get(k):
                lines.append(f"- {k}: `{self.meta[k]}`")
        lines.append(f"- segments: {self.n_segments}; documents: {len(set(self.docs))}; "
                     f"source terms checked: {len(self.items)}")
        status = "FAIL" if self.failed else "pass"
        lines.append(f"- strict gate (deprecated or missing terms): **{status}**")
        lines += ["", "| verdict | count |", "|---|---:|"]
        lines += [f"| {v} | {c[v]} |" for v in VERDICTS]
        docs = self.by_doc()
        if len(docs) > 1:
            lines += ["", "## Documents", "", "| document | lines | " + " | ".join(VERDICTS) + " |",
                      "|---|---|" + "---:|" * len(VERDICTS)]
            for d, rec in docs.items():
                lines.append(f"| {md_cell(d)} | {rec['first_line']}-{rec['last_line']} | "
                             + " | ".join(str(rec["counts"][v]) for v in VERDICTS) + " |")
        shown = self.items if all_items else self.problems
        title = "All terms" if all_items else "Problems"
        lines += ["", f"## {title}", ""]
        if not shown:
            lines.append("None.")
        else:
            lines += ["| line | doc | term | entry | translation used | verdict | suggestion |",
                      "|---:|---|---|---|---|---|---|"]
            for i in shown:
                used = "—" if i.rendering is None else f"“{md_cell(i.rendering)}”"
                verdict = i.verdict + (" (literal)" if i.literal and i.verdict == "deprecated" else "")
                lines.append(f"| {i.line} | {md_cell(i.doc)} | {md_cell(i.zh) or '—'} | {md_cell(i.entry_id)} | {used} | "
                             f"{verdict} | {md_cell(i.suggestion)} |")
        if self.signature:
            lines += ["", f"<sub>{md_cell(self.signature)}</sub>"]
        return "\n".join(lines) + "\n"


def _is_acronym(form: Optional[str]) -> bool:
    return bool(form) and " " not in form and form.isupper()  # type: ignore[union-attr]


# ------------------------------------------------------------------ checker
class QAChecker:
    """Configured terminology QA; see :func:`qa_check`."""

    version = QA_VERSION

    def __init__(self, *, glossary: GlossaryLike = None, method: str = "default",
                 literal_as_deprecated: bool = True, banned_forms: Optional[Sequence[str]] = None,
                 date: DateLike = None) -> None:
        from ..align.terms import TermAligner
        from ..glossary.entry import as_date
        from ..matching.matcher import TermMatcher

        if not isinstance(literal_as_deprecated, bool):
            raise InputError(f"literal_as_deprecated must be True or False, got {literal_as_deprecated!r}",
                             field="literal_as_deprecated")
        self.glossary: Glossary = as_glossary(glossary)
        self.method = method
        self.literal_as_deprecated = literal_as_deprecated
        self.aligner = TermAligner(glossary=self.glossary, method=method)
        self.en_matcher = TermMatcher.for_glossary(self.glossary, lang="en")
        self.banned = BannedFormFinder(banned_forms)
        self.date = None if date is None else as_date(date, field="date")  # None: today, at each check

    def uses(self, sources: Sequence[str], hypotheses: Sequence[str], *, word_alignments=None,
             dates: Optional[Sequence[DateLike]] = None, dates_path: Optional[str] = None) -> List[TermUse]:
        """Resolved term uses (source terms, then banned forms outside them) in segment order,
        judged at each segment's document date (``dates``, else the checker's ``date``)."""
        days = segment_dates(len(hypotheses), date=self.date, dates=dates, dates_path=dates_path)
        return self._uses(sources, hypotheses, word_alignments, days)

    def _uses(self, sources: Sequence[str], hypotheses: Sequence[str], word_alignments,
              days: Sequence[datetime.date]) -> List[TermUse]:
        pairs = list(zip(sources, hypotheses))
        hits = english_matches(self.en_matcher, hypotheses)  # the one scan of each hypothesis
        uses = resolve_term_uses(pairs, glossary=self.glossary, word_alignments=word_alignments,
                                 aligner=self.aligner, en_matches=hits)
        by_line: Dict[int, List[TermUse]] = {}
        for u in uses:
            by_line.setdefault(u.line, []).append(u)
        out: List[TermUse] = []
        for n, (_, hyp) in enumerate(pairs, start=1):
            seg = by_line.get(n, [])
            taken = [(u.en_start, u.en_end) for u in seg if u.known and u.en_start is not None]
            extra = banned_uses(n, hyp, en_matcher=self.en_matcher, finder=self.banned, taken=taken,
                                matches=hits[n - 1])
            out.extend(sorted(seg + extra, key=lambda u: (u.zh_start is None, u.zh_start or 0, u.en_start or 0)))
        return uses_at(out, self.glossary, days)

    def check(self, sources: Sequence[str], hypotheses: Sequence[str], *, docs: Optional[Sequence[str]] = None,
              word_alignments=None, src_path: Optional[str] = None, hyp_path: Optional[str] = None,
              docs_path: Optional[str] = None, dates: Optional[Sequence[DateLike]] = None,
              dates_path: Optional[str] = None) -> QAReport:
        src, hyp, doc_ids = check_segments(sources, hypotheses, docs, src_path=src_path, hyp_path=hyp_path,
                                           docs_path=docs_path)
        days = segment_dates(len(hyp), date=self.date, dates=dates, dates_path=dates_path)
        uses = self._uses(src, hyp, word_alignments, days)
        items: List[QAItem] = []
        first: Dict[Tuple[str, str], Tuple[str, str, int]] = {}  # (doc, entry) -> (form key, text, line)
        for u in uses:
            doc = doc_ids[u.line - 1]
            entry = self.glossary.get(u.entry_id)
            pref = entry.preferred.en
            earlier = earlier_line = None
            if u.status == "unaligned":
                verdict = "missing"
                suggestion = f"not found in the translation; translate {u.zh} as '{pref}'"
            elif u.status == "new":
                verdict = "unknown"
                suggestion = f"unknown rendering '{u.en}'; check it (glossary preferred: '{pref}')"
            elif is_rejected(u, literal=self.literal_as_deprecated):
                verdict = "deprecated"
                if u.evidence == "banned" and not u.zh:
                    suggestion = f"replace '{u.en}' with '{pref}' (globally banned form)"
                else:
                    suggestion = f"replace '{u.en}' with '{pref}'"
            else:
                verdict = u.status  # preferred | admitted
                key = (doc, u.entry_id)
                form_key = (u.form or u.en or "").casefold()
                if _is_acronym(u.form):
                    pass  # an acronym after the full name (or for an abbreviated source) is not inconsistent
                elif key not in first:
                    first[key] = (form_key, u.en or "", u.line)
                elif first[key][0] != form_key:
                    verdict = "inconsistent"
                    earlier, earlier_line = first[key][1], first[key][2]
                if verdict == "inconsistent":
                    suggestion = (f"'{u.en}' differs from '{earlier}' (line {earlier_line}); use one rendering "
                                  f"per document, preferably '{pref}'")
                elif verdict == "admitted":
                    suggestion = f"admitted; the preferred rendering is '{pref}'"
                else:
                    suggestion = ""
            items.append(QAItem(line=u.line, doc=doc, entry_id=u.entry_id, zh=u.zh, zh_start=u.zh_start,
                                zh_end=u.zh_end, verdict=verdict, rendering=u.en, en_start=u.en_start,
                                en_end=u.en_end, form=u.form,
                                status=None if u.status == "unaligned" else u.status, preferred=pref,
                                suggestion=suggestion, literal=u.literal,
                                reason=u.reason if verdict == "deprecated" else "", evidence=u.evidence,
                                earlier=earlier, earlier_line=earlier_line))
        meta: Dict[str, Any] = {k: v for k, v in (("source", src_path), ("hypothesis", hyp_path),
                                                  ("docs", docs_path)) if v}
        if self.date is not None:
            meta["date"] = self.date.isoformat()
        if dates is not None:
            meta["dates"] = sorted({d.isoformat() for d in days})
        return QAReport(items=tuple(items), n_segments=len(src), docs=tuple(doc_ids), signature=self.signature(),
                        literal_as_deprecated=self.literal_as_deprecated, meta=meta)

    def signature(self) -> str:
        import hashlib

        banned = ",".join(self.banned.forms) if self.banned.forms else "none"
        bhash = hashlib.sha256(banned.encode("utf-8")).hexdigest()[:8]
        # the term aligner's signature follows, with the library version at its end
        own = format_signature(f"qa:{self.version}", [
            ("literal_as_deprecated", self.literal_as_deprecated), ("banned", f"{len(self.banned.forms)}@{bhash}")],
            version=False)
        return f"{own}|{self.aligner.signature()}"


def qa_check(sources: Sequence[str], hypotheses: Sequence[str], *, glossary: GlossaryLike = None,
             docs: Optional[Sequence[str]] = None, method: str = "default", literal_as_deprecated: bool = True,
             banned_forms: Optional[Sequence[str]] = None, word_alignments=None, src_path: Optional[str] = None,
             hyp_path: Optional[str] = None, docs_path: Optional[str] = None, date: DateLike = None,
             dates: Optional[Sequence[DateLike]] = None) -> QAReport:
    """Terminology QA of ``hypotheses`` (English) against ``sources`` (Chinese); see the module doc.

    ``glossary``: a :class:`~bri_align.Glossary`, a termbase path, or None for the
    bundled termbase.  ``docs``: one document id per segment (default: one
    document).  ``method``: the word aligner behind the term aligner
    (``"none"``: dictionary evidence only).  ``banned_forms``: forms always
    deprecated (default: the benchmark's list).  ``src_path``/``hyp_path``/
    ``docs_path`` only name the inputs in error messages and the report.
    ``date``: the document date (``YYYY-MM-DD`` or a :class:`datetime.date`; default
    today); ``dates``: one date per segment (None entries: ``date``).  Renderings are
    judged by the usage in force on that date (``valid_from``/``valid_until``).
    """
    checker = QAChecker(glossary=glossary, method=method, literal_as_deprecated=literal_as_deprecated,
                        banned_forms=banned_forms, date=date)
    return checker.check(sources, hypotheses, docs=docs, word_alignments=word_alignments, src_path=src_path,
                         hyp_path=hyp_path, docs_path=docs_path, dates=dates)
