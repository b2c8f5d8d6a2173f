"""Offset-preserving normalisation of Chinese and English text (layer L1).

Matching happens on normalised text; every match must still point into the
ORIGINAL text.  Normalisation here is therefore built from two kinds of step:

* one-to-one character maps (traditional -> simplified through OpenCC, full-width
  -> half-width, curly -> straight quotes, hyphen -> space, case folding), which keep
  every offset;
* deletions (quotation marks, repeated spaces), recorded so that
  :meth:`Normalized.to_original` maps a normalised offset back.

OpenCC converts character by character for ``t2s`` in almost all cases; when a
conversion changes the length, we fall back to converting each character alone
so offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, List, Optional, Tuple

__all__ = [
    "Normalized",
    "normalize_zh",
    "normalize_en",
    "to_simplified",
    "ZH_QUOTES",
    "OPENING_QUOTES",
    "CLOSING_QUOTES",
    "is_cjk",
]

# Quotation and title marks that never belong to a term's identity.
OPENING_QUOTES = "“‘「『〝《〈\"'«"
CLOSING_QUOTES = "”’」』〞〟》〉\"'»"
ZH_QUOTES = "“”‘’「」『』〝〞〟《》〈〉\"'«»＂＇"

_EN_DASHES = "-‐‑‒–—―_/"  # hyphen/space variants all become a space


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2FA1F
    )


def _width_table() -> dict:
    table = {}
    for o in range(0xFF01, 0xFF5F):  # full-width ASCII variants
        table[o] = chr(o - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    return table


_WIDTH = _width_table()
# Chinese text is full of full-width punctuation that no term contains; only full-width
# letters, digits and the ideographic space need folding there, and they are rare.
_ZH_DASHES = "-‐‑‒–—―－﹣"
_ZH_WIDTH = {k: v for k, v in _WIDTH.items() if v.isalnum() or v in " +"}
_ZH_WIDTH.update({ord(c): "-" for c in _ZH_DASHES})  # 中国—东盟 = 中国-东盟 = 中国－东盟
def _fold_zh_char(m: "re.Match[str]") -> str:
    return _ZH_WIDTH[ord(m.group())]


_UPPER_RE = re.compile(r"[^\W\d_a-z\u3400-\u9fff]")  # any letter that may have a lower case
_ZH_WIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\uff0b" + _ZH_DASHES[1:] + "]")


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus what is needed to map offsets back to the original."""

    original: str
    text: str
    # For each deleted character k (in order), the normalised offset at which it
    # was removed; original = normalised + number of deletions at or before it.
    _cuts: Tuple[int, ...] = ()

    def to_original(self, pos: int) -> int:
        """Original offset of the character at normalised offset ``pos``.

        ``pos == len(text)`` maps to the end of the original text.
        """
        if pos >= len(self.text):
            return len(self.original)
        return pos + bisect_right(self._cuts, pos)

    def span_to_original(self, start: int, end: int) -> Tuple[int, int]:
        """Original ``[start, end)`` of a normalised span (``end`` exclusive)."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def _apply_deletions(original: str, mapped: str, delete_re: "re.Pattern[str]",
                     adjust: Optional[Callable[[str, int, int], Tuple[int, int]]] = None) -> Normalized:
    """Delete every match of ``delete_re`` in ``mapped`` (same length as original).

    ``adjust(mapped, start, end)`` may narrow a match to the part really deleted.
    """
    cuts: List[int] = []
    pieces: List[str] = []
    last = 0
    removed = 0
    for m in delete_re.finditer(mapped):
        s, e = m.span()
        if adjust is not None:
            s, e = adjust(mapped, s, e)
        if s >= e:
            continue
        pieces.append(mapped[last:s])
        base = s - removed
        cuts.extend([base] * (e - s))
        removed += e - s
        last = e
    if not cuts:
        return Normalized(original, mapped, ())
    pieces.append(mapped[last:])
    return Normalized(original, "".join(pieces), tuple(cuts))


@lru_cache(maxsize=1)
def _opencc_t2s():
    import opencc  # light C++ extension; imported on first use

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified, guaranteed to keep the length (and so offsets)."""
    if not text:
        return text
    conv = _opencc_t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def _casefold_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_ZH_DELETE = re.compile("[" + re.escape(ZH_QUOTES) + r"]+|\s+")


def _zh_space(mapped: str, s: int, e: int) -> Tuple[int, int]:
    """Quotes go; spaces next to a Chinese character go; other runs keep one space."""
    if not mapped[s].isspace():
        return s, e
    if s == 0 or e == len(mapped) or is_cjk(mapped[s - 1]) or is_cjk(mapped[e]):
        return s, e
    return s + 1, e


def normalize_zh(text: str) -> Normalized:
    """Normalise Chinese text for matching: width, traditional characters, quotes.

    Whitespace next to a Chinese character is dropped too, so ``一带 一路``
    matches ``一带一路``.
    """
    # the characters to fold are rare in Chinese text: substituting them one by one is
    # several times faster than str.translate over the whole text
    mapped = _ZH_WIDTH_RE.sub(_fold_zh_char, text)
    mapped = to_simplified(mapped)
    if _UPPER_RE.search(mapped):
        mapped = _casefold_same_length(mapped)
    return _apply_deletions(text, mapped, _ZH_DELETE, _zh_space)


_EN_MAP = {ord(c): " " for c in _EN_DASHES}
_EN_MAP.update({ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'", ord("＇"): "'"})
_EN_MAP.update({ord(c): '"' for c in "“”„‟«»「」『』＂"})
_EN_MAP.update({ord(c): " " for c in "\t\n\r\u00a0\u3000\u2009\u202f"})

# Quotes that are not apostrophes (an apostrophe sits between two letters).
_EN_DELETE = re.compile(r"\"|(?<![^\W\d_])'|'(?![^\W\d_])|(?<= ) +|^ +")


def normalize_en(text: str) -> Normalized:
    """Normalise English text for matching: case, hyphens, quotes, spaces, width."""
    mapped = text.translate(_WIDTH).translate(_EN_MAP)
    mapped = _casefold_same_length(mapped)
    # NFKC on single characters that decompose to one character (ligature-free)
    if not mapped.isascii():
        chars = []
        for ch in mapped:
            if ord(ch) < 128:
                chars.append(ch)
                continue
            n = unicodedata.normalize("NFKC", ch)
            chars.append(n if len(n) == 1 else ch)
        mapped = "".join(chars)
    return _apply_deletions(text, mapped, _EN_DELETE)


def normalize_term(term: str, lang: str) -> str:
    """Normalised key of a glossary term (no offsets needed)."""
    norm = normalize_zh(term) if lang == "zh" else normalize_en(term)
    return norm.text.strip()

