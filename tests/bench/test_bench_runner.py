"""The benchmark runner: shipped outputs, a real (tiny) hf model, subsets, significance, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert res.subsets["general"].systems["good"].score("term_success_rate") == pytest.approx(1.0)


def test_no_shipped_and_named_shipped(mini_bench, mini_termbase_path):
    res = run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path, systems=["seed-mt"],
                        config=BenchmarkConfig(include_shipped=False, n_bootstrap=0))
    assert list(res.systems) == ["seed-mt"]
    with pytest.raises(InputError, match="no systems to benchmark"):
        run_benchmark(testset=str(mini_bench), glossary=mini_termbase_path,
                      config=BenchmarkConfig(include_shipped=False, n_bootstrap=0))


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


def test_default_run_on_the_bundled_test_set(tmp_path):
    if not (default_testset_dir() / "test.jsonl").is_file():
        pytest.skip("corpora/policy_bench is not in this checkout")
    res = run_benchmark(out=str(tmp_path / "bench"), config=BenchmarkConfig(n_bootstrap=100, chart=False))
    seed = res.subsets["seed"].systems["seed-mt"]
    assert 0 <= seed.score("term_success_rate") <= 1
    assert seed.score("deprecated_rendering_rate") > 0  # the seed MT is full of literal renderings
    assert Path(tmp_path / "bench" / "leaderboard.md").is_file()
