"""Sentence splitting for Chinese and English documents, with character offsets (layer L1).

This is the library's one sentence splitter: sentence alignment uses it on whole
documents, and the glossary build (:mod:`bri_align.text.segment`) on each
paragraph of a seed.  Every :class:`Sentence` keeps ``start``/``end`` offsets
into the ORIGINAL text (``text[start:end] == sentence.text``) and the index of
its paragraph.

Paragraphs
    A line break always ends a sentence.  With ``paragraphs="line"`` (default)
    every non-blank line is a paragraph, as in most documents of this kind (the
    seed has one paragraph per line).  With ``paragraphs="blank"`` paragraphs are
    separated by blank lines and a single line break inside a paragraph is a
    soft wrap: it still ends nothing by itself and the sentence runs across it.

Chinese (``zh-rules.v1``)
    A sentence ends after a run of 。！？；!?… (semicolons optional), together with
    the closing quotes and brackets that follow it, so ``他说：“要走出去。”`` stays
    one sentence ending in ``。”``.

English (``en-rules.v1``, written by the project)
    A boundary candidate is a run of ``. ! ? …`` followed by closing quotes or
    brackets, whitespace, and then something that can start a sentence (an upper
    case letter, a digit, an opening quote or bracket, a CJK character).  A single
    full stop is then rejected when it ends

    * a title or a reference abbreviation (``Dr.``, ``Mr.``, ``No. 5``, ``Art. 3``),
    * a single initial (``J. R. Tolkien``),
    * a dotted acronym or a time (``U.S.``, ``p.m.``) -- unless the next word is
      a closed-class sentence starter (``... in the U.S. The next ...``),
    * a list number at the start of a paragraph (``1. Introduction``).

    Decimals (``5.2``) and inner dots (``e.g.,``) never qualify because no
    whitespace follows the dot.

Why not pysbd by default: pysbd (MIT) is good and is offered as
``en-pysbd.v1`` when installed, but it is an extra dependency whose
``char_span`` offsets are recomputed by searching the text, and its rules
split policy text such as ``3 p.m. Friday`` or ``Art. 5`` differently from
what aligners need.  The rules here are small, fast, keep exact offsets and
are tested case by case (tests/text/test_sentences.py), which the project can
maintain itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Literal, Optional, Sequence, Tuple

from ..errors import InputError, MissingDependencyError
from ..registry import Registry
from .normalize import is_cjk

__all__ = [
    "Sentence",
    "split_sentences",
    "split_zh",
    "split_en",
    "sentences_from_list",
    "sentence_splitters",
]

Paragraphs = Literal["line", "blank"]

sentence_splitters: "Registry[Callable[..., List[Sentence]]]" = Registry("sentence splitter")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and ``[start, end)`` offsets into the original document."""

    text: str
    start: int
    end: int
    paragraph: int  # 0-based paragraph index
    index: int = 0  # 0-based index among the sentences of what was split (document or paragraph)

    def to_dict(self) -> Dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end,
                "paragraph": self.paragraph, "index": self.index}

    @classmethod
    def from_dict(cls, d: Dict[str, object]) -> "Sentence":
        return cls(text=str(d["text"]), start=int(d["start"]), end=int(d["end"]),  # type: ignore[arg-type]
                   paragraph=int(d["paragraph"]), index=int(d.get("index", 0)))  # type: ignore[arg-type]


# --------------------------------------------------------------------- paragraphs
_BLANK_LINE = re.compile(r"\n[ \t\u3000\r]*\n")


def _paragraph_spans(text: str, paragraphs: Paragraphs) -> Iterator[Tuple[int, int, int]]:
    """(start, end, paragraph index) of every block a sentence must not cross.

    In "blank" mode a block is a paragraph; in "line" mode a block is a line.
    """
    if paragraphs not in ("line", "blank"):
        raise InputError(f"unknown paragraphs mode {paragraphs!r}; expected 'line' or 'blank'",
                         field="paragraphs")
    pattern = re.compile(r"\n") if paragraphs == "line" else _BLANK_LINE
    pos = 0
    para = 0
    for m in pattern.finditer(text):
        if text[pos:m.start()].strip():
            yield pos, m.start(), para
            para += 1
        pos = m.end()
    if text[pos:].strip():
        yield pos, len(text), para


