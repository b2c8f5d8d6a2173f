"""Terminology constraints for transformers generation (layer L3).

What a source sentence asks of its translation comes from the glossary:
:class:`GlossaryConstraints` finds the glossary entries in the Chinese source
(the same leftmost-longest :class:`~bri_align.TermMatcher` the term metrics use)
and turns each into a :class:`TermConstraint` -- the preferred rendering, how
many times the source has the term, and the deprecated/superseded renderings to
keep out.  :class:`ConstraintEncoder` turns those into target-side token ids
(:class:`EncodedConstraints`), and :class:`TermLogitsProcessor` applies them
during ``model.generate`` in one of three modes:

``force``
    every preferred rendering appears (as many times as its source term).
    transformers 5 removed constrained beam search (``force_words_ids``,
    ``PhrasalConstraint``), so this is a logits processor written here.  It only
    rewrites each hypothesis row's scores, so it works with greedy search, beam
    search (rows are ``batch * num_beams``, each beam carrying its own history)
    and batching.  For a row with pending phrases:

    * EOS is masked; the first token of each pending phrase gets ``start_bias``
      and the next token of a phrase the row has begun gets ``bias``, so the
      model can place the phrase where it fits;
    * once the row has written a phrase's first word(s) in full ("small" of
      "small yet smart", not "China" of "China-Europe"), the phrase is continued
      to its end: that is how a literal rendering turns into the preferred one;
    * when the row's best token is EOS or sentence-final punctuation, the row is
      made to start the pending phrase the model scores highest instead, so a
      phrase goes in where the model would otherwise stop;
    * when the steps left in the row's budget are just enough for the pending
      phrases, the row is made to start (or continue) one;
    * a phrase the processor started is continued token by token (all other
      tokens ``-inf``) until it is complete.

    A forced token is given the score of the row's best token, so beam search
    does not rank a hypothesis that took a phrase below one that postpones it
    (constrained beam search keeps a bank of hypotheses per number of
    constraints met for that reason; a logits processor cannot reorganise the
    beam, so it evens out the cost instead).  The row's budget is the
    translator's ``max_length`` plus the tokens of its own phrases, and the
    processor ends the row with EOS there, so a sentence gets the same output
    whatever batch it is in.
``bias``
    soft: the first token of each pending phrase, and the next token of a phrase
    the row has begun, get ``+bias`` (what ``sequence_bias`` does with every
    prefix of the phrase), until the phrase is in the output.
``ban``
    deprecated renderings only.

Deprecated renderings are banned in all three modes, the way ``bad_words_ids``
bans them (the last token of the sequence is masked where the row ends with the
rest), except a banned sequence that is a sub-sequence of one of the sentence's
required phrases (banning it would make the phrase impossible).

Why not ``sequence_bias`` and ``bad_words_ids`` themselves: both are one list for
the whole ``generate`` call, so one sentence's terms would steer its batch
neighbours, and an output would depend on which sentences it was batched with.
The same rules are applied here per row, from that row's own sentence; a test
checks that batch sizes 1 and 8 give identical outputs.

Phrases are tokenised in isolation (``tokenizer(text_target=phrase)``); for the
sentencepiece models behind ``hf:`` (Marian, NLLB, M2M100, mBART) that is the
segmentation the model emits mid-sentence ("▁Belt ▁and ▁Road ...").  A phrase
counts as present when its token sequence (or its capitalised form, for a
rendering written in lower case) occurs in the row; success is then judged on
the detokenised text by the term metrics.  Hand-written: no maintained library
does per-row phrase forcing for transformers 5 (see NOTES.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Sequence, Set, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike
from ..glossary.model import Glossary
from ..signature import format_signature

__all__ = [
    "CONSTRAINTS_VERSION",
    "DECODING_MODES",
    "TermConstraint",
    "GlossaryConstraints",
    "phrases_for_sources",
    "surface_variants",
    "PhraseSet",
    "EncodedConstraints",
    "ConstraintEncoder",
    "encode_phrases",
    "VocabClasses",
    "vocab_classes",
    "TermLogitsProcessor",
]

log = logging.getLogger(__name__)

CONSTRAINTS_VERSION = "constraints.v1"
#: modes the logits processor implements
DECODING_MODES: Tuple[str, ...] = ("force", "bias", "ban")

_END_PUNCT = frozenset({".", "!", "?", "。", "！", "？", ";", "；"})


# ------------------------------------------------------------------ what a sentence asks for
@dataclass(frozen=True)
class TermConstraint:
    """What one source sentence asks of its translation for one glossary entry."""

    entry_id: str
    zh: str  # the source form found (first occurrence)
    required: str  # the preferred rendering
    banned: Tuple[str, ...] = ()  # deprecated / superseded renderings
    count: int = 1  # occurrences of the entry in the source

    def to_dict(self) -> Dict[str, Any]:
        return {"entry_id": self.entry_id, "zh": self.zh, "required": self.required,
                "banned": list(self.banned), "count": self.count}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "TermConstraint":
        return cls(entry_id=str(d["entry_id"]), zh=str(d.get("zh", "")), required=str(d["required"]),
                   banned=tuple(str(b) for b in d.get("banned", ()) or ()), count=int(d.get("count", 1)))


class GlossaryConstraints:
    """Per source sentence, one :class:`TermConstraint` per glossary entry found in it.

    The Chinese matcher is compiled once, so build one of these per glossary and
    reuse it.  ``ban=False`` leaves the deprecated renderings out.
    """

    def __init__(self, glossary: GlossaryLike, *, ban: bool = True) -> None:
        from ..glossary.coerce import as_glossary
        from ..matching import TermMatcher

        glossary = as_glossary(glossary)

        self.glossary = glossary
        self.ban = ban
        self._matcher = TermMatcher.for_glossary(glossary, lang="zh")
        self._cache: Dict[str, Tuple[TermConstraint, ...]] = {}

    def _constraint(self, entry_id: str, zh: str, count: int) -> TermConstraint:
        entry = self.glossary.get(entry_id)
        pref = entry.preferred.en
        banned: Tuple[str, ...] = ()
        if self.ban:
            # a deprecated form inside the preferred one ("Belt and Road" in "Belt and Road
            # Initiative") cannot be banned without banning the preferred rendering
            banned = tuple(r.en for r in entry.deprecated if r.en.casefold() not in pref.casefold())
        return TermConstraint(entry_id=entry_id, zh=zh or entry.zh, required=pref, banned=banned, count=count)

    def for_source(self, source: str) -> Tuple[TermConstraint, ...]:
        """Constraints of one sentence, in order of first occurrence (leftmost-longest matches)."""
        hit = self._cache.get(source)
        if hit is not None:
            return hit
        counts: Dict[str, int] = {}
        first: Dict[str, str] = {}
        for m in self._matcher.find(source):
            counts[m.entry_id] = counts.get(m.entry_id, 0) + 1
            first.setdefault(m.entry_id, m.text)
        result = tuple(self._constraint(eid, first[eid], n) for eid, n in counts.items())
        if len(self._cache) < 100_000:
            self._cache[source] = result
        return result

    def for_terms(self, terms: Sequence[Any]) -> Tuple[TermConstraint, ...]:
        """Constraints from given terms: entry ids, or records with ``entry_id`` (and ``zh``), such
        as a test set's annotations; an entry given twice must appear twice."""
        counts: Dict[str, int] = {}
        first: Dict[str, str] = {}
        for t in terms:
            eid = t if isinstance(t, str) else getattr(t, "entry_id", None)
            if not isinstance(eid, str):
                raise InputError(f"a term must be an entry id or have an entry_id, got {type(t).__name__}",
                                 field="terms")
            if eid not in self.glossary:
                raise InputError(f"entry '{eid}' is not in the glossary {self.glossary.name} "
                                 f"({len(self.glossary)} entries); use the termbase the terms come from",
                                 field="terms", entry_id=eid)
            counts[eid] = counts.get(eid, 0) + 1
            first.setdefault(eid, "" if isinstance(t, str) else str(getattr(t, "zh", "") or ""))
        return tuple(self._constraint(eid, first[eid], n) for eid, n in counts.items())

    def for_sources(self, sources: Sequence[str]) -> List[Tuple[TermConstraint, ...]]:
        return [self.for_source(s) for s in sources]

    def signature(self) -> str:
        return format_signature(CONSTRAINTS_VERSION, [("ban", self.ban), ("glossary", self.glossary.signature())])


