"""Terminology metrics: term success, preferred and deprecated renderings, consistency (layer L4).

For every annotated source term (an entry of the glossary found in the Chinese
source, or given as an annotation), the English hypothesis is searched with
:class:`bri_align.TermMatcher` (``lang="en"``: case, hyphens, quotes,
inflections, word boundaries) for the renderings of that entry.

* **term success rate** (WMT23-style, counts capped as in WMT): per segment
  and entry, ``min(accepted renderings found, source occurrences)``; accepted
  means preferred or admitted.  Rate = sum over segments and entries divided by
  the number of source occurrences.
* **preferred-rendering rate**: the same with preferred renderings only.
* **deprecated-rendering rate**: per segment and entry, ``min(deprecated,
  superseded or literal renderings found, source occurrences)``, plus every
  *globally banned* form (``One Belt, One Road``...) found where the source does
  not have that entry; divided by source occurrences plus those extra uses.
* **term consistency** (WMT23-style): within each document, the renderings of
  an entry, in order, are compared with its first rendering; score = matching
  renderings / comparisons.  Renderings are compared by glossary form, so an
  inflection is the same rendering; only renderings the glossary knows can be
  seen.

A hand-written module: no library computes glossary-status-aware term metrics.
The counting conventions follow the WMT21/23 terminology tasks (see NOTES.md).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.model import (
    ACCEPTED_STATUSES,
    REJECTED_STATUSES,
    Glossary,
    Rendering,
    Status,
    TermEntry,
)
from ..matching.matcher import MATCHER_VERSIONS, TermMatch, TermMatcher
from ..signature import format_signature
from ..text.normalize import normalize_en, normalize_zh
from .base import MetricScore, check_bootstrap

__all__ = [
    "TERM_METRICS",
    "DEFAULT_BANNED_FORMS",
    "SourceTerm",
    "TermSegment",
    "TermVerdict",
    "BannedUse",
    "BannedFormFinder",
    "SegmentCounts",
    "SegmentJudgement",
    "TermReport",
    "TermScorer",
    "aggregate_term_metrics",
    "score_term_dicts",
    "judge_term_dicts",
    "TERM_DICT_SIGNATURE",
    "glossary_from_term_dict",
    "bootstrap_ci",
]

VERSION = "terms.v1"
TERM_METRICS = ("term_success_rate", "preferred_rendering_rate", "deprecated_rendering_rate",
                "term_consistency")

#: Forms discouraged everywhere (the 2015 naming rules for the Belt and Road): a hit whose
#: glossary form contains one of them counts as deprecated even where the source lacks the term.
DEFAULT_BANNED_FORMS: Tuple[str, ...] = ("One Belt, One Road", "One Belt and One Road", "One Belt One Road",
                                         "OBOR")

# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class SourceTerm:
    """An occurrence of a glossary entry in a source segment."""

    entry_id: str
    zh: str = ""
    start: int = -1
    end: int = -1
    ref_en: str = ""  # the reference's rendering, when annotated

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"entry_id": self.entry_id, "zh": self.zh, "zh_start": self.start,
                             "zh_end": self.end}
        if self.ref_en:
            d["en"] = self.ref_en
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SourceTerm":
        return cls(entry_id=str(d["entry_id"]), zh=str(d.get("zh", "") or ""),
                   start=int(d.get("zh_start", -1)), end=int(d.get("zh_end", -1)),
                   ref_en=str(d.get("en", "") or ""))


@dataclass(frozen=True)
class TermSegment:
    """One segment to judge: source, hypothesis and its source terms."""

    id: str
    source: str
    hypothesis: str
    terms: Tuple[SourceTerm, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class TermVerdict:
    """What the hypothesis did with one source term occurrence."""

    segment_id: str
    doc: str
    entry_id: str
    occurrence: int  # 1-based, among this entry's occurrences in the segment
    zh: str
    verdict: str  # preferred | admitted | deprecated | superseded | missing
    rendering: str = ""  # the hypothesis text matched
    form: str = ""  # the glossary rendering it matched
    literal: bool = False
    also: Tuple[str, ...] = ()  # other renderings of the entry in the segment, beyond the capped ones
    ref_en: str = ""

    @property
    def success(self) -> bool:
        return self.verdict in ("preferred", "admitted")

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"segment": self.segment_id, "doc": self.doc, "entry_id": self.entry_id,
                             "occurrence": self.occurrence, "zh": self.zh, "verdict": self.verdict,
                             "rendering": self.rendering, "form": self.form}
        if self.literal:
            d["literal"] = True
        if self.also:
            d["also"] = list(self.also)
        if self.ref_en:
            d["ref_en"] = self.ref_en
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "TermVerdict":
        return cls(segment_id=str(d["segment"]), doc=str(d.get("doc", "")), entry_id=str(d["entry_id"]),
                   occurrence=int(d.get("occurrence", 1)), zh=str(d.get("zh", "")), verdict=str(d["verdict"]),
                   rendering=str(d.get("rendering", "")), form=str(d.get("form", "")),
                   literal=bool(d.get("literal", False)), also=tuple(d.get("also", ()) or ()),
                   ref_en=str(d.get("ref_en", "")))


@dataclass(frozen=True)
class BannedUse:
    """A globally banned form found where the source does not have its entry."""

    segment_id: str
    doc: str
    entry_id: str
    text: str
    form: str

    def to_dict(self) -> Dict[str, Any]:
        return {"segment": self.segment_id, "doc": self.doc, "entry_id": self.entry_id, "text": self.text,
                "form": self.form}


@dataclass(frozen=True)
class SegmentCounts:
    """Per-segment sufficient statistics (what the bootstrap resamples)."""

    source_terms: int = 0
    success: int = 0
    preferred: int = 0
    deprecated: int = 0
    banned_extra: int = 0


@dataclass(frozen=True)
class SegmentJudgement:
    segment_id: str
    doc: str
    counts: SegmentCounts
    verdicts: Tuple[TermVerdict, ...]
    banned: Tuple[BannedUse, ...]
    #: (term key, rendering form) in hypothesis order, capped per entry at the source count
    renderings: Tuple[Tuple[str, str], ...]


@dataclass(frozen=True)
class TermReport:
    """Term metrics for one system on one set of segments."""

    metrics: Dict[str, MetricScore]
    verdicts: Tuple[TermVerdict, ...]
    banned: Tuple[BannedUse, ...]
    counts: Tuple[SegmentCounts, ...] = field(repr=False, default=())

    def to_dict(self) -> Dict[str, Any]:
        return {"metrics": {k: v.to_dict() for k, v in self.metrics.items()},
                "verdicts": [v.to_dict() for v in self.verdicts],
                "banned": [b.to_dict() for b in self.banned]}


# ------------------------------------------------------------------ helpers
class BannedFormFinder:
    """Whole-word search for globally banned forms in glossary renderings (case, hyphens and
    quotes ignored); shared by the term scorer, QA and post-editing."""

    def __init__(self, banned_forms: Optional[Sequence[str]] = None) -> None:
        if banned_forms is not None and (isinstance(banned_forms, (str, bytes)) or not isinstance(
                banned_forms, (list, tuple)) or not all(isinstance(b, str) for b in banned_forms)):
            raise InputError(f"banned_forms must be a list of strings (None: the default list), got "
                             f"{banned_forms!r:.80}", field="banned_forms")
        self.forms: Tuple[str, ...] = tuple(DEFAULT_BANNED_FORMS if banned_forms is None else banned_forms)
        self._res = []
        for b in self.forms:
            key = normalize_en(b).text.strip()
            if key:
                self._res.append(re.compile(r"(?<![^\W_])" + re.escape(key) + r"(?![^\W_])"))
        self._cache: Dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self._res)

    def is_banned(self, form: str) -> bool:
        hit = self._cache.get(form)
        if hit is None:
            key = normalize_en(form).text
            hit = any(r.search(key) for r in self._res)
            self._cache[form] = hit
        return hit


def _leftmost_longest(matches: Iterable[TermMatch]) -> List[TermMatch]:
    chosen: List[TermMatch] = []
    last_end = -1
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= last_end:
            chosen.append(m)
            last_end = m.end
    return chosen


def bootstrap_ci(values: Sequence[float]) -> Tuple[float, float]:
    """sacrebleu's interval: (mean, half-width between the 2.5th and 97.5th percentile)."""
    import numpy as np

    arr = np.sort(np.asarray(values, dtype=float))
    n = len(arr)
    lo = n // 40
    hi = n - lo - 1
    return float(arr.mean()), float(0.5 * (arr[hi] - arr[lo]))


