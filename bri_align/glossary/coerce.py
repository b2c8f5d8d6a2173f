"""One convention for a ``glossary`` argument at every public entry point (layer L2).

Public functions and classes that take a glossary accept a :class:`Glossary`, a
path (a YAML termbase file or folder, or a ``.tbx`` / ``.jsonl`` export), or
``None`` for the bundled termbase.  They call :func:`as_glossary` once, at the
entry point; everything below is typed :class:`Glossary`.  A wrong type or a bad
path is a located :class:`~bri_align.errors.InputError`, never an
``AttributeError`` deep inside.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from ..errors import InputError
from .model import Glossary

__all__ = ["GlossaryLike", "as_glossary"]

GlossaryLike = Union[Glossary, str, "os.PathLike[str]", None]

_EXPORT_SUFFIXES = (".tbx", ".jsonl")


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
        if path.suffix.lower() in _EXPORT_SUFFIXES and not path.is_dir():
            from .formats import import_glossary

            return import_glossary(path)
        from .loader import load_termbase

        return load_termbase(path)
    raise InputError(f"glossary must be a Glossary, a termbase path or None (the bundled termbase), "
                     f"got {type(glossary).__name__}", field=field)
