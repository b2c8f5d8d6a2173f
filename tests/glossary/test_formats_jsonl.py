"""JSONL export and import: schema, key order, exact rebuild, located errors."""

from __future__ import annotations

import json

import pytest

from bri_align import GlossaryError
from bri_align.glossary import Glossary, Rendering, Status, TermEntry
from bri_align.glossary.formats import dumps, loads
from bri_align.glossary.formats.jsonl import KEYS

REQUIRED = ["id", "zh", "zh_variants", "pinyin", "en_preferred", "en_admitted", "en_deprecated",
            "category", "sources"]


def test_one_entry_per_line_stable_keys(mini_glossary):
    text = dumps(mini_glossary, format="jsonl")
    assert text.endswith("\n") and not text.startswith("\ufeff")
    lines = text.split("\n")[:-1]
    assert len(lines) == len(mini_glossary)
    assert "一带一路" in text and "\\u" not in text  # ensure_ascii=False
    for line, entry in zip(lines, mini_glossary):
        record = json.loads(line)
        assert list(record) == list(KEYS)
        assert set(REQUIRED) <= set(record)
        assert record["id"] == entry.id
        assert [r["en"] for r in record["renderings"]] == [r.en for r in entry.renderings]
    assert dumps(mini_glossary, format="jsonl") == text


def test_flat_views(mini_glossary):
    records = {json.loads(l)["id"]: json.loads(l)
               for l in dumps(mini_glossary, format="jsonl").splitlines()}
    aiib = records["aiib"]
    assert (aiib["zh"], aiib["zh_variants"]) == ("亚洲基础设施投资银行", ["亚投行"])
    assert (aiib["en_preferred"], aiib["en_admitted"], aiib["en_deprecated"]) == (
        "Asian Infrastructure Investment Bank", ["AIIB"], [])
    bri = records["belt-and-road-initiative"]
    assert bri["en_deprecated"] == ["One Belt, One Road"]
    assert bri["renderings"][2] == {"en": "One Belt, One Road", "status": "deprecated",
                                    "reason": "discouraged by the 2015 naming rules",
                                    "seen_in_seed": True, "valid_from": "", "valid_until": "",
                                    "evidence": [], "attested": False}


def test_round_trip_mini(mini_glossary):
    g = loads(dumps(mini_glossary, format="jsonl"), format="jsonl", path="x/mini.jsonl")
    assert g.entries == mini_glossary.entries
    assert g.name == "mini"


def test_line_separators_inside_strings_survive():
    e = TermEntry(id="x", zh="中文", renderings=(Rendering("Chinese", Status.PREFERRED),),
                  note="a\u2028b\x85c", definition="tab\there")
    g = Glossary.from_entries([e])
    text = dumps(g, format="jsonl")
    assert text.count("\n") == 1
    assert loads(text, format="jsonl").entries == (e,)


def test_flat_record_without_renderings():
    line = json.dumps({"id": "aiib", "zh": "亚洲基础设施投资银行", "en_preferred": "AIIB bank",
                       "en_admitted": ["AIIB"], "en_deprecated": ["Asian Bank"]},
                      ensure_ascii=False)
    (e,) = loads(line + "\n\n", format="jsonl").entries
    assert [(r.en, r.status) for r in e.renderings] == [
        ("AIIB bank", Status.PREFERRED), ("AIIB", Status.ADMITTED), ("Asian Bank", Status.DEPRECATED)]


GOOD = {"id": "aiib", "zh": "亚洲基础设施投资银行", "category": "institution",
        "renderings": [{"en": "Asian Infrastructure Investment Bank", "status": "preferred"}]}


def rec(**changes) -> str:
    d = json.loads(json.dumps(GOOD))
    for k, v in changes.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return json.dumps(d, ensure_ascii=False)


