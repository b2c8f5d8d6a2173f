"""The policy benchmark test set: loading and validating ``corpora/policy_bench`` (layer L5).

``{dev,test}.jsonl`` hold one segment per line::

    {"id": "seed-p03-s1", "doc": "...", "subset": "seed" | "general", "zh": "...", "en": "<reference>",
     "terms": [{"entry_id": "...", "zh": "...", "zh_start": 0, "zh_end": 4,
                "en": "...", "en_start": 0, "en_end": 10}],
     "provenance": "..."}

``systems/<name>.jsonl`` hold pre-computed outputs ``{"id": ..., "en": ...}``
(``seed-mt`` is the seed document's own machine translation).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..io import iter_jsonl
from ..metrics.terminology import SourceTerm
from ..signature import format_signature

__all__ = ["Segment", "TestSet", "load_testset", "default_testset_dir", "shipped_systems", "SPLITS"]

SPLITS = ("dev", "test")
_FIELDS = ("id", "doc", "subset", "zh", "en", "terms")


def default_testset_dir() -> Path:
    """The bundled policy benchmark (``corpora/policy_bench``, installed inside the package)."""
    from ..resources import bundled_path

    return bundled_path("policy_bench")


@dataclass(frozen=True)
class Segment:
    """One test segment: Chinese source, English reference and its annotated terms."""

    id: str
    doc: str
    subset: str
    zh: str
    en: str
    terms: Tuple[SourceTerm, ...] = ()
    provenance: str = ""

    def to_dict(self) -> Dict[str, Any]:
        return {"id": self.id, "doc": self.doc, "subset": self.subset, "zh": self.zh, "en": self.en,
                "terms": [t.to_dict() for t in self.terms], "provenance": self.provenance}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Segment":
        return cls(id=str(d["id"]), doc=str(d.get("doc", "")), subset=str(d.get("subset", "")), zh=str(d["zh"]),
                   en=str(d["en"]), terms=tuple(SourceTerm.from_dict(t) for t in d.get("terms", ()) or ()),
                   provenance=str(d.get("provenance", "") or ""))


@dataclass(frozen=True)
class TestSet:
    """Segments of one split, with the file's checksum for signatures."""

    name: str
    split: str
    segments: Tuple[Segment, ...]
    path: str = ""
    sha: str = ""

    __test__ = False  # not a pytest class

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def subsets(self) -> List[str]:
        seen: Dict[str, None] = {}
        for s in self.segments:
            seen.setdefault(s.subset, None)
        return list(seen)

    def select(self, subset: Optional[str]) -> Tuple[Segment, ...]:
        """Segments of one subset; None or ``all`` gives every segment."""
        if subset in (None, "all"):
            return self.segments
        return tuple(s for s in self.segments if s.subset == subset)

    def signature(self) -> str:
        """``testset:NAME|split:..|segments:..|sha:..``: data, identified by its checksum (no library version)."""
        return format_signature(f"testset:{self.name}", [("split", self.split), ("segments", len(self)),
                                                          ("sha", self.sha)], version=False)


def _check_str(obj: Mapping[str, Any], fld: str, path: str, line: int, *, allow_empty: bool = False) -> str:
    v = obj.get(fld)
    if not isinstance(v, str) or (not allow_empty and not v.strip()):
        got = "missing" if fld not in obj else repr(v)[:40]
        raise InputError(f"'{fld}' must be a non-empty string (got {got})", path=path, line=line, field=fld)
    return v


def _parse_terms(raw: Any, zh: str, path: str, line: int) -> Tuple[SourceTerm, ...]:
    if not isinstance(raw, list):
        raise InputError(f"'terms' must be a list of term annotations, got {type(raw).__name__}",
                         path=path, line=line, field="terms")
    out = []
    for k, t in enumerate(raw):
        where = f"terms[{k}]"
        if not isinstance(t, dict) or not isinstance(t.get("entry_id"), str):
            raise InputError(f"{where} must be an object with a string 'entry_id'", path=path, line=line,
                             field="terms")
        start, end = t.get("zh_start", -1), t.get("zh_end", -1)
        surface = t.get("zh", "")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(zh):
            if surface and zh[start:end] != surface:
                raise InputError(f"{where} ({t['entry_id']}): zh[{start}:{end}] is {zh[start:end]!r}, not "
                                 f"{surface!r}; fix the offsets", path=path, line=line, field="terms",
                                 entry_id=t["entry_id"])
            surface = surface or zh[start:end]
        elif start != -1 or end != -1:
            raise InputError(f"{where} ({t['entry_id']}): offsets {start}..{end} are outside the source "
                             f"(length {len(zh)})", path=path, line=line, field="terms", entry_id=t["entry_id"])
        out.append(SourceTerm(entry_id=t["entry_id"], zh=str(surface or ""),
                              start=start if isinstance(start, int) else -1,
                              end=end if isinstance(end, int) else -1, ref_en=str(t.get("en", "") or "")))
    return tuple(out)


def read_segments(path: str) -> Tuple[Segment, ...]:
    """Validate and read a test-set JSONL file."""
    segments: List[Segment] = []
    seen: Dict[str, int] = {}
    for lineno, obj in iter_jsonl(path, what="test set", shape="a JSON object with " + ", ".join(_FIELDS)):
        sid = _check_str(obj, "id", path, lineno)
        if sid in seen:
            raise InputError(f"duplicate id '{sid}' (first on line {seen[sid]}); ids must be unique",
                             path=path, line=lineno, field="id")
        seen[sid] = lineno
        zh = _check_str(obj, "zh", path, lineno)
        segments.append(Segment(
            id=sid, doc=_check_str(obj, "doc", path, lineno), subset=_check_str(obj, "subset", path, lineno),
            zh=zh, en=_check_str(obj, "en", path, lineno), terms=_parse_terms(obj.get("terms", []), zh, path, lineno),
            provenance=str(obj.get("provenance", "") or ""),
        ))
    if not segments:
        raise InputError("test set has no segments", path=path)
    return tuple(segments)


def load_testset(path: Optional[str] = None, *, split: str = "test") -> TestSet:
    """Load ``split`` from a test-set folder (default: the bundled ``corpora/policy_bench``) or a JSONL file."""
    p = Path(path) if path is not None else default_testset_dir()
    if p.is_dir():
        if split not in SPLITS:
            raise InputError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}", field="split")
        f = p / f"{split}.jsonl"
        name = p.name
    else:
        f = p
        name = p.stem
        split = p.stem
    segs = read_segments(str(f))
    sha = hashlib.sha256(f.read_bytes()).hexdigest()[:12]
    return TestSet(name=name, split=split, segments=segs, path=str(f), sha=sha)


def shipped_systems(testset_dir: Optional[str] = None) -> Dict[str, Path]:
    """``{name: path}`` of the pre-computed outputs in ``<testset>/systems/*.jsonl``."""
    base = Path(testset_dir) if testset_dir is not None else default_testset_dir()
    if base.is_file():
        base = base.parent
    d = base / "systems"
    if not d.is_dir():
        return {}
    return {f.stem: f for f in sorted(d.glob("*.jsonl"))}


def segment_ids(segments: Sequence[Segment]) -> List[str]:
    return [s.id for s in segments]
