"""Aho-Corasick term matching over normalised text (layer L2).

``TermMatcher(glossary, lang="zh")`` compiles every Chinese form of every entry
(``lang="en"``: every English rendering plus its inflected forms) into one
pyahocorasick automaton over *normalised* keys (see :mod:`bri_align.text.normalize`),
scans a text once, and reports each hit with offsets into the ORIGINAL text.

By default the result is the leftmost-longest set of non-overlapping matches
(共建“一带一路” wins over 一带一路 when both are entries); ``all_matches=True``
returns every hit, nested and overlapping ones included.

On a long Chinese text the work after the scan (word boundaries, selection, offset
mapping) runs in numpy over all hits at once; tests check that both paths agree.
"""

from __future__ import annotations

import codecs
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from typing import (
    TYPE_CHECKING,
    Dict,
    Iterable,
    Iterator,
    List,
    Literal,
    Optional,
    Sequence,
    Tuple,
)

from ..errors import InputError
from ..glossary.model import Glossary, Status
from ..signature import format_signature
from ..text.normalize import (
    CLOSING_QUOTES,
    Normalized,
    normalize_en,
    normalize_zh,
    normalize_zh_codes,
    spans_to_original_arrays,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["MATCHER_VERSIONS", "MatchTable", "TermMatch", "TermMatcher", "english_variants", "extend_closing_quote"]

Lang = Literal["zh", "en"]

# In signatures. Chinese v2: traditional characters folded one by one, not phrase by phrase.
MATCHER_VERSIONS = {"zh": "aho-corasick.v2", "en": "aho-corasick.v1"}


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a glossary form in a text."""

    entry_id: str
    lang: str
    start: int  # offset into the original text (inclusive)
    end: int  # offset into the original text (exclusive)
    text: str  # original[start:end]
    form: str  # the glossary form that matched (Chinese form or English rendering)
    status: Status  # status of that form (Chinese variants count as admitted)
    alternatives: Tuple[str, ...] = ()  # other entries with the same form

    def to_dict(self) -> Dict[str, object]:
        return {
            "entry_id": self.entry_id,
            "lang": self.lang,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "form": self.form,
            "status": self.status.value,
            "alternatives": list(self.alternatives),
        }

    @classmethod
    def from_dict(cls, d: Dict[str, object]) -> "TermMatch":
        return cls(
            entry_id=str(d["entry_id"]), lang=str(d["lang"]), start=int(d["start"]),  # type: ignore[arg-type]
            end=int(d["end"]), text=str(d["text"]), form=str(d["form"]),  # type: ignore[arg-type]
            status=Status(d["status"]), alternatives=tuple(d.get("alternatives", ()) or ()),  # type: ignore[arg-type]
        )


_new_object = object.__new__


def _new_match(head: Tuple[str, str, Status, Tuple[str, ...]], lang: str, start: int, end: int,
               text: str) -> TermMatch:
    """The matcher's constructor for long texts: the same object as ``TermMatch(...)`` (whose
    ``__init__`` only assigns) from a key's ``(entry_id, form, status, alternatives)``,
    without the frozen ``__setattr__`` detour per field, which is most of the cost of
    building tens of thousands of matches."""
    self = _new_object(TermMatch)
    d = self.__dict__
    entry_id, form, status, alternatives = head
    d["entry_id"] = entry_id
    d["lang"] = lang
    d["start"] = start
    d["end"] = end
    d["text"] = text
    d["form"] = form
    d["status"] = status
    d["alternatives"] = alternatives
    return self


@dataclass(frozen=True, eq=False)
class MatchTable:
    """Matches as columns, for callers that format tens of thousands of them (the CLI):
    ``start`` and ``end`` (numpy int64 arrays of offsets into ``original``, the text that was
    searched) and ``head``, per match an index into ``heads`` of the matched key's
    ``(entry_id, form, status, alternatives)``, which many matches share, so whatever a
    caller derives from a key (a formatted suffix, a JSON fragment) is computed once per key
    instead of once per match. ``keys[h]``, where known, is the normalised glossary key that
    ``heads[h]`` was found by (None for a table built from :class:`TermMatch` objects).
    :meth:`matches` gives the same :class:`TermMatch` list as :meth:`TermMatcher.find`."""

    lang: str
    original: str
    start: "np.ndarray"
    end: "np.ndarray"
    head: "np.ndarray"
    heads: Sequence[Tuple[str, str, Status, Tuple[str, ...]]]
    keys: Optional[Sequence[str]] = None

    def __len__(self) -> int:
        return int(self.start.size)

    def texts(self) -> List[str]:
        """``original[start:end]`` of each match."""
        original = self.original
        return [original[s:e] for s, e in zip(self.start.tolist(), self.end.tolist())]

    def matches(self) -> List[TermMatch]:
        return list(map(_new_match, map(self.heads.__getitem__, self.head.tolist()), repeat(self.lang),
                        self.start.tolist(), self.end.tolist(), self.texts()))

    @classmethod
    def from_matches(cls, lang: str, original: str, matches: Sequence[TermMatch]) -> "MatchTable":
        """The table of ``matches`` found in ``original``, one head per match."""
        import numpy as np  # a core dependency

        heads = [(m.entry_id, m.form, m.status, m.alternatives) for m in matches]
        return cls(lang, original, np.array([m.start for m in matches], dtype=np.int64),
                   np.array([m.end for m in matches], dtype=np.int64),
                   np.arange(len(matches), dtype=np.int64), heads)


# -------------------------------------------------------------- English variants
def _number_forms(word: str) -> List[str]:
    """The other grammatical number of a head noun: plural of a singular, singular of a plural."""
    try:
        from lemminflect import getAllLemmas, getInflection
    except ImportError:  # pragma: no cover - lemminflect is a core dependency
        return []
    lemmas = getAllLemmas(word, upos="NOUN").get("NOUN", ())
    if lemmas and word not in lemmas:  # already plural: "countries" -> "country"
        return sorted({lemma.lower() for lemma in lemmas if lemma.isalpha()})
    out = set(getInflection(word, tag="NNS") or ())
    if not out:
        if word.endswith(("s", "x", "z", "ch", "sh")):
            out.add(word + "es")
        elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
            out.add(word[:-1] + "ies")
        else:
            out.add(word + "s")
    return sorted(o.lower() for o in out if o and o.isalpha() and o.lower() != word)


def _verb_forms(word: str) -> List[str]:
    try:
        from lemminflect import getAllInflections, getAllLemmas
    except ImportError:  # pragma: no cover
        return []
    lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
    if word not in lemmas:
        # only a base form is inflected: "go global" -> "going global", while
        # "developed countries" must not become "developing countries"
        return []
    forms = set()
    for lemma in lemmas:
        for tag_forms in getAllInflections(lemma, upos="VERB").values():
            forms.update(f.lower() for f in tag_forms)
        forms.add(lemma.lower())
    return sorted(f for f in forms if f.isalpha())


def _pos(word: str) -> Dict[str, bool]:
    try:
        from lemminflect import getAllLemmas
    except ImportError:  # pragma: no cover
        return {}
    return {upos: bool(getAllLemmas(word, upos=upos)) for upos in ("VERB", "NOUN", "ADJ")}


def english_variants(rendering: str) -> List[str]:
    """Normalised keys for a rendering: itself, the other number of its head noun, and,
    for a verb phrase, the inflections of its verb ("go global" -> "going global")."""
    key = normalize_en(rendering).text.strip()
    if not key:
        return []
    out = {key}
    words = key.split(" ")
    raw_words = rendering.split()
    # head noun: the word before the first "of" ("economies of scale"), else the last word
    head_i = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    head = words[head_i]
    raw_head = raw_words[head_i] if len(raw_words) == len(words) else head
    if head.isalpha() and len(head) > 2 and not raw_head.isupper():
        pos = _pos(head)
        if pos.get("NOUN") or not any(pos.values()):
            for form in _number_forms(head):
                out.add(" ".join(words[:head_i] + [form] + words[head_i + 1:]))
    first = words[0]
    if (len(words) > 1 and first.isalpha() and len(first) >= 2 and rendering[:1].islower()
            and words[1] not in ("of", "and", "or")):
        pos = _pos(first)
        if pos.get("VERB") and not pos.get("ADJ"):
            for v in _verb_forms(first):
                out.add(" ".join([v] + words[1:]))
    return sorted(out)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_QUOTE_RE = re.compile("[\"'‘’“”「」『』〝〞〟《》〈〉]")


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and ord(ch) < 0x2E80


def _apostrophe(span: str, k: int) -> bool:
    """An apostrophe sits between two Latin letters ("China's"); between Chinese characters
    (高质量共建‘一带一路’) the same character is a quotation mark."""
    return 0 < k < len(span) - 1 and _latin_letter(span[k - 1]) and _latin_letter(span[k + 1])


_OPENERS = "“「『〝《〈"
_CLOSERS = "”」』〞〟》〉"
_STRAIGHT_RE = re.compile("[\"'‘’]")  # the quotes that may be apostrophes or either side


def extend_closing_quote(original: str, o_start: int, o_end: int) -> Tuple[int, int]:
    """A span that holds an opening quote takes its closing quote along
    (共建“一带一路 -> 共建“一带一路”)."""
    # the quotation marks inside the span, found by one search (a span holds one or two)
    quotes = _QUOTE_RE.findall(original, o_start, o_end)
    if not quotes:
        return o_start, o_end
    span = original[o_start:o_end]
    opened = closed = straight = 0
    first_closing = None  # the first straight or right single quote that is no apostrophe
    if _STRAIGHT_RE.search("".join(quotes)):
        for m in _QUOTE_RE.finditer(span):
            k, ch = m.start(), m.group()
            if ch in _OPENERS:
                opened += 1
            elif ch in _CLOSERS:
                closed += 1
            else:  # " ' ‘ ’
                apostrophe = _apostrophe(span, k)
                if ch == '"' or not apostrophe:
                    straight += 1
                if first_closing is None and ch != "‘" and not apostrophe:
                    first_closing = k
    else:  # curly quotes and brackets only (most spans): just count them
        for ch in quotes:
            if ch in _OPENERS:
                opened += 1
            else:
                closed += 1
    # ... and a span that holds a closing quote takes its opening quote along
    # ("15th Five-Year Plan” period" -> "“15th Five-Year Plan” period").
    if closed > opened and o_start > 0 and original[o_start - 1] in _OPENERS:
        o_start -= 1
        opened += 1
    if straight % 2 == 1 and o_start > 0 and original[o_start - 1] in "\"'‘":
        # the quote inside closes: its opener is before us (an opening ‘ inside closes nothing)
        k = first_closing
        if k is not None and k > 0 and span[k - 1].isalnum():
            o_start -= 1
            straight += 1
    while o_end < len(original) and original[o_end] in CLOSING_QUOTES:
        ch = original[o_end]
        if ch in "\"'’" and straight % 2 == 1:
            straight += 1
        elif ch not in "\"'’" and opened > closed:
            closed += 1
        else:
            break
        o_end += 1
    return o_start, o_end


# ------------------------------------------------------------------- matcher
def _wide(text: str) -> str:
    """``text`` as UTF-32 code units, one Latin-1 character per byte (see TermMatcher)."""
    # surrogatepass: a lone surrogate in a str (never in decoded text) is one code unit
    # like any other, so find() never raises and offsets stay one per character
    return text.encode("utf-32-be", "surrogatepass").decode("latin-1")


def _leftmost_longest(hit: Tuple[int, int, int]) -> Tuple[int, int]:
    return hit[0], hit[0] - hit[1]


def _leftmost_longest_chosen(start, end):
    """Which hits (numpy arrays sorted by start, longest first) the greedy leftmost-longest
    selection keeps: a hit that starts at or after every earlier hit's end is kept; only
    the others ("contested", a few per cent) need the sequential rule, replayed from the
    last kept hit before them."""
    import numpy as np

    n = start.size
    earlier_end = np.maximum.accumulate(end)
    free = np.ones(n, dtype=bool)
    free[1:] = start[1:] >= earlier_end[:-1]
    chosen = free.copy()
    contested = np.flatnonzero(~free)
    if contested.size:
        head_of = np.maximum.accumulate(np.where(free, np.arange(n), 0))
        # a hit that starts inside the span of the free (so kept) hit before it is never
        # kept: the last kept hit ends there or later. Only the rest (hits that overlap a
        # contested one alone) need the sequential rule.
        contested = contested[start[contested] >= end[head_of[contested]]]
        heads = head_of[contested]
        head = -1
        last_end = -1
        for i, h, h_end, s, e in zip(contested.tolist(), heads.tolist(), end[heads].tolist(),
                                     start[contested].tolist(), end[contested].tolist()):
            if h != head:
                head, last_end = h, h_end
            if s >= last_end:
                chosen[i] = True
                last_end = e
    return chosen


def _ascii_alnum(codes):
    """:func:`_is_ascii_alnum` of an array of code points."""
    return (((codes >= 48) & (codes <= 57)) | ((codes >= 65) & (codes <= 90))
            | ((codes >= 97) & (codes <= 122)))


@lru_cache(maxsize=1)
def _quote_kinds():
    """Per BMP code point: 1 an opening curly quote or bracket, 2 a closing one, 3 a
    quote that may be either or an apostrophe (" ' ‘ ’), 4 a closing quote that
    :func:`extend_closing_quote` takes along after a span only (»), else 0."""
    import numpy as np

    kinds = np.zeros(0x10000, dtype=np.uint8)
    for chars, kind in ((_OPENERS, 1), (_CLOSERS, 2), ("\"'‘’", 3), ("»", 4)):
        kinds[[ord(c) for c in chars]] = kind
    return kinds


def _extend_closing_quotes(original: str, o_start, o_end, rows):
    """:func:`extend_closing_quote` of the spans ``rows`` of ``o_start``/``o_end`` (numpy
    arrays, changed in place and returned): spans whose quotes are curly ones only (most)
    all at once; those with a straight or single quote, whose sides depend on the letters
    around them, one by one."""
    import numpy as np

    kinds = _quote_kinds()
    codes = np.frombuffer((original + "\x00").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    def kind(at):  # of the characters at offsets ``at`` (the NUL after the text: 0)
        found = codes[at]
        return kinds[np.minimum(found, 0xFFFF)] * (found <= 0xFFFF)  # astral: none is a quote

    s, e = o_start[rows], o_end[rows]
    lengths = e - s
    first = np.cumsum(lengths) - lengths
    inside = kind(np.repeat(s - first, lengths) + np.arange(int(lengths.sum())))
    opened = np.add.reduceat((inside == 1).astype(np.int64), first)
    closed = np.add.reduceat((inside == 2).astype(np.int64), first)
    tricky = np.add.reduceat((inside == 3).astype(np.int64), first) > 0
    for r in rows[tricky].tolist():
        o_start[r], o_end[r] = extend_closing_quote(original, int(o_start[r]), int(o_end[r]))
    curly = np.flatnonzero(~tricky & (opened + closed > 0))
    if curly.size:
        r, s, e, opened, closed = rows[curly], s[curly], e[curly], opened[curly], closed[curly]
        # a span that holds more closing than opening quotes takes the opening one before it
        take = (closed > opened) & (s > 0) & (kind(np.maximum(s - 1, 0)) == 1)
        s[take] -= 1
        opened[take] += 1
        # then the closing quotes after it, while it holds more opening than closing ones
        going = np.ones(r.size, dtype=bool)
        while going.any():
            going &= (opened > closed) & np.isin(kind(e), (2, 4))  # e <= len: the NUL there is 0
            e[going] += 1
            closed[going] += 1
        o_start[r], o_end[r] = s, e
    return o_start, o_end


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# From this many characters on, :meth:`TermMatcher.find` does its per-hit arithmetic with
# numpy (Chinese, leftmost-longest); below, numpy's per-call cost outweighs its speed.
_VECTOR_MIN = 2048


def _check_glossary(glossary: object) -> None:
    if not isinstance(glossary, Glossary):
        raise InputError(f"a TermMatcher needs a Glossary, got {type(glossary).__name__}; load one first "
                         "(bri_align.load_termbase(path), or bri_align.glossary.as_glossary)", field="glossary")


class TermMatcher:
    """Find glossary terms in Chinese (``lang="zh"``) or English (``lang="en"``) text."""

    @classmethod
    def for_glossary(cls, glossary: Glossary, *, lang: Lang = "zh", inflections: bool = True) -> "TermMatcher":
        """The one matcher of ``glossary`` for ``lang``: built on first use and kept with the
        glossary (a glossary is immutable), so term alignment, QA, post-editing and the
        metrics share one automaton instead of building their own."""
        _check_glossary(glossary)
        cache = glossary.__dict__.setdefault("_matchers", {})
        key = (lang, inflections)
        matcher = cache.get(key)
        if matcher is None:
            matcher = cache[key] = cls(glossary, lang=lang, inflections=inflections)
        return matcher

    def __init__(self, glossary: Glossary, *, lang: Lang = "zh", inflections: bool = True) -> None:
        _check_glossary(glossary)
        if lang not in ("zh", "en"):
            raise InputError(f"unknown language {lang!r}; expected 'zh' or 'en'", field="lang")
        import ahocorasick  # C extension, light; imported when a matcher is built

        self.glossary = glossary
        self.lang = lang
        self.inflections = inflections
        self._payload: Dict[str, List[Tuple[int, str, str, Status, bool]]] = {}
        for e in glossary:
            if lang == "zh":
                forms = [(f, Status.PREFERRED if f == e.zh else Status.ADMITTED) for f in e.zh_forms]
                for form, status in forms:
                    key = normalize_zh(form).text.strip()
                    self._add(key, e.id, form, status)
            else:
                for r in e.renderings:
                    self._add(normalize_en(r.en).text.strip(), e.id, r.en, r.status)
        if lang == "en" and inflections:
            # Inflected forms come second: an exact rendering of one entry beats an
            # inflected form of another, and an entry's own forms keep their status.
            for e in glossary:
                for r in e.renderings:
                    for key in english_variants(r.en):
                        self._add(key, e.id, r.en, r.status, exact=False)
        # Chinese keys go into the automaton as UTF-32 code units (one Latin-1 character per
        # byte): pyahocorasick looks a node's children up one by one, and at the root a
        # thousand Chinese terms start with hundreds of different characters, while their
        # UTF-32 bytes fan out a few ways at each level. Offsets stay exact: byte // 4.
        self._wide = lang == "zh"
        self._automaton = ahocorasick.Automaton()
        # per key, found by the index the automaton stores: (length, check_start, check_end,
        # payload), and the match it reports by default: (entry_id, form, status, alternatives)
        self._keys: List[Tuple[int, bool, bool, tuple]] = []
        self._heads: List[Tuple[str, str, Status, Tuple[str, ...]]] = []
        self._key_texts: List[str] = list(self._payload)  # the normalised key of each index
        self._key_arrays_cache = None  # numpy (length, has a boundary check) per key, built on use
        for key, payload in self._payload.items():
            payload.sort(key=lambda p: (not p[4], p[3].rank, p[1]))
            # Word boundaries: always in English; in Chinese only at a Latin/digit edge
            # (so "AI" does not match inside "MAIL", while 一带一路 matches anywhere).
            check_start = lang == "en" or key[0].isascii() and key[0].isalnum()
            check_end = lang == "en" or key[-1].isascii() and key[-1].isalnum()
            self._automaton.add_word(_wide(key) if self._wide else key, len(self._keys))
            self._keys.append((len(key), check_start, check_end, tuple(payload)))
            self._heads.append((payload[0][1], payload[0][2], payload[0][3], tuple(p[1] for p in payload[1:])))
        if len(self._automaton):
            self._automaton.make_automaton()

    def _add(self, key: str, entry_id: str, form: str, status: Status, *, exact: bool = True) -> None:
        if not key:
            return
        bucket = self._payload.setdefault(key, [])
        if any(p[1] == entry_id for p in bucket):
            return  # one key per entry: the first (best) form wins
        bucket.append((len(key), entry_id, form, status, exact))

    def __len__(self) -> int:
        return len(self._payload)

    def normalize(self, text: str) -> Normalized:
        return normalize_zh(text) if self.lang == "zh" else normalize_en(text)

    def _is_word(self, ch: str) -> bool:
        # English words end at any letter or digit; in Chinese only a Latin letter or
        # digit next to a Latin/digit edge of a term breaks it ("2025" in "制造2025年" is fine).
        return ch.isalnum() if self.lang == "en" else _is_ascii_alnum(ch)

    def _bounded(self, text: str, start: int, end: int, key: tuple) -> bool:
        """Whether a hit of ``key`` at ``[start, end)`` of normalised ``text`` respects the
        key's word boundaries."""
        if key[1] and start > 0 and self._is_word(text[start - 1]):
            return False
        return not (key[2] and end < len(text) and self._is_word(text[end]))

    def _hits(self, norm: Normalized) -> List[Tuple[int, int, int]]:
        """Every hit as (start, end, key index), normalised offsets, in the automaton's order."""
        text = norm.text
        keys = self._keys
        wide = self._wide
        out = []
        append = out.append
        for end, k in self._automaton.iter(_wide(text) if wide else text):
            if wide:
                if end & 3 != 3:
                    continue  # the key's bytes straddle two characters: not a match
                end >>= 2
            end += 1
            key = keys[k]
            start = end - key[0]
            if (key[1] or key[2]) and not self._bounded(text, start, end, key):
                continue
            append((start, end, k))
        return out

    def find(self, text: str, *, all_matches: bool = False) -> List[TermMatch]:
        """Matches in ``text`` with offsets into ``text`` itself."""
        if not isinstance(text, str):
            raise InputError(f"text must be a str, got {type(text).__name__}", field="text")
        if not text or not len(self._automaton):
            return []
        if self._wide and not all_matches and len(text) >= _VECTOR_MIN:
            # Tens of thousands of hits and matches, none in a reference cycle: collecting
            # garbage while they are built only walks the caller's heap again and again (a
            # fifth of the time with a large dictionary loaded), so the collector waits.
            with _gc_paused():
                return self._table_long(text).matches()
        norm = self.normalize(text)
        hits = self._hits(norm)
        hits.sort(key=_leftmost_longest)
        if not all_matches:
            chosen = []
            last_end = -1
            for h in hits:
                if h[0] >= last_end:
                    chosen.append(h)
                    last_end = h[1]
            hits = chosen
        spans = self._original_spans(norm, hits)
        lang = self.lang
        out = []
        for (o_start, o_end), (_, _, k) in zip(spans, hits):
            if all_matches:
                payload = self._keys[k][3]
                ids = [p[1] for p in payload]
                for _, eid, f, st, _ in payload:
                    out.append(TermMatch(eid, lang, o_start, o_end, text[o_start:o_end], f, st,
                                         tuple(a for a in ids if a != eid)))
            else:
                entry_id, form, status, alternatives = self._heads[k]
                out.append(TermMatch(entry_id, lang, o_start, o_end, text[o_start:o_end], form,
                                     status, alternatives))
        return out

    def find_table(self, text: str) -> MatchTable:
        """The leftmost-longest matches of :meth:`find` as a :class:`MatchTable` (columns),
        without building a :class:`TermMatch` per match."""
        if not isinstance(text, str):
            raise InputError(f"text must be a str, got {type(text).__name__}", field="text")
        if self._wide and len(text) >= _VECTOR_MIN and len(self._automaton):
            with _gc_paused():  # as in find: nothing built here is in a reference cycle
                return self._table_long(text)
        return MatchTable.from_matches(self.lang, text, self.find(text))

    def _table_long(self, original: str) -> MatchTable:
        """:meth:`find` (leftmost-longest, Chinese) on a long text: the same matches, with
        the per-hit arithmetic done by numpy instead of a Python step per hit, on the
        normalised text's code points (never made a str)."""
        import numpy as np  # a core dependency; imported only for long texts

        codes, cuts = normalize_zh_codes(original)
        # the scan's (end, key) pairs straight into one integer array: no list of tuples;
        # the automaton reads each code point as 4 bytes (see __init__)
        wide = codecs.latin_1_decode(codes.astype(">u4"))[0]
        flat = np.fromiter(chain.from_iterable(self._automaton.iter(wide)), dtype=np.int64)
        end, k = flat[0::2], flat[1::2]
        aligned = (end & 3) == 3  # else the key's bytes straddle two characters
        if not aligned.all():
            end, k = end[aligned], k[aligned]
        end = (end >> 2) + 1
        length, check_start, check_end = self._key_arrays()
        start = end - length[k]
        checked = np.flatnonzero(check_start[k] | check_end[k])
        if checked.size:  # keys with a Latin/digit edge (few): test their word boundaries
            s, e, kc = start[checked], end[checked], k[checked]
            before = np.where(s > 0, codes[np.maximum(s - 1, 0)], 32)
            after = np.where(e < codes.size, codes[np.minimum(e, codes.size - 1)], 32)
            broken = (check_start[kc] & _ascii_alnum(before)) | (check_end[kc] & _ascii_alnum(after))
            keep = np.ones(k.size, dtype=bool)
            keep[checked[broken]] = False
            start, end, k = start[keep], end[keep], k[keep]
        # leftmost first, then longest first. The scan reports hits in the order of their
        # ends, so in the reversed list hits that start together come longest first, and a
        # stable sort of it by start alone keeps them so (cheaper than sorting on two keys).
        order = (k.size - 1) - np.argsort(start[::-1], kind="stable")
        start, end, k = start[order], end[order], k[order]
        chosen = _leftmost_longest_chosen(start, end)
        start, end, k = start[chosen], end[chosen], k[chosen]
        # offsets into the original text, and the closing quote a span may take along
        o_start, o_end = spans_to_original_arrays(cuts, start, end)
        # every quotation mark is deleted by normalisation, so only a span longer than its
        # normalised form holds one and can take a closing quote along
        longer = np.flatnonzero((o_end - o_start) != (end - start))
        if longer.size:
            o_start, o_end = _extend_closing_quotes(original, o_start.copy(), o_end.copy(), longer)
        return MatchTable("zh", original, o_start, o_end, k, self._heads, self._key_texts)

    def _key_arrays(self):
        """Per key (numpy arrays): its length, and whether its start and its end are
        Latin/digit edges whose word boundary is checked."""
        if self._key_arrays_cache is None:
            import numpy as np

            self._key_arrays_cache = (np.array([key[0] for key in self._keys], dtype=np.int64),
                                      np.array([key[1] for key in self._keys], dtype=bool),
                                      np.array([key[2] for key in self._keys], dtype=bool))
        return self._key_arrays_cache

    def _original_spans(self, norm: Normalized, hits: Sequence[Tuple[int, int, int]]
                        ) -> List[Tuple[int, int]]:
        spans = norm.spans_to_original([h[0] for h in hits], [h[1] for h in hits])
        return [extend_closing_quote(norm.original, o_s, o_e) for o_s, o_e in spans]

    def find_many(self, texts: Iterable[str], *, all_matches: bool = False) -> List[List[TermMatch]]:
        """:meth:`find` of each text of ``texts`` (a list of strings, not one string)."""
        if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
            raise InputError(f"texts must be a list of strings, got {type(texts).__name__}", field="texts")
        return [self.find(t, all_matches=all_matches) for t in texts]

    def signature(self) -> str:
        return format_signature(f"matcher:{MATCHER_VERSIONS[self.lang]}", [
            ("lang", self.lang), ("inflections", self.inflections), ("keys", len(self)),
            ("glossary", self.glossary.signature())])
