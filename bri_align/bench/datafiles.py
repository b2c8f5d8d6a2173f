"""Standard benchmark file formats (layer L5).

* line-aligned plain text: one segment per line (source, reference, system);
* term annotations per line, in one of two shapes (detected from the first
  non-empty line):

  - bri_align annotations: ``{"terms": [{"entry_id": ...}, ...]}`` (a test-set
    line works too), or a bare list ``[{"entry_id": ...}, ...]``;
  - a WMT23 terminology dictionary: ``{"源词": ["target", ...]}`` (values may be
    single strings), or a list of such one-pair objects or ``[src, tgt]`` pairs;
    an empty line or ``[]`` means no terms;

* WMT25 Terminology Track 2: document-level JSONL whose lines carry ``zh``,
  ``en`` and the dictionaries ``proper``, ``random``, ``noterm`` (system files
  carry ``zh`` and ``en`` per document, in the same order).  The task publishes
  one reference file per year (``full_data_2016.jsonl`` ...) and one system file
  per year; :func:`read_wmt25_references` reads several at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..io import iter_jsonl
from ..metrics.terminology import SourceTerm

__all__ = [
    "read_annotations",
    "Annotations",
    "WMT25Document",
    "read_wmt25_reference",
    "read_wmt25_references",
    "read_wmt25_system",
]


@dataclass(frozen=True)
class Annotations:
    """Per-line term annotations: either glossary entry ids or WMT23 term dictionaries."""

    kind: str  # "entries" | "term-dict"
    terms: Tuple[Tuple[SourceTerm, ...], ...] = ()
    term_dicts: Tuple[Mapping[str, Any], ...] = ()

    def __len__(self) -> int:
        return len(self.terms) if self.kind == "entries" else len(self.term_dicts)


def _is_entry_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(t, dict) and "entry_id" in t for t in v)


def _as_term_dict(v: Any, path: str, line: int) -> Dict[str, Any]:
    if isinstance(v, dict):
        for src, tgt in v.items():
            if not (isinstance(tgt, str) or (isinstance(tgt, list) and all(isinstance(t, str) for t in tgt))):
                raise InputError(f"target terms of {src!r} must be a string or a list of strings, got {tgt!r}",
                                 path=path, line=line, field="terms")
        return v
    if isinstance(v, list):
        out: Dict[str, Any] = {}
        for item in v:
            if isinstance(item, dict) and len(item) == 1:
                (src, tgt), = item.items()
            elif isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str):
                src, tgt = item
            else:
                raise InputError(f"term dictionary item {item!r} is neither a {{source: target}} pair nor "
                                 "[source, target]", path=path, line=line, field="terms")
            if not isinstance(src, str):
                raise InputError(f"source term {src!r} is not a string", path=path, line=line, field="terms")
            if not (isinstance(tgt, str) or (isinstance(tgt, list) and all(isinstance(t, str) for t in tgt))):
                raise InputError(f"target terms of {src!r} must be a string or a list of strings, got {tgt!r}",
                                 path=path, line=line, field="terms")
            prev = out.get(src)
            tgts = [tgt] if isinstance(tgt, str) else list(tgt)
            out[src] = (prev if isinstance(prev, list) else ([prev] if prev else [])) + tgts
        return out
    raise InputError(f"expected a JSON object mapping source terms to target terms, got {type(v).__name__}",
                     path=path, line=line, field="terms")


def _source_term(t: Mapping[str, Any], path: str, line: int) -> SourceTerm:
    """A :class:`SourceTerm` of an annotation; a field of the wrong type is a located error."""
    for key, kinds, want in (("entry_id", (str,), "a string"), ("zh", (str, type(None)), "a string"),
                             ("en", (str, type(None)), "a string"), ("zh_start", (int,), "an integer"),
                             ("zh_end", (int,), "an integer")):
        if key in t and (not isinstance(t[key], kinds) or isinstance(t[key], bool)):
            raise InputError(f"'{key}' must be {want}, got {t[key]!r}", path=path, line=line, field="terms")
    return SourceTerm.from_dict(t)


def read_annotations(path: str) -> Annotations:
    """Read per-line term annotations; see the module docstring for the accepted shapes."""
    # blank lines carry meaning (a segment without terms), so they are kept as None
    values: List[Any] = [v for _, v in iter_jsonl(path, what="term annotation file", expect=None,
                                                  shape="one JSON value (annotations or a term dictionary)",
                                                  keep_blank=True)]
    if all(v is None for v in values):
        raise InputError("term annotation file is empty; give one line per segment (an empty line or [] "
                         "for none)", path=path)
    first = next((v for v in values if v not in (None, [], {})), None)
    entries = isinstance(first, dict) and "terms" in first or _is_entry_list(first)
    if entries:
        out: List[Tuple[SourceTerm, ...]] = []
        for lineno, v in enumerate(values, start=1):
            if v in (None, [], {}):
                out.append(())
                continue
            raw = v.get("terms") if isinstance(v, dict) else v
            if not _is_entry_list(raw):
                raise InputError("expected {\"terms\": [{\"entry_id\": ...}, ...]} like the other lines",
                                 path=path, line=lineno, field="terms")
            out.append(tuple(_source_term(t, path, lineno) for t in raw))
        return Annotations(kind="entries", terms=tuple(out))
    dicts = [{} if v is None else _as_term_dict(v, path, k) for k, v in enumerate(values, start=1)]
    return Annotations(kind="term-dict", term_dicts=tuple(dicts))


# ------------------------------------------------------------------ WMT25 Track 2
@dataclass(frozen=True)
class WMT25Document:
    zh: str
    en: str
    dicts: Mapping[str, Mapping[str, Any]]  # condition -> {source term: [target terms]}
    path: Optional[str] = None  # the reference file and line it was read from (for error messages)
    line: int = 0

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else f"document {self.line}"


def _read_jsonl_objects(path: str, *, what: str) -> List[Tuple[int, Dict[str, Any]]]:
    out = list(iter_jsonl(path, what=what, shape="a JSON object per document"))
    if not out:
        raise InputError(f"{what} is empty (no documents); give one JSON object per document", path=path)
    return out


def read_wmt25_reference(path: str, *, src_lang: str = "zh", tgt_lang: str = "en") -> List[WMT25Document]:
    """Documents of a WMT25 Track 2 reference file (``zh``, ``en``, ``proper``, ``random``, ``noterm``)."""
    docs = []
    for lineno, obj in _read_jsonl_objects(path, what="WMT25 reference file"):
        for fld in (src_lang, tgt_lang):
            if not isinstance(obj.get(fld), str):
                raise InputError(f"'{fld}' must be a string (the document text)", path=path, line=lineno,
                                 field=fld)
        dicts: Dict[str, Mapping[str, Any]] = {}
        for cond in ("proper", "random", "noterm"):
            if cond not in obj:
                continue
            d = obj[cond]
            if not isinstance(d, dict):
                raise InputError(f"'{cond}' must be an object mapping source terms to lists of target terms",
                                 path=path, line=lineno, field=cond)
            for k, v in d.items():
                if not (isinstance(v, list) and all(isinstance(t, str) for t in v)) and not isinstance(v, str):
                    raise InputError(f"target terms of {k!r} must be a list of strings, got {v!r}", path=path,
                                     line=lineno, field=cond)
            dicts[cond] = d
        if not dicts:
            raise InputError("no term dictionary ('proper', 'random' or 'noterm'); is this a WMT25 Track 2 "
                             "reference file?", path=path, line=lineno)
        docs.append(WMT25Document(zh=obj[src_lang], en=obj[tgt_lang], dicts=dicts, path=path, line=lineno))
    return docs


def read_wmt25_references(paths: Sequence[str], *, src_lang: str = "zh",
                          tgt_lang: str = "en") -> List[List[WMT25Document]]:
    """The documents of each of several reference files (the task's year files), in order.

    The official scorer pools them (documents concatenated); a file given twice
    would count its documents twice, so it is refused."""
    seen: Dict[str, str] = {}
    for p in paths:
        key = str(Path(p).resolve())
        if key in seen:
            raise InputError(f"reference file given twice (also as {seen[key]!r}); its documents would count "
                             "twice: give each --wmt25 file once", path=p, field="wmt25")
        seen[key] = str(p)
    return [read_wmt25_reference(p, src_lang=src_lang, tgt_lang=tgt_lang) for p in paths]


def read_wmt25_system(path: str, reference: Sequence[WMT25Document], *, src_lang: str = "zh",
                      tgt_lang: str = "en") -> List[str]:
    """Hypothesis documents of a WMT25 system file, checked against the reference's sources
    (where the system file carries them, as the task's files do)."""
    objs = _read_jsonl_objects(path, what="WMT25 system file")
    ref_file = reference[0].path if reference and reference[0].path else None
    of = f" of {ref_file}" if ref_file else ""
    if len(objs) != len(reference):
        raise InputError(f"{len(objs)} documents for {len(reference)} in the reference{of}; give one line per "
                         "document, in the reference order (a system file per reference file, in the same "
                         "order)", path=path)
    out = []
    for k, ((lineno, obj), ref) in enumerate(zip(objs, reference), start=1):
        if not isinstance(obj.get(tgt_lang), str):
            raise InputError(f"'{tgt_lang}' must be a string (the translated document)", path=path, line=lineno,
                             field=tgt_lang)
        src = obj.get(src_lang)
        if isinstance(src, str) and src.strip() != ref.zh.strip():
            raise InputError(f"'{src_lang}' differs from the reference source of this document (document {k}, "
                             f"{ref.where()}); the system file must follow the reference order, and with several "
                             "reference files each system file must match its own", path=path, line=lineno,
                             field=src_lang)
        out.append(obj[tgt_lang])
    return out
