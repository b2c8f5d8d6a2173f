"""bri_align.glossary.lookup and `bri-align lookup`: by Chinese, pinyin or any English rendering."""

from __future__ import annotations

import json

import pytest

from bri_align.cli import main
from bri_align.errors import InputError
from bri_align.glossary.lookup import lookup, plain_pinyin


@pytest.fixture(scope="module")
def glossary():
    from bri_align import load_termbase

    return load_termbase()


@pytest.mark.parametrize("query,zh,how", [
    ("大写意", "大写意", "zh"),
    ("「大寫意」", "大写意", "zh"),                   # quotes and a traditional character
    ("heart connectivity", "心联通", "en"),          # a deprecated rendering still finds its entry
    ("Heart-to-Heart Connectivity", "心联通", "en"),  # case
    ("dà xiě yì", "大写意", "pinyin"),
    ("da4 xie3 yi4", "大写意", "pinyin"),
    ("daxieyi", "大写意", "pinyin"),
    ("One Belt, One Road", "一带一路", "en"),
])
def test_exact_lookup(glossary, query, zh, how):
    hit = lookup(glossary, query)[0]
    assert (hit.entry.zh, hit.how, hit.exact) == (zh, how, True)


def test_partial_matches_come_after_exact_ones(glossary):
    hits = lookup(glossary, "一带一路")
    assert hits[0].exact and hits[0].entry.zh == "一带一路"
    assert len(hits) > 1 and not any(h.exact for h in hits[1:])
    assert all("一带一路" in h.entry.zh or any("一带一路" in v for v in h.entry.zh_variants) for h in hits[1:])
    assert {h.entry.zh for h in lookup(glossary, "brushwork")} >= {"大写意", "工笔画"}
    assert lookup(glossary, "qqqqqq") == []


@pytest.mark.parametrize("a,b", [("Yídài Yílù", "yi1 dai4 yi1 lu4"), ("lǜsè", "lu:4 se4"), ("lǜsè", "lv4se4"),
                                 ("Xi'an", "xian")])
def test_plain_pinyin(a, b):
    assert plain_pinyin(a) == plain_pinyin(b)


def test_empty_query(glossary):
    with pytest.raises(InputError, match=r"field 'query': give a term to look up: Chinese, pinyin or English"):
        lookup(glossary, "  ")


def test_cli_lookup_text_json_and_not_found(capsys):
    assert main(["lookup", "heart connectivity"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("心联通") and "preferred  heart connectivity  <- matched" in out
    assert main(["lookup", "大写意", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["hits"][0]["entry"]["zh"] == "大写意" and doc["hits"][0]["how"] == "zh"
    assert main(["lookup", "zzzz"]) == 1
    assert capsys.readouterr().err.strip() == (
        "bri-align: no entry matches 'zzzz' (Chinese, pinyin or any English rendering)")
