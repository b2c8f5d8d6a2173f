"""Tokenisation for word alignment, with character offsets (layer L3).

Every token keeps its span in the input string: ``Token(text, start, end)`` with
``text == source[start:end]``, so links found on our tokens can be projected onto
any other segmentation of the same text (for example a gold standard's) through
character offsets.

Chinese
    jieba, through a *private* ``jieba.Tokenizer()`` per glossary (:class:`ZhTokenizer`),
    with every Chinese form of the glossary added as a user word so a term is one
    token.  Forms containing spaces or punctuation (``共建“一带一路”``) are not added:
    jieba never keeps punctuation inside a token, and such a form is left to the
    aligner's many-to-many links.  ``segmenter="char"`` (or a missing jieba under
    ``"auto"``) falls back to one token per CJK character, runs of Latin letters or
    digits kept whole.
English
    A regular-expression tokenizer written here because it must return offsets:
    sacremoses (the field's usual choice) escapes and rewrites text and gives no
    spans.  It follows Penn Treebank conventions closely enough for alignment:
    punctuation split off; possessive ``'s`` and the clitics ``n't 're 've 'll 'd 'm``
    split (``China's`` -> ``China`` ``'s``); hyphenated words (``long-term``,
    ``COVID-19``), acronyms with dots (``U.S.``) and numbers with separators
    (``1,000.5``) kept whole.
Pre-tokenised text (``pretokenized=True``) is split on whitespace and kept as is.

Glossary arguments follow the package convention (:func:`bri_align.glossary.as_glossary`:
a :class:`~bri_align.Glossary`, a termbase or export path, or ``None`` for the bundled
termbase) with one addition for the word-alignment stack: ``False``, the default,
means no glossary (see :func:`optional_glossary`).
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, Union

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.model import Glossary
from ..signature import format_signature
from ..text.normalize import is_cjk

__all__ = [
    "Token",
    "ZhTokenizer",
    "tokenize_zh",
    "tokenize_en",
    "whitespace_tokens",
    "tokens_from_words",
    "WordGlossaryArg",
    "optional_glossary",
]

logger = logging.getLogger(__name__)

Segmenter = Literal["auto", "jieba", "char"]

#: The ``glossary`` argument of the word-alignment functions: a :data:`GlossaryLike`
#: (``None`` is the bundled termbase) or ``False`` for no glossary (their default).
WordGlossaryArg = Union[GlossaryLike, Literal[False]]


def optional_glossary(glossary: WordGlossaryArg, *, field: str = "glossary") -> Optional[Glossary]:
    """``None`` (no glossary) for ``False``; otherwise :func:`as_glossary` of it (``None``
    is the bundled termbase; a bad path or a wrong type is a located error)."""
    if glossary is False:
        return None
    return as_glossary(glossary, field=field)


@dataclass(frozen=True)
class Token:
    """One token and its character span ``[start, end)`` in the text it came from."""

    text: str
    start: int
    end: int

    def to_dict(self) -> Dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Token":
        return cls(str(d["text"]), int(d["start"]), int(d["end"]))


_WS_RE = re.compile(r"\S+")


def whitespace_tokens(text: str) -> List[Token]:
    """Tokens of pre-tokenised text: maximal runs of non-space characters."""
    return [Token(m.group(), m.start(), m.end()) for m in _WS_RE.finditer(text)]


def tokens_from_words(words: List[str], sep: str = " ") -> Tuple[str, List[Token]]:
    """Join ``words`` with ``sep`` and return the text and the tokens with their offsets."""
    toks, pos = [], 0
    for w in words:
        toks.append(Token(w, pos, pos + len(w)))
        pos += len(w) + len(sep)
    return sep.join(words), toks


# --------------------------------------------------------------------------- English
_EN_RE = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}(?![^\W\d_])           # acronyms: U.S. e.g.
  | \d+(?:[.,:]\d+)*(?![\w])                  # numbers: 1,000.5 3:30 2013
  | \w+(?:[-'’]\w+)*(?:[-]\w+)*               # words, hyphenated words, o'clock
  | \.\.\.|--|[^\w\s]                         # punctuation, one character (or ... --)
    """,
    re.VERBOSE,
)
_CLITIC_RE = re.compile(r"(?i)(?:(?<=\w)(n['’]t)|(['’](?:s|re|ve|ll|d|m)))$")


def _split_clitic(text: str, start: int) -> List[Token]:
    m = _CLITIC_RE.search(text)
    if m is None or m.start() == 0:
        return [Token(text, start, start + len(text))]
    k = m.start()
    return [Token(text[:k], start, start + k), Token(text[k:], start + k, start + len(text))]


