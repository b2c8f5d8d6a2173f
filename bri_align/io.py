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
import errno
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import (
    IO,
    Any,
    BinaryIO,
    Dict,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
    Type,
    Union,
)

from .errors import InputError

__all__ = [
    "STDIN",
    "display_name",
    "decode_utf8",
    "iter_jsonl",
    "open_input",
    "read_text",
    "read_lines",
    "split_lines",
    "check_output_file",
    "check_output_dir",
    "atomic_write_text",
    "atomic_write_bytes",
    "atomic_open",
    "atomic_directory",
    "cache_dir",
    "cache_read_json",
    "cache_write_json",
]

PathLike = Union[str, "os.PathLike[str]"]


STDIN = "-"


def display_name(path: PathLike) -> str:
    """How an input is named in messages: ``<stdin>`` for '-', else the path as given."""
    return "<stdin>" if str(path) == STDIN else str(path)


def open_input(path: PathLike, *, what: str = "file") -> BinaryIO:
    """Open a file for reading in binary mode ('-': standard input, as every CLI input
    accepts it); a missing file, a directory or another OS error becomes an InputError
    naming the file and what to do."""
    if str(path) == STDIN:
        import io
        import sys

        stdin = sys.stdin
        try:  # a duplicate descriptor: closing it leaves the process's stdin open
            return os.fdopen(os.dup(stdin.fileno()), "rb")
        except (OSError, ValueError, AttributeError):
            pass  # replaced in-process (an embedding program, a test): read what it holds
        try:
            return io.BytesIO(stdin.buffer.read())
        except (OSError, ValueError, AttributeError):
            raise InputError(f"{what} on standard input cannot be read: standard input is closed",
                             path="<stdin>") from None
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
                error: Type[InputError] = InputError, strip_bom: bool = True) -> str:
    """UTF-8 text of ``data`` without a leading BOM; a bad byte raises ``error`` (an
    :class:`InputError` subclass) naming the file and the line, with what to do."""
    nul = data.find(b"\x00")
    if nul != -1 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error(f"{what} holds NUL bytes: it is not a text file (binary data, or UTF-16 without a BOM?); "
                    "give UTF-8 text", path=None if path is None else str(path),
                    line=data[:nul].count(b"\n") + 1)
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
    return text[1:] if strip_bom and text.startswith("\ufeff") else text


def read_text(path: PathLike, *, what: str = "file") -> str:
    """The UTF-8 text of a file ('-': standard input), without a BOM."""
    name = display_name(path)
    with open_input(path, what=what) as fh:
        try:
            data = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read {what}: {exc.strerror}", path=name) from None
    return decode_utf8(data, path=name, what=what)


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
    else:
        if text.startswith("\ufeff"):
            text = text[1:]
        try:  # a str given by a caller may hold a raw lone surrogate (a decoded file cannot)
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError("a lone surrogate character (U+D800-U+DFFF) is not text; give valid Unicode",
                             path=path, line=text.count("\n", 0, exc.start) + 1) from None
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
        except ValueError as exc:  # e.g. an integer longer than Python's 4,300-digit limit
            raise InputError(f"not valid JSON here ({str(exc).splitlines()[0]}); each line must hold {shape}",
                             path=path, line=lineno) from None
        if expect is not None and not isinstance(value, expect):
            raise InputError(f"expected {shape}, got {type(value).__name__}", path=path, line=lineno)
        if "\\u" in line:
            _check_no_surrogates(value, path=path, line=lineno)
        yield lineno, value


