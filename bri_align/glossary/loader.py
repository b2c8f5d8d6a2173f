"""Load and validate the curated termbase (YAML) with located errors (layer L2).

Why YAML: the termbase is written and reviewed by people.  YAML keeps one field
per line (diffs stay small and readable), allows comments next to a doubtful
entry, holds Chinese text without escapes and nests renderings naturally.  TOML
would need arrays of tables for the renderings, and JSONL puts a whole entry on
one line, which makes every review diff unreadable.  JSONL is still offered as
an export for machines.

Every error names the file, the line, the entry id and the field.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from ..errors import GlossaryError
from ..io import cache_read_json, cache_write_json, decode_utf8
from .model import Category, Evidence, Glossary, Rendering, Source, Status, TermEntry
from .validate import check_text, evidence_problem, false_deprecation_problem, validate_entries, visible

__all__ = ["load_termbase", "check_termbase", "TermbaseCheck", "parse_termbase_text", "default_termbase_path",
           "compute_pinyin", "MAX_DEPTH"]

PathLike = Union[str, "os.PathLike[str]"]

ENTRY_KEYS = {
    "id": True,
    "zh": True,
    "renderings": True,
    "category": True,
    "zh_variants": False,
    "pinyin": False,
    "definition": False,
    "sources": False,
    "verified": False,
    "note": False,
}
RENDERING_KEYS = {
    "en": True,
    "status": True,
    "reason": False,
    "literal": False,
    "seen_in_seed": False,
    "valid_from": False,
    "valid_until": False,
    "valid_to": False,  # the old name of valid_until, still read
    "source": False,
    "note": False,
    "evidence": False,
    "attested": False,
}
SOURCE_KEYS = {"authority": True, "citation": False, "url": False}
EVIDENCE_KEYS = {"authority": True, "date": False, "url": True, "quote": True}
TOP_KEYS = {"entries": True, "meta": False}
#: How deep YAML collections may nest.  A termbase needs 6 levels (entries > entry >
#: renderings > rendering > evidence > item); deeper input is refused with its line before
#: PyYAML's recursive composer overflows the stack.
MAX_DEPTH = 32


def default_termbase_path() -> Path:
    """The bundled termbase (``corpora/termbase``, installed inside the package as
    ``bri_align/_data/termbase``); see :func:`bri_align.resources.bundled_path`."""
    from ..resources import bundled_path

    return bundled_path("termbase")


# --------------------------------------------------------------------------- YAML
def _yaml_loader():
    import yaml

    # libyaml's parser when PyYAML has it: ten times faster on a 50,000-entry termbase
    base = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None

    class LineLoader(base or yaml.SafeLoader):  # type: ignore[misc,valid-type]
        """SafeLoader whose mappings remember the line of each key (1-based), whose
        collections nest at most :data:`MAX_DEPTH` deep, and whose keys are scalars."""

        _depth = 0

        def compose_node(self, parent, index):  # type: ignore[override]
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise _TooDeep(self.peek_event().start_mark.line + 1)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _BadKey(key_node.id, key_node.start_mark.line + 1)
            key = loader.construct_object(key_node, deep=True)
            if key in mapping:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            mapping[key] = loader.construct_object(value_node, deep=True)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_seq(loader, node):
        seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [child.start_mark.line + 1 for child in node.value]
        return seq

    # Keep dates as strings: "2015-03-28" is a validity date, not a datetime.
    def construct_str_timestamp(loader, node):
        return loader.construct_scalar(node)

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_seq)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_str_timestamp)
    LineLoader.uses_libyaml = base is not None  # type: ignore[attr-defined]
    return yaml, LineLoader


def _check_depth(yaml: Any, Loader: Any, text: str) -> None:
    """Refuse collections nested deeper than :data:`MAX_DEPTH` before libyaml composes them
    (its composer recurses in C); the parser's events are a flat, cheap stream."""
    depth = 0
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, starts):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark.line + 1)
        elif isinstance(event, ends):
            depth -= 1


