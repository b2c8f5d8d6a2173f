"""Metrics: sacrebleu corpus scores, terminology metrics, WMT25 term success, significance (layer L4).

Every number comes back as a :class:`MetricScore` carrying its signature.
sacrebleu, numpy and the matchers are light; nothing here imports torch.
"""

from .base import MetricScore
from .corpus import CORPUS_METRICS, corpus_scores, make_sacrebleu_metric
from .significance import Significance, paired_sacrebleu, paired_term_bootstrap
from .terminology import (
    DEFAULT_BANNED_FORMS,
    TERM_METRICS,
    BannedUse,
    SegmentCounts,
    SourceTerm,
    TermReport,
    TermScorer,
    TermSegment,
    TermVerdict,
    aggregate_term_metrics,
    glossary_from_term_dict,
    judge_term_dicts,
    score_term_dicts,
)
from .wmt import WMT25_CONDITIONS, wmt25_pair_scores, wmt25_term_success_rate

__all__ = [
    "MetricScore",
    "CORPUS_METRICS",
    "corpus_scores",
    "make_sacrebleu_metric",
    "Significance",
    "paired_sacrebleu",
    "paired_term_bootstrap",
    "DEFAULT_BANNED_FORMS",
    "TERM_METRICS",
    "BannedUse",
    "SegmentCounts",
    "SourceTerm",
    "TermReport",
    "TermScorer",
    "TermSegment",
    "TermVerdict",
    "aggregate_term_metrics",
    "glossary_from_term_dict",
    "score_term_dicts",
    "judge_term_dicts",
    "WMT25_CONDITIONS",
    "wmt25_pair_scores",
    "wmt25_term_success_rate",
]