def tokenize_en(text: str, *, pretokenized: bool = False) -> List[Token]:
    """English tokens with offsets (see the module docstring for the conventions)."""
    if pretokenized:
        return whitespace_tokens(text)
    out: List[Token] = []
    for m in _EN_RE.finditer(text):
        tok = m.group()
        if "'" in tok or "’" in tok:
            out.extend(_split_clitic(tok, m.start()))
        else:
            out.append(Token(tok, m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- Chinese
@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's own logger (it logs at DEBUG to stderr) without touching others."""
    jlog = logging.getLogger("jieba")
    old = jlog.level
    jlog.setLevel(logging.ERROR)
    try:
        yield
    finally:
        jlog.setLevel(old)


def _has_jieba() -> bool:
    try:
        import jieba  # noqa: F401
    except ImportError:
        return False
    return True


def _addable(form: str) -> bool:
    """A glossary form jieba can keep as one token: letters, digits, CJK; no space or punctuation."""
    return bool(form) and all(ch.isalnum() or is_cjk(ch) for ch in form)


def _char_tokens(text: str) -> List[Token]:
    """Character fallback: one token per CJK character, Latin/digit runs whole, punctuation alone."""
    out: List[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if is_cjk(ch) or not ch.isalnum():
            out.append(Token(ch, i, i + 1))
            i += 1
            continue
        j = i + 1
        while j < n and text[j].isalnum() and not is_cjk(text[j]):
            j += 1
        out.append(Token(text[i:j], i, j))
        i = j
    return out


class ZhTokenizer:
    """Chinese word segmenter: a private jieba tokenizer with a glossary's terms as user words.

    Instances are cheap to keep: jieba's dictionary is loaded on first use (it writes a
    cache file in the temp directory, as jieba always does).  :meth:`for_glossary`
    returns one shared instance per glossary signature.
    """

    _cache: Dict[Tuple[Optional[str], str], "ZhTokenizer"] = {}
    _lock = threading.Lock()

    def __init__(self, glossary: WordGlossaryArg = False, *, segmenter: Segmenter = "auto",
                 hmm: bool = True) -> None:
        gl = optional_glossary(glossary)
        if segmenter == "auto":
            segmenter = "jieba" if _has_jieba() else "char"
            if segmenter == "char":
                logger.info("jieba is not installed; segmenting Chinese into characters")
        if segmenter not in ("jieba", "char"):
            raise InputError(f"unknown Chinese segmenter {segmenter!r}; choose 'auto', 'jieba' or 'char'",
                             field="segmenter")
        self.segmenter = segmenter
        self.hmm = hmm
        self.user_words: Tuple[str, ...] = ()
        if gl is not None:
            forms = {f for e in gl for f in e.zh_forms}
            self.user_words = tuple(sorted(f for f in forms if _addable(f)))
        self._jieba = None
        self._glossary_sig = None if gl is None else f"{len(gl)}@{gl.checksum()}"

    @classmethod
    def for_glossary(cls, glossary: WordGlossaryArg = False, *, segmenter: Segmenter = "auto") -> "ZhTokenizer":
        """One shared tokenizer per glossary (``False``: none) and segmenter."""
        gl = optional_glossary(glossary)
        key = (None if gl is None else gl.signature(), segmenter)
        with cls._lock:
            tok = cls._cache.get(key)
            if tok is None:
                tok = cls._cache[key] = cls(False if gl is None else gl, segmenter=segmenter)
        return tok

    def _tokenizer(self):
        if self._jieba is None:
            import jieba

            with _quiet_jieba():
                tk = jieba.Tokenizer()
                tk.initialize()
                for w in self.user_words:
                    tk.add_word(w)
            self._jieba = tk
        return self._jieba

    def __call__(self, text: str) -> List[Token]:
        if self.segmenter == "char":
            return _char_tokens(text)
        tk = self._tokenizer()
        out: List[Token] = []
        with _quiet_jieba():
            for word, start, end in tk.tokenize(text, HMM=self.hmm):
                if word.isspace():
                    continue
                if word != word.strip():  # jieba may glue a space to a Latin word
                    lead = len(word) - len(word.lstrip())
                    word = word.strip()
                    start += lead
                    end = start + len(word)
                out.append(Token(word, start, end))
        return out

    def signature(self) -> str:
        parts: List[Tuple[str, object]] = [("segmenter", self.segmenter)]
        if self.segmenter != "char":
            parts.append(("hmm", self.hmm))
        parts.append(("glossary", self._glossary_sig))
        return format_signature("zh-tok", parts)


def tokenize_zh(text: str, *, glossary: WordGlossaryArg = False, pretokenized: bool = False,
                segmenter: Segmenter = "auto") -> List[Token]:
    """Chinese tokens with offsets: jieba with the glossary's terms as user words
    (``glossary=False``, the default: no glossary; ``None``: the bundled termbase)."""
    if pretokenized:
        return whitespace_tokens(text)
    return ZhTokenizer.for_glossary(glossary, segmenter=segmenter)(text)


def split_tokens(toks: Sequence[Token], cuts: Iterable[int]) -> List[Token]:
    """``toks`` cut at the character offsets ``cuts`` that fall inside a token (offsets kept):
    where a term occurrence begins or ends, so a term is never half of a token."""
    cuts = sorted(set(cuts))
    out: List[Token] = []
    for t in toks:
        inner = [c for c in cuts if t.start < c < t.end]
        if not inner:
            out.append(t)
            continue
        bounds = [t.start] + inner + [t.end]
        for s, e in zip(bounds, bounds[1:]):
            out.append(Token(t.text[s - t.start:e - t.start], s, e))
    return out