class LineDict(dict):
    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.line: int = 0
        self.lines: Dict[str, int] = {}


class LineList(list):
    line: int = 0
    item_lines: List[int] = []


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        self.key, self.line = key, line


class _BadKey(Exception):
    def __init__(self, kind: str, line: int) -> None:
        self.kind, self.line = kind, line


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _shown(value: Any) -> str:
    """A value for a message: scalars as repr (cut short), collections by type only (an
    alias-bomb list would otherwise be expanded by repr)."""
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = visible(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ----------------------------------------------------------------------- parsing
class _Ctx:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, msg: str, *, line: Optional[int], field: Optional[str] = None,
             entry_id: Optional[str] = None) -> None:
        raise GlossaryError(msg, path=self.path, line=line, field=field, entry_id=entry_id)


def _line_of(d: Any, key: Optional[str] = None) -> Optional[int]:
    if isinstance(d, LineDict):
        if key is not None and key in d.lines:
            return d.lines[key]
        return d.line
    return getattr(d, "line", None)


def _check_keys(ctx: _Ctx, d: Any, spec: Dict[str, bool], *, what: str, entry_id: Optional[str],
                prefix: str, line: Optional[int]) -> None:
    if not isinstance(d, dict):
        ctx.fail(f"{what} must be a mapping of fields, got {_shown(d)}",
                 line=line, field=prefix.rstrip(".") or None, entry_id=entry_id)
    for key in d:
        if key not in spec:
            allowed = ", ".join(spec)
            ctx.fail(f"unknown field {_shown(key)} in {what}; allowed fields: {allowed}",
                     line=_line_of(d, key), field=prefix + str(key), entry_id=entry_id)
    for key, required in spec.items():
        if required and key not in d:
            ctx.fail(f"missing required field '{key}' in {what}", line=_line_of(d),
                     field=prefix + key, entry_id=entry_id)


def _text(ctx: _Ctx, d: dict, key: str, *, entry_id: Optional[str], field: str,
          what: str, optional: bool = False) -> str:
    if key not in d or (optional and d[key] is None):
        return ""
    value = d[key]
    problem = check_text(value, what=what)
    if problem:
        ctx.fail(problem, line=_line_of(d, key), field=field, entry_id=entry_id)
    return value


def _bool(ctx: _Ctx, d: dict, key: str, default: bool, *, entry_id: Optional[str], field: str) -> bool:
    if key not in d:
        return default
    value = d[key]
    if not isinstance(value, bool):
        ctx.fail(f"must be true or false, got {_shown(value)}", line=_line_of(d, key), field=field,
                 entry_id=entry_id)
    return value


def _date(ctx: _Ctx, d: dict, key: str, *, entry_id: Optional[str], field: str) -> str:
    if key not in d:
        return ""
    value = d[key]
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        datetime.date.fromisoformat(value)
    except ValueError:
        ctx.fail(f"{_shown(value)} is not an ISO date (YYYY-MM-DD)", line=_line_of(d, key), field=field,
                 entry_id=entry_id)
    return value


def _source(ctx: _Ctx, d: Any, *, entry_id: Optional[str], field: str, line: Optional[int]) -> Source:
    _check_keys(ctx, d, SOURCE_KEYS, what="a source", entry_id=entry_id, prefix=field + ".", line=line)
    return Source(
        authority=_text(ctx, d, "authority", entry_id=entry_id, field=field + ".authority",
                        what="source authority"),
        citation=_text(ctx, d, "citation", entry_id=entry_id, field=field + ".citation",
                       what="source citation", optional=True),
        url=_text(ctx, d, "url", entry_id=entry_id, field=field + ".url", what="source url",
                  optional=True),
    )


