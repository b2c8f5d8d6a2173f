"""Look a term up in a glossary: by Chinese, by pinyin (with or without tones), or by any
English rendering, whatever its status (layer L2).

    >>> hits = lookup(glossary, "heart connectivity")   # doctest: +SKIP
    >>> hits[0].entry.zh                                  # doctest: +SKIP
    '心联通'

Exact matches come first (a Chinese form after normalisation of quotes, width and
traditional characters; a rendering up to case; the pinyin up to tones, spaces and
case), then entries whose forms or renderings contain the query, in glossary order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Literal, Optional

from ..errors import InputError
from .model import Glossary, Rendering, TermEntry

__all__ = ["LookupHit", "lookup", "plain_pinyin"]

How = Literal["zh", "en", "pinyin"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TONE_DIGITS = re.compile(r"(?<=[a-z])[1-5]")


@dataclass(frozen=True)
class LookupHit:
    """An entry found for a query: how it matched, whether exactly, and the rendering that
    matched (for an English query)."""

    entry: TermEntry
    how: How
    exact: bool
    rendering: Optional[Rendering] = None

    def to_dict(self) -> dict:
        """The hit, its entry in :meth:`TermEntry.to_dict` form whose renderings carry their
        evidence, ``attested`` and validity dates always (:meth:`Rendering.to_record`)."""
        entry = self.entry.to_dict()
        entry["renderings"] = [r.to_record() for r in self.entry.renderings]
        return {"how": self.how, "exact": self.exact,
                "matched_rendering": None if self.rendering is None else self.rendering.en,
                "entry": entry}


def plain_pinyin(text: str) -> str:
    """Pinyin without tones (marks or digits), case, spaces, hyphens or apostrophes:
    ``"Yídài Yílù"``, ``"yi1 dai4 yi1 lu4"`` and ``"yidaiyilu"`` are all ``"yidaiyilu"``."""
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("u\u0308", "v").replace("u:", "v")
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    no_digits = _TONE_DIGITS.sub("", no_marks)
    return re.sub(r"[\s'’\-·]+", "", no_digits)


def lookup(glossary: Glossary, query: str, *, limit: Optional[int] = None) -> List[LookupHit]:
    """Entries of ``glossary`` that ``query`` names: exact matches first, then partial ones."""
    if not isinstance(query, str) or not query.strip():
        raise InputError("give a term to look up: Chinese, pinyin or English", field="query")
    q = query.strip()
    exact: List[LookupHit] = []
    partial: List[LookupHit] = []
    seen = set()

    def add(hit: LookupHit, into: List[LookupHit]) -> None:
        if hit.entry.id not in seen:
            seen.add(hit.entry.id)
            into.append(hit)

    if _CJK.search(q):
        from ..text.normalize import normalize_zh

        hit = glossary.lookup_zh(q)
        if hit is not None:
            add(LookupHit(hit, "zh", True), exact)
        key = normalize_zh(q).text
        for e in glossary:
            if any(key in normalize_zh(f).text for f in e.zh_forms):
                add(LookupHit(e, "zh", False), partial)
    else:
        for e, r in glossary.lookup_en(q):
            add(LookupHit(e, "en", True, r), exact)
        py = plain_pinyin(q)
        if py:
            for e in glossary:
                if e.pinyin and plain_pinyin(e.pinyin) == py:
                    add(LookupHit(e, "pinyin", True), exact)
        folded = q.casefold()
        for e in glossary:
            for r in e.renderings:
                if folded in r.en.casefold():
                    add(LookupHit(e, "en", False, r), partial)
                    break
        if py and len(py) >= 4:
            for e in glossary:
                if e.pinyin and py in plain_pinyin(e.pinyin):
                    add(LookupHit(e, "pinyin", False), partial)
    hits = exact + partial
    return hits if limit is None else hits[:limit]
