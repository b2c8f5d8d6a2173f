"""WMT25 Track 2 with the task's one-file-per-year layout: several reference files pooled as the
official scorer pools them, checked against hand counts on document-level files built here; the
errors of mismatched files; and ``benchmarks/wmt25_official.py`` on a small repository layout."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bri_align.bench import score_wmt25
from bri_align.cli import main
from bri_align.errors import InputError

from bench_data import write_jsonl

REPO = Path(__file__).resolve().parents[2]

# two "years" of documents; as in the task, one dictionary per year shared by its documents
DICT_2016 = {"proper": {"一带一路": ["Belt and Road"], "合作": ["cooperation"], "亚投行": ["AIIB"]},
             "random": {"亚洲": ["Asia"]}, "noterm": {}}
DICT_2018 = {"proper": {"绿色发展": ["green development"], "碳达峰": ["carbon peak", "peak carbon"]},
             "random": {"目标": ["goal"]}, "noterm": {}}
REF_2016 = [
    {"zh": "一带一路倡议促进合作。一带一路连接亚洲。",
     "en": "The Belt and Road Initiative promotes cooperation. The Belt and Road links Asia.", **DICT_2016},
    {"zh": "亚投行支持合作。", "en": "The AIIB supports cooperation.", **DICT_2016},
]
REF_2018 = [
    {"zh": "绿色发展需要碳达峰。碳达峰是目标。",
     "en": "Green development needs a carbon peak. Reaching the carbon peak is the goal.", **DICT_2018},
]
HYP_A_2016 = ["The belt and road promotes teamwork. It links Asia.", "The AIIB supports cooperation."]
HYP_A_2018 = ["Green development needs peak carbon and a carbon peak."]

# Hand count, system a:
#  2016 doc 1: 一带一路 twice in the source, "belt and road" once -> 0.5; 合作 -> "cooperation" absent -> 0;
#              亚投行 not in the source -> not counted.   random: 亚洲 -> Asia 1/1 -> 1
#  2016 doc 2: 亚投行 1/1 -> 1; 合作 1/1 -> 1.           random: 亚洲 not in the source
#  2018 doc 3: 绿色发展 1/1 -> 1; 碳达峰 twice in the source, "peak carbon" + "carbon peak" -> 2/2 -> 1.
#              random: 目标 -> "goal" in the reference, absent from the hypothesis -> 0
#  pooled (the official way): proper (0.5 + 0 + 1 + 1 + 1 + 1) / 6 = 0.75, random (1 + 0) / 2 = 0.5;
#  a mean of the years would give proper (2.5/4 + 2/2) / 2 = 0.8125 instead.
POOLED_PROPER, POOLED_RANDOM, MEAN_OF_YEARS = 4.5 / 6, 0.5, (2.5 / 4 + 1.0) / 2


@pytest.fixture()
def years(tmp_path):
    d = tmp_path
    return {
        "refs": [str(write_jsonl(d / "full_data_2016.jsonl", REF_2016)),
                 str(write_jsonl(d / "full_data_2018.jsonl", REF_2018))],
        "a": [str(write_jsonl(d / "a.2016.jsonl", [{"zh": r["zh"], "en": h} for r, h in zip(REF_2016, HYP_A_2016)])),
              str(write_jsonl(d / "a.2018.jsonl", [{"zh": r["zh"], "en": h} for r, h in zip(REF_2018, HYP_A_2018)]))],
        "b": [str(write_jsonl(d / "b.2016.jsonl", [{"zh": r["zh"], "en": r["en"]} for r in REF_2016])),
              str(write_jsonl(d / "b.2018.jsonl", [{"zh": r["zh"], "en": r["en"]} for r in REF_2018]))],
        "dir": d,
    }


def _hyps(years, *names):
    return [f"{n}={p}" for n in names for p in years[n]]


def test_year_files_pooled_as_the_official_scorer(years):
    res = score_wmt25(reference=years["refs"], hyps=_hyps(years, "a", "b"), n_bootstrap=0)
    a = res.subsets["all"].systems["a"]
    assert a.score("wmt25_tsr_proper") == pytest.approx(POOLED_PROPER)
    assert a.score("wmt25_tsr_proper") != pytest.approx(MEAN_OF_YEARS)
    assert a.metrics["wmt25_tsr_proper"].n == 6
    assert a.score("wmt25_tsr_random") == pytest.approx(POOLED_RANDOM)
    files = a.metrics["wmt25_tsr_proper"].details["files"]
    assert files == {years["refs"][0]: {"score": 0.625, "pairs": 4}, years["refs"][1]: {"score": 1.0, "pairs": 2}}
    b = res.subsets["all"].systems["b"]
    assert b.score("bleu") == pytest.approx(100.0) and b.score("wmt25_tsr_proper") == pytest.approx(1.0)
    assert res.subsets["all"].n_segments == 3 and a.metrics["bleu"].n == 3
    assert "ter" not in a.metrics  # TER only when asked
    assert res.config["reference"] == years["refs"] and res.config["pooling"] == "documents"
    assert "files:2" in res.testset and "documents:3" in res.testset
    assert "+" in res.systems["a"].signature and "sha:" in res.systems["a"].signature


def test_pooling_equals_one_concatenated_file(years):
    """BLEU and chrF++ are corpus scores over every document, the rates over every pair: the same
    numbers as one file holding all the documents."""
    d = years["dir"]
    ref = write_jsonl(d / "all.jsonl", REF_2016 + REF_2018)
    sys_a = write_jsonl(d / "a.all.jsonl", [{"zh": r["zh"], "en": h}
                                            for r, h in zip(REF_2016 + REF_2018, HYP_A_2016 + HYP_A_2018)])
    one = score_wmt25(reference=str(ref), hyps=[f"a={sys_a}"], n_bootstrap=0).subsets["all"].systems["a"]
    many = score_wmt25(reference=years["refs"], hyps=_hyps(years, "a"), n_bootstrap=0).subsets["all"].systems["a"]
    for k in ("bleu", "chrf", "wmt25_tsr_proper", "wmt25_tsr_random"):
        assert many.score(k) == pytest.approx(one.score(k)), k
    assert "files" not in one.metrics["wmt25_tsr_proper"].details


def test_cli_several_reference_files(years, capsys):
    argv = ["bench", "score", "--wmt25", *years["refs"], "--hyp", *_hyps(years, "a"),
            "--hyp", f"b={years['b'][0]}", "--hyp", f"b={years['b'][1]}", "--n-bootstrap", "0"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    systems = data["results"]["all"]["systems"]
    assert list(systems) == ["a", "b"]
    assert systems["a"]["wmt25_tsr_proper"]["score"] == pytest.approx(POOLED_PROPER)
    out = years["dir"] / "report"
    assert main([*argv, "--format", "text", "--out", str(out), "--no-chart"]) == 0
    assert "[all] 3 documents" in capsys.readouterr().out
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["config"]["reference"] == years["refs"]
    assert "0.750" in (out / "leaderboard.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "make, message",
    [
        # a system given for one year only
        (lambda y: dict(reference=y["refs"], hyps=[f"a={y['a'][0]}"]),
         r"system 'a' has 1 file for 2 reference files; give --hyp a=FILE once per --wmt25 file"),
        # bare paths are named after their stems, which differ by year
        (lambda y: dict(reference=y["refs"], hyps=y["a"]), r"system 'a.2016' has 1 file for 2 reference files"),
        # the years of a system in the wrong order: its first file does not match the first reference file
        (lambda y: dict(reference=y["refs"], hyps=[f"a={y['a'][1]}", f"a={y['a'][0]}"]),
         r"a.2018.jsonl: 1 documents for 2 in the reference of .*full_data_2016.jsonl"),
        (lambda y: dict(reference=y["refs"][::-1], hyps=[f"a={y['a'][0]}", f"a={y['a'][1]}"]),
         r"a.2016.jsonl: 2 documents for 1 in the reference of .*full_data_2018.jsonl"),
        # the same reference file twice
        (lambda y: dict(reference=[y["refs"][0], y["refs"][0]], hyps=[f"a={y['a'][0]}", f"a={y['a'][0]}"]),
         r"full_data_2016.jsonl: field 'wmt25': reference file given twice"),
        (lambda y: dict(reference=[], hyps=[f"a={y['a'][0]}"]), r"non-empty list of them"),
        (lambda y: dict(reference=[y["refs"][0], 5], hyps=[f"a={y['a'][0]}"]), r"each reference \(--wmt25\) must be"),
        (lambda y: dict(reference=y["refs"], hyps=_hyps(y, "a"), baseline="z"), r"unknown baseline 'z'"),
    ],
)
def test_mismatched_files(years, make, message):
    with pytest.raises(InputError, match=message):
        score_wmt25(**make(years), n_bootstrap=0)


def test_documents_of_another_year_are_named(years):
    """Same number of documents but the wrong year: the error names the system file's line and the
    reference document it was compared with."""
    d = years["dir"]
    other = write_jsonl(d / "other.2018.jsonl", [{"zh": "别的文件。", "en": "Another file."}])
    with pytest.raises(InputError, match=r"other.2018.jsonl:1: field 'zh': 'zh' differs from the reference "
                                         r"source of this document \(document 1, .*full_data_2018.jsonl:1\)"):
        score_wmt25(reference=years["refs"], hyps=[f"a={years['a'][0]}", f"a={other}"], n_bootstrap=0)


@pytest.mark.parametrize(
    "extra, message",
    [
        (lambda y: ["--hyp", f"a={y['a'][0]}"], "system 'a' has 1 file for 2 reference files"),
        (lambda y: ["--wmt25", y["refs"][0], "--hyp", *_hyps(y, "a")], "reference file given twice"),
    ],
)
def test_cli_errors_are_one_line(years, capsys, extra, message):
    argv = ["bench", "score", "--wmt25", *years["refs"], "--n-bootstrap", "0", *extra(years)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


# ---------------------------------------------------------------- benchmarks/wmt25_official.py
def _official_bleu_chrf(hyps, refs):
    """BLEU and chrF++ as the task's scorer computes them (sacrebleu, 13a, chrF char 6 word 2)."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    return (BLEU(max_ngram_order=4, tokenize="13a").corpus_score(hyps, [refs]).score,
            CHRF(char_order=6, word_order=2).corpus_score(hyps, [refs]).score)


