"""One convention for a ``glossary`` argument at every public entry point (layer L2).

Public functions and classes that take a glossary accept a :class:`Glossary`, a
path (a YAML termbase file or folder, or a TBX v3 / JSONL export: by the suffix
``.tbx`` / ``.jsonl``, else by the file's first bytes), or
``None`` for the bundled termbase.  They call :func:`as_glossary` once, at the
entry point; everything below is typed :class:`Glossary`.  A wrong type or a bad
path is a located :class:`~bri_align.errors.InputError`, never an
``AttributeError`` deep inside.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from ..errors import InputError
from .model import Glossary

__all__ = ["GlossaryLike", "as_glossary"]

GlossaryLike = Union[Glossary, str, "os.PathLike[str]", None]

_EXPORT_SUFFIXES = {".tbx": "tbx", ".jsonl": "jsonl"}
_YAML_SUFFIXES = (".yaml", ".yml")


def _export_format(path: Path) -> Optional[str]:
    """``tbx`` or ``jsonl`` for an export file, by its suffix or, for a file with another
    suffix (``glossary.xml``, ``terms.json``, no suffix), by its first bytes: XML is
    TBX, a JSON object is JSONL.  None for a YAML termbase, a folder or a missing path
    (the termbase loader reports those)."""
    if path.is_dir():
        return None
    by_suffix = _EXPORT_SUFFIXES.get(path.suffix.lower())
    if by_suffix is not None or path.suffix.lower() in _YAML_SUFFIXES or not path.is_file():
        return by_suffix
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None  # the loader says why it cannot read the file
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        return "tbx"
    if head.startswith(b"{"):
        return "jsonl"
    return None


def as_glossary(glossary: GlossaryLike, *, field: str = "glossary") -> Glossary:
    """A :class:`Glossary` as given; loaded from a termbase or export path; the bundled
    termbase for ``None``."""
    if isinstance(glossary, Glossary):
        return glossary
    if glossary is None:
        from .loader import load_termbase

        return load_termbase()
    if isinstance(glossary, (str, os.PathLike)):
        if isinstance(glossary, str) and not glossary.strip():
            raise InputError("glossary path is empty; give a termbase file or folder, or None for the "
                             "bundled termbase", field=field)
        path = Path(glossary)
        export_format = _export_format(path)
        if export_format is not None:
            from .formats import import_glossary

            return import_glossary(path, format=export_format)
        from .loader import load_termbase

        return load_termbase(path)
    raise InputError(f"glossary must be a Glossary, a termbase path or None (the bundled termbase), "
                     f"got {type(glossary).__name__}", field=field)
