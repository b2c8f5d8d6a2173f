"""File input and atomic output shared by every layer (L0).

* :func:`decode_utf8` is the one place that turns bytes into text: a bad byte becomes
  an :class:`InputError` naming the file and the line; :func:`read_text` /
  :func:`read_lines` read a file through it.
* :func:`iter_jsonl` is the one JSONL reader: ``(line number, value)`` per non-blank
  line, a located error for bad JSON, a value of the wrong shape or a lone surrogate.
* :func:`atomic_write_text` / :func:`atomic_write_bytes` write to a temporary file
  in the same directory and ``os.replace`` it, so a failure leaves nothing
  half-written.
* :func:`atomic_directory` builds a whole output directory in a temporary sibling
  and renames it into place at the end; on error the temporary tree is removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterator, List, Optional, Tuple, Type, Union

from .errors import InputError

__all__ = [
    "decode_utf8",
    "iter_jsonl",
    "open_input",
    "read_text",
    "read_lines",
    "atomic_write_text",
    "atomic_write_bytes",
    "atomic_open",
    "atomic_directory",
]

PathLike = Union[str, "os.PathLike[str]"]


def open_input(path: PathLike, *, what: str = "file") -> BinaryIO:
    """Open a file for reading in binary mode; a missing file, a directory or another OS
    error becomes an InputError naming the file and what to do."""
    p = Path(path)
    try:
        return open(p, "rb")
    except FileNotFoundError:
        raise InputError(f"{what} not found; check the path", path=str(p)) from None
    except IsADirectoryError:
        raise InputError(f"{what} is a directory; give a file", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", path=str(p)) from None


def decode_utf8(data: bytes, *, path: Optional[PathLike] = None, what: str = "file",
                error: Type[InputError] = InputError) -> str:
    """UTF-8 text of ``data`` without a leading BOM; a bad byte raises ``error`` (an
    :class:`InputError` subclass) naming the file and the line, with what to do."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = "it looks like UTF-16: convert the file to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)"
        else:
            hint = "convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
        raise error(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); {hint}",
            path=None if path is None else str(path), line=line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: PathLike, *, what: str = "file") -> str:
    p = Path(path)
    with open_input(p, what=what) as fh:
        try:
            data = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read {what}: {exc.strerror}", path=str(p)) from None
    return decode_utf8(data, path=p, what=what)


def _check_no_surrogates(value: Any, *, path: Optional[str], line: int) -> None:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("a string holds a lone surrogate escape (\\ud800-\\udfff); "
                         "write the character itself or a valid surrogate pair", path=path, line=line) from None


def iter_jsonl(source: Union[PathLike, str], *, what: str = "JSONL file", text: Optional[str] = None,
               expect: Optional[type] = dict, shape: str = "a JSON object",
               keep_blank: bool = False) -> Iterator[Tuple[int, Any]]:
    """``(line number, value)`` for each line of a JSON Lines file.

    Lines are split on ``\n`` only (JSON Lines: a raw U+2028 inside a string is
    valid), a trailing ``\r`` is dropped, blank lines are skipped (or yielded as
    ``None`` with ``keep_blank``).  Bad JSON, a value that is not ``expect`` and a
    lone surrogate escape raise an :class:`InputError` naming the file and line and
    saying what each line must hold (``shape``).  Give ``text`` to parse a string
    already read; ``source`` then only names it in errors.
    """
    path = str(source)
    if text is None:
        text = read_text(source, what=what)
    elif text.startswith("\ufeff"):
        text = text[1:]
    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    for lineno, raw in enumerate(pieces, start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip():
            if keep_blank:
                yield lineno, None
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON at column {exc.colno} ({exc.msg}); each line must hold "
                             f"{shape}", path=path, line=lineno) from None
        except RecursionError:
            raise InputError(f"JSON nested too deeply; each line must hold {shape}",
                             path=path, line=lineno) from None
        if expect is not None and not isinstance(value, expect):
            raise InputError(f"expected {shape}, got {type(value).__name__}", path=path, line=lineno)
        if "\\u" in line:
            _check_no_surrogates(value, path=path, line=lineno)
        yield lineno, value


def read_lines(path: PathLike, *, what: str = "file", allow_empty: bool = False) -> List[str]:
    """Lines of a UTF-8 text file without their newline characters."""
    text = read_text(path, what=what)
    if not text.strip() and not allow_empty:
        raise InputError(f"{what} is empty; give a file with one segment per line", path=str(path))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.rstrip("\r") for ln in lines]


@contextlib.contextmanager
def atomic_open(path: PathLike, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing (text mode writes UTF-8 with ``\n``
    newlines); it replaces ``path`` only when the block succeeds, for output written
    piece by piece (e.g. streamed alignments)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes only ('w' or 'wb'), got {mode!r}")
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=str(p.parent))
    try:
        if mode == "w":
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            fh = os.fdopen(fd, "wb")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: PathLike, data: bytes) -> Path:
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def atomic_write_text(path: PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_directory(path: PathLike, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary directory that replaces ``path`` when the block succeeds."""
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=str(final.parent)))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if final.exists():
        if not overwrite:
            shutil.rmtree(tmp, ignore_errors=True)
            raise InputError("output directory exists; remove it or pass --overwrite", path=str(final))
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
