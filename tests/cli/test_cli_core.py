"""CLI: glossary validate/export, match, --version; errors give one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bri_align import __version__
from bri_align.cli import main

MINI = "tests/fixtures/mini_termbase.yaml"


def run_cli(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "bri_align", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd)


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"bri-align {__version__}"


def test_validate_ok(repo_root, capsys):
    assert main(["glossary", "validate", str(repo_root / MINI), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["errors"] == [] and out["entries"] == 7


def test_match_zh_acceptance_example(repo_root):
    text = '推动共建「一带一路」从“大写意”转向"工笔画"'
    res = run_cli("match", "--lang", "zh", "--glossary", MINI, "--format", "json", stdin=text, cwd=repo_root)
    assert res.returncode == 0, res.stderr
    matches = json.loads(res.stdout)["matches"]
    assert [(m["start"], m["end"]) for m in matches] == [(2, 10), (12, 15), (19, 22)]
    assert [text[m["start"]:m["end"]] for m in matches] == ["共建「一带一路」", "大写意", "工笔画"]


def test_match_en_text_output_suggests_preferred(repo_root, tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("We reject One Belt, One Road.\n", encoding="utf-8")
    res = run_cli("match", "--lang", "en", "--glossary", MINI, str(f), cwd=repo_root)
    assert res.returncode == 0
    assert "deprecated  -> use: Belt and Road Initiative" in res.stdout
    assert "1 matches" in res.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "tbx", "deepl", "google", "amazon"])
def test_export_writes_file(repo_root, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    assert main(["glossary", "export", str(repo_root / MINI), "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_export_jsonl_keys(repo_root, tmp_path):
    out = tmp_path / "g.jsonl"
    assert main(["glossary", "export", str(repo_root / MINI), "--format", "jsonl", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 7
    for key in ("id", "zh", "zh_variants", "pinyin", "en_preferred", "en_admitted", "en_deprecated", "category",
                "sources"):
        assert all(key in r for r in rows), key


def test_bad_termbase_one_line_error_exit_2(repo_root, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - id: x\n    zh: 一\n    category: concept\n    renderings: []\n", encoding="utf-8")
    res = run_cli("glossary", "validate", str(bad), cwd=repo_root)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1
    assert "Traceback" not in res.stderr
    assert f"{bad}:5: entry 'x' field 'renderings': renderings must be a non-empty list" in res.stderr


def test_match_invalid_utf8_input(repo_root, tmp_path):
    f = tmp_path / "in.txt"
    f.write_bytes("好\n".encode() + b"\xff\n")
    res = run_cli("match", "--lang", "zh", "--glossary", MINI, str(f), cwd=repo_root)
    assert res.returncode == 2
    assert f"{f}:2: invalid UTF-8" in res.stderr and "Traceback" not in res.stderr


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage: bri-align" in capsys.readouterr().out


def _bad_cases():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "loader_cases", Path(__file__).resolve().parents[1] / "glossary" / "test_loader.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.BAD_CASES


@pytest.mark.parametrize("name,text,pattern", _bad_cases(), ids=[c[0] for c in _bad_cases()])
def test_every_malformed_termbase_kind_exits_2_with_one_line(tmp_path, capsys, name, text, pattern):
    import re

    path = tmp_path / "tb.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    assert main(["glossary", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"bri-align: error: {path}")
    assert re.search(pattern, err) and "Traceback" not in err