def _evidence(ctx: _Ctx, d: Any, *, entry_id: str, line: Optional[int]) -> Evidence:
    field = "renderings.evidence"
    _check_keys(ctx, d, EVIDENCE_KEYS, what="an evidence item", entry_id=entry_id, prefix=field + ".",
                line=line)
    date = d.get("date")
    if isinstance(date, int) and not isinstance(date, bool):
        date = str(date)  # YAML reads a bare year (2015) as a number
    elif date is None:
        date = ""
    elif not isinstance(date, str):
        ctx.fail(f"evidence date must be YYYY, YYYY-MM or YYYY-MM-DD, got {_shown(date)}",
                 line=_line_of(d, "date"), field=field + ".date", entry_id=entry_id)
    ev = Evidence(
        authority=_text(ctx, d, "authority", entry_id=entry_id, field=field + ".authority",
                        what="evidence authority"),
        date=date,
        url=_text(ctx, d, "url", entry_id=entry_id, field=field + ".url", what="evidence url"),
        quote=_text(ctx, d, "quote", entry_id=entry_id, field=field + ".quote", what="evidence quote"),
    )
    problem = evidence_problem(ev)
    if problem:
        key, message = problem
        ctx.fail(message, line=_line_of(d, key), field=f"{field}.{key}", entry_id=entry_id)
    return ev


def _evidence_list(ctx: _Ctx, d: dict, *, entry_id: str) -> Tuple[Evidence, ...]:
    raw = d.get("evidence")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        ctx.fail(f"evidence must be a list of {{authority, date, url, quote}} items, got {_shown(raw)}",
                 line=_line_of(d, "evidence"), field="renderings.evidence", entry_id=entry_id)
    lines = getattr(raw, "item_lines", [])
    return tuple(_evidence(ctx, item, entry_id=entry_id,
                           line=lines[k] if k < len(lines) else _line_of(d, "evidence"))
                 for k, item in enumerate(raw))


def _rendering(ctx: _Ctx, d: Any, *, entry_id: str, line: Optional[int]) -> Rendering:
    _check_keys(ctx, d, RENDERING_KEYS, what="a rendering", entry_id=entry_id,
                prefix="renderings.", line=line)
    en = _text(ctx, d, "en", entry_id=entry_id, field="renderings.en", what="English rendering")
    raw_status = d["status"]
    try:
        status = Status(raw_status)
    except (ValueError, TypeError):
        ctx.fail(f"unknown status {_shown(raw_status)} for rendering '{en}'; expected one of "
                 + ", ".join(s.value for s in Status), line=_line_of(d, "status"),
                 field="renderings.status", entry_id=entry_id)
    src = d.get("source")
    if "valid_to" in d and "valid_until" in d:
        ctx.fail("both valid_until and valid_to (its old name) are given; keep valid_until",
                 line=_line_of(d, "valid_to"), field="renderings.valid_to", entry_id=entry_id)
    until_key = "valid_to" if "valid_to" in d else "valid_until"
    evidence = _evidence_list(ctx, d, entry_id=entry_id)
    attested = _bool(ctx, d, "attested", bool(evidence), entry_id=entry_id, field="renderings.attested")
    if "attested" in d and attested != bool(evidence):
        ctx.fail(f"attested: false but the rendering '{en}' has evidence; drop 'attested' (evidence "
                 "makes it attested)" if evidence else
                 f"attested: true but the rendering '{en}' has no evidence; add an evidence item "
                 "{authority, date, url, quote} or write attested: false",
                 line=_line_of(d, "attested"), field="renderings.attested", entry_id=entry_id)
    rendering = Rendering(
        en=en,
        status=status,
        reason=_text(ctx, d, "reason", entry_id=entry_id, field="renderings.reason",
                     what="reason", optional=True),
        literal=_bool(ctx, d, "literal", False, entry_id=entry_id, field="renderings.literal"),
        seen_in_seed=_bool(ctx, d, "seen_in_seed", False, entry_id=entry_id,
                           field="renderings.seen_in_seed"),
        valid_from=_date(ctx, d, "valid_from", entry_id=entry_id, field="renderings.valid_from"),
        valid_until=_date(ctx, d, until_key, entry_id=entry_id, field="renderings." + until_key),
        source=None if src is None else _source(ctx, src, entry_id=entry_id, field="renderings.source",
                                                line=_line_of(d, "source")),
        note=_text(ctx, d, "note", entry_id=entry_id, field="renderings.note", what="note",
                   optional=True),
        evidence=evidence,
        attested=attested,
    )
    problem = false_deprecation_problem(rendering)  # here, to name the rendering's own line
    if problem:
        ctx.fail(problem, line=_line_of(d, "status"), field="renderings.status", entry_id=entry_id)
    return rendering


