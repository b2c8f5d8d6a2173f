"""Terminology constraints for transformers generation (layer L3).

transformers 5 removed constrained beam search (``force_words_ids`` and
``PhrasalConstraint``), so the hard "force" mode is a :class:`ForcePhrasesLogitsProcessor`
written here; it works with greedy search, beam search and batching, because it
only rewrites the scores of each hypothesis row independently:

* a row whose last generated tokens are a proper prefix of a pending phrase must
  continue that phrase (every other token gets ``-inf``);
* a row with pending phrases may not end (EOS gets ``-inf``);
* when the steps left before ``max_new_tokens`` are just enough for the pending
  phrases, the row is made to start the next pending phrase;
* otherwise the first tokens of pending phrases get a small bonus, so the model
  places the phrase where it fits best.

A phrase is *done* once its token sequence occurs anywhere in the row's output.
The soft "bias" mode uses transformers' own ``sequence_bias``; banned
(deprecated) renderings use ``bad_words_ids``.  Which phrases apply to which
source sentence comes from the glossary through :func:`phrases_for_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from ..glossary.model import Glossary

__all__ = [
    "TermConstraint",
    "phrases_for_sources",
    "ForcePhrasesLogitsProcessor",
    "encode_phrases",
]


@dataclass(frozen=True)
class TermConstraint:
    """What one source sentence asks of its translation."""

    entry_id: str
    zh: str
    required: str  # the preferred rendering
    banned: Tuple[str, ...]  # deprecated / superseded renderings

    def to_dict(self) -> Dict[str, object]:
        return {"entry_id": self.entry_id, "zh": self.zh, "required": self.required,
                "banned": list(self.banned)}


def phrases_for_sources(sources: Sequence[str], glossary: Glossary) -> List[List[TermConstraint]]:
    """For each source sentence, one constraint per distinct glossary entry it contains."""
    from ..matching import TermMatcher

    matcher = TermMatcher(glossary, lang="zh")
    out: List[List[TermConstraint]] = []
    for src in sources:
        seen = set()
        cons = []
        for m in matcher.find(src):
            if m.entry_id in seen:
                continue
            seen.add(m.entry_id)
            entry = glossary.get(m.entry_id)
            banned = tuple(r.en for r in entry.deprecated
                           if r.en.casefold() not in entry.preferred.en.casefold())
            cons.append(TermConstraint(entry.id, m.text, entry.preferred.en, banned))
        out.append(cons)
    return out


def encode_phrases(tokenizer, phrases: Sequence[str]) -> List[List[int]]:
    """Target-side token ids of each phrase, without special tokens."""
    ids = []
    for p in phrases:
        enc = tokenizer(text_target=p, add_special_tokens=False)["input_ids"]
        enc = [t for t in enc if t not in set(tokenizer.all_special_ids)]
        if enc:
            ids.append(enc)
    return ids


def _contains(seq: List[int], phrase: List[int]) -> bool:
    n = len(phrase)
    if n == 0:
        return True
    first = phrase[0]
    for i in range(len(seq) - n + 1):
        if seq[i] == first and seq[i:i + n] == phrase:
            return True
    return False


def _open_prefix(seq: List[int], phrase: List[int]) -> int:
    """Length k (0 < k < len(phrase)) of the longest proper phrase prefix that ends ``seq``."""
    for k in range(min(len(phrase) - 1, len(seq)), 0, -1):
        if seq[-k:] == phrase[:k]:
            return k
    return 0


class ForcePhrasesLogitsProcessor:
    """Make every phrase of a row's list appear in that row's output.

    ``phrases[b]`` lists the token-id sequences required for batch item ``b``;
    rows are ``batch * num_beams`` as transformers lays them out.
    ``prompt_length`` is the length of the decoder input before generation (1 for
    encoder-decoder models that start from the decoder start token).
    """

    def __init__(self, phrases: Sequence[Sequence[Sequence[int]]], *, num_beams: int, eos_token_id: int,
                 max_new_tokens: int, prompt_length: int = 1, start_bonus: float = 2.0) -> None:
        self.phrases = [[list(p) for p in row if p] for row in phrases]
        self.num_beams = num_beams
        self.eos_token_id = eos_token_id
        self.max_new_tokens = max_new_tokens
        self.prompt_length = prompt_length
        self.start_bonus = start_bonus

    def __call__(self, input_ids, scores):
        import torch

        neg = torch.finfo(scores.dtype).min
        rows = input_ids.tolist()
        for r, seq in enumerate(rows):
            required = self.phrases[r // self.num_beams] if r // self.num_beams < len(self.phrases) else []
            if not required:
                continue
            generated = seq[self.prompt_length:]
            pending = [p for p in required if not _contains(generated, p)]
            if not pending:
                continue
            # 1. continue an opened phrase
            forced: Optional[int] = None
            best_k = 0
            for p in pending:
                k = _open_prefix(generated, p)
                if k > best_k:
                    best_k, forced = k, p[k]
            if forced is None:
                steps_left = self.max_new_tokens - len(generated)
                need = sum(len(p) for p in pending) + 1  # + EOS
                if steps_left <= need:
                    forced = pending[0][0]
            row = scores[r]
            if forced is not None:
                keep = row[forced].clone()
                row.fill_(neg)
                row[forced] = keep if torch.isfinite(keep) else 0.0
                continue
            if self.eos_token_id is not None:
                row[self.eos_token_id] = neg
            for p in pending:
                row[p[0]] = row[p[0]] + self.start_bonus
        return scores
