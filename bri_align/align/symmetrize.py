"""Symmetrisation of two directional word alignments (layer L3).

Koehn, Och & Marcu (2003) heuristics as in Moses ``symal``: ``intersection``,
``union``, ``grow-diag``, ``grow-diag-final`` and ``grow-diag-final-and``.
Both inputs are sets of ``(i, j)`` links in the same orientation
(``i`` source/Chinese index, ``j`` target/English index).
"""

from __future__ import annotations

from typing import Callable, Dict, Iterable, Set, Tuple

from ..errors import InputError

__all__ = ["SYMMETRIZERS", "symmetrize"]

Link = Tuple[int, int]
_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def _grow_diag(s2t: Set[Link], t2s: Set[Link]) -> Set[Link]:
    union = s2t | t2s
    aligned = set(s2t & t2s)
    src_done = {i for i, _ in aligned}
    tgt_done = {j for _, j in aligned}
    added = True
    while added:
        added = False
        for i, j in sorted(aligned):
            for di, dj in _NEIGHBOURS:
                cand = (i + di, j + dj)
                if cand in union and cand not in aligned and (
                        cand[0] not in src_done or cand[1] not in tgt_done):
                    aligned.add(cand)
                    src_done.add(cand[0])
                    tgt_done.add(cand[1])
                    added = True
    return aligned


def _final(aligned: Set[Link], direction: Iterable[Link], *, and_: bool) -> None:
    src_done = {i for i, _ in aligned}
    tgt_done = {j for _, j in aligned}
    for i, j in sorted(direction):
        ok = (i not in src_done and j not in tgt_done) if and_ else (i not in src_done or j not in tgt_done)
        if ok and (i, j) not in aligned:
            aligned.add((i, j))
            src_done.add(i)
            tgt_done.add(j)


def _gdf(s2t: Set[Link], t2s: Set[Link], and_: bool) -> Set[Link]:
    a = _grow_diag(s2t, t2s)
    _final(a, s2t, and_=and_)
    _final(a, t2s, and_=and_)
    return a


SYMMETRIZERS: Dict[str, Callable[[Set[Link], Set[Link]], Set[Link]]] = {
    "intersection": lambda a, b: a & b,
    "union": lambda a, b: a | b,
    "grow-diag": _grow_diag,
    "grow-diag-final": lambda a, b: _gdf(a, b, False),
    "grow-diag-final-and": lambda a, b: _gdf(a, b, True),
    "src2tgt": lambda a, b: set(a),
    "tgt2src": lambda a, b: set(b),
}


def symmetrize(s2t: Iterable[Link], t2s: Iterable[Link], *, method: str = "grow-diag-final-and"
               ) -> Tuple[Link, ...]:
    """Combine a source->target and a target->source alignment (both as ``(i, j)``)."""
    fn = SYMMETRIZERS.get(method)
    if fn is None:
        raise InputError(f"unknown symmetrisation {method!r}; choose one of: {', '.join(SYMMETRIZERS)}",
                         field="symmetrize")
    return tuple(sorted(fn(set(s2t), set(t2s))))
