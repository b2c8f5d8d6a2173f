"""``bri-align completion SHELL``: print a shell completion script (shtab).

    bri-align completion bash > ~/.local/share/bash-completion/completions/bri-align
    bri-align completion zsh  > "${fpath[1]}/_bri-align"

The script is generated from the same argparse parser the program uses, so it
completes every command and option there is.
"""

from __future__ import annotations

import argparse
import sys

SHELLS = ("bash", "zsh", "tcsh")


def register(sub: "argparse._SubParsersAction") -> None:
    p = sub.add_parser("completion", help="print a shell completion script",
                       description="Print a completion script for bash, zsh or tcsh to standard output.")
    p.add_argument("shell", choices=SHELLS, help="the shell to complete for")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import shtab

    from . import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return 0
