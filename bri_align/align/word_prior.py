"""Lexical priors for word alignment: which Chinese/English word pairs look like translations.

A prior is a score in ``[0, 1]`` for a (Chinese word, English word) pair, found from

* **dictionary**: an English word whose lemma is among the content words of the
  CC-CEDICT glosses of the Chinese word (``合作`` ~ ``cooperation``); 1.0, or 0.6 when
  only a 6-letter stem matches (``econom-``);
* **glossary**: a word of a rendering of a glossary term (1.0);
* **characters**: for a Chinese word the dictionary lacks or does not match, its
  sub-words and characters looked up in turn (``印尼`` split as ``印 尼``, or a
  name such as ``雅加达``): 0.5 for a multi-character sub-word, 0.3 for one character;
* **form**: identical strings (``APEC``/``APEC``) 1.0, the same digits (``22日``/``22nd``)
  0.8, Chinese numerals read as numbers (``三``/``3``) 0.8, and matching punctuation
  (``，``/``,``, ``（``/``-LRB-``) 1.0.

The aligner feeds these scores into EM as pseudo-counts (see
:mod:`bri_align.align.hmm`), so a handful of sentence pairs aligns sensibly.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import AbstractSet, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..glossary.model import Glossary
from ..signature import format_signature
from ..text.normalize import is_cjk
from .tokenize import WordGlossaryArg, optional_glossary

__all__ = ["LexicalPrior", "en_keys", "en_keys_many"]

_PUNCT_EQUIV = {
    "，": ",", "、": ",", "。": ".", "．": ".", "；": ";", "：": ":", "！": "!", "？": "?",
    "（": "(", "）": ")", "(": "(", ")": ")", "-lrb-": "(", "-rrb-": ")", "[": "(", "]": ")",
    "-lsb-": "(", "-rsb-": ")", "-lcb-": "(", "-rcb-": ")", "{": "(", "}": ")",
    "“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "《": '"', "》": '"',
    "‘": '"', "’": '"', "``": '"', "''": '"', '"': '"', "〈": '"', "〉": '"',
    "——": "-", "—": "-", "--": "-", "-": "-", "…": "...", "……": "...", "...": "...",
    "·": "-", "/": "/", "%": "%", "％": "%",
}
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_EN_NUMBERS.update({"twenty": 20, "thirty": 30, "hundred": 100, "thousand": 1000,
                    "million": 10 ** 6, "billion": 10 ** 9, "first": 1, "second": 2, "third": 3,
                    "half": 2, "dozen": 12})
_DIGITS_RE = re.compile(r"\d+")
# a token that *is* a number: digits with separators, an ordinal or plural suffix, or a
# Chinese unit/measure character (22日, 3月, 2013年, 50%, 1,000, 22nd, 1990s)
_NUMERIC_RE = re.compile(r"^[\d.,:%]*\d[\d.,:%]*(?:st|nd|rd|th|s|[年月日号时点分秒万亿千百个岁多余])?$")


def _punct_key(tok: str) -> Optional[str]:
    t = tok.lower()
    if t in _PUNCT_EQUIV:
        return _PUNCT_EQUIV[t]
    n = unicodedata.normalize("NFKC", tok)
    if n and all(not ch.isalnum() for ch in n):
        return n
    return None


def _zh_number(tok: str) -> Optional[int]:
    """Value of a Chinese numeral written in characters (三, 十二, 两千), else None."""
    if not tok or not all(ch in _ZH_DIGITS or ch in _ZH_UNITS for ch in tok):
        return None
    total, section, digit = 0, 0, None
    for ch in tok:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        else:
            unit = _ZH_UNITS[ch]
            if unit >= 10000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def _numbers(tok: str) -> FrozenSet[int]:
    """Numeric values of a number token (``22日`` -> 22, ``三`` -> 3, ``three`` -> 3); digits
    inside other words (``COVID-19``, ``A380``) do not count."""
    norm = unicodedata.normalize("NFKC", tok).lower()
    vals = set()
    if _NUMERIC_RE.match(norm):
        vals = {int(d) for d in _DIGITS_RE.findall(norm.replace(",", "")) if len(d) < 12}
    z = _zh_number(tok)
    if z is not None:
        vals.add(z)
    w = _EN_NUMBERS.get(tok.lower())
    if w is not None:
        vals.add(w)
    return frozenset(vals)


def _keys_from(w: str, lemmas: Iterable[str]) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    lem = {w}
    if w.isalpha() and len(w) > 2:
        lem.update(f.lower() for f in lemmas)
        if w.endswith("s") and len(w) > 3:
            lem.add(w[:-1])
    stems = {x[:6] for x in lem if len(x) >= 6 and x.isalpha()}
    return frozenset(lem), frozenset(stems)


@functools.lru_cache(maxsize=200_000)
def en_keys(word: str) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """``(lemmas, stems)`` of an English word: lower-cased form and lemminflect lemmas;
    6-letter prefixes of those for a looser match."""
    w = word.lower().replace("’", "'")
    forms: List[str] = []
    if w.isalpha() and len(w) > 2:
        try:
            import lemminflect

            for fs in lemminflect.getAllLemmas(w).values():
                forms.extend(fs)
        except ImportError:  # pragma: no cover - lemminflect is a core dependency
            pass
    return _keys_from(w, forms)


def _lemma_table(words: AbstractSet[str]) -> Dict[str, List[str]]:
    """lemminflect's dictionary lemmas (``getAllLemmas(w).values()``) of the lower-case
    ``words`` only, read from lemminflect's own lookup and override files in one pass.

    ``getAllLemmas`` loads the whole table (about 80,000 words, 30 MB and a few tenths of
    a second) and keeps it for the life of the process; an aligner needs the lemmas of its
    vocabulary once.  Same rules as lemminflect: a later line for the same word and part
    of speech replaces an earlier one, then the overrides replace per part of speech.
    """
    try:
        import gzip

        from lemminflect import config
        from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
        from lemminflect.codecs.OverridesCodec import OverridesCodec
        from lemminflect.core.LexicalUtils import categoryToUPos
    except ImportError:  # pragma: no cover - lemminflect is a core dependency
        return {}
    per: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    with gzip.open(config.lemma_lu_fn, "rb") as fh:
        for raw in fh:
            line = raw.decode()
            if line[:line.find(",")] in words:
                w, category, forms = LemmaLUCodec.fromString(line)
                per.setdefault(w, {})[categoryToUPos(category)] = forms
    for w, upos in OverridesCodec.load(config.lemma_overrides_fn).items():
        if w in words:
            per.setdefault(w, {}).update(upos)
    return {w: [f for fs in d.values() for f in fs] for w, d in per.items()}


def en_keys_many(words: Iterable[str]) -> Dict[str, Tuple[FrozenSet[str], FrozenSet[str]]]:
    """:func:`en_keys` of many words at once (equal results), with lemmas read for these
    words only (:func:`_lemma_table`): nothing is kept once the caller drops the dict."""
    lowered = {w: w.lower().replace("’", "'") for w in words}
    table = _lemma_table({w for w in lowered.values() if w.isalpha() and len(w) > 2})
    return {w: _keys_from(lw, table.get(lw, ())) for w, lw in lowered.items()}


class LexicalPrior:
    """Scores of (Chinese word, English word) pairs from CC-CEDICT, a glossary and word form.

    ``score_vocab(zh_vocab, en_vocab)`` returns the sparse list of pairs with a
    positive score, working from an inverted index over the English vocabulary so a
    large vocabulary is not compared pair by pair.
    """

    def __init__(self, *, dictionary: bool = True, glossary: WordGlossaryArg = False, characters: bool = True,
                 form: bool = True, cedict: Optional[Mapping[str, FrozenSet[str]]] = None) -> None:
        """``glossary``: ``False`` (the default) for no glossary prior, ``None`` for the bundled
        termbase, or a :class:`~bri_align.Glossary` or termbase path."""
        self.use_dictionary = dictionary
        self.use_characters = characters and dictionary
        self.use_form = form
        self._cedict = cedict
        self._glossary_words: Dict[str, FrozenSet[str]] = {}
        self._glossary_sig: Optional[str] = None
        gl: Optional[Glossary] = optional_glossary(glossary)
        if gl is not None:
            from ..lexicon.cedict import glossary_prior

            self._glossary_words = glossary_prior(gl)
            self._glossary_sig = f"{len(gl)}@{gl.checksum()}"

    def sources(self) -> str:
        """The evidence used, ``+``-joined (``cedict+chars+form+glossary``), or ``none``."""
        parts = [name for name, on in (("cedict", self.use_dictionary), ("chars", self.use_characters),
                                       ("form", self.use_form), ("glossary", self._glossary_sig is not None))
                 if on]
        return "+".join(parts) or "none"

    def glossary_id(self) -> Optional[str]:
        """``entries@checksum`` of the glossary prior, or None without one."""
        return self._glossary_sig

    def signature(self) -> str:
        return format_signature("lexical-prior", [("sources", self.sources()), ("glossary", self._glossary_sig)])

    @property
    def cedict(self) -> Mapping[str, FrozenSet[str]]:
        """The dictionary's content words: the one given, else CC-CEDICT's, which is not
        kept here (the lexicon module shares it while someone holds it), so an aligner
        does not hold the table through EM once its prior is computed."""
        if self._cedict is not None:
            return self._cedict
        if not self.use_dictionary:
            return {}
        from ..lexicon.cedict import load_cedict_content_words

        return load_cedict_content_words()

    # -- scoring ---------------------------------------------------------
    def _word_scores(self, words: Iterable[str], weight: float, stem_weight: float,
                     lem_index: Mapping[str, List[int]], stem_index: Mapping[str, List[int]],
                     out: Dict[int, float], keys: Mapping[str, Tuple[FrozenSet[str], FrozenSet[str]]]) -> None:
        for w in words:
            lem, stems = keys[w]
            for k in lem:
                for e in lem_index.get(k, ()):
                    if out.get(e, 0.0) < weight:
                        out[e] = weight
            for k in stems:
                for e in stem_index.get(k, ()):
                    if out.get(e, 0.0) < stem_weight:
                        out[e] = stem_weight

    def _evidence(self, z: str, cedict: Mapping[str, FrozenSet[str]]
                  ) -> List[Tuple[FrozenSet[str], float, float]]:
        """The English words a Chinese word's evidence names, with their weights (lemma, stem)."""
        out = []
        gw = self._glossary_words.get(z)
        if gw:
            out.append((gw, 1.0, 0.6))
        cw = cedict.get(z)
        if cw:
            out.append((cw, 1.0, 0.6))
        if self.use_characters and len(z) > 1 and any(is_cjk(ch) for ch in z):
            for sub, weight in self._sub_words(z, cedict):
                out.append((cedict[sub], weight, weight * 0.6))
        return out

    def score_vocab(self, zh_vocab: Sequence[str], en_vocab: Sequence[str]):
        """Sparse prior: parallel arrays ``(zh_ids, en_ids, scores)`` (int64, int64, float64)
        with scores > 0.

        Two passes over the Chinese vocabulary: the first collects every English word its
        evidence names, so the lemmas of those and of the English vocabulary are read at
        once (:func:`en_keys_many`) and dropped at the end, with the dictionary."""
        from array import array

        import numpy as np

        cedict = self._dictionary_for(zh_vocab) if self.use_dictionary else {}
        needed = set(en_vocab)
        for z in zh_vocab:
            for words, _, _ in self._evidence(z, cedict):
                needed.update(words)
        keys = en_keys_many(needed)
        del needed
        lem_index: Dict[str, List[int]] = {}
        stem_index: Dict[str, List[int]] = {}
        form_index: Dict[str, List[int]] = {}
        num_index: Dict[int, List[int]] = {}
        punct_index: Dict[str, List[int]] = {}
        for e, w in enumerate(en_vocab):
            lem, stems = keys[w]
            for k in lem:
                lem_index.setdefault(k, []).append(e)
            for k in stems:
                stem_index.setdefault(k, []).append(e)
            if self.use_form:
                form_index.setdefault(w.lower(), []).append(e)
                for n in _numbers(w):
                    num_index.setdefault(n, []).append(e)
                p = _punct_key(w)
                if p is not None:
                    punct_index.setdefault(p, []).append(e)
        zs = array("q")
        es = array("q")
        ss = array("d")
        for f, z in enumerate(zh_vocab):
            out: Dict[int, float] = {}
            for words, weight, stem_weight in self._evidence(z, cedict):
                self._word_scores(words, weight, stem_weight, lem_index, stem_index, out, keys)
            if self.use_form:
                for e in form_index.get(z.lower(), ()):
                    out[e] = 1.0
                for n in _numbers(z):
                    for e in num_index.get(n, ()):
                        out[e] = max(out.get(e, 0.0), 0.8)
                p = _punct_key(z)
                if p is not None:
                    for e in punct_index.get(p, ()):
                        out[e] = 1.0
            for e, sc in out.items():
                zs.append(f)
                es.append(e)
                ss.append(sc)
        return (np.frombuffer(zs, dtype=np.int64).copy(), np.frombuffer(es, dtype=np.int64).copy(),
                np.frombuffer(ss, dtype=np.float64).copy())

    def _dictionary_for(self, zh_vocab: Sequence[str]) -> Mapping[str, FrozenSet[str]]:
        """The dictionary restricted to what :meth:`score_vocab` looks up for ``zh_vocab``: its
        words and, for the character evidence, their sub-strings.  CC-CEDICT's table is read
        for those headwords only (a few thousand entries instead of 180,000)."""
        if self._cedict is not None:
            return self._cedict
        from ..lexicon.cedict import load_cedict_content_words

        wanted = set(zh_vocab)
        if self.use_characters:
            for z in zh_vocab:
                n = len(z)
                if n > 1 and any(is_cjk(ch) for ch in z):
                    wanted.update(z[i:i + k] for i in range(n) for k in range(1, n - i + 1))
        return load_cedict_content_words(only=wanted)

    @staticmethod
    def _sub_words(z: str, cedict: Mapping[str, FrozenSet[str]]) -> List[Tuple[str, float]]:
        """Dictionary sub-words of ``z`` (greedy longest match from the left), weighted."""
        out = []
        i, n = 0, len(z)
        while i < n:
            for k in range(n - i - (1 if i == 0 else 0), 0, -1):
                sub = z[i:i + k]
                if sub in cedict:
                    out.append((sub, 0.5 if k > 1 else 0.3))
                    i += k
                    break
            else:
                i += 1
        return out
