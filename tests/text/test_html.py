"""bri_align.text.html: escaping, JSON in a script element, URLs that may become links, marked
spans and the page shell."""

from __future__ import annotations

import json
import re

import pytest

from bri_align.text.html import CSP, escape, highlight, json_script, link, page, safe_url

HOSTILE = ["</script><script>alert(1)</script>", "<b>bold</b>", "<!-- x", "a & b", "line\u2028sep\u2029",
           "</SCRIPT >", "大写意 “一带一路”", '"quoted" \'single\'']


@pytest.mark.parametrize("text,want", [
    ("<b>", "&lt;b&gt;"), ("a & b", "a &amp; b"), ('"x"', "&quot;x&quot;"), ("'", "&#x27;"), (None, ""),
    (3, "3"), ("大写意", "大写意"),
])
def test_escape(text, want):
    assert escape(text) == want


def test_json_script_round_trips_and_cannot_close_the_element():
    data = {"terms": HOSTILE, "nested": [{"k": s} for s in HOSTILE]}
    el = json_script(data, id="d")
    m = re.fullmatch(r'<script type="application/json" id="d">(.*)</script>', el, flags=re.S)
    assert m is not None
    inner = m.group(1)
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert "\u2028" not in inner and "\u2029" not in inner
    assert json.loads(inner) == data
    assert "大写意" in inner  # Chinese kept readable


@pytest.mark.parametrize("url,ok", [
    ("https://www.gov.cn/x?a=1&b=2", True), ("http://example.org/", True), ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("data:text/html,<b>", False),
    ("/relative/path", False), ("example.org", False), ("https://exa mple.org", False),
    ("https://example.org/\x00", False), ("", False), (None, False), ("https://", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_link():
    assert link("https://example.org/a?x=1&y=<2>", "<page>") == (
        '<a href="https://example.org/a?x=1&amp;y=&lt;2&gt;" rel="noopener noreferrer external">&lt;page&gt;</a>')
    assert link("javascript:alert(1)", "<page>") == "&lt;page&gt;"


def test_highlight_marks_escapes_and_skips_overlaps():
    text = "One Belt, One Road & <b>x</b>"
    out = highlight(text, [(0, 18, "v-deprecated tgt", "bri: deprecated"), (4, 8, "v-preferred", ""),
                           (21, 24, "v-unknown", "<t>"), (5, 99, "bad", ""), (3, 3, "empty", "")])
    assert out == ('<mark class="v-deprecated tgt" title="bri: deprecated">One Belt, One Road</mark> &amp; '
                   '<mark class="v-unknown" title="&lt;t&gt;">&lt;b&gt;</mark>x&lt;/b&gt;')
    assert highlight("", []) == ""
    assert highlight("<a>", [(None, None, "x", "")]) == "&lt;a&gt;"


def test_page_shell():
    html = page(title="T <1>", body="<main>b</main>", css=".x{}", script="var a=1;", data=[("d", {"a": "</script>"})])
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert f'content="{escape(CSP)}"' in html and "default-src 'none'" in CSP
    assert "<title>T &lt;1&gt;</title>" in html
    assert html.count("</script>") == 2  # the data element and the script, nothing from the data
    assert html.index('id="d"') < html.index("var a=1;")  # data before the script that reads it
    with pytest.raises(ValueError, match="must not contain '</script'"):
        page(title="t", body="", script="x='</script>'")
    with pytest.raises(ValueError, match="must not contain '</style'"):
        page(title="t", body="", css="</style>")