def _task_layout(root: Path, proper_a: float) -> Path:
    """The published repository's layout for two systems and two zh->en years (plus an en->zh
    file that must be ignored), and an official figures file."""
    tr = root / "ranking"
    write_jsonl(tr / "references/track2/full_data_2016.jsonl", REF_2016)
    write_jsonl(tr / "references/track2/full_data_2018.jsonl", REF_2018)
    for name, hyps in (("sysA", HYP_A_2016 + HYP_A_2018), ("sysB", [r["en"] for r in REF_2016 + REF_2018])):
        write_jsonl(tr / f"submissions/track2/{name}/{name}.2016.zhen.noterm.jsonl",
                    [{"zh": r["zh"], "en": h} for r, h in zip(REF_2016, hyps[:2])])
        write_jsonl(tr / f"submissions/track2/{name}/{name}.2018.zhen.noterm.jsonl",
                    [{"zh": r["zh"], "en": h} for r, h in zip(REF_2018, hyps[2:])])
        write_jsonl(tr / f"submissions/track2/{name}/{name}.2017.enzh.noterm.jsonl", [{"en": "x", "zh": "y"}])
    refs = [r["en"] for r in REF_2016 + REF_2018]
    bleu_a, chrf_a = _official_bleu_chrf(HYP_A_2016 + HYP_A_2018, refs)
    official = {"zhen": {"noterm": {
        "sysA": {"bleu4": bleu_a, "chrf2++": chrf_a, "proper_term_success_rate": proper_a,
                 "random_term_success_rate": POOLED_RANDOM},
        "sysB": {"bleu4": 100.0, "chrf2++": 100.0, "proper_term_success_rate": 1.0, "random_term_success_rate": 1.0},
    }}}
    (tr / "metric_track2").mkdir(parents=True)
    (tr / "metric_track2/track2_score_dict.json").write_text(json.dumps(official), encoding="utf-8")
    return root


