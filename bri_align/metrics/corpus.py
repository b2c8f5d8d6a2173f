"""BLEU, chrF++ and TER through sacrebleu (layer L4).

Thin wrappers: sacrebleu computes every number; we keep its signature string
(taken after scoring, as sacrebleu requires) and its 95% bootstrap interval.
English targets use sacrebleu's default ``13a`` tokenizer, Chinese targets
``zh``.  The bootstrap seed is sacrebleu's (``SACREBLEU_SEED``, default 12345)
and appears in the signature.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple

from ..errors import InputError
from ..signature import format_signature
from .base import MetricScore, check_bootstrap

__all__ = ["CORPUS_METRICS", "DOCUMENT_METRICS", "check_metrics", "corpus_scores", "make_sacrebleu_metric",
           "SACREBLEU_NAMES"]

CORPUS_METRICS: Tuple[str, ...] = ("bleu", "chrf", "ter")
#: our short names -> the names sacrebleu gives its scores
SACREBLEU_NAMES = {"bleu": "BLEU", "chrf": "chrF2++", "ter": "TER"}
#: the default for document-level data (WMT25 Track 2): TER, quadratic with shifts, does not
#: finish on whole documents as single segments, so it runs only when asked for
DOCUMENT_METRICS: Tuple[str, ...] = ("bleu", "chrf")


def check_metrics(metrics: "str | Sequence[str]", *, field: str = "metrics") -> Tuple[str, ...]:
    """The corpus metrics asked for (``"bleu,chrf"`` or a sequence), checked and in the
    canonical order; an unknown or empty selection is an InputError."""
    names = [m.strip().lower() for m in (metrics.split(",") if isinstance(metrics, str) else metrics)]
    names = [m for m in names if m]
    unknown = [m for m in names if m not in CORPUS_METRICS]
    if unknown or not names:
        what = f"unknown metric {unknown[0]!r}" if unknown else "no metric"
        raise InputError(f"{what}; choose from {', '.join(CORPUS_METRICS)} (comma-separated)", field=field)
    return tuple(m for m in CORPUS_METRICS if m in names)


_CHRF_CLASS: Any = None


def _chrf_class() -> Any:
    """sacrebleu's CHRF whose segment scores are always Python floats.

    sacrebleu's ``_compute_f_score`` returns the literal ``0.0`` when a (resampled)
    corpus shares no character n-gram with its reference and a numpy ``float32``
    otherwise (the bootstrap sums float32 statistics); ``statistics.mean`` over such a
    mix raises ``TypeError`` (2-line corpora hit it with the default 1000 resamples).
    Casting to ``float`` changes no value.
    """
    global _CHRF_CLASS
    if _CHRF_CLASS is None:
        from sacrebleu.metrics import CHRF

        class _FloatCHRF(CHRF):
            def _compute_f_score(self, statistics: Any) -> float:
                return float(super()._compute_f_score(statistics))

        _FloatCHRF.__name__ = _FloatCHRF.__qualname__ = "CHRF"
        _CHRF_CLASS = _FloatCHRF
    return _CHRF_CLASS


def make_sacrebleu_metric(name: str, *, target_lang: str = "en", references: Any = None) -> Any:
    """A configured sacrebleu metric object: BLEU, chrF++ (word_order=2) or TER."""
    from sacrebleu.metrics import BLEU, TER

    if name == "bleu":
        return BLEU(tokenize="zh" if target_lang == "zh" else "13a", references=references)
    if name == "chrf":
        return _chrf_class()(word_order=2, references=references)
    if name == "ter":
        return TER(asian_support=target_lang == "zh", references=references)
    raise InputError(f"unknown corpus metric {name!r}; expected one of {', '.join(CORPUS_METRICS)}",
                     field="metrics")


def check_parallel(hypotheses: Sequence[str], references: Sequence[str]) -> Tuple[List[str], List[str]]:
    for what, seq in (("hypotheses", hypotheses), ("references", references)):
        if isinstance(seq, (str, bytes)):
            raise InputError("hypotheses and references must be lists of strings, not one string", field=what)
        if seq is None or isinstance(seq, Mapping) or not isinstance(seq, Iterable):
            raise InputError(f"{what} must be a list of strings, got {type(seq).__name__}", field=what)
    hyps, refs = list(hypotheses), list(references)
    if len(hyps) != len(refs):
        raise InputError(f"{len(hyps)} hypotheses for {len(refs)} references; give one hypothesis per "
                         "reference segment", field="hypotheses")
    if not hyps:
        raise InputError("no segments to score; give at least one hypothesis and reference",
                         field="hypotheses")
    for what, seq in (("hypothesis", hyps), ("reference", refs)):
        for k, s in enumerate(seq):
            if not isinstance(s, str):
                raise InputError(f"{what} #{k + 1} is a {type(s).__name__}, expected a str", field=what)
    return hyps, refs


def corpus_scores(
    *,
    hypotheses: Sequence[str],
    references: Sequence[str],
    metrics: Sequence[str] = CORPUS_METRICS,
    n_bootstrap: int = 1000,
    target_lang: str = "en",
) -> Dict[str, MetricScore]:
    """Corpus BLEU / chrF++ / TER with signatures and 95% bootstrap intervals.

    ``n_bootstrap <= 1`` skips the interval.
    """
    hyps, refs = check_parallel(hypotheses, references)
    check_bootstrap(n_bootstrap)
    out: Dict[str, MetricScore] = {}
    for name in metrics:
        metric = make_sacrebleu_metric(name, target_lang=target_lang)
        score = metric.corpus_score(hyps, [refs], n_bootstrap=max(1, n_bootstrap))
        # sacrebleu's own signature string is a value (only valid after scoring)
        signature = format_signature(score.name, [("sacrebleu", str(metric.get_signature()))])
        details: Dict[str, Any] = {}
        if name == "bleu":
            details = {"counts": list(score.counts), "totals": list(score.totals),
                       "precisions": [round(p, 4) for p in score.precisions], "bp": round(score.bp, 4),
                       "sys_len": score.sys_len, "ref_len": score.ref_len}
        elif name == "ter":
            details = {"num_edits": float(score.num_edits), "ref_length": float(score.ref_length)}
        has_ci = n_bootstrap > 1
        out[name] = MetricScore(
            name=name, score=float(score.score), signature=signature, n=len(hyps),
            ci_mean=float(score._mean) if has_ci else None,
            ci_half_width=float(score._ci) if has_ci else None,
            details=details,
        )
    return out
