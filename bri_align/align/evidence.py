"""Dictionary evidence for term alignment: how much of a Chinese term an English span renders (layer L3).

:meth:`GlossSource.evidence` cuts a term into dictionary *units* (forward maximum
matching over CC-CEDICT and the glossary's Chinese forms), each with its gloss
phrases and its splits into smaller dictionary pieces, down to characters; a lone
character inside a longer term also takes the glosses of the most frequent
two-character words of jieba's dictionary that contain it (*weak* glosses, which
may extend a span but never anchor one).  :meth:`TermEvidence.coverage` is the
character-weighted share of unit slots an English span fills (a bipartite
matching: each English word renders one unit).  English words meet glosses by the
crude stems of :func:`~bri_align.align.lexical.stems_of` or the 5-letter prefix of a
lemminflect lemma (:func:`word_keys`).  :class:`WordEvidence` is version 1
(``lexical="words"``).  See :mod:`bri_align.align.terms` for how the aligner uses it.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Dict,
    FrozenSet,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from ..text.normalize import is_cjk
from ..text.stopwords import EN_STOPWORDS
from .lexical import EN_WORD, ZhLexicon, stems_of, zh_key

if TYPE_CHECKING:  # pragma: no cover
    from ..glossary.model import Glossary

__all__ = ["GlossSource", "TermEvidence", "WordEvidence", "Phrase", "Unit", "UnitKeys", "word_keys",
           "frequent_words_by_char", "CHAR_GLOSS", "SHORT_GLOSS", "LONG_GLOSS"]

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_SPLIT_RE = re.compile(r"[-‐‑–/]")
_ABBR_RE = re.compile(r"[,;]?\s*\b(?:abbr|abbreviation)\b", re.IGNORECASE)
# glosses with more content words than these are definitions, not renderings: of one
# character, of a word an abbreviated character stands for, of a word
CHAR_GLOSS = 2
SHORT_GLOSS = 3
LONG_GLOSS = 6


@functools.lru_cache(maxsize=200_000)
def word_keys(token: str) -> FrozenSet[str]:
    """Keys under which an English word meets a gloss word: the crude stems of
    :func:`~bri_align.align.lexical.stems_of` and 5-letter prefixes of its lemmas
    (lemminflect), so "operation" meets "operate" and "taxes" meets "tax"."""
    from .word_prior import en_keys

    keys = set(stems_of(token))
    for part in _SPLIT_RE.split(token):
        if not part.isalpha() or part.lower() in EN_STOPWORDS:
            continue
        lemmas, _ = en_keys(part)
        keys.update(x[:5] for x in lemmas if x.isalpha())
    return frozenset(keys)


@dataclass(frozen=True)
class Phrase:
    """One English gloss or rendering: a key set per content word, and its initials."""

    keys: Tuple[FrozenSet[str], ...]
    initials: str
    weak: bool = False  # the gloss of a word an abbreviated character may stand for

    @classmethod
    def of(cls, text: str, *, max_words: int) -> Optional["Phrase"]:
        text = _ABBR_RE.split(text)[0]  # "Asian Infrastructure Investment Bank, abbr. for ..." (CC-CEDICT)
        if _CJK_RE.search(text):
            return None
        words = [w for w in EN_WORD.findall(text) if w.lower() not in EN_STOPWORDS and len(w) > 1]
        if not words or len(words) > max_words:
            return None
        return cls(tuple(word_keys(w) for w in words), "".join(w[0].upper() for w in words))


@dataclass(frozen=True)
class Unit:
    """A dictionary word of a term (or a character the dictionary has no word for):
    its glosses and its decompositions into smaller dictionary pieces."""

    n_chars: int
    phrases: Tuple[Phrase, ...]
    splits: Tuple[Tuple["Unit", "Unit"], ...] = ()

    # The splits of a unit share their sub-units (GlossSource caches one unit per word), so
    # the unit's splits form a lattice over its substrings; walked naively, every way of
    # cutting the word down to characters is visited (exponential in its length: 90 % of
    # the aligner's time on terms of 8 characters).  Each property below is computed once
    # per unit and kept in the instance (``_memo``; not a field: equality and hashing
    # are unchanged), so a unit costs the sum over its splits, a polynomial in its length.
    def _cached(self, key: str, compute):
        memo = self.__dict__.get("_memo")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_memo", memo)
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def keys(self, weak: bool) -> Set[str]:
        return set(self._cached("keys_weak" if weak else "keys_strong", lambda: self._keys(weak)))

    def _keys(self, weak: bool) -> FrozenSet[str]:
        out: Set[str] = set()
        for p in self.phrases:
            if weak or not p.weak:
                for k in p.keys:
                    out |= k
        for u, v in self.splits:
            out |= u.keys(weak) | v.keys(weak)
        return frozenset(out)

    def initials(self) -> Set[str]:
        return set(self._cached("initials", self._initials))

    def _initials(self) -> FrozenSet[str]:
        out = {p.initials for p in self.phrases if len(p.keys) >= 2 and not p.weak}
        for u, v in self.splits:
            out |= u.initials() | v.initials()
        return frozenset(out)

    def all_initials(self) -> Set[str]:
        """Initials of every gloss (one-word glosses and weak ones included) and of its
        splits put together, up to 6 letters: the letters the unit may give an acronym."""
        return set(self._cached("all_initials", self._all_initials))

    def _all_initials(self) -> FrozenSet[str]:
        out = {p.initials for p in self.phrases if len(p.initials) <= 6}
        for u, v in self.splits:
            right = v._cached("all_initials", v._all_initials)
            for x in u._cached("all_initials", u._all_initials):
                if len(x) < 6:
                    out.update(x + y for y in right if len(x) + len(y) <= 6)
        return frozenset(out)

    def one_word_keys(self, weak: bool) -> FrozenSet[str]:
        """Keys of the unit's own one-word glosses (not its splits')."""
        return self._cached("one_word_weak" if weak else "one_word_strong", lambda: frozenset(
            k for p in self.phrases if len(p.keys) == 1 and (weak or not p.weak) for k in p.keys[0]))

    def spells(self, letters: str) -> bool:
        """Whether ``letters`` (upper case) is in :meth:`all_initials`, without building
        that set (thousands of strings for a long word): a gloss's initials, or a left
        split spelling a prefix and the right split the rest."""
        if not 0 < len(letters) <= 6:
            return False
        memo = self._cached("spells", dict)
        hit = memo.get(letters)
        if hit is None:
            hit = any(p.initials.upper() == letters for p in self.phrases) or any(
                u.spells(letters[:k]) and v.spells(letters[k:])
                for u, v in self.splits for k in range(1, len(letters)))
            memo[letters] = hit
        return hit

    def capacity(self) -> int:
        """How many English words may render the unit: as many as its longest gloss
        (or split) has, and no more than it has characters."""
        return self._cached("capacity", self._capacity)

    def _capacity(self) -> int:
        most = max((len(p.keys) for p in self.phrases), default=1)
        for u, v in self.splits:
            most = max(most, u.capacity() + v.capacity())
        return max(1, min(self.n_chars, most))


@dataclass(frozen=True)
class UnitKeys:
    n_chars: int
    capacity: int
    strong: FrozenSet[str]
    weak: FrozenSet[str]  # strong keys and the glosses of words an abbreviated character stands for
    initials: FrozenSet[str]
    # the unit itself, for acronyms spread over units (O&M): see Unit.spells
    unit: Optional[Unit] = field(default=None, compare=False, repr=False)

    def spells(self, letters: str) -> bool:
        """Whether ``letters`` is the initials of one of the unit's glosses or of its splits'."""
        return self.unit is not None and self.unit.spells(letters)


@dataclass(frozen=True)
class TermEvidence:
    """Dictionary evidence for one Chinese term: its units, the renderings a glossary
    records for it, and the union of their keys (a word matching one is explained).

    :meth:`coverage` is the share of the term's characters rendered in a span: each
    English word of the span renders at most one unit, a unit takes up to its capacity
    of words (a maximum bipartite matching), and a unit's characters count in
    proportion to the words it got.  An acronym of a gloss (SMEs, small and medium
    enterprise) fills its unit.  A glossary rendering counts by the share of its words
    found, when that is higher.
    """

    units: Tuple[UnitKeys, ...]
    renderings: Tuple[Phrase, ...]
    keys: FrozenSet[str]
    initials: FrozenSet[str]
    strong_keys: FrozenSet[str]

    def spells(self, acronym: str) -> bool:
        """Whether ``acronym`` is the initials of the whole term, unit by unit in order
        (运维 = 运营 "operation" + 维护 "maintenance": "OM", written O&M); an acronym of a
        recorded rendering or of one gloss is in :attr:`initials`."""
        if acronym in self.initials:
            return True
        units = self.units
        if len(units) < 2 or not (len(units) <= len(acronym) <= 6):
            return False
        memo = self.__dict__.get("_spelled")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_spelled", memo)  # a cache, not a field
        if acronym in memo:
            return memo[acronym]

        @functools.lru_cache(maxsize=None)
        def go(k: int, pos: int) -> bool:
            if k == len(units):
                return pos == len(acronym)
            return any(units[k].spells(acronym[pos:end]) and go(k + 1, end)
                       for end in range(pos + 1, len(acronym) + 1))

        memo[acronym] = go(0, 0)
        return memo[acronym]

    def _whole(self, ui: int, keys: Sequence[FrozenSet[str]], weak: bool) -> bool:
        """Whether the English words given to unit ``ui`` hold every word of one of its own
        glosses ("building" is the whole of 建设 "to build", though the unit could take two
        words, one per character): the unit is then rendered in full."""
        unit = self.units[ui].unit
        if unit is None or not keys:
            return False
        have: Set[str] = set().union(*keys)
        return any(all(k & have for k in p.keys) for p in unit.phrases if weak or not p.weak)

    def coverage(self, toks: Sequence[Tuple[FrozenSet[str], Optional[str]]], weak: bool = True) -> float:
        cov = 0.0
        n = sum(u.n_chars for u in self.units)
        if n:
            filled = [0] * len(self.units)
            slot_owner: List[List[int]] = [[] for _ in self.units]  # unit -> tokens holding its slots
            edges: List[List[int]] = []
            # a word that is a whole one-word gloss of a unit renders that unit in full
            # ("digital" 数字化, "transformation" 转型) and takes no slot of another unit
            whole = [u.unit.one_word_keys(weak) if u.unit is not None else frozenset() for u in self.units]
            for t, (keys, acr) in enumerate(toks):
                es = []
                if acr is None:
                    ui = next((ui for ui, w in enumerate(whole) if keys & w and filled[ui] < self.units[ui].capacity),
                              None)
                    if ui is not None:
                        filled[ui] = self.units[ui].capacity
                        edges.append(es)
                        continue
                for ui, u in enumerate(self.units):
                    if acr is not None and (acr in u.initials or self.spells(acr)):
                        filled[ui] = u.capacity
                    elif keys & (u.weak if weak else u.strong):
                        es.append(ui)
                edges.append(es)

            def augment(t: int, seen: Set[int]) -> bool:
                for ui in edges[t]:
                    if ui in seen or filled[ui] >= self.units[ui].capacity:
                        continue
                    seen.add(ui)
                    if len(slot_owner[ui]) < self.units[ui].capacity:
                        slot_owner[ui].append(t)
                        return True
                    for k, other in enumerate(slot_owner[ui]):
                        if augment(other, seen):
                            slot_owner[ui][k] = t
                            return True
                return False

            for t in range(len(toks)):
                if edges[t]:
                    augment(t, set())
            got = sum(u.n_chars * (1.0 if self._whole(ui, [toks[t][0] for t in slot_owner[ui]], weak)
                                   else min(1.0, (filled[ui] + len(slot_owner[ui])) / u.capacity))
                      for ui, u in enumerate(self.units))
            cov = got / n
        if self.renderings:
            span_keys: Set[str] = set()
            for keys, _acr in toks:
                span_keys |= keys
            for r in self.renderings:
                cov = max(cov, sum(1 for k in r.keys if k & span_keys) / len(r.keys))
        return cov


@dataclass(frozen=True)
class WordEvidence:
    """Version 1 evidence (``lexical="words"``): a term's dictionary words count as
    covered when any stem of any of their glosses is in the span."""

    words: Tuple[FrozenSet[str], ...]
    keys: FrozenSet[str]
    initials: FrozenSet[str] = frozenset()

    @property
    def strong_keys(self) -> FrozenSet[str]:
        return self.keys

    def coverage(self, toks: Sequence[Tuple[FrozenSet[str], Optional[str]]], weak: bool = True) -> float:
        span_keys: Set[str] = set()
        for keys, _acr in toks:
            span_keys |= keys
        return sum(1 for w in self.words if w & span_keys) / len(self.words) if self.words else 0.0


@functools.lru_cache(maxsize=1)
def frequent_words_by_char() -> Mapping[str, Tuple[str, ...]]:
    """character -> two-character words of jieba's dictionary containing it, most frequent first."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a core dependency
        return {}
    from .tokenize import _quiet_jieba

    with _quiet_jieba():
        tk = jieba.Tokenizer()
        with tk.get_dict_file() as fh:
            freq, _total = tk.gen_pfdict(fh)
    by: Dict[str, List[Tuple[int, str]]] = defaultdict(list)
    for w, n in freq.items():
        if len(w) == 2 and n > 0 and is_cjk(w[0]) and is_cjk(w[1]):
            for ch in set(w):
                by[ch].append((n, w))
    return {ch: tuple(w for _n, w in sorted(v, key=lambda x: (-x[0], x[1]))) for ch, v in by.items()}


