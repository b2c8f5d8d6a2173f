"""The benchmark report.html in Chromium: leaderboard, SVG charts with intervals, significance
marks, 'lower is better', a measured zero labelled, no network request, a screenshot."""

from __future__ import annotations

import pytest

import html_pages
from browsing import assert_not_blank, open_page, save_screenshot


@pytest.fixture(scope="module")
def bench(browser, tmp_path_factory):
    path, result = html_pages.bench_page(tmp_path_factory.mktemp("bench_page"))
    opened = open_page(browser, path, width=1100, height=1200)
    yield opened, result
    opened.page.context.close()


def test_charts_intervals_and_zero_labels(bench, tmp_path):
    opened, result = bench
    page = opened.page
    seed = result.subsets["seed"]
    dep = seed.systems["good"].metrics["deprecated_rendering_rate"]
    assert dep.score == 0  # measured: the good system uses no deprecated rendering
    sel = "section[data-subset=seed] figure[data-metric=deprecated_rendering_rate]"
    assert "lower is better" in page.inner_text(f"{sel} figcaption")
    label = page.eval_on_selector(f"{sel} g.row[data-system=good] text.value",
                                  "t => [t.textContent, t.getBBox().width]")
    assert label[0].startswith("0.000") and label[1] > 0  # drawn, not missing
    n_charts = page.eval_on_selector_all("section[data-subset=seed] figure.chart svg", "els => els.length")
    metrics = [k for k in ("bleu", "chrf", "ter", "term_success_rate", "preferred_rendering_rate",
                           "deprecated_rendering_rate", "term_consistency") if k in seed.systems["good"].metrics]
    assert n_charts == len(metrics)
    # one interval whisker per score with a bootstrap interval
    whiskers = page.eval_on_selector_all("section[data-subset=seed] svg path.ci", "els => els.length")
    with_ci = sum(1 for s in seed.systems.values() for k in metrics if s.metrics.get(k) is not None
                  and s.metrics[k].ci is not None)
    assert whiskers == with_ci > 0
    assert opened.outside_file() == [] and opened.errors == []
    shot = save_screenshot(opened, "bench-report.png", tmp_path)
    assert_not_blank(shot)


def test_leaderboard_and_significance(bench):
    opened, result = bench
    page = opened.page
    seed = result.subsets["seed"]
    sig = {k for k, s in seed.systems["seed-mt"].significance.items() if s.significant()}
    cells = page.eval_on_selector_all("table.leaderboard[data-subset=seed] tr[data-system=seed-mt] td[data-metric]",
                                      "els => els.map(e => [e.dataset.metric, e.textContent])")
    assert {k for k, t in cells if "†" in t} == sig
    daggers = page.eval_on_selector_all("section[data-subset=seed] svg g.row[data-system=seed-mt] text.sig",
                                        "els => els.length")
    assert daggers == len(sig)
    tsr = seed.systems["seed-mt"].metrics["term_success_rate"]
    assert dict(cells)["term_success_rate"].startswith(f"{tsr.score:.3f}")
    terms = page.eval_on_selector_all("#terms tbody tr", "els => els.map(e => e.dataset.entry)")
    assert set(terms) == {v.entry_id for vs in result.verdicts.values() for v in vs}