# ------------------------------------------------------------------ scorer
class TermScorer:
    """Judge hypotheses against a glossary (a :data:`~bri_align.glossary.GlossaryLike`:
    None is the bundled termbase); see the module docstring."""

    version = VERSION

    def __init__(self, glossary: GlossaryLike, *, banned_forms: Optional[Sequence[str]] = None,
                 on_unknown: str = "error") -> None:
        if on_unknown not in ("error", "skip"):
            raise InputError(f"on_unknown must be 'error' or 'skip', got {on_unknown!r}", field="on_unknown")
        self.glossary: Glossary = as_glossary(glossary)
        self.on_unknown = on_unknown
        self._banned = BannedFormFinder(banned_forms)
        self.banned_forms: Tuple[str, ...] = self._banned.forms
        self.zh = TermMatcher.for_glossary(self.glossary, lang="zh")
        self.en = TermMatcher.for_glossary(self.glossary, lang="en")

    # -- source side ------------------------------------------------------------
    def source_terms(self, source: str) -> Tuple[SourceTerm, ...]:
        """Glossary entries in a Chinese source (leftmost-longest; traditional characters work)."""
        return tuple(SourceTerm(entry_id=m.entry_id, zh=m.text, start=m.start, end=m.end)
                     for m in self.zh.find(source))

    # -- hypothesis side ------------------------------------------------------
    def hypothesis_hits(self, hypothesis: str) -> Dict[str, List[TermMatch]]:
        """Per entry, its renderings in the hypothesis: leftmost-longest within the entry, in order."""
        by_entry: Dict[str, List[TermMatch]] = {}
        for m in self.en.find(hypothesis, all_matches=True):
            by_entry.setdefault(m.entry_id, []).append(m)
        return {eid: _leftmost_longest(ms) for eid, ms in by_entry.items()}

    def is_banned(self, form: str) -> bool:
        return self._banned.is_banned(form)

    # -- one segment ------------------------------------------------------------
    def judge(self, seg: TermSegment) -> SegmentJudgement:
        if not isinstance(seg, TermSegment):
            raise InputError(f"judge() takes a TermSegment, got {type(seg).__name__}", field="segment")
        for fld in ("id", "source", "hypothesis"):
            v = getattr(seg, fld, None)
            if not isinstance(v, str):
                raise InputError(f"segment {seg.id!r}: {fld} must be a str, got {type(v).__name__}", field=fld)
        if not isinstance(seg.terms, (tuple, list)) or not all(
                isinstance(t, SourceTerm) for t in seg.terms):
            raise InputError(f"segment {seg.id!r}: terms must be a sequence of SourceTerm, got {seg.terms!r:.60}",
                             field="terms")
        terms = seg.terms
        by_entry: Dict[str, List[SourceTerm]] = {}
        for t in terms:
            if t.entry_id not in self.glossary:
                if self.on_unknown == "skip":
                    continue
                raise InputError(
                    f"segment '{seg.id}': entry '{t.entry_id}' is not in the glossary {self.glossary.name} "
                    f"({len(self.glossary)} entries); use the termbase the test set was annotated with",
                    field="terms", entry_id=t.entry_id)
            by_entry.setdefault(t.entry_id, []).append(t)
        hits = self.hypothesis_hits(seg.hypothesis) if seg.hypothesis else {}
        verdicts: List[TermVerdict] = []
        renderings: List[Tuple[str, str]] = []
        n_src = n_ok = n_pref = n_dep = 0
        for eid, occs in by_entry.items():
            entry = self.glossary.get(eid)
            k = len(occs)
            found = hits.get(eid, [])
            kinds = []
            for m in found:
                r = entry.rendering(m.form)
                literal = bool(r.literal) if r is not None else False
                kinds.append((m, literal))
            accepted = sum(1 for m, _ in kinds if m.status in ACCEPTED_STATUSES)
            preferred = sum(1 for m, _ in kinds if m.status is Status.PREFERRED)
            bad = sum(1 for m, lit in kinds if m.status in REJECTED_STATUSES or lit)
            n_src += k
            n_ok += min(accepted, k)
            n_pref += min(preferred, k)
            n_dep += min(bad, k)
            ranked = sorted(kinds, key=lambda x: (x[0].status.rank, x[0].start))
            for idx, occ in enumerate(occs):
                if idx < len(ranked):
                    m, lit = ranked[idx]
                    also = tuple(x[0].text for x in ranked[k:]) if idx == 0 else ()
                    verdicts.append(TermVerdict(seg.id, seg.doc, eid, idx + 1, occ.zh, m.status.value, m.text,
                                                m.form, lit, also, occ.ref_en))
                else:
                    verdicts.append(TermVerdict(seg.id, seg.doc, eid, idx + 1, occ.zh, "missing", "", "", False,
                                                (), occ.ref_en))
            for m in found[:k]:  # hypothesis order, capped at the source count
                renderings.append((eid, m.form.casefold()))
        banned: List[BannedUse] = []
        if self._banned and seg.hypothesis:
            for m in self.en.find(seg.hypothesis):
                if not self.is_banned(m.form):
                    continue
                owners = (m.entry_id,) + m.alternatives
                if any(o in by_entry for o in owners):
                    continue  # counted above as a deprecated rendering of an annotated term
                banned.append(BannedUse(seg.id, seg.doc, m.entry_id, m.text, m.form))
        counts = SegmentCounts(n_src, n_ok, n_pref, n_dep, len(banned))
        return SegmentJudgement(seg.id, seg.doc, counts, tuple(verdicts), tuple(banned), tuple(renderings))

    # -- many segments --------------------------------------------------------
    def score(self, segments: Sequence[TermSegment], *, n_bootstrap: int = 1000, seed: int = 12345,
              annotations: str = "given") -> TermReport:
        if segments is None or isinstance(segments, (str, bytes)) or not isinstance(segments, Iterable):
            raise InputError(f"segments must be a list of TermSegment, got {type(segments).__name__}",
                             field="segments")
        check_bootstrap(n_bootstrap, seed)
        judgements = [self.judge(s) for s in segments]
        return aggregate_term_metrics(judgements, signature=self.signature(annotations=annotations),
                                      n_bootstrap=n_bootstrap, seed=seed)

    def signature(self, *, annotations: str = "given") -> str:
        """``terms.v1|accept:..|cap:..|en:MATCHER|inflections:..|annotations:..|banned:N@HASH|glossary:..``."""
        banned = ",".join(self.banned_forms) if self.banned_forms else "none"
        bhash = hashlib.sha256(banned.encode("utf-8")).hexdigest()[:8]
        return format_signature(self.version, [
            ("accept", "preferred+admitted"), ("cap", "segment-entry"), ("en", MATCHER_VERSIONS[self.en.lang]),
            ("inflections", self.en.inflections), ("annotations", annotations),
            ("banned", f"{len(self.banned_forms)}@{bhash}"), ("glossary", self.glossary.signature())])


