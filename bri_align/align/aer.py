"""Alignment error rate against gold sure/possible links (Och & Ney 2003) (layer L3).

``AER = 1 - (|A∩S| + |A∩P|) / (|A| + |S|)``, precision ``|A∩P| / |A|``, recall
``|A∩S| / |S|``, where ``S`` are the sure links and ``P`` the sure plus possible
links; counts are summed over the corpus before dividing (the usual convention).

:func:`load_gold` reads a gold set stored as ``train.zh`` / ``train.en`` (space
separated tokens) and ``train.align`` (``i-j`` sure, ``i-j-P`` possible), the layout
of the DeNero & Macherey (2011) zh-en set.  The set is not shipped: give its folder
to :func:`load_gold` or set ``BRI_ALIGN_DENERO_DIR`` (:func:`denero_dir`).
:func:`project_links` moves links found on one segmentation onto another through
character offsets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..io import read_lines
from .pharaoh import Link, parse_pharaoh_gold
from .tokenize import Token

__all__ = ["AERScore", "GoldSet", "load_gold", "score_aer", "project_links", "denero_dir", "DENERO_ENV"]

#: The environment variable naming the folder of the DeNero 150 gold set.
DENERO_ENV = "BRI_ALIGN_DENERO_DIR"


def denero_dir(directory: "Optional[os.PathLike[str] | str]" = None) -> Path:
    """The gold set's folder: ``directory`` when given, else ``$BRI_ALIGN_DENERO_DIR``;
    an InputError saying how to give it when neither is set."""
    if directory is not None:
        return Path(directory)
    env = os.environ.get(DENERO_ENV, "").strip()
    if env:
        return Path(env)
    raise InputError(f"no gold set folder given; pass the folder holding train.zh, train.en and train.align "
                     f"(e.g. zhen_gold_denero150) or set {DENERO_ENV}", field="directory")


@dataclass(frozen=True)
class AERScore:
    aer: float
    precision: float
    recall: float
    n_pred: int
    n_sure: int
    n_possible: int

    def to_dict(self) -> Dict[str, Any]:
        return {"aer": self.aer, "precision": self.precision, "recall": self.recall,
                "n_pred": self.n_pred, "n_sure": self.n_sure, "n_possible": self.n_possible}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "AERScore":
        return cls(float(d["aer"]), float(d["precision"]), float(d["recall"]),
                   int(d["n_pred"]), int(d["n_sure"]), int(d["n_possible"]))

    def __str__(self) -> str:
        return f"AER {100 * self.aer:.1f}  P {100 * self.precision:.1f}  R {100 * self.recall:.1f}"


@dataclass(frozen=True)
class GoldSet:
    """Pre-tokenised sentence pairs with sure and possible links (possible ⊇ sure)."""

    zh: Tuple[str, ...]
    en: Tuple[str, ...]
    sure: Tuple[Tuple[Link, ...], ...]
    possible: Tuple[Tuple[Link, ...], ...]

    @property
    def pairs(self) -> List[Tuple[str, str]]:
        return list(zip(self.zh, self.en))

    def __len__(self) -> int:
        return len(self.zh)


def load_gold(directory: "Optional[os.PathLike[str] | str]" = None, *, prefix: str = "train") -> GoldSet:
    """Read ``{prefix}.zh``, ``{prefix}.en`` and ``{prefix}.align`` from ``directory``
    (default: ``$BRI_ALIGN_DENERO_DIR``, see :func:`denero_dir`)."""
    d = denero_dir(directory)
    files = {k: d / f"{prefix}.{k}" for k in ("zh", "en", "align")}
    zh = read_lines(files["zh"], what="gold Chinese file")
    en = read_lines(files["en"], what="gold English file")
    al = read_lines(files["align"], what="gold alignment file", allow_empty=True)
    if not (len(zh) == len(en) == len(al)):
        raise InputError(f"gold files disagree in length: {len(zh)} zh, {len(en)} en, {len(al)} align lines; "
                         "they must be parallel", path=str(d))
    sure, poss = [], []
    for n, (z, e, a) in enumerate(zip(zh, en, al), 1):
        s, p = parse_pharaoh_gold(a, lineno=n, path=str(files["align"]),
                                  n_src=len(z.split()), n_tgt=len(e.split()))
        sure.append(s)
        poss.append(p)
    return GoldSet(tuple(zh), tuple(en), tuple(sure), tuple(poss))


def score_aer(predicted: Sequence[Sequence[Link]], sure: Sequence[Sequence[Link]],
              possible: Sequence[Sequence[Link]]) -> AERScore:
    """Corpus AER, precision and recall (fractions in [0, 1])."""
    if not (len(predicted) == len(sure) == len(possible)):
        raise InputError(f"{len(predicted)} predicted alignments for {len(sure)} gold sentences; "
                         "give one alignment per gold sentence pair", field="predicted")
    a_n = s_n = p_n = as_n = ap_n = 0
    for a, s, p in zip(predicted, sure, possible):
        a, s, p = set(a), set(s), set(p) | set(s)
        a_n += len(a)
        s_n += len(s)
        p_n += len(p)
        as_n += len(a & s)
        ap_n += len(a & p)
    aer = 1.0 - (as_n + ap_n) / (a_n + s_n) if (a_n + s_n) else 0.0
    return AERScore(aer, ap_n / a_n if a_n else 0.0, as_n / s_n if s_n else 0.0, a_n, s_n, p_n)


def _overlaps(ours: Sequence[Token], gold: Sequence[Token]) -> List[List[int]]:
    out: List[List[int]] = []
    for t in ours:
        out.append([g for g, gt in enumerate(gold) if gt.start < t.end and t.start < gt.end])
    return out


def project_links(links: Sequence[Link], *, src_tokens: Sequence[Token], tgt_tokens: Sequence[Token],
                  gold_src: Sequence[Token], gold_tgt: Sequence[Token]) -> Tuple[Link, ...]:
    """Map links between our tokens onto gold tokens of the same texts via character overlap.

    A link ``(i, j)`` becomes every ``(gi, gj)`` whose gold tokens overlap our tokens
    ``i`` and ``j``; offsets of both tokenisations must refer to the same strings.
    """
    src_map = _overlaps(src_tokens, gold_src)
    tgt_map = _overlaps(tgt_tokens, gold_tgt)
    out = set()
    for i, j in links:
        for gi in src_map[i]:
            for gj in tgt_map[j]:
                out.add((gi, gj))
    return tuple(sorted(out))
