"""CLI conventions: -v/-q after the sub-command, stdout errors, SIGTERM like Ctrl-C."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from bri_align.cli import main

ZH = "推动共建「一带一路」从“大写意”转向“工笔画”\n"


def _cli(*args, stdout=subprocess.PIPE, cwd=None):
    return subprocess.run([sys.executable, "-m", "bri_align", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8", cwd=cwd, timeout=120)


def test_verbosity_after_the_sub_command(tmp_path, capsys):
    src = tmp_path / "a.zh"
    src.write_text(ZH, encoding="utf-8")
    assert main(["match", "--lang", "zh", str(src), "-v"]) == 0
    assert main(["match", "--lang", "zh", str(src), "-q"]) == 0
    assert main(["-q", "match", "--lang", "zh", str(src)]) == 0
    assert "大写意" in capsys.readouterr().out


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_stdout_on_a_full_device_is_one_line(tmp_path):
    full = tmp_path / "full"  # a private node with /dev/full's numbers, never the system's
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    src = tmp_path / "a.zh"
    src.write_text(ZH, encoding="utf-8")
    with open(full, "w") as fh:
        res = _cli("match", "--lang", "zh", str(src), stdout=fh)
    assert res.returncode == 2
    assert res.stderr.strip() == "bri-align: error: cannot write standard output: no space left on the device"


def test_sigterm_during_a_build_leaves_no_temporary_folder(tmp_path, repo_root):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (repo_root / "seeds" / "000_0ae6cc3b95ffe9eb.txt").read_text(encoding="utf-8")
    for k in range(40):  # long enough to be interrupted while it writes
        (seeds / f"{k:03d}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "bri_align", "glossary", "build", "--seeds", str(seeds),
                             "--out", str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if any(p.name.startswith(".out.") for p in tmp_path.iterdir()):
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail(f"the build ended before it could be interrupted: {proc.communicate()}")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "bri-align: interrupted" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]


@pytest.mark.parametrize("args", [["match", "--lang", "zh", "IN"], ["glossary", "validate"]])
def test_closed_stdout_is_one_line(args, tmp_path):
    src = tmp_path / "a.zh"
    src.write_text(ZH, encoding="utf-8")
    argv = [str(src) if a == "IN" else a for a in args]
    res = subprocess.run([sys.executable, "-m", "bri_align", *argv], stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: os.close(1), timeout=120)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines()[-1] == (
        "bri-align: error: cannot write standard output: it is closed; redirect it to a file or give --out")
    assert "Traceback" not in res.stderr


def test_closed_stdout_does_not_matter_with_out(tmp_path):
    src = tmp_path / "a.zh"
    src.write_text(ZH, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "bri_align", "match", "--lang", "zh", str(src), "--out",
                          str(tmp_path / "m.txt")], stderr=subprocess.PIPE, text=True,
                         preexec_fn=lambda: os.close(1), timeout=120)
    assert res.returncode == 0 and "大写意" in (tmp_path / "m.txt").read_text(encoding="utf-8")


def test_bench_score_reads_its_source_from_stdin(tmp_path):
    hyp = tmp_path / "h.en"
    hyp.write_text("We promote the Belt and Road.\nCooperation.\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "bri_align", "bench", "score", "--src", "-", "--ref", str(hyp),
                          "--hyp", f"a={hyp}", "--format", "text", "--n-bootstrap", "0"],
                         input="推动共建一带一路。\n合作。\n", capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "a: BLEU 100.00" in res.stdout
    empty = subprocess.run([sys.executable, "-m", "bri_align", "bench", "score", "--src", "-", "--ref", str(hyp),
                            "--hyp", f"a={hyp}"], input="", capture_output=True, text=True, timeout=120)
    assert empty.returncode == 2
    assert empty.stderr.strip() == ("bri-align: error: <stdin>: source file is empty; give a file with one "
                                    "segment per line")


def test_match_line_numbers_from_one_pass(tmp_path, capsys):
    """Line numbers come from a bisect over the newline positions (the old per-match count was
    quadratic: 25,000 lines with 125,000 matches took 25 s, now 1.5 s); they must stay right."""
    src = tmp_path / "a.zh"
    src.write_text("无关\n\n推动共建「一带一路」\r\n大写意和工笔画\n", encoding="utf-8")
    assert main(["match", "--lang", "zh", str(src)]) == 0
    rows = [r.split("\t")[1:3] for r in capsys.readouterr().out.splitlines() if "\t" in r]
    assert rows == [["line 3", "共建「一带一路」"], ["line 4", "大写意"], ["line 4", "工笔画"]]


def test_match_shows_the_preferred_rendering(tmp_path, capsys):
    src = tmp_path / "a.zh"
    src.write_text("推动共建「一带一路」\n", encoding="utf-8")
    assert main(["match", "--lang", "zh", str(src)]) == 0
    row = capsys.readouterr().out.splitlines()[0]
    assert row == "2-10\tline 1\t共建「一带一路」\tbelt-and-road-cooperation\tpreferred  = Belt and Road cooperation"
