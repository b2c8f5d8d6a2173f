"""Hostile inputs and safe outputs of `qa`, `postedit`, `bench run` and `bench score` (issue 11).

Each error case runs the command in process and checks the exit code (2), the one-line message
on stderr and that no traceback reaches the user; a few run as a real process as well.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bri_align.cli import main

REPO = Path(__file__).resolve().parents[2]
QA_TERMBASE = str(REPO / "tests" / "qa" / "qa_termbase.yaml")
MINI = str(REPO / "tests" / "fixtures" / "mini_termbase.yaml")

SRC = ["我们支持一带一路倡议。", "人类命运共同体理念深入人心。"]
REF = ["We support the Belt and Road Initiative.", "The vision of a community with a shared future is popular."]
HYP = ["We support One Belt, One Road.", "The idea of a shared future community is popular."]


def _write(path: Path, data) -> str:
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, list):
        path.write_text("".join(x + "\n" for x in data), encoding="utf-8")
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


@pytest.fixture()
def files(tmp_path, monkeypatch):
    """Line-aligned files in a private folder (also the current folder, for relative --out paths)."""
    monkeypatch.chdir(tmp_path)
    f = {
        "src": _write(tmp_path / "src.zh", SRC),
        "ref": _write(tmp_path / "ref.en", REF),
        "hyp": _write(tmp_path / "hyp.en", HYP),
        "one": _write(tmp_path / "one.en", ["just one line"]),
        "empty": _write(tmp_path / "empty.txt", b""),
        "gb18030": _write(tmp_path / "gb.zh", "一带一路\n".encode("gb18030")),
        "utf16": _write(tmp_path / "u16.zh", "一带一路\n".encode("utf-16")),
        "en_as_src": _write(tmp_path / "swapped_src.txt", REF),
        "zh_as_ref": _write(tmp_path / "swapped_ref.txt", SRC),
        "surrogate_terms": _write(tmp_path / "sur.jsonl", '{"一带一路": "\\ud800"}\n{}\n'),
        "int_term_dict": _write(tmp_path / "intd.jsonl", '{"一带一路": 5}\n{}\n'),
        "int_term_list": _write(tmp_path / "intl.jsonl", '[{"一带一路": 5}]\n{}\n'),
        "int_term_pair": _write(tmp_path / "intp.jsonl", '[["一带一路", ["a", 7]]]\n{}\n'),
        "int_entry_id": _write(tmp_path / "inte.jsonl", '{"terms": [{"entry_id": 5}]}\n{}\n'),
        "wmt25_surrogate": _write(tmp_path / "w_sur.jsonl", '{"zh": "\\udc00一带一路", "en": "x", "proper": {}}\n'),
        "wmt25_int": _write(tmp_path / "w_int.jsonl", '{"zh": "一带一路", "en": "x", "proper": {"一带一路": [5]}}\n'),
    }
    (tmp_path / "adir").mkdir()
    f["dir"] = str(tmp_path / "adir")
    os.mkfifo(tmp_path / "fifo")  # a private FIFO, never a system path
    (tmp_path / "adir_link").symlink_to(tmp_path / "adir")
    f["binary"] = _write(tmp_path / "binary.bin", bytes(range(256)) * 4)
    (tmp_path / "holds").mkdir()
    f["held"] = _write(tmp_path / "holds" / "src.zh", SRC)
    return f


def _score(f, *extra, src=None, ref=None, hyp=None):
    return ["bench", "score", "--src", src or f["src"], "--ref", ref or f["ref"], "--hyp", f"a={hyp or f['hyp']}",
            "--glossary", MINI, "--n-bootstrap", "0", "--no-chart", *extra]


BENCH_SCORE_ERRORS = [
    # kind, argv builder, message on stderr
    ("unknown --baseline", lambda f: _score(f, "--baseline", "nope"),
     "unknown baseline 'nope'; the systems are: a"),
    ("swapped languages", lambda f: _score(f, src=f["en_as_src"], ref=f["zh_as_ref"], hyp=f["zh_as_ref"]),
     "swapped_src.txt: the source file should be Chinese but looks English; are --src and --ref"),
    ("hypothesis in Chinese", lambda f: _score(f, hyp=f["src"]),
     "src.zh: the system output of 'a' should be English but looks Chinese"),
    ("negative --seed", lambda f: _score(f, "--seed", "-1"),
     "seed (--seed) must be a whole number from 0 to 4294967295 (2**32-1), got -1"),
    ("--seed above 2**32-1", lambda f: _score(f, "--seed", str(2**32)),
     "seed (--seed) must be a whole number from 0 to 4294967295 (2**32-1), got 4294967296"),
    ("negative --n-bootstrap", lambda f: _score(f, "--n-bootstrap", "-3"),
     "n_bootstrap (--n-bootstrap) must be a whole number from 0 (no bootstrap) to 100000, got -3"),
    ("huge --n-bootstrap", lambda f: _score(f, "--n-bootstrap", "100000000"),
     "n_bootstrap (--n-bootstrap) must be a whole number from 0 (no bootstrap) to 100000"),
    ("mismatched line counts", lambda f: _score(f, hyp=f["one"]),
     "one.en: 1 lines for 2 source lines; a system file must be line-aligned with the source"),
    ("empty source file", lambda f: _score(f, src=f["empty"]),
     "empty.txt: source file is empty; give a file with one segment per line"),
    ("a directory as input", lambda f: _score(f, ref=f["dir"]),
     "adir: reference file is a directory; give a file"),
    ("invalid UTF-8 (GB18030)", lambda f: _score(f, src=f["gb18030"]),
     "gb.zh:1: invalid UTF-8 (byte 0xb4 at offset 2); convert the file to UTF-8 (e.g. iconv -f GB18030"),
    ("UTF-16 input", lambda f: _score(f, src=f["utf16"]),
     "u16.zh:1: invalid UTF-8 (byte 0xff at offset 0); it looks like UTF-16: convert the file to UTF-8"),
    ("lone surrogate in annotations", lambda f: _score(f, "--terms", f["surrogate_terms"]),
     "sur.jsonl:1: a string holds a lone surrogate escape"),
    ("integer target in a WMT23 dictionary", lambda f: _score(f, "--terms", f["int_term_dict"]),
     "intd.jsonl:1: field 'terms': target terms of '一带一路' must be a string or a list of strings, got 5"),
    ("integer target in a WMT23 pair list", lambda f: _score(f, "--terms", f["int_term_list"]),
     "intl.jsonl:1: field 'terms': target terms of '一带一路' must be a string or a list of strings, got 5"),
    ("integer inside a WMT23 target list", lambda f: _score(f, "--terms", f["int_term_pair"]),
     "intp.jsonl:1: field 'terms': target terms of '一带一路' must be a string or a list of strings, got ['a', 7]"),
    ("integer entry_id in annotations", lambda f: _score(f, "--terms", f["int_entry_id"]),
     "inte.jsonl:1: field 'terms': 'entry_id' must be a string, got 5"),
    ("lone surrogate in WMT25 JSONL", lambda f: ["bench", "score", "--wmt25", f["wmt25_surrogate"], "--hyp",
                                                 f"a={f['wmt25_surrogate']}", "--n-bootstrap", "0"],
     "w_sur.jsonl:1: a string holds a lone surrogate escape"),
    ("integer target in WMT25 JSONL", lambda f: ["bench", "score", "--wmt25", f["wmt25_int"], "--hyp",
                                                 f"a={f['wmt25_int']}", "--n-bootstrap", "0"],
     "w_int.jsonl:1: field 'proper': target terms of '一带一路' must be a list of strings, got [5]"),
    ("--out .", lambda f: _score(f, "--out", "."), ".: '.' cannot be the report folder"),
    ("--out ..", lambda f: _score(f, "--out", ".."), "..: '..' cannot be the report folder"),
    ("--out a file", lambda f: _score(f, "--out", f["hyp"]),
     "the report folder exists and is not a folder; give a folder path"),
    ("--out a folder holding an input", lambda f: _score(f, "--out", "holds", src=f["held"]),
     "holds: the report folder holds an input of this command ("),
]


@pytest.mark.parametrize("kind, build, message", BENCH_SCORE_ERRORS, ids=[c[0] for c in BENCH_SCORE_ERRORS])
def test_bench_score_hostile(files, capsys, kind, build, message):
    assert main(build(files)) == 2
    err = capsys.readouterr().err
    assert err.startswith("bri-align: error: ") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bench_score_json_flag_is_gone(files, capsys):
    """The former --json FILE is gone (one --format option): argparse refuses it, exit 2, nothing written."""
    with pytest.raises(SystemExit) as exc:
        main(_score(files, "--json", "scores.json"))
    assert exc.value.code == 2 and "unrecognized arguments: --json" in capsys.readouterr().err
    assert not Path("scores.json").exists()


def test_chrf_bootstrap_on_two_lines_without_shared_ngrams(files, tmp_path, capsys):
    """A resample holding only lines that share no character n-gram with their reference made sacrebleu
    mix float and float32 (TypeError); 2-line corpora hit it with the default 1000 resamples."""
    nothing = _write(tmp_path / "nothing.en", ["xyzq", "We support the Belt and Road Initiative."])
    argv = ["bench", "score", "--src", files["src"], "--ref", files["ref"], "--hyp", f"a={nothing}",
            "--hyp", f"b={files['hyp']}", "--glossary", MINI, "--no-chart"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    chrf = data["results"]["all"]["systems"]["a"]["chrf"]
    assert 0 < chrf["score"] < 100 and chrf["ci95"]["low"] <= chrf["ci95"]["high"]
    assert data["results"]["all"]["systems"]["b"]["significance"]["chrf"]["p_value"] is not None


def test_crlf_input_scores_as_lf(files, tmp_path, capsys):
    crlf = {k: _write(tmp_path / f"crlf_{k}", ("\r\n".join(v) + "\r\n").encode("utf-8"))
            for k, v in (("src", SRC), ("ref", REF), ("hyp", HYP))}
    assert main(_score(files)) == 0
    lf = json.loads(capsys.readouterr().out)["results"]
    assert main(_score(files, src=crlf["src"], ref=crlf["ref"], hyp=crlf["hyp"])) == 0
    assert json.loads(capsys.readouterr().out)["results"] == lf


def test_n_bootstrap_zero_means_no_interval(files, capsys):
    assert main(_score(files)) == 0  # _score passes --n-bootstrap 0
    bleu = json.loads(capsys.readouterr().out)["results"]["all"]["systems"]["a"]["bleu"]
    assert "ci95" not in bleu and bleu["score"] is not None


# ---------------------------------------------------------------- report folders
def _run(*extra):
    return ["bench", "run", "--glossary", MINI, "--n-bootstrap", "0", "--no-chart", *extra]


def test_bench_run_keeps_a_users_file(tmp_path, capsys, mini_bench_dir):
    out = tmp_path / "rep"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(_run("--testset", str(mini_bench_dir), "--out", str(out))) == 2
    err = capsys.readouterr().err
    assert ("rep: the report folder already holds files bri_align did not write (e.g. notes.txt); choose a new "
            "folder, or pass --force") in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert main(_run("--testset", str(mini_bench_dir), "--out", str(out), "--force")) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "results.json").is_file() and (out / "leaderboard.md").is_file()
    # a second --force run replaces bri_align's files and still keeps the user's
    assert main(_run("--testset", str(mini_bench_dir), "--out", str(out), "--force")) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("out, message", [
    (".", ".: '.' cannot be the report folder"),
    ("..", "..: '..' cannot be the report folder"),
    ("bench", "the report folder holds an input of this command"),
])
def test_bench_run_refused_folders(tmp_path, monkeypatch, capsys, mini_bench_dir, out, message):
    monkeypatch.chdir(mini_bench_dir.parent)
    assert main(_run("--testset", "bench", "--out", out)) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not [p for p in mini_bench_dir.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("extra, message", [
    (("--baseline", "nope"), "unknown baseline 'nope'; the systems are: seed-mt"),
    (("--seed", "-1"), "seed (--seed) must be a whole number from 0 to 4294967295"),
    (("--seed", "4294967296"), "seed (--seed) must be a whole number from 0 to 4294967295"),
    (("--n-bootstrap", "-1"), "n_bootstrap (--n-bootstrap) must be a whole number from 0"),
])
def test_bench_run_bad_options(tmp_path, capsys, mini_bench_dir, extra, message):
    assert main(_run("--testset", str(mini_bench_dir), "--out", str(tmp_path / "r"), *extra)) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


def test_bench_score_out_keeps_a_users_file(files, tmp_path, capsys):
    out = tmp_path / "srep"
    out.mkdir()
    (out / "mine.txt").write_text("x", encoding="utf-8")
    assert main(_score(files, "--out", str(out))) == 2
    assert "already holds files bri_align did not write (e.g. mine.txt)" in capsys.readouterr().err
    assert main(_score(files, "--out", str(out), "--force")) == 0
    assert (out / "mine.txt").read_text(encoding="utf-8") == "x" and (out / "results.json").is_file()


@pytest.fixture()
def mini_bench_dir(tmp_path) -> Path:
    sys.path.insert(0, str(REPO / "tests" / "bench"))
    try:
        from bench_data import SEED_MT, segment_rows, write_jsonl
    finally:
        sys.path.remove(str(REPO / "tests" / "bench"))
    d = tmp_path / "bench"
    write_jsonl(d / "test.jsonl", segment_rows())
    write_jsonl(d / "systems" / "seed-mt.jsonl", [{"id": k, "en": v} for k, v in SEED_MT.items()])
    return d


# ---------------------------------------------------------------- qa and postedit
def _qa(f, *extra, cmd="qa"):
    return [cmd, "--src", f["src"], "--hyp", f["hyp"], "--glossary", QA_TERMBASE, "--method", "none", *extra]


QA_ERRORS = [
    ("qa --out the translation", lambda f: _qa(f, "--out", f["hyp"]),
     "hyp.en: the output file is also an input of this command; writing it would destroy the input"),
    ("qa --out the glossary", lambda f: _qa(f, "--out", QA_TERMBASE),
     "qa_termbase.yaml: the output file is also an input of this command"),
    ("qa --out a folder", lambda f: _qa(f, "--out", f["dir"]),
     "adir: the output file is an existing folder; give a file path inside it"),
    ("qa --out .", lambda f: _qa(f, "--out", "."), ".: '.' cannot be the output file"),
    ("qa invalid UTF-8", lambda f: ["qa", "--src", f["gb18030"], "--hyp", f["one"], "--glossary", QA_TERMBASE],
     "gb.zh:1: invalid UTF-8"),
    ("qa mismatched line counts", lambda f: ["qa", "--src", f["src"], "--hyp", f["one"], "--glossary", QA_TERMBASE,
                                             "--method", "none"],
     "one.en: has 1 lines but "),
    ("postedit --out the translation", lambda f: _qa(f, "--out", f["hyp"], cmd="postedit"),
     "hyp.en: the --out file is also an input of this command; writing it would destroy the input"),
    ("postedit --report the source", lambda f: _qa(f, "--out", "fixed.en", "--report", f["src"], cmd="postedit"),
     "src.zh: the --report file is also an input of this command"),
    ("postedit --out and --report both stdout", lambda f: _qa(f, "--out", "-", "--report", "-", cmd="postedit"),
     "--out and --report cannot both be stdout ('-'); give --report a file"),
    ("postedit --out and --report the same file",
     lambda f: _qa(f, "--out", "same.txt", "--report", "same.txt", cmd="postedit"),
     "--out and --report name the same file; give two paths"),
    ("postedit --out a folder", lambda f: _qa(f, "--out", f["dir"], cmd="postedit"),
     "adir: the --out file is an existing folder"),
    ("qa --out a FIFO", lambda f: _qa(f, "--out", "fifo"),
     "fifo: the output file is not a regular file (a device, FIFO or socket)"),
    ("qa --out a symlink to a folder", lambda f: _qa(f, "--out", "adir_link"),
     "adir_link: the output file is a symbolic link that does not lead to a regular file"),
    ("postedit --out under a file", lambda f: _qa(f, "--out", "one.en/x.en", cmd="postedit"),
     "one.en/x.en: the --out file's folder"),
    ("qa binary input", lambda f: ["qa", "--src", f["binary"], "--hyp", f["hyp"], "--glossary", QA_TERMBASE],
     "binary.bin:1: source file holds NUL bytes: it is not a text file"),
]


@pytest.mark.parametrize("kind, build, message", QA_ERRORS, ids=[c[0] for c in QA_ERRORS])
def test_qa_postedit_hostile(files, capsys, kind, build, message):
    before = Path(files["hyp"]).read_bytes(), Path(files["src"]).read_bytes()
    assert main(build(files)) == 2
    err = capsys.readouterr().err
    assert err.startswith("bri-align: error: ") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert (Path(files["hyp"]).read_bytes(), Path(files["src"]).read_bytes()) == before
    assert not Path("fixed.en").exists() and not Path("same.txt").exists()


def test_postedit_out_dash_is_stdout(files, capsys):
    assert main(_qa(files, "--out", "-", cmd="postedit")) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["We support Belt and Road Initiative.",
                                         "The idea of a shared future community is popular."]
    assert captured.err.startswith("postedit: 1 changes in 1 of 2 segments")
    assert not Path("-").exists()
    # the default is stdout too, and --report - prints the changes when --out is a file
    assert main(_qa(files, "--out", "fixed.en", "--report", "-", cmd="postedit")) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out.splitlines()[0])["old"] == "One Belt, One Road"
    assert Path("fixed.en").read_text(encoding="utf-8").startswith("We support Belt and Road Initiative.")
    assert not Path("-").exists()


def test_qa_crlf_input_same_report(files, tmp_path, capsys):
    crlf_src = _write(tmp_path / "crlf.zh", ("\r\n".join(SRC) + "\r\n").encode("utf-8"))
    crlf_hyp = _write(tmp_path / "crlf.en", ("\r\n".join(HYP) + "\r\n").encode("utf-8"))
    assert main(_qa(files, "--format", "json")) == 0
    lf = json.loads(capsys.readouterr().out)
    assert main(["qa", "--src", crlf_src, "--hyp", crlf_hyp, "--glossary", QA_TERMBASE, "--method", "none",
                 "--format", "json"]) == 0
    crlf = json.loads(capsys.readouterr().out)
    assert crlf["segments"] == lf["segments"] and crlf["summary"] == lf["summary"]


@pytest.mark.parametrize("hyp", ["We support One\u200b Belt, One Road.", "We support One Belt,\u200b One Road."])
def test_qa_strict_sees_through_zero_width(tmp_path, capsys, hyp):
    """A zero-width character inside a deprecated rendering must not hide it from qa --strict."""
    src = _write(tmp_path / "s.zh", ["我们支持一带\u200b一路。"])
    h = _write(tmp_path / "h.en", [hyp])
    assert main(["qa", "--src", src, "--hyp", h, "--glossary", QA_TERMBASE, "--method", "none", "--strict"]) == 1
    assert "1 deprecated" in capsys.readouterr().err


# ---------------------------------------------------------------- a real process: no traceback
@pytest.mark.parametrize("argv, message", [
    (["bench", "score", "--src", "src.zh", "--ref", "ref.en", "--hyp", "a=hyp.en", "--out", ".."],
     "'..' cannot be the report folder"),
    (["bench", "score", "--src", "src.zh", "--ref", "ref.en", "--hyp", "a=hyp.en", "--seed", "-1"],
     "seed (--seed) must be a whole number"),
    (["postedit", "--src", "src.zh", "--hyp", "hyp.en", "--glossary", QA_TERMBASE, "--out", "hyp.en"],
     "also an input of this command"),
])
def test_process_one_line_error(files, tmp_path, argv, message):
    proc = subprocess.run([sys.executable, "-m", "bri_align", *argv], capture_output=True, text=True,
                          encoding="utf-8", cwd=str(tmp_path))
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


# ---------------------------------------------------------------- '-' for standard input
def _proc(args, stdin, cwd):
    return subprocess.run([sys.executable, "-m", "bri_align", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=str(cwd))


def test_qa_and_postedit_read_one_input_from_stdin(files, tmp_path):
    src_text = "".join(x + "\n" for x in SRC)
    qa_proc = _proc(["qa", "--src", "-", "--hyp", "hyp.en", "--glossary", QA_TERMBASE, "--method", "none",
                     "--format", "json"], src_text, tmp_path)
    assert qa_proc.returncode == 0, qa_proc.stderr
    assert json.loads(qa_proc.stdout)["summary"]["segments"] == 2
    pe = _proc(["postedit", "--src", "src.zh", "--hyp", "-", "--glossary", QA_TERMBASE, "--method", "none"],
               "".join(x + "\n" for x in HYP), tmp_path)
    assert pe.returncode == 0, pe.stderr
    assert pe.stdout.splitlines()[0] == "We support Belt and Road Initiative." and not (tmp_path / "-").exists()


@pytest.mark.parametrize("args, stdin, message", [
    (["--src", "-", "--hyp", "-"], "一带一路\n",
     "only one input can be standard input ('-'); --src and --hyp both are"),
    (["--src", "-", "--hyp", "hyp.en"], "", "<stdin>: source file on standard input is empty"),
])
def test_stdin_errors(files, tmp_path, args, stdin, message):
    proc = _proc(["qa", *args, "--glossary", QA_TERMBASE, "--method", "none"], stdin, tmp_path)
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
