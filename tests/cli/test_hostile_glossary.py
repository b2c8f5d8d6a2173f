"""Hostile inputs to `bri-align glossary ...` and to the termbase/TBX/JSONL readers: each gets
a located one-line error and exit 2 (or, where the input is fine, exit 0), never a traceback.

Most cases run ``bri_align.cli.main`` in-process (an exception other than BriAlignError would
fail the test); a few run the real program in a subprocess to check stderr as a user sees it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bri_align.cli import main

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_termbase.yaml"

ENTRY = """entries:
  - id: {id}
    zh: {zh}
    category: concept
    renderings:
      - en: {en}
        status: preferred
"""


def entry_yaml(zh: str = "一带一路", en: str = "Belt and Road", eid: str = "bri") -> str:
    return ENTRY.format(id=eid, zh=zh, en=en)


def deep_block(levels: int) -> str:
    return "entries:\n" + "".join("  " * i + "a:\n" for i in range(1, levels))


def alias_bomb() -> str:
    """Nine levels of nine aliases (9**9 strings if expanded) under ``meta``, used as a term."""
    lines = ["meta:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    for k, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[k]
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n" + entry_yaml(zh="*i")


# kind, file name, content (str or bytes), expected stderr line (regex, after "bri-align: error: PATH")
YAML_CASES = [
    ("deep-flow-nesting", "tb.yaml", "entries: " + "[" * 40 + "]" * 40,
     r":1: the YAML nests more than 32 levels deep"),
    ("very-deep-flow-nesting", "tb.yaml", "entries: " + "[" * 5000 + "]" * 5000,
     r":1: (the YAML nests more than 32 levels deep|YAML syntax error: exceeded maximum nesting depth)"),
    ("deep-block-nesting", "tb.yaml", deep_block(3000), r":33: the YAML nests more than 32 levels deep"),
    ("sequence-as-key", "tb.yaml", "entries:\n  - {[1, 2]: 3}\n", r":2: a mapping key is a list"),
    ("mapping-as-key", "tb.yaml", "? {a: 1}\n: 1\n", r":1: a mapping key is a mapping"),
    ("lone-surrogate-escape", "tb.yaml", entry_yaml(zh='"一带\\ud800一路"'),
     # libyaml refuses the escape itself; PyYAML's pure-Python parser passes it to our check
     r":3: (YAML syntax error: found invalid Unicode character escape code|entry 'bri' field 'zh': Chinese "
     r"term '一带\\ud800一路' contains the invisible or control character U\+D800 lone surrogate)"),
    ("lone-surrogate-in-note", "tb.yaml", entry_yaml() + '    note: "x\\udfff"\n',
     r":8: (YAML syntax error: found invalid Unicode character escape code|entry 'bri' field 'note': note "
     r"'x\\udfff' contains the invisible or control character U\+DFFF)"),
    ("zero-width-space-in-term", "tb.yaml", entry_yaml(zh='"一带\\u200b一路"'),
     r"field 'zh': Chinese term '一带\\u200b一路' contains the invisible or control character U\+200B "
     r"ZERO WIDTH SPACE"),
    ("zero-width-joiner-in-rendering", "tb.yaml", entry_yaml(en='"Belt\\u200dand Road"'),
     r":6: entry 'bri' field 'renderings.en': English rendering 'Belt\\u200dand Road' contains the "
     r"invisible or control character U\+200D ZERO WIDTH JOINER"),
    ("zero-width-non-joiner", "tb.yaml", entry_yaml(en='"Belt\\u200cand Road"'), r"U\+200C ZERO WIDTH NON-JOINER"),
    ("word-joiner", "tb.yaml", entry_yaml(zh='"一带\\u2060一路"'), r"U\+2060 WORD JOINER"),
    ("bom-inside-term", "tb.yaml", entry_yaml(zh='"一带\\ufeff一路"'), r"U\+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("bell-control-character", "tb.yaml", entry_yaml(en='"Belt\\aRoad"'), r"U\+0007 control character"),
    ("nul-in-id", "tb.yaml", 'entries:\n - id: "a\\0b"\n',
     r":2: entry 'a\\u0000b' field 'zh': missing required field 'zh'"),
    ("python-tag", "tb.yaml", "entries: !!python/object/apply:os.system ['echo hi']\n",
     r":1: YAML syntax error: could not determine a constructor for the tag "
     r"'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("alias-bomb", "tb.yaml", alias_bomb(), r":13: entry 'bri' field 'zh': Chinese term must be a string, got "
     r"a list$"),
    ("huge-list", "tb.yaml", entry_yaml() + "    zh_variants: [" + ", ".join(["1"] * 200_000) + "]\n",
     r":8: entry 'bri' field 'zh_variants': Chinese variant must be a string, got int 1"),
    ("duplicate-key", "tb.yaml", "entries: []\nentries: []\n", r":2: field 'entries': key 'entries' appears twice"),
    ("empty-file", "tb.yaml", "", r":1: the file is empty"),
    ("tab-indentation", "tb.yaml", "entries:\n\t- x\n", r":2: YAML syntax error: found character that cannot "
     r"start any token"),
    ("invalid-utf8", "tb.yaml", entry_yaml().encode("utf-8") + b"    note: \xff\n", r":8: invalid UTF-8"),
    ("integer-where-string", "tb.yaml", entry_yaml(zh="12"), r":3: entry 'bri' field 'zh': Chinese term must "
     r"be a string, got int 12"),
    ("list-as-category", "tb.yaml", entry_yaml().replace("category: concept", "category: [a]"),
     r":4: entry 'bri' field 'category': unknown category a list"),
    ("malformed-tbx", "g.tbx", '<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"><x>\n',
     r":3: not well-formed XML: Premature end of data"),
    ("tbx-entity-payload", "g.tbx",
     '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
     '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><titleStmt><title>&b;</title>'
     '</titleStmt></fileDesc></tbxHeader><text><body/></text></tbx>\n',
     r":3: DOCTYPE declarations are not accepted"),
    ("tbx-external-entity", "g.tbx",
     '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
     '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><titleStmt><title>&e;</title>'
     '</titleStmt></fileDesc></tbxHeader><text><body/></text></tbx>\n',
     r":3: DOCTYPE declarations are not accepted"),
    ("tbx-binary", "g.tbx", b"\xff\xfe\x00\x01", r":1: not well-formed XML"),
    ("jsonl-lone-surrogate", "g.jsonl", '{"id": "a", "zh": "\\ud800", "en_preferred": "A"}\n',
     r":1: a string holds a lone surrogate escape"),
    ("jsonl-integer-where-string", "g.jsonl", '{"id": "a", "zh": 5, "en_preferred": "A"}\n',
     r":1: entry 'a' field 'zh': Chinese term must be a string, got a number \(5\)"),
    ("jsonl-zero-width", "g.jsonl", '{"id": "a", "zh": "一", "en_preferred": "A\\u200b B"}\n',
     r":1: entry 'a' field 'en_preferred': English rendering 'A\\u200b B' contains the invisible"),
    ("jsonl-deep-nesting", "g.jsonl", "[" * 100_000 + "\n", r":1: JSON nested too deeply"),
    ("jsonl-not-json", "g.jsonl", "{id: a}\n", r":1: "),
]


@pytest.mark.parametrize("kind,name,content,expected", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_hostile_termbase_exits_2_with_one_located_line(tmp_path, capsys, kind, name, content, expected):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    t0 = time.perf_counter()
    assert main(["glossary", "validate", str(path)]) == 2
    assert time.perf_counter() - t0 < 20  # nothing is expanded or retried
    captured = capsys.readouterr()
    err = captured.err
    assert captured.out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"bri-align: error: {path}"), err
    assert re.search(expected, err), err
    assert "Traceback" not in err


@pytest.mark.parametrize("kind,name,content,expected", YAML_CASES[:6] + YAML_CASES[-8:],
                         ids=[c[0] for c in YAML_CASES[:6] + YAML_CASES[-8:]])
def test_hostile_termbase_as_json(tmp_path, capsys, kind, name, content, expected):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    assert main(["glossary", "validate", str(path), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and len(report["errors"]) == 1
    err = report["errors"][0]
    assert set(err) == {"path", "line", "entry_id", "field", "message"}
    assert err["path"] == str(path)


def test_hostile_termbase_through_export(tmp_path, capsys):
    """The same errors stop an export before anything is written."""
    path = tmp_path / "tb.yaml"
    path.write_text(entry_yaml(zh='"一带\\ud800一路"'), encoding="utf-8")
    out = tmp_path / "g.tbx"
    assert main(["glossary", "export", str(path), "--format", "tbx", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "U+D800 lone surrogate" in err or "invalid Unicode character escape" in err
    assert not out.exists()


# ------------------------------------------------------------------ every error is listed
def test_validate_lists_every_error(tmp_path, capsys):
    text = (entry_yaml(eid="a") + entry_yaml(zh='"丝\\u200b路"', en="Silk Road", eid="b").replace("entries:\n", "")
            + entry_yaml(zh="大写意", en="freehand", eid="c").replace("entries:\n", "").replace("preferred", "admitted")
            + entry_yaml(zh="工笔画", en="meticulous", eid="a").replace("entries:\n", ""))
    path = tmp_path / "tb.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["glossary", "validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"bri-align: error: {path}:9: entry 'b' field 'zh': Chinese term '丝\\u200b路' contains the invisible or "
        "control character U+200B ZERO WIDTH SPACE; remove it (retype the term if it was pasted)",
        f"bri-align: error: {path}:14: entry 'c' field 'renderings.status': no preferred rendering; mark exactly "
        "one rendering 'status: preferred'",
        f"bri-align: error: {path}:20: entry 'a' field 'id': duplicate id 'a' (first used by entry #1); ids must "
        "be unique: rename one of them",
        "bri-align: 3 errors; the termbase does not validate",
    ]
    assert main(["glossary", "validate", str(path), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [(e["line"], e["entry_id"], e["field"]) for e in report["errors"]] == [
        (9, "b", "zh"), (14, "c", "renderings.status"), (20, "a", "id")]


def test_validate_lists_errors_of_every_file_in_a_folder(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("entries: [\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(entry_yaml(zh='"\\u2060"'), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(entry_yaml(zh="丝路", eid="ok"), encoding="utf-8")
    assert main(["glossary", "validate", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"bri-align: error: {tmp_path / 'a.yaml'}:2: YAML syntax error")
    assert lines[1].startswith(f"bri-align: error: {tmp_path / 'b.yaml'}:3: entry 'bri' field 'zh'")
    assert lines[2] == "bri-align: 2 errors; the termbase does not validate"


def test_validate_caps_the_text_listing(tmp_path, capsys):
    path = tmp_path / "tb.yaml"
    path.write_text("entries: [" + ", ".join(["1"] * 150) + "]\n", encoding="utf-8")
    assert main(["glossary", "validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 102
    assert lines[-2] == "bri-align: ... 50 more errors not shown (--format json lists them all)"
    assert main(["glossary", "validate", str(path), "--format", "json"]) == 2
    assert len(json.loads(capsys.readouterr().out)["errors"]) == 150


def test_validate_ok_as_text_and_json(capsys):
    assert main(["glossary", "validate", str(MINI)]) == 0
    assert capsys.readouterr().out.startswith("ok: 7 entries")
    assert main(["glossary", "validate", str(MINI), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["errors"] == [] and report["entries"] == 7


def test_validate_reads_standard_input():
    res = subprocess.run([sys.executable, "-m", "bri_align", "glossary", "validate", "-"],
                         input=entry_yaml(zh='"一带\\u200b一路"'), capture_output=True, text=True, cwd=str(REPO))
    assert res.returncode == 2
    assert res.stderr.startswith("bri-align: error: <stdin>:3: entry 'bri' field 'zh'")
    assert "Traceback" not in res.stderr
    res = subprocess.run([sys.executable, "-m", "bri_align", "glossary", "validate", "-"],
                         input=entry_yaml(), capture_output=True, text=True, cwd=str(REPO))
    assert res.returncode == 0 and res.stdout.startswith("ok: 1 entries"), res.stderr


def test_deep_nesting_in_the_real_program(tmp_path):
    path = tmp_path / "tb.yaml"
    path.write_text(deep_block(1_000), encoding="utf-8")  # block style grows quadratically: 1 MB here
    res = subprocess.run([sys.executable, "-m", "bri_align", "glossary", "validate", str(path)],
                         capture_output=True, text=True, cwd=str(REPO))
    assert res.returncode == 2
    assert res.stderr == (f"bri-align: error: {path}:33: the YAML nests more than 32 levels deep; a termbase "
                          "nests at most 6 (entries, entry, renderings, rendering, evidence, item)\n")


def test_a_fifo_as_termbase_is_refused(tmp_path, capsys):
    fifo = tmp_path / "tb.yaml"
    os.mkfifo(fifo)
    assert main(["glossary", "validate", str(fifo)]) == 2
    err = capsys.readouterr().err
    assert err == f"bri-align: error: {fifo}: not a regular file (a device, FIFO or socket); point at a termbase " \
                  "file or folder\n"
    tbx = tmp_path / "g.tbx"
    os.mkfifo(tbx)
    assert main(["glossary", "validate", str(tbx)]) == 2
    assert "is not a regular file" in capsys.readouterr().err


def test_many_entries_load_in_reasonable_time(tmp_path, capsys):
    """5,000 entries (50,000 load the same way, linearly: about 10-20 s on a loaded CI core with
    libyaml; this keeps the suite fast)."""
    n = 5000
    parts = ["entries:\n"]
    for i in range(n):
        parts.append(f"  - id: e{i}\n    zh: {chr(0x4e00 + i)}测试{i}\n    pinyin: x\n    category: concept\n"
                     f"    renderings:\n      - en: Term {i}\n        status: preferred\n")
    path = tmp_path / "big.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    t0 = time.perf_counter()
    assert main(["glossary", "validate", str(path)]) == 0
    assert time.perf_counter() - t0 < 30
    assert capsys.readouterr().out.startswith(f"ok: {n} entries")


# ------------------------------------------------------------------ emoji are accepted
def test_emoji_terms_validate_and_build(tmp_path, capsys):
    """Emoji are visible text: the matcher finds them and the dataset's features are fixed
    strings, so nothing depends on the content (the build used to fail in datasets)."""
    tb = tmp_path / "tb.yaml"
    tb.write_text(entry_yaml(zh="一带一路😀", en="Belt and Road 🚀"), encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("The Belt and Road 🚀 is here.\n", encoding="utf-8")
    assert main(["glossary", "validate", str(tb)]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 entries")
    out = tmp_path / "out"
    assert main(["glossary", "build", "--seeds", str(seeds), "--termbase", str(tb), "--out", str(out),
                 "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["occurrences"] == 1 and summary["entries_used"] == 1
    rows = [json.loads(line) for line in (out / "exports" / "glossary.jsonl").read_text("utf-8").splitlines()]
    assert rows[0]["zh"] == "一带一路😀"


# ------------------------------------------------------------------ outputs that are inputs
def test_export_refuses_its_own_termbase_file(tmp_path, capsys):
    tb = tmp_path / "tb.yaml"
    tb.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    before = tb.read_bytes()
    assert main(["glossary", "export", str(tb), "--format", "jsonl", "--out", str(tb)]) == 2
    err = capsys.readouterr().err
    assert err == (f"bri-align: error: {tb}: the output file is also an input of this command; writing it "
                   "would destroy the input: give another path\n")
    assert tb.read_bytes() == before


def test_export_refuses_a_file_of_its_termbase_folder(tmp_path, capsys):
    folder = tmp_path / "tb"
    folder.mkdir()
    (folder / "a.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    for target in ("a.yaml", "notes.txt"):
        assert main(["glossary", "export", str(folder), "--format", "tbx", "--out", str(folder / target)]) == 2
        assert "the output file is also an input of this command" in capsys.readouterr().err
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_export_to_stdout_by_default_and_to_a_folder(tmp_path, capsys):
    assert main(["glossary", "export", str(MINI), "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 7
    assert main(["glossary", "export", str(MINI), "--format", "jsonl", "--out", "-"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 7
    assert not Path("-").exists()
    assert main(["glossary", "export", str(MINI), "--format", "tbx", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "mini_termbase.tbx").is_file()


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("We build the Belt and Road Initiative.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("case,expected", [
    ("seeds", r"seeds: the output folder holds an input of this command \(.*seeds\)"),
    ("parent-of-seeds", r"the output folder holds an input of this command"),
    ("inside-seeds", r"seeds/out: field 'out': the output folder overlaps the input"),
    ("termbase-folder", r"tb: the output folder holds an input of this command"),
    ("dot", r"'\.' cannot be the output folder"),
    ("dotdot", r"'\.\.' cannot be the output folder"),
])
def test_build_refuses_outputs_that_are_inputs(tmp_path, seeds, monkeypatch, capsys, case, expected):
    tb = tmp_path / "tb"
    tb.mkdir()
    (tb / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    if case in ("dot", "dotdot"):
        monkeypatch.chdir(seeds)
    out = {"seeds": str(seeds), "parent-of-seeds": str(tmp_path), "inside-seeds": str(seeds / "out"),
           "termbase-folder": str(tb), "dot": ".", "dotdot": ".."}[case]
    assert main(["glossary", "build", "--seeds", str(seeds), "--termbase", str(tb), "--out", out]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(expected, err), err
    assert sorted(p.name for p in seeds.iterdir()) == ["a.txt"]
    assert sorted(p.name for p in tb.iterdir()) == ["mini.yaml"]


def test_build_into_a_users_folder_needs_force(tmp_path, seeds, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", encoding="utf-8")
    args = ["glossary", "build", "--seeds", str(seeds), "--termbase", str(MINI), "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == (f"bri-align: error: {out}: field 'out': the output folder already holds files bri_align did "
                   "not write (e.g. thesis.tex); choose a new folder, or pass --force to write beside them "
                   "(only files bri_align wrote are replaced)\n")
    assert main(args + ["--force"]) == 0
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "precious"
    assert (out / "build.json").is_file()


def test_build_seeds_folder_without_text_files(tmp_path, capsys):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "data.csv").write_text("a,b\n", encoding="utf-8")
    assert main(["glossary", "build", "--seeds", str(folder), "--termbase", str(MINI),
                 "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"bri-align: error: {folder}: field 'seeds': no seed documents (.txt or .md files) in this folder; add "
        "some or pass another --seeds path\n")
    assert not (tmp_path / "o").exists()


def test_build_when_no_entry_occurs_in_the_seeds(tmp_path, capsys):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing in the termbase is named here.\n", encoding="utf-8")
    out = tmp_path / "o"
    assert main(["glossary", "build", "--seeds", str(folder), "--termbase", str(MINI), "--out", str(out),
                 "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["occurrences"] == 0 and summary["entries_used"] == 0
    import pyarrow.parquet as pq

    table = pq.read_table(str(out / "data" / "occurrences.parquet"))
    assert table.num_rows == 0 and "entry_id" in table.column_names
    assert not (out / "exports").exists()


def test_build_has_no_progress_bar_off_a_terminal(tmp_path, seeds):
    res = subprocess.run([sys.executable, "-m", "bri_align", "glossary", "build", "--seeds", str(seeds),
                          "--termbase", str(MINI), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, cwd=str(REPO))
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert res.stdout.startswith("glossary build: ")


def test_build_progress_follows_show_progress(tmp_path, seeds, monkeypatch):
    from bri_align.cli import glossary as cli_glossary

    seen = {}

    def fake_build(**kwargs):
        seen.update(kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr("bri_align.glossary_build.build_glossary", fake_build)
    monkeypatch.setattr(cli_glossary, "show_progress", lambda: True)
    assert main(["glossary", "build", "--seeds", str(seeds), "--out", str(tmp_path / "o")]) == 130
    assert seen["progress"] is True and seen["force"] is False
    monkeypatch.setattr(cli_glossary, "show_progress", lambda: False)
    assert main(["glossary", "build", "--seeds", str(seeds), "--out", str(tmp_path / "o"), "--force"]) == 130
    assert seen["progress"] is False and seen["force"] is True


def test_every_glossary_option_has_help():
    import argparse

    from bri_align.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    gsub = next(a for a in sub.choices["glossary"]._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in gsub.choices.items():
        for action in p._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help and action.help.strip(), f"glossary {name} {action.dest} has no help"


def test_dropped_json_flags():
    with pytest.raises(SystemExit) as info:
        main(["glossary", "validate", "--json"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        main(["glossary", "build", "--json"])


def test_validate_lists_every_error_of_a_jsonl_export(tmp_path, capsys):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "a", "zh": 5, "en_preferred": "A"}\n'
                    '{"id": "b", "zh": "丝路", "en_preferred": "Silk Road"}\n'
                    '{"id": "c", "zh": "一", "en_preferred": "C\\u200b"}\n'
                    '{"id": "b", "zh": "大写意", "en_preferred": "freehand"}\n', encoding="utf-8")
    assert main(["glossary", "validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[3] for line in lines[:3]] == ["entry 'a' field 'zh'", "entry 'c' field 'en_preferred'",
                                                         "entry 'b' field 'id'"]
    assert lines[0].startswith(f"bri-align: error: {path}:1: ") and lines[2].startswith(f"bri-align: error: {path}:4: ")
    assert lines[3] == "bri-align: 3 errors; the termbase does not validate"


def test_validate_lists_every_error_of_a_tbx_export(tmp_path, capsys):
    from bri_align.glossary import load_termbase
    from bri_align.glossary.formats import dumps

    text = dumps(load_termbase(MINI), format="tbx")
    parts = text.split("<conceptEntry ")
    for k in (1, 3):  # one broken status in two entries
        parts[k] = parts[k].replace("preferredTerm-admn-sts", "bogusTerm-admn-sts", 1)
    text = "<conceptEntry ".join(parts)
    path = tmp_path / "g.tbx"
    path.write_text(text, encoding="utf-8")
    assert main(["glossary", "validate", str(path), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and len(report["errors"]) == 2
    assert all(e["path"] == str(path) and e["line"] for e in report["errors"])