def phrases_for_sources(sources: Sequence[str], glossary: Glossary) -> List[List[TermConstraint]]:
    """For each source sentence, one constraint per distinct glossary entry it contains."""
    gc = GlossaryConstraints(glossary)
    return [list(c) for c in gc.for_sources(sources)]


def surface_variants(phrase: str) -> Tuple[str, ...]:
    """The forms a phrase may take in a sentence: as written, plus capitalised when written
    in lower case (at the start of a sentence).  Proper nouns are never lower-cased."""
    phrase = phrase.strip()
    if not phrase:
        return ()
    out = [phrase]
    if phrase[0].islower():
        out.append(phrase[0].upper() + phrase[1:])
    return tuple(out)


# ------------------------------------------------------------------ token level
@dataclass(frozen=True)
class PhraseSet:
    """One required phrase at token level: its alternatives (the first as written in the
    glossary) and how many times it must appear."""

    entry_id: str
    alternatives: Tuple[Tuple[int, ...], ...]
    count: int = 1

    @property
    def max_len(self) -> int:
        return max(len(a) for a in self.alternatives)


@dataclass(frozen=True)
class EncodedConstraints:
    """The token-level constraints of one sentence."""

    required: Tuple[PhraseSet, ...] = ()
    banned: Tuple[Tuple[int, ...], ...] = ()
    #: entries whose preferred rendering cannot be written with the model's vocabulary
    skipped: Tuple[str, ...] = ()

    @property
    def required_tokens(self) -> int:
        """Tokens the required phrases take (longest alternative, times the count)."""
        return sum(p.max_len * p.count for p in self.required)

    @property
    def empty(self) -> bool:
        return not self.required and not self.banned


