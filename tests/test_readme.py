"""The README stays true: its Python quickstart runs and its CLI commands exist."""

from __future__ import annotations

import re
import shlex

from bri_align.cli import build_parser


def _readme(repo_root):
    return (repo_root / "README.md").read_text(encoding="utf-8")


def test_python_quickstart_runs(repo_root, capsys):
    block = re.search(r"```python\n(.*?)```", _readme(repo_root), re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "大写意" in out and "One Belt, One Road" in out


def test_first_screen_has_install_and_test_commands(repo_root):
    first_block = re.search(r"```bash\n(.*?)```", _readme(repo_root), re.S).group(1).strip().splitlines()
    assert first_block[0].startswith("python3 -m venv .venv") and "bri-align glossary build" in first_block[0]
    assert first_block[1] == "python -m pytest -q"
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q torch==2.13.0 -e ".[all]" && bri-align glossary build' in ci
    assert "python -m pytest -q" in ci


def test_cli_commands_in_readme_parse(repo_root):
    parser = build_parser()
    commands = re.findall(r"^bri-align ([a-z][^\n#]*?)\s*(?:#.*)?$", _readme(repo_root), re.M)
    assert len(commands) >= 10
    for cmd in commands:
        argv = shlex.split(re.sub(r"\[[^\]]*\]", "", cmd))
        if argv == ["--version"]:
            continue
        args = parser.parse_args(argv)
        assert getattr(args, "func", None) is not None, cmd
