"""`bri-align align words`: output format and one-line errors naming the file; streaming corpus helpers."""

from __future__ import annotations

import json
import sys

import pytest

from bri_align.align.corpus import align_word_files, iter_lines, iter_parallel, tokenize_stream
from bri_align.cli import main
from bri_align.errors import InputError

ZH = ["我们 合作", "中国 和 美国 加强 经济 合作 。", "这 是 一 个 问题"]
EN = ["we cooperate", "China and the United States strengthen economic cooperation .", "this is a problem"]


def _files(tmp_path, zh_lines, en_lines, *, zh_bytes=None, en_bytes=None):
    z, e = tmp_path / "in.zh", tmp_path / "in.en"
    z.write_bytes(zh_bytes if zh_bytes is not None else ("\n".join(zh_lines) + "\n").encode("utf-8"))
    e.write_bytes(en_bytes if en_bytes is not None else ("\n".join(en_lines) + "\n").encode("utf-8"))
    return z, e


def test_align_words_cli(tmp_path, capsys):
    z, e = _files(tmp_path, ZH, EN)
    out = tmp_path / "links.txt"
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--pretokenized", "--out", str(out),
               "--no-glossary", "--summary-format", "json"])
    assert rc == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "0-0 1-1", "0-0 1-1 2-3 2-4 3-5 4-6 5-7 6-8", "0-0 1-1 2-2 4-3"]
    summary = json.loads(capsys.readouterr().out)
    assert summary["pairs"] == 3 and summary["signature"].startswith("ibm1-hmm.v1")


def test_align_words_cli_raw_text_stdout_and_glossary(tmp_path, capsys, repo_root):
    z, e = _files(tmp_path, ["我们共建一带一路。", "", "中国"], ["We build the Belt and Road.", "", "China"])
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", "-",
               "--glossary", str(repo_root / "tests/fixtures/mini_termbase.yaml")])
    assert rc == 0
    cap = capsys.readouterr()
    lines = cap.out.splitlines()
    assert len(lines) == 3 and lines[1] == "" and lines[2] == "0-0"
    assert "aligned 3 pairs" in cap.err


def test_align_words_cli_ibm1_method_and_text_summary(tmp_path, capsys):
    z, e = _files(tmp_path, ZH, EN)
    out = tmp_path / "o" / "links.txt"
    assert main(["align", "words", "--zh", str(z), "--en", str(e), "--pretokenized", "--out", str(out),
                 "--method", "ibm1", "--no-glossary", "--symmetrize", "intersection"]) == 0
    text = capsys.readouterr().out
    assert "aligned 3 pairs (0 with an empty side)" in text and "model:ibm1|" in text
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize("zh_lines, en_lines, zh_bytes, en_bytes, message", [
    (ZH, EN[:2], None, None, r"in\.en: has only 2 lines but in\.zh has more"),
    (ZH[:1], EN, None, None, r"in\.zh: has only 1 lines but in\.en has more"),
    (None, EN, b"", None, r"in\.zh: file is empty"),
    (ZH, None, None, b"", r"in\.en: file is empty"),
    (None, EN, b"\n\n\n", None, r"in\.zh: file has no text"),
    (None, EN, "我们 合作\n".encode("utf-8") + b"\xff\xfe bad\n" + "问题\n".encode("utf-8"), None,
     r"in\.zh:2: invalid UTF-8"),
    (EN, EN, None, None, r"in\.zh: the Chinese side has no Chinese characters"),
    (EN, ZH, None, None, r"in\.zh: the Chinese side has no Chinese characters in its first 3 lines; did you swap"),
    (ZH, ZH, None, None, r"in\.en: the English side is 100% Chinese characters$"),
    (["Belt and Road 一带一路 cooperation", "2013", "x"], EN, None, None,
     r"in\.zh: the Chinese side is mostly Latin letters \(4 Chinese characters, 23 letters\) in its first 3 lines$"),
    (["2013", "2014", "2015"], ZH, None, None,
     r"in\.en: the English side is 100% Chinese characters; did you swap --zh and --en\?$"),
])
def test_align_words_cli_errors(tmp_path, capsys, zh_lines, en_lines, zh_bytes, en_bytes, message):
    z, e = _files(tmp_path, zh_lines or [], en_lines or [], zh_bytes=zh_bytes, en_bytes=en_bytes)
    out = tmp_path / "links.txt"
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(out), "--no-glossary"])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.startswith("bri-align: error: ") and err.count("\n") == 1
    import re

    assert re.search(message, err), err
    assert not out.exists()  # nothing half-written


