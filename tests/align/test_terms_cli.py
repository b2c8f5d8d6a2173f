"""CLI: `bri-align terms align` and `bri-align terms extract`; one-line errors naming the file."""

from __future__ import annotations

import json

import pytest

from bri_align.cli import main

ZH = "我们要走出去。\n推动共建“一带一路”。\n加快数字化转型。\n"
EN = "We will go global.\nWe will advance Belt and Road cooperation.\nWe will speed up digital transformation.\n"
MINI = "tests/fixtures/mini_termbase.yaml"


@pytest.fixture()
def files(tmp_path):
    zh, en = tmp_path / "a.zh", tmp_path / "b.en"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


def test_terms_align_glossary(files, tmp_path, capsys):
    zh, en = files
    out = tmp_path / "terms.jsonl"
    assert main(["terms", "align", "--zh", str(zh), "--en", str(en), "--glossary", MINI, "--method", "none",
                 "--out", str(out)]) == 0
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["zh"], r["en"], r["status"]) for r in rows] == [
        (1, "走出去", "go global", "preferred"), (2, "共建“一带一路”", "Belt and Road cooperation", "preferred")]
    for r in rows:
        assert set(r) >= {"line", "zh", "zh_start", "zh_end", "en", "en_start", "en_end", "score", "status"}
    assert "wrote 2 term occurrences" in capsys.readouterr().out


def test_terms_align_user_list(files, tmp_path, capsys):
    zh, en = files
    terms = tmp_path / "LIST.txt"
    terms.write_text("数字化转型\n", encoding="utf-8")
    assert main(["terms", "align", "--zh", str(zh), "--en", str(en), "--terms", str(terms), "--method", "none"]) == 0
    rows = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert [(r["line"], r["zh"], r["en"], r["status"]) for r in rows] == [
        (3, "数字化转型", "digital transformation", "new")]


def test_terms_extract(files, tmp_path, capsys):
    zh, en = files
    out = tmp_path / "c.tsv"
    assert main(["terms", "extract", "--zh", str(zh), "--en", str(en), "--glossary", MINI, "--min-count", "1",
                 "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:4] == ["zh", "en", "count", "zh_count"]
    assert all(len(ln.split("\t")) == 12 for ln in lines)
    assert "candidate pairs" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["align", "extract"])
@pytest.mark.parametrize("which,content,match", [
    ("en", "We will go global.\n", "has 1 lines but the Chinese file"),
    ("zh", "", "Chinese file is empty"),
    ("en", b"\xc3\x28 bad\n", "invalid UTF-8"),
    ("zh", EN, "Chinese file should be Chinese but looks English; are the --zh and --en files swapped"),
])
def test_errors(files, capsys, command, which, content, match):
    zh, en = files
    bad = zh if which == "zh" else en
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    rc = main(["terms", command, "--zh", str(zh), "--en", str(en), "--glossary", MINI, "--method", "none"])
    assert rc == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and match in err


def test_bad_term_list(files, tmp_path, capsys):
    zh, en = files
    terms = tmp_path / "LIST.txt"
    terms.write_text("数字化转型\tdigital transformation\n", encoding="utf-8")
    assert main(["terms", "align", "--zh", str(zh), "--en", str(en), "--terms", str(terms)]) == 2
    assert "LIST.txt:1: a term list has one Chinese term per line" in capsys.readouterr().err
