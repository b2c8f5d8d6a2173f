"""Helpers shared by CLI command modules."""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

from ..io import atomic_write_text


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def emit(text: str, out: Optional[str] = None) -> None:
    """Write to a file atomically, or to stdout when ``out`` is None or '-'."""
    if out and out != "-":
        atomic_write_text(out, text)
    else:
        sys.stdout.write(text)


def read_input(path: Optional[str]) -> str:
    """Read a UTF-8 file, or stdin for None or '-'."""
    from ..io import read_text

    if path in (None, "-"):
        data = sys.stdin.buffer.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            from ..errors import InputError

            line = data[: exc.start].count(b"\n") + 1
            raise InputError("invalid UTF-8 on standard input; convert it to UTF-8",
                             path="<stdin>", line=line) from None
    return read_text(path)
