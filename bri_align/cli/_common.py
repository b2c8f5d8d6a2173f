"""Helpers shared by CLI command modules."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import IO, Any, Iterator, Optional, Sequence

from ..io import atomic_open, atomic_write_text


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


@contextmanager
def output_stream(out: Optional[str] = None, *, inputs: Sequence[Optional[str]] = ()) -> Iterator[IO[str]]:
    """A text stream for output written piece by piece: a temporary file that replaces
    ``out`` only when the block succeeds (never one of ``inputs``), or stdout when ``out``
    is None or '-'."""
    if out and out != "-":
        with atomic_open(out, inputs=[i for i in inputs if i]) as fh:
            yield fh
    else:
        yield sys.stdout
        sys.stdout.flush()


def read_input(path: Optional[str], *, what: str = "file") -> str:
    """Read a UTF-8 file, or stdin for None or '-'."""
    from ..io import read_text

    return read_text("-" if path is None else path, what=what)


# --------------------------------------------------------------- shared options
def add_format(parser, choices: Sequence[str], *, default: str, what: str = "output") -> None:
    """The one ``--format`` option of a command that has several output shapes."""
    parser.add_argument("--format", choices=tuple(choices), default=default,
                        help=f"shape of the {what}: {', '.join(choices)} (default: {default})")


def add_force(parser, *, what: str = "the output folder") -> None:
    """``--force``: write into a folder that already holds files bri_align did not write;
    only files bri_align wrote there (listed in its manifest) are replaced."""
    parser.add_argument("--force", action="store_true",
                        help=f"write into {what} even if it holds other files (only files bri_align "
                             "wrote there are replaced; other files are never touched)")


def show_progress() -> bool:
    """Progress bars only when standard error is a terminal (never in pipes, logs or CI)."""
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, AttributeError):
        return False
