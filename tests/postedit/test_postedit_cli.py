"""`bri-align postedit` end to end on small files, and in test-set mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_align.cli import main

TERMBASE = str(Path(__file__).resolve().parents[1] / "qa" / "qa_termbase.yaml")
SRC = ["这是发展战略的对接。", "他们建立了自由贸易区。", "我们支持一带一路。"]
HYP = ["This is a docking of development strategies.", "They set up free trade zones.",
       "We support the Belt and Road."]


def write(path: Path, lines) -> str:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return str(path)


def test_postedit_files_and_report(tmp_path, capsys):
    src, hyp = write(tmp_path / "s.zh", SRC), write(tmp_path / "h.en", HYP)
    out, report = tmp_path / "out.en", tmp_path / "changes.jsonl"
    code = main(["postedit", "--src", src, "--hyp", hyp, "--out", str(out), "--report", str(report),
                 "--glossary", TERMBASE, "--method", "none"])
    assert code == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "This is an alignment of development strategies.", "They set up free trade areas.",
        "We support the Belt and Road."]
    changes = [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]
    assert [(c["line"], c["start"], c["end"], c["old"], c["new"], c["entry_id"]) for c in changes] == [
        (1, 8, 17, "a docking", "an alignment", "alignment"),
        (2, 12, 28, "free trade zones", "free trade areas", "free-trade-area")]
    assert "postedit: 2 changes in 2 of 3 segments (deprecated 2)" in capsys.readouterr().out


def test_postedit_keep_literal(tmp_path, capsys):
    src = write(tmp_path / "s.zh", ["坚持对外开放。"])
    hyp = write(tmp_path / "h.en", ["Keep opening up to the outside world."])
    out = tmp_path / "o.en"
    base = ["postedit", "--src", src, "--hyp", hyp, "--out", str(out), "--glossary", TERMBASE, "--method", "none"]
    assert main(base + ["--keep-literal"]) == 0
    assert out.read_text(encoding="utf-8") == "Keep opening up to the outside world.\n"
    assert main(base) == 0
    assert out.read_text(encoding="utf-8") == "Keep opening up.\n"


def test_postedit_errors_one_line(tmp_path, capsys):
    src, hyp = write(tmp_path / "s.zh", SRC), write(tmp_path / "h.en", HYP[:2])
    assert main(["postedit", "--src", src, "--hyp", hyp, "--out", str(tmp_path / "o"), "--glossary", TERMBASE]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bri-align: error: ") and "h.en: has 2 lines but" in err and "\n" not in err
    assert not (tmp_path / "o").exists()


def test_postedit_testset_writes_system_jsonl(repo_root, tmp_path, capsys):
    if not (repo_root / "corpora" / "policy_bench" / "systems" / "seed-mt.jsonl").is_file():
        pytest.skip("corpora/policy_bench is not in this checkout")
    out = tmp_path / "pe.jsonl"
    assert main(["postedit", "--testset", "--subset", "seed", "--system", "seed-mt", "--out", str(out),
                 "--method", "none"]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 69 and rows[0]["id"] == "seed-p01-s1"
    assert rows[0]["en"].startswith("High-Quality Belt and Road Cooperation")
    # the post-edited file passes the QA's deprecated check
    capsys.readouterr()
    code = main(["qa", "--testset", "--subset", "seed", "--system", str(out), "--method", "none",
                 "--format", "json", "--out", str(tmp_path / "qa.json")])
    assert code == 0
    d = json.loads((tmp_path / "qa.json").read_text(encoding="utf-8"))
    assert d["summary"]["counts"]["deprecated"] == 0