def _run_script(repo: Path):
    return subprocess.run([sys.executable, str(REPO / "benchmarks" / "wmt25_official.py"), "--repo", str(repo),
                           "--systems", "sysA,sysB", "--n-bootstrap", "0"], capture_output=True, text=True)


def test_official_benchmark_agrees_on_a_folder_and_a_git_dir(tmp_path):
    root = _task_layout(tmp_path / "wmt25", POOLED_PROPER)
    proc = _run_script(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 documents in 2 reference files, 2 systems; every figure agrees to 3 decimals" in proc.stdout
    assert re.search(r"sysA +0\.7500 +0\.7500 +0\.5000 +0\.5000 ", proc.stdout), proc.stdout
    assert "score_wmt25 wall time" in proc.stdout
    # the same data committed to git and read from the git directory
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
        subprocess.run(git + cmd, check=True, capture_output=True)
    proc = _run_script(root / ".git")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "every figure agrees" in proc.stdout


def test_official_benchmark_flags_a_difference(tmp_path):
    """An official figure computed as a mean of the years (not the task's pooling) is flagged: exit 1."""
    proc = _run_script(_task_layout(tmp_path / "wmt25", MEAN_OF_YEARS))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"sysA +0\.7500 +0\.8125 \* +0\.5000 +0\.5000 ", proc.stdout), proc.stdout
    assert "figures marked * differ" in proc.stdout


def test_official_benchmark_bad_repo(tmp_path):
    proc = _run_script(tmp_path)
    assert proc.returncode == 2 and "neither a folder holding ranking/ nor a bare git directory" in proc.stderr
