"""Validation of glossary entries, shared by every loader and by :class:`Glossary` (layer L2).

The rules sit between the entry records (:mod:`.entry`, which they check) and the
collection (:mod:`.model`, whose constructor runs them): entry <- validate <- model.

The checks here are about the *model* (ids, duplicates, statuses); the
file-level checks (UTF-8, YAML syntax, field types, unknown keys) live in the
loaders, which pass a ``locate`` callback so each error names its file and line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..errors import GlossaryError
from .entry import (
    AUTHORITIES,
    EVIDENCE_DATE,
    REJECTED_STATUSES,
    Evidence,
    Rendering,
    Status,
    TermEntry,
    evidence_day,
)

__all__ = ["validate_entries", "check_text", "invisible_character", "visible", "ID_PATTERN",
           "evidence_problem", "false_deprecation", "false_deprecation_problem", "MAX_QUOTE"]

#: The longest evidence quote accepted: a quote is a few words to one sentence.
MAX_QUOTE = 400

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$")

# locate(entry_index, field) -> (path, line)
Locator = Callable[[int, Optional[str]], Tuple[Optional[str], Optional[int]]]


def _no_locator(index: int, field: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
    return None, None


_NAMED = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
    "\u00ad": "SOFT HYPHEN",
}


_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def visible(value: str, limit: int = 80) -> str:
    """``value`` quoted for a message, its invisible and control characters written as
    ``\\uXXXX`` escapes (Chinese stays readable), cut at ``limit`` characters."""
    shown = "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _HIDDEN else ch
                    for ch in value[:limit])
    return "'" + shown + ("..." if len(value) > limit else "") + "'"


def invisible_character(value: str) -> Optional[str]:
    """The first character of ``value`` that cannot be seen or typed in a term, as
    ``U+XXXX NAME``, or None.

    Refused: control characters (Unicode category Cc: C0, DEL, C1), format characters
    (Cf: zero-width space/joiners U+200B-U+200D, word joiner U+2060, BOM U+FEFF, soft
    hyphen, bidirectional marks), line and paragraph separators (Zl, Zp) and lone
    surrogates (Cs, from ``\\ud800`` escapes: they cannot be written as UTF-8).  Such a
    character hides a term from the matcher (一带\u200b一路 no longer matches 一带一路)
    and breaks every export.  Emoji and other visible symbols are accepted: they are
    ordinary text to every layer (the matcher, the exports and the dataset).
    """
    for ch in value:
        cat = unicodedata.category(ch)
        if cat in _HIDDEN:
            name = _NAMED.get(ch) or unicodedata.name(ch, "")
            if not name:
                name = {"Cc": "control character", "Cs": "lone surrogate"}.get(cat, "invisible character")
            return f"U+{ord(ch):04X} {name}"
    return None


def check_text(value: object, *, what: str) -> Optional[str]:
    """Return a problem with a user-facing string, or None when it is fine."""
    if not isinstance(value, str):
        if isinstance(value, (list, tuple)):
            return f"{what} must be a string, got a list"
        if isinstance(value, dict):
            return f"{what} must be a string, got a mapping"
        shown = repr(value) if isinstance(value, (int, float, bool, type(None))) else ""
        return f"{what} must be a string, got {type(value).__name__} {shown}".rstrip()
    if not value:
        return f"{what} is empty; give a non-empty string or remove the field"
    bad = invisible_character(value)
    if bad is not None:
        return (f"{what} {visible(value)} contains the invisible or control character {bad}; "
                "remove it (retype the term if it was pasted)")
    if value != value.strip():
        return f"{what} {value!r} has leading or trailing whitespace; remove it"
    return None


def evidence_problem(ev: Evidence) -> Optional[Tuple[str, str]]:
    """The first problem of one evidence item as ``(key, message)``, or None."""
    for key, what in (("authority", "evidence authority"), ("url", "evidence url"),
                      ("quote", "evidence quote")):
        problem = check_text(getattr(ev, key), what=what)
        if problem:
            return key, problem
    if ev.authority not in AUTHORITIES:
        return "authority", (f"unknown authority {visible(ev.authority, 60)}; use exactly one of: "
                             + ", ".join(AUTHORITIES))
    if not isinstance(ev.date, str) or (ev.date and (not EVIDENCE_DATE.match(ev.date)
                                                     or evidence_day(ev.date) is None)):
        return "date", (f"evidence date {ev.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD; write the "
                        "date the source prints, or leave it out")
    if not ev.url.startswith(("http://", "https://")):
        return "url", f"evidence url {visible(ev.url, 60)} is not an http(s) address; give the page's URL"
    if len(ev.quote) > MAX_QUOTE:
        return "quote", (f"evidence quote is {len(ev.quote)} characters; keep it to the words around "
                         f"the rendering (at most {MAX_QUOTE})")
    return None


def false_deprecation(r: Rendering) -> Optional[Evidence]:
    """The official evidence that contradicts a deprecated or superseded rendering, or None.

    The rule: a rejected rendering with ``valid_until`` D may not carry official evidence
    dated on or after D (an official text used it after its deprecation); without
    ``valid_until`` it may not carry official evidence at all (official usage is never
    deprecated outright).  An evidence date names its first possible day (``2015`` is
    2015-01-01), so only evidence surely on or after D counts; undated official
    evidence counts only when there is no ``valid_until``.
    """
    if r.status not in REJECTED_STATUSES:
        return None
    end = evidence_day(r.valid_until) if r.valid_until else None
    for ev in r.evidence:
        if not ev.official:
            continue
        if end is None:
            return ev
        day = ev.day
        if day is not None and day >= end:
            return ev
    return None


def validate_entries(entries: Sequence[TermEntry], *, locate: Locator = _no_locator,
                     errors: Optional[List[GlossaryError]] = None) -> None:
    """Raise :class:`GlossaryError` at the first entry that breaks a rule.

    With an ``errors`` list, nothing is raised: the first problem of every entry is
    appended to it instead (``bri-align glossary validate`` lists them all).
    """
    from ..text.normalize import normalize_zh

    seen_ids: Dict[str, int] = {}
    seen_zh: Dict[str, Tuple[str, str]] = {}

    def fail(index: int, entry_id: Optional[str], field: Optional[str], msg: str) -> None:
        path, line = locate(index, field)
        raise GlossaryError(msg, path=path, line=line, field=field, entry_id=entry_id)

    for i, e in enumerate(entries):
        if errors is None:
            _check_entry(i, e, fail, seen_ids, seen_zh, normalize_zh)
            continue
        try:
            _check_entry(i, e, fail, seen_ids, seen_zh, normalize_zh)
        except GlossaryError as exc:
            errors.append(exc)


def _check_entry(i: int, e: TermEntry, fail: Callable[..., None], seen_ids: Dict[str, int],
                 seen_zh: Dict[str, Tuple[str, str]], normalize_zh: Callable[..., object]) -> None:
    if not isinstance(e.id, str) or not ID_PATTERN.match(e.id):
        fail(i, None, "id", f"id {e.id!r} is not valid; use lower-case ASCII letters, digits and "
             "'-', starting with a letter (e.g. 'belt-and-road-initiative')")
    if e.id in seen_ids:
        fail(i, e.id, "id", f"duplicate id '{e.id}' (first used by entry #{seen_ids[e.id] + 1}); "
             "ids must be unique: rename one of them")
    seen_ids[e.id] = i

    for fld, value in [("zh", e.zh)] + [("zh_variants", v) for v in e.zh_variants]:
        problem = check_text(value, what="Chinese term")
        if problem:
            fail(i, e.id, fld, problem)
        key = normalize_zh(value).text  # type: ignore[attr-defined]
        if key in seen_zh and seen_zh[key][0] != e.id:
            other, form = seen_zh[key]
            fail(i, e.id, fld, f"Chinese term '{value}' is also in entry '{other}' (as '{form}'); "
                 "one Chinese term may belong to one entry only: merge the entries or drop the variant")
        seen_zh[key] = (e.id, value)

    if not e.renderings:
        fail(i, e.id, "renderings", "no English renderings; give at least a preferred one")
    statuses: Dict[str, Status] = {}
    preferred = 0
    for r in e.renderings:
        problem = check_text(r.en, what="English rendering")
        if problem:
            fail(i, e.id, "renderings.en", problem)
        if not isinstance(r.status, Status):
            fail(i, e.id, "renderings.status", f"unknown status {r.status!r}; expected one of "
                 + ", ".join(s.value for s in Status))
        key = r.en.casefold()
        if key in statuses:
            before = statuses[key]
            if before is r.status:
                fail(i, e.id, "renderings.en", f"rendering '{r.en}' is listed twice; remove one")
            fail(i, e.id, "renderings.status", f"rendering '{r.en}' is both {before.value} and "
                 f"{r.status.value}; give it one status")
        statuses[key] = r.status
        if r.status is Status.PREFERRED:
            preferred += 1
        _check_rendering(i, e, r, fail)
    if preferred == 0:
        fail(i, e.id, "renderings.status", "no preferred rendering; mark exactly one rendering "
             "'status: preferred'")
    if preferred > 1:
        fail(i, e.id, "renderings.status", f"{preferred} preferred renderings; mark exactly one "
             "'preferred' and the others 'admitted'")
    for s in e.sources:
        problem = check_text(s.authority, what="source authority")
        if problem:
            fail(i, e.id, "sources.authority", problem)
    for fld, value in _free_text(e):
        if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
            fail(i, e.id, fld, f"{fld} {visible(value)} contains a lone surrogate (from a \\ud800-style "
                 "escape), which cannot be written as UTF-8; remove it")


def _check_rendering(i: int, e: TermEntry, r: Rendering, fail: Callable[..., None]) -> None:
    """Evidence, attestation, validity dates and the false-deprecation guard of one rendering."""
    for ev in r.evidence:
        if not isinstance(ev, Evidence):
            fail(i, e.id, "renderings.evidence", f"evidence of '{r.en}' must be Evidence records, "
                 f"got {type(ev).__name__}")
        problem = evidence_problem(ev)
        if problem:
            fail(i, e.id, "renderings.evidence." + problem[0], problem[1])
    if not isinstance(r.attested, bool):
        fail(i, e.id, "renderings.attested", f"attested must be true or false, got {r.attested!r}")
    if r.attested and not r.evidence:
        fail(i, e.id, "renderings.attested", f"rendering '{r.en}' is attested but has no evidence; add "
             "an evidence item {authority, date, url, quote} or set attested: false")
    if not r.attested and r.evidence:
        fail(i, e.id, "renderings.attested", f"rendering '{r.en}' has evidence but attested: false; "
             "drop 'attested' (evidence makes it attested)")
    days = {}
    for fld in ("valid_from", "valid_until"):
        value = getattr(r, fld)
        if value:
            day = evidence_day(value) if isinstance(value, str) and len(value) == 10 else None
            if day is None:
                fail(i, e.id, "renderings." + fld, f"{value!r} is not an ISO date (YYYY-MM-DD)")
            days[fld] = day
    if len(days) == 2 and days["valid_from"] >= days["valid_until"]:
        fail(i, e.id, "renderings.valid_until", f"rendering '{r.en}' is valid from {r.valid_from} "
             f"until {r.valid_until}: valid_until must come after valid_from")
    if r.valid_until and r.status is Status.PREFERRED:
        fail(i, e.id, "renderings.valid_until", f"preferred rendering '{r.en}' has valid_until "
             f"{r.valid_until}; the preferred rendering is the usage in force now: drop valid_until, "
             "or demote it to admitted/superseded and make the current usage preferred")
    problem = false_deprecation_problem(r)
    if problem:
        fail(i, e.id, "renderings.status", problem)
    official = next((ev for ev in r.evidence if ev.kind == "official"), None)
    if r.literal and r.accepted and official is not None:
        # QA, the audit and post-editing treat a literal rendering as one to replace
        when = f" dated {official.date}" if official.date else ""
        fail(i, e.id, "renderings.literal", f"rendering '{r.en}' is marked literal (word-for-word MT that "
             f"QA and post-editing replace) but the official source {official.authority}{when} uses it "
             f"({official.url}): drop literal: true, or remove the evidence if it is about another concept")


def false_deprecation_problem(r: Rendering) -> Optional[str]:
    """The message for :func:`false_deprecation` (what is wrong and what to do), or None."""
    bad = false_deprecation(r)
    if bad is None:
        return None
    when = f" dated {bad.date}" if bad.date else " (undated)"
    if r.valid_until:
        cause = f"after its valid_until {r.valid_until}"
        todo = "move valid_until past that date, or make it admitted if official texts still use it"
    else:
        cause = "and it has no valid_until"
        todo = ("make it admitted (or preferred) if official texts use it, or give the date of the change as "
                "valid_until")
    todo += "; if the source uses these words for another concept, it is no evidence here: remove it"
    return (f"rendering '{r.en}' is {r.status.value} but the official source {bad.authority}{when} uses it "
            f"({bad.url}) {cause}: false deprecation; {todo}")


def _free_text(e: TermEntry) -> List[Tuple[str, str]]:
    """Every free-text field of an entry (terms are checked by :func:`check_text`)."""
    out = [("pinyin", e.pinyin), ("definition", e.definition), ("note", e.note)]
    for s in e.sources:
        out += [("sources.citation", s.citation), ("sources.url", s.url)]
    for r in e.renderings:
        out += [("renderings.reason", r.reason), ("renderings.note", r.note)]
        out += [("renderings.evidence.quote", ev.quote) for ev in r.evidence]
        if r.source is not None:
            out += [("renderings.source.authority", r.source.authority),
                    ("renderings.source.citation", r.source.citation),
                    ("renderings.source.url", r.source.url)]
    return out