def _is_subsequence(short: Sequence[int], long: Sequence[int]) -> bool:
    """True when ``short`` occurs contiguously in ``long``."""
    n = len(short)
    if n == 0 or n > len(long):
        return n == 0
    first = short[0]
    for i in range(len(long) - n + 1):
        if long[i] == first and tuple(long[i:i + n]) == tuple(short):
            return True
    return False


def encode_phrases(tokenizer: Any, phrases: Sequence[str]) -> List[List[int]]:
    """Target-side token ids of each phrase, without special tokens (empty phrases dropped)."""
    special = set(getattr(tokenizer, "all_special_ids", ()) or ())
    ids = []
    for p in phrases:
        enc = tokenizer(text_target=p, add_special_tokens=False)["input_ids"]
        enc = [t for t in enc if t not in special]
        if enc:
            ids.append(enc)
    return ids


class ConstraintEncoder:
    """Turns :class:`TermConstraint` records into token ids for one tokenizer.

    ``exclude_ids`` (language codes and the like) are dropped from encodings; a
    phrase that needs the unknown token is *not* writable by the model and is
    skipped (with a warning once per phrase) rather than forced as ``<unk>``.
    """

    def __init__(self, tokenizer: Any, *, exclude_ids: Sequence[int] = ()) -> None:
        self.tokenizer = tokenizer
        self.unk_id = getattr(tokenizer, "unk_token_id", None)
        special = set(getattr(tokenizer, "all_special_ids", ()) or ())
        self._drop = (special | {int(i) for i in exclude_ids}) - ({self.unk_id} if self.unk_id is not None else set())
        self._cache: Dict[str, Optional[Tuple[int, ...]]] = {}
        self._warned: Set[str] = set()

    def encode_phrase(self, text: str) -> Optional[Tuple[int, ...]]:
        """Token ids of ``text`` in isolation; None when it needs the unknown token or is empty."""
        if text in self._cache:
            return self._cache[text]
        enc = self.tokenizer(text_target=text, add_special_tokens=False)["input_ids"]
        ids = tuple(int(t) for t in enc if t not in self._drop)
        out: Optional[Tuple[int, ...]] = ids
        if not ids or (self.unk_id is not None and self.unk_id in ids):
            out = None
        self._cache[text] = out
        return out

    def encode(self, constraints: Sequence[TermConstraint]) -> EncodedConstraints:
        required: List[PhraseSet] = []
        skipped: List[str] = []
        for c in constraints:
            alts: List[Tuple[int, ...]] = []
            for v in surface_variants(c.required):
                ids = self.encode_phrase(v)
                if ids is not None and ids not in alts:
                    alts.append(ids)
            if not alts:
                skipped.append(c.entry_id)
                if c.required not in self._warned:
                    self._warned.add(c.required)
                    log.warning("entry %s: the preferred rendering %r needs the unknown token of this model's "
                                "vocabulary; it is not constrained", c.entry_id, c.required)
                continue
            required.append(PhraseSet(entry_id=c.entry_id, alternatives=tuple(alts), count=max(1, c.count)))
        # Never ban a sequence that is a sub-sequence (prefix included) of a phrase this sentence needs:
        # the phrase could not be completed.  The preferred renderings of every term found count as
        # needed, also when they are not forced ("ban" mode).
        needed = [a for p in required for a in p.alternatives]
        banned: List[Tuple[int, ...]] = []
        for c in constraints:
            for b in c.banned:
                for v in surface_variants(b):
                    ids = self.encode_phrase(v)
                    if ids is None or ids in banned:
                        continue
                    if any(_is_subsequence(ids, a) for a in needed):
                        log.debug("not banning %r: part of a required phrase", v)
                        continue
                    banned.append(ids)
        return EncodedConstraints(required=tuple(required), banned=tuple(banned), skipped=tuple(skipped))