def _strip_span(text: str, start: int, end: int) -> Tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _emit(text: str, cuts: Sequence[int], start: int, end: int, para: int,
          out: List[Sentence]) -> None:
    """Append the sentences of block ``text[start:end]`` cut at absolute offsets ``cuts``."""
    prev = start
    for cut in list(cuts) + [end]:
        s, e = _strip_span(text, prev, cut)
        if e > s:
            out.append(Sentence(text[s:e], s, e, para, len(out)))
        prev = cut


# ------------------------------------------------------------------------ Chinese
_ZH_CLOSERS = "”’」』）)》〉】〕］]\"'»"
_ZH_TERMINATORS = "。！？!?…"
_ZH_SEMICOLONS = "；;"


@sentence_splitters.register("zh-rules.v1")
def split_zh(text: str, *, paragraphs: Paragraphs = "line", semicolons: bool = True) -> List[Sentence]:
    """Split Chinese text after 。！？ (and ；), keeping closing quotes with their sentence."""
    _check_text(text)
    terms = _ZH_TERMINATORS + (_ZH_SEMICOLONS if semicolons else "")
    out: List[Sentence] = []
    for b_start, b_end, para in _paragraph_spans(text, paragraphs):
        cuts: List[int] = []
        i = b_start
        while i < b_end:
            ch = text[i]
            if ch in terms:
                j = i + 1
                while j < b_end and text[j] in terms:
                    j += 1
                # "……" alone (an ellipsis) ends a sentence only before a closer or the end.
                run = text[i:j]
                while j < b_end and text[j] in _ZH_CLOSERS:
                    j += 1
                if set(run) <= {"…"} and j < b_end and text[j - 1] not in _ZH_CLOSERS:
                    nxt = _next_visible(text, j, b_end)
                    if nxt is not None and is_cjk(nxt):
                        i = j
                        continue
                cuts.append(j)
                i = j
            else:
                i += 1
        _emit(text, cuts, b_start, b_end, para, out)
    return out


def _next_visible(text: str, pos: int, end: int) -> Optional[str]:
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None


# ------------------------------------------------------------------------ English
# Abbreviations after which a full stop never ends a sentence (titles, honorifics).
_TITLES = frozenset("""
mr mrs ms messrs mme mlle dr prof gen lt col maj capt cmdr adm sgt cpl sen rep gov pres
amb hon rev fr sr jr st mt ft supt insp dept univ assn bros inc corp ltd co plc
""".split())
# Reference abbreviations: an abbreviation when a number (or roman numeral) follows.
_NUMBERED = frozenset("no nos art arts vol vols fig figs p pp sec secs para paras ch chap chaps"
                      " item items rule reg ed eds op cl tab app annex".split())
# Month abbreviations before a day number: "Jan. 5".
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Closed-class words that start sentences; after an ambiguous abbreviation
# (U.S., p.m., etc.) they signal that the sentence really ended.
_STARTERS = frozenset("""
the a an this that these those it its we he she they i you our their his her there here
in on at for by from with as but and or so yet however moreover furthermore meanwhile
therefore thus also then if when while since although though after before during what
who which how why where all some many most such both each every no not one two three
china chinese
""".split())
_CLOSERS = "\"'”’»)]}」』"
_OPENERS = "\"'“‘«([{「『"

