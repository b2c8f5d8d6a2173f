"""bri_align.bench.html: the SVG bar chart (zero labelled, n/a, intervals, significance, axis)
and report.html beside the Markdown report of a real run."""

from __future__ import annotations

import re

import pytest

import html_pages
from bri_align.bench.html import svg_bar_chart


def test_chart_labels_zero_and_missing_scores():
    svg = svg_bar_chart(metric="deprecated_rendering_rate", digits=3, scale_max=1.0,
                        title="Deprecated-rendering rate (lower is better)",
                        rows=[("base", 0.0, (0.0, 0.0), False, True), ("mt", 0.667, (0.417, 0.917), True, False),
                              ("none", None, None, False, False)])
    values = re.findall(r'<text class="(value[^"]*)"[^>]*>([^<]*)</text>', svg)
    assert values == [("value zero", "0.000 ± 0.000"), ("value", "0.667 ± 0.250"), ("value na", "n/a")]
    assert svg.count('class="zero-tick"') == 1 and svg.count('class="ci"') == 2
    assert svg.count('class="sig"') == 1 and "<title>Deprecated-rendering rate (lower is better)</title>" in svg
    ticks = re.findall(r'text-anchor="middle">([^<]*)<', svg)
    assert ticks == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    assert 'role="img"' in svg and "http" not in svg


def test_chart_axis_grows_only_past_the_scale():
    svg = svg_bar_chart(metric="ter", digits=2, scale_max=100.0, title="TER (lower is better)",
                        rows=[("a", 112.5, (100.0, 130.0), False, True), ("b", 20.0, None, False, False)])
    assert re.findall(r'text-anchor="middle">([^<]*)<', svg)[-1] == "125"
    svg = svg_bar_chart(metric="bleu", digits=2, scale_max=100.0, title="BLEU",
                        rows=[("a", 90.0, (70.0, 110.0), False, True)])  # a whisker past 100 is clipped
    assert re.findall(r'text-anchor="middle">([^<]*)<', svg)[-1] == "100"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return html_pages.bench_page(tmp_path_factory.mktemp("bench_html"))


def test_report_html_beside_the_markdown(report):
    path, result = report
    assert path.name == "report.html" and (path.parent / "leaderboard.md").is_file()
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"https?://", html) and "<script" not in html  # charts are SVG, no script at all
    seed = result.subsets["seed"]
    for name in seed.systems:
        assert f'<tr data-system="{name}">' in html
    assert html.count("<svg ") == sum(
        len({k for s in r.systems.values() for k in s.metrics if k in (
            "bleu", "chrf", "ter", "term_success_rate", "preferred_rendering_rate", "deprecated_rendering_rate",
            "term_consistency")}) for r in result.subsets.values() if r.systems)
    assert seed.systems["good"].metrics["deprecated_rendering_rate"].score == 0
    assert html.count('<span class="lower">lower is better</span>') >= 2  # TER and deprecated, per subset
    assert '<td class="num" data-metric="deprecated_rendering_rate">0.000' in html