CASES = [
    (rec(id=None), r"g\.jsonl:2: field 'id': missing required key 'id'"),
    (rec(zh=""), r"g\.jsonl:2: entry 'aiib' field 'zh': Chinese term is empty"),
    (rec(zh=" 亚投行"), r"g\.jsonl:2: entry 'aiib' field 'zh': .*leading or trailing whitespace"),
    (rec(zh=5), r"g\.jsonl:2: entry 'aiib' field 'zh': Chinese term must be a string, got a number"),
    (rec(colour="red"), r"g\.jsonl:2: entry 'aiib' field 'colour': unknown key 'colour' in an entry"),
    (rec(category="bank"), r"g\.jsonl:2: entry 'aiib' field 'category': unknown category 'bank'"),
    (rec(zh_variants="亚投行"), r"field 'zh_variants': zh_variants must be a list of strings, got a string"),
    (rec(zh_variants=[1]), r"field 'zh_variants\[0\]': Chinese variant must be a string"),
    (rec(verified="yes"), r"g\.jsonl:2: entry 'aiib' field 'verified': must be true or false"),
    (rec(renderings=[]), r"field 'renderings': renderings must be a non-empty list"),
    (rec(renderings=None), r"field 'renderings': give 'renderings' .* or at least 'en_preferred'"),
    (rec(renderings=[{"en": "AIIB"}]), r"field 'renderings\[0\]\.status': missing required key 'status'"),
    (rec(renderings=[{"en": "AIIB", "status": "best"}]),
     r"field 'renderings\[0\]\.status': unknown status 'best' for rendering 'AIIB'; expected one of"),
    (rec(renderings=[{"en": "AIIB", "status": "preferred", "valid_to": "2015-02-30"}]),
     r"field 'renderings\[0\]\.valid_to': '2015-02-30' is not an ISO date"),
    (rec(renderings=[{"en": "AIIB", "status": "preferred", "literal": 1}]),
     r"field 'renderings\[0\]\.literal': must be true or false, got a number"),
    (rec(renderings=[{"en": "AIIB", "status": "preferred", "colour": 1}]),
     r"field 'renderings\[0\]\.colour': unknown key 'colour' in a rendering"),
    (rec(renderings=["AIIB"]), r"field 'renderings\[0\]': a rendering must be a JSON object"),
    (rec(renderings=[{"en": "AIIB", "status": "preferred", "source": {"citation": "x"}}]),
     r"field 'renderings\[0\]\.source\.authority': missing required key 'authority'"),
    (rec(sources={"authority": "x"}), r"field 'sources': sources must be a list of objects"),
    (rec(en_preferred="AIIB"),
     r"field 'en_preferred': en_preferred \"AIIB\" does not match 'renderings' "
     r"\(\"Asian Infrastructure Investment Bank\"\).*edit 'renderings'"),
    (rec(en_admitted=["AIIB"]), r"field 'en_admitted': en_admitted \[\"AIIB\"\] does not match"),
    (rec(id="other", zh="其他", renderings=[{"en": "A", "status": "admitted"}]),
     r"g\.jsonl:2: entry 'other' field 'renderings\.status': no preferred rendering"),
    ('{"id": "aiib",', r"g\.jsonl:2: not valid JSON at column 15 \(Expecting property name.*each line "
     r"must hold one complete JSON object \(one entry\)"),
    ('{"id": "x\\ud800"}', r"g\.jsonl:2: .*surrogate"),
    ("[1, 2]", r"g\.jsonl:2: each line must be a JSON object \(one entry\), got a list"),
    (json.dumps(dict(GOOD, id="other"), ensure_ascii=False),
     r"g\.jsonl:2: entry 'other' field 'zh': Chinese term '亚洲基础设施投资银行' is also in entry 'aiib'"),
]


@pytest.mark.parametrize("line2, pattern", CASES)
def test_located_errors(line2, pattern):
    text = json.dumps(GOOD, ensure_ascii=False) + "\n" + line2 + "\n"
    with pytest.raises(GlossaryError, match=pattern):
        loads(text, format="jsonl", path="g.jsonl")
