"""The WMT25 Terminology Track 2 term success rate, exactly as the task defines it (layer L4).

Definition (NOTES.md; the task's own evaluation script does the same):
everything is lowercased; a (document, source term) pair counts only if the
source term occurs in the source document and at least one of its target terms
occurs in the reference; its score is
``min(sum of target-term counts in the hypothesis / source-term count, 1)``;
the rate is the mean over the pairs that count.  Counting is plain substring
counting (``str.count``), without word boundaries, as in the official script.
Sources, hypotheses and references are stripped; so are the terms, except that
the reference check uses the target terms as given (as the official script does).
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ..errors import InputError
from ..signature import format_signature
from .base import MetricScore

__all__ = ["wmt25_term_success_rate", "wmt25_pair_scores", "WMT25_CONDITIONS"]

WMT25_CONDITIONS = ("proper", "random", "noterm")


def _targets(value: Any, *, src_term: str) -> List[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return list(value)
    raise InputError(f"target terms of {src_term!r} must be a list of strings, got {value!r}", field="terms")


def wmt25_pair_scores(*, source: str, hypothesis: str, reference: str,
                      term_dict: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The counted (document, term) pairs of one document with their scores."""
    src = source.strip().lower()
    hyp = hypothesis.strip().lower()
    ref = reference.strip().lower()
    out = []
    for src_term, value in term_dict.items():
        tgts = _targets(value, src_term=src_term)
        s = src_term.strip()
        if not s or s.lower() not in src:
            continue
        if not any(t.lower() in ref for t in tgts):
            continue
        n_src = src.count(s.lower())
        n_hyp = sum(hyp.count(t.strip().lower()) for t in tgts)
        out.append({"term": s, "targets": tgts, "source_count": n_src, "hypothesis_count": n_hyp,
                    "score": min(n_hyp / n_src, 1.0)})
    return out


def wmt25_term_success_rate(*, sources: Sequence[str], hypotheses: Sequence[str], references: Sequence[str],
                            term_dicts: Sequence[Mapping[str, Any]], condition: str = "proper",
                            path: Optional[str] = None) -> MetricScore:
    """Mean pair score over all documents; ``score`` is None when no pair counts."""
    n = len(sources)
    if not (len(hypotheses) == len(references) == len(term_dicts) == n):
        raise InputError(f"{n} sources, {len(hypotheses)} hypotheses, {len(references)} references and "
                         f"{len(term_dicts)} term dictionaries; give one of each per document", path=path)
    total = 0.0
    pairs = 0
    for i in range(n):
        try:
            scored = wmt25_pair_scores(source=sources[i], hypothesis=hypotheses[i], reference=references[i],
                                       term_dict=term_dicts[i])
        except InputError as exc:
            raise InputError(exc.message, path=path, line=i + 1, field=condition) from None
        pairs += len(scored)
        total += sum(p["score"] for p in scored)
    sig = format_signature("wmt25_term_success_rate", [
        ("dict", condition), ("lowercase", True), ("count", "substring"), ("cap", 1),
        ("filter", "src-in-source+tgt-in-reference"), ("mean", "pairs")])
    return MetricScore(name=f"wmt25_tsr_{condition}", score=total / pairs if pairs else None, signature=sig,
                       n=pairs, details={"pairs": pairs, "sum": round(total, 6)})
