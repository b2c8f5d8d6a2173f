"""CLI: `bri-align align sentences` output formats and one-line errors naming the file."""

from __future__ import annotations

import argparse
import json

import pytest

from bri_align.cli.align_sentences import register_sentences
from bri_align.errors import BriAlignError

ZH = "高质量共建“一带一路”是中国扩大高水平对外开放的需要。我们将继续推动绿色丝绸之路建设。\n目前，已有150多个国家参与。\n"
EN = ("High-quality Belt and Road cooperation is needed for China to expand high-standard opening up. "
      "We will keep advancing the Green Silk Road.\nMore than 150 countries have joined so far.\n")


def run(argv, capsys):
    """Run through bri_align.cli.main when the `align` group is wired, else a local parser."""
    from bri_align.cli import build_parser, main

    parser = build_parser()
    sub_actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if sub_actions and "align" in sub_actions[0].choices:
        return main(argv)
    parser = argparse.ArgumentParser(prog="bri-align")
    sub = parser.add_subparsers()
    align = sub.add_parser("align").add_subparsers()
    register_sentences(align)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BriAlignError as exc:
        import sys

        print(f"bri-align: error: {exc}", file=sys.stderr)
        return 1


@pytest.fixture()
def docs(tmp_path):
    zh = tmp_path / "a.zh.txt"
    en = tmp_path / "b.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


def test_tsv_output(docs, tmp_path, capsys, mini_glossary):
    zh, en = docs
    out = tmp_path / "pairs.tsv"
    rc = run(["align", "sentences", "--zh", str(zh), "--en", str(en), "--out", str(out),
              "--glossary", "tests/fixtures/mini_termbase.yaml", "--no-lexicon"], capsys)
    assert rc == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "zh\ten\tbead\tscore"
    rows = [ln.split("\t") for ln in lines[1:]]
    assert [r[2] for r in rows] == ["1-1", "1-1", "1-1"]
    assert rows[2][0] == "目前，已有150多个国家参与。"
    assert rows[2][1] == "More than 150 countries have joined so far."
    assert all(0.0 <= float(r[3]) <= 1.0 for r in rows)
    assert "wrote 3 beads" in capsys.readouterr().out


def test_jsonl_to_stdout(docs, capsys):
    zh, en = docs
    rc = run(["align", "sentences", "--zh", str(zh), "--en", str(en), "--format", "jsonl", "--no-glossary",
              "--no-lexicon"], capsys)
    assert rc == 0
    rows = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert [r["bead"] for r in rows] == ["1-1", "1-1", "1-1"]
    assert ZH[rows[1]["zh_start"]:rows[1]["zh_end"]] == "我们将继续推动绿色丝绸之路建设。"


@pytest.mark.parametrize("which,content,match", [
    ("zh", b"", "Chinese file is empty"),
    ("en", b"\n\n", "English file is empty"),
    ("zh", "中文句子。".encode("gb18030"), "invalid UTF-8"),
    ("zh", EN.encode("utf-8"), "Chinese file should be Chinese but looks English; are the --zh and --en files swapped"),
    ("en", ZH.encode("utf-8"), "English file should be English but looks Chinese"),
])
def test_errors_are_one_line_and_name_the_file(docs, capsys, which, content, match):
    zh, en = docs
    bad = zh if which == "zh" else en
    bad.write_bytes(content)
    rc = run(["align", "sentences", "--zh", str(zh), "--en", str(en), "--no-lexicon", "--no-glossary"], capsys)
    assert rc == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(bad) in err and match in err


def test_missing_file(docs, capsys, tmp_path):
    zh, _ = docs
    rc = run(["align", "sentences", "--zh", str(zh), "--en", str(tmp_path / "nope.txt"), "--no-lexicon"], capsys)
    assert rc == 2
    assert "nope.txt: English file not found" in capsys.readouterr().err
