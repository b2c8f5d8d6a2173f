"""Post-editing: replace discouraged renderings of source terms by the preferred one (layer L4).

Works on the output of any system (a model, an external API, a file).  For
every source term the term aligner links to a rendering in the translation
(:func:`bri_align.qa.resolve_term_uses`, the same resolution as the QA), a
rendering that is deprecated or superseded -- or marked ``literal`` in the
glossary, unless ``literal=False`` -- is replaced by the entry's preferred
rendering; the rest of the sentence is kept.  Only spans aligned to a source term
of *that* entry are replaced: a deprecated English form with no corresponding
Chinese term stays, except the globally banned forms ("One Belt, One Road",
"One Belt and One Road", "One Belt One Road", "OBOR": the benchmark's
:data:`~bri_align.metrics.DEFAULT_BANNED_FORMS`), which are replaced wherever
they occur, by the preferred rendering of the entry they render.

The replacement agrees with its new surroundings (:mod:`bri_align.postedit.surface`):
number of the head noun, a leading verb's form, Title Case headings and sentence
capitals, "a"/"an" before it, enclosing quotes.  A word repeated right after the
span ("the One Belt, One Road initiative" -> "the Belt and Road Initiative", not
"... Initiative initiative") is absorbed.

Every change is reported (:class:`PostEditChange`): segment, the replaced span
with its offsets in the original translation and in the output, the new text,
the entry, and what was adjusted.

Dates: a rendering is judged by the usage in force on the document's date
(``date``, default today; ``dates``: one per segment), as in the QA
(:func:`bri_align.qa.resolve.uses_at`): "One Belt, One Road" in a 2014 document,
before its ``valid_until``, is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.entry import DateLike, as_date
from ..glossary.model import Glossary
from ..qa.resolve import (
    BannedFormFinder,
    TermUse,
    banned_uses,
    check_segments,
    english_matches,
    is_rejected,
    resolve_term_uses,
    segment_dates,
    uses_at,
)
from ..signature import format_signature
from .surface import (
    OPENERS,
    QUOTE_PAIRS,
    agree_gerund,
    agree_number,
    agree_phrase_kind,
    agree_verb,
    indefinite_article,
    is_plural_phrase,
    is_title_case,
    match_case,
    quote_marks,
    split_quotes,
)

__all__ = ["POSTEDIT_VERSION", "PostEditChange", "PostEditResult", "PostEditor", "postedit"]

POSTEDIT_VERSION = "postedit.v1"


@dataclass(frozen=True)
class PostEditChange:
    """One replacement in one segment.  ``hypothesis[start:end] == old`` and
    ``output[out_start:out_end] == new``."""

    line: int  # 1-based segment index
    entry_id: str
    zh: str  # the source term ('' for a banned form with no source term)
    start: int
    end: int
    old: str
    new: str
    out_start: int
    out_end: int
    rendering: str  # the discouraged rendering as found (inside ``old``)
    form: str  # its glossary form
    preferred: str  # the entry's preferred rendering
    status: str  # glossary status of the replaced rendering
    literal: bool = False
    why: str = ""  # deprecated | superseded | literal | banned
    adjustments: Tuple[str, ...] = ()  # plural, singular, verb:TAG, title-case, capitalised, article, quotes...

    def to_dict(self) -> Dict[str, Any]:
        return {"line": self.line, "entry_id": self.entry_id, "zh": self.zh, "start": self.start, "end": self.end,
                "old": self.old, "new": self.new, "out_start": self.out_start, "out_end": self.out_end,
                "rendering": self.rendering, "form": self.form, "preferred": self.preferred,
                "status": self.status, "literal": self.literal, "why": self.why,
                "adjustments": list(self.adjustments)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "PostEditChange":
        return cls(line=int(d["line"]), entry_id=str(d["entry_id"]), zh=str(d.get("zh", "")),
                   start=int(d["start"]), end=int(d["end"]), old=str(d["old"]), new=str(d["new"]),
                   out_start=int(d["out_start"]), out_end=int(d["out_end"]), rendering=str(d.get("rendering", "")),
                   form=str(d.get("form", "")), preferred=str(d.get("preferred", "")), status=str(d["status"]),
                   literal=bool(d.get("literal", False)), why=str(d.get("why", "")),
                   adjustments=tuple(d.get("adjustments", ()) or ()))


@dataclass(frozen=True)
class PostEditResult:
    """Post-edited outputs (one per input segment) and the changes made."""

    outputs: Tuple[str, ...]
    changes: Tuple[PostEditChange, ...]
    signature: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changed_lines(self) -> Tuple[int, ...]:
        return tuple(sorted({c.line for c in self.changes}))

    def summary(self) -> Dict[str, Any]:
        by_why: Dict[str, int] = {}
        for c in self.changes:
            by_why[c.why] = by_why.get(c.why, 0) + 1
        return {"segments": len(self.outputs), "changed_segments": len(self.changed_lines),
                "changes": len(self.changes), "by_reason": by_why}

    def to_dict(self) -> Dict[str, Any]:
        return {"postedit": POSTEDIT_VERSION, "signature": self.signature, "summary": self.summary(),
                "outputs": list(self.outputs), "changes": [c.to_dict() for c in self.changes],
                "meta": dict(self.meta)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "PostEditResult":
        return cls(outputs=tuple(d["outputs"]), changes=tuple(PostEditChange.from_dict(c) for c in d["changes"]),
                   signature=str(d.get("signature", "")), meta=dict(d.get("meta", {}) or {}))

    def changes_jsonl(self) -> str:
        """One JSON object per change (the ``--report`` file)."""
        return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in self.changes)


# ------------------------------------------------------------------ one edit
@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    new: str
    use: TermUse
    preferred: str
    why: str
    adjustments: Tuple[str, ...]


_ARTICLE_RE = re.compile(r"(?<![\w'’])(an?|An?|AN?)(\s+[“‘\"'«]?)$")
_NEXT_WORD_RE = re.compile(r"^(\s+)([A-Za-z]+)(?![\w-])")


def _plan_edit(text: str, use: TermUse, preferred: str, why: str, *, heading: bool,
               alternatives: Sequence[str] = ()) -> Optional[_Edit]:
    if use.en_start is None or use.en_end is None:
        return None
    s, e, prefix, suffix, wrapped = split_quotes(text, use.en_start, use.en_end)
    found = use.en or text[use.en_start:use.en_end]
    form = use.form or found
    adj: List[str] = []
    new, a = agree_phrase_kind(preferred, found, alternatives)
    if a:
        adj.append(a)
    new, a = agree_gerund(new, found, alternatives)
    if a:
        adj.append(a)
    for step in (agree_number, agree_verb):
        new, a = step(new, found, form)
        if a:
            adj.append(a)
    new, a = match_case(new, found, form, heading=heading)
    if a:
        adj.append(a)
    if wrapped:
        adj.append("quotes kept")
    elif len(quote_marks(text, s, e)) > len(prefix) + len(suffix):
        adj.append("inner quotes dropped")
    body = prefix + new + suffix
    # a word repeated right after the span: "One Belt, One Road initiative" -> "... Initiative"
    last = re.findall(r"[A-Za-z]+", new)
    qs, qe, quoted = s, e, wrapped
    if not wrapped and not prefix and not suffix and 0 < s and e < len(text) and text[s - 1] in OPENERS \
            and text[e] == QUOTE_PAIRS.get(text[s - 1]):
        qs, qe, quoted = s - 1, e + 1, True  # quotes right around the span
    m = _NEXT_WORD_RE.match(text[qe:])
    if m and last and len(last[-1]) > 2 and m.group(2).casefold() == last[-1].casefold() and (quoted or not suffix):
        if quoted:  # '"One Belt, One Road" initiative' -> 'Belt and Road Initiative': the quotes go too
            body = new
            if "quotes kept" in adj:
                adj.remove("quotes kept")
            adj.append("quotes dropped")
            s = qs
        e = qe + len(m.group(0))
        adj.append(f"merged '{m.group(2)}'")
    # "a"/"an" right before the span (or before its opening quote)
    art = _ARTICLE_RE.search(text[:s])
    if art and is_plural_phrase(new):
        # "an institutional and mechanism system" -> "systems and mechanisms": no article
        body = art.group(2).lstrip() + body if art.group(2).strip() else body
        s = art.start(1)
        adj.append(f"article {art.group(1)} dropped (plural)")
    elif art:
        want = indefinite_article(new)
        have = art.group(1)
        if have.lower() != want:
            want = want.upper() if have.isupper() and len(have) > 1 else (want.capitalize() if have[0].isupper()
                                                                           else want)
            body = want + art.group(2) + body
            s = art.start(1)
            adj.append(f"article {have}->{want}")
    if text[s:e] == body:
        return None
    return _Edit(s, e, body, use, preferred, why, tuple(adj))


def _why(use: TermUse) -> str:
    if use.evidence == "banned" and not use.zh:
        return "banned"
    if use.status in ("deprecated", "superseded"):
        return use.status
    return "literal"


# ------------------------------------------------------------------ editor
class PostEditor:
    """Configured post-editor; see :func:`postedit`."""

    version = POSTEDIT_VERSION

    def __init__(self, *, glossary: GlossaryLike = None, literal: bool = True, method: str = "default",
                 banned_forms: Optional[Sequence[str]] = None, date: DateLike = None) -> None:
        from ..align.terms import TermAligner
        from ..matching.matcher import TermMatcher

        if not isinstance(literal, bool):
            raise InputError(f"literal must be True or False, got {literal!r}", field="literal")
        self.glossary: Glossary = as_glossary(glossary)
        self.literal = literal
        self.method = method
        self.aligner = TermAligner(glossary=self.glossary, method=method)
        self.en_matcher = TermMatcher.for_glossary(self.glossary, lang="en")
        self.banned = BannedFormFinder(banned_forms)
        self.date = None if date is None else as_date(date, field="date")  # None: today, at each edit

    def edit(self, sources: Sequence[str], hypotheses: Sequence[str], *, word_alignments=None,
             src_path: Optional[str] = None, hyp_path: Optional[str] = None,
             dates: Optional[Sequence[DateLike]] = None, dates_path: Optional[str] = None) -> PostEditResult:
        src, hyp, _ = check_segments(sources, hypotheses, None, src_path=src_path, hyp_path=hyp_path)
        days = segment_dates(len(hyp), date=self.date, dates=dates, dates_path=dates_path)
        hits = english_matches(self.en_matcher, hyp)  # the one scan of each hypothesis
        uses = resolve_term_uses(list(zip(src, hyp)), glossary=self.glossary, word_alignments=word_alignments,
                                 aligner=self.aligner, en_matches=hits)
        uses = uses_at(uses, self.glossary, days)
        by_line: Dict[int, List[TermUse]] = {}
        for u in uses:
            by_line.setdefault(u.line, []).append(u)
        outputs: List[str] = []
        changes: List[PostEditChange] = []
        for n, text in enumerate(hyp, start=1):
            seg = by_line.get(n, [])
            taken = [(u.en_start, u.en_end) for u in seg if u.known and u.en_start is not None]
            todo = [u for u in seg if u.en_start is not None and is_rejected(u, literal=self.literal)]
            todo += uses_at(banned_uses(n, text, en_matcher=self.en_matcher, finder=self.banned, taken=taken,
                                        matches=hits[n - 1]), self.glossary, days)
            heading = is_title_case(text, min_words=3)
            edits: List[_Edit] = []
            for u in sorted(todo, key=lambda u: (u.en_start, -(u.en_end - u.en_start))):
                entry = self.glossary.get(u.entry_id)
                alts = [r.en for r in entry.admitted if not r.literal]
                ed = _plan_edit(text, u, entry.preferred.en, _why(u), heading=heading, alternatives=alts)
                if ed is None:
                    continue
                if edits and ed.start < edits[-1].end:  # overlapping spans: keep the first (longest) one
                    continue
                edits.append(ed)
            out_parts: List[str] = []
            pos = 0
            shift = 0
            for ed in edits:
                out_parts.append(text[pos:ed.start])
                out_start = ed.start + shift
                out_parts.append(ed.new)
                shift += len(ed.new) - (ed.end - ed.start)
                pos = ed.end
                u = ed.use
                changes.append(PostEditChange(
                    line=n, entry_id=u.entry_id, zh=u.zh, start=ed.start, end=ed.end, old=text[ed.start:ed.end],
                    new=ed.new, out_start=out_start, out_end=out_start + len(ed.new), rendering=u.en or "",
                    form=u.form or "", preferred=ed.preferred, status=u.status, literal=u.literal, why=ed.why,
                    adjustments=ed.adjustments))
            out_parts.append(text[pos:])
            outputs.append("".join(out_parts))
        meta: Dict[str, Any] = {k: v for k, v in (("source", src_path), ("hypothesis", hyp_path)) if v}
        if self.date is not None:
            meta["date"] = self.date.isoformat()
        if dates is not None:
            meta["dates"] = sorted({d.isoformat() for d in days})
        return PostEditResult(outputs=tuple(outputs), changes=tuple(changes), signature=self.signature(), meta=meta)

    def signature(self) -> str:
        banned = ",".join(self.banned.forms) if self.banned.forms else "none"
        bhash = hashlib.sha256(banned.encode("utf-8")).hexdigest()[:8]
        # the term aligner's signature follows, with the library version at its end
        own = format_signature(f"postedit:{self.version}", [
            ("literal", self.literal), ("banned", f"{len(self.banned.forms)}@{bhash}")], version=False)
        return f"{own}|{self.aligner.signature()}"


def postedit(sources: Sequence[str], hypotheses: Sequence[str], *, glossary: GlossaryLike = None,
             literal: bool = True, method: str = "default", banned_forms: Optional[Sequence[str]] = None,
             word_alignments=None, src_path: Optional[str] = None, hyp_path: Optional[str] = None,
             date: DateLike = None, dates: Optional[Sequence[DateLike]] = None) -> PostEditResult:
    """Replace deprecated (and, with ``literal``, literal) renderings aligned to source terms by the
    preferred rendering; see the module doc.

    ``glossary``: a :class:`~bri_align.Glossary`, a termbase path or None (bundled termbase).
    ``literal=False`` keeps literal renderings the glossary admits.  ``method``: the word
    aligner behind the term aligner (``"none"``: dictionary evidence only).
    ``banned_forms``: forms replaced wherever they occur (default: the benchmark's list).
    ``src_path``/``hyp_path`` only name the inputs in error messages.
    ``date``: the document date (``YYYY-MM-DD`` or a :class:`datetime.date`; default
    today); ``dates``: one per segment.  A rendering in force on that date is kept.
    """
    editor = PostEditor(glossary=glossary, literal=literal, method=method, banned_forms=banned_forms, date=date)
    return editor.edit(sources, hypotheses, word_alignments=word_alignments, src_path=src_path, hyp_path=hyp_path,
                       dates=dates)
