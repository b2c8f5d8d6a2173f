"""The QA report in Chromium: marks with verdict classes on the source term and the rendering,
counts per verdict and per term, the verdict filter, no network request, a screenshot."""

from __future__ import annotations

import pytest

import html_pages
from browsing import assert_not_blank, open_page, save_screenshot


@pytest.fixture(scope="module")
def qa(browser, tmp_path_factory):
    path, report = html_pages.qa_page(tmp_path_factory.mktemp("qa_page"))
    opened = open_page(browser, path, width=1000, height=900)
    yield opened, report
    opened.page.context.close()


def test_marks_carry_the_verdicts(qa):
    opened, report = qa
    page = opened.page
    marks = page.eval_on_selector_all("section.seg mark",
                                      "els => els.map(e => [e.closest('section').dataset.line, e.className, "
                                      "e.textContent])")
    want = []
    for i in report.items:
        if i.zh_start is not None:
            want.append([str(i.line), f"v-{i.verdict} src", i.zh])
        if i.en_start is not None:
            want.append([str(i.line), f"v-{i.verdict} tgt", i.rendering])
    assert sorted(marks) == sorted(want)
    # the case itself: the deprecated 'One Belt, One Road', the inconsistent 'meticulous brushwork',
    # a missing term marked in the source only
    assert ["1", "v-deprecated tgt", "One Belt, One Road"] in marks
    assert ["3", "v-inconsistent tgt", "meticulous brushwork"] in marks
    assert ["5", "v-missing src", "自由贸易区"] in marks
    assert not page.is_visible("#seg-4")  # a segment without a term is not listed
    assert opened.outside_file() == [] and opened.errors == []


def test_counts_per_verdict_and_term(qa):
    opened, report = qa
    page = opened.page
    rows = page.eval_on_selector_all("#verdict-counts tbody tr",
                                     "els => els.map(r => [r.cells[0].textContent, +r.cells[1].textContent])")
    assert dict(rows) == report.counts
    assert report.counts["deprecated"] == 1 and report.counts["missing"] == 1
    fine = page.eval_on_selector("#term-counts tr[data-entry=fine-brushwork]",
                                 "r => Array.from(r.cells).map(c => c.textContent)")
    assert fine[2:] == ["1", "0", "0", "1", "0", "0", "2"]  # preferred 1, inconsistent 1, total 2


def test_filter_by_verdict(qa, tmp_path):
    opened, report = qa
    page = opened.page
    page.click("button[data-verdict=deprecated]")
    visible = page.eval_on_selector_all("section.seg:not([hidden])", "els => els.map(e => e.dataset.line)")
    assert visible == ["1"]
    assert page.inner_text("#shown") == "1 of 4 segments shown"
    page.click("button[data-verdict=problems]")
    lines = page.eval_on_selector_all("section.seg:not([hidden])", "els => els.map(e => e.dataset.line)")
    assert lines == sorted({str(i.line) for i in report.problems}, key=int)
    items = page.eval_on_selector_all("section.seg li[data-verdict]:not([hidden])",
                                      "els => els.map(e => e.dataset.verdict)")
    assert "preferred" not in items
    page.click("button[data-verdict='']")
    assert page.inner_text("#shown") == "4 of 4 segments shown"
    shot = save_screenshot(opened, "qa-report.png", tmp_path, full_page=True)
    assert_not_blank(shot)
