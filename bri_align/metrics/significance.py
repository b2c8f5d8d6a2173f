"""Paired significance against a baseline system (layer L4).

* BLEU and chrF++: sacrebleu's :class:`~sacrebleu.significance.PairedTest`
  (paired bootstrap resampling, 1000 samples; seed from ``SACREBLEU_SEED``,
  default 12345, recorded in the signature).
* Term metrics: a paired bootstrap over segments written here with the same
  statistic as sacrebleu's (Koehn 2004 as implemented in Moses and sacrebleu:
  the absolute difference of the resampled scores, centred, compared with the
  observed difference) and a fixed numpy seed; ties count against significance
  (``>=``), so identical systems get p = 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..signature import format_signature
from .base import check_bootstrap
from .corpus import SACREBLEU_NAMES, check_parallel, make_sacrebleu_metric
from .terminology import SegmentCounts


def _named(value: Any, what: str) -> Tuple[str, Any]:
    """``(name, items)`` of a baseline or system, or a one-line :class:`InputError`."""
    if not isinstance(value, (tuple, list)) or len(value) != 2 or not isinstance(value[0], str):
        raise InputError(f"{what} must be a (name, items) pair, got {type(value).__name__}", field=what)
    return value[0], value[1]


def _systems(systems: Any) -> List[Tuple[str, Any]]:
    if systems is None or isinstance(systems, (str, bytes, Mapping)) or not isinstance(systems, Iterable):
        raise InputError(f"systems must be a list of (name, items) pairs, got {type(systems).__name__}",
                         field="systems")
    return [_named(s, "systems item") for s in systems]


def _counts(items: Any, name: str) -> List[SegmentCounts]:
    if items is None or isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise InputError(f"system '{name}': expected a list of SegmentCounts, got {type(items).__name__}",
                         field="systems")
    out = list(items)
    for k, c in enumerate(out):
        if not isinstance(c, SegmentCounts):
            raise InputError(f"system '{name}': item #{k + 1} is a {type(c).__name__}, expected SegmentCounts",
                             field="systems")
    return out

__all__ = ["Significance", "paired_sacrebleu", "paired_term_bootstrap"]


@dataclass(frozen=True)
class Significance:
    """A system against the baseline on one metric."""

    metric: str
    baseline: str
    system: str
    baseline_score: Optional[float]
    score: Optional[float]
    p_value: Optional[float]
    signature: str
    n_samples: int = 1000

    @property
    def delta(self) -> Optional[float]:
        if self.score is None or self.baseline_score is None:
            return None
        return self.score - self.baseline_score

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value is not None and self.p_value < alpha

    def to_dict(self) -> Dict[str, Any]:
        return {"metric": self.metric, "baseline": self.baseline, "system": self.system,
                "baseline_score": _r(self.baseline_score), "score": _r(self.score), "delta": _r(self.delta),
                "p_value": _r(self.p_value), "n_samples": self.n_samples, "signature": self.signature}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Significance":
        return cls(metric=d["metric"], baseline=d["baseline"], system=d["system"],
                   baseline_score=d.get("baseline_score"), score=d.get("score"), p_value=d.get("p_value"),
                   signature=d.get("signature", ""), n_samples=int(d.get("n_samples", 1000)))


def _r(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(float(x), 6)


def paired_sacrebleu(*, baseline: Tuple[str, Sequence[str]], systems: Sequence[Tuple[str, Sequence[str]]],
                     references: Sequence[str], metrics: Sequence[str] = ("bleu", "chrf"), n_samples: int = 1000,
                     target_lang: str = "en") -> Dict[str, Dict[str, Significance]]:
    """``{system: {metric: Significance}}`` from sacrebleu's paired bootstrap test."""
    from sacrebleu.significance import PairedTest

    baseline = _named(baseline, "baseline")
    systems = _systems(systems)
    check_bootstrap(n_samples)
    if not systems:
        return {}
    _, refs = check_parallel(baseline[1], references)
    for name, hyps in systems:
        check_parallel(hyps, refs)
    objs = {SACREBLEU_NAMES[m]: make_sacrebleu_metric(m, target_lang=target_lang, references=[refs])
            for m in metrics}
    named = [(baseline[0], list(baseline[1]))] + [(n, list(h)) for n, h in systems]
    test = PairedTest(named_systems=named, metrics=objs, references=None, test_type="bs", n_samples=n_samples)
    signatures, scores = test()
    inverse = {v: k for k, v in SACREBLEU_NAMES.items()}
    out: Dict[str, Dict[str, Significance]] = {n: {} for n, _ in systems}
    for sb_name, results in scores.items():
        if sb_name == "System":
            continue
        short = inverse.get(sb_name, sb_name)
        base = results[0]
        for (name, _), res in zip(systems, results[1:]):
            out[name][short] = Significance(
                metric=short, baseline=baseline[0], system=name, baseline_score=float(base.score),
                score=float(res.score), p_value=None if res.p_value is None else float(res.p_value),
                signature=format_signature(sb_name, [("test", "paired-bs"), ("sacrebleu", str(signatures[sb_name]))]),
                n_samples=n_samples,
            )
    return out


