"""Candidate terms the termbase lacks, found in the seed documents (layer L3, part of
the glossary build).

Two sources of candidates:

1. **Quoted phrases**: text between “…”, "…", '…', ‘…’, 「…」, 『…』 or 《…》.
   Writers (and MT systems copying them) put slogans, metaphors and document
   titles in quotes: “小而美”, "big freehand", 《建议》.  One occurrence is enough.
2. **Recurring multiword expressions**: English word n-grams (2–5 words, no
   stopword or bare number at either edge, never across punctuation) and Chinese
   n-grams of 1–4 jieba words (at least 2 characters; a single word needs 4),
   seen at least ``min_count`` times.  They are scored with the C-value of
   Frantzi, Ananiadou & Mima (2000, "Automatic recognition of multi-word terms:
   the C-value/NC-value method"):

       C(a) = log2|a| · f(a)                              if a is in no longer candidate
       C(a) = log2|a| · (f(a) − Σ_{b ⊃ a} f(b) / |T_a|)   otherwise

   with |a| in words (English) or characters (Chinese).  A candidate whose every
   occurrence sits inside one longer candidate gets C ≤ 0 and is dropped.

A phrase is *known* (not a candidate) when a termbase form matches all of it, or
when it lies inside a term occurrence.  An n-gram that crosses the edge of a
term occurrence is dropped (it is a fragment); one that contains a whole term
(e.g. "Belt and Road Forum") is kept, with the entry ids it contains.
Interview speaker labels ("Luo Yuze:", "记者：") at the start of a paragraph are
skipped: they are names, not terminology.  A sentence seen before (a headline
repeated as the lead, a repeated paragraph) is counted once.

Ranking: quoted phrases first (by count, then length), then n-grams by C-value.
"""

from __future__ import annotations

import logging
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary import GlossaryLike, as_glossary
from ..matching import TermMatcher
from ..text.normalize import normalize_term
from ..text.segment import Paragraph
from ..text.stopwords import EN_STOPWORDS, ZH_STOPWORDS
from .seeds import SeedDocument

__all__ = ["Candidate", "find_candidates", "candidates_tsv"]

logger = logging.getLogger(__name__)

_QUOTE_PATTERNS = (
    re.compile(r"“([^“”\n]{1,300})”"),
    re.compile(r"‘([^‘’\n]{1,300})’"),
    re.compile(r"「([^「」\n]{1,300})」"),
    re.compile(r"『([^『』\n]{1,300})』"),
    re.compile(r"《([^《》\n]{1,300})》"),
    re.compile(r"\"([^\"\n]{1,300})\""),
    # a straight single quote opens after a non-word character and closes before one,
    # so apostrophes (people's) are not quotes
    re.compile(r"(?<![\w])'(?=[^\s'])([^'\n]{1,300}?)(?<=[^\s'])'(?![\w])"),
)
_EDGE_PUNCT = " \t.,;:!?。，；：！？、…"
_EN_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SPEAKER_EN = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*[:：]\s")
_SPEAKER_ZH = re.compile(r"^([\u3400-\u9fff·]{2,10})[：:]")


