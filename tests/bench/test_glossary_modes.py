"""The benchmark with glossary modes: spec syntax, mode-on systems against mode off, report, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tiny_models
from bri_align.bench import BenchmarkConfig, BenchmarkResult, run_benchmark
from bri_align.bench.systems import parse_bench_system, parse_modes
from bri_align.errors import InputError

from bench_data import write_jsonl

# Written by the bri_align project for these tests: terms over the tiny Marian model's toy vocabulary,
# whose preferred renderings differ from what the model writes (小而美 -> "small but beautiful").
TOY_TERMBASE = (Path(__file__).resolve().parents[1] / "fixtures" / "toy_marian_termbase.yaml").read_text(
    encoding="utf-8")
RENDER = {"小而美": "small yet smart", "人类": "humanity", "共建": "jointly pursue"}


@pytest.fixture()
def toy_bench(tmp_path):
    """A 24-segment test set of toy sentences with term annotations, and its termbase."""
    from bri_align import load_termbase
    from bri_align.metrics.terminology import TermScorer

    gpath = tmp_path / "toy.yaml"
    gpath.write_text(TOY_TERMBASE, encoding="utf-8")
    scorer = TermScorer(load_termbase(gpath))
    rows = []
    rng = __import__("random").Random(5)
    words = tiny_models.ZH_WORDS
    while len(rows) < 24:
        picked = [rng.choice(words) for _ in range(rng.randint(1, 3))] + [rng.choice(list(RENDER))]
        rng.shuffle(picked)
        zh = "".join(picked) + "。"
        en = " ".join(RENDER.get(w, tiny_models.TOY_DICT.get(w, w)) for w in picked) + "."
        terms = [t.to_dict() for t in scorer.source_terms(zh)]
        if not terms:
            continue
        i = len(rows)
        rows.append({"id": f"toy-{i:02d}", "doc": f"doc-{i // 6}", "subset": "seed" if i < 12 else "general",
                     "zh": zh, "en": en, "terms": terms, "provenance": "written by the bri_align project for tests"})
    d = tmp_path / "bench"
    write_jsonl(d / "test.jsonl", rows)
    return d, gpath


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("hf:/m/tiny@off,force", ("hf:/m/tiny", ("off", "force"))),
        ("tiny=hf:/m/tiny@bias", ("tiny=hf:/m/tiny", ("bias",))),
        ("llm:/m/qwen@prompt", ("llm:/m/qwen", ("prompt",))),
        ("hf:/m/tiny", ("hf:/m/tiny", ())),
        ("file:runs/a@b.jsonl", ("file:runs/a@b.jsonl", ())),  # not a mode list: part of the path
        ("hf:org/model@v2", ("hf:org/model@v2", ())),
    ],
)
def test_parse_bench_system(spec, expected):
    assert parse_bench_system(spec) == expected


def test_mode_list_errors():
    assert parse_modes("off, force") == ("off", "force") and parse_modes(None) == ()
    with pytest.raises(InputError, match="unknown glossary mode 'strict'; expected a comma-separated list"):
        parse_modes("off,strict")
    with pytest.raises(InputError, match="name a mode twice"):
        parse_modes("force,force")
    with pytest.raises(InputError, match="names a glossary mode twice"):
        parse_bench_system("hf:x@off,off")


def test_force_against_off_with_report(toy_bench, tiny_marian, tmp_path):
    testset, gpath = toy_bench
    out = tmp_path / "report"
    res = run_benchmark(testset=str(testset), glossary=str(gpath), systems=[f"tiny=hf:{tiny_marian}@off,force"],
                        out=str(out),
                        config=BenchmarkConfig(n_bootstrap=100, beam_size=4, max_length=24, batch_size=8,
                                               chart=False))
    assert list(res.systems) == ["tiny", "tiny (force)"]
    assert res.systems["tiny (force)"].glossary_mode == "force"
    assert "mode:force" in res.systems["tiny (force)"].signature and "mode:off" in res.systems["tiny"].signature
    assert res.systems["tiny (force)"].spec == f"tiny=hf:{tiny_marian}@force"
    d = res.deltas["all"]["tiny (force)"]
    assert (d.base, d.mode) == ("tiny", "force")
    assert d.metrics["term_success_rate"].score == pytest.approx(1.0)
    assert d.delta("term_success_rate") > 0.5 and d.metrics["term_success_rate"].p_value < 0.05
    assert d.delta("deprecated_rendering_rate") < 0
    for m in ("bleu", "chrf"):
        assert d.metrics[m].delta is not None and 0 < d.metrics[m].p_value <= 1
    assert set(res.deltas) == {"all", "seed", "general"}

    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    block = data["deltas"]["all"]["tiny (force)"]
    assert block["base"] == "tiny" and block["metrics"]["term_success_rate"]["delta"] > 0.5
    assert data["systems"]["tiny (force)"]["glossary_mode"] == "force"
    again = BenchmarkResult.from_dict(data)
    assert again.deltas["seed"]["tiny (force)"].delta("bleu") == pytest.approx(res.deltas["seed"]["tiny (force)"]
                                                                               .delta("bleu"), abs=1e-5)
    board = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert "## Glossary modes" in board and "| tiny (force) | force | tiny | 1.000 | +" in board
    assert (out / "outputs" / "tiny__force_.jsonl").is_file()


def test_global_modes_and_no_bootstrap(toy_bench, tiny_marian):
    testset, gpath = toy_bench
    res = run_benchmark(testset=str(testset), glossary=str(gpath), systems=[f"hf:{tiny_marian}"],
                        config=BenchmarkConfig(glossary_modes="off,ban", n_bootstrap=0, beam_size=2, max_length=20,
                                               batch_size=8))
    name = tiny_marian.name
    assert list(res.systems) == [name, f"{name} (ban)"]
    d = res.deltas["all"][f"{name} (ban)"]
    assert d.metrics["deprecated_rendering_rate"].p_value is None  # no resamples: deltas only
    assert d.metrics["deprecated_rendering_rate"].score == 0.0 and d.delta("deprecated_rendering_rate") < 0
    assert res.config["glossary_modes"] == ["off", "ban"]


def test_glossary_mode_errors(toy_bench, tiny_marian, tmp_path):
    testset, gpath = toy_bench
    f = write_jsonl(tmp_path / "out.jsonl", [{"id": "toy-00", "en": "x"}])
    with pytest.raises(InputError, match="pre-computed outputs cannot run with a glossary mode"):
        run_benchmark(testset=str(testset), glossary=str(gpath), systems=[f"file:{f}@force"],
                      config=BenchmarkConfig(n_bootstrap=0))
    with pytest.raises(InputError, match="glossary mode 'prompt' is implemented by none of the model systems"):
        run_benchmark(testset=str(testset), glossary=str(gpath), systems=[f"hf:{tiny_marian}"],
                      config=BenchmarkConfig(glossary_modes="off,prompt", n_bootstrap=0, max_length=8))
    with pytest.raises(InputError, match="mode 'prompt' is not supported by hf.v1 translators"):
        run_benchmark(testset=str(testset), glossary=str(gpath), systems=[f"hf:{tiny_marian}@prompt"],
                      config=BenchmarkConfig(n_bootstrap=0, max_length=8))


def test_cli_bench_run_with_a_glossary_mode(toy_bench, tiny_marian, tmp_path, capsys):
    from bri_align.cli import main

    testset, gpath = toy_bench
    out = tmp_path / "cli-report"
    rc = main(["bench", "run", "--testset", str(testset), "--glossary", str(gpath), "--no-shipped",
               "--system", f"tiny=hf:{tiny_marian}", "--glossary-mode", "off,force", "--beam-size", "4",
               "--batch-size", "8", "--max-length", "24", "--n-bootstrap", "50", "--device", "cpu",
               "--no-chart", "--out", str(out)])
    text = capsys.readouterr().out
    assert rc == 0
    assert "[all] tiny (force) vs tiny: Term success +" in text and "report written to" in text
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["results"]["all"]["systems"]["tiny (force)"]["term_success_rate"]["score"] == pytest.approx(1.0)