def compute_pinyin(zh: str) -> str:
    """Tone-marked pinyin of a Chinese term (``大写意`` -> ``dà xiě yì``)."""
    from pypinyin import Style, lazy_pinyin

    from ..text.normalize import ZH_QUOTES

    core = "".join(ch for ch in zh if ch not in ZH_QUOTES)
    syllables = lazy_pinyin(core, style=Style.TONE, errors="default")
    # punctuation and dashes come back as they are: keep only syllables and Latin words
    return " ".join(p.strip() for p in syllables if any(ch.isalnum() for ch in p))


def _entry(ctx: _Ctx, d: Any, *, index: int, line: Optional[int]) -> TermEntry:
    entry_id = d.get("id") if isinstance(d, dict) and isinstance(d.get("id"), str) else None
    if entry_id is not None and check_text(entry_id, what="id"):
        entry_id = visible(entry_id, 60)[1:-1]  # a broken id is shown escaped
    _check_keys(ctx, d, ENTRY_KEYS, what=f"entry #{index + 1}", entry_id=entry_id, prefix="", line=line)
    eid = _text(ctx, d, "id", entry_id=None, field="id", what="id")
    zh = _text(ctx, d, "zh", entry_id=eid, field="zh", what="Chinese term")
    variants_raw = d.get("zh_variants") or []
    if not isinstance(variants_raw, list):
        ctx.fail("zh_variants must be a list of strings", line=_line_of(d, "zh_variants"),
                 field="zh_variants", entry_id=eid)
    variants = []
    for j, v in enumerate(variants_raw):
        problem = check_text(v, what="Chinese variant")
        if problem:
            lines = getattr(variants_raw, "item_lines", [])
            ctx.fail(problem, line=lines[j] if j < len(lines) else _line_of(d, "zh_variants"),
                     field="zh_variants", entry_id=eid)
        variants.append(v)
    raw_cat = d["category"]
    try:
        category = Category(raw_cat)
    except (ValueError, TypeError):
        ctx.fail(f"unknown category {_shown(raw_cat)}; expected one of "
                 + ", ".join(c.value for c in Category), line=_line_of(d, "category"),
                 field="category", entry_id=eid)
    rends_raw = d["renderings"]
    if not isinstance(rends_raw, list) or not rends_raw:
        ctx.fail("renderings must be a non-empty list", line=_line_of(d, "renderings"),
                 field="renderings", entry_id=eid)
    item_lines = getattr(rends_raw, "item_lines", [])
    renderings = tuple(
        _rendering(ctx, r, entry_id=eid, line=item_lines[k] if k < len(item_lines) else None)
        for k, r in enumerate(rends_raw)
    )
    sources_raw = d.get("sources") or []
    if not isinstance(sources_raw, list):
        ctx.fail("sources must be a list", line=_line_of(d, "sources"), field="sources", entry_id=eid)
    src_lines = getattr(sources_raw, "item_lines", [])
    sources = tuple(
        _source(ctx, s, entry_id=eid, field="sources", line=src_lines[k] if k < len(src_lines) else None)
        for k, s in enumerate(sources_raw)
    )
    pinyin = _text(ctx, d, "pinyin", entry_id=eid, field="pinyin", what="pinyin", optional=True)
    return TermEntry(
        id=eid,
        zh=zh,
        zh_variants=tuple(variants),
        pinyin=pinyin or compute_pinyin(zh),
        category=category,
        definition=_text(ctx, d, "definition", entry_id=eid, field="definition", what="definition",
                         optional=True),
        renderings=renderings,
        sources=sources,
        verified=_bool(ctx, d, "verified", True, entry_id=eid, field="verified"),
        note=_text(ctx, d, "note", entry_id=eid, field="note", what="note", optional=True),
    )