def split_lines(text: str) -> List[str]:
    """Lines of ``text`` without their end: ``\n``, ``\r\n`` and a lone ``\r`` (old Mac
    files) each end a line; a final line end adds no empty line.  Unicode line and
    paragraph separators (U+2028/U+2029) stay inside a line, as in JSON Lines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_lines(path: PathLike, *, what: str = "file", allow_empty: bool = False) -> List[str]:
    """Lines of a UTF-8 text file without their newline characters (see :func:`split_lines`)."""
    text = read_text(path, what=what)
    if not text.strip() and not allow_empty:
        raise InputError(f"{what} is empty; give a file with one segment per line", path=display_name(path))
    return split_lines(text)


# ---------------------------------------------------------------- safe outputs
MANIFEST_NAME = ".bri-align-output.json"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cannot_write(path: Path, exc: OSError, what: str) -> InputError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = f"{reason}: choose a writable location"
    return InputError(f"cannot write the {what}: {reason}", path=str(path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_special_names(p: Path, what: str) -> None:
    raw = str(p)
    if raw in ("", ".", "..") or p.name in ("", ".", ".."):
        raise InputError(f"'{raw}' cannot be the {what}; name a new {what} (e.g. out/result)", path=raw)
    resolved = p.resolve()
    if resolved == Path(resolved.anchor):
        raise InputError(f"the root folder cannot be the {what}", path=raw)


def check_output_file(path: PathLike, *, inputs: Sequence[PathLike] = (), what: str = "output file") -> Path:
    """The path an output file will be written to, or a one-line :class:`InputError`.

    Refused: ``.``, ``..``, ``/``, an existing folder, anything that is not a regular
    file (a device node, FIFO or socket), a symlink that does not lead to a regular
    file, a parent that is a file, and any of ``inputs`` (writing it would destroy the
    input).  A symlink to a regular file is followed: its target is replaced.
    """
    p = Path(path)
    _refuse_special_names(p, what)
    target = p
    if p.is_symlink():
        target = p.resolve()
        if not target.is_file():
            raise InputError(f"the {what} is a symbolic link that does not lead to a regular file; "
                             "give a regular file path", path=str(p))
    if target.exists():
        if target.is_dir():
            raise InputError(f"the {what} is an existing folder; give a file path inside it", path=str(p))
        if not stat.S_ISREG(target.stat().st_mode):
            raise InputError(f"the {what} is not a regular file (a device, FIFO or socket); bri_align only "
                             "writes regular files: give another path", path=str(p))
    for inp in inputs:
        if inp is not None and str(inp) != "-" and _same_file(target, Path(inp)):
            raise InputError(f"the {what} is also an input of this command; writing it would destroy the "
                             "input: give another path", path=str(p))
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"the {what}'s folder {parent} is a file, not a folder", path=str(p))
            break
    return target


@contextlib.contextmanager
def atomic_open(path: PathLike, mode: str = "w", *, inputs: Sequence[PathLike] = (),
                what: str = "output file") -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing (text mode writes UTF-8 with ``\n``
    newlines); it replaces ``path`` only when the block succeeds, for output written
    piece by piece (e.g. streamed alignments).  The path is checked first
    (:func:`check_output_file`); the file gets the permissions the umask gives a new
    file; an OS error (read-only place, full disk) is a one-line :class:`InputError` and
    leaves nothing behind."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes only ('w' or 'wb'), got {mode!r}")
    p = check_output_file(path, inputs=inputs, what=what)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=str(p.parent))
    except OSError as exc:
        raise _cannot_write(p, exc, what) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        if mode == "w":
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            fh = os.fdopen(fd, "wb")
        try:
            with fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, p)
        except OSError as exc:
            raise _cannot_write(p, exc, what) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: PathLike, data: bytes, *, inputs: Sequence[PathLike] = (),
                       what: str = "output file") -> Path:
    with atomic_open(path, "wb", inputs=inputs, what=what) as fh:
        fh.write(data)
    return Path(path)


def atomic_write_text(path: PathLike, text: str, *, inputs: Sequence[PathLike] = (),
                      what: str = "output file") -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), inputs=inputs, what=what)


def _files_under(root: Path) -> List[str]:
    return sorted(str(f.relative_to(root)) for f in root.rglob("*") if f.is_file() or f.is_symlink())


def _written_by_us(folder: Path) -> Optional[List[str]]:
    """The files a previous bri_align run recorded in ``folder``'s manifest (None: no manifest)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = data["files"]
        return [f for f in files if isinstance(f, str)]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _foreign_files(folder: Path) -> List[str]:
    """Files in ``folder`` that no bri_align run wrote (not listed in its manifest)."""
    ours = _written_by_us(folder)
    return [f for f in _files_under(folder) if f != MANIFEST_NAME and (ours is None or f not in ours)]


def _users_files_error(path: PathLike, first: str, what: str, field: Optional[str]) -> InputError:
    return InputError(f"the {what} already holds files bri_align did not write (e.g. {first}); choose a new "
                      "folder, or pass --force to write beside them (only files bri_align wrote are replaced)",
                      path=str(path), field=field)