@dataclass(frozen=True)
class VocabClasses:
    """Token classes of a vocabulary that the processor needs (see :func:`vocab_classes`)."""

    glued: FrozenSet[int] = frozenset()  # continues the previous word ("s", "ing")
    word_start: FrozenSet[int] = frozenset()  # begins with the space marker ("▁Road")
    bare: FrozenSet[int] = frozenset()  # the space marker alone ("▁", before rare words)
    end: FrozenSet[int] = frozenset()  # sentence-final punctuation (".", "▁.", "。")


def vocab_classes(tokenizer: Any) -> VocabClasses:
    """Classify the pieces of a tokenizer's vocabulary.

    A sentencepiece piece that starts a word begins with ``▁`` (byte-level BPE:
    ``Ġ``); a piece that begins with a letter or digit otherwise continues the
    previous word.  Used to keep a forced phrase from fusing with the next word
    ("Road" + "x"), to tell where a phrase's words end, and to spot where the
    model wants to end a sentence.
    """
    size = len(tokenizer)
    pieces = tokenizer.convert_ids_to_tokens(list(range(size)))
    special = set(getattr(tokenizer, "all_special_ids", ()) or ())
    glued: Set[int] = set()
    start: Set[int] = set()
    bare_ids: Set[int] = set()
    end: Set[int] = set()
    for i, p in enumerate(pieces):
        if i in special or not isinstance(p, str) or not p:
            continue
        bare = p.lstrip("▁Ġ")
        if p[0] in "▁Ġ":
            start.add(i)
            if not bare:
                bare_ids.add(i)
        elif p[0].isalnum():
            glued.add(i)
        if bare and bare in _END_PUNCT:
            end.add(i)
    return VocabClasses(glued=frozenset(glued), word_start=frozenset(start), bare=frozenset(bare_ids),
                        end=frozenset(end))