def _rate(tot: Any, metric: str) -> Optional[float]:
    src, ok, pref, dep, extra = (float(x) for x in tot)
    if metric == "term_success_rate":
        return ok / src if src else None
    if metric == "preferred_rendering_rate":
        return pref / src if src else None
    if metric == "deprecated_rendering_rate":
        return (dep + extra) / (src + extra) if (src + extra) else None
    raise InputError(f"no paired test for metric {metric!r}", field="metric")


def paired_term_bootstrap(*, baseline: Tuple[str, Sequence[SegmentCounts]],
                          systems: Sequence[Tuple[str, Sequence[SegmentCounts]]],
                          metrics: Sequence[str] = ("term_success_rate", "deprecated_rendering_rate"),
                          n_samples: int = 1000, seed: int = 12345) -> Dict[str, Dict[str, Significance]]:
    """Paired bootstrap over segments for the term rates; the same resamples for every system."""
    import numpy as np

    def as_array(counts: Sequence[SegmentCounts]) -> "np.ndarray":
        return np.array([[c.source_terms, c.success, c.preferred, c.deprecated, c.banned_extra] for c in counts],
                        dtype=float).reshape(-1, 5)

    bl_name, bl_counts = _named(baseline, "baseline")
    systems = [(n, _counts(c, n)) for n, c in _systems(systems)]
    check_bootstrap(n_samples, seed)
    bl = as_array(_counts(bl_counts, bl_name))
    n = len(bl)
    out: Dict[str, Dict[str, Significance]] = {}
    if n == 0:
        return {name: {} for name, _ in systems}
    rng = np.random.default_rng(seed)
    idx = rng.choice(n, size=(n_samples, n), replace=True)
    bl_samples = bl[idx].sum(axis=1)
    for name, counts in systems:
        arr = as_array(counts)
        if len(arr) != n:
            raise InputError(f"system '{name}' has {len(arr)} segments, the baseline '{bl_name}' {n}; "
                             "compare systems on the same segments", field="systems")
        sys_samples = arr[idx].sum(axis=1)
        out[name] = {}
        for metric in metrics:
            b0 = _rate(bl.sum(axis=0), metric)
            s0 = _rate(arr.sum(axis=0), metric)
            p: Optional[float] = None
            if b0 is not None and s0 is not None:
                diffs = []
                for bs, ss in zip(bl_samples, sys_samples):
                    rb, rs = _rate(bs, metric), _rate(ss, metric)
                    diffs.append(abs((rs or 0.0) - (rb or 0.0)))
                d = np.array(diffs)
                stats = d - d.mean()
                # ">=": a tie counts against significance, so a system compared with itself gets p = 1
                p = float((np.sum(stats >= abs(s0 - b0)) + 1) / (len(stats) + 1))
            sig = format_signature(metric, [("test", "paired-bs"), ("n", n_samples), ("seed", seed),
                                            ("unit", "segment"), ("stat", "abs-diff-centred")])
            out[name][metric] = Significance(metric=metric, baseline=bl_name, system=name, baseline_score=b0,
                                             score=s0, p_value=p, signature=sig, n_samples=n_samples)
    return out