class GlossSource:
    """English glosses of Chinese words and characters for term spans.

    ``lexicon`` is the aligner's lexicon argument: ``"cedict"`` gives CC-CEDICT's gloss
    phrases (so "small and medium enterprise" is one phrase of three words); a mapping
    gives one-word phrases.  Glossary forms give their renderings.  ``abbreviations``:
    how many of the most frequent two-character words containing a character stand in
    for it where the term has no dictionary word around it (风电 = 风 + 电 as in 电力,
    "wind power"); 0 turns this off.
    """

    def __init__(self, zh_lexicon: ZhLexicon, lexicon_arg, glossary: Optional["Glossary"], *, characters: bool,
                 abbreviations: int) -> None:
        self.zh = zh_lexicon
        self.characters = characters
        self.abbreviations = abbreviations if characters else 0
        self._phrases: Optional[Mapping[str, Sequence[str]]] = None
        if isinstance(lexicon_arg, str) and lexicon_arg == "cedict":
            from ..lexicon.cedict import load_cedict

            self._phrases = load_cedict()
        self._glossary_phrases: Dict[str, List[str]] = defaultdict(list)
        if glossary is not None:
            for entry in glossary:
                for form in entry.zh_forms:
                    self._glossary_phrases[zh_key(form)].extend(r.en for r in entry.renderings)
        self._cache: Dict[Tuple[str, int], Tuple[Phrase, ...]] = {}
        self._units: Dict[Tuple[str, bool], Unit] = {}

    def phrases(self, word: str, max_words: int = LONG_GLOSS) -> Tuple[Phrase, ...]:
        hit = self._cache.get((word, max_words))
        if hit is not None:
            return hit
        texts: List[str] = list(self._glossary_phrases.get(word, ()))
        if self._phrases is not None:
            texts.extend(self._phrases.get(word, ()))
        else:
            texts.extend(sorted(self.zh.lexicon.get(word, ())))
        out: Dict[Phrase, None] = {}
        for t in texts:
            ph = Phrase.of(t, max_words=max_words)
            if ph is not None:
                out.setdefault(ph, None)
        hit = self._cache[(word, max_words)] = tuple(out)
        return hit

    def weak_phrases(self, word: str) -> Tuple[Phrase, ...]:
        return tuple(Phrase(p.keys, p.initials, True) for p in self.phrases(word, SHORT_GLOSS))

    def unit(self, word: str, *, abbreviation: bool = False) -> Unit:
        """The unit of a dictionary word (with its splits into dictionary pieces) or of
        a single character (``abbreviation``: standing for a longer word)."""
        key = (word, abbreviation)
        hit = self._units.get(key)
        if hit is not None:
            return hit
        if len(word) == 1:
            phrases = list(self.phrases(word, CHAR_GLOSS if self.characters else LONG_GLOSS))
            if abbreviation and self.abbreviations:
                n = 0
                for w in frequent_words_by_char().get(word, ()):
                    if w in self.zh:
                        phrases.extend(self.weak_phrases(w))
                        n += 1
                        if n >= self.abbreviations:
                            break
            unit = Unit(1, tuple(dict.fromkeys(phrases)))
        else:
            splits = []
            if self.characters:
                for k in range(1, len(word)):
                    left, right = word[:k], word[k:]
                    if all(len(x) == 1 or x in self.zh for x in (left, right)):
                        splits.append((self.unit(left), self.unit(right)))
            unit = Unit(len(word), self.phrases(word), tuple(splits))
        self._units[key] = unit
        return unit

    def segment(self, text: str) -> List[Tuple[str, bool]]:
        """Forward maximum matching of ``text`` into dictionary words: (piece, in dictionary)."""
        out: List[Tuple[str, bool]] = []
        chars = "".join(ch for ch in text if is_cjk(ch) or ch.isalnum())
        i, n = 0, len(chars)
        while i < n:
            if not is_cjk(chars[i]):
                i += 1
                continue
            step = 1
            for k in range(min(self.zh.max_len, n - i), 1, -1):
                if chars[i:i + k] in self.zh:
                    step = k
                    break
            out.append((chars[i:i + step], step > 1 or chars[i] in self.zh))
            i += step
        return out

    def evidence(self, text: str, renderings: Sequence[str] = ()) -> TermEvidence:
        pieces = self.segment(text)
        multi = len(pieces) > 1 or (pieces and len(pieces[0][0]) > 1)
        units = []
        for piece, _known in pieces:
            # a lone character inside a longer term usually abbreviates a word (投 in 投融资)
            u = self.unit(piece, abbreviation=multi and len(piece) == 1)
            if u.phrases or u.splits:
                units.append(u)
        rend = tuple(ph for ph in (Phrase.of(r, max_words=12) for r in renderings) if ph is not None)
        infos = tuple(UnitKeys(u.n_chars, u.capacity(), frozenset(u.keys(False)), frozenset(u.keys(True)),
                                frozenset(u.initials()), u)
                      for u in units)
        keys: Set[str] = set()
        strong: Set[str] = set()
        initials: Set[str] = set()
        for info in infos:
            keys |= info.weak
            strong |= info.strong
            initials |= info.initials
        for r in rend:
            for k in r.keys:
                keys |= k
                strong |= k
            if len(r.keys) >= 2:
                initials.add(r.initials)
        return TermEvidence(infos, rend, frozenset(keys), frozenset(initials), frozenset(strong))

    def outside_keys(self, text: str) -> FrozenSet[str]:
        """Keys of the whole-word glosses of the dictionary words of ``text``."""
        out: Set[str] = set()
        for piece, known in self.segment(text):
            if known:
                for p in self.phrases(piece, CHAR_GLOSS if len(piece) == 1 else LONG_GLOSS):
                    for k in p.keys:
                        out |= k
        return frozenset(out)