def check_output_dir(path: PathLike, *, inputs: Sequence[PathLike] = (), what: str = "output folder",
                     force: Optional[bool] = None, field: Optional[str] = None) -> Path:
    """The folder an output tree will be written to, or a one-line :class:`InputError`:
    ``.``, ``..``, ``/``, the current folder or one above it, a path that is a file or
    anything else but a folder, a folder whose parent is a file, and a folder that is,
    holds or lies inside one of ``inputs`` are refused.  With ``force=False`` a folder
    holding files bri_align did not write is refused too, so a long run can be refused
    before it starts (``None`` leaves that check to :func:`atomic_directory`)."""
    p = Path(path)
    _refuse_special_names(p, what)
    resolved = p.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        raise InputError(f"the current folder or one above it cannot be the {what}; name a new folder",
                         path=str(p))
    if p.exists() or p.is_symlink():
        if not p.is_dir():
            raise InputError(f"the {what} exists and is not a folder; give a folder path", path=str(p))
    for parent in resolved.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"the {what}'s parent {parent} is a file, not a folder", path=str(p))
            break
    for inp in inputs:
        if inp is None or str(inp) == "-":
            continue
        ip = Path(inp).resolve()
        if ip == resolved or resolved in ip.parents:
            raise InputError(f"the {what} holds an input of this command ({inp}); writing there would "
                             "destroy it: give another folder", path=str(p))
        if ip in resolved.parents:
            raise InputError(f"the {what} overlaps the input {inp}; choose an --out folder outside it",
                             path=str(p), field=field)
    if force is False and resolved.is_dir():
        theirs = _foreign_files(resolved)
        if theirs:
            raise _users_files_error(p, theirs[0], what, field)
    return resolved


@contextlib.contextmanager
def atomic_directory(path: PathLike, *, force: bool = False, inputs: Sequence[PathLike] = (),
                     what: str = "output folder") -> Iterator[Path]:
    """Yield a temporary folder whose files land in ``path`` when the block succeeds.

    * ``path`` missing or empty: the temporary folder is renamed into place.
    * ``path`` holding only a previous bri_align output (every file listed in its
      ``.bri-align-output.json``): that output is replaced as a whole.
    * ``path`` holding other files: refused with a one-line error, unless ``force``;
      then the new files are moved in beside them and only files bri_align wrote are
      replaced (a name clash with a user's file is refused even then).

    A failure or Ctrl-C (SIGTERM too, through the CLI) removes the temporary folder and
    leaves ``path`` as it was.  Folders get the permissions the umask gives a new folder.
    """
    final = check_output_dir(path, inputs=inputs, what=what)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=str(final.parent)))
    except OSError as exc:
        raise _cannot_write(final, exc, what) from None
    try:
        yield tmp
        new_files = _files_under(tmp)
        atomic_write_text(tmp / MANIFEST_NAME, json.dumps(
            {"written_by": "bri_align", "files": new_files}, indent=2) + "\n")
        mask = _umask()
        for d in [tmp, *(x for x in tmp.rglob("*") if x.is_dir())]:
            os.chmod(d, 0o777 & ~mask)
        _move_into_place(tmp, final, new_files, force=force, what=what)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _move_into_place(tmp: Path, final: Path, new_files: List[str], *, force: bool, what: str) -> None:
    if not final.exists():
        os.replace(tmp, final)
        return
    ours = _written_by_us(final)
    theirs = _foreign_files(final)
    if not theirs:  # empty, or only a previous bri_align output: swap it out whole
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
        try:
            os.replace(tmp, final)
        except BaseException:
            os.replace(old, final)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return
    if not force:
        raise _users_files_error(final, theirs[0], what, None)
    clash = sorted(set(theirs) & set(new_files))
    if clash:
        raise InputError(f"the {what} holds a file of the same name that bri_align did not write ({clash[0]}); "
                         "it is not replaced even with --force: move it or choose a new folder", path=str(final))
    for rel in ours or []:
        if rel not in new_files:
            with contextlib.suppress(OSError):
                (final / rel).unlink()
    for rel in [*new_files, MANIFEST_NAME]:
        dest = final / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp / rel, dest)
    shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ the user's cache
# Compiled forms of inputs that are slow to parse (the termbase, CC-CEDICT), keyed by a hash
# of what they were built from.  BRI_ALIGN_CACHE_DIR moves the cache, BRI_ALIGN_CACHE=off
# disables it; a cache that cannot be read or written only makes the next run slower.
def cache_dir() -> Optional[Path]:
    """Where compiled inputs are kept (None: caching is off)."""
    if os.environ.get("BRI_ALIGN_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("BRI_ALIGN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bri_align"


def cache_read_json(name: str, schema: str) -> Optional[Dict[str, Any]]:
    """The cached JSON document ``name`` if it exists, reads and carries ``schema``; else None."""
    d = cache_dir()
    if d is None:
        return None
    try:
        doc = json.loads((d / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or unreadable: the caller builds it afresh (and rewrites it)
    return doc if isinstance(doc, dict) and doc.get("schema") == schema else None


def cache_write_json(name: str, doc: Dict[str, Any]) -> None:
    """Write ``doc`` (with its ``schema`` key) to the cache atomically; failures are ignored."""
    d = cache_dir()
    if d is None:
        return
    import logging

    try:
        d.mkdir(parents=True, exist_ok=True)
        atomic_write_text(d / name, json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    except Exception as exc:  # noqa: BLE001 - a cache that cannot be written is only slower
        logging.getLogger(__name__).debug("cache file %s not written: %s", name, exc)
