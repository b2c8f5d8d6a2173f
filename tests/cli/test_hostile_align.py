"""Hostile inputs and safe outputs of `match`, `align sentences`, `align words`,
`terms align` and `terms extract` (issue 11): each kind gets a one-line error and exit 2,
or a correct result; no traceback, and an input is never overwritten."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys

import pytest

from bri_align.cli import main

ZH = "我们 合作\n一带一路 倡议\n中国 发展\n"
EN = "we cooperate\nBelt and Road Initiative\nChina develops\n"
DOC_ZH = "我们合作。一带一路倡议很重要。\n"
DOC_EN = "We cooperate. The Belt and Road Initiative matters.\n"
TERMS = "一带一路\n"

# fast options: the commands' logic is the same with the default aligner
FAST_WORDS = ["--method", "ibm1", "--no-glossary", "--no-dictionary", "--pretokenized"]


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("zh", ZH), ("en", EN), ("doc_zh", DOC_ZH), ("doc_en", DOC_EN), ("terms", TERMS)):
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        paths[name] = str(p)
    return paths


def _cmd(kind: str, f, *, zh=None, en=None, extra=()):
    zh = zh or (f["doc_zh"] if kind == "sentences" else f["zh"])
    en = en or (f["doc_en"] if kind == "sentences" else f["en"])
    if kind == "match":
        return ["match", "--lang", "zh", zh, *extra]
    if kind == "sentences":
        return ["align", "sentences", "--zh", zh, "--en", en, "--no-glossary", "--no-lexicon", *extra]
    if kind == "words":
        return ["align", "words", "--zh", zh, "--en", en, *FAST_WORDS, *extra]
    if kind == "terms-align":
        return ["terms", "align", "--zh", zh, "--en", en, "--method", "none", *extra]
    if kind == "terms-extract":
        return ["terms", "extract", "--zh", zh, "--en", en, "--min-count", "1", *extra]
    raise AssertionError(kind)


COMMANDS = ["match", "sentences", "words", "terms-align", "terms-extract"]


def _fails(capsys, argv, message):
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bri-align: error: "), err
    assert message in lines[0], lines[0]
    return lines[0]


# ------------------------------------------------------------------ outputs
@pytest.mark.parametrize("kind", COMMANDS)
@pytest.mark.parametrize("which", ["zh", "en"])
def test_out_naming_an_input_is_refused_and_the_input_kept(kind, which, files, capsys):
    if kind == "match" and which == "en":
        pytest.skip("match reads one file")
    zh, en = (files["doc_zh"], files["doc_en"]) if kind == "sentences" else (files["zh"], files["en"])
    target = zh if which == "zh" else en
    before = open(target, "rb").read()
    _fails(capsys, _cmd(kind, files, extra=["--out", target]), "is also an input of this command")
    assert open(target, "rb").read() == before


def test_out_naming_the_term_list_or_the_glossary_is_refused(files, tmp_path, repo_root, capsys):
    _fails(capsys, _cmd("terms-align", files, extra=["--terms", files["terms"], "--out", files["terms"]]),
           "is also an input")
    assert open(files["terms"], encoding="utf-8").read() == TERMS
    gl = tmp_path / "g.yaml"
    gl.write_bytes((repo_root / "tests/fixtures/mini_termbase.yaml").read_bytes())
    before = gl.read_bytes()
    _fails(capsys, _cmd("match", files, extra=["--glossary", str(gl), "--out", str(gl)]), "is also an input")
    assert gl.read_bytes() == before


@pytest.mark.parametrize("kind", COMMANDS)
@pytest.mark.parametrize("out, message", [
    ("{tmp}", "is an existing folder"),
    ("{zh}/child.txt", "is a file, not a folder"),
    (".", "'.' cannot be the output file"),
    ("..", "'..' cannot be the output file"),
])
def test_bad_output_paths_are_one_line_errors(kind, out, message, files, tmp_path, capsys):
    _fails(capsys, _cmd(kind, files, extra=["--out", out.format(tmp=tmp_path, zh=files["zh"])]), message)


@pytest.mark.parametrize("kind", COMMANDS)
def test_fifo_output_is_refused_and_stays_a_fifo(kind, files, tmp_path, capsys):
    fifo = tmp_path / "fifo"  # a private FIFO, never a system path
    os.mkfifo(fifo)
    _fails(capsys, _cmd(kind, files, extra=["--out", str(fifo)]), "is not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
@pytest.mark.parametrize("kind", ["match", "words", "terms-extract"])
def test_device_output_is_refused_and_stays_a_device(kind, files, tmp_path, capsys):
    dev = tmp_path / "null"  # a private node with /dev/null's numbers, never the system's
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    _fails(capsys, _cmd(kind, files, extra=["--out", str(dev)]), "is not a regular file")
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


@pytest.mark.parametrize("kind", COMMANDS)
@pytest.mark.parametrize("errno_, message", [
    (30, "cannot write the output file: Read-only file system: choose a writable location"),
    (28, "cannot write the output file: no space left on the device"),
])
def test_read_only_or_full_place_is_a_one_line_error(kind, errno_, message, files, tmp_path, capsys,
                                                    monkeypatch):
    # the OS error is simulated (a read-only folder does not stop root; /proc and /sys are never used)
    import bri_align.io

    def refuse(*args, **kwargs):
        raise OSError(errno_, os.strerror(errno_))

    monkeypatch.setattr(bri_align.io.tempfile, "mkstemp", refuse)
    _fails(capsys, _cmd(kind, files, extra=["--out", str(tmp_path / "o.txt")]), message)
    assert not (tmp_path / "o.txt").exists()


@pytest.mark.parametrize("kind", COMMANDS)
def test_output_defaults_to_stdout_and_dash_is_stdout(kind, files, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(_cmd(kind, files)) == 0
    default = capsys.readouterr().out
    assert main(_cmd(kind, files, extra=["--out", "-"])) == 0
    assert capsys.readouterr().out == default and default
    assert not (tmp_path / "-").exists()


# ------------------------------------------------------------------ stdin
def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize("kind", COMMANDS)
def test_one_input_from_stdin(kind, files, capsys, monkeypatch):
    assert main(_cmd(kind, files)) == 0
    expected = capsys.readouterr().out
    src = files["doc_zh"] if kind == "sentences" else files["zh"]
    _stdin(monkeypatch, open(src, "rb").read())
    assert main(_cmd(kind, files, zh="-")) == 0
    assert capsys.readouterr().out == expected


@pytest.mark.parametrize("kind", ["sentences", "words", "terms-align", "terms-extract"])
def test_two_inputs_from_stdin_is_a_usage_error(kind, files, capsys, monkeypatch):
    _stdin(monkeypatch, ZH.encode())
    _fails(capsys, _cmd(kind, files, zh="-", en="-"), "only one input can be '-'")


def test_terms_and_zh_both_from_stdin_is_a_usage_error(files, capsys, monkeypatch):
    _stdin(monkeypatch, ZH.encode())
    _fails(capsys, _cmd("terms-align", files, zh="-", extra=["--terms", "-"]), "only one input can be '-'")


def test_stdin_through_the_program_has_no_traceback(files):
    res = subprocess.run([sys.executable, "-m", "bri_align", *_cmd("words", files, zh="-")],
                         input=ZH.encode(), capture_output=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.decode().splitlines()) == 3
    assert b"Traceback" not in res.stderr


# ------------------------------------------------------------------ hostile contents
def _write(tmp_path, name, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


LONG = 100_001  # just over the limit (the logic is the same for a 50 MB line)


@pytest.mark.parametrize("kind, side, data, message", [
    # NUL bytes / binary data / UTF-16
    ("words", "zh", "我们\x00合作\n".encode() * 3, "holds NUL bytes: it is not a text file"),
    ("terms-align", "zh", "我们\x00合作\n".encode() * 3, "holds NUL bytes: it is not a text file"),
    ("terms-extract", "en", b"we\x00 cooperate\n" * 3, "holds NUL bytes: it is not a text file"),
    ("sentences", "zh", "我们\x00合作。\n".encode(), "holds NUL bytes: it is not a text file"),
    ("match", "zh", "一带一路\x00\n".encode(), "holds NUL bytes: it is not a text file"),
    ("words", "en", "we cooperate\n".encode("utf-16-le") * 3, "holds NUL bytes"),  # UTF-16, no BOM
    ("words", "zh", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "invalid UTF-8"),
    ("words", "zh", ZH.encode("utf-16"), "looks like UTF-16"),
    ("terms-align", "zh", ZH.encode("utf-16"), "looks like UTF-16"),
    ("sentences", "zh", DOC_ZH.encode("utf-16"), "looks like UTF-16"),
    ("match", "zh", ZH.encode("utf-16"), "looks like UTF-16"),
    ("words", "zh", "我们 合作\n".encode("gb18030") * 3, "invalid UTF-8"),
    # over-long lines
    ("words", "zh", ("我" * LONG + "\n").encode() + ZH.encode(), "line longer than 100,000 characters"),
    ("words", "en", ("w" * LONG + "\n").encode() + EN.encode(), "line longer than 100,000 characters"),
    ("terms-align", "zh", ("我" * LONG + "\n").encode(), "line longer than 100,000 characters"),
    ("terms-extract", "en", (EN + "w" * LONG).encode(), "line longer than 100,000 characters"),
    # empty, blank, mismatched, swapped
    ("words", "zh", b"", "file is empty"),
    ("terms-align", "en", b"", "English file is empty"),
    ("sentences", "en", b"\n\n", "English file is empty"),
    ("words", "zh", b"\n\n\n", "file has no text"),
    ("words", "en", b"we cooperate\n", "has only 1 lines"),
    ("terms-extract", "en", b"we cooperate\n", "has 1 lines but the Chinese file"),
    ("words", "zh", EN.encode(), "has no Chinese characters"),
    ("terms-align", "en", ZH.encode(), "Chinese"),
])
def test_hostile_file_contents(kind, side, data, message, files, tmp_path, capsys):
    path = _write(tmp_path, f"bad.{side}", data)
    kw = {side: path}
    line = _fails(capsys, _cmd(kind, files, **kw), message)
    assert "bad." in line  # the file is named


def test_the_long_line_error_names_the_line(files, tmp_path, capsys):
    zh = _write(tmp_path, "long.zh", (ZH + "我" * LONG + "\n").encode())
    en = _write(tmp_path, "long.en", (EN + "w\n").encode())
    line = _fails(capsys, _cmd("words", files, zh=zh, en=en), "line longer than 100,000 characters")
    assert f"{zh}:4:" in line


def test_a_line_at_the_limit_is_accepted(files, tmp_path, capsys):
    from bri_align.align.corpus import MAX_LINE_CHARS, iter_lines

    p = _write(tmp_path, "edge.zh", ("我" * MAX_LINE_CHARS + "\n" + "x").encode())
    assert [len(t) for _, t in iter_lines(p)] == [MAX_LINE_CHARS, 1]


@pytest.mark.parametrize("kind", ["words", "terms-align", "sentences", "match"])
def test_a_directory_or_missing_file_as_input(kind, files, tmp_path, capsys):
    _fails(capsys, _cmd(kind, files, zh=str(tmp_path)), "is a directory")
    _fails(capsys, _cmd(kind, files, zh=str(tmp_path / "missing.txt")), "not found")


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_line_endings_cr_only_crlf_lf(ending, files, tmp_path, capsys):
    assert main(_cmd("words", files)) == 0
    expected = capsys.readouterr().out.splitlines()
    assert len(expected) == 3
    zh = _write(tmp_path, "e.zh", ZH.encode().replace(b"\n", ending))
    en = _write(tmp_path, "e.en", EN.encode().replace(b"\n", ending))
    assert main(_cmd("words", files, zh=zh, en=en)) == 0
    assert capsys.readouterr().out.splitlines() == expected
    assert main(_cmd("terms-align", files, zh=zh, en=en)) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # 一带一路 on line 2


def test_astral_and_zero_width_characters(files, tmp_path, capsys):
    zh = _write(tmp_path, "a.zh", "𠮷 我们\n一带\u200b一路 倡议\n中国 发展\n".encode())
    assert main(_cmd("words", files, zh=zh)) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    text = "𠮷𠮷，一带\u200b一路\n"
    src = _write(tmp_path, "m.zh", text.encode())
    assert main(["match", "--lang", "zh", src, "--format", "jsonl"]) == 0
    import json

    (m,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert text[m["start"]:m["end"]] == m["text"] == "一带\u200b一路"


# ------------------------------------------------------------------ options
@pytest.mark.parametrize("extra, message", [
    (["--seed", "-1"], "seed must be an integer from 0 to 4294967295"),
    (["--seed", str(2**32)], "seed must be an integer from 0 to 4294967295"),
    (["--num-proc", "0"], "num_proc must be a whole number of worker processes, at least 1"),
    (["--num-proc", "-3"], "num_proc must be a whole number of worker processes, at least 1"),
])
def test_align_words_option_ranges(extra, message, files, capsys):
    _fails(capsys, _cmd("words", files, extra=extra), message)


def test_num_proc_far_above_the_cpus_is_capped(files, tmp_path, capsys):
    base = ["align", "words", "--zh", files["zh"], "--en", files["en"], "--no-glossary", "--no-dictionary"]
    assert main(base) == 0
    one = capsys.readouterr()
    assert main(base + ["--num-proc", "100000"]) == 0  # never finished before: 100000 forks
    many = capsys.readouterr()
    assert many.out == one.out and "Traceback" not in many.err


@pytest.mark.parametrize("extra, message", [
    (["--top", "0"], "top must be a whole number of pairs, at least 1"),
    (["--top", "-1"], "top must be a whole number of pairs, at least 1"),
    (["--method", "none"], "term-pair extraction needs word alignments"),
    (["--min-count", "0"], "min_count must be at least 1"),
])
def test_terms_extract_option_values(extra, message, files, capsys):
    _fails(capsys, _cmd("terms-extract", files, extra=extra), message)


def test_terms_extract_top_keeps_n_and_help_has_no_none(files, capsys):
    assert main(_cmd("terms-extract", files)) == 0
    every = capsys.readouterr().out.splitlines()
    assert main(_cmd("terms-extract", files, extra=["--top", "1"])) == 0
    assert capsys.readouterr().out.splitlines() == every[:2]
    with pytest.raises(SystemExit):
        main(["terms", "extract", "--help"])
    helptext = " ".join(capsys.readouterr().out.split())
    assert "none (dictionary" not in helptext and "N >= 1; default: keep all" in helptext


def test_align_words_summary_format(files, tmp_path, capsys):
    import json

    out = tmp_path / "links.txt"
    assert main(_cmd("words", files, extra=["--out", str(out), "--summary-format", "json"])) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["pairs"] == 3 and summary["out"] == str(out)
    assert main(_cmd("words", files, extra=["--summary-format", "json"])) == 0
    cap = capsys.readouterr()
    assert json.loads(cap.err)["out"] == "-" and len(cap.out.splitlines()) == 3
