"""Pharaoh alignment format: ``"0-0 1-2 2-1"`` (layer L3).

Links are 0-based ``i-j`` pairs, ``i`` a source (Chinese) token index and ``j`` a
target (English) token index.  Gold files may mark possible links ``i-j-P`` (or
``i?j``, Moses style) and sure links ``i-j`` or ``i-j-S``.
"""

from __future__ import annotations

from typing import Iterable, Optional, Set, Tuple

from ..errors import InputError

__all__ = ["Link", "parse_pharaoh", "parse_pharaoh_gold", "format_pharaoh"]

Link = Tuple[int, int]


def _index(p: str) -> bool:
    """An ASCII index: ``str.isdigit`` alone admits '²' or '٣', which ``int`` refuses or reads."""
    return p.isascii() and p.isdigit() and len(p) <= 9  # an index past 999,999,999 is no token index


def _bad(item: str, line: Optional[int], path: Optional[str], expected: str) -> InputError:
    return InputError(f"bad alignment link {item!r}; expected {expected}", path=path, line=line)


def parse_pharaoh(line: str, *, lineno: Optional[int] = None, path: Optional[str] = None,
                  n_src: Optional[int] = None, n_tgt: Optional[int] = None) -> Tuple[Link, ...]:
    """Links of one Pharaoh line, sorted and de-duplicated.

    Raises :class:`InputError` naming ``path``/``lineno`` for a malformed link or an
    index outside ``n_src``/``n_tgt`` tokens when those are given.
    """
    links: Set[Link] = set()
    for item in line.split():
        parts = item.split("-")
        if len(parts) != 2 or not all(_index(p) for p in parts):
            raise _bad(item, lineno, path, "'i-j' with 0-based token indices, e.g. '0-0 1-2'")
        i, j = int(parts[0]), int(parts[1])
        _check_range(item, i, j, n_src, n_tgt, lineno, path)
        links.add((i, j))
    return tuple(sorted(links))


def _check_range(item, i, j, n_src, n_tgt, lineno, path) -> None:
    if n_src is not None and i >= n_src:
        raise InputError(f"link {item!r}: source index {i} out of range (sentence has {n_src} tokens)",
                         path=path, line=lineno)
    if n_tgt is not None and j >= n_tgt:
        raise InputError(f"link {item!r}: target index {j} out of range (sentence has {n_tgt} tokens)",
                         path=path, line=lineno)


def parse_pharaoh_gold(line: str, *, lineno: Optional[int] = None, path: Optional[str] = None,
                       n_src: Optional[int] = None, n_tgt: Optional[int] = None
                       ) -> Tuple[Tuple[Link, ...], Tuple[Link, ...]]:
    """``(sure, possible)`` links of a gold line; ``possible`` includes the sure links."""
    sure: Set[Link] = set()
    possible: Set[Link] = set()
    for item in line.split():
        kind = "S"
        if "?" in item:
            a, _, b = item.partition("?")
            parts, kind = [a, b], "P"
        else:
            parts = item.split("-")
            if len(parts) == 3:
                kind = parts.pop().upper()
        if kind not in ("S", "P") or len(parts) != 2 or not all(_index(p) for p in parts):
            raise _bad(item, lineno, path, "'i-j' (sure), 'i-j-S', 'i-j-P' or 'i?j' (possible)")
        i, j = int(parts[0]), int(parts[1])
        _check_range(item, i, j, n_src, n_tgt, lineno, path)
        possible.add((i, j))
        if kind == "S":
            sure.add((i, j))
    return tuple(sorted(sure)), tuple(sorted(possible))


def format_pharaoh(links: Iterable[Link]) -> str:
    """``"0-0 1-2"`` from links (sorted)."""
    return " ".join(f"{i}-{j}" for i, j in sorted(set(links)))