def parse_termbase_text(text: str, *, path: str = "<string>",
                        errors: Optional[List[GlossaryError]] = None
                        ) -> Tuple[List[TermEntry], List[Tuple[str, int]]]:
    """Parse one YAML termbase document; return the entries and their (path, line).

    Raises :class:`GlossaryError` at the first problem.  With an ``errors`` list, a
    broken entry is appended there and skipped (its first problem), and the other
    entries are still read; a problem of the whole file (YAML syntax, no ``entries``)
    is raised either way.
    """
    yaml, Loader = _yaml_loader()
    ctx = _Ctx(path)
    try:  # a str from a caller may hold a raw lone surrogate (a decoded file cannot)
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        ctx.fail("a lone surrogate character (U+D800-U+DFFF) is not text; give valid Unicode",
                 line=text.count("\n", 0, exc.start) + 1)
    try:
        if Loader.uses_libyaml:
            _check_depth(yaml, Loader, text)
        doc = yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as dk:
        ctx.fail(f"key {_shown(dk.key)} appears twice in one mapping; keep one", line=dk.line,
                 field=str(dk.key)[:60])
    except _BadKey as bk:
        kind = {"mapping": "a mapping", "sequence": "a list"}.get(bk.kind, bk.kind)
        ctx.fail(f"a mapping key is {kind}; keys must be plain field names (check for a stray "
                 "'?', '[' or '{' before a ':')", line=bk.line)
    except _TooDeep as td:
        ctx.fail(f"the YAML nests more than {MAX_DEPTH} levels deep; a termbase nests at most 6 "
                 "(entries, entry, renderings, rendering, evidence, item)", line=td.line)
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops it first; a safety net
        ctx.fail("the YAML nests too deeply to read", line=None)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        ctx.fail(f"YAML syntax error: {problem}; fix the indentation or quoting",
                 line=None if mark is None else mark.line + 1)
    except ValueError as exc:  # a scalar YAML cannot convert, e.g. an integer of 5,000 digits
        ctx.fail(f"a value the YAML reader cannot convert ({str(exc).split(';')[0][:120]}); write it "
                 "in quotes if it is text", line=None)
    if doc is None:
        ctx.fail("the file is empty; a termbase file holds 'entries: [...]'", line=1)
    _check_keys(ctx, doc, TOP_KEYS, what="the termbase file", entry_id=None, prefix="", line=1)
    raw_entries = doc["entries"]
    if not isinstance(raw_entries, list):
        ctx.fail("'entries' must be a list of entries", line=_line_of(doc, "entries"), field="entries")
    lines = getattr(raw_entries, "item_lines", [])
    entries = []
    where = []
    for i, raw in enumerate(raw_entries):
        line = lines[i] if i < len(lines) else None
        try:
            entries.append(_entry(ctx, raw, index=i, line=line))
        except GlossaryError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        where.append((path, line or 0))
    return entries, where


