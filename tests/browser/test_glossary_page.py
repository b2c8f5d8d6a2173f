"""The glossary page in Chromium: search (Chinese, traditional, pinyin with and without tones,
English), category and status filters, keyboard use, evidence links, seed occurrences, markup
shown as text, a phone-width layout, no network request, screenshots that are not blank."""

from __future__ import annotations

import pytest

import html_pages
from browsing import assert_not_blank, open_page, save_screenshot


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return html_pages.glossary_pages(tmp_path_factory.mktemp("glossary_pages"))


@pytest.fixture(scope="module")
def ids():
    """Entry ids of the bundled termbase for the terms searched."""
    from bri_align.glossary import as_glossary

    g = as_glossary(None)
    return {zh: g.lookup_zh(zh).id for zh in ("大写意", "心联通", "一带一路")}


@pytest.fixture(scope="module")
def bundled(browser, pages):
    opened = open_page(browser, pages[0])
    yield opened
    opened.page.context.close()


def shown(opened):
    """The ids of the entries shown, in order."""
    return opened.page.eval_on_selector_all("article.entry:not([hidden])", "els => els.map(e => e.id.slice(6))")


def reset(opened):
    """No search, all categories, all statuses (each test starts from the full list)."""
    page = opened.page
    page.fill("#q", "")
    page.select_option("#category", "")
    page.click("button[data-status='']")


def search(opened, text):
    reset(opened)
    opened.page.fill("#q", text)
    return shown(opened)


@pytest.mark.parametrize("query", ["大写意", "大寫意", "da xie yi", "dàxiěyì", "da4 xie3 yi4", "DA XIE YI",
                                   "freehand brushwork"])
def test_search_finds_big_freehand(bundled, ids, query):
    found = search(bundled, query)
    assert ids["大写意"] in found, (query, found)
    assert len(found) <= 3, (query, found)  # a search narrows the list (256 entries)


def test_search_by_any_rendering_and_count(bundled, ids):
    assert search(bundled, "heart connectivity") == [ids["心联通"]]
    total = bundled.page.eval_on_selector_all("article.entry", "els => els.length")
    assert bundled.page.inner_text("#count") == f"1 of {total} entries"
    assert ids["一带一路"] in search(bundled, "One Belt, One Road")  # a deprecated rendering
    assert search(bundled, "no such term qqq") == []
    assert bundled.page.is_visible("#empty")
    assert len(search(bundled, "")) == total
    assert bundled.outside_file() == [] and bundled.errors == []


def test_filters_by_category_and_status(bundled):
    page = bundled.page
    reset(bundled)
    total = len(shown(bundled))
    page.click("button[data-status=superseded]")
    assert page.get_attribute("button[data-status=superseded]", "aria-pressed") == "true"
    assert page.get_attribute("button[data-status='']", "aria-pressed") == "false"
    superseded = shown(bundled)
    assert 0 < len(superseded) < total
    for eid in superseded:
        badges = page.eval_on_selector_all(f"#entry-{eid} ul.renderings > li > .badge",
                                           "els => els.map(e => e.textContent)")
        assert "superseded" in badges
    first_cat = page.inner_text(f"#entry-{superseded[0]} .meta").split(" ·")[0]
    page.select_option("#category", first_cat)
    both = shown(bundled)
    assert superseded[0] in both and set(both) <= set(superseded)
    cats = page.eval_on_selector_all("article.entry:not([hidden]) .meta", "els => els.map(e => e.textContent)")
    assert all(c.startswith(first_cat + " ·") for c in cats)
    page.select_option("#category", "metaphor")
    page.click("button[data-status=preferred]")
    metaphors = shown(bundled)
    assert metaphors and page.inner_text("#count") == f"{len(metaphors)} of {total} entries"
    reset(bundled)
    assert len(shown(bundled)) == total


def test_keyboard_slash_focuses_search_and_escape_clears(bundled, ids):
    page = bundled.page
    reset(bundled)
    page.click("h1")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("heart connectivity")
    assert shown(bundled) == [ids["心联通"]]
    page.keyboard.press("Escape")
    assert page.input_value("#q") == "" and len(shown(bundled)) > 100
    # tab order: the search box, the category select, then the status buttons
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "category"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.status") == ""
    # every control has a label
    assert page.evaluate("document.getElementById('q').labels.length") == 1
    assert page.evaluate("document.getElementById('category').labels.length") == 1


def test_seed_occurrences_in_context(bundled, ids, tmp_path):
    from bri_align.glossary import as_glossary

    page = bundled.page
    search(bundled, "大写意")
    eid = ids["大写意"]
    page.click(f"#entry-{eid} details summary")
    assert page.is_visible(f"#entry-{eid} details li")
    marks = page.eval_on_selector_all(f"#entry-{eid} details mark.occ", "els => els.map(e => e.textContent)")
    entry = as_glossary(None).get(eid)
    forms = {f.casefold() for f in entry.zh_forms} | {r.en.casefold() for r in entry.renderings}
    assert marks and all(m.casefold() in forms for m in marks), marks
    shot = save_screenshot(bundled, "glossary-search-big-freehand.png", tmp_path)
    assert_not_blank(shot)


def test_markup_is_text_and_evidence_links(browser, pages, tmp_path):
    opened = open_page(browser, pages[1])
    page = opened.page
    try:
        assert page.evaluate("window.pwned") is None  # the </script> in the data ran nothing
        assert page.eval_on_selector_all("article.entry b", "els => els.length") == 0
        art = "#entry-hostile-markup"
        assert page.inner_text(f"{art} .en") == "</script><b>markup</b> test"
        assert "</script><script>window.pwned=1</script> and <b>bold</b> & <!--" in page.inner_text(f"{art} .def")
        link = page.eval_on_selector("#entry-big-freehand ul.evidence a", "a => [a.href, a.rel, a.textContent]")
        assert link == ["https://example.org/test/freehand", "noopener noreferrer external", "source page"]
        ev = page.inner_text("#entry-big-freehand ul.evidence li")
        assert "Xinhua" in ev and "2018-08-27" in ev and "test data on freehand brushwork" in ev
        assert opened.outside_file() == [] and opened.errors == []
        shot = save_screenshot(opened, "glossary-evidence-and-markup.png", tmp_path, full_page=True)
        assert_not_blank(shot)
    finally:
        page.context.close()


def test_phone_layout(browser, pages, ids, tmp_path):
    opened = open_page(browser, pages[0], width=390, height=844, mobile=True)
    page = opened.page
    try:
        # nothing wider than the screen: no horizontal scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.eval_on_selector("#q", "e => e.getBoundingClientRect().width")
        assert box > 300  # the search box takes the width of the phone
        page.fill("#q", "xin lian tong")
        assert ids["心联通"] in shown(opened)
        assert opened.outside_file() == []
        shot = save_screenshot(opened, "glossary-phone.png", tmp_path)
        assert_not_blank(shot)
    finally:
        page.context.close()
