"""Term-level alignment: the English span that renders each Chinese term occurrence (layer L4).

For every occurrence of a Chinese term in a sentence pair -- a glossary term
found by :class:`bri_align.TermMatcher`, or a term from a user's plain list with
no English given -- :func:`align_terms` reports the English span that renders
it, its character offsets, a confidence and a status:

``preferred`` / ``admitted`` / ``deprecated`` / ``superseded``
    the span is a rendering the glossary records for that entry, with its status;
``new``
    a span was found but the glossary records no such rendering (always the
    case for user-listed terms, which have no renderings);
``unaligned``
    no English span could be supported.

How the span is chosen
    1. *Known rendering.*  ``TermMatcher(glossary, lang="en")`` scans the English
       sentence; renderings of the occurrence's entry found there win over any
       link-derived span (occurrences and renderings are paired in order).  The
       span is then extended over adjacent English words linked to the
       occurrence (``推进高水平对外开放`` -> "advance high-standard opening up").
    2. *Link-derived span.*  Otherwise every contiguous English token span up to
       ``max_len`` tokens, with no punctuation, article or function word at its
       edges, is scored by (a) the share of the occurrence's word-alignment
       links it covers, (b) the share of the term rendered by the span according
       to the dictionary (below), (c) the share of its own content words
       explained by a link or a gloss, minus (d) the share of its words linked
       only to Chinese words outside the term, or glossed only by one.  A second
       pass adds a bonus to the span that the same term received most often
       elsewhere in the corpus (translators are consistent).  Equal scores go to
       the span with more dictionary coverage, then to the shorter one.  With word
       alignments, an unlinked noun or adjective just before a span that starts with
       one, which no Chinese word outside the term glosses, is taken in as a modifier of the same
       noun phrase ("power grid" for 电网, whose CC-CEDICT gloss is "electrical network").

Dictionary coverage (``lexical="graded"``, the default; ``"words"`` is version 1)
    The term is cut into dictionary words (forward maximum matching over CC-CEDICT
    and the glossary's Chinese forms).  Each word is a *unit* with its gloss
    phrases (CC-CEDICT senses, glossary renderings) and its splits into smaller
    dictionary pieces, down to characters with their one- or two-word glosses
    (水电站 = 水电 "hydroelectric power" + 站 "station").  A character standing alone
    inside a longer term usually abbreviates a word (风电 = 风力 + 发电, 投融资 =
    投资 + 融资, 运维 = 运营 + 维护), so it also takes the glosses of the
    ``abbreviations`` most frequent two-character words of jieba's dictionary that
    contain it; these *weak* glosses may extend a span but never anchor one.  A
    unit may be rendered by as many English words as its longest gloss has (at
    most one per character); each English word renders one unit (a bipartite
    matching), and the coverage is the character-weighted share of unit slots
    filled -- so "small and medium-sized enterprises" covers 中小企业 ("small and
    medium enterprise") where "enterprises" covers a third of it.  Words meet
    glosses by crude stem or by the 5-letter prefix of a lemminflect lemma
    ("operation" meets "operate"); an acronym of a gloss fills its unit ("SMEs").

Word alignments come from :func:`bri_align.align.word.align_words` (``method``)
unless given; ``method="none"`` uses the dictionary evidence alone.  With
``split_at_terms`` (default) the Chinese tokens of the IBM-1/HMM aligners are cut
at the edges of the term occurrences before alignment, so that a word such as
处理厂 in 污水处理厂 does not lend the link of "plant" to the term 污水处理.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from ..errors import InputError
from ..text.normalize import is_cjk, normalize_en, normalize_zh
from .sentence import _EN_STOP, _ZhLexicon, stem, stems_of

__all__ = [
    "TermAlignment",
    "TermAligner",
    "align_terms",
    "find_term_occurrences",
    "TERM_STATUSES",
    "read_parallel",
    "read_terms",
]

logger = logging.getLogger(__name__)

TERM_STATUSES = ("preferred", "admitted", "deprecated", "superseded", "new", "unaligned")
LEXICAL_MODES = ("graded", "words")

# Words never at the edge of an English term span.
EDGE_WORDS = frozenset("""
a an the this that these those its their our his her my your some any each every such
of to in on at by for from with as into onto about over under between through during within
and or but nor so yet also both either
is are was were be been being am will would shall should can could may might must do does did
has have had it they we he she you i which who whom whose what when where there here than then
not no very more most further s 's ’s several many various numerous multiple certain few other all own
""".split())
# Particles that may end a span when they are linked to the term ("set up", "come in").
PARTICLES = frozenset("up in out off down over on away back".split())
EDGE_WORDS = EDGE_WORDS | PARTICLES
_PUNCT_RE = re.compile(r"^[^\w]+$")
_ACRONYM_RE = re.compile(r"^([A-Z]{2,6})s?$")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_EN_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_SPLIT_RE = re.compile(r"[-‐‑–/]")
# glosses with more content words than these are definitions, not renderings: of one
# character, of a word an abbreviated character stands for, of a word
_CHAR_GLOSS = 2
_SHORT_GLOSS = 3
_LONG_GLOSS = 6



@dataclass(frozen=True)
class TermAlignment:
    """One Chinese term occurrence and the English span that renders it."""

    line: int  # 1-based index of the sentence pair
    zh: str
    zh_start: int
    zh_end: int
    en: Optional[str]
    en_start: Optional[int]
    en_end: Optional[int]
    score: float
    status: str
    entry_id: Optional[str] = None
    kind: str = "glossary"  # glossary | user
    evidence: str = "none"  # rendering | alignment | none

    def to_dict(self) -> Dict[str, object]:
        return {
            "line": self.line, "zh": self.zh, "zh_start": self.zh_start, "zh_end": self.zh_end,
            "en": self.en, "en_start": self.en_start, "en_end": self.en_end, "score": self.score,
            "status": self.status, "entry_id": self.entry_id, "kind": self.kind, "evidence": self.evidence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> "TermAlignment":
        def opt(k: str) -> Optional[int]:
            v = d.get(k)
            return None if v is None else int(v)  # type: ignore[arg-type]

        return cls(line=int(d["line"]), zh=str(d["zh"]), zh_start=int(d["zh_start"]),  # type: ignore[arg-type]
                   zh_end=int(d["zh_end"]), en=None if d.get("en") is None else str(d["en"]),  # type: ignore[arg-type]
                   en_start=opt("en_start"), en_end=opt("en_end"), score=float(d["score"]),  # type: ignore[arg-type]
                   status=str(d["status"]), entry_id=None if d.get("entry_id") is None else str(d["entry_id"]),
                   kind=str(d.get("kind", "glossary")), evidence=str(d.get("evidence", "none")))


@dataclass(frozen=True)
class _Occurrence:
    start: int
    end: int
    entry_id: Optional[str]
    kind: str
    form: str = ""


# ------------------------------------------------------------------ occurrences
def _user_term_list(terms: Iterable[str]) -> List[str]:
    out: Dict[str, None] = {}
    for k, t in enumerate(terms):
        if not isinstance(t, str):
            raise InputError(f"term {k + 1} must be a str, got {type(t).__name__}", field="terms")
        t = t.strip()
        if t:
            out.setdefault(t, None)
    return list(out)


def find_term_occurrences(zh: str, *, zh_matcher=None, user_terms: Sequence[str] = ()) -> List[_Occurrence]:
    """Glossary occurrences (leftmost-longest, from the matcher) plus user-term occurrences
    that do not overlap them (user terms matched after normalising width, quotes and
    traditional characters, leftmost-longest among themselves)."""
    occ: List[_Occurrence] = []
    if zh_matcher is not None:
        occ.extend(_Occurrence(m.start, m.end, m.entry_id, "glossary", m.form) for m in zh_matcher.find(zh))
    if user_terms:
        norm = normalize_zh(zh)
        hits = []
        for t in user_terms:
            key = normalize_zh(t).text.strip()
            if not key:
                continue
            for m in re.finditer(re.escape(key), norm.text):
                s, e = norm.span_to_original(m.start(), m.end())
                hits.append((s, e))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        taken = [(o.start, o.end) for o in occ]
        last = -1
        for s, e in hits:
            if s < last or any(s < te and ts < e for ts, te in taken):
                continue
            occ.append(_Occurrence(s, e, None, "user"))
            last = e
    occ.sort(key=lambda o: o.start)
    return occ


# ------------------------------------------------------- dictionary evidence
@functools.lru_cache(maxsize=200_000)
def _word_keys(token: str) -> FrozenSet[str]:
    """Keys under which an English word meets a gloss word: the crude stems of
    :func:`~bri_align.align.sentence.stems_of` and 5-letter prefixes of its lemmas
    (lemminflect), so "operation" meets "operate" and "taxes" meets "tax"."""
    from .word_prior import en_keys

    keys = set(stems_of(token))
    for part in _SPLIT_RE.split(token):
        if not part.isalpha() or part.lower() in _EN_STOP:
            continue
        lemmas, _ = en_keys(part)
        keys.update(x[:5] for x in lemmas if x.isalpha())
    return frozenset(keys)


@dataclass(frozen=True)
class _Phrase:
    """One English gloss or rendering: a key set per content word, and its initials."""

    keys: Tuple[FrozenSet[str], ...]
    initials: str
    weak: bool = False  # the gloss of a word an abbreviated character may stand for

    @classmethod
    def of(cls, text: str, *, max_words: int) -> Optional["_Phrase"]:
        if _CJK_RE.search(text):
            return None
        words = [w for w in _EN_WORD_RE.findall(text) if w.lower() not in _EN_STOP and len(w) > 1]
        if not words or len(words) > max_words:
            return None
        return cls(tuple(_word_keys(w) for w in words), "".join(w[0].upper() for w in words))


@dataclass(frozen=True)
class _Unit:
    """A dictionary word of a term (or a character the dictionary has no word for):
    its glosses and its decompositions into smaller dictionary pieces."""

    n_chars: int
    phrases: Tuple[_Phrase, ...]
    splits: Tuple[Tuple["_Unit", "_Unit"], ...] = ()

    def keys(self, weak: bool) -> Set[str]:
        out: Set[str] = set()
        for p in self.phrases:
            if weak or not p.weak:
                for k in p.keys:
                    out |= k
        for u, v in self.splits:
            out |= u.keys(weak) | v.keys(weak)
        return out

    def initials(self) -> Set[str]:
        out = {p.initials for p in self.phrases if len(p.keys) >= 2 and not p.weak}
        for u, v in self.splits:
            out |= u.initials() | v.initials()
        return out

    def capacity(self) -> int:
        """How many English words may render the unit: as many as its longest gloss
        (or split) has, and no more than it has characters."""
        most = max((len(p.keys) for p in self.phrases), default=1)
        for u, v in self.splits:
            most = max(most, u.capacity() + v.capacity())
        return max(1, min(self.n_chars, most))


@dataclass(frozen=True)
class _UnitKeys:
    n_chars: int
    capacity: int
    strong: FrozenSet[str]
    weak: FrozenSet[str]  # strong keys and the glosses of words an abbreviated character stands for
    initials: FrozenSet[str]


@dataclass(frozen=True)
class _TermEvidence:
    """Dictionary evidence for one Chinese term: its units, the renderings a glossary
    records for it, and the union of their keys (a word matching one is explained).

    :meth:`coverage` is the share of the term's characters rendered in a span: each
    English word of the span renders at most one unit, a unit takes up to its capacity
    of words (a maximum bipartite matching), and a unit's characters count in
    proportion to the words it got.  An acronym of a gloss (SMEs, small and medium
    enterprise) fills its unit.  A glossary rendering counts by the share of its words
    found, when that is higher.
    """

    units: Tuple[_UnitKeys, ...]
    renderings: Tuple[_Phrase, ...]
    keys: FrozenSet[str]
    initials: FrozenSet[str]
    strong_keys: FrozenSet[str]

    def coverage(self, toks: Sequence[Tuple[FrozenSet[str], Optional[str]]], weak: bool = True) -> float:
        cov = 0.0
        n = sum(u.n_chars for u in self.units)
        if n:
            filled = [0] * len(self.units)
            slot_owner: List[List[int]] = [[] for _ in self.units]  # unit -> tokens holding its slots
            edges: List[List[int]] = []
            for t, (keys, acr) in enumerate(toks):
                es = []
                for ui, u in enumerate(self.units):
                    if acr is not None and acr in u.initials:
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
            got = sum(u.n_chars * min(1.0, (filled[ui] + len(slot_owner[ui])) / u.capacity)
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
class _WordEvidence:
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
def _frequent_words_by_char() -> Mapping[str, Tuple[str, ...]]:
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


class _GlossSource:
    """English glosses of Chinese words and characters for term spans.

    ``lexicon`` is the aligner's lexicon argument: ``"cedict"`` gives CC-CEDICT's gloss
    phrases (so "small and medium enterprise" is one phrase of three words); a mapping
    gives one-word phrases.  Glossary forms give their renderings.  ``abbreviations``:
    how many of the most frequent two-character words containing a character stand in
    for it where the term has no dictionary word around it (风电 = 风 + 电 as in 电力,
    "wind power"); 0 turns this off.
    """

    def __init__(self, zh_lexicon: _ZhLexicon, lexicon_arg, glossary, *, characters: bool,
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
                    key = "".join(ch for ch in form if is_cjk(ch) or ch.isalnum())
                    self._glossary_phrases[key].extend(r.en for r in entry.renderings)
        self._cache: Dict[Tuple[str, int], Tuple[_Phrase, ...]] = {}
        self._units: Dict[Tuple[str, bool], _Unit] = {}

    def phrases(self, word: str, max_words: int = _LONG_GLOSS) -> Tuple[_Phrase, ...]:
        hit = self._cache.get((word, max_words))
        if hit is not None:
            return hit
        texts: List[str] = list(self._glossary_phrases.get(word, ()))
        if self._phrases is not None:
            texts.extend(self._phrases.get(word, ()))
        else:
            texts.extend(sorted(self.zh.lexicon.get(word, ())))
        out: Dict[_Phrase, None] = {}
        for t in texts:
            ph = _Phrase.of(t, max_words=max_words)
            if ph is not None:
                out.setdefault(ph, None)
        hit = self._cache[(word, max_words)] = tuple(out)
        return hit

    def weak_phrases(self, word: str) -> Tuple[_Phrase, ...]:
        return tuple(_Phrase(p.keys, p.initials, True) for p in self.phrases(word, _SHORT_GLOSS))

    def unit(self, word: str, *, abbreviation: bool = False) -> _Unit:
        """The unit of a dictionary word (with its splits into dictionary pieces) or of
        a single character (``abbreviation``: standing for a longer word)."""
        key = (word, abbreviation)
        hit = self._units.get(key)
        if hit is not None:
            return hit
        if len(word) == 1:
            phrases = list(self.phrases(word, _CHAR_GLOSS if self.characters else _LONG_GLOSS))
            if abbreviation and self.abbreviations:
                n = 0
                for w in _frequent_words_by_char().get(word, ()):
                    if w in self.zh:
                        phrases.extend(self.weak_phrases(w))
                        n += 1
                        if n >= self.abbreviations:
                            break
            unit = _Unit(1, tuple(dict.fromkeys(phrases)))
        else:
            splits = []
            if self.characters:
                for k in range(1, len(word)):
                    left, right = word[:k], word[k:]
                    if all(len(x) == 1 or x in self.zh for x in (left, right)):
                        splits.append((self.unit(left), self.unit(right)))
            unit = _Unit(len(word), self.phrases(word), tuple(splits))
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

    def evidence(self, text: str, renderings: Sequence[str] = ()) -> _TermEvidence:
        pieces = self.segment(text)
        multi = len(pieces) > 1 or (pieces and len(pieces[0][0]) > 1)
        units = []
        for piece, _known in pieces:
            # a lone character inside a longer term usually abbreviates a word (投 in 投融资)
            u = self.unit(piece, abbreviation=multi and len(piece) == 1)
            if u.phrases or u.splits:
                units.append(u)
        rend = tuple(ph for ph in (_Phrase.of(r, max_words=12) for r in renderings) if ph is not None)
        infos = tuple(_UnitKeys(u.n_chars, u.capacity(), frozenset(u.keys(False)), frozenset(u.keys(True)),
                                frozenset(u.initials())) for u in units)
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
        return _TermEvidence(infos, rend, frozenset(keys), frozenset(initials), frozenset(strong))

    def outside_keys(self, text: str) -> FrozenSet[str]:
        """Keys of the whole-word glosses of the dictionary words of ``text``."""
        out: Set[str] = set()
        for piece, known in self.segment(text):
            if known:
                for p in self.phrases(piece, _CHAR_GLOSS if len(piece) == 1 else _LONG_GLOSS):
                    for k in p.keys:
                        out |= k
        return frozenset(out)


# -------------------------------------------------------------------- aligner
class TermAligner:
    """Configured term aligner; see :func:`align_terms`.

    Version 2 (graded dictionary coverage, term-edge token cuts); version 1 is
    ``lexical="words", split_at_terms=False``.
    """

    name = "term-align.v2"

    def __init__(self, *, glossary=None, terms: Optional[Iterable[str]] = None, method: str = "default",
                 lexicon="cedict", max_len: int = 12, consistency: bool = True,
                 min_score: float = 0.3, alignment_glossary=None, lexical: str = "graded",
                 split_at_terms: bool = True, abbreviations: int = 15) -> None:
        if glossary is None and terms is None:
            raise InputError("give a glossary, a list of terms, or both", field="terms")
        if max_len < 1:
            raise InputError(f"max_len must be at least 1, got {max_len}", field="max_len")
        if lexical not in LEXICAL_MODES:
            raise InputError(f"unknown lexical evidence {lexical!r}; choose one of {', '.join(LEXICAL_MODES)}",
                             field="lexical")
        if abbreviations < 0:
            raise InputError(f"abbreviations must be 0 or more, got {abbreviations}", field="abbreviations")
        self.glossary = glossary
        # a glossary used only as the word aligner's prior (its terms are not aligned)
        self.alignment_glossary = alignment_glossary if alignment_glossary is not None else glossary
        self.terms = _user_term_list(terms) if terms is not None else []
        self.method = method
        self.lexicon_arg = lexicon
        self.max_len = max_len
        self.consistency = consistency
        self.min_score = min_score
        self.split_at_terms = split_at_terms
        self.lexical = lexical
        self.abbreviations = abbreviations
        self._glosses: Optional[_GlossSource] = None
        self._evidence_cache: Dict[Tuple[str, Optional[str]], object] = {}
        self._zh_matcher = None
        self._en_matcher = None
        if glossary is not None:
            from ..matching import TermMatcher

            self._zh_matcher = TermMatcher(glossary, lang="zh")
            self._en_matcher = TermMatcher(glossary, lang="en")
        self._lex: Optional[_ZhLexicon] = None

    def _lexicon(self) -> _ZhLexicon:
        if self._lex is None:
            from .sentence import _load_lexicon

            lex, _ = _load_lexicon(self.lexicon_arg)
            self._lex = _ZhLexicon(lex, self.glossary)
        return self._lex

    def _gloss_source(self) -> _GlossSource:
        if self._glosses is None:
            self._glosses = _GlossSource(self._lexicon(), self.lexicon_arg, self.glossary,
                                         characters=self.lexical == "graded", abbreviations=self.abbreviations)
        return self._glosses

    def _evidence(self, zh_text: str, entry_id: Optional[str]):
        key = (normalize_zh(zh_text).text, entry_id)
        hit = self._evidence_cache.get(key)
        if hit is None:
            if self.lexical == "words":
                words, allst = self._term_glosses(zh_text, entry_id)
                hit = _WordEvidence(tuple(words), allst)
            else:
                rend: Sequence[str] = ()
                if entry_id is not None and self.glossary is not None:
                    rend = [r.en for r in self.glossary.get(entry_id).renderings]
                hit = self._gloss_source().evidence(zh_text, rend)
            self._evidence_cache[key] = hit
        return hit

    # -- helpers ------------------------------------------------------------
    def _term_glosses(self, zh_text: str, entry_id: Optional[str]) -> Tuple[List[FrozenSet[str]], FrozenSet[str]]:
        """Gloss-stem sets of the term's dictionary words, and the union with its renderings' stems."""
        lex = self._lexicon()
        words = lex.words(zh_text)
        allst: Set[str] = set()
        for w in words:
            allst |= w
        if entry_id is not None and self.glossary is not None:
            entry = self.glossary.get(entry_id)
            rs: Set[str] = set()
            for r in entry.renderings:
                rs |= {stem(w) for w in re.findall(r"[A-Za-z]+", r.en) if w.lower() not in _EN_STOP}
            if rs:
                words = words + [frozenset(rs)]
                allst |= rs
        return words, frozenset(allst)

    @staticmethod
    def _is_edge_ok(tok: str) -> bool:
        low = tok.lower()
        return not (_PUNCT_RE.match(tok) or low in EDGE_WORDS)

    def _candidates(self, en_toks, zh_idx: Set[int], links_by_en: Dict[int, Set[int]],
                    ev, n_zh_tokens: int, outside_keys: FrozenSet[str] = frozenset()):
        """Scored candidate spans (score, a, b, dictionary coverage) over English token indexes, b inclusive."""
        n = len(en_toks)
        linked = {j for j, zs in links_by_en.items() if zs & zh_idx}
        key_of = stems_of if self.lexical == "words" else _word_keys
        stems = [key_of(t.text) for t in en_toks]
        content = [self._is_edge_ok(t.text) for t in en_toks]
        acr = [_acronym(t.text) if self.lexical == "graded" else None for t in en_toks]
        is_acr = [acr[j] is not None and acr[j] in ev.initials for j in range(n)]
        lexhit = [content[j] and (bool(stems[j] & ev.keys) or is_acr[j]) for j in range(n)]
        strong = [content[j] and (bool(stems[j] & ev.strong_keys) or is_acr[j]) for j in range(n)]
        # a linked particle may end a span ("set up"); it then counts as content
        right_ok = [content[j] or (j in linked and en_toks[j].text.lower() in PARTICLES) for j in range(n)]
        # counted against a span: a word linked only outside the term (unless the term's
        # glosses explain it), or one glossed by a Chinese word outside the term, not
        # linked to the term and not explained by the term's own (strong) glosses
        against = [(bool(links_by_en.get(j)) and not (links_by_en[j] & zh_idx) and not lexhit[j])
                   or (content[j] and not strong[j] and j not in linked and bool(stems[j] & outside_keys))
                   for j in range(n)]
        max_len = min(self.max_len, max(4, 3 * n_zh_tokens + 2))
        cands = []
        for a in range(n):
            if not content[a]:
                continue
            for b in range(a, min(n, a + max_len)):
                if _PUNCT_RE.match(en_toks[b].text) and en_toks[b].text not in "-'’":
                    break  # a span never crosses punctuation
                if not right_ok[b]:
                    continue
                span = range(a, b + 1)
                n_content = sum(1 for j in span if right_ok[j]) or 1
                link_rec = (sum(1 for j in span if j in linked) / len(linked)) if linked else 0.0
                toks = [(stems[j], acr[j]) for j in span if content[j]]
                lex_cov = ev.coverage(toks)
                if link_rec == 0 and ev.coverage(toks, weak=False) == 0:
                    continue  # abbreviation glosses extend a span, they never anchor one
                explained = sum(1 for j in span if right_ok[j] and (j in linked or lexhit[j])) / n_content
                outside = sum(1 for j in span if against[j]) / n_content
                score = link_rec + lex_cov + 0.5 * explained - outside
                if link_rec == 0 and lex_cov == 0:
                    continue
                cands.append((score, a, b, lex_cov))
        return cands

    # -- main -----------------------------------------------------------------
    def align(self, pairs: Sequence[Tuple[str, str]], *, word_alignments=None) -> List[TermAlignment]:
        pairs = _check_pairs(pairs)
        occs = [find_term_occurrences(zh, zh_matcher=self._zh_matcher, user_terms=self.terms) for zh, _ in pairs]
        if word_alignments is None:
            word_alignments = self._word_align(pairs, occs)
        elif len(word_alignments) != len(pairs):
            raise InputError(f"got {len(word_alignments)} word alignments for {len(pairs)} pairs",
                             field="word_alignments")
        from .tokenize import tokenize_en

        # first pass: per occurrence, the known rendering or the scored candidates
        plan = []  # (line, occ, zh, en, en_toks, known (a, b, status) or None, cands, free tokens)
        for n, ((zh, en), occ_list) in enumerate(zip(pairs, occs)):
            wa = word_alignments[n] if word_alignments is not None else None
            en_toks = list(wa.tgt_tokens) if wa is not None else tokenize_en(en)
            zh_toks = list(wa.src_tokens) if wa is not None else []
            links_by_en: Dict[int, Set[int]] = defaultdict(set)
            links_by_zh: Dict[int, Set[int]] = defaultdict(set)
            if wa is not None:
                for i, j in wa.links:
                    links_by_en[j].add(i)
                    links_by_zh[i].add(j)
            known = self._known_renderings(en, occ_list, en_toks)
            for k, oc in enumerate(occ_list):
                zh_idx = {i for i, t in enumerate(zh_toks) if t.start < oc.end and oc.start < t.end}
                ev = self._evidence(zh[oc.start:oc.end], oc.entry_id)
                outside = (self._gloss_source().outside_keys(zh[:oc.start] + "，" + zh[oc.end:])
                           if self.lexical == "graded" else frozenset())
                cands = self._candidates(en_toks, zh_idx, links_by_en, ev, max(1, len(zh_idx)), outside)
                # unlinked content words no Chinese word outside the term glosses
                free = frozenset(j for j, t in enumerate(en_toks) if wa is not None and not links_by_en.get(j)
                                 and self._is_edge_ok(t.text) and not (_word_keys(t.text) & outside))
                kn = known.get(k)
                if kn is not None:
                    a, b, status = kn
                    extra = self._extra_ranges(zh, oc)
                    if extra:
                        extra_idx = {i for i, t in enumerate(zh_toks)
                                     if any(t.start < e and s < t.end for s, e in extra)}
                        a, b = self._extend(a, b, en_toks, extra_idx, links_by_en)
                    kn = (a, b, status)
                plan.append((n, oc, zh, en, en_toks, kn, cands, free))
        # consistency: most frequent span text per term over the corpus (first pass choices)
        choice_counts: Dict[str, Counter] = defaultdict(Counter)
        first: List[Optional[Tuple[int, int]]] = []
        for n, oc, zh, en, en_toks, kn, cands, _free in plan:
            key = normalize_zh(zh[oc.start:oc.end]).text
            if kn is not None:
                span = (kn[0], kn[1])
            elif cands:
                best = max(cands, key=self._rank)
                span = (best[1], best[2]) if best[0] >= self.min_score else None
            else:
                span = None
            first.append(span)
            if span is not None:
                text = en[en_toks[span[0]].start:en_toks[span[1]].end]
                choice_counts[key][normalize_en(text).text] += 1
        out: List[TermAlignment] = []
        for (n, oc, zh, en, en_toks, kn, cands, free), span in zip(plan, first):
            key = normalize_zh(zh[oc.start:oc.end]).text
            zh_text = zh[oc.start:oc.end]
            if kn is not None:
                a, b, status = kn
                s, e = _balance_quotes(en, en_toks[a].start, en_toks[b].end)
                out.append(TermAlignment(n + 1, zh_text, oc.start, oc.end, en[s:e], s, e, 1.0, status,
                                         oc.entry_id, oc.kind, "rendering"))
                continue
            best = None
            if cands:
                counts = choice_counts.get(key, Counter())
                scored = []
                for sc, a, b, lc in cands:
                    if self.consistency and counts:
                        text = normalize_en(en[en_toks[a].start:en_toks[b].end]).text
                        own = 1 if span is not None and (a, b) == span else 0
                        others = counts.get(text, 0) - own
                        if others > 0:
                            sc += 0.5
                    scored.append((sc, a, b, lc))
                best = max(scored, key=self._rank)
            if best is None or best[0] < self.min_score:
                out.append(TermAlignment(n + 1, zh_text, oc.start, oc.end, None, None, None, 0.0, "unaligned",
                                         oc.entry_id, oc.kind, "none"))
                continue
            sc, a, b, _lc = best
            if (self.lexical == "graded" and a - 1 in free and _nominal(en_toks[a - 1].text)
                    and _nominal(en_toks[a].text)):
                a -= 1  # an unlinked modifier of the span's noun phrase ("power grid")
            s, e = _balance_quotes(en, en_toks[a].start, en_toks[b].end)
            text = en[s:e]
            status = self._status_of(oc.entry_id, text)
            conf = round(min(1.0, max(0.0, sc / 2.5)), 4)
            out.append(TermAlignment(n + 1, zh_text, oc.start, oc.end, text, s, e, conf, status,
                                     oc.entry_id, oc.kind, "alignment"))
        return out

    def _rank(self, c):
        """Best candidate: highest score, then (graded evidence) the most dictionary
        coverage, then the shortest span."""
        if self.lexical == "graded":
            return (round(c[0], 9), round(c[3], 9), -(c[2] - c[1]))
        return (c[0], -(c[2] - c[1]))

    def _word_align(self, pairs, occs):
        if self.method in (None, "none"):
            return None
        from .word import align_tokens, align_words, get_word_aligner, tokenize_pairs, word_aligners

        name = word_aligners.resolve(self.method)
        if not self.split_at_terms or name not in ("ibm1-hmm.v1", "ibm1.v1"):
            # User terms are not added to the Chinese segmenter: one token per user term
            # gave fewer useful links (exact F1 0.80 against 0.85 on the test set).
            return align_words(list(pairs), method=self.method, glossary=self.alignment_glossary)
        # The segmenter's tokens are cut where a term occurrence begins or ends (处理厂 in
        # 污水处理厂 -> 处理 | 厂), so no link of a word outside the term is taken for a
        # link of the term; the segmentation inside the term is left as it is.
        toks = tokenize_pairs(list(pairs), glossary=self.alignment_glossary)
        toks = [(_split_tokens(zt, occ), et) for (zt, et), occ in zip(toks, occs)]
        aligner = get_word_aligner(name, glossary=self.alignment_glossary)
        return align_tokens(toks, aligner=aligner)

    def _known_renderings(self, en: str, occ_list: List[_Occurrence], en_toks) -> Dict[int, Tuple[int, int, str]]:
        """occurrence index -> (first token, last token, status) of a rendering of its entry."""
        if self._en_matcher is None or not occ_list:
            return {}
        matches = self._en_matcher.find(en, all_matches=True)
        by_entry: Dict[str, List] = defaultdict(list)
        for m in matches:
            by_entry[m.entry_id].append(m)
        out: Dict[int, Tuple[int, int, str]] = {}
        used: Set[Tuple[int, int]] = set()
        for k, oc in enumerate(occ_list):
            if oc.entry_id is None:
                continue
            cands = [m for m in by_entry.get(oc.entry_id, []) if not any(
                m.start < ue and us < m.end for us, ue in used)]
            if not cands:
                continue
            # earliest start, then longest
            cands.sort(key=lambda m: (m.start, -(m.end - m.start)))
            m = cands[0]
            tok = _tokens_in(en_toks, m.start, m.end)
            if tok is None:
                continue
            used.add((m.start, m.end))
            out[k] = (tok[0], tok[1], m.status.value)
        return out

    def _extra_ranges(self, zh: str, oc: _Occurrence) -> List[Tuple[int, int]]:
        """Chinese offsets of the material a matched variant adds to a shorter form of
        its entry (推动构建 in 推动构建人类命运共同体)."""
        if oc.entry_id is None or self.glossary is None:
            return []
        entry = self.glossary.get(oc.entry_id)
        sub = zh[oc.start:oc.end]
        norm = normalize_zh(sub)
        best: Optional[Tuple[int, int]] = None
        for f in entry.zh_forms:
            key = normalize_zh(f).text.strip()
            if not key or len(key) >= len(norm.text):
                continue
            pos = norm.text.find(key)
            if pos >= 0 and (best is None or len(key) > best[1] - best[0]):
                best = (pos, pos + len(key))
        if best is None:
            return []
        s, e = norm.span_to_original(*best)
        out = []
        if s > 0:
            out.append((oc.start, oc.start + s))
        if e < len(sub):
            out.append((oc.start + e, oc.end))
        return out

    def _extend(self, a: int, b: int, en_toks, zh_idx: Set[int], links_by_en: Dict[int, Set[int]]) -> Tuple[int, int]:
        """Grow a rendering span over nearby content words linked to ``zh_idx``
        (up to two function words may lie in between: "build a [community ...]")."""
        def linked(j: int) -> bool:
            return bool(links_by_en.get(j, set()) & zh_idx) and self._is_edge_ok(en_toks[j].text)

        changed = True
        while changed:
            changed = False
            for gap in (0, 1, 2):
                j = a - 1 - gap
                if j < 0 or any(_PUNCT_RE.match(en_toks[x].text) for x in range(j, a)):
                    break
                if linked(j) and all(not self._is_edge_ok(en_toks[x].text) for x in range(j + 1, a)):
                    a, changed = j, True
                    break
            for gap in (0, 1, 2):
                j = b + 1 + gap
                if j >= len(en_toks) or any(_PUNCT_RE.match(en_toks[x].text) for x in range(b + 1, j + 1)):
                    break
                if linked(j) and all(not self._is_edge_ok(en_toks[x].text) for x in range(b + 1, j)):
                    b, changed = j, True
                    break
        return a, b

    def _status_of(self, entry_id: Optional[str], text: str) -> str:
        if entry_id is None or self.glossary is None:
            return "new"
        from ..matching.matcher import english_variants

        key = normalize_en(text).text.strip()
        entry = self.glossary.get(entry_id)
        for r in entry.renderings:
            if key in english_variants(r.en):
                return r.status.value
        return "new"

    def signature(self) -> str:
        from .._version import __version__

        gl = self.glossary.signature() if self.glossary is not None else "none"
        if self.alignment_glossary is not None and self.alignment_glossary is not self.glossary:
            gl += f"|alignment-prior:{self.alignment_glossary.signature()}"
        lex = self.lexicon_arg if isinstance(self.lexicon_arg, str) else ("mapping" if self.lexicon_arg else "none")
        abbr = f"|abbreviations:{self.abbreviations}" if self.lexical == "graded" else ""
        return (f"term-aligner:{self.name}|word-aligner:{self.method}|lexicon:{lex}|max_len:{self.max_len}|"
                f"consistency:{self.consistency}|min_score:{self.min_score:g}|lexical:{self.lexical}{abbr}|"
                f"split_at_terms:{self.split_at_terms}|user_terms:{len(self.terms)}|"
                f"glossary:{gl}|bri_align:{__version__}")


_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}


def _balance_quotes(text: str, s: int, e: int) -> Tuple[int, int]:
    """Take the closing quote along when the span opens a quote it does not close."""
    span = text[s:e]
    if e < len(text):
        nxt = text[e]
        if nxt == '"' and span.count('"') % 2 == 1:
            return s, e + 1
        for op, cl in _PAIRS.items():
            if nxt == cl and span.count(op) > span.count(cl):
                return s, e + 1
    return s, e


@functools.lru_cache(maxsize=50_000)
def _nominal(tok: str) -> bool:
    """A word that can be a noun or an adjective (lemminflect), or one it does not know."""
    if not tok.replace("-", "").isalpha():
        return False
    from lemminflect import getAllLemmas

    pos = getAllLemmas(tok.lower())
    return not pos or "NOUN" in pos or "ADJ" in pos or "PROPN" in pos


def _acronym(tok: str) -> Optional[str]:
    m = _ACRONYM_RE.match(tok)
    return m.group(1) if m else None


def _split_tokens(toks, occs) -> list:
    """Cut tokens at the edges of the occurrences (offsets kept)."""
    from .tokenize import Token

    cuts = sorted({o.start for o in occs} | {o.end for o in occs})
    out = []
    for t in toks:
        inner = [c for c in cuts if t.start < c < t.end]
        if not inner:
            out.append(t)
            continue
        bounds = [t.start] + inner + [t.end]
        for s, e in zip(bounds, bounds[1:]):
            out.append(Token(t.text[s - t.start:e - t.start], s, e))
    return out


def _tokens_in(toks, start: int, end: int) -> Optional[Tuple[int, int]]:
    idx = [k for k, t in enumerate(toks) if t.start < end and start < t.end]
    if not idx:
        return None
    a, b = idx[0], idx[-1]
    while a <= b and _PUNCT_RE.match(toks[a].text):
        a += 1
    while b >= a and _PUNCT_RE.match(toks[b].text):
        b -= 1
    return (a, b) if a <= b else None


def _check_pairs(pairs) -> List[Tuple[str, str]]:
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence):
        raise InputError(f"pairs must be a list of (zh, en) tuples, got {type(pairs).__name__}", field="pairs")
    out = []
    for n, p in enumerate(pairs):
        if not isinstance(p, (tuple, list)) or len(p) != 2 or not all(isinstance(x, str) for x in p):
            raise InputError(f"pair {n + 1} is not a (zh, en) tuple of two strings", field="pairs")
        out.append((p[0], p[1]))
    return out


def align_terms(pairs: Sequence[Tuple[str, str]], *, glossary=None, terms: Optional[Iterable[str]] = None,
                word_alignments=None, method: str = "default", lexicon="cedict", max_len: int = 12,
                consistency: bool = True, min_score: float = 0.3, alignment_glossary=None,
                lexical: str = "graded", split_at_terms: bool = True,
                abbreviations: int = 15) -> List[TermAlignment]:
    """Align every Chinese term occurrence in ``pairs`` to the English span that renders it.

    ``glossary``: a :class:`~bri_align.Glossary` (its terms are found with TermMatcher);
    ``terms``: a plain list of Chinese terms with no English; give one or both.
    ``word_alignments``: one :class:`~bri_align.align.word.WordAlignment` per pair, or
    None to compute them with ``align_words(pairs, method=method, glossary=glossary)``
    (``method="none"``: dictionary evidence only).  ``alignment_glossary``: a glossary
    used only as the word aligner's prior (default: ``glossary``), e.g. the bundled
    termbase while aligning a user's term list.  ``lexical``: ``"graded"`` dictionary
    coverage (units, character and abbreviation glosses, see the module docstring) or
    ``"words"`` (version 1: a dictionary word counts once any gloss word appears);
    ``abbreviations``: how many frequent words a lone character of a term may stand
    for (0: none); ``split_at_terms``: cut the aligner's Chinese tokens at term edges
    (IBM-1/HMM aligners).  Results are in pair order, then by Chinese offset;
    ``line`` is the 1-based index of the pair.
    """
    aligner = TermAligner(glossary=glossary, terms=terms, method=method, lexicon=lexicon, max_len=max_len,
                          consistency=consistency, min_score=min_score, alignment_glossary=alignment_glossary,
                          lexical=lexical, split_at_terms=split_at_terms, abbreviations=abbreviations)
    return aligner.align(pairs, word_alignments=word_alignments)


def signature(**options) -> str:
    return TermAligner(**options).signature()


# ------------------------------------------------------------------------- I/O
def read_parallel(zh_path, en_path) -> List[Tuple[str, str]]:
    """Line-parallel Chinese and English files -> pairs, with located errors:
    missing or empty files, invalid UTF-8, different line counts, swapped languages."""
    from ..io import read_lines
    from ..text.lang import check_language

    zh = read_lines(zh_path, what="Chinese file")
    en = read_lines(en_path, what="English file")
    check_language("\n".join(zh), "zh", path=str(zh_path), what="Chinese file")
    check_language("\n".join(en), "en", path=str(en_path), what="English file")
    if len(zh) != len(en):
        raise InputError(
            f"has {len(en)} lines but the Chinese file {zh_path} has {len(zh)}; "
            "the files must be line-parallel (one sentence pair per line)",
            path=str(en_path),
        )
    return list(zip(zh, en))


def read_terms(path) -> List[str]:
    """A user term list: one Chinese term per line; blank lines and '#' comments skipped."""
    from ..io import read_lines

    out = []
    for n, line in enumerate(read_lines(path, what="term list"), 1):
        t = line.strip()
        if not t or t.startswith("#"):
            continue
        if "\t" in t:
            raise InputError("a term list has one Chinese term per line and no tabs "
                             "(English renderings belong in a glossary)", path=str(path), line=n)
        out.append(t)
    if not out:
        raise InputError("term list has no terms; give one Chinese term per line", path=str(path))
    return out
