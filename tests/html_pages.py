"""The HTML pages the tests look at, built from real runs on small inputs (tests/browser and the
writer tests share them): the glossary page of the bundled termbase with its seed occurrences, the
glossary page of the HTML test termbase (markup in its text), a QA report and a benchmark report.

Everything here is computed by the library; nothing is a hand-written page."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

TESTS = Path(__file__).resolve().parent
HTML_TERMBASE = TESTS / "browser" / "html_termbase.yaml"
QA_TERMBASE = TESTS / "qa" / "qa_termbase.yaml"
MINI_TERMBASE = TESTS / "fixtures" / "mini_termbase.yaml"

# The QA case of tests/qa/test_qa_cli.py plus a segment without a term and one with a missing term.
QA_SRC = ["我们支持一带一路。", "他喜欢工笔画。", "她也喜欢工笔画。", "今天天气很好。", "我们讨论自由贸易区。"]
QA_HYP = ["One Belt, One Road is supported.", "He likes fine brushwork.", "She likes meticulous brushwork.",
          "The weather is fine today.", "We discussed it."]

# A system whose outputs are the test set's references where it matters: its deprecated-rendering
# rate is a measured zero (the same outputs as tests/bench/test_bench_runner.py's "good" system).
GOOD_OUTPUTS = {"seed-p01-s1": "Belt and Road cooperation is broad strokes.",
                "seed-p02-s1": "The Belt and Road Initiative and the AIIB.",
                "seed-p03-s1": "Small yet smart projects should go global.",
                "gen-0001": "Fine brushwork and the Belt and Road Initiative.",
                "gen-0002": "Belt and Road cooperation."}


def seed_occurrences(glossary) -> List[Dict[str, Any]]:
    """The occurrence rows the glossary build computes for the bundled seeds."""
    from bri_align.glossary_build.seeds import default_seeds_path, match_seed, read_seed, seed_files
    from bri_align.matching import TermMatcher

    rows: List[Dict[str, Any]] = []
    matchers: Dict[str, Any] = {}
    for name, path in seed_files(default_seeds_path()):
        doc = read_seed(name, path)
        if doc.lang not in matchers:
            matchers[doc.lang] = TermMatcher.for_glossary(glossary, lang=doc.lang)
        doc = match_seed(doc, matchers[doc.lang], glossary)
        rows += [o.to_dict() for o in doc.occurrences]
    return rows


def glossary_pages(folder: Path) -> Tuple[Path, Path]:
    """(bundled termbase page with seed occurrences, HTML test termbase page)."""
    from bri_align.glossary import as_glossary
    from bri_align.glossary.formats.html import dump_html

    folder.mkdir(parents=True, exist_ok=True)
    bundled = as_glossary(None)
    a = folder / "glossary.html"
    a.write_text(dump_html(bundled, occurrences=seed_occurrences(bundled)), encoding="utf-8")
    b = folder / "hostile.html"
    b.write_text(dump_html(as_glossary(str(HTML_TERMBASE))), encoding="utf-8")
    return a, b


def qa_report():
    from bri_align.qa import qa_check

    return qa_check(QA_SRC, QA_HYP, glossary=str(QA_TERMBASE), method="none", date="2026-01-01")


def qa_page(folder: Path) -> Tuple[Path, Any]:
    """The QA report page and the report."""
    from bri_align.qa.html import qa_html

    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "qa.html"
    report = qa_report()
    p.write_text(qa_html(report, QA_SRC, QA_HYP), encoding="utf-8")
    return p, report


def _bench_data():
    spec = importlib.util.spec_from_file_location("bench_data_for_html", TESTS / "bench" / "bench_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def bench_result(folder: Path):
    """A real run: the five-segment test set of tests/bench, the shipped seed-mt outputs and the
    'good' file system as baseline (100 bootstrap resamples)."""
    from bri_align.bench import BenchmarkConfig, run_benchmark

    data = _bench_data()
    d = folder / "testset"
    rows = data.segment_rows()
    data.write_jsonl(d / "test.jsonl", rows)
    data.write_jsonl(d / "systems" / "seed-mt.jsonl", [{"id": k, "en": v} for k, v in data.SEED_MT.items()])
    good = folder / "good.jsonl"
    good.write_text("".join(json.dumps({"id": k, "en": v}, ensure_ascii=False) + "\n"
                            for k, v in GOOD_OUTPUTS.items()), encoding="utf-8")
    return run_benchmark(testset=str(d), glossary=str(MINI_TERMBASE), systems=[f"good=file:{good}"],
                         config=BenchmarkConfig(baseline="good", n_bootstrap=100))


def bench_page(folder: Path) -> Tuple[Path, Any]:
    """report.html as write_report writes it, and the result."""
    from bri_align.bench.report import write_report
    from bri_align.glossary import as_glossary

    folder.mkdir(parents=True, exist_ok=True)
    result = bench_result(folder)
    out = folder / "report"
    write_report(result, out, glossary=as_glossary(str(MINI_TERMBASE)), chart=False)
    return out / "report.html", result