def test_missing_file(tmp_path, capsys):
    rc = main(["align", "words", "--zh", str(tmp_path / "nope.zh"), "--en", str(tmp_path / "nope.en"),
               "--out", str(tmp_path / "o.txt"), "--no-glossary"])
    assert rc == 2
    assert "nope.zh: Chinese file not found" in capsys.readouterr().err


def test_neural_without_model_cli(tmp_path, capsys):
    z, e = _files(tmp_path, ZH, EN)
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(tmp_path / "o.txt"),
               "--method", "neural", "--no-glossary"])
    assert rc == 2
    assert "field 'model': the neural aligner needs a model: pass model='PATH' / --model PATH" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--model", "some/model"], "word aligner 'ibm1-hmm.v1' has no option 'model'"),
    (["--method", "ibm1", "--device", "cpu"], "word aligner 'ibm1.v1' has no option 'device'"),
])
def test_option_the_backend_does_not_take_cli(tmp_path, capsys, args, message):
    z, e = _files(tmp_path, ZH, EN)
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(tmp_path / "o.txt"),
               "--no-glossary", "--pretokenized"] + args)
    assert rc == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o.txt").exists()


def test_glossary_default_and_bad_path_cli(tmp_path, capsys):
    z, e = _files(tmp_path, ZH, EN)
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(tmp_path / "o.txt"),
               "--pretokenized", "--summary-format", "json"])
    assert rc == 0
    sig = json.loads(capsys.readouterr().out)["signature"]
    assert "+glossary|glossary:" in sig and "glossary:none" not in sig  # the bundled termbase by default
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(tmp_path / "o.txt"),
               "--glossary", str(tmp_path / "nope.yaml")])
    assert rc == 2
    assert "nope.yaml: no such file or directory" in capsys.readouterr().err


def test_iter_lines_bom_crlf_and_bad_bytes(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"\xef\xbb\xbfa\r\nb\n")
    assert list(iter_lines(p)) == [(1, "a"), (2, "b")]
    p.write_bytes(b"ok\n\xc3\x28\n")
    with pytest.raises(InputError, match=r"x\.txt:2: invalid UTF-8 \(byte 0xc3 at offset 0\); convert the file to UTF-8"):
        list(iter_lines(p))
    with pytest.raises(InputError, match="is a directory"):
        list(iter_lines(tmp_path))


def test_iter_parallel_streams(tmp_path):
    z, e = _files(tmp_path, ZH, EN)
    assert [n for n, _, _ in iter_parallel(z, e)] == [1, 2, 3]


def test_tokenize_stream_workers_match_single_process():
    pairs = [("我们共建一带一路。", "We build the Belt and Road."), ("中国", "China")] * 5
    one = list(tokenize_stream(iter(pairs), num_proc=1, chunk_size=3))
    two = list(tokenize_stream(iter(pairs), num_proc=2, chunk_size=3))
    assert one == two and len(one) == 10


def test_align_word_files_library(tmp_path):
    z, e = _files(tmp_path, ZH, EN)
    res = align_word_files(z, e, out=tmp_path / "l.txt", pretokenized=True)
    assert res.pairs == 3 and res.links == 14 and res.to_dict()["empty_pairs"] == 0


def test_eflomal_missing_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "eflomal", None)   # as if not installed (import fails)
    z, e = _files(tmp_path, ZH, EN)
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(tmp_path / "o.txt"),
               "--method", "eflomal", "--no-glossary", "--pretokenized"])
    assert rc == 2
    assert 'pip install "bri-align[eflomal]"' in capsys.readouterr().err


def test_no_dictionary_with_eflomal_passes_it_no_priors(tmp_path, capsys, monkeypatch):
    import bri_align.align.eflomal_backend as eb

    seen = []

    def record(self, pairs):
        seen.append(self.prior)
        return [() for _ in pairs]

    monkeypatch.setattr(eb.EflomalAligner, "align_tokens", record)
    z, e = _files(tmp_path, ZH, EN)
    for extra, want in (([], True), (["--no-dictionary"], False)):
        rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--out", str(tmp_path / f"o{want}.txt"),
                   "--method", "eflomal", "--no-glossary", "--pretokenized", *extra])
        assert rc == 0, capsys.readouterr().err
        assert seen[-1] is want