# ------------------------------------------------------------------ the logits processor
def _s(ids: Sequence[int]) -> str:
    return "".join(map(chr, ids))


class _Alt:
    """One alternative of a required phrase: its ids, the same as a string (one character
    per token id, so searching a row's history runs in C: ``str.count``, ``str.endswith``),
    and the prefix lengths that end after a whole word of the phrase."""

    __slots__ = ("ids", "text", "firm", "ends")

    def __init__(self, ids: Tuple[int, ...], vocab: VocabClasses) -> None:
        self.ids = ids
        self.text = _s(ids)
        # last token of a proper prefix -> the prefix lengths ending with it, longest first
        ends: Dict[str, List[int]] = {}
        for k in range(len(ids) - 1, 0, -1):
            ends.setdefault(chr(ids[k - 1]), []).append(k)
        self.ends = {c: tuple(ks) for c, ks in ends.items()}
        # k is "firm" when ids[:k] holds a real word piece and ids[k] starts a new space-separated
        # word: the row has written the phrase's first word(s) in full ("small" of "small yet smart";
        # not "China" of "China-Europe")
        self.firm = frozenset(k for k in range(1, len(ids))
                              if ids[k] in vocab.word_start and any(t not in vocab.bare for t in ids[:k]))


class _Item:
    """The tables of one sentence."""

    __slots__ = ("phrases", "banned", "budget")

    def __init__(self, enc: EncodedConstraints, budget: int, vocab: VocabClasses) -> None:
        # per phrase: (count, max_len, alternatives)
        self.phrases = [(p.count, p.max_len, [_Alt(a, vocab) for a in p.alternatives]) for p in enc.required]
        # banned: (prefix as a string, last token)
        self.banned = [(_s(b[:-1]), b[-1]) for b in enc.banned]
        self.budget = budget


