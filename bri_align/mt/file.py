"""``file:`` -- pre-computed outputs of any other system (layer L3).

Two formats:

* ``.txt`` (any suffix but ``.jsonl``): one output per line, aligned with the
  sentences passed to :meth:`~bri_align.mt.base.Translator.translate`;
* ``.jsonl``: one ``{"id": "...", "en": "..."}`` object per line, looked up by
  the segment ids passed as ``ids=``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike
from ..io import iter_jsonl, read_lines
from .base import TranslationRun, Translator

__all__ = ["FileTranslator", "read_system_jsonl"]


_LINE_SHAPE = 'a JSON object {"id": "...", "en": "..."}'


def read_system_jsonl(path: str) -> Dict[str, str]:
    """``{id: en}`` from a system output file in JSONL; errors name the line."""
    out: Dict[str, str] = {}
    for lineno, obj in iter_jsonl(path, what="system output file", shape=_LINE_SHAPE):
        for fld in ("id", "en"):
            if not isinstance(obj.get(fld), str):
                got = "missing" if fld not in obj else f"a {type(obj[fld]).__name__}"
                raise InputError(f"'{fld}' must be a string ({got}); each line must be {_LINE_SHAPE}",
                                 path=path, line=lineno, field=fld)
        sid = obj["id"]
        if sid in out:
            raise InputError(f"duplicate id '{sid}'; give one output per segment", path=path, line=lineno,
                             field="id")
        out[sid] = obj["en"]
    if not out:
        raise InputError(f"system output file is empty; give one line per segment, each {_LINE_SHAPE}",
                         path=path)
    return out


class FileTranslator(Translator):
    """Outputs read from a file instead of a model."""

    kind = "file"
    registry_name = "file.v1"
    target_option = "path"

    def __init__(self, path: str, *, name: Optional[str] = None, glossary: GlossaryLike = None,
                 mode: Optional[str] = None) -> None:
        self.path = str(path)
        self.is_jsonl = Path(self.path).suffix.lower() == ".jsonl"
        self._by_id: Optional[Dict[str, str]] = None
        self._lines: Optional[List[str]] = None
        super().__init__(name=name, batch_size=1, glossary=glossary, mode=mode)

    def default_name(self) -> str:
        return Path(self.path).stem

    def _load(self) -> None:
        if self.is_jsonl:
            self._by_id = read_system_jsonl(self.path)
        else:
            self._lines = read_lines(self.path, what="system output file")

    @property
    def ids(self) -> Optional[List[str]]:
        """Segment ids the file covers (JSONL only)."""
        self.load()
        return None if self._by_id is None else list(self._by_id)

    def missing(self, ids: Sequence[str]) -> List[str]:
        """Which of ``ids`` the file has no output for (always none for line-aligned files)."""
        self.load()
        if self._by_id is None:
            return []
        return [i for i in ids if i not in self._by_id]

    def run(self, sentences: Sequence[str], *, batch_size: Optional[int] = None,
            ids: Optional[Sequence[str]] = None, progress: bool = False) -> TranslationRun:
        sentences = self._check_sentences(sentences)
        self.load()
        if self._by_id is not None:
            if ids is None:
                raise InputError("a JSONL system file is looked up by segment id; pass ids=[...] "
                                 "(one per sentence)", path=self.path, field="id")
            if len(ids) != len(sentences):
                raise InputError(f"{len(ids)} ids for {len(sentences)} sentences; give one id per sentence",
                                 field="ids")
            missing = [i for i in ids if i not in self._by_id]
            if missing:
                shown = ", ".join(repr(m) for m in missing[:3]) + (" ..." if len(missing) > 3 else "")
                raise InputError(f"no output for {len(missing)} of {len(ids)} segments ({shown}); the file "
                                 f"covers {len(self._by_id)} ids", path=self.path, field="id")
            outputs = tuple(self._by_id[i] for i in ids)
        else:
            lines = self._lines or []
            if len(lines) != len(sentences):
                raise InputError(f"{len(lines)} lines for {len(sentences)} source segments; a line-aligned "
                                 "system file needs exactly one line per segment", path=self.path)
            outputs = tuple(lines)
        return TranslationRun(outputs, None)

    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:  # pragma: no cover
        raise NotImplementedError("FileTranslator.run looks outputs up; it never translates batches")

    def _options(self) -> Dict[str, Any]:
        import hashlib

        p = Path(self.path)
        sha = hashlib.sha256(p.read_bytes()).hexdigest()[:12] if p.is_file() else "missing"
        return {"path": self.path, "sha": sha}
