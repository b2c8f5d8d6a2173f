"""The benchmark runner: shipped outputs, a real (tiny) hf model, subsets, significance, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_align._version import __version__
from bri_align.bench import BenchmarkConfig, BenchmarkResult, run_benchmark
from bri_align.bench.testset import default_testset_dir
from bri_align.errors import InputError

from bench_data import SEED_MT, write_jsonl


def test_shipped_outputs_only(mini_bench, mini_termbase_path, tmp_path):
    res = run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, out=None,
                        config=BenchmarkConfig(n_bootstrap=50))
    info = res.systems["seed-mt"]
    assert info.subsets == ("seed",) and info.missing == {"general": 2} and info.throughput is None
    assert res.subsets["all"].systems == {} and res.subsets["general"].systems == {}
    seed = res.subsets["seed"].systems["seed-mt"]
    # 6 source terms; seed-mt: joint-bri literal, big-freehand literal, "One Belt, One Road" deprecated,
    # AIIB admitted, "small but beautiful" literal, "go global" preferred
    assert seed.metrics["term_success_rate"].score == pytest.approx(2 / 6)
    assert seed.metrics["term_success_rate"].details == {"success": 2, "source_terms": 6}
    dep = seed.metrics["deprecated_rendering_rate"]
    assert dep.details["deprecated"] == 4
    assert dep.score == pytest.approx(4 / 6)
    for k in ("bleu", "chrf", "ter"):
        assert seed.metrics[k].signature and seed.metrics[k].ci is not None
    verdicts = {v.entry_id: v.verdict for v in res.verdicts["seed-mt"]}
    assert verdicts["aiib"] == "admitted" and verdicts["small-and-smart"] == "deprecated"


def test_hf_system_with_report(mini_bench, mini_termbase_path, tiny_marian, tmp_path):
    out = tmp_path / "report"
    res = run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, systems=[f"toy=hf:{tiny_marian}"],
                        out=str(out),
                        config=BenchmarkConfig(n_bootstrap=50, beam_size=1, max_length=24, batch_size=2))
    toy = res.systems["toy"]
    assert toy.subsets == ("all", "seed", "general") and toy.throughput.sentences == 5
    assert toy.throughput.output_tokens > 0 and "translator:hf.v1|name:toy" in toy.signature
    assert list(res.subsets["all"].systems) == ["toy"]
    seed = res.subsets["seed"]
    assert seed.baseline == "seed-mt" and list(seed.systems) == ["seed-mt", "toy"]
    sig = seed.systems["toy"].significance
    assert set(sig) == {"bleu", "chrf", "term_success_rate", "deprecated_rendering_rate"}
    assert all(0 < s.p_value <= 1 for s in sig.values())
    assert seed.systems["seed-mt"].significance == {}

    files = {p.name for p in out.iterdir()}
    assert {"results.json", "leaderboard.md", "terms.md", "term_verdicts.jsonl", "chart.png", "outputs"} <= files
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["results"]["seed"]["systems"]["toy"]["bleu"]["signature"].startswith("BLEU|")
    assert data["systems"]["toy"]["throughput"]["sentences_per_s"] > 0
    again = BenchmarkResult.from_dict(data)
    assert again.subsets["seed"].systems["toy"].score("bleu") == pytest.approx(
        seed.systems["toy"].score("bleu"), abs=1e-6)
    outputs = [json.loads(x) for x in (out / "outputs" / "toy.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in outputs] == [s for s in res.outputs["toy"]] and len(outputs) == 5
    board = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert "| seed-mt |" in board and "| toy |" in board and "## Throughput" in board and "## Coverage" in board
    terms = (out / "terms.md").read_text(encoding="utf-8")
    assert "`belt-and-road-initiative`" in terms and "Belt and Road Initiative" in terms
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a second run replaces the folder atomically
    run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, out=str(out),
                  config=BenchmarkConfig(n_bootstrap=0, chart=False))
    assert not (out / "chart.png").exists() and not (out / "outputs").exists()


def test_file_system_and_baseline(mini_bench, mini_termbase_path, tmp_path):
    rows = [{"id": k, "en": v} for k, v in {"seed-p01-s1": "Belt and Road cooperation is broad strokes.",
                                              "seed-p02-s1": "The Belt and Road Initiative and the AIIB.",
                                              "seed-p03-s1": "Small yet smart projects should go global.",
                                              "gen-0001": "Fine brushwork and the Belt and Road Initiative.",
                                              "gen-0002": "Belt and Road cooperation."}.items()]
    f = write_jsonl(tmp_path / "good.jsonl", rows)
    res = run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, systems=[f"good=file:{f}"],
                        config=BenchmarkConfig(baseline="good", n_bootstrap=100))
    seed = res.subsets["seed"]
    assert seed.baseline == "good"
    assert seed.systems["good"].score("term_success_rate") == pytest.approx(1.0)
    tsr = seed.systems["seed-mt"].significance["term_success_rate"]
    assert tsr.baseline == "good" and tsr.delta < 0
    # every signature (scores and paired tests) names the library version once, at the end
    sigs = [m.signature for m in seed.systems["seed-mt"].metrics.values()]
    sigs += [t.signature for t in seed.systems["seed-mt"].significance.values()]
    assert len(sigs) == 11 and all(x.count("bri_align:") == 1 and x.endswith(f"|bri_align:{__version__}")
                                   for x in sigs), sigs
    assert res.subsets["general"].systems["good"].score("term_success_rate") == pytest.approx(1.0)


def test_no_shipped_and_named_shipped(mini_bench, mini_termbase_path):
    res = run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, systems=["seed-mt"],
                        config=BenchmarkConfig(include_shipped=False, n_bootstrap=0))
    assert list(res.systems) == ["seed-mt"]
    with pytest.raises(InputError, match="no systems to benchmark"):
        run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path,
                      config=BenchmarkConfig(include_shipped=False, n_bootstrap=0))


def test_config_is_frozen_and_keyword_only(mini_bench, mini_termbase_path):
    import dataclasses

    cfg = BenchmarkConfig(n_bootstrap=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.seed = 1
    with pytest.raises(TypeError, match="positional argument"):
        BenchmarkConfig("test")
    with pytest.raises(TypeError, match="unexpected keyword argument 'n_bootstrap'"):
        run_benchmark(testset=str(mini_bench), n_bootstrap=0)  # options go in the config
    with pytest.raises(InputError, match="config must be a BenchmarkConfig, got dict"):
        run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, config={"n_bootstrap": 0})


def test_cli_options_become_the_config():
    import argparse

    from bri_align.cli.bench import add_run_arguments, run_kwargs

    p = argparse.ArgumentParser()
    add_run_arguments(p)
    args = p.parse_args(["--testset", "T", "--split", "dev", "--system", "a=hf:M@off,force", "--glossary-mode",
                         "off,ban", "--no-shipped", "--baseline", "a", "--glossary", "G", "--out", "O",
                         "--batch-size", "3", "--device", "cpu", "--dtype", "float16", "--beam-size", "2",
                         "--max-length", "9", "--src-lang", "zh", "--tgt-lang", "en", "--prompt", "P {source}",
                         "--compute-type", "int8", "--allow-download", "--n-bootstrap", "7", "--seed", "3",
                         "--banned", "OBOR", "--no-chart", "--metrics", "ter,bleu"])
    kw = run_kwargs(args)
    assert {k: kw[k] for k in ("systems", "testset", "glossary", "out")} == {
        "systems": ["a=hf:M@off,force"], "testset": "T", "glossary": "G", "out": "O"}
    cfg = kw["config"]
    assert cfg == BenchmarkConfig(
        split="dev", include_shipped=False, baseline="a", n_bootstrap=7, seed=3, banned_forms=["OBOR"],
        glossary_modes="off,ban", chart=False, progress=cfg.progress, batch_size=3, device="cpu", dtype="float16",
        beam_size=2, max_length=9, src_lang="zh", tgt_lang="en", prompt="P {source}", compute_type="int8",
        allow_download=True, metrics=("bleu", "ter"))
    assert cfg.translator_options() == dict(device="cpu", dtype="float16", beam_size=2, max_length=9,
                                            batch_size=3, src_lang="zh", tgt_lang="en", prompt="P {source}",
                                            compute_type="int8", allow_download=True)


def test_runner_errors(mini_bench, mini_termbase_path, tmp_path):
    f = write_jsonl(tmp_path / "seed-mt.jsonl", [{"id": k, "en": v} for k, v in SEED_MT.items()])
    with pytest.raises(InputError, match="two systems are named 'seed-mt'"):
        run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, systems=[f"file:{f}"],
                      config=BenchmarkConfig(n_bootstrap=0))
    with pytest.raises(InputError, match="not of the form"):
        run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, systems=["opus"],
                      config=BenchmarkConfig(n_bootstrap=0))
    bad = write_jsonl(tmp_path / "t" / "test.jsonl", [
        {"id": "x", "doc": "d", "subset": "seed", "zh": "一带一路", "en": "BRI",
         "terms": [{"entry_id": "no-such-entry", "zh": "一带一路", "zh_start": 0, "zh_end": 4}]}])
    write_jsonl(bad.parent / "systems" / "seed-mt.jsonl", [{"id": "x", "en": "BRI"}])
    with pytest.raises(InputError, match="entry 'no-such-entry' is not in the glossary"):
        run_benchmark(testset=str(bad.parent), glossary=mini_termbase_path, config=BenchmarkConfig(n_bootstrap=0))


#: The README's seed-mt figures (bundled corpora/policy_bench, test split, seed subset, bundled termbase),
#: as benchmarks/run_benchmark.py prints them.
README_SEED_MT = {"bleu": "31.99", "chrf": "60.98", "ter": "58.72", "term_success_rate": "0.707",
                  "deprecated_rendering_rate": "0.317"}
DIGITS = {"bleu": 2, "chrf": 2, "ter": 2, "term_success_rate": 3, "deprecated_rendering_rate": 3}


def _bundled_or_skip() -> None:
    if not (default_testset_dir() / "test.jsonl").is_file():
        pytest.skip("corpora/policy_bench is not in this checkout")


def test_readme_seed_mt_figures():
    _bundled_or_skip()
    res = run_benchmark(config=BenchmarkConfig(n_bootstrap=0, chart=False))  # point estimates only: fast
    seed = res.subsets["seed"].systems["seed-mt"]
    got = {k: f"{seed.score(k):.{DIGITS[k]}f}" for k in README_SEED_MT}
    assert got == README_SEED_MT
    readme = Path(__file__).resolve().parents[2] / "README.md"
    if readme.is_file():  # the README states the same figures
        text = readme.read_text(encoding="utf-8")
        row = next(line for line in text.splitlines() if line.startswith("| `seed-mt` (the seed's own MT)"))
        assert (f"BLEU {got['bleu']}, chrF++ {got['chrf']}, TER {got['ter']}; term success "
                f"{got['term_success_rate']}, deprecated-rendering rate {got['deprecated_rendering_rate']}") in row


def test_default_run_on_the_bundled_test_set(tmp_path):
    _bundled_or_skip()
    res = run_benchmark(out=str(tmp_path / "bench"), config=BenchmarkConfig(n_bootstrap=100, chart=False))
    assert res.testset.startswith("testset:policy_bench|split:test|segments:313|sha:")
    assert list(res.systems) == ["seed-mt"] and res.systems["seed-mt"].subsets == ("seed",)
    assert res.systems["seed-mt"].missing == {"general": 244}  # seed-mt translates the seed subset only
    assert res.subsets["seed"].n_segments == 69 and res.subsets["seed"].baseline == "seed-mt"
    seed = res.subsets["seed"].systems["seed-mt"]
    # the bootstrap adds intervals, not different point estimates
    assert {k: f"{seed.score(k):.{DIGITS[k]}f}" for k in README_SEED_MT} == README_SEED_MT
    assert seed.metrics["term_success_rate"].details == {"success": 118, "source_terms": 167}
    assert seed.metrics["deprecated_rendering_rate"].details == {"deprecated": 53, "banned_elsewhere": 0,
                                                                 "source_terms": 167}
    assert f"{seed.score('preferred_rendering_rate'):.3f}" == "0.491"
    assert f"{seed.score('term_consistency'):.3f}" == "0.704"
    for k in ("bleu", "term_success_rate"):
        half = seed.metrics[k].ci_half_width
        assert half is not None and 0 < half < (5.0 if k == "bleu" else 0.1)
    board = (tmp_path / "bench" / "leaderboard.md").read_text(encoding="utf-8")
    assert "| seed-mt | 31.99 ±" in board and "## Subset `seed` (69 segments)" in board


def test_report_without_matplotlib_skips_only_the_chart(tmp_path, monkeypatch, caplog):
    """A fresh install without the [bench] extra still writes the report; only chart.png is left out."""
    import builtins

    from bri_align.bench import run_benchmark

    real_import = builtins.__import__

    def no_matplotlib(name, *a, **kw):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    out = tmp_path / "bench"
    run_benchmark(out=str(out))
    assert (out / "results.json").is_file() and not (out / "chart.png").exists()
    assert "chart.png skipped" in caplog.text and 'pip install "bri-align[bench]"' in caplog.text