class TermLogitsProcessor:
    """Apply per-sentence term constraints during ``generate``; see the module docstring.

    ``constraints[b]`` belongs to batch item ``b``; the processor expects the
    score rows transformers passes: ``batch * num_beams`` rows, item ``b``'s
    beams at rows ``b * num_beams ... (b + 1) * num_beams - 1``, each row's
    ``input_ids`` starting with the decoder prompt (the decoder start token for
    encoder-decoder models; its length is taken from the first call unless
    ``prompt_length`` is given).  ``budgets[b]`` is item ``b``'s maximum number
    of new tokens, EOS included; force mode ends the row there with EOS (score 0,
    like ``ForcedEOSTokenLogitsProcessor``), so ``generate`` should run with
    ``max_new_tokens = max(budgets) + 1``: every row then ends by its own budget,
    and a sentence's output does not depend on the budgets of its batch
    neighbours.  One processor serves one
    ``generate`` call: it remembers the phrases it started.

    ``vocab`` (from :func:`vocab_classes`) tells word boundaries and sentence
    ends; without it phrases are only forced when the row wants to end (EOS) or
    the budget is tight, and continued only once the processor started them.

    Scores are modified in place (transformers hands over a fresh tensor:
    log-probs under beam search, logits under greedy search); a forced row keeps
    the forced token's own score, so beam scores stay comparable, and every other
    token gets ``-inf`` (one finite entry per row: no NaN downstream).
    """

    def __init__(
        self,
        constraints: Sequence[EncodedConstraints],
        *,
        mode: str = "force",
        num_beams: int = 1,
        eos_token_id: Any,
        budgets: Sequence[int],
        bias: float = 5.0,
        start_bias: float = 1.0,
        vocab: Optional[VocabClasses] = None,
        prompt_length: Optional[int] = None,
    ) -> None:
        if mode not in DECODING_MODES:
            raise InputError(f"unknown decoding constraint mode {mode!r}; expected one of "
                             f"{', '.join(DECODING_MODES)}", field="mode")
        if num_beams < 1:
            raise InputError(f"num_beams must be at least 1, got {num_beams}", field="num_beams")
        if len(budgets) != len(constraints):
            raise InputError(f"{len(budgets)} budgets for {len(constraints)} sentences; give one per sentence",
                             field="budgets")
        self.mode = mode
        self.num_beams = num_beams
        eos = [eos_token_id] if isinstance(eos_token_id, int) else list(eos_token_id or ())
        self.eos_ids: Tuple[int, ...] = tuple(int(e) for e in eos)
        self.eos = self.eos_ids[0] if self.eos_ids else None
        self.bias = float(bias)
        self.start_bias = float(start_bias)
        vocab = vocab if vocab is not None else VocabClasses()
        self.triggers: FrozenSet[int] = frozenset(self.eos_ids) | vocab.end
        self.bare: FrozenSet[int] = vocab.bare
        self._glued_list = sorted(vocab.glued)
        self._glued_t: Any = None
        self.prompt_length = prompt_length
        self.items = [_Item(c, int(b), vocab) for c, b in zip(constraints, budgets)]
        self._committed: Set[Tuple[int, str]] = set()  # (item, row history up to a phrase's first token)
        #: how often each intervention happened, counted per row and step (for tests and logs;
        #: forced_eos also counts the dead rows beam search keeps for finished sentences)
        self.stats: Dict[str, int] = {"forced_start": 0, "forced_continue": 0, "forced_eos": 0}

    @staticmethod
    def _open(s: str, alts: Sequence[_Alt]) -> List[Tuple[int, _Alt]]:
        """Every proper prefix of an alternative that ends ``s``: (length, alternative),
        longest first (ties in alternative order)."""
        if not s:
            return []
        found = []
        last = s[-1]
        for j, a in enumerate(alts):
            for k in a.ends.get(last, ()):
                if k <= len(s) and s.endswith(a.text[:k]):
                    found.append((-k, j, a))
        found.sort(key=lambda x: (x[0], x[1]))
        return [(-k, a) for k, _, a in found]

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        n_rows = int(input_ids.shape[0])
        if n_rows != len(self.items) * self.num_beams:
            raise ValueError(f"TermLogitsProcessor built for {len(self.items)} sentences x {self.num_beams} beams "
                             f"got {n_rows} rows")
        if self.prompt_length is None:
            self.prompt_length = int(input_ids.shape[1])  # first call: nothing generated yet
        g = int(input_ids.shape[1]) - self.prompt_length
        rows = input_ids[:, self.prompt_length:].tolist() if g > 0 else [[] for _ in range(n_rows)]
        force = self.mode == "force"

        ban: List[Tuple[int, int]] = []
        add: Dict[Tuple[int, int], float] = {}
        forced: List[Tuple[int, int]] = []
        at_end: List[int] = []  # indexes into `forced` whose score is set to 0
        eos_mask: List[int] = []
        glue_rows: List[int] = []
        best: Optional[List[int]] = None

        for r in range(n_rows):
            b = r // self.num_beams
            item = self.items[b]
            left = item.budget - g  # tokens this row may still emit, EOS included
            if force and left <= 1:
                # the row's own budget ends here: EOS with score 0, as ForcedEOSTokenLogitsProcessor does
                # at max_length, so a sentence ends the same way whatever the budgets of its batch
                if self.eos is not None and left == 1:
                    forced.append((r, self.eos))
                    at_end.append(len(forced) - 1)
                    self.stats["forced_eos"] += 1
                continue
            if not item.phrases and not item.banned:
                continue
            s = _s(rows[r])
            for prefix, last in item.banned:
                if not prefix or s.endswith(prefix):
                    ban.append((r, last))
            if not item.phrases or self.mode == "ban":
                continue
            pending = []
            for count, max_len, alts in item.phrases:
                have = sum(s.count(a.text) for a in alts)
                if have < count:
                    pending.append((count - have, max_len, alts))
                if force and s and any(s.endswith(a.text) for a in alts):
                    glue_rows.append(r)
            if not pending:
                continue
            all_alts = [a for _, _, alts in pending for a in alts]
            opened = self._open(s, all_alts)
            if not force:  # bias: every prefix of a pending phrase gets the bonus (a bare "▁" only once written)
                for a in all_alts:
                    if a.ids[0] not in self.bare:
                        add[(r, a.ids[0])] = self.bias
                for k, a in opened[:1]:
                    add[(r, a.ids[k])] = self.bias
                continue
            # force 1: continue a phrase the processor started, or whose first word(s) the row wrote in full
            cont = next(((k, a) for k, a in opened if k in a.firm or (b, s[:len(s) - k + 1]) in self._committed),
                        None)
            if cont is not None:
                k, a = cont
                self._committed.add((b, s[:len(s) - k + 1]))
                forced.append((r, a.ids[k]))
                self.stats["forced_continue"] += 1
                continue
            need = sum(n * ml for n, ml, _ in pending) + 1  # + EOS
            if best is None:
                best = scores.argmax(dim=-1).tolist()
            # force 2: the row wants to end, or the budget is just enough for the pending phrases
            if left <= need or best[r] in self.triggers:
                if opened:  # the row began a phrase: finish it
                    k, a = opened[0]
                    tok = a.ids[k]
                    self._committed.add((b, s[:len(s) - k + 1]))
                    self.stats["forced_continue"] += 1
                else:  # start the pending phrase the model likes best
                    firsts = list(dict.fromkeys(a.ids[0] for a in all_alts))
                    vals = scores[r, firsts].tolist()
                    tok = firsts[max(range(len(firsts)), key=lambda i: (vals[i], -i))]
                    self._committed.add((b, s + chr(tok)))
                    self.stats["forced_start"] += 1
                forced.append((r, tok))
                continue
            # free step: the row may not end yet; nudge it towards the phrases
            eos_mask.append(r)
            if self.start_bias:
                for a in all_alts:
                    if a.ids[0] not in self.bare:
                        add[(r, a.ids[0])] = self.start_bias
            if opened and self.bias:
                k, a = opened[0]
                add[(r, a.ids[k])] = self.bias

        if not (ban or add or forced or eos_mask or glue_rows):
            return scores
        neg = float("-inf")
        dev = scores.device
        keep = fr = ft = None
        if forced:
            fr = torch.tensor([r for r, _ in forced], dtype=torch.long, device=dev)
            ft = torch.tensor([t for _, t in forced], dtype=torch.long, device=dev)
            # a forced token costs what the row's best token costs: a hypothesis that takes a phrase is
            # not ranked below one that postpones it (the reason constrained beam search keeps banks)
            keep = scores[fr].max(dim=-1).values
            keep = torch.where(torch.isfinite(keep), keep, torch.zeros_like(keep))
            if at_end:
                keep[torch.tensor(at_end, dtype=torch.long, device=dev)] = 0.0
        if add:
            ar = torch.tensor([r for r, _ in add], dtype=torch.long, device=dev)
            at = torch.tensor([t for _, t in add], dtype=torch.long, device=dev)
            av = torch.tensor(list(add.values()), dtype=scores.dtype, device=dev)
            scores.index_put_((ar, at), av, accumulate=True)
        if eos_mask and self.eos_ids:
            er = torch.tensor(eos_mask, dtype=torch.long, device=dev)
            for e in self.eos_ids:
                scores[er, e] = neg
        if glue_rows and self._glued_list:
            if self._glued_t is None:
                self._glued_t = torch.tensor(self._glued_list, dtype=torch.long, device=dev)
            gr = torch.tensor(sorted(set(glue_rows)), dtype=torch.long, device=dev)
            scores[gr.unsqueeze(1), self._glued_t.unsqueeze(0)] = neg
        if ban:
            br = torch.tensor([r for r, _ in ban], dtype=torch.long, device=dev)
            bt = torch.tensor([t for _, t in ban], dtype=torch.long, device=dev)
            scores[br, bt] = neg
        if keep is not None:
            scores[fr] = neg
            scores[fr, ft] = keep.to(scores.dtype)
        return scores
