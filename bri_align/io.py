"""File input and atomic output shared by every layer (L0).

* :func:`read_text` / :func:`read_lines` decode UTF-8 and, on failure, raise an
  :class:`InputError` naming the file and the line of the bad byte.
* :func:`atomic_write_text` / :func:`atomic_write_bytes` write to a temporary file
  in the same directory and ``os.replace`` it, so a failure leaves nothing
  half-written.
* :func:`atomic_directory` builds a whole output directory in a temporary sibling
  and renames it into place at the end; on error the temporary tree is removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, BinaryIO, Iterator, List, Union

from .errors import InputError

__all__ = [
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


def read_text(path: PathLike, *, what: str = "file") -> str:
    p = Path(path)
    with open_input(p, what=what) as fh:
        try:
            data = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read {what}: {exc.strerror}", path=str(p)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)",
            path=str(p), line=line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


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