@dataclass(frozen=True)
class Candidate:
    """A phrase of the seeds that no termbase entry covers."""

    text: str  # the most frequent surface form
    lang: str
    kind: str  # "quoted" | "ngram"
    count: int
    length: int  # words (English) or characters (Chinese)
    score: float
    files: Tuple[str, ...]
    file: str  # first occurrence
    char_start: int
    char_end: int
    example: str  # sentence of the first occurrence
    contains: Tuple[str, ...] = ()  # ids of termbase entries inside the phrase

    def to_dict(self) -> Dict[str, Any]:
        return {"text": self.text, "lang": self.lang, "kind": self.kind, "count": self.count,
                "length": self.length, "score": round(self.score, 4), "files": list(self.files),
                "file": self.file, "char_start": self.char_start, "char_end": self.char_end,
                "example": self.example, "contains": list(self.contains)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Candidate":
        return cls(text=d["text"], lang=d["lang"], kind=d["kind"], count=int(d["count"]),
                   length=int(d["length"]), score=float(d["score"]), files=tuple(d.get("files", ())),
                   file=d["file"], char_start=int(d["char_start"]), char_end=int(d["char_end"]),
                   example=d.get("example", ""), contains=tuple(d.get("contains", ())))


@dataclass
class _Tally:
    key: str
    lang: str
    kind: str
    length: int
    tokens: Tuple[str, ...]
    count: int = 0
    surfaces: Dict[str, int] = field(default_factory=dict)
    files: Dict[str, None] = field(default_factory=dict)
    first: Optional[Tuple[str, int, int, str]] = None
    contains: Dict[str, None] = field(default_factory=dict)

    def add(self, surface: str, file: str, start: int, end: int, example: str, contains: Iterable[str]) -> None:
        self.count += 1
        self.surfaces[surface] = self.surfaces.get(surface, 0) + 1
        self.files[file] = None
        if self.first is None:
            self.first = (file, start, end, example)
        for c in contains:
            self.contains[c] = None

    def to_candidate(self, score: float) -> Candidate:
        # most frequent surface; ties go to the first seen
        best = max(self.surfaces.items(), key=lambda kv: kv[1])[0]
        assert self.first is not None
        file, start, end, example = self.first
        return Candidate(text=best, lang=self.lang, kind=self.kind, count=self.count, length=self.length,
                         score=score, files=tuple(self.files), file=file, char_start=start, char_end=end,
                         example=example, contains=tuple(self.contains))


# ------------------------------------------------------------------ helpers
def _spans(doc: SeedDocument) -> List[Tuple[int, int, str]]:
    return sorted((o.char_start, o.char_end, o.entry_id) for o in doc.occurrences)


def _relation(spans: Sequence[Tuple[int, int, str]], start: int, end: int) -> Tuple[str, Tuple[str, ...]]:
    """'inside' | 'crossing' | 'free' for [start, end) against term spans, plus contained ids."""
    contained = []
    for s, e, eid in spans:
        if e <= start or s >= end:
            continue
        if s <= start and end <= e:
            return "inside", ()
        if start <= s and e <= end:
            contained.append(eid)
        else:
            return "crossing", ()
    return "free", tuple(OrderedDict.fromkeys(contained))


def _fully_matched(phrase: str, matcher: TermMatcher) -> bool:
    """Does one termbase form match the whole phrase?"""
    for m in matcher.find(phrase):
        rest = phrase[: m.start] + phrase[m.end:]
        if not rest.strip(_EDGE_PUNCT + "\"'“”‘’「」『』《》"):
            return True
    return False


def _speaker_end(text: str, lang: str) -> int:
    m = (_SPEAKER_ZH if lang == "zh" else _SPEAKER_EN).match(text)
    return m.end() if m else 0


def _sentence_text(doc: SeedDocument, paragraph: Paragraph, pos: int) -> str:
    s = paragraph.sentence_at(pos)
    return doc.text[s.start:s.end]


def _repeated_sentences(doc: SeedDocument, seen: set) -> List[Tuple[int, int]]:
    """File ranges of the sentences of ``doc`` already seen (speaker labels ignored)."""
    out = []
    for p in doc.paragraphs:
        label_end = p.start + _speaker_end(p.text, doc.lang)
        for s in p.sentences:
            key = normalize_term(doc.text[max(s.start, label_end):s.end], doc.lang)
            if not key:
                continue
            if key in seen:
                out.append((s.start, s.end))
            else:
                seen.add(key)
    return out


def _in_ranges(ranges: Sequence[Tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in ranges)


# ------------------------------------------------------------------ quoted
def _quoted(doc: SeedDocument, matcher: TermMatcher, tallies: "OrderedDict[str, _Tally]", repeated: Sequence[Tuple[int, int]],
            *, max_words: int, max_chars: int) -> None:
    spans = _spans(doc)
    for p in doc.paragraphs:
        for pattern in _QUOTE_PATTERNS:
            for m in pattern.finditer(p.text):
                if _in_ranges(repeated, p.start + m.start(1)):
                    continue
                inner = m.group(1)
                lead = len(inner) - len(inner.lstrip(_EDGE_PUNCT))
                core = inner.strip(_EDGE_PUNCT)
                if not core or not any(ch.isalpha() for ch in core):
                    continue
                start = p.start + m.start(1) + lead
                end = start + len(core)
                surface = doc.text[start:end]
                if doc.lang == "en":
                    length = len(_EN_TOKEN.findall(core))
                    if length > max_words:
                        continue
                else:
                    length = sum(1 for ch in core if not ch.isspace())
                    if length > max_chars:
                        continue
                rel, contains = _relation(spans, start, end)
                if rel == "inside" or _fully_matched(core, matcher):
                    continue
                key = normalize_term(core, doc.lang)
                if not key:
                    continue
                t = tallies.get(key)
                if t is None:
                    t = tallies[key] = _Tally(key=key, lang=doc.lang, kind="quoted", length=length, tokens=())
                t.add(surface, doc.file, start, end, _sentence_text(doc, p, start), contains)


# ------------------------------------------------------------------ n-grams
def _en_chunks(doc: SeedDocument, p: Paragraph) -> List[List[Tuple[str, int, int]]]:
    """Runs of word tokens (text, file start, file end) not broken by punctuation."""
    text = p.text
    skip = _speaker_end(text, "en")
    chunks: List[List[Tuple[str, int, int]]] = []
    current: List[Tuple[str, int, int]] = []
    last_end = skip
    for m in _EN_TOKEN.finditer(text, skip):
        gap = text[last_end:m.start()]
        if current and gap.strip():
            chunks.append(current)
            current = []
        current.append((m.group(0), p.start + m.start(), p.start + m.end()))
        last_end = m.end()
    if current:
        chunks.append(current)
    return chunks


_ZH_WORD = re.compile(r"^[\u3400-\u9fff0-9A-Za-z]+$")


def _zh_chunks(doc: SeedDocument, p: Paragraph, tokenizer: Any) -> List[List[Tuple[str, int, int]]]:
    text = p.text
    skip = _speaker_end(text, "zh")
    chunks: List[List[Tuple[str, int, int]]] = []
    current: List[Tuple[str, int, int]] = []
    for word, s, e in tokenizer.tokenize(text[skip:]):
        if _ZH_WORD.match(word):
            current.append((word, p.start + skip + s, p.start + skip + e))
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _ngrams(doc: SeedDocument, chunks: List[List[Tuple[str, int, int]]], p: Paragraph,
            tallies: "OrderedDict[str, _Tally]", spans: Sequence[Tuple[int, int, str]],
            repeated: Sequence[Tuple[int, int]], *, min_n: int, max_n: int) -> None:
    zh = doc.lang == "zh"
    for chunk in chunks:
        for i in range(len(chunk)):
            if _in_ranges(repeated, chunk[i][1]):
                continue
            for n in range(1 if zh else min_n, max_n + 1):
                if i + n > len(chunk):
                    break
                toks = chunk[i:i + n]
                first, last = toks[0][0], toks[-1][0]
                if zh:
                    if first in ZH_STOPWORDS or last in ZH_STOPWORDS or first.isdigit() or last.isdigit():
                        continue
                    chars = sum(len(t[0]) for t in toks)
                    if chars < 2 or (n == 1 and chars < 4):
                        continue
                    key = "".join(t[0] for t in toks)
                    tokens = tuple(t[0] for t in toks)
                    length = chars
                else:
                    lf, ll = first.lower(), last.lower()
                    if lf in EN_STOPWORDS or ll in EN_STOPWORDS or first.isdigit() or last.isdigit():
                        continue
                    tokens = tuple(normalize_term(t[0], "en") for t in toks)
                    key = " ".join(tokens)
                    length = n
                start, end = toks[0][1], toks[-1][2]
                rel, contains = _relation(spans, start, end)
                if rel != "free":
                    continue
                t = tallies.get(key)
                if t is None:
                    t = tallies[key] = _Tally(key=key, lang=doc.lang, kind="ngram", length=length, tokens=tokens)
                t.add(doc.text[start:end], doc.file, start, end, _sentence_text(doc, p, start), contains)


def _contains(longer: _Tally, shorter: _Tally) -> bool:
    if longer.lang == "zh":
        return shorter.key in longer.key and longer.key != shorter.key
    a, b = shorter.tokens, longer.tokens
    if len(a) >= len(b):
        return False
    return any(b[k:k + len(a)] == a for k in range(len(b) - len(a) + 1))


def c_value(tallies: Sequence[_Tally]) -> Dict[str, float]:
    """C-value of each n-gram tally (see module doc)."""
    out: Dict[str, float] = {}
    by_length = sorted(tallies, key=lambda t: -t.length)
    for a in tallies:
        nests = [b for b in by_length if b.length > a.length and _contains(b, a)]
        weight = math.log2(a.length) if a.length > 1 else 0.0
        if not nests:
            out[a.key] = weight * a.count
        else:
            out[a.key] = weight * (a.count - sum(b.count for b in nests) / len(nests))
    return out


def _jieba_tokenizer(glossary_forms: Iterable[str]) -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading to stderr at DEBUG
    tok = jieba.Tokenizer()
    for form in glossary_forms:
        key = normalize_term(form, "zh")
        if key and _ZH_WORD.match(key):
            tok.add_word(key, freq=None)
    return tok


# ------------------------------------------------------------------ public
def find_candidates(
    documents: Sequence[SeedDocument],
    glossary: GlossaryLike = None,
    *,
    matchers: Optional[Mapping[str, TermMatcher]] = None,
    min_count: int = 2,
    min_n: int = 2,
    max_n: int = 5,
    max_quoted_words: int = 30,
    max_quoted_chars: int = 40,
    limit: Optional[int] = None,
) -> List[Candidate]:
    """Candidate terms in matched seed ``documents`` (see module doc).

    A phrase is known when a form of ``glossary`` (a :class:`Glossary`, a termbase or
    export path, or None for the bundled termbase) matches it, with the glossary's
    shared :class:`~bri_align.TermMatcher` for each document's language.  Give
    ``matchers`` instead (language -> matcher) to reuse the matchers the documents
    were matched with; not both.
    """
    if matchers is not None and glossary is not None:
        raise InputError("give either a glossary or the matchers it was matched with, not both",
                         field="matchers")
    if matchers is None:
        resolved = as_glossary(glossary)
        matchers = {lang: TermMatcher.for_glossary(resolved, lang=lang)  # type: ignore[arg-type]
                    for lang in sorted({d.lang for d in documents})}
    if min_count < 1 or not 1 <= min_n <= max_n:
        raise InputError(f"need min_count >= 1 and 1 <= min_n <= max_n, got min_count={min_count}, "
                         f"min_n={min_n}, max_n={max_n}", field="min_count")
    quoted: "OrderedDict[str, _Tally]" = OrderedDict()
    grams: "OrderedDict[str, _Tally]" = OrderedDict()
    tokenizer = None
    seen: set = set()
    for doc in documents:
        matcher = matchers[doc.lang]
        repeated = _repeated_sentences(doc, seen)
        _quoted(doc, matcher, quoted, repeated, max_words=max_quoted_words, max_chars=max_quoted_chars)
        spans = _spans(doc)
        if doc.lang == "zh" and tokenizer is None:
            forms = [f for e in matcher.glossary for f in e.zh_forms]
            tokenizer = _jieba_tokenizer(forms)
        for p in doc.paragraphs:
            chunks = _zh_chunks(doc, p, tokenizer) if doc.lang == "zh" else _en_chunks(doc, p)
            _ngrams(doc, chunks, p, grams, spans, repeated, min_n=min_n, max_n=max_n if doc.lang == "en" else 4)
    recurring = [t for t in grams.values() if t.count >= min_count and t.key not in quoted]
    # n-grams that are a termbase form in another inflection or spacing
    recurring = [t for t in recurring if not _fully_matched(t.key, matchers[t.lang])]
    scores = c_value(recurring)
    out = [t.to_candidate(float(t.count)) for t in quoted.values()]
    out.sort(key=lambda c: (-c.count, -c.length, c.text))
    ranked = [t.to_candidate(scores[t.key]) for t in recurring if scores[t.key] > 0]
    ranked.sort(key=lambda c: (-c.score, -c.count, -c.length, c.text))
    out.extend(ranked)
    return out[:limit] if limit is not None else out


def candidates_tsv(candidates: Sequence[Candidate]) -> str:
    """Tab-separated table with a header (tabs/newlines in fields become spaces)."""
    cols = ["rank", "text", "lang", "kind", "count", "length", "score", "files", "file", "char_start",
            "char_end", "contains", "example"]

    def clean(v: Any) -> str:
        return " ".join(str(v).split())

    rows = ["\t".join(cols)]
    for k, c in enumerate(candidates, start=1):
        rows.append("\t".join(clean(v) for v in (
            k, c.text, c.lang, c.kind, c.count, c.length, f"{c.score:.4f}", ",".join(c.files), c.file,
            c.char_start, c.char_end, ",".join(c.contains), c.example)))
    return "\n".join(rows) + "\n"
