"""`bri-align qa` end to end on small files: formats, --strict exit codes, --docs, --testset, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_align.cli import main

TERMBASE = str(Path(__file__).with_name("qa_termbase.yaml"))
SRC = ["我们支持一带一路。", "他喜欢工笔画。", "她也喜欢工笔画。"]
HYP_OK = ["We support the Belt and Road Initiative.", "He likes fine brushwork.", "She likes fine brushwork."]
HYP_BAD = ["One Belt, One Road is supported.", "He likes fine brushwork.", "She likes meticulous brushwork."]
HYP_INCONSISTENT = ["We support the Belt and Road Initiative.", "He likes fine brushwork.",
                    "She likes meticulous brushwork."]


def write(path: Path, lines) -> str:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return str(path)


def qa(tmp_path, hyp_lines, *extra, src_lines=SRC):
    src = write(tmp_path / "s.zh", src_lines)
    hyp = write(tmp_path / "h.en", hyp_lines)
    return main(["qa", "--src", src, "--hyp", hyp, "--glossary", TERMBASE, "--method", "none", *extra])


@pytest.mark.parametrize("hyp,strict,code", [
    (HYP_OK, True, 0),
    (HYP_BAD, True, 1),              # deprecated -> strict fails
    (HYP_BAD, False, 0),             # without --strict the exit code is 0
    (HYP_INCONSISTENT, True, 0),     # inconsistency alone does not fail
    (["We support it.", "He likes fine brushwork.", "She likes fine brushwork."], True, 1),  # missing
])
def test_strict_exit_codes(tmp_path, capsys, hyp, strict, code):
    args = ["--strict"] if strict else []
    assert qa(tmp_path, hyp, *args) == code
    captured = capsys.readouterr()
    if code:
        assert "--strict:" in captured.err


def test_markdown_to_stdout(tmp_path, capsys):
    assert qa(tmp_path, HYP_BAD) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Terminology QA")
    assert "replace 'One Belt, One Road' with 'Belt and Road Initiative'" in out
    assert "| 3 | all | 工笔画 | fine-brushwork | “meticulous brushwork” | inconsistent |" in out


def test_json_to_file_with_docs(tmp_path, capsys):
    docs = write(tmp_path / "docs.txt", ["a", "a", "b"])
    out = tmp_path / "qa.json"
    assert qa(tmp_path, HYP_INCONSISTENT, "--format", "json", "--docs", docs, "--out", str(out), "--strict") == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["summary"]["documents"] == 2
    assert [i["verdict"] for s in d["segments"] for i in s["items"]] == ["preferred", "preferred", "admitted"]
    assert d["meta"]["docs"] == docs
    assert "report written to" in capsys.readouterr().out


def test_all_items_flag(tmp_path, capsys):
    assert qa(tmp_path, HYP_OK, "--all") == 0
    out = capsys.readouterr().out
    assert "## All terms" in out and "“Belt and Road Initiative”" in out


def test_allow_literal(tmp_path, capsys):
    src, hyp = ["坚持对外开放。"], ["Keep opening up to the outside world."]
    assert qa(tmp_path, hyp, "--strict", src_lines=src) == 1
    assert qa(tmp_path, hyp, "--strict", "--allow-literal", src_lines=src) == 0


def test_testset_seed_subset_strict(repo_root, capsys, tmp_path):
    """The acceptance run (dictionary-only aligner for speed): the seed's MT fails --strict."""
    if not (repo_root / "corpora" / "policy_bench" / "systems" / "seed-mt.jsonl").is_file():
        pytest.skip("corpora/policy_bench is not in this checkout")
    out = tmp_path / "seed.json"
    code = main(["qa", "--testset", "--subset", "seed", "--system", "seed-mt", "--strict", "--method", "none",
                 "--format", "json", "--out", str(out)])
    assert code == 1
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["summary"]["segments"] == 69 and d["summary"]["counts"]["deprecated"] > 0
    assert len(d["meta"]["segment_ids"]) == 69
    items = [i for s in d["segments"] for i in s["items"]]
    big = [i for i in items if i["entry_id"] == "freehand-brushwork" and i["rendering"] == "big freehand brushwork"]
    assert big and big[0]["verdict"] == "deprecated" and big[0]["suggestion"] == \
        "replace 'big freehand brushwork' with 'sketching the outline'"


# ------------------------------------------------------------------ errors: one line, exit 1
def _err(capsys):
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    return err


def test_error_line_count(tmp_path, capsys):
    assert qa(tmp_path, HYP_OK[:2]) == 2
    err = _err(capsys)
    assert err.startswith("bri-align: error: ") and "h.en: has 2 lines but" in err and "s.zh has 3" in err


def test_error_empty_line(tmp_path, capsys):
    assert qa(tmp_path, HYP_OK, src_lines=[SRC[0], "", SRC[2]]) == 2
    assert "s.zh:2: empty line" in _err(capsys)


def test_error_trailing_blank_line_in_hypothesis(tmp_path, capsys):
    assert qa(tmp_path, HYP_OK + [""], src_lines=SRC + ["我们加强合作。"]) == 2
    assert "h.en:4: empty line" in _err(capsys)


def test_error_swapped_files(tmp_path, capsys):
    assert qa(tmp_path, SRC, src_lines=HYP_OK) == 2
    assert "s.zh: the source should be Chinese but looks English" in _err(capsys)


def test_error_source_line_not_chinese(tmp_path, capsys):
    assert qa(tmp_path, HYP_OK, src_lines=[SRC[0], "Belt and Road", SRC[2]]) == 2
    assert "s.zh:2: source line has no Chinese characters" in _err(capsys)


def test_error_docs_count(tmp_path, capsys):
    docs = write(tmp_path / "docs.txt", ["a"])
    assert qa(tmp_path, HYP_OK, "--docs", docs) == 2
    assert "docs.txt: has 1 document ids for 3 segments" in _err(capsys)


def test_error_missing_file(tmp_path, capsys):
    src = write(tmp_path / "s.zh", SRC)
    assert main(["qa", "--src", src, "--hyp", str(tmp_path / "nope.en"), "--glossary", TERMBASE]) == 2
    assert "nope.en: translation file not found" in _err(capsys)


@pytest.mark.parametrize("args,match", [
    (["qa", "--src", "x.zh"], "missing --hyp"),
    (["qa"], "missing --src and --hyp"),
    (["qa", "--src", "a", "--hyp", "b", "--testset"], "give either --src/--hyp files or --testset"),
    (["qa", "--src", "a", "--hyp", "b", "--subset", "seed"], "--subset and --system go with --testset"),
    (["qa", "--testset"], "--testset needs --system"),
    (["qa", "--testset", "--subset", "nope", "--system", "seed-mt"], "no segments in subset 'nope'; the subsets are"),
    (["qa", "--testset", "--system", "nope"], "unknown system 'nope': neither a shipped system \\(seed-mt"),
    (["qa", "--testset", "--system", "seed-mt"], "no output for 244 of 313 segments"),
])
def test_cli_argument_errors(repo_root, capsys, args, match):
    if "--testset" in args and not (repo_root / "corpora" / "policy_bench" / "test.jsonl").is_file():
        pytest.skip("corpora/policy_bench is not in this checkout")
    assert main(args) == 2
    import re

    assert re.search(match, _err(capsys))
