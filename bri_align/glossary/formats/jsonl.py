"""JSON Lines export and import of a glossary: one entry per line (layer L2).

Each line is a JSON object with the keys below, always all of them, always in this
order (``ensure_ascii=False``, so Chinese stays readable)::

    id, zh, zh_variants, pinyin,
    en_preferred, en_admitted, en_deprecated,      # flat views for quick use
    category, definition, sources, verified, note,
    renderings                                      # full rendering dicts

``en_preferred`` is the preferred rendering, ``en_admitted`` the admitted ones and
``en_deprecated`` the deprecated *and* superseded ones, each in termbase order.
They are derived from ``renderings``, which holds everything (status, reason,
literal, seen_in_seed, validity dates, source, note, evidence) in
:meth:`Rendering.to_dict` form, plus four keys always present on every rendering:
``evidence`` (a list of ``{authority, date, url, quote}``), ``attested`` (a
boolean), ``valid_from`` and ``valid_until`` (``""`` when absent).  Absent optional
values are written as ``""``, ``[]`` or ``true`` (``verified``) so every line has the
same schema.  On import ``valid_to`` (the old name of ``valid_until``) is still read.

Import rebuilds the exact :class:`TermEntry`.  When ``renderings`` is present,
the ``en_*`` keys, if given, must agree with it (they are checked, not merged).
A line without ``renderings`` is built from the ``en_*`` keys alone (deprecated
ones get status ``deprecated``), so a hand-written or third-party JSONL with just
``id``, ``zh`` and ``en_preferred`` can be imported too.

Every error names the file, the line, the entry id and the key.  Lines are split
on ``\\n`` only (JSON escapes every other line break inside strings), blank lines
are skipped.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ...errors import GlossaryError, InputError
from ...io import iter_jsonl
from ..model import Category, Evidence, Glossary, Rendering, Source, Status, TermEntry
from ..validate import check_text, evidence_problem, validate_entries

__all__ = ["dump_jsonl", "load_jsonl", "read_jsonl", "entry_to_record", "rendering_to_record", "KEYS"]

KEYS: Tuple[str, ...] = (
    "id",
    "zh",
    "zh_variants",
    "pinyin",
    "en_preferred",
    "en_admitted",
    "en_deprecated",
    "category",
    "definition",
    "sources",
    "verified",
    "note",
    "renderings",
)
RENDERING_KEYS = ("en", "status", "reason", "literal", "seen_in_seed", "valid_from", "valid_until",
                  "source", "note", "evidence", "attested", "valid_to")
SOURCE_KEYS = ("authority", "citation", "url")
EVIDENCE_KEYS = ("authority", "date", "url", "quote")


def rendering_to_record(r: Rendering) -> Dict[str, Any]:
    """A rendering's JSONL object: :meth:`Rendering.to_dict` with ``evidence``,
    ``attested``, ``valid_from`` and ``valid_until`` always present."""
    return r.to_record()


def entry_to_record(entry: TermEntry) -> Dict[str, Any]:
    """The JSONL object of one entry, keys in :data:`KEYS` order."""
    return {
        "id": entry.id,
        "zh": entry.zh,
        "zh_variants": list(entry.zh_variants),
        "pinyin": entry.pinyin,
        "en_preferred": entry.preferred.en,
        "en_admitted": [r.en for r in entry.admitted],
        "en_deprecated": [r.en for r in entry.deprecated],
        "category": entry.category.value,
        "definition": entry.definition,
        "sources": [s.to_dict() for s in entry.sources],
        "verified": entry.verified,
        "note": entry.note,
        "renderings": [rendering_to_record(r) for r in entry.renderings],
    }


def dump_jsonl(glossary: Glossary) -> str:
    """One JSON object per entry and line, UTF-8 text ending in a newline."""
    return "".join(json.dumps(entry_to_record(e), ensure_ascii=False) + "\n" for e in glossary)


# ----------------------------------------------------------------------- import
class _Line:
    """Error helper for one JSONL line."""

    def __init__(self, path: Optional[str], lineno: int) -> None:
        self.path = path
        self.lineno = lineno
        self.entry_id: Optional[str] = None

    def fail(self, field: Optional[str], message: str) -> None:
        raise GlossaryError(message, path=self.path, line=self.lineno, field=field,
                            entry_id=self.entry_id)

    def keys(self, d: Any, allowed: Sequence[str], *, what: str, field: Optional[str]) -> Mapping[str, Any]:
        if not isinstance(d, dict):
            self.fail(field, f"{what} must be a JSON object, got {_kind(d)}")
        for key in d:
            if key not in allowed:
                self.fail(field + "." + key if field else key,
                          f"unknown key '{key}' in {what}; allowed keys: {', '.join(allowed)}")
        return d

    def text(self, d: Mapping[str, Any], key: str, *, field: str, what: str,
             required: bool = False, term: bool = False) -> str:
        """A string value; ``""`` and a missing key mean "absent" unless required.

        Terms (``term=True``: ids, Chinese terms, renderings, authorities) must
        pass :func:`check_text`; free text (notes, reasons, definitions...) only
        has to be a string, as in the model, so every valid entry round-trips.
        """
        if key not in d:
            if required:
                self.fail(field, f"missing required key '{key}'")
            return ""
        value = d[key]
        if not isinstance(value, str):
            self.fail(field, f"{what} must be a string, got {_kind(value)}")
        if not term:
            return value
        problem = check_text(value, what=what)
        if problem:
            self.fail(field, problem)
        return value

    def text_list(self, d: Mapping[str, Any], key: str, *, field: str, what: str) -> List[str]:
        value = d.get(key, [])
        if not isinstance(value, list):
            self.fail(field, f"{key} must be a list of strings, got {_kind(value)}")
        out = []
        for k, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{field}[{k}]", f"{what} must be a string, got {_kind(item)}")
            problem = check_text(item, what=what)
            if problem:
                self.fail(f"{field}[{k}]", problem)
            out.append(item)
        return out

    def boolean(self, d: Mapping[str, Any], key: str, default: bool, *, field: str) -> bool:
        if key not in d:
            return default
        value = d[key]
        if not isinstance(value, bool):
            self.fail(field, f"must be true or false, got {_kind(value)}")
        return value

    def date(self, d: Mapping[str, Any], key: str, *, field: str) -> str:
        value = self.text(d, key, field=field, what=key)
        if value:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                self.fail(field, f"{value!r} is not an ISO date (YYYY-MM-DD)")
        return value

    def evidence(self, d: Mapping[str, Any], *, field: str) -> Tuple[Evidence, ...]:
        raw = d.get("evidence", [])
        if not isinstance(raw, list):
            self.fail(field, f"evidence must be a list of objects, got {_kind(raw)}")
        out = []
        for k, item in enumerate(raw):
            f = f"{field}[{k}]"
            self.keys(item, EVIDENCE_KEYS, what="an evidence item", field=f)
            ev = Evidence(
                authority=self.text(item, "authority", field=f + ".authority", what="evidence authority",
                                    required=True, term=True),
                date=self.text(item, "date", field=f + ".date", what="evidence date"),
                url=self.text(item, "url", field=f + ".url", what="evidence url", required=True),
                quote=self.text(item, "quote", field=f + ".quote", what="evidence quote", required=True),
            )
            problem = evidence_problem(ev)
            if problem:
                self.fail(f"{f}.{problem[0]}", problem[1])
            out.append(ev)
        return tuple(out)

    def source(self, d: Any, *, field: str) -> Source:
        self.keys(d, SOURCE_KEYS, what="a source", field=field)
        return Source(
            authority=self.text(d, "authority", field=field + ".authority", what="source authority",
                                required=True, term=True),
            citation=self.text(d, "citation", field=field + ".citation", what="source citation"),
            url=self.text(d, "url", field=field + ".url", what="source url"),
        )


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return f"{names.get(type(value), type(value).__name__)} ({json.dumps(value, ensure_ascii=False)[:60]})"


def _rendering(ln: _Line, d: Any, *, field: str) -> Rendering:
    ln.keys(d, RENDERING_KEYS, what="a rendering", field=field)
    en = ln.text(d, "en", field=field + ".en", what="English rendering", required=True, term=True)
    if "status" not in d:
        ln.fail(field + ".status", "missing required key 'status'")
    raw = d["status"]
    try:
        status = Status(raw)
    except ValueError:
        ln.fail(field + ".status", f"unknown status {raw!r} for rendering '{en}'; expected one of "
                + ", ".join(s.value for s in Status))
    src = d.get("source")
    if "valid_to" in d and "valid_until" in d:
        ln.fail(field + ".valid_to", "both valid_until and valid_to (its old name) are given; keep "
                "valid_until")
    until_key = "valid_to" if "valid_to" in d else "valid_until"
    evidence = ln.evidence(d, field=field + ".evidence")
    attested = ln.boolean(d, "attested", bool(evidence), field=field + ".attested")
    if attested != bool(evidence):
        ln.fail(field + ".attested", f"attested is {str(attested).lower()} but the rendering '{en}' has "
                + ("evidence: drop 'attested' or set it true" if evidence else
                   "no evidence: add evidence items or set attested false"))
    return Rendering(
        en=en,
        status=status,
        reason=ln.text(d, "reason", field=field + ".reason", what="reason"),
        literal=ln.boolean(d, "literal", False, field=field + ".literal"),
        seen_in_seed=ln.boolean(d, "seen_in_seed", False, field=field + ".seen_in_seed"),
        valid_from=ln.date(d, "valid_from", field=field + ".valid_from"),
        valid_until=ln.date(d, until_key, field=field + "." + until_key),
        source=None if src is None else ln.source(src, field=field + ".source"),
        note=ln.text(d, "note", field=field + ".note", what="note"),
        evidence=evidence,
        attested=attested,
    )


def _renderings_from_flat(ln: _Line, d: Mapping[str, Any]) -> Tuple[Rendering, ...]:
    if "en_preferred" not in d:
        ln.fail("renderings", "give 'renderings' (a list of rendering objects) or at least "
                "'en_preferred'")
    pref = ln.text(d, "en_preferred", field="en_preferred", what="English rendering", required=True,
                   term=True)
    out = [Rendering(en=pref, status=Status.PREFERRED)]
    out += [Rendering(en=t, status=Status.ADMITTED)
            for t in ln.text_list(d, "en_admitted", field="en_admitted", what="English rendering")]
    out += [Rendering(en=t, status=Status.DEPRECATED)
            for t in ln.text_list(d, "en_deprecated", field="en_deprecated", what="English rendering")]
    return tuple(out)


def _check_flat_views(ln: _Line, d: Mapping[str, Any], renderings: Sequence[Rendering]) -> None:
    views = {
        "en_preferred": [r.en for r in renderings if r.status is Status.PREFERRED],
        "en_admitted": [r.en for r in renderings if r.status is Status.ADMITTED],
        "en_deprecated": [r.en for r in renderings
                          if r.status in (Status.DEPRECATED, Status.SUPERSEDED)],
    }
    for key, expected in views.items():
        if key not in d:
            continue
        given = d[key]
        if key == "en_preferred":
            ok = len(expected) == 1 and given == expected[0]
            shown = expected[0] if len(expected) == 1 else expected
        else:
            ok = given == expected
            shown = expected
        if not ok:
            ln.fail(key, f"{key} {json.dumps(given, ensure_ascii=False)} does not match 'renderings' "
                    f"({json.dumps(shown, ensure_ascii=False)}); the en_* keys are derived from "
                    "'renderings': edit 'renderings', or drop it to build the entry from en_* alone")


def _entry(ln: _Line, d: Any) -> TermEntry:
    if not isinstance(d, dict):
        ln.fail(None, f"each line must be a JSON object (one entry), got {_kind(d)}")
    if isinstance(d.get("id"), str):
        ln.entry_id = d["id"]
    ln.keys(d, KEYS, what="an entry", field=None)
    eid = ln.text(d, "id", field="id", what="id", required=True, term=True)
    zh = ln.text(d, "zh", field="zh", what="Chinese term", required=True, term=True)
    raw_cat = d.get("category", Category.CONCEPT.value)
    try:
        category = Category(raw_cat)
    except ValueError:
        ln.fail("category", f"unknown category {raw_cat!r}; expected one of "
                + ", ".join(c.value for c in Category))
    if "renderings" in d:
        raw = d["renderings"]
        if not isinstance(raw, list) or not raw:
            ln.fail("renderings", f"renderings must be a non-empty list, got {_kind(raw)}")
        renderings = tuple(_rendering(ln, r, field=f"renderings[{k}]") for k, r in enumerate(raw))
        _check_flat_views(ln, d, renderings)
    else:
        renderings = _renderings_from_flat(ln, d)
    raw_sources = d.get("sources", [])
    if not isinstance(raw_sources, list):
        ln.fail("sources", f"sources must be a list of objects, got {_kind(raw_sources)}")
    return TermEntry(
        id=eid,
        zh=zh,
        renderings=renderings,
        category=category,
        zh_variants=tuple(ln.text_list(d, "zh_variants", field="zh_variants", what="Chinese variant")),
        pinyin=ln.text(d, "pinyin", field="pinyin", what="pinyin"),
        definition=ln.text(d, "definition", field="definition", what="definition"),
        sources=tuple(ln.source(s, field=f"sources[{k}]") for k, s in enumerate(raw_sources)),
        verified=ln.boolean(d, "verified", True, field="verified"),
        note=ln.text(d, "note", field="note", what="note"),
    )


def load_jsonl(text: str, *, path: Optional[str] = None, name: str = "glossary") -> Glossary:
    """Parse JSONL text (see the module docstring) into a validated :class:`Glossary`."""
    glossary = read_jsonl(text, path=path, name=name, errors=None)
    assert glossary is not None  # without an error list, every problem raises
    return glossary


def read_jsonl(text: str, *, path: Optional[str] = None, name: str = "glossary",
               errors: Optional[List[GlossaryError]] = None) -> Optional[Glossary]:
    """:func:`load_jsonl`; with an ``errors`` list, the first problem of each line is
    appended there instead of raised (JSON that does not parse ends the reading), and
    None is returned when there was any."""
    entries: List[TermEntry] = []
    lines: List[int] = []
    rows = iter_jsonl(path or "<text>", what="JSONL glossary", text=text, expect=None,
                      shape="one complete JSON object (one entry)")
    while True:
        try:
            lineno, obj = next(rows)
        except StopIteration:
            break
        except InputError as exc:  # bad JSON or a lone surrogate: a glossary file that does not load
            err = exc if isinstance(exc, GlossaryError) else GlossaryError(exc.message, path=path, line=exc.line)
            if errors is None:
                raise err from None
            errors.append(err)
            break  # the reader cannot go on after a line it could not parse
        try:
            entries.append(_entry(_Line(path, lineno), obj))
        except GlossaryError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        lines.append(lineno)

    def locate(index: int, field: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
        return path, (lines[index] if index < len(lines) else None)

    validate_entries(entries, locate=locate, errors=errors)
    if errors:
        return None
    return Glossary.from_entries(entries, name=name)
