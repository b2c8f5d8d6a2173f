"""bri_align.qa.html and `qa --format html`: marks per verdict on the source term and the
rendering, counts per verdict and per term, escaping, segment-count errors."""

from __future__ import annotations

import re

import pytest

import html_pages
from bri_align.cli import main
from bri_align.errors import InputError
from bri_align.qa import qa_check
from bri_align.qa.check import VERDICTS
from bri_align.qa.html import qa_html

MARK = re.compile(r'<section class="seg" id="seg-(\d+)".*?</section>', flags=re.S)


@pytest.fixture(scope="module")
def report():
    return html_pages.qa_report()


def marks(html):
    """(line, class, text) of every mark inside a segment."""
    out = []
    for m in MARK.finditer(html):
        for cls, text in re.findall(r'<mark class="([^"]+)"[^>]*>([^<]*)</mark>', m.group(0)):
            out.append((int(m.group(1)), cls, text))
    return out


def test_marks_match_the_report(report):
    html = qa_html(report, html_pages.QA_SRC, html_pages.QA_HYP)
    want = []
    for i in report.items:
        if i.zh_start is not None:
            want.append((i.line, f"v-{i.verdict} src", html_pages.QA_SRC[i.line - 1][i.zh_start:i.zh_end]))
        if i.en_start is not None:
            want.append((i.line, f"v-{i.verdict} tgt", html_pages.QA_HYP[i.line - 1][i.en_start:i.en_end]))
    assert sorted(marks(html)) == sorted(want)
    assert (1, "v-deprecated tgt", "One Belt, One Road") in want and (5, "v-missing src", "自由贸易区") in want
    assert "replace &#x27;One Belt, One Road&#x27; with &#x27;Belt and Road Initiative&#x27;" in html


def test_counts(report):
    html = qa_html(report, html_pages.QA_SRC, html_pages.QA_HYP)
    table = re.search(r'<table class="counts" id="verdict-counts">.*?</table>', html, flags=re.S).group(0)
    got = dict((v, int(n)) for v, n in re.findall(r'<span class="badge v-(\w+)">\1</span></th><td class="num">(\d+)',
                                                 table))
    assert got == report.counts and list(got) == list(VERDICTS)
    row = re.search(r'<tr data-entry="fine-brushwork">.*?</tr>', html, flags=re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "0", "0", "1", "0", "0", "2"]
    assert '<span class="gate-fail">FAIL</span>' in html  # deprecated and missing terms


def test_segment_text_is_escaped(tmp_path):
    src = ["我们支持一带一路。"]
    hyp = ["<b>One Belt, One Road</b> & </script> is supported."]
    rep = qa_check(src, hyp, glossary=str(html_pages.QA_TERMBASE), method="none", date="2026-01-01")
    html = qa_html(rep, src, hyp)
    assert "<b>" not in html and "&lt;b&gt;<mark" in html and "&amp; &lt;/script&gt;" in html
    assert html.count("</script>") == 1  # the filter script
    assert (1, "v-deprecated tgt", "One Belt, One Road") in marks(html)


def test_no_url_and_wrong_segment_counts(report):
    html = qa_html(report, html_pages.QA_SRC, html_pages.QA_HYP)
    assert not re.search(r"https?://", html)
    with pytest.raises(InputError, match="covers 5 segments but 4 sources"):
        qa_html(report, html_pages.QA_SRC[:4], html_pages.QA_HYP)


def test_cli_html(tmp_path, capsys):
    src = tmp_path / "s.zh"
    hyp = tmp_path / "h.en"
    src.write_text("".join(x + "\n" for x in html_pages.QA_SRC), encoding="utf-8")
    hyp.write_text("".join(x + "\n" for x in html_pages.QA_HYP), encoding="utf-8")
    out = tmp_path / "report.html"
    code = main(["qa", "--src", str(src), "--hyp", str(hyp), "--glossary", str(html_pages.QA_TERMBASE),
                 "--method", "none", "--date", "2026-01-01", "--format", "html", "--out", str(out), "--strict"])
    assert code == 1  # deprecated and missing terms: --strict fails as with the other formats
    assert "report written to" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and (3, "v-inconsistent tgt", "meticulous brushwork") in marks(html)
