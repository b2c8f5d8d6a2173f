"""The WMT25 Terminology Track 2 term success rate, exactly as the task defines it (layer L4).

Definition (NOTES.md; the task's own evaluation script, ``evaluate_track2.py``,
does the same): everything is lowercased; a (document, source term) pair counts
only if the source term occurs in the source document and at least one of its
target terms occurs in the reference; its score is
``min(sum of target-term counts in the hypothesis / source-term count, 1)``;
the rate is the mean over the pairs that count.  Counting is plain substring
counting (``str.count``), without word boundaries, as in the official script.
Sources, hypotheses and references are stripped; so are the terms, except that
the reference check uses the target terms as given (as the official script does).

Several reference files (the task's one file per year) are *pooled*, as the
official script does: their documents are concatenated and the rate is the mean
over every counted pair of every document, not a mean of per-file rates
(:meth:`WMT25TermPairs.pooled`).

Which pairs count depends on the source and the reference only, so
:class:`WMT25TermPairs` finds them once per reference and dictionary and then
scores any number of systems by counting their target terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..signature import format_signature
from .base import MetricScore

__all__ = ["WMT25TermPairs", "wmt25_term_success_rate", "wmt25_pair_scores", "WMT25_CONDITIONS"]

WMT25_CONDITIONS = ("proper", "random", "noterm")

# one counted pair: (source term, target terms as given, target terms stripped and lowercased, source count)
_Pair = Tuple[str, Tuple[str, ...], Tuple[str, ...], int]


def _targets(value: Any, *, src_term: str) -> List[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return list(value)
    raise InputError(f"target terms of {src_term!r} must be a list of strings, got {value!r}", field="terms")


def _counted_pairs(source: str, reference: str, term_dict: Mapping[str, Any]) -> Tuple[_Pair, ...]:
    src = source.strip().lower()
    ref = reference.strip().lower()
    out = []
    for src_term, value in term_dict.items():
        tgts = _targets(value, src_term=src_term)
        s = src_term.strip()
        low = s.lower()
        if not s or low not in src:
            continue
        if not any(t.lower() in ref for t in tgts):
            continue
        out.append((s, tuple(tgts), tuple(t.strip().lower().strip() for t in tgts), src.count(low)))
    return tuple(out)


def _signature(condition: str) -> str:
    return format_signature("wmt25_term_success_rate", [
        ("dict", condition), ("lowercase", True), ("count", "substring"), ("cap", 1),
        ("filter", "src-in-source+tgt-in-reference"), ("mean", "pairs")])


@dataclass(frozen=True)
class WMT25TermPairs:
    """The counted (document, source term) pairs of a reference under one dictionary condition.

    Build it with :meth:`from_reference` (or :meth:`pooled` for several files),
    then :meth:`score` each system's hypotheses (one per document, in order).
    """

    condition: str
    documents: Tuple[Tuple[_Pair, ...], ...]

    @classmethod
    def from_reference(cls, *, sources: Sequence[str], references: Sequence[str],
                       term_dicts: Sequence[Mapping[str, Any]], condition: str = "proper",
                       path: Optional[str] = None) -> "WMT25TermPairs":
        """The pairs that count in each document; a malformed dictionary is an error naming
        ``path`` and the document's line (documents are one per line)."""
        n = len(sources)
        if not (len(references) == len(term_dicts) == n):
            raise InputError(f"{n} sources, {len(references)} references and {len(term_dicts)} term "
                             "dictionaries; give one of each per document", path=path)
        docs = []
        for i in range(n):
            try:
                docs.append(_counted_pairs(sources[i], references[i], term_dicts[i]))
            except InputError as exc:
                raise InputError(exc.message, path=path, line=i + 1, field=condition) from None
        return cls(condition=condition, documents=tuple(docs))

    @classmethod
    def pooled(cls, parts: Sequence["WMT25TermPairs"]) -> "WMT25TermPairs":
        """Several references' pairs as one (the official pooling: documents concatenated)."""
        if not parts:
            raise InputError("no reference to pool; give at least one", field="reference")
        conds = {p.condition for p in parts}
        if len(conds) != 1:
            raise InputError(f"cannot pool dictionary conditions {', '.join(sorted(conds))}; pool one condition "
                             "at a time", field="condition")
        return cls(condition=parts[0].condition, documents=tuple(d for p in parts for d in p.documents))

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def n_pairs(self) -> int:
        return sum(len(d) for d in self.documents)

    def pair_scores(self, index: int, hypothesis: str) -> List[Dict[str, Any]]:
        """Each counted pair of document ``index`` with its score for ``hypothesis``."""
        hyp = hypothesis.strip().lower()
        out = []
        for term, tgts, low, n_src in self.documents[index]:
            n_hyp = sum(hyp.count(t) for t in low)
            out.append({"term": term, "targets": list(tgts), "source_count": n_src, "hypothesis_count": n_hyp,
                        "score": min(n_hyp / n_src, 1.0)})
        return out

    def score(self, hypotheses: Sequence[str], *, path: Optional[str] = None) -> MetricScore:
        """Mean pair score over all documents; ``score`` is None when no pair counts."""
        if isinstance(hypotheses, (str, bytes)) or len(hypotheses) != len(self.documents):
            got = "a string" if isinstance(hypotheses, (str, bytes)) else f"{len(hypotheses)} hypotheses"
            raise InputError(f"{got} for {len(self.documents)} documents; give one hypothesis per document, "
                             "in the reference order", path=path)
        total = 0.0
        pairs = 0
        for doc, hypothesis in zip(self.documents, hypotheses):
            if not doc:
                continue
            hyp = hypothesis.strip().lower()
            for _, _, low, n_src in doc:
                total += min(sum(hyp.count(t) for t in low) / n_src, 1.0)
            pairs += len(doc)
        return MetricScore(name=f"wmt25_tsr_{self.condition}", score=total / pairs if pairs else None,
                           signature=_signature(self.condition), n=pairs,
                           details={"pairs": pairs, "sum": round(total, 6)})


def wmt25_pair_scores(*, source: str, hypothesis: str, reference: str,
                      term_dict: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The counted (document, term) pairs of one document with their scores."""
    return WMT25TermPairs(condition="", documents=(_counted_pairs(source, reference, term_dict),)).pair_scores(
        0, hypothesis)


def wmt25_term_success_rate(*, sources: Sequence[str], hypotheses: Sequence[str], references: Sequence[str],
                            term_dicts: Sequence[Mapping[str, Any]], condition: str = "proper",
                            path: Optional[str] = None) -> MetricScore:
    """Mean pair score over all documents; ``score`` is None when no pair counts."""
    n = len(sources)
    if not (len(hypotheses) == len(references) == len(term_dicts) == n):
        raise InputError(f"{n} sources, {len(hypotheses)} hypotheses, {len(references)} references and "
                         f"{len(term_dicts)} term dictionaries; give one of each per document", path=path)
    pairs = WMT25TermPairs.from_reference(sources=sources, references=references, term_dicts=term_dicts,
                                          condition=condition, path=path)
    return pairs.score(hypotheses, path=path)
