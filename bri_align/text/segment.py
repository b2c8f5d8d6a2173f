"""Paragraphs of seed documents, Markdown masking, exact offsets (layer L1).

This module serves the glossary build: it cuts a plain-text or Markdown seed into
paragraphs (non-empty lines) and each paragraph into sentences, and every span it
returns points into the ORIGINAL file text, so ``text[span.start:span.end]`` is
what the span covers.

Markdown markup (heading markers, block quotes, list bullets, emphasis, inline
code, link targets, table pipes) is not deleted but *masked*: each markup
character is replaced by a space in :attr:`Paragraph.text`, which therefore has
exactly the length of ``original[start:end]``.  Offsets found in the masked text
are offsets into the file once the paragraph start is added; term matching
normalises runs of spaces away, so ``**Belt and Road**`` still matches.

Sentences are cut by the library's one sentence splitter,
:func:`bri_align.text.sentences.split_sentences` (its rules and their tests live
there), in each paragraph's own language, without cutting at semicolons: a
glossary occurrence quotes the whole sentence as its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Dict, List, Literal, Tuple

from ..errors import InputError
from .lang import detect_language
from .sentences import Sentence, split_sentences

__all__ = [
    "Paragraph",
    "split_paragraphs",
    "segment",
    "mask_markdown_line",
]

Format = Literal["text", "markdown"]


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
def _paragraph_sentences(p: Paragraph, doc_lang: str) -> Tuple[Sentence, ...]:
    """The sentences of paragraph ``p``: offsets into the file, ``paragraph`` = ``p.index``,
    ``index`` counted within the paragraph."""
    lang = detect_language(p.text) or doc_lang
    return tuple(replace(s, start=p.start + s.start, end=p.start + s.end, paragraph=p.index, index=k)
                 for k, s in enumerate(split_sentences(p.text, lang=lang, semicolons=False)))


def segment(text: str, *, fmt: Format = "text") -> List[Paragraph]:
    """Paragraphs of ``text`` with their sentences; every offset points into ``text``.

    Each paragraph is split in its own language (a paragraph too short to tell takes
    the document's language, English when that cannot be told either).
    """
    paragraphs = split_paragraphs(text, fmt=fmt)
    doc_lang = detect_language("\n".join(p.text for p in paragraphs)) or "en"
    return [replace(p, sentences=_paragraph_sentences(p, doc_lang)) for p in paragraphs]
