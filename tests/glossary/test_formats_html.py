"""The html glossary format (export only): one self-contained page; data embedded safely; search
keys; evidence and source links; seed occurrences; the CLI export and the build's glossary.html."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import html_pages
from bri_align.cli import main
from bri_align.errors import InputError
from bri_align.glossary import Rendering, Source, Status, TermEntry, as_glossary
from bri_align.glossary.formats import FORMAT_NAMES, SUFFIXES, dumps, exporters, import_glossary
from bri_align.glossary.formats.html import dump_html, entry_record, fold

URL = re.compile(r"https?://[^\s\"'<>\\]+")


@pytest.fixture(scope="module")
def hostile():
    return as_glossary(str(html_pages.HTML_TERMBASE))


def embedded(html: str):
    m = re.search(r'<script type="application/json" id="glossary-data">(.*?)</script>', html, flags=re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_registered_export_only(hostile, tmp_path):
    assert "html" in FORMAT_NAMES and SUFFIXES["html"] == ".html"
    assert exporters.get("html.v1").importable is False
    assert dumps(hostile, format="html") == dump_html(hostile)
    p = tmp_path / "g.html"
    p.write_text(dump_html(hostile), encoding="utf-8")
    with pytest.raises(InputError, match="export-only"):
        import_glossary(p, format="html")


def test_structure_and_safe_embedding(hostile):
    html = dump_html(hostile)
    assert html.startswith("<!DOCTYPE html>") and 'name="viewport"' in html
    assert "Content-Security-Policy" in html
    # the only </script> are the two real ones; the markup in the termbase is inside JSON, escaped
    assert html.count("</script>") == 2 and "<b>" not in html and "<!--" not in html
    data = embedded(html)
    assert [e["id"] for e in data["entries"]] == [e.id for e in hostile]
    h = {e["id"]: e for e in data["entries"]}["hostile-markup"]
    assert h["renderings"][0]["en"] == "</script><b>markup</b> test"
    assert h["definition"].startswith("a definition with </script><script>window.pwned=1</script>")
    # no stylesheet, script, font or image is fetched: no src/href attribute but the in-page ones
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"\bsrc=", html) and "@import" not in html and "url(" not in html


def test_no_url_but_the_evidence(hostile):
    html = dump_html(hostile)
    allowed = {ev.url for e in hostile for r in e.renderings for ev in r.evidence}
    allowed |= {s.url for e in hostile for s in e.sources if s.url}
    allowed |= {r.source.url for e in hostile for r in e.renderings if r.source is not None and r.source.url}
    found = URL.findall(html)
    assert found, "the evidence URLs are on the page"
    assert all(any(a.startswith(u) for a in allowed) for u in found), found


def test_evidence_records(hostile):
    rec = entry_record(hostile.get("big-freehand"))
    ev = rec["renderings"][0]["evidence"]
    assert ev == [{"authority": "Xinhua", "kind": "official", "date": "2018-08-27",
                   "url": "https://example.org/test/freehand", "quote": "test data on freehand brushwork"}]
    assert rec["renderings"][1] == {"en": "big freehand", "status": "deprecated", "reason": "literal MT (test data)",
                                    "literal": True}


def test_a_url_that_is_not_http_never_becomes_a_link():
    entry = TermEntry(id="x", zh="测试", renderings=(
        Rendering(en="test", status=Status.PREFERRED, source=Source(authority="a", url="javascript:alert(1)")),),
        sources=(Source(authority="b", url="/relative"),))
    rec = entry_record(entry)
    assert rec["renderings"][0]["source"]["url"] == "" and rec["sources"][0]["url"] == ""
    # an entry without pinyin gets pypinyin's, labelled as generated
    assert rec["pinyin"] == "cè shì" and rec["pinyin_generated"] is True and "ceshi" in rec["key"]


@pytest.mark.parametrize("text,want", [("dà xiě yì", "da xie yi"), ("DÀXIĚYÌ", "daxieyi"), ("lǜ", "lu"),
                                       ("Belt and Road", "belt and road"), ("大写意", "大写意")])
def test_fold(text, want):
    assert fold(text) == want


def test_search_keys(hostile):
    key = entry_record(hostile.get("big-freehand"))["key"].split("\n")
    assert {"大写意", "大寫意", "da xie yi", "daxieyi", "freehand brushwork", "big freehand"} <= set(key)
    rec = entry_record(hostile.get("heart-connectivity"))
    assert rec["pinyin"] == "xīn lián tōng"
    assert "心聯通" in rec["key"] and "xinliantong" in rec["key"]


def test_occurrences_in_context(hostile):
    rows = [{"entry_id": "big-freehand", "context": "It is a big freehand painting.", "text": "big freehand",
             "file": "a.txt", "line": 3, "lang": "en", "status": "deprecated", "flagged": True},
            {"entry_id": "big-freehand", "context": "", "text": "x"},  # no context: left out
            {"entry_id": "nope", "context": "c", "text": "c"}]
    data = embedded(dump_html(hostile, occurrences=rows))
    occ = {e["id"]: e.get("occurrences") for e in data["entries"]}
    (o,) = occ["big-freehand"]
    assert o["context"][o["start"]:o["end"]] == "big freehand" and o["file"] == "a.txt" and o["line"] == 3
    assert occ["aiib"] is None


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "glossary.html"
    assert main(["glossary", "export", str(html_pages.HTML_TERMBASE), "--format", "html", "--out", str(out)]) == 0
    assert "wrote 5 entries as html" in capsys.readouterr().out
    assert len(embedded(out.read_text(encoding="utf-8"))["entries"]) == 5


def test_the_build_writes_the_page_with_seed_occurrences(tmp_path):
    from bri_align.glossary_build import build_glossary

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "note.txt").write_text("The plan was a big freehand. Later came fine brushwork.\n", encoding="utf-8")
    summary = build_glossary(seeds=seeds, termbase=str(html_pages.HTML_TERMBASE), out=tmp_path / "out")
    page = Path(summary.output_paths["html"])
    data = embedded(page.read_text(encoding="utf-8"))
    occ = {e["id"]: e.get("occurrences") for e in data["entries"]}
    assert [o["context"][o["start"]:o["end"]] for o in occ["big-freehand"]] == ["big freehand"]
    assert occ["big-freehand"][0]["status"] == "deprecated"
    assert [o["context"][o["start"]:o["end"]] for o in occ["fine-brushwork"]] == ["fine brushwork"]
