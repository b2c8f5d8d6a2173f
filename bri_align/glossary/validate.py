"""Validation of glossary entries, shared by every loader and by :class:`Glossary` (layer L2).

The rules sit between the entry records (:mod:`.entry`, which they check) and the
collection (:mod:`.model`, whose constructor runs them): entry <- validate <- model.

The checks here are about the *model* (ids, duplicates, statuses); the
file-level checks (UTF-8, YAML syntax, field types, unknown keys) live in the
loaders, which pass a ``locate`` callback so each error names its file and line.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Optional, Sequence, Tuple

from ..errors import GlossaryError
from .entry import Status, TermEntry

__all__ = ["validate_entries", "check_text", "ID_PATTERN"]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$")

# locate(entry_index, field) -> (path, line)
Locator = Callable[[int, Optional[str]], Tuple[Optional[str], Optional[int]]]


def _no_locator(index: int, field: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
    return None, None


def check_text(value: object, *, what: str) -> Optional[str]:
    """Return a problem with a user-facing string, or None when it is fine."""
    if not isinstance(value, str):
        return f"{what} must be a string, got {type(value).__name__} {value!r}"
    if not value:
        return f"{what} is empty; give a non-empty string or remove the field"
    if value != value.strip():
        return f"{what} {value!r} has leading or trailing whitespace; remove it"
    if any(ord(c) < 32 for c in value):
        return f"{what} {value!r} contains a control character"
    return None


def validate_entries(entries: Sequence[TermEntry], *, locate: Locator = _no_locator) -> None:
    """Raise :class:`GlossaryError` at the first entry that breaks a rule."""
    from ..text.normalize import normalize_zh

    seen_ids: Dict[str, int] = {}
    seen_zh: Dict[str, Tuple[str, str]] = {}

    def fail(index: int, entry_id: Optional[str], field: Optional[str], msg: str) -> None:
        path, line = locate(index, field)
        raise GlossaryError(msg, path=path, line=line, field=field, entry_id=entry_id)

    for i, e in enumerate(entries):
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
            key = normalize_zh(value).text
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
