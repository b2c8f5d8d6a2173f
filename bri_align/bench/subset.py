"""Scoring one subset (layer L5): every metric per system, paired tests against a
baseline, and the glossary-mode comparisons.  Shared by :func:`.runner.run_benchmark`
and the scorers of pre-computed outputs (:mod:`.score`).

The baseline of the paired tests is the named one where it covers the subset,
else the first system.  Each mode-on system is compared with the same system
with mode off (:func:`mode_deltas`).
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..metrics.base import MetricScore
from ..metrics.corpus import CORPUS_METRICS, corpus_scores
from ..metrics.significance import Significance, paired_sacrebleu, paired_term_bootstrap
from ..metrics.terminology import SegmentJudgement, aggregate_term_metrics
from .result import DELTA_METRICS, GlossaryDelta, SubsetResult, SystemScores

__all__ = ["paired_tests", "score_subset", "mode_deltas"]


def paired_tests(
    *, baseline: str, names: Sequence[str], hyps: Mapping[str, Sequence[str]], refs: Sequence[str],
    judgements: Optional[Mapping[str, Sequence[SegmentJudgement]]], n_bootstrap: int, seed: int,
    target_lang: str = "en", metrics: Sequence[str] = CORPUS_METRICS,
) -> Dict[str, Dict[str, Significance]]:
    """system -> metric -> paired test against ``baseline`` (empty without bootstrap resamples)."""
    others = [n for n in names if n != baseline]
    out: Dict[str, Dict[str, Significance]] = {n: {} for n in others}
    if not others or n_bootstrap <= 1:
        return out
    tested = [m for m in ("bleu", "chrf") if m in metrics]
    if tested:
        sb = paired_sacrebleu(baseline=(baseline, hyps[baseline]), systems=[(n, hyps[n]) for n in others],
                              references=refs, metrics=tested, n_samples=n_bootstrap, target_lang=target_lang)
        for n in others:
            out[n].update(sb.get(n, {}))
    if judgements is not None:
        tb = paired_term_bootstrap(
            baseline=(baseline, [j.counts for j in judgements[baseline]]),
            systems=[(n, [j.counts for j in judgements[n]]) for n in others],
            metrics=("term_success_rate", "deprecated_rendering_rate"), n_samples=n_bootstrap, seed=seed)
        for n in others:
            out[n].update(tb.get(n, {}))
    return out


def score_subset(
    *, subset: str, names: Sequence[str], hyps: Mapping[str, Sequence[str]], refs: Sequence[str],
    judgements: Optional[Mapping[str, Sequence[SegmentJudgement]]], term_signature: str, baseline: Optional[str],
    n_bootstrap: int, seed: int, target_lang: str = "en",
    extra: Optional[Mapping[str, Mapping[str, MetricScore]]] = None,
    metrics: Sequence[str] = CORPUS_METRICS,
) -> SubsetResult:
    """Every metric of every system in ``names`` on one subset, with paired tests against the baseline."""
    if not names:
        return SubsetResult(subset=subset, n_segments=len(refs), baseline=None, systems={})
    base = baseline if baseline in names else names[0]
    systems: Dict[str, SystemScores] = {}
    sig = paired_tests(baseline=base, names=names, hyps=hyps, refs=refs, judgements=judgements,
                        n_bootstrap=n_bootstrap, seed=seed, target_lang=target_lang, metrics=metrics)
    wanted = tuple(metrics)
    for n in names:
        metrics = dict(corpus_scores(hypotheses=hyps[n], references=refs, metrics=wanted,
                                     n_bootstrap=n_bootstrap, target_lang=target_lang))
        if judgements is not None:
            report = aggregate_term_metrics(judgements[n], signature=term_signature, n_bootstrap=n_bootstrap,
                                            seed=seed)
            metrics.update(report.metrics)
        if extra and n in extra:
            metrics.update(extra[n])
        systems[n] = SystemScores(name=n, metrics=metrics, significance=sig.get(n, {}))
    return SubsetResult(subset=subset, n_segments=len(refs), baseline=base, systems=systems)


def mode_deltas(
    *, result: SubsetResult, pairs: Mapping[str, Tuple[str, str]], hyps: Mapping[str, Sequence[str]],
    refs: Sequence[str], judgements: Mapping[str, Sequence[SegmentJudgement]], n_bootstrap: int, seed: int,
) -> Dict[str, GlossaryDelta]:
    """Each mode-on system of ``pairs`` (name -> (base, mode)) against its mode-off base, where both are scored."""
    by_base: Dict[str, List[str]] = {}
    for name, (base, _) in pairs.items():
        if name in result.systems and base in result.systems:
            by_base.setdefault(base, []).append(name)
    out: Dict[str, GlossaryDelta] = {}
    for base, names in by_base.items():
        sig = paired_tests(baseline=base, names=[base] + names, hyps=hyps, refs=refs, judgements=judgements,
                            n_bootstrap=n_bootstrap, seed=seed)
        for n in names:
            metrics: Dict[str, Significance] = {}
            for m in DELTA_METRICS:
                if m in sig.get(n, {}):
                    metrics[m] = sig[n][m]
                    continue
                b, v = result.systems[base].score(m), result.systems[n].score(m)
                if b is None and v is None:
                    continue
                ms = result.systems[n].metrics.get(m)
                metrics[m] = Significance(metric=m, baseline=base, system=n, baseline_score=b, score=v, p_value=None,
                                          signature=ms.signature if ms is not None else "", n_samples=0)
            out[n] = GlossaryDelta(system=n, base=base, mode=pairs[n][1], metrics=metrics)
    return out
