"""Helpers shared by CLI command modules."""

from __future__ import annotations

import json
import sys
from typing import Any, Optional, Sequence

from ..io import atomic_write_text


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def emit(text: str, out: Optional[str] = None, *, inputs: Sequence[Optional[str]] = ()) -> None:
    """Write to a file atomically (never over one of ``inputs``), or to stdout when ``out``
    is None or '-'."""
    if out and out != "-":
        atomic_write_text(out, text, inputs=[i for i in inputs if i])
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def read_input(path: Optional[str]) -> str:
    """Read a UTF-8 file, or stdin for None or '-'."""
    from ..io import read_text

    if path in (None, "-"):
        from ..io import decode_utf8

        return decode_utf8(sys.stdin.buffer.read(), path="<stdin>", what="standard input")
    return read_text(path)
