"""Word-level lexical toolkit shared by the sentence and term aligners (layer L3).

* :func:`stem` / :func:`stems_of`: the crude prefix stems under which an English word
  meets a dictionary gloss;
* :func:`en_stems`: the stems of a text's English content words;
* :class:`ZhLexicon`: forward maximum matching of Chinese text into dictionary words
  (CC-CEDICT headwords and a glossary's Chinese forms) with their stemmed glosses;
* :func:`load_lexicon`: the lexicon argument of the aligners (``"cedict"``, a
  mapping, or None) as a mapping and a description for signatures.

Content words are words that are not in :data:`bri_align.text.stopwords.EN_STOPWORDS`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

from ..errors import InputError
from ..text.normalize import is_cjk
from ..text.stopwords import EN_STOPWORDS

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary.model import Glossary

__all__ = ["EN_WORD", "LexiconArg", "ZhLexicon", "en_stems", "load_lexicon", "stem", "stems_of", "zh_key"]

#: An English word, with an inner apostrophe ("China's").
EN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_HYPHENS = re.compile(r"[-‐‑–/]")

_SUFFIXES = ("izations", "ization", "isations", "isation", "ations", "ation", "ments", "ment", "ings", "ing",
             "ions", "ion", "ness", "ities", "ity", "ed", "ers", "er", "ly")


def stem(word: str) -> str:
    """Crude stem for gloss matching: lower case, no possessive or plural, one common
    suffix removed (when four letters remain), then the first five letters.

    ``cooperation``/``cooperate`` -> ``coope``, ``training``/``train`` -> ``train``,
    ``reduction``/``reduce`` -> ``reduc``, ``countries``/``country`` -> ``count``.
    A prefix stem is what dictionary-based aligners commonly use; collisions cost a
    little precision, never offsets.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    return w[:5]


def stems_of(token: str) -> FrozenSet[str]:
    """Stems of a token and of the parts of a hyphenated token (``low-carbon``)."""
    parts = [p for p in _HYPHENS.split(token) if p]
    out = {stem(token)} if len(parts) <= 1 else set()
    out.update(stem(p) for p in parts if p.lower() not in EN_STOPWORDS)
    return frozenset(out)


def en_stems(text: str) -> FrozenSet[str]:
    """Stems of the English content words of ``text`` (one-letter words left out)."""
    return frozenset(stem(w) for w in EN_WORD.findall(text) if w.lower() not in EN_STOPWORDS and len(w) > 1)


# ---------------------------------------------------------------- lexicon
LexiconArg = Union[str, Mapping[str, FrozenSet[str]], None]


def load_lexicon(lexicon: LexiconArg) -> Tuple[Mapping[str, FrozenSet[str]], str]:
    """``"cedict"`` (CC-CEDICT content words), a mapping of Chinese word -> English glosses,
    or None (no lexicon) -> (the mapping, its description for a signature)."""
    if lexicon is None or lexicon is False:
        return {}, "none"
    if isinstance(lexicon, str):
        if lexicon != "cedict":
            raise InputError(f"unknown lexicon {lexicon!r}; expected 'cedict', a mapping, or None",
                             field="lexicon")
        from ..lexicon.cedict import load_cedict_content_words

        lex = load_cedict_content_words()
        return lex, f"cedict({len(lex)})"
    if not isinstance(lexicon, Mapping):
        raise InputError(f"lexicon must be 'cedict', a mapping or None, got {type(lexicon).__name__}",
                         field="lexicon")
    return lexicon, f"mapping({len(lexicon)})"


def zh_key(form: str) -> str:
    """A glossary's Chinese form as a dictionary key: CJK characters, letters and digits only."""
    return "".join(ch for ch in form if is_cjk(ch) or ch.isalnum())


class ZhLexicon:
    """Forward maximum matching of Chinese text into dictionary words with stemmed glosses.

    ``lexicon``: Chinese word -> English glosses; ``glossary``: its Chinese forms are
    words too, glossed by the words of their renderings.
    """

    def __init__(self, lexicon: Mapping[str, FrozenSet[str]], glossary: Optional["Glossary"] = None,
                 max_len: int = 8) -> None:
        self.lexicon = lexicon
        self.extra: Dict[str, FrozenSet[str]] = {}
        if glossary is not None:
            for entry in glossary:
                words = set()
                for r in entry.renderings:
                    words.update(w.lower() for w in EN_WORD.findall(r.en))
                for form in entry.zh_forms:
                    key = zh_key(form)
                    if key:
                        self.extra[key] = frozenset(words) | self.extra.get(key, frozenset())
        self.max_len = max(max_len, max((len(k) for k in self.extra), default=1))
        self._cache: Dict[str, FrozenSet[str]] = {}

    def glosses(self, word: str) -> FrozenSet[str]:
        hit = self._cache.get(word)
        if hit is None:
            raw = set(self.extra.get(word, ())) | set(self.lexicon.get(word, ()))
            stems = set()
            for g in raw:
                for w in EN_WORD.findall(g):
                    lw = w.lower()
                    if lw not in EN_STOPWORDS and len(lw) > 1:
                        stems.add(stem(lw))
            hit = frozenset(stems)
            self._cache[word] = hit
        return hit

    def __contains__(self, word: str) -> bool:
        return word in self.extra or word in self.lexicon

    def words(self, text: str) -> List[FrozenSet[str]]:
        """Gloss-stem sets of the content words of ``text`` (words without glosses dropped)."""
        out: List[FrozenSet[str]] = []
        n = len(text)
        i = 0
        while i < n:
            if not is_cjk(text[i]):
                i += 1
                continue
            step = 1
            for k in range(min(self.max_len, n - i), 0, -1):
                piece = text[i:i + k]
                if piece in self:
                    step = k
                    break
            g = self.glosses(text[i:i + step])
            if g:
                out.append(g)
            i += step
        return out