def _files(path: Path) -> List[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise GlossaryError("no .yaml files in this directory; point at a termbase file or folder",
                                path=str(path))
        return files
    if not path.exists():
        raise GlossaryError("no such file or directory; check the path", path=str(path))
    if not path.is_file():
        raise GlossaryError("not a regular file (a device, FIFO or socket); point at a termbase file or "
                            "folder", path=str(path))
    return [path]


def _read_bytes(f: Path) -> bytes:
    try:
        return f.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read the file: {exc.strerror}", path=str(f)) from None


# ------------------------------------------------------------------ compiled cache
# Parsing YAML and computing pinyin take ~0.4 s for the bundled termbase, paid by every
# command; a validated termbase is stored as JSON under a key that hashes the library
# version and every file's name and bytes, so an edited file, another file set or another
# version never reads a stale entry.  Only a termbase that validated is cached; errors are
# always found afresh.  BRI_ALIGN_CACHE_DIR moves the cache, BRI_ALIGN_CACHE=off disables it.
_CACHE_SCHEMA = "termbase-cache.v2"  # v2: evidence, attested, valid_until


def _cache_key(files: List[Tuple[Path, bytes]]) -> str:
    import hashlib
    import sys

    from .._version import __version__

    h = hashlib.sha256(f"{_CACHE_SCHEMA}|{__version__}|{sys.version_info[:2]}".encode())
    for f, data in files:
        h.update(b"\0" + f.name.encode("utf-8", "surrogateescape") + b"\0" + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:32]


def _cache_get(key: str) -> Optional[List[TermEntry]]:
    doc = cache_read_json(f"{key}.json", _CACHE_SCHEMA)
    if doc is None:
        return None
    try:
        return [TermEntry.from_dict(e) for e in doc["entries"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # unreadable: parse afresh (and rewrite it)


def _cache_put(key: str, entries: List[TermEntry]) -> None:
    cache_write_json(f"{key}.json", {"schema": _CACHE_SCHEMA, "entries": [e.to_dict() for e in entries]})


def _load(root: Path, name: Optional[str], errors: Optional[List[GlossaryError]],
          text: Optional[str] = None) -> Optional[Glossary]:
    """Read ``root`` (a file or folder), or ``text`` named ``root``, into a Glossary."""
    entries: List[TermEntry] = []
    where: List[Tuple[str, int]] = []
    files = [(f, b"") for f in [root]] if text is not None else [(f, _read_bytes(f)) for f in _files(root)]
    key = _cache_key(files) if text is None else None
    cached = _cache_get(key) if key is not None else None
    if cached is not None:
        return Glossary(entries=tuple(cached), name=name or root.stem, _validated=True)
    for f, data in files:
        try:
            raw = text if text is not None else decode_utf8(data, path=f, what="termbase file", error=GlossaryError)
            e, w = parse_termbase_text(raw, path=str(f), errors=errors)
        except GlossaryError as exc:
            if errors is None:
                raise
            errors.append(exc)  # a whole file that does not read; go on with the next
            continue
        entries.extend(e)
        where.extend(w)

    def locate(index: int, field: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
        return where[index] if index < len(where) else (None, None)

    validate_entries(entries, locate=locate, errors=errors)
    if errors:
        return None
    if key is not None:
        _cache_put(key, entries)
    return Glossary(entries=tuple(entries), name=name or root.stem, _validated=True)


def load_termbase(path: Optional[PathLike] = None, *, name: Optional[str] = None) -> Glossary:
    """Load a YAML termbase file, or every ``*.yaml`` in a folder, and validate it.

    With no path, the bundled termbase is loaded.  Raises :class:`GlossaryError`
    naming the file, line, entry id and field of the first problem
    (:func:`check_termbase` lists them all).
    """
    root = Path(path) if path is not None else default_termbase_path()
    glossary = _load(root, name, None)
    assert glossary is not None  # without an error list, every problem raises
    return glossary


@dataclass(frozen=True)
class TermbaseCheck:
    """What :func:`check_termbase` found: the glossary when it validates, else every error."""

    glossary: Optional[Glossary]
    errors: Tuple[GlossaryError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_termbase(path: Optional[PathLike] = None, *, name: Optional[str] = None,
                   text: Optional[str] = None) -> TermbaseCheck:
    """Validate a YAML termbase file or folder and collect every error instead of stopping
    at the first: the first problem of each broken entry, and each file that does not
    read at all (YAML syntax, encoding).  Duplicates are checked among the entries that
    read.  A path that does not exist is still raised as a :class:`GlossaryError`.
    With ``text``, that YAML document is checked instead of a file (``path`` only names
    it in messages, e.g. ``<stdin>``).
    """
    if text is not None:
        root = Path(path) if path is not None else Path("<string>")
    else:
        root = Path(path) if path is not None else default_termbase_path()
    errors: List[GlossaryError] = []
    glossary = _load(root, name, errors, text)
    return TermbaseCheck(glossary=glossary, errors=tuple(errors))
