"""Command line interface (layer L6): the only place that prints or exits.

Each sub-module ``bri_align/cli/<area>.py`` defines ``register(subparsers)``,
which adds its commands; each command handler takes the parsed ``args`` and
returns an exit code, calling one library function that also works from Python.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import sys
from typing import Optional, Sequence

from .._version import __version__
from ..errors import BriAlignError

__all__ = ["main", "build_parser"]

# Sub-modules that add commands, in the order they appear in --help.
COMMAND_MODULES = ("glossary", "match", "align", "terms", "bench", "qa")


def _utf8_stdio() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bri-align",
        description="Chinese-English policy terminology: glossaries, term matching, alignment and MT benchmarks.",
    )
    parser.add_argument("--version", action="version", version=f"bri-align {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{mod}").register(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except BriAlignError as exc:
        print(f"bri-align: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bri-align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
