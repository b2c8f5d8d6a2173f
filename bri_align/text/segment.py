"""Paragraph and sentence segmentation of seed documents, with exact offsets (layer L1).

This module serves the glossary build: it cuts a plain-text or Markdown seed into
paragraphs (non-empty lines) and sentences, and every span it returns points into
the ORIGINAL file text, so ``text[span.start:span.end]`` is what the span covers.

Markdown markup (heading markers, block quotes, list bullets, emphasis, inline
code, link targets, table pipes) is not deleted but *masked*: each markup
character is replaced by a space in :attr:`Paragraph.text`, which therefore has
exactly the length of ``original[start:end]``.  Offsets found in the masked text
are offsets into the file once the paragraph start is added; term matching
normalises runs of spaces away, so ``**Belt and Road**`` still matches.

Sentence splitting is a small rule-based splitter written here because no
well-kept, dependency-free library splits mixed Chinese/English text with
character offsets: Chinese sentences end at 。！？ (plus closing quotes), English
ones at . ! ? followed by a space and an upper-case letter, digit, quote or CJK
character, unless the word before the full stop is a known abbreviation, an
initial or a number.  (Alignment uses its own splitter in
``bri_align.text.sentences``.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Literal, Tuple

from ..errors import InputError

__all__ = [
    "Sentence",
    "Paragraph",
    "split_paragraphs",
    "split_sentences",
    "segment",
    "mask_markdown_line",
]

Format = Literal["text", "markdown"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph; ``start``/``end`` are offsets into the file text."""

    index: int  # index within its paragraph
    start: int
    end: int
    text: str  # the (masked) text of original[start:end]

    def to_dict(self) -> Dict[str, object]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: Dict[str, object]) -> "Sentence":
        return cls(index=int(d["index"]), start=int(d["start"]), end=int(d["end"]),  # type: ignore[arg-type]
                   text=str(d["text"]))


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of a seed; offsets into the file text, markup masked by spaces."""

    index: int
    line: int  # 1-based line number in the file
    start: int
    end: int
    text: str  # same length as original[start:end]; Markdown markup replaced by spaces
    sentences: Tuple[Sentence, ...] = ()

    def to_dict(self) -> Dict[str, object]:
        return {"index": self.index, "line": self.line, "start": self.start, "end": self.end,
                "text": self.text, "sentences": [s.to_dict() for s in self.sentences]}

    @classmethod
    def from_dict(cls, d: Dict[str, object]) -> "Paragraph":
        return cls(index=int(d["index"]), line=int(d["line"]), start=int(d["start"]),  # type: ignore[arg-type]
                   end=int(d["end"]), text=str(d["text"]),  # type: ignore[arg-type]
                   sentences=tuple(Sentence.from_dict(s) for s in d.get("sentences", ())))  # type: ignore[union-attr]

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding file offset ``pos`` (the last one starting at or before it)."""
        chosen = self.sentences[0]
        for s in self.sentences:
            if s.start <= pos:
                chosen = s
            else:
                break
        return chosen


# ------------------------------------------------------------------ languages
def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


# ------------------------------------------------------------------ Markdown
_MD_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(\s+|$)")
_MD_TRAILING_HASHES = re.compile(r"\s+#+\s*$")
_MD_QUOTE = re.compile(r"^(\s{0,3}>\s?)+")
_MD_BULLET = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(\s+)")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _blank(chars: List[str], start: int, end: int) -> None:
    for k in range(start, end):
        chars[k] = " "


def mask_markdown_line(line: str) -> str:
    """Replace the Markdown markup of one line by spaces (same length as ``line``)."""
    chars = list(line)
    m = _MD_QUOTE.match(line)
    pos = 0
    if m:
        _blank(chars, 0, m.end())
        pos = m.end()
    rest = line[pos:]
    m = _MD_HEADING.match(rest)
    if m:
        _blank(chars, pos, pos + m.end())
        t = _MD_TRAILING_HASHES.search(rest)
        if t and t.start() >= m.end():
            _blank(chars, pos + t.start(), pos + t.end())
    else:
        m = _MD_BULLET.match(rest)
        if m:
            _blank(chars, pos + m.start(2), pos + m.end(2))
    masked = "".join(chars)
    # Links and images: blank "![", "[" and "](target)"; keep the link text.
    for m in _MD_LINK_TARGET.finditer(masked):
        close = m.start()
        opening = masked.rfind("[", 0, close)
        if opening < 0:
            continue
        _blank(chars, m.start(), m.end())
        _blank(chars, opening, opening + 1)
        if opening > 0 and masked[opening - 1] == "!":
            _blank(chars, opening - 1, opening)
    masked = "".join(chars)
    # Emphasis, strong, strike-through: blank the delimiters only.  Underscores
    # inside a word (snake_case) are not emphasis.
    for m in _MD_EMPHASIS.finditer(masked):
        delim = m.group(1)
        s, e = m.start(), m.end()
        if delim.startswith("_") and ((s > 0 and masked[s - 1].isalnum()) or (e < len(masked) and masked[e].isalnum())):
            continue
        _blank(chars, s, s + len(delim))
        _blank(chars, e - len(delim), e)
    masked = "".join(chars)
    for m in _MD_HTML_TAG.finditer(masked):
        _blank(chars, m.start(), m.end())
    for k, ch in enumerate(chars):
        if ch in "`|":
            chars[k] = " "
    return "".join(chars)


