"""Offset-preserving normalisation of Chinese and English text (layer L1).

Matching happens on normalised text; every match must still point into the
ORIGINAL text.  Normalisation here is therefore built from two kinds of step:

* one-to-one character maps (traditional -> simplified, full-width -> half-width,
  curly -> straight quotes, hyphen -> space, case folding), which keep every offset;
* deletions (quotation marks, repeated spaces), recorded so that
  :meth:`Normalized.to_original` maps a normalised offset back.

For matching, traditional characters are *folded* one by one (:func:`fold_traditional`,
OpenCC's ``t2s`` character tables applied to each character alone), not converted phrase by
phrase: a glossary key and the same characters inside a text then always normalise alike,
whatever their context, and offsets are kept by construction. :func:`to_simplified` is the
phrase-aware OpenCC conversion, for text that is to be read or segmented.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, List, Optional, Sequence, Tuple

__all__ = [
    "Normalized",
    "normalize_zh",
    "normalize_zh_codes",
    "normalize_en",
    "to_simplified",
    "fold_traditional",
    "ZH_QUOTES",
    "OPENING_QUOTES",
    "CLOSING_QUOTES",
    "is_cjk",
    "ZERO_WIDTH",
]

# Quotation and title marks that never belong to a term's identity.
OPENING_QUOTES = "“‘「『〝《〈\"'«"
CLOSING_QUOTES = "”’」』〞〟》〉\"'»"
ZH_QUOTES = "“”‘’「」『』〝〞〟《》〈〉\"'«»＂＇"

# Invisible characters that never belong to a term (zero-width space, non-joiner, joiner,
# word joiner, BOM / zero-width no-break space): deleted before matching, so a term
# with one inside (e.g. pasted "一带\u200b一路") is still found, offsets kept.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

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


# any letter that may have a lower case: none of the CJK blocks (radicals, symbols such as
# 〇, kana, Hangul, ideographs of every extension) has one
_UPPER_BLOCKS = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_UPPER_RE = re.compile(r"[^\W\d_a-z" + _UPPER_BLOCKS + "]")
_ZH_WIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\uff0b" + _ZH_DASHES[1:] + "]")


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus what is needed to map offsets back to the original."""

    original: str
    text: str
    # For each deleted character k (in order), the normalised offset at which it
    # was removed; original = normalised + number of deletions at or before it.
    _cuts: Tuple[int, ...] = ()
    # the same offsets as a numpy array, when normalisation already had them as one
    _cuts_array: Optional[object] = field(default=None, compare=False, repr=False)

    def cuts_array(self):
        """``_cuts`` as a numpy int64 array (for mapping many offsets at once)."""
        if self._cuts_array is None:
            import numpy as np

            object.__setattr__(self, "_cuts_array", np.asarray(self._cuts, dtype=np.int64))
        return self._cuts_array

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

    def spans_to_original(self, starts: Sequence[int], ends: Sequence[int]) -> List[Tuple[int, int]]:
        """:meth:`span_to_original` of many spans at once."""
        cuts = self._cuts
        if not cuts:
            return list(zip(starts, ends))
        n = len(self.text)
        if len(starts) < 64 or any(e <= s or e > n for s, e in zip(starts, ends)):
            return [self.span_to_original(s, e) for s, e in zip(starts, ends)]
        import numpy as np  # a core dependency; imported only for many spans

        o_starts, o_ends = self.span_arrays_to_original(np.asarray(starts, dtype=np.int64),
                                                        np.asarray(ends, dtype=np.int64))
        return list(zip(o_starts.tolist(), o_ends.tolist()))

    def span_arrays_to_original(self, starts, ends):
        """:meth:`span_to_original` of non-empty spans given as numpy int64 arrays; returns
        the arrays of original starts and ends."""
        if not self._cuts:
            return starts, ends
        return spans_to_original_arrays(self.cuts_array(), starts, ends)


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


# Every block that holds a character OpenCC's t2s tables change.
_CJK_BLOCKS = ((0x2E80, 0xD800), (0xF900, 0x10000), (0x20000, 0x2FA20))


_ASTRAL_RE = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1)
def _t2s_chars() -> Tuple[dict, "re.Pattern[str]", "re.Pattern[str]"]:
    """OpenCC's t2s conversion of every character taken alone, as a translate table plus
    patterns for runs of the characters it changes (rare in simplified text): one for the
    Basic Multilingual Plane, which ``re`` tests with one table look-up per character, and
    one for the supplementary planes, used only on text that has such characters."""
    chars = [chr(o) for lo, hi in _CJK_BLOCKS for o in range(lo, hi)]
    converted = _opencc_t2s().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a line break is never converted
        raise RuntimeError("OpenCC changed the number of lines while converting single characters")
    table = {ord(c): t for c, t in zip(chars, converted) if t != c and len(t) == 1}

    def runs(codes) -> "re.Pattern[str]":
        return re.compile("[" + "".join(re.escape(chr(o)) for o in sorted(codes)) + "]+")

    return (table, runs(o for o in table if o < 0x10000), runs(o for o in table if o >= 0x10000))


def fold_traditional(text: str) -> str:
    """Fold traditional characters to simplified ones, each character on its own.

    Length and offsets are kept. Unlike :func:`to_simplified`, the result for a character
    never depends on its neighbours (OpenCC's phrase table keeps 乾 in 乾隆 but makes it 干
    elsewhere), so a term normalises the same alone and in running text.
    """
    table, bmp, astral = _t2s_chars()

    def fold(m: "re.Match[str]") -> str:
        return m.group().translate(table)

    text = bmp.sub(fold, text)
    return astral.sub(fold, text) if _ASTRAL_RE.search(text) else text


