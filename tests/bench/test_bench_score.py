"""``score_files`` (line-aligned, WMT23 dictionaries) and ``score_wmt25`` (document level), and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bri_align.bench import read_annotations, score_files, score_wmt25
from bri_align.cli import main
from bri_align.errors import InputError

from bench_data import SEED_MT, segment_rows, write_jsonl

REPO = Path(__file__).resolve().parents[2]


def _lines(path: Path, lines) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture()
def line_files(tmp_path):
    rows = [r for r in segment_rows() if r["subset"] == "seed"]
    src = _lines(tmp_path / "src.zh", [r["zh"] for r in rows])
    ref = _lines(tmp_path / "ref.en", [r["en"] for r in rows])
    mt = _lines(tmp_path / "mt.en", [SEED_MT[r["id"]] for r in rows])
    good = _lines(tmp_path / "good.en", [r["en"] for r in rows])
    terms = _lines(tmp_path / "terms.jsonl", [json.dumps({"terms": r["terms"]}, ensure_ascii=False) for r in rows])
    return {"src": src, "ref": ref, "mt": mt, "good": good, "terms": terms, "dir": tmp_path}


def test_score_files_with_glossary_matching(line_files, mini_termbase_path):
    res = score_files(src=line_files["src"], ref=line_files["ref"],
                      hyps=[f"seed-mt={line_files['mt']}", f"ref={line_files['good']}"],
                      glossary=mini_termbase_path, n_bootstrap=100)
    all_ = res.subsets["all"]
    assert all_.baseline == "seed-mt"
    assert all_.systems["ref"].score("bleu") == pytest.approx(100.0)
    assert all_.systems["seed-mt"].score("term_success_rate") == pytest.approx(2 / 6)
    assert all_.systems["ref"].score("term_success_rate") == pytest.approx(1.0)
    assert "annotations:matcher-zh" in all_.systems["ref"].metrics["term_success_rate"].signature
    assert set(all_.systems["ref"].significance) == {"bleu", "chrf", "term_success_rate",
                                                      "deprecated_rendering_rate"}


def test_score_files_with_annotations(line_files, mini_termbase_path):
    res = score_files(src=line_files["src"], ref=line_files["ref"], hyps=[line_files["mt"]],
                      terms=line_files["terms"], glossary=mini_termbase_path, n_bootstrap=0, baseline="mt")
    m = res.subsets["all"].systems["mt"].metrics
    assert m["term_success_rate"].score == pytest.approx(2 / 6)
    assert "annotations:given" in m["term_success_rate"].signature


def test_score_files_with_wmt23_dictionaries(line_files):
    dicts = _lines(line_files["dir"] / "dict.jsonl", [
        json.dumps({"共建“一带一路”": ["Belt and Road cooperation"], "大写意": ["broad strokes"]}, ensure_ascii=False),
        json.dumps([{"一带一路": "Belt and Road Initiative"}, {"亚投行": "AIIB"}], ensure_ascii=False),
        "[]",
    ])
    ann = read_annotations(dicts)
    assert ann.kind == "term-dict" and len(ann) == 3 and ann.term_dicts[2] == {}
    res = score_files(src=line_files["src"], ref=line_files["ref"],
                      hyps=[f"mt={line_files['mt']}", f"ref={line_files['good']}"], terms=dicts, n_bootstrap=0)
    # seed-mt: joint construction (no), big freehand (no), One Belt, One Road initiative (no), AIIB (yes)
    assert res.subsets["all"].systems["mt"].score("term_success_rate") == pytest.approx(1 / 4)
    assert res.subsets["all"].systems["ref"].score("term_success_rate") == pytest.approx(1.0)
    assert res.glossary is None


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"terms": [{"entry_id": "aiib"}]}\n{"terms": "x"}\n', r"a.jsonl:2: field 'terms': expected"),
        ('{"甲": ["a"]}\n"just a string"\n', r"a.jsonl:2: field 'terms': expected a JSON object mapping"),
        ('[["甲"]]\n', r"a.jsonl:1: field 'terms': term dictionary item \['甲'\]"),
        ("{oops\n", r"a.jsonl:1: not valid JSON"),
    ],
)
def test_annotation_errors(tmp_path, content, message):
    p = tmp_path / "a.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_annotations(str(p))


def test_score_files_errors(line_files, tmp_path, mini_termbase_path):
    short = _lines(tmp_path / "short.en", ["one line"])
    with pytest.raises(InputError, match="1 lines for 3 source lines"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=[short], glossary=mini_termbase_path)
    with pytest.raises(InputError, match="1 reference lines for 3 source lines"):
        score_files(src=line_files["src"], ref=short, hyps=[line_files["mt"]], glossary=mini_termbase_path)
    with pytest.raises(InputError, match="two systems are named 'x'"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=[f"x={line_files['mt']}",
                                                                         f"x={line_files['good']}"])
    with pytest.raises(InputError, match="1 annotation lines for 3 source lines"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=[line_files["mt"]],
                    terms=_lines(tmp_path / "t.jsonl", ['{"terms": []}']), glossary=mini_termbase_path)
    with pytest.raises(InputError, match="is not NAME=FILE"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=["=x"])
    with pytest.raises(InputError, match="no system to score"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=[])
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=[line_files["mt"]], glossary=42)


def test_annotation_lines_keep_their_place(tmp_path):
    """A blank line is a segment without terms, so the lines after it stay aligned."""
    p = tmp_path / "a.jsonl"
    p.write_text('{"terms": [{"entry_id": "aiib"}]}\n\n[]\r\n[{"entry_id": "go-global"}]\n', encoding="utf-8")
    ann = read_annotations(str(p))
    assert ann.kind == "entries" and len(ann) == 4
    assert [[t.entry_id for t in ts] for ts in ann.terms] == [["aiib"], [], [], ["go-global"]]
    p.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a.jsonl: term annotation file is empty"):
        read_annotations(str(p))


# ---------------------------------------------------------------- WMT25 Track 2
WMT25_REF = [
    {"zh": "一带一路倡议促进合作。一带一路连接亚洲。",
     "en": "The Belt and Road Initiative promotes cooperation. The Belt and Road links Asia.",
     "proper": {"一带一路": ["Belt and Road"], "合作": ["cooperation"]}, "random": {"亚洲": ["Asia"]}, "noterm": {}},
    {"zh": "亚投行支持基础设施。", "en": "The AIIB supports infrastructure.",
     "proper": {"亚投行": ["AIIB"], "基础设施": ["infrastructure"]}, "random": {"支持": ["backs"]}, "noterm": {}},
]


@pytest.fixture()
def wmt25_files(tmp_path):
    ref = write_jsonl(tmp_path / "ref.jsonl", WMT25_REF)
    sys_a = write_jsonl(tmp_path / "a.jsonl", [
        {"zh": WMT25_REF[0]["zh"], "en": "The belt and road promotes cooperation. It links Asia."},
        {"zh": WMT25_REF[1]["zh"], "en": "The AIIB supports roads."}])
    sys_b = write_jsonl(tmp_path / "b.jsonl", [{"zh": d["zh"], "en": d["en"]} for d in WMT25_REF])
    return ref, sys_a, sys_b


def test_score_wmt25_hand_computed(wmt25_files):
    ref, sys_a, sys_b = wmt25_files
    res = score_wmt25(reference=str(ref), hyps=[f"a={sys_a}", f"b={sys_b}"], n_bootstrap=100)
    a = res.subsets["all"].systems["a"]
    # proper: 一带一路 1/2 -> 0.5, 合作 1, 亚投行 1, 基础设施 0 -> mean 0.625
    assert a.score("wmt25_tsr_proper") == pytest.approx(0.625)
    # random: 亚洲 -> Asia 1/1 = 1; 支持 -> "backs" not in the reference -> not counted
    assert a.score("wmt25_tsr_random") == pytest.approx(1.0)
    assert a.metrics["wmt25_tsr_random"].n == 1
    assert "wmt25_tsr_noterm" not in a.metrics  # empty dictionaries
    b = res.subsets["all"].systems["b"]
    assert b.score("bleu") == pytest.approx(100.0) and b.score("wmt25_tsr_proper") == pytest.approx(1.0)
    assert a.metrics["bleu"].n == 2  # documents scored as single segments
    assert res.mode == "wmt25" and res.subsets["all"].baseline == "a"


def test_wmt25_errors(wmt25_files, tmp_path):
    ref, sys_a, _ = wmt25_files
    wrong = write_jsonl(tmp_path / "w.jsonl", [{"zh": "别的", "en": "x"}, {"zh": WMT25_REF[1]["zh"], "en": "y"}])
    with pytest.raises(InputError, match=r"w.jsonl:1: field 'zh': 'zh' differs from the reference source"):
        score_wmt25(reference=str(ref), hyps=[str(wrong)])
    short = write_jsonl(tmp_path / "s.jsonl", [{"zh": WMT25_REF[0]["zh"], "en": "x"}])
    with pytest.raises(InputError, match="1 documents for 2 in the reference"):
        score_wmt25(reference=str(ref), hyps=[str(short)])
    plain = write_jsonl(tmp_path / "p.jsonl", [{"zh": "a", "en": "b"}])
    with pytest.raises(InputError, match="no term dictionary"):
        score_wmt25(reference=str(plain), hyps=[str(sys_a)])
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"zh": "a", "en": "b", "proper": {"a": 1}}])
    with pytest.raises(InputError, match=r"bad.jsonl:1: field 'proper': target terms of 'a' must be a list"):
        score_wmt25(reference=str(bad), hyps=[str(sys_a)])


# ---------------------------------------------------------------- CLI and script
def test_cli_score_json(line_files, mini_termbase_path, tmp_path, capsys):
    """sacrebleu-like: JSON on stdout by default; --out DIR adds the report folder (its results.json
    holds the same numbers); --format text prints the short leaderboard instead."""
    out = tmp_path / "rep"
    argv = ["bench", "score", "--src", line_files["src"], "--ref", line_files["ref"],
            "--hyp", f"seed-mt={line_files['mt']}", "--hyp", f"ref={line_files['good']}",
            "--glossary", mini_termbase_path, "--n-bootstrap", "50", "--no-chart"]
    assert main([*argv, "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    for name in ("seed-mt", "ref"):
        m = data["results"]["all"]["systems"][name]
        for k in ("bleu", "chrf", "ter", "term_success_rate", "preferred_rendering_rate",
                  "deprecated_rendering_rate", "term_consistency"):
            assert m[k]["signature"], k
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["results"]["all"]["systems"]["ref"]["bleu"] == data["results"]["all"]["systems"]["ref"]["bleu"]
    assert main([*argv, "--format", "text"]) == 0
    assert "seed-mt: BLEU" in capsys.readouterr().out


def test_cli_score_wmt25_to_stdout(wmt25_files, capsys):
    ref, sys_a, _ = wmt25_files
    assert main(["bench", "score", "--wmt25", str(ref), "--hyp", f"a={sys_a}", "--n-bootstrap", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"]["all"]["systems"]["a"]["wmt25_tsr_proper"]["score"] == pytest.approx(0.625)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["bench", "score", "--hyp", "a=b"], "give --src and --ref"),
        (["bench", "score", "--wmt25", "r.jsonl", "--src", "s", "--hyp", "a=b"], "drop --src"),
    ],
)
def test_cli_score_usage_errors(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_run(mini_bench, mini_termbase_path, tmp_path, capsys):
    out = tmp_path / "rep"
    rc = main(["bench", "run", "--testset", str(mini_bench), "--glossary", mini_termbase_path, "--out", str(out),
               "--n-bootstrap", "20", "--no-chart"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "[seed] 3 segments, baseline seed-mt" in text and f"report written to {out}" in text
    assert (out / "leaderboard.md").is_file()
    # --format json: the results on stdout, the report folder (rewritten: it holds only bri_align's files) too
    rc = main(["bench", "run", "--testset", str(mini_bench), "--glossary", mini_termbase_path, "--out", str(out),
               "--n-bootstrap", "20", "--no-chart", "--format", "json"])
    assert rc == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["results"]["seed"]["baseline"] == "seed-mt"
    assert f"report written to {out}" in captured.err
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["results"]["seed"]["baseline"] == "seed-mt"


def test_run_benchmark_script(mini_bench, mini_termbase_path, tmp_path):
    out = tmp_path / "rep"
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run_benchmark.py"), "--testset", str(mini_bench),
                           "--glossary", mini_termbase_path, "--out", str(out), "--n-bootstrap", "20", "--no-chart"],
                          capture_output=True, text=True, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "seed-mt: BLEU" in proc.stdout and (out / "results.json").is_file()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"en": "b", "proper": {}}], r"r.jsonl:1: field 'zh': 'zh' must be a string"),
        ([{"zh": "a", "en": "b", "proper": ["x"]}], r"field 'proper': 'proper' must be an object"),
        ([["a"]], r"r.jsonl:1: expected a JSON object per document"),
        ([], r"WMT25 reference file is empty"),
    ],
)
def test_wmt25_reference_errors(tmp_path, rows, message):
    ref = write_jsonl(tmp_path / "r.jsonl", rows)
    with pytest.raises(InputError, match=message):
        score_wmt25(reference=str(ref), hyps=["x.jsonl"])


def test_wmt25_system_errors(wmt25_files, tmp_path):
    ref, _, _ = wmt25_files
    p = tmp_path / "s.jsonl"
    p.write_text('{"zh": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"s.jsonl:2: not valid JSON"):
        score_wmt25(reference=str(ref), hyps=[str(p)])
    no_en = write_jsonl(tmp_path / "n.jsonl", [{"zh": d["zh"]} for d in WMT25_REF])
    with pytest.raises(InputError, match=r"n.jsonl:1: field 'en': 'en' must be a string"):
        score_wmt25(reference=str(ref), hyps=[str(no_en)])
    with pytest.raises(InputError, match="no system to score"):
        score_wmt25(reference=str(ref), hyps=[])


def test_document_ids_for_consistency(line_files, tmp_path, mini_termbase_path):
    docs = _lines(tmp_path / "docs.txt", ["d1", "d1", "d2"])
    res = score_files(src=line_files["src"], ref=line_files["ref"], hyps=[line_files["good"]], doc_ids=docs,
                      glossary=mini_termbase_path, n_bootstrap=0)
    assert res.subsets["all"].n_segments == 3
    with pytest.raises(InputError, match="2 document ids for 3 source lines"):
        score_files(src=line_files["src"], ref=line_files["ref"], hyps=[line_files["good"]],
                    doc_ids=_lines(tmp_path / "d2.txt", ["a", "b"]), glossary=mini_termbase_path)


def test_chart_needs_matplotlib(monkeypatch, line_files, mini_termbase_path, tmp_path):
    from bri_align.bench import write_chart
    from bri_align.errors import MissingDependencyError

    res = score_files(src=line_files["src"], ref=line_files["ref"], hyps=[line_files["good"]],
                      glossary=mini_termbase_path, n_bootstrap=0)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"'matplotlib' is not installed"):
        write_chart(res, tmp_path / "c.png")


def test_metric_selection_wmt25_leaves_ter_out_unless_asked(wmt25_files):
    """Documents are single segments: TER (quadratic, with shifts) runs only when asked for."""
    ref, sys_a, sys_b = wmt25_files
    res = score_wmt25(reference=str(ref), hyps=[f"a={sys_a}", f"b={sys_b}"], n_bootstrap=0)
    a = res.subsets["all"].systems["a"]
    assert "ter" not in a.metrics and {"bleu", "chrf", "wmt25_tsr_proper"} <= set(a.metrics)
    asked = score_wmt25(reference=str(ref), hyps=[f"a={sys_a}"], n_bootstrap=0, metrics="bleu,chrf,ter")
    assert asked.subsets["all"].systems["a"].score("ter") is not None
    assert asked.subsets["all"].systems["a"].score("bleu") == pytest.approx(a.score("bleu"))


def test_metric_selection_line_aligned_and_errors(tmp_path, capsys):
    from bri_align.cli import main
    from bri_align.metrics.corpus import check_metrics

    assert check_metrics("TER, bleu") == ("bleu", "ter")  # canonical order, case folded
    with pytest.raises(InputError, match=r"field 'metrics': unknown metric 'meteor'; choose from bleu, chrf, ter"):
        check_metrics("bleu,meteor")
    with pytest.raises(InputError, match=r"field 'metrics': no metric; choose from"):
        check_metrics(" , ")
    src, hyp = tmp_path / "s.zh", tmp_path / "h.en"
    src.write_text("推动共建一带一路。\n合作。\n", encoding="utf-8")
    hyp.write_text("We promote the Belt and Road.\nCooperation.\n", encoding="utf-8")
    res = score_files(src=str(src), ref=str(hyp), hyps=[f"a={hyp}"], n_bootstrap=0, metrics=["chrf"])
    assert set(res.subsets["all"].systems["a"].metrics) & {"bleu", "chrf", "ter"} == {"chrf"}
    assert main(["bench", "score", "--src", str(src), "--ref", str(hyp), "--hyp", f"a={hyp}", "--n-bootstrap", "0",
                 "--metrics", "bleu,chrf", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "BLEU 100.00, chrF++ 100.00" in out and "TER" not in out
