"""Every option of every command has help text; shell completion covers the commands."""

from __future__ import annotations

import argparse
import subprocess

import pytest

from bri_align.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser, path=("bri-align",)):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + (name,))


def test_every_option_has_help():
    missing = []
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_the_checker_sees_a_missing_help():
    p = argparse.ArgumentParser()
    p.add_argument("--bare")
    assert [a.dest for a in p._actions if not isinstance(a, argparse._HelpAction) and not a.help] == ["bare"]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_script(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in ("glossary", "match", "align", "terms", "bench", "qa", "postedit"):
        assert command in script
    if shell == "bash":
        assert subprocess.run(["bash", "-n"], input=script, text=True).returncode == 0