_EN_CANDIDATE = re.compile(r"(?:[.!?]+|…+|\.\.\.)[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_DIGIT_START = re.compile(r"\d|[IVXLC]+\b")
_ROMAN = re.compile(r"^[ivxlc]+$")


def _can_start_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or is_cjk(ch) or ch in "•-–—*#§"


def _is_en_boundary(text: str, run: str, run_start: int, run_end: int, block_end: int,
                    sent_start: int) -> bool:
    """Whether the punctuation ``run`` at ``text[run_start:run_end]`` ends a sentence."""
    nxt_pos = run_end
    while nxt_pos < block_end and text[nxt_pos].isspace():
        nxt_pos += 1
    if nxt_pos >= block_end:
        return True  # end of the paragraph
    nxt = text[nxt_pos]
    if not _can_start_sentence(nxt):
        return False
    punct = run.rstrip(_CLOSERS)
    if punct != ".":
        return True  # ! ? ... ?! always end a sentence before a capital
    if run != punct:
        return True  # ." or .) -- the quote or bracket closes a sentence
    before = text[sent_start:run_start]
    wm = _WORD_BEFORE.search(before)
    if wm is None:
        # "1. Introduction" at the start of a paragraph, or "(a). The" style list numbers
        tok = before.split()[-1] if before.split() else ""
        if tok.isdigit() and len(tok) <= 3 and not before[: len(before) - len(tok)].strip():
            return False
        return True
    word = wm.group(1)
    if "." in word:
        # dotted acronym or time: U.S., p.m., e.g., i.e.
        next_word = re.match(r"[\w'’]+", text[nxt_pos:])
        nw = next_word.group(0).lower() if next_word else ""
        return nw in _STARTERS
    low = word.lower()
    if low in _TITLES:
        return False
    rest = text[nxt_pos:nxt_pos + 12]
    if low in _NUMBERED or low in _MONTHS:
        if _DIGIT_START.match(rest):
            return False
        return True
    if len(word) == 1 and word.isupper():
        # an initial ("J. Smith"), unless it is a list letter at the paragraph start
        return False
    if len(word) <= 4 and _ROMAN.match(low) and not before[: wm.start()].strip():
        return False  # "II. Scope" at the start of a paragraph
    return True


@sentence_splitters.register("en-rules.v1")
def split_en(text: str, *, paragraphs: Paragraphs = "line", semicolons: bool = False) -> List[Sentence]:
    """Split English text into sentences with the project's rules (see the module doc)."""
    _check_text(text)
    out: List[Sentence] = []
    for b_start, b_end, para in _paragraph_spans(text, paragraphs):
        block = text[b_start:b_end]
        cuts: List[int] = []
        sent_start = b_start
        for m in _EN_CANDIDATE.finditer(block):
            ms, me = m.start() + b_start, m.end() + b_start
            if _is_en_boundary(text, m.group(0), ms, me, b_end, sent_start):
                cuts.append(me)
                sent_start = me
        if semicolons:
            for m in re.finditer(r";(?=\s)", block):
                cuts.append(m.end() + b_start)
            cuts.sort()
        _emit(text, cuts, b_start, b_end, para, out)
    return out


@sentence_splitters.register("en-pysbd.v1")
def split_en_pysbd(text: str, *, paragraphs: Paragraphs = "line", semicolons: bool = False) -> List[Sentence]:
    """English sentences from pysbd (optional), with offsets found by forward search."""
    _check_text(text)
    try:
        import pysbd
    except ImportError:
        raise MissingDependencyError("pysbd", "pysbd", "the en-pysbd.v1 sentence splitter") from None
    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    out: List[Sentence] = []
    for b_start, b_end, para in _paragraph_spans(text, paragraphs):
        cuts: List[int] = []
        pos = b_start
        for piece in seg.segment(text[b_start:b_end]):
            piece = piece.strip()
            if not piece:
                continue
            at = text.find(piece, pos, b_end)
            if at < 0:  # pysbd changed the text; keep the rest as one sentence
                break
            pos = at + len(piece)
            cuts.append(pos)
        if semicolons:
            cuts.extend(m.end() + b_start for m in re.finditer(r";(?=\s)", text[b_start:b_end]))
            cuts.sort()
        _emit(text, cuts[:-1] if cuts and cuts[-1] >= b_end else cuts, b_start, b_end, para, out)
    return out


# ------------------------------------------------------------------------- helpers
def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InputError(f"text must be a str, got {type(text).__name__}", field="text")


def split_sentences(text: str, *, lang: str, splitter: Optional[str] = None,
                    paragraphs: Paragraphs = "line", semicolons: Optional[bool] = None) -> List[Sentence]:
    """Split ``text`` (language ``lang``) with the named splitter (default: the rules)."""
    if lang not in ("zh", "en"):
        raise InputError(f"unknown language {lang!r}; expected 'zh' or 'en'", field="lang")
    name = splitter or f"{lang}-rules.v1"
    if not name.startswith(lang + "-"):
        raise InputError(f"splitter {name!r} is not for language {lang!r}; available: "
                         + ", ".join(n for n in sentence_splitters.names() if n.startswith(lang + "-")),
                         field="splitter")
    func = sentence_splitters.get(name)
    if semicolons is None:
        semicolons = lang == "zh"
    return func(text, paragraphs=paragraphs, semicolons=semicolons)


def sentences_from_list(items: Sequence[str]) -> List[Sentence]:
    """Sentences given one per item; offsets refer to ``"\\n".join(items)``, paragraph = item index."""
    out: List[Sentence] = []
    pos = 0
    for k, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"sentence {k} must be a str, got {type(item).__name__}", field="sentences")
        out.append(Sentence(item, pos, pos + len(item), k, k))
        pos += len(item) + 1
    return out
