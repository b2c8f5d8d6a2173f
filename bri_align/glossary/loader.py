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
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from ..errors import GlossaryError
from ..io import decode_utf8
from .model import Category, Glossary, Rendering, Source, Status, TermEntry
from .validate import check_text, validate_entries

__all__ = ["load_termbase", "parse_termbase_text", "default_termbase_path", "compute_pinyin"]

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
    "valid_to": False,
    "source": False,
    "note": False,
}
SOURCE_KEYS = {"authority": True, "citation": False, "url": False}
TOP_KEYS = {"entries": True, "meta": False}


def default_termbase_path() -> Path:
    """The bundled termbase (``corpora/termbase``, installed inside the package as
    ``bri_align/_data/termbase``); see :func:`bri_align.resources.bundled_path`."""
    from ..resources import bundled_path

    return bundled_path("termbase")


# --------------------------------------------------------------------------- YAML
def _yaml_loader():
    import yaml

    class LineLoader(yaml.SafeLoader):
        """SafeLoader whose mappings remember the line of each key (1-based)."""

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
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
    return yaml, LineLoader


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
        ctx.fail(f"{what} must be a mapping of fields, got {type(d).__name__} {d!r}",
                 line=line, field=prefix.rstrip(".") or None, entry_id=entry_id)
    for key in d:
        if key not in spec:
            allowed = ", ".join(spec)
            ctx.fail(f"unknown field '{key}' in {what}; allowed fields: {allowed}",
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
        ctx.fail(f"must be true or false, got {value!r}", line=_line_of(d, key), field=field,
                 entry_id=entry_id)
    return value


def _date(ctx: _Ctx, d: dict, key: str, *, entry_id: Optional[str], field: str) -> str:
    if key not in d:
        return ""
    value = str(d[key])
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        ctx.fail(f"{value!r} is not an ISO date (YYYY-MM-DD)", line=_line_of(d, key), field=field,
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


def _rendering(ctx: _Ctx, d: Any, *, entry_id: str, line: Optional[int]) -> Rendering:
    _check_keys(ctx, d, RENDERING_KEYS, what="a rendering", entry_id=entry_id,
                prefix="renderings.", line=line)
    en = _text(ctx, d, "en", entry_id=entry_id, field="renderings.en", what="English rendering")
    raw_status = d["status"]
    try:
        status = Status(raw_status)
    except ValueError:
        ctx.fail(f"unknown status {raw_status!r} for rendering '{en}'; expected one of "
                 + ", ".join(s.value for s in Status), line=_line_of(d, "status"),
                 field="renderings.status", entry_id=entry_id)
    src = d.get("source")
    return Rendering(
        en=en,
        status=status,
        reason=_text(ctx, d, "reason", entry_id=entry_id, field="renderings.reason",
                     what="reason", optional=True),
        literal=_bool(ctx, d, "literal", False, entry_id=entry_id, field="renderings.literal"),
        seen_in_seed=_bool(ctx, d, "seen_in_seed", False, entry_id=entry_id,
                           field="renderings.seen_in_seed"),
        valid_from=_date(ctx, d, "valid_from", entry_id=entry_id, field="renderings.valid_from"),
        valid_to=_date(ctx, d, "valid_to", entry_id=entry_id, field="renderings.valid_to"),
        source=None if src is None else _source(ctx, src, entry_id=entry_id, field="renderings.source",
                                                line=_line_of(d, "source")),
        note=_text(ctx, d, "note", entry_id=entry_id, field="renderings.note", what="note",
                   optional=True),
    )


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
    except ValueError:
        ctx.fail(f"unknown category {raw_cat!r}; expected one of "
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


def parse_termbase_text(text: str, *, path: str = "<string>") -> Tuple[List[TermEntry], List[Tuple[str, int]]]:
    """Parse one YAML termbase document; return the entries and their (path, line)."""
    yaml, Loader = _yaml_loader()
    ctx = _Ctx(path)
    try:
        doc = yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as dk:
        ctx.fail(f"key '{dk.key}' appears twice in one mapping; keep one", line=dk.line,
                 field=str(dk.key))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        ctx.fail(f"YAML syntax error: {problem}; fix the indentation or quoting",
                 line=None if mark is None else mark.line + 1)
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
        entries.append(_entry(ctx, raw, index=i, line=line))
        where.append((path, line or 0))
    return entries, where


def _files(path: Path) -> List[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise GlossaryError("no .yaml files in this directory; point at a termbase file or folder",
                                path=str(path))
        return files
    if not path.exists():
        raise GlossaryError("no such file or directory; check the path", path=str(path))
    return [path]


def load_termbase(path: Optional[PathLike] = None, *, name: Optional[str] = None) -> Glossary:
    """Load a YAML termbase file, or every ``*.yaml`` in a folder, and validate it.

    With no path, the bundled termbase is loaded.  Raises :class:`GlossaryError`
    naming the file, line, entry id and field of the first problem.
    """
    root = Path(path) if path is not None else default_termbase_path()
    entries: List[TermEntry] = []
    where: List[Tuple[str, int]] = []
    for f in _files(root):
        try:
            data = f.read_bytes()
        except OSError as exc:
            raise GlossaryError(f"cannot read the file: {exc.strerror}", path=str(f)) from None
        text = decode_utf8(data, path=f, what="termbase file", error=GlossaryError)
        e, w = parse_termbase_text(text, path=str(f))
        entries.extend(e)
        where.extend(w)

    def locate(index: int, field: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
        return where[index] if index < len(where) else (None, None)

    validate_entries(entries, locate=locate)
    return Glossary(entries=tuple(entries), name=name or root.stem, _validated=True)
