"""The record every metric returns (layer L4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional

from ..errors import InputError

__all__ = ["MetricScore", "check_bootstrap", "MAX_BOOTSTRAP", "MAX_SEED"]

#: most bootstrap resamples accepted (each holds one index per segment)
MAX_BOOTSTRAP = 100_000
#: numpy and sacrebleu seeds are unsigned 32-bit integers
MAX_SEED = 2**32 - 1


def check_bootstrap(n_bootstrap: Any, seed: Any = 0) -> None:
    """A one-line :class:`InputError` unless ``n_bootstrap`` is an integer in 0..MAX_BOOTSTRAP
    (0 or 1: no resampling) and ``seed`` an integer in 0..2**32-1."""
    if isinstance(n_bootstrap, bool) or not isinstance(n_bootstrap, int) or not 0 <= n_bootstrap <= MAX_BOOTSTRAP:
        raise InputError(f"n_bootstrap (--n-bootstrap) must be a whole number from 0 (no bootstrap) to "
                         f"{MAX_BOOTSTRAP}, got {n_bootstrap!r}", field="n_bootstrap")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed (--seed) must be a whole number from 0 to {MAX_SEED} (2**32-1), got {seed!r}",
                         field="seed")


@dataclass(frozen=True)
class MetricScore:
    """One corpus-level number with what is needed to reproduce it.

    ``score`` is on the metric's own scale (BLEU/chrF++/TER 0-100; term rates
    0-1).  ``ci_mean`` and ``ci_half_width`` describe the 95% bootstrap
    confidence interval the sacrebleu way: the bootstrap mean plus or minus
    half the distance between the 2.5th and 97.5th percentiles.  ``n`` is the
    number of items the score averages over (segments, term occurrences...).
    ``details`` carries extra counts (hits, totals, BLEU precisions...).
    """

    name: str
    score: Optional[float]
    signature: str
    n: int = 0
    ci_mean: Optional[float] = None
    ci_half_width: Optional[float] = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ci(self) -> Optional[tuple]:
        """``(low, high)`` of the 95% interval, or None without bootstrap."""
        if self.ci_mean is None or self.ci_half_width is None:
            return None
        return (self.ci_mean - self.ci_half_width, self.ci_mean + self.ci_half_width)

    def format(self, digits: int = 2) -> str:
        if self.score is None:
            return "n/a"
        s = f"{self.score:.{digits}f}"
        if self.ci_half_width is not None:
            s += f" ± {self.ci_half_width:.{digits}f}"
        return s

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"name": self.name, "score": _round(self.score), "n": self.n}
        if self.ci_mean is not None:
            d["ci95"] = {"mean": _round(self.ci_mean), "half_width": _round(self.ci_half_width),
                         "low": _round(self.ci[0]) if self.ci else None,
                         "high": _round(self.ci[1]) if self.ci else None}
        if self.details:
            d["details"] = dict(self.details)
        d["signature"] = self.signature
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "MetricScore":
        ci = d.get("ci95") or {}
        return cls(
            name=str(d["name"]),
            score=None if d.get("score") is None else float(d["score"]),
            signature=str(d.get("signature", "")),
            n=int(d.get("n", 0)),
            ci_mean=None if ci.get("mean") is None else float(ci["mean"]),
            ci_half_width=None if ci.get("half_width") is None else float(ci["half_width"]),
            details=dict(d.get("details", {}) or {}),
        )


def _round(x: Optional[float], nd: int = 6) -> Optional[float]:
    return None if x is None else round(float(x), nd)
