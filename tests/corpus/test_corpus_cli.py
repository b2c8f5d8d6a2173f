"""`bri-align corpus run`: a run, and the error paths (one line, exit 2, nothing written)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bri_align.cli import main

from corpus_data import REPO, project_pairs, write_text


@pytest.fixture()
def files(tmp_path):
    return write_text(tmp_path, project_pairs()[:60])


def _one_line_error(capsys, pattern):
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bri-align: error:"), err
    assert pattern in err, err


def test_run_writes_the_output_folder(files, tmp_path, capsys):
    zh, en = files
    out = tmp_path / "out"
    assert main(["corpus", "run", "--zh", str(zh), "--en", str(en), "--out", str(out), "--num-workers", "0",
                 "--sample-size", "60", "--date", "2026-01-31"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["pairs"] == 60 and printed["rejected"] == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [".bri-align-output.json", "candidates.parquet", "pairs", "rejects.jsonl", "renderings.parquet",
                     "summary.json", "summary.md"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["date"] == "2026-01-31" and summary["sample_size"] == 60
    assert "# Corpus run summary" in (out / "summary.md").read_text(encoding="utf-8")
    # a second run replaces the first output as a whole
    assert main(["corpus", "run", "--zh", str(zh), "--en", str(en), "--out", str(out), "--num-workers", "0",
                 "--sample-size", "60"]) == 0


@pytest.mark.parametrize("args, pattern", [
    (["--zh", "MISSING.zh", "--en", "{en}"], "not found"),
    (["--zh", "{zh}", "--en", "{en}", "--date", "2026-13-01"], "not a real date"),
    (["--zh", "{zh}", "--en", "{en}", "--date", "31/01/2026"], "YYYY-MM-DD"),
    (["--zh", "{zh}"], "give both"),
    (["--tmx", "{zh}", "--zh", "{zh}", "--en", "{en}"], "give one corpus"),
    (["--zh", "{zh}", "--en", "{en}", "--address", "auto"], "--engine ray"),
    (["--zh", "{zh}", "--en", "{en}", "--sample-size", "0"], "sample_size"),
])
def test_error_paths(files, tmp_path, capsys, args, pattern):
    zh, en = files
    argv = [a.format(zh=zh, en=en) for a in args]
    assert main(["corpus", "run", *argv, "--out", str(tmp_path / "o")]) == 2
    _one_line_error(capsys, pattern)
    assert not (tmp_path / "o").exists()


def test_out_over_an_input_is_refused(files, tmp_path, capsys):
    zh, en = files
    # the output folder would hold the inputs (their folder), or be one of them
    assert main(["corpus", "run", "--zh", str(zh), "--en", str(en), "--out", str(tmp_path)]) == 2
    _one_line_error(capsys, "input")
    assert main(["corpus", "run", "--zh", str(zh), "--en", str(en), "--out", str(zh)]) == 2
    _one_line_error(capsys, "error")
    assert zh.read_text(encoding="utf-8").count("\n") == 60


def test_module_entry_point_runs_with_worker_processes(files, tmp_path):
    """`python -m bri_align` with spawned workers: the workers must not run the CLI again."""
    zh, en = files
    out = tmp_path / "o"
    r = subprocess.run([sys.executable, "-m", "bri_align", "corpus", "run", "--zh", str(zh), "--en", str(en),
                        "--out", str(out), "--num-workers", "1", "--sample-size", "60", "--batch-size", "16"],
                       capture_output=True, text=True, cwd=str(REPO), timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["pairs"] == 60 and r.stderr == ""
