"""Command line interface (layer L6): the only place that prints or exits.

Each sub-module ``bri_align/cli/<area>.py`` defines ``register(subparsers)``,
which adds its commands; each command handler takes the parsed ``args`` and
returns an exit code, calling one library function that also works from Python.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import io
import logging
import os
import signal
import sys
from typing import Optional, Sequence

from .._version import __version__
from ..errors import BriAlignError

__all__ = ["main", "run", "build_parser", "EXIT_OK", "EXIT_FINDINGS", "EXIT_USAGE", "EXIT_INTERRUPTED"]

# Exit codes, as sacrebleu, ruff and git users expect: 0 clean; 1 findings (qa --strict
# found deprecated or missing terms); 2 a usage or input error (argparse's own code for
# usage errors too); 130 interrupted (Ctrl-C or SIGTERM).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# Sub-modules that add commands, in the order they appear in --help.
COMMAND_MODULES = ("glossary", "lookup", "match", "align", "terms", "bench", "qa", "corpus", "completion")


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream whose descriptor was closed (``>&-``): writing to it
    is an OSError, which main() turns into one line and exit 2, instead of an
    AttributeError on None (stdout) or silence (print to None)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self._name} is closed")

    def flush(self) -> None:
        pass


def _utf8_stdio() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedStream("standard output")
    if sys.stderr is None:  # nowhere to report to: drop the messages rather than crash
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bri-align",
        description="Chinese-English policy terminology: glossaries, term matching, alignment and MT benchmarks.",
        epilog="exit status: 0 clean, 1 findings (qa --strict), 2 usage or input error, 130 interrupted",
    )
    parser.add_argument("--version", action="version", version=f"bri-align {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("-q", "--quiet", action="count", default=0, help="less log output (errors only)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{mod}").register(sub)
    _add_verbosity(sub)
    return parser


def _add_verbosity(subparsers: "argparse._SubParsersAction") -> None:
    """Accept -v/-q after a sub-command too (``bri-align qa ... -v``), as git and ruff do.
    SUPPRESS keeps a sub-command from resetting what was given before it."""
    seen = set()
    for p in subparsers.choices.values():
        if id(p) in seen:
            continue
        seen.add(id(p))
        nested = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            for n in nested:
                _add_verbosity(n)
            continue
        p.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                       help="more log output (-vv for debug)")
        p.add_argument("-q", "--quiet", action="count", default=argparse.SUPPRESS,
                       help="less log output (errors only)")


_MAIN_PID = os.getpid()


def _sigterm_as_interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
    if os.getpid() != _MAIN_PID:  # a forked worker (pool.terminate sends SIGTERM): die quietly
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise KeyboardInterrupt


def main(argv: Optional[Sequence[str]] = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    level = logging.WARNING - 10 * min(args.verbose, 2) + 10 * min(args.quiet, 1)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # SIGTERM ends a run like Ctrl-C: the atomic writers remove their temporary files.
    import threading

    if threading.current_thread() is not threading.main_thread():  # signals go to the main thread only
        return _run(parser, args)
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    previous = signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    try:
        return _run(parser, args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def run() -> None:
    """The ``bri-align`` program: :func:`main`, then exit with its code.

    After an interrupt (Ctrl-C, SIGTERM) the process ends with ``os._exit(130)``:
    the command has already removed its temporary files, and CPython would otherwise
    turn a KeyboardInterrupt that passed through ``PyRun_*`` inside a library (even one
    caught here) into death by SIGINT at shutdown, and not exit 130."""
    import os

    code = main()
    if code == EXIT_INTERRUPTED:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        os._exit(130)
    sys.exit(code)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except BriAlignError as exc:  # bad input, a bad option value or a missing optional package
        print(f"bri-align: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("bri-align: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:  # e.g. standard output on a full device, or closed
        where = f" {exc.filename}" if getattr(exc, "filename", None) else " standard output"
        reason = {errno.ENOSPC: "no space left on the device",
                  errno.EBADF: "it is closed; redirect it to a file or give --out"}.get(
            exc.errno, exc.strerror or str(exc))
        print(f"bri-align: error: cannot write{where}: {reason}", file=sys.stderr)
        _silence_stdout()
        return EXIT_USAGE


def _silence_stdout() -> None:
    """After a failed write to stdout, point it at /dev/null so the interpreter's final
    flush does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