def check_judgements(judgements: Any, *, what: str = "judgements") -> List[SegmentJudgement]:
    """``judgements`` as a list, or a one-line :class:`InputError` naming what was passed instead."""
    if judgements is None or isinstance(judgements, (str, bytes, Mapping)) or not isinstance(judgements, Iterable):
        raise InputError(f"{what} must be a list of SegmentJudgement (from TermScorer.judge), got "
                         f"{type(judgements).__name__}", field=what)
    out = list(judgements)
    for k, j in enumerate(out):
        if not isinstance(j, SegmentJudgement):
            raise InputError(f"{what} item #{k + 1} is a {type(j).__name__}, expected a SegmentJudgement "
                             "(from TermScorer.judge)", field=what)
    return out


def aggregate_term_metrics(judgements: Sequence[SegmentJudgement], *, signature: str, n_bootstrap: int = 1000,
                           seed: int = 12345) -> TermReport:
    """Corpus-level term metrics (with bootstrap intervals over segments) from per-segment judgements."""
    import numpy as np

    check_bootstrap(n_bootstrap, seed)
    counts = [j.counts for j in check_judgements(judgements)]
    arr = np.array([[c.source_terms, c.success, c.preferred, c.deprecated, c.banned_extra] for c in counts],
                   dtype=float).reshape(-1, 5)
    tot = arr.sum(axis=0)

    def rates(t: "np.ndarray") -> Tuple[Optional[float], Optional[float], Optional[float]]:
        src, ok, pref, dep, extra = (float(x) for x in t)
        tsr = ok / src if src else None
        prr = pref / src if src else None
        drr = (dep + extra) / (src + extra) if (src + extra) else None
        return tsr, prr, drr

    point = rates(tot)
    cis: List[Tuple[Optional[float], Optional[float]]] = [(None, None)] * 3
    if n_bootstrap > 1 and len(counts) > 0:
        rng = np.random.default_rng(seed)
        idx = rng.choice(len(counts), size=(n_bootstrap, len(counts)), replace=True)
        samples = arr[idx].sum(axis=1)  # (n_bootstrap, 5)
        per = [rates(s) for s in samples]
        cis = []
        for k in range(3):
            vals = [p[k] for p in per if p[k] is not None]
            cis.append(bootstrap_ci(vals) if vals and point[k] is not None else (None, None))
    bs: List[Tuple[str, object]] = [("bs", n_bootstrap), ("seed", seed)] if n_bootstrap > 1 else []

    def sig(name: str, *extra_pairs: Tuple[str, object]) -> str:
        return format_signature(name, [("scorer", signature), *extra_pairs])

    src, ok, pref, dep, extra = (int(x) for x in tot)
    metrics: Dict[str, MetricScore] = {
        "term_success_rate": MetricScore("term_success_rate", point[0], sig("term_success_rate", *bs),
                                         n=src, ci_mean=cis[0][0], ci_half_width=cis[0][1],
                                         details={"success": ok, "source_terms": src}),
        "preferred_rendering_rate": MetricScore("preferred_rendering_rate", point[1],
                                                sig("preferred_rendering_rate", *bs), n=src,
                                                ci_mean=cis[1][0], ci_half_width=cis[1][1],
                                                details={"preferred": pref, "source_terms": src}),
        "deprecated_rendering_rate": MetricScore("deprecated_rendering_rate", point[2],
                                                 sig("deprecated_rendering_rate", *bs), n=src + extra,
                                                 ci_mean=cis[2][0], ci_half_width=cis[2][1],
                                                 details={"deprecated": dep, "banned_elsewhere": extra,
                                                          "source_terms": src}),
    }
    # consistency within documents, against the first rendering
    seqs: Dict[Tuple[str, str], List[str]] = {}
    for j in judgements:
        for key, form in j.renderings:
            seqs.setdefault((j.doc, key), []).append(form)
    comparisons = consistent = 0
    terms_compared = 0
    for forms in seqs.values():
        if len(forms) < 2:
            continue
        terms_compared += 1
        comparisons += len(forms) - 1
        consistent += sum(1 for f in forms[1:] if f == forms[0])
    metrics["term_consistency"] = MetricScore(
        "term_consistency", consistent / comparisons if comparisons else None,
        sig("term_consistency", ("scope", "document"), ("anchor", "first")), n=comparisons,
        details={"consistent": consistent, "comparisons": comparisons, "doc_terms": terms_compared},
    )
    verdicts = tuple(v for j in judgements for v in j.verdicts)
    banned = tuple(b for j in judgements for b in j.banned)
    return TermReport(metrics=metrics, verdicts=verdicts, banned=banned, counts=tuple(counts))