# ------------------------------------------------------------------ paragraphs
def split_paragraphs(text: str, *, fmt: Format = "text") -> List[Paragraph]:
    """Non-empty lines of ``text`` as paragraphs (no sentences yet).

    With ``fmt="markdown"``, fenced code blocks, horizontal rules, table rules and a
    leading YAML front matter are skipped, and markup is masked (see module doc).
    Each paragraph is trimmed of edge whitespace (and edge markup).
    """
    if fmt not in ("text", "markdown"):
        raise InputError(f"unknown format {fmt!r}; expected 'text' or 'markdown'", field="fmt")
    out: List[Paragraph] = []
    pos = 0
    in_fence = ""
    in_front_matter = False
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line_start = pos
        pos += len(raw) + 1
        line = raw[:-1] if raw.endswith("\r") else raw
        if fmt == "markdown":
            if lineno == 1 and line.strip() == "---":
                in_front_matter = True
                continue
            if in_front_matter:
                if line.strip() in ("---", "..."):
                    in_front_matter = False
                continue
            fence = _MD_FENCE.match(line)
            if in_fence:
                if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                    in_fence = ""
                continue
            if fence:
                in_fence = fence.group(1)
                continue
            if _MD_RULE.match(line) or _MD_TABLE_RULE.match(line):
                continue
            masked = mask_markdown_line(line)
        else:
            masked = line
        stripped = masked.strip()
        if not stripped:
            continue
        lead = len(masked) - len(masked.lstrip())
        start = line_start + lead
        end = start + len(stripped)
        out.append(Paragraph(index=len(out), line=lineno, start=start, end=end, text=stripped))
    return out


# ------------------------------------------------------------------ sentences
_ZH_END = "。！？!?"
_CLOSERS = "”’」』》）)]\"'"
_EN_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt no nos vol vols art arts sec para paras ch fig figs p pp
    e.g i.e etc cf vs al approx dept govt inc ltd co corp jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.k u.n e.u""".split()
)
_EN_END = re.compile(r"[.!?…]+")


def _skip_closers(text: str, k: int) -> int:
    while k < len(text) and text[k] in _CLOSERS:
        k += 1
    return k


def _english_boundary(text: str, dot: int, after: int) -> bool:
    """Is the terminator run text[dot:after] (closers included) a sentence end?"""
    n = len(text)
    if after >= n:
        return True
    if not text[after].isspace():
        return after < n and _is_cjk(text[after])
    k = after
    while k < n and text[k].isspace():
        k += 1
    if k >= n:
        return True
    nxt = text[k]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "“‘\"'(「『《" or _is_cjk(nxt)):
        return False
    if text[dot] == ".":
        # the word before the full stop
        w = dot
        while w > 0 and (text[w - 1].isalnum() or text[w - 1] == "."):
            w -= 1
        word = text[w:dot].lower()
        if word in _EN_ABBREVIATIONS or word.rstrip(".") in _EN_ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
            return False
    return True


def split_sentences(text: str, *, offset: int = 0) -> List[Sentence]:
    """Sentences of one paragraph ``text``; offsets are ``offset`` + position in ``text``.

    Each sentence is trimmed of edge whitespace; the terminator and any closing
    quotes stay with the sentence they end.  A text without terminator is one
    sentence.
    """
    cuts: List[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch in "。！？":
            j = i + 1
            while j < n and text[j] in _ZH_END + "…":
                j += 1
            j = _skip_closers(text, j)
            cuts.append(j)
            i = j
            continue
        if ch in ".!?…":
            m = _EN_END.match(text, i)
            j = m.end() if m else i + 1
            # a decimal number or a dotted abbreviation: "3.5", "U.S.A"
            if ch == "." and j == i + 1 and i + 1 < n and text[i + 1].isalnum():
                i = j
                continue
            after = _skip_closers(text, j)
            if _english_boundary(text, i, after):
                cuts.append(after)
                i = after
                continue
            i = j
            continue
        i += 1
    out: List[Sentence] = []
    prev = 0
    for c in cuts + [n]:
        piece = text[prev:c]
        stripped = piece.strip()
        if stripped:
            s = prev + (len(piece) - len(piece.lstrip()))
            out.append(Sentence(index=len(out), start=offset + s, end=offset + s + len(stripped), text=stripped))
        prev = c
    return out


def segment(text: str, *, fmt: Format = "text") -> List[Paragraph]:
    """Paragraphs of ``text`` with their sentences; every offset points into ``text``."""
    paragraphs = []
    for p in split_paragraphs(text, fmt=fmt):
        sentences = split_sentences(p.text, offset=p.start)
        paragraphs.append(Paragraph(index=p.index, line=p.line, start=p.start, end=p.end, text=p.text,
                                    sentences=tuple(sentences)))
    return paragraphs