def _casefold_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_ZH_DELETE = re.compile("[" + re.escape(ZH_QUOTES + ZERO_WIDTH) + r"]+|\s+")


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
    if len(text) >= _VECTOR_MIN:
        return _zh_normalized(text, *normalize_zh_codes(text))
    # the characters to fold are rare in Chinese text: substituting them one by one is
    # several times faster than str.translate over the whole text
    mapped = _ZH_WIDTH_RE.sub(_fold_zh_char, text)
    if _UPPER_RE.search(mapped):
        mapped = _casefold_same_length(mapped)
    # (case folding and traditional folding commute: they touch disjoint characters)
    return _apply_deletions(text, fold_traditional(mapped), _ZH_DELETE, _zh_space)


def normalize_zh_codes(text: str):
    """:func:`normalize_zh` of a long text as numpy arrays, for callers that work on code
    points (the term matcher): the normalised text's code points (uint32) and the cuts
    (int64: for each deleted character, the normalised offset at which it went, as
    ``Normalized._cuts``)."""
    # the width fold is in the table of _zh_codes (it commutes with case folding: a
    # full-width letter and its ASCII fold have the same case, both or neither cased)
    return _zh_codes(_casefold_same_length(text) if _UPPER_RE.search(text) else text)


def _zh_normalized(original: str, codes, cuts) -> Normalized:
    text = codes.tobytes().decode("utf-32-le", "surrogatepass")
    if not cuts.size:
        return Normalized(original, text, ())
    return Normalized(original, text, tuple(cuts.tolist()), cuts)


def spans_to_original_arrays(cuts, starts, ends):
    """Original offsets of non-empty normalised spans ``[starts, ends)`` (numpy int64
    arrays), given the sorted ``cuts`` of their :class:`Normalized`."""
    import numpy as np

    if not cuts.size:
        return starts, ends
    return (starts + np.searchsorted(cuts, starts, side="right"),
            ends + np.searchsorted(cuts, ends - 1, side="right"))


# Below this length the per-call cost of numpy outweighs its per-character speed.
_VECTOR_MIN = 4096
_ZH_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _zh_code_table():
    """Per code point: its fold (the width fold of :data:`_ZH_WIDTH`, then
    :func:`fold_traditional`) in the low 21 bits, and from bit 24 the fold's kind: 1 for a
    quotation mark (or zero-width character) that :func:`normalize_zh` deletes, 2 for
    whitespace, else 0 (one table, so one look-up per character)."""
    import numpy as np  # a core dependency; imported only for long texts

    table = _t2s_chars()[0]
    fold = np.arange(0x110000, dtype=np.uint32)
    fold[list(table)] = [ord(t) for t in table.values()]
    fold[list(_ZH_WIDTH)] = [ord(t) for t in _ZH_WIDTH.values()]  # ASCII: no traditional fold
    kind = np.zeros(0x110000, dtype=np.uint32)
    kind[[ord(q) for q in ZH_QUOTES + ZERO_WIDTH]] = 1  # deleted, as quotes are
    # what ``\s`` matches; none lies above U+3000
    kind[[o for o in range(0x3001) if _ZH_SPACE_RUN.fullmatch(chr(o))]] = 2
    return fold | (kind[fold] << 24)


def _is_cjk_codes(codes):
    """:func:`is_cjk` of an array of code points."""
    return (((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x3400) & (codes <= 0x4DBF))
            | ((codes >= 0xF900) & (codes <= 0xFAFF)) | ((codes >= 0x20000) & (codes <= 0x2FA1F)))


def _zh_codes(mapped: str):
    """The code points and cuts of the width and traditional folds and the deletions of
    :func:`normalize_zh` (every quote; whitespace as in :func:`_zh_space`) of ``mapped``, with numpy."""
    import numpy as np

    raw = np.frombuffer(mapped.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # a lone surrogate: one unit
    packed = _zh_code_table()[raw]
    codes = packed & 0x1FFFFF
    kinds = packed >> 24
    delete = kinds == 1
    spaces = np.flatnonzero(kinds == 2)
    if spaces.size:  # whitespace runs (a line break every line), all at once as _zh_space decides
        breaks = np.flatnonzero(np.diff(spaces) > 1)
        run_starts = spaces[np.concatenate(([0], breaks + 1))]
        run_ends = spaces[np.concatenate((breaks, [spaces.size - 1]))] + 1
        # a run goes whole at either end of the text or next to a Chinese character (of
        # ``mapped``, before the traditional fold, as _zh_space looks); else one space stays
        inner = np.flatnonzero((run_starts > 0) & (run_ends < raw.size))
        keeps_one = np.zeros(run_starts.size, dtype=bool)
        keeps_one[inner] = ~(_is_cjk_codes(raw[run_starts[inner] - 1]) | _is_cjk_codes(raw[run_ends[inner]]))
        delete[spaces] = True
        delete[run_starts[keeps_one]] = False
    where = np.flatnonzero(delete)
    if not where.size:
        return codes, where
    return codes[~delete], where - np.arange(where.size)  # the normalised offset of each cut


_EN_MAP = {ord(c): " " for c in _EN_DASHES}
_EN_MAP.update({ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'", ord("＇"): "'"})
_EN_MAP.update({ord(c): '"' for c in "“”„‟«»「」『』＂"})
_EN_MAP.update({ord(c): " " for c in "\t\n\r\u00a0\u3000\u2009\u202f"})

# Quotes that are not apostrophes (an apostrophe sits between two letters).
# (zero-width characters go too; one between spaces joins the run, so "a \u200b b" -> "a b")
_EN_DELETE = re.compile(r"\"|(?<![^\W\d_])'|'(?![^\W\d_])|(?<= )[ ZW]+|^[ ZW]+|[ZW]+".replace("ZW", ZERO_WIDTH))


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