# ------------------------------------------------------------------ WMT23-style term dictionaries
def glossary_from_term_dict(term_dict: Mapping[str, Any], *, name: str = "term-dict") -> Glossary:
    """A glossary from a per-segment dictionary ``{source term: target term | [target terms]}``.

    The first target term is the preferred rendering, the others admitted.  Entry
    ids are derived from the normalised source term, so the same source term has
    the same id on every line (needed for consistency).
    """
    merged: Dict[str, Tuple[str, List[str]]] = {}
    for src, tgts in term_dict.items():
        if not isinstance(src, str):
            raise InputError(f"source term {src!r} is not a string", field="terms")
        targets = [tgts] if isinstance(tgts, str) else tgts
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise InputError(f"target terms of {src!r} must be a string or a list of strings, got {tgts!r}",
                             field="terms")
        s = src.strip()
        if not s:
            continue
        key = normalize_zh(s).text.strip() or s
        cleaned = [t.strip() for t in targets if t.strip()]
        if key in merged:
            merged[key][1].extend(cleaned)
        else:
            merged[key] = (s, cleaned)
    entries = []
    for key, (src, targets) in merged.items():
        seen: Dict[str, str] = {}
        for t in targets:
            seen.setdefault(t.casefold(), t)
        if not seen:
            continue
        renders = [Rendering(en=t, status=Status.PREFERRED if i == 0 else Status.ADMITTED)
                   for i, t in enumerate(seen.values())]
        eid = "t-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        entries.append(TermEntry(id=eid, zh=src, renderings=tuple(renders)))
    return Glossary.from_entries(entries, name=name)


TERM_DICT_SIGNATURE = format_signature(VERSION, [("accept", "dictionary-targets"), ("cap", "segment-entry"),
                                                  ("en", MATCHER_VERSIONS["en"]), ("inflections", True),
                                                  ("annotations", "wmt23-term-dict")])


def judge_term_dicts(*, sources: Sequence[str], hypotheses: Sequence[str], term_dicts: Sequence[Mapping[str, Any]],
                     doc_ids: Optional[Sequence[str]] = None, ids: Optional[Sequence[str]] = None,
                     path: Optional[str] = None) -> List[SegmentJudgement]:
    """Per-line judgements with a term dictionary per line (WMT23 format) instead of a glossary.

    Each line's dictionary becomes a small glossary (first target preferred, the
    others admitted).  Source occurrences are counted with the Chinese matcher,
    at least one per dictionary term (the dictionary says the term is there);
    hypothesis renderings with the English matcher.  No banned forms.
    """
    n = len(sources)
    if not (len(hypotheses) == len(term_dicts) == n):
        raise InputError(f"{n} sources, {len(hypotheses)} hypotheses and {len(term_dicts)} term dictionaries; "
                         "give one of each per line", path=path)
    judgements = []
    for i in range(n):
        try:
            g = glossary_from_term_dict(term_dicts[i], name=f"line-{i + 1}")
        except InputError as exc:
            raise InputError(exc.message, path=path, line=i + 1, field="terms") from None
        sid = ids[i] if ids is not None else str(i + 1)
        doc = doc_ids[i] if doc_ids is not None else ""
        if not len(g):
            judgements.append(SegmentJudgement(sid, doc, SegmentCounts(), (), (), ()))
            continue
        scorer = TermScorer(g, banned_forms=())
        found: Dict[str, List[TermMatch]] = {}
        for m in scorer.zh.find(sources[i], all_matches=True):
            found.setdefault(m.entry_id, []).append(m)
        terms: List[SourceTerm] = []
        for e in g:
            occ = _leftmost_longest(found.get(e.id, []))
            terms.extend([SourceTerm(entry_id=e.id, zh=m.text, start=m.start, end=m.end) for m in occ]
                         or [SourceTerm(entry_id=e.id, zh=e.zh)])
        judgements.append(scorer.judge(TermSegment(sid, sources[i], hypotheses[i], tuple(terms), doc)))
    return judgements


def score_term_dicts(*, sources: Sequence[str], hypotheses: Sequence[str],
                     term_dicts: Sequence[Mapping[str, Any]], doc_ids: Optional[Sequence[str]] = None,
                     ids: Optional[Sequence[str]] = None, n_bootstrap: int = 1000, seed: int = 12345,
                     path: Optional[str] = None) -> TermReport:
    """Term metrics with a WMT23 term dictionary per line; see :func:`judge_term_dicts`.

    The preferred-rendering rate then means "the first listed target term"; the
    deprecated-rendering rate is always 0 (dictionaries list no deprecated forms).
    """
    judgements = judge_term_dicts(sources=sources, hypotheses=hypotheses, term_dicts=term_dicts,
                                  doc_ids=doc_ids, ids=ids, path=path)
    return aggregate_term_metrics(judgements, signature=TERM_DICT_SIGNATURE, n_bootstrap=n_bootstrap, seed=seed)
