"""Evidence on renderings, attestation, validity dates and the false-deprecation guard:
the model, the YAML loader, the validator, the JSONL export and the date views.

The URLs (example.org), dates and quotes below are test data written by the project."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from bri_align.errors import GlossaryError, InputError
from bri_align.glossary import AUTHORITIES, Evidence, Glossary, Rendering, Status, TermEntry
from bri_align.glossary.entry import as_date, evidence_day
from bri_align.glossary.formats import dumps, loads
from bri_align.glossary.loader import _CACHE_SCHEMA, check_termbase, load_termbase
from bri_align.glossary.validate import false_deprecation

URL = "https://example.org/test"

GOOD = """\
entries:
  - id: belt-and-road-initiative
    zh: 一带一路
    category: programme
    renderings:
      - en: Belt and Road Initiative
        status: preferred
        evidence:
          - authority: Xinhua
            date: 2015-03-28
            url: https://example.org/test/a
            quote: test data for the Belt and Road Initiative
          - authority: CGTN
            date: 2019
            url: https://example.org/test/b
            quote: the "Belt and Road Initiative" in a test
      - en: One Belt, One Road
        status: deprecated
        reason: test data
        valid_until: 2015-03-28
        evidence:
          - authority: gov.cn
            date: 2014-09
            url: https://example.org/test/c
            quote: One Belt, One Road in 2014 test data
      - en: OBOR
        status: deprecated
        attested: false
"""


def _tb(tmp_path, text, name="tb.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------ the model
def test_evidence_kind_from_the_authority_table():
    assert Evidence("Xinhua", "2023", URL, "q").kind == "official"
    assert Evidence("CGTN", "", URL, "q").kind == "state media"
    assert Evidence("academic", "", URL, "q").kind == "media"
    assert Evidence("international organisation", "", URL, "q").kind == "other"
    assert Evidence("Xinhua").official and not Evidence("CGTN").official
    assert set(AUTHORITIES.values()) == {"official", "state media", "media", "other"}


def test_attested_defaults_to_having_evidence():
    assert Rendering("x", Status.PREFERRED).attested is False
    r = Rendering("x", Status.PREFERRED, evidence=[Evidence("Xinhua", "2020", URL, "x")])
    assert r.attested is True and isinstance(r.evidence, tuple)


@pytest.mark.parametrize("value,expected", [
    ("2015", datetime.date(2015, 1, 1)), ("2015-03", datetime.date(2015, 3, 1)),
    ("2015-03-28", datetime.date(2015, 3, 28)), ("", None), ("2015-13", None), ("15-03-28", None),
    ("2015-02-30", None),
])
def test_evidence_day(value, expected):
    assert evidence_day(value) == expected


def test_load_evidence_and_round_trip_through_dicts(tmp_path):
    g = load_termbase(_tb(tmp_path, GOOD))
    e = g.get("belt-and-road-initiative")
    pref, obor, abbr = e.renderings
    assert pref.evidence[0] == Evidence("Xinhua", "2015-03-28", "https://example.org/test/a",
                                        "test data for the Belt and Road Initiative")
    assert pref.evidence[1].date == "2019"  # a bare YAML year (an int) is read as text
    assert [ev.kind for ev in pref.evidence] == ["official", "state media"]
    assert obor.valid_until == "2015-03-28" and obor.attested and not abbr.attested
    assert TermEntry.from_dict(e.to_dict()) == e
    assert "attested" not in obor.to_dict()  # derived from the evidence


def test_old_key_valid_to_is_read_as_valid_until(tmp_path):
    g = load_termbase(_tb(tmp_path, GOOD.replace("valid_until:", "valid_to:")))
    assert g.get("belt-and-road-initiative").renderings[1].valid_until == "2015-03-28"
    assert Rendering.from_dict({"en": "x", "status": "deprecated", "valid_to": "2015-01-01"}).valid_until == \
        "2015-01-01"


def test_cache_schema_changed_with_the_fields():
    assert _CACHE_SCHEMA == "termbase-cache.v2"


# ------------------------------------------------------------------ loader errors: file, line, field
def _bad(old, new):
    assert old in GOOD
    return GOOD.replace(old, new, 1)


LOADER_ERRORS = [
    ("unknown-authority", _bad("authority: Xinhua", "authority: Xinhua News"),
     r"tb\.yaml:9: entry 'belt-and-road-initiative' field 'renderings\.evidence\.authority': unknown "
     r"authority 'Xinhua News'; use exactly one of: Xinhua, gov\.cn, .*international organisation"),
    ("bad-date", _bad("date: 2015-03-28", "date: 28 March 2015"),
     r"tb\.yaml:10: .*field 'renderings\.evidence\.date': evidence date '28 March 2015' is not YYYY, YYYY-MM "
     r"or YYYY-MM-DD"),
    ("impossible-date", _bad("date: 2015-03-28", "date: 2015-02-30"),
     r"tb\.yaml:10: .*'renderings\.evidence\.date'"),
    ("date-list", _bad("date: 2015-03-28", "date: [2015]"),
     r"tb\.yaml:10: .*'renderings\.evidence\.date': evidence date must be YYYY"),
    ("url-not-http", _bad("url: https://example.org/test/a", "url: example.org/test/a"),
     r"tb\.yaml:11: .*field 'renderings\.evidence\.url': evidence url 'example\.org/test/a' is not an http\(s\)"),
    ("empty-quote", _bad("quote: test data for the Belt and Road Initiative", "quote: ''"),
     r"tb\.yaml:12: .*field 'renderings\.evidence\.quote': evidence quote is empty"),
    ("long-quote", _bad("quote: test data for the Belt and Road Initiative", "quote: " + "x" * 401),
     r"field 'renderings\.evidence\.quote': evidence quote is 401 characters"),
    ("missing-url", _bad("            url: https://example.org/test/a\n", ""),
     r"tb\.yaml:9: .*field 'renderings\.evidence\.url': missing required field 'url' in an evidence item"),
    ("unknown-key", _bad("            quote: test data for", "            page: 3\n            quote: test data for"),
     r"tb\.yaml:12: .*field 'renderings\.evidence\.page': unknown field 'page' in an evidence item; allowed "
     r"fields: authority, date, url, quote"),
    ("evidence-not-list", _bad("        status: deprecated\n        attested: false",
                               "        status: deprecated\n        evidence: Xinhua"),
     r"tb\.yaml:28: .*field 'renderings\.evidence': evidence must be a list"),
    ("attested-false-with-evidence", _bad("        reason: test data\n", "        reason: test data\n"
                                          "        attested: false\n"),
     r"tb\.yaml:20: .*field 'renderings\.attested': attested: false but the rendering 'One Belt, One Road' has "
     r"evidence"),
    ("attested-true-without", _bad("attested: false", "attested: true"),
     r"tb\.yaml:28: .*field 'renderings\.attested': attested: true but the rendering 'OBOR' has no evidence"),
    ("attested-not-bool", _bad("attested: false", "attested: no evidence"),
     r"tb\.yaml:28: .*field 'renderings\.attested': must be true or false"),
    ("both-until-keys", _bad("        valid_until: 2015-03-28\n", "        valid_until: 2015-03-28\n"
                             "        valid_to: 2015-03-28\n"),
     r"field 'renderings\.valid_to': both valid_until and valid_to \(its old name\) are given; keep valid_until"),
    ("bad-valid-until", _bad("valid_until: 2015-03-28", "valid_until: 2015-03"),
     r"tb\.yaml:20: .*field 'renderings\.valid_until': '2015-03' is not an ISO date"),
    ("preferred-with-valid-until", _bad("        status: preferred\n", "        status: preferred\n"
                                        "        valid_until: 2030-01-01\n"),
     r"field 'renderings\.valid_until': preferred rendering 'Belt and Road Initiative' has valid_until "
     r"2030-01-01; .*drop valid_until, or demote it"),
    ("from-after-until", _bad("        valid_until: 2015-03-28\n", "        valid_until: 2015-03-28\n"
                              "        valid_from: 2016-01-01\n"),
     r"field 'renderings\.valid_until': rendering 'One Belt, One Road' is valid from 2016-01-01 until "
     r"2015-03-28: valid_until must come after valid_from"),
]


@pytest.mark.parametrize("name,text,pattern", LOADER_ERRORS, ids=[c[0] for c in LOADER_ERRORS])
def test_loader_errors_name_file_line_and_field(tmp_path, name, text, pattern):
    with pytest.raises(GlossaryError) as ei:
        load_termbase(_tb(tmp_path, text))
    assert re.search(pattern, str(ei.value)), str(ei.value)


# ------------------------------------------------------------------ the false-deprecation guard
GUARD_CASES = [
    # (id, valid_until, evidence (authority, date), refused)
    ("official-after-until", "2015-03-28", [("Xinhua", "2019-05-01")], True),
    ("official-on-until", "2015-03-28", [("Xinhua", "2015-03-28")], True),
    ("official-month-after", "2015-03-28", [("Qiushi", "2015-04")], True),
    ("official-before-until", "2015-03-28", [("Xinhua", "2014-09-07")], False),
    ("official-year-of-until", "2015-03-28", [("Xinhua", "2015")], False),  # 2015 may mean before 28 March
    ("official-undated-with-until", "2015-03-28", [("Xinhua", "")], False),
    ("media-after-until", "2015-03-28", [("other media", "2020"), ("CGTN", "2021-01-01")], False),
    ("official-without-until", "", [("gov.cn", "2010")], True),
    ("official-undated-without-until", "", [("gov.cn", "")], True),
    ("media-without-until", "", [("Global Times", "2024")], False),
]


@pytest.mark.parametrize("name,until,evidence,refused", GUARD_CASES, ids=[c[0] for c in GUARD_CASES])
def test_false_deprecation_guard(name, until, evidence, refused):
    r = Rendering("heart connectivity", Status.DEPRECATED, valid_until=until,
                  evidence=tuple(Evidence(a, d, URL, "the heart connectivity of peoples") for a, d in evidence))
    assert (false_deprecation(r) is not None) == refused
    entry = TermEntry(id="xin", zh="心联通", renderings=(Rendering("people-to-people bonds", Status.PREFERRED), r))
    if refused:
        with pytest.raises(GlossaryError, match=r"entry 'xin' field 'renderings\.status': rendering 'heart "
                           r"connectivity' is deprecated but the official source .* uses it "
                           r"\(https://example\.org/test\) .*false deprecation; (move valid_until|make it admitted)"):
            Glossary.from_entries([entry])
    else:
        Glossary.from_entries([entry])


def test_guard_applies_to_superseded_and_never_to_accepted():
    ev = (Evidence("Xinhua", "2024-12-02", URL, "heart connectivity"),)
    assert false_deprecation(Rendering("heart connectivity", Status.SUPERSEDED, evidence=ev)) is not None
    assert false_deprecation(Rendering("heart connectivity", Status.ADMITTED, evidence=ev)) is None


def test_an_official_rendering_is_not_marked_literal():
    """QA, the audit and post-editing replace literal renderings: one that an official source
    uses is refused as literal (the evidence pass found six such renderings in the termbase)."""
    official = (Evidence("Xinhua", "2021-06-18", URL, "the joint construction of the Belt and Road"),)
    media = (Evidence("CGTN", "2021-06-18", URL, "the joint construction of the Belt and Road"),)
    preferred = Rendering("Belt and Road cooperation", Status.PREFERRED)
    bad = Rendering("joint construction of the Belt and Road", Status.ADMITTED, literal=True, evidence=official)
    with pytest.raises(GlossaryError, match=r"field 'renderings\.literal': rendering 'joint construction of the "
                       r"Belt and Road' is marked literal .* official source Xinhua dated 2021-06-18 uses it .*"
                       r"drop literal: true"):
        Glossary.from_entries([TermEntry(id="gongjian", zh="共建", renderings=(preferred, bad))])
    for ok in (Rendering("joint construction of the Belt and Road", Status.ADMITTED, literal=True, evidence=media),
               Rendering("joint construction of the Belt and Road", Status.ADMITTED, evidence=official),
               Rendering("joint construction of the Belt and Road", Status.DEPRECATED, literal=True)):
        Glossary.from_entries([TermEntry(id="gongjian", zh="共建", renderings=(preferred, ok))])


def test_guard_in_the_yaml_loader_names_the_line(tmp_path):
    text = _bad("date: 2014-09", "date: 2016-09")
    check = check_termbase(_tb(tmp_path, text))
    assert len(check.errors) == 1
    err = check.errors[0]
    assert (err.path.endswith("tb.yaml"), err.line, err.field) == (True, 18, "renderings.status")
    assert "official source gov.cn dated 2016-09 uses it" in err.message
    assert "after its valid_until 2015-03-28" in err.message


def test_validator_checks_evidence_built_in_python():
    bad = Rendering("x", Status.PREFERRED, evidence=(Evidence("Xinhua net", "2020", URL, "x"),))
    with pytest.raises(GlossaryError, match=r"field 'renderings\.evidence\.authority': unknown authority"):
        Glossary.from_entries([TermEntry(id="a", zh="甲", renderings=(bad,))])
    lying = Rendering("x", Status.PREFERRED, attested=True)
    with pytest.raises(GlossaryError, match=r"field 'renderings\.attested': rendering 'x' is attested but has no "
                       "evidence"):
        Glossary.from_entries([TermEntry(id="a", zh="甲", renderings=(lying,))])


# ------------------------------------------------------------------ time-aware statuses
STATUS_AT = [
    # (status, valid_from, valid_until, date, expected)
    ("deprecated", "", "2015-03-28", "2014-06-30", "admitted"),
    ("deprecated", "", "2015-03-28", "2015-03-27", "admitted"),
    ("deprecated", "", "2015-03-28", "2015-03-28", "deprecated"),
    ("deprecated", "", "2015-03-28", "2024-01-01", "deprecated"),
    ("superseded", "2013-09-07", "2015-03-28", "2013-01-01", "superseded"),  # before it was coined
    ("superseded", "2013-09-07", "2015-03-28", "2014-01-01", "admitted"),
    ("deprecated", "2013-09-07", "", "2014-01-01", "deprecated"),  # no end: deprecated throughout
    ("admitted", "", "2018-01-26", "2017-12-31", "admitted"),
    ("admitted", "", "2018-01-26", "2018-01-26", "superseded"),
    ("preferred", "2015-03-28", "", "2014-01-01", "preferred"),  # not yet in force: keeps its status
    ("admitted", "2015-03-28", "", "2014-01-01", "admitted"),
    ("deprecated", "", "", "1990-01-01", "deprecated"),
]


@pytest.mark.parametrize("status,start,end,date,expected", STATUS_AT)
def test_status_at(status, start, end, date, expected):
    r = Rendering("x", Status(status), valid_from=start, valid_until=end)
    assert r.status_at(date).value == expected
    assert r.status_at(datetime.date.fromisoformat(date)).value == expected
    assert r.status_at(datetime.datetime.fromisoformat(date + "T23:59:00")).value == expected


def test_status_at_defaults_to_today():
    r = Rendering("x", Status.DEPRECATED, valid_until="9999-12-31")
    assert r.status_at() is Status.ADMITTED
    assert Rendering("x", Status.DEPRECATED, valid_until="2000-01-01").status_at() is Status.DEPRECATED


def test_glossary_view_at_a_date(tmp_path):
    g = load_termbase(_tb(tmp_path, GOOD))
    old = g.at("2014-06-30")
    e = old.get("belt-and-road-initiative")
    assert [r.status.value for r in e.renderings] == ["preferred", "admitted", "deprecated"]
    assert e.preferred.en == "Belt and Road Initiative"
    assert g.at("2024-01-01").get("belt-and-road-initiative") is g.get("belt-and-road-initiative")
    assert g.at("2014-06-30") is old  # views are kept per day
    assert old.lookup_en("One Belt, One Road")[0][1].status is Status.ADMITTED
    plain = Glossary.from_entries([TermEntry(id="a", zh="甲", renderings=(Rendering("x", Status.PREFERRED),))])
    assert plain.at("2014-01-01") is plain  # nothing dated: the glossary itself


@pytest.mark.parametrize("value,pattern", [
    ("2014-13-01", r"field 'date': '2014-13-01' is not a date; give the document date as YYYY-MM-DD"),
    ("2014", r"'2014' is not a date"),
    ("14/06/2014", r"'14/06/2014' is not a date"),
    (20140601, r"the document date must be a YYYY-MM-DD string or a datetime\.date, got int"),
])
def test_bad_document_dates(value, pattern):
    with pytest.raises(InputError, match=pattern):
        as_date(value)
    with pytest.raises(InputError, match=pattern):
        Rendering("x", Status.DEPRECATED, valid_until="2015-01-01").status_at(value)


# ------------------------------------------------------------------ JSONL export and import
def test_jsonl_carries_evidence_attested_and_validity(tmp_path):
    g = load_termbase(_tb(tmp_path, GOOD))
    text = dumps(g, format="jsonl")
    rec = json.loads(text.splitlines()[0])
    rends = rec["renderings"]
    assert [list(r)[-4:] for r in rends] == [["valid_from", "valid_until", "evidence", "attested"]] * 3
    assert rends[0]["evidence"][0] == {"authority": "Xinhua", "date": "2015-03-28",
                                       "url": "https://example.org/test/a",
                                       "quote": "test data for the Belt and Road Initiative"}
    assert (rends[1]["valid_until"], rends[1]["attested"]) == ("2015-03-28", True)
    assert (rends[2]["evidence"], rends[2]["attested"], rends[2]["valid_from"]) == ([], False, "")
    assert list(rec)[:4] == ["id", "zh", "zh_variants", "pinyin"]  # the entry keys are unchanged
    back = loads(text, format="jsonl")
    assert back.entries == g.entries


def _line(**rendering):
    r = {"en": "Belt and Road Initiative", "status": "preferred", **rendering}
    return json.dumps({"id": "bri", "zh": "一带一路", "renderings": [r]}, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("rendering,pattern", [
    (dict(evidence={"authority": "Xinhua"}), r"field 'renderings\[0\]\.evidence': evidence must be a list"),
    (dict(evidence=[{"authority": "Xinhua", "url": URL}]),
     r"field 'renderings\[0\]\.evidence\[0\]\.quote': missing required key 'quote'"),
    (dict(evidence=[{"authority": "Xinhuanet", "url": URL, "quote": "q"}]),
     r"field 'renderings\[0\]\.evidence\[0\]\.authority': unknown authority 'Xinhuanet'"),
    (dict(evidence=[{"authority": "Xinhua", "url": URL, "quote": "q", "date": "May 2015"}]),
     r"field 'renderings\[0\]\.evidence\[0\]\.date': evidence date 'May 2015'"),
    (dict(evidence=[{"authority": "Xinhua", "url": URL, "quote": "q", "page": 1}]),
     r"field 'renderings\[0\]\.evidence\[0\]\.page': unknown key 'page' in an evidence item"),
    (dict(attested=True), r"field 'renderings\[0\]\.attested': attested is true but the rendering 'Belt and Road "
                          r"Initiative' has no evidence"),
    (dict(valid_until="2015-01-01", valid_to="2015-01-01"),
     r"field 'renderings\[0\]\.valid_to': both valid_until and valid_to"),
])
def test_jsonl_import_errors(rendering, pattern):
    with pytest.raises(GlossaryError, match=r"g\.jsonl:1: entry 'bri' " + pattern):
        loads(_line(**rendering), format="jsonl", path="g.jsonl")


def test_jsonl_import_reads_old_valid_to():
    text = json.dumps({"id": "bri", "zh": "一带一路", "renderings": [
        {"en": "Belt and Road Initiative", "status": "preferred"},
        {"en": "One Belt, One Road", "status": "deprecated", "valid_to": "2015-03-28"}]}) + "\n"
    g = loads(text, format="jsonl")
    assert g.get("bri").renderings[1].valid_until == "2015-03-28"


# ------------------------------------------------------------------ property: JSONL keeps every field
from hypothesis import given, settings, strategies as st  # noqa: E402

_dates = st.one_of(st.just(""), st.dates(min_value=datetime.date(1990, 1, 1)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])))
_evidence = st.builds(Evidence, authority=st.sampled_from(sorted(AUTHORITIES)), date=_dates,
                      url=st.sampled_from(["https://example.org/a", "http://example.org/b?x=1"]),
                      quote=st.text("abc \u201c\u201d'-\u4e00", min_size=1, max_size=20).map(
                          lambda s: "q " + s.strip() + " q"))


@settings(max_examples=40, deadline=None)
@given(st.lists(_evidence, max_size=3), st.lists(_evidence, max_size=2), st.booleans())
def test_jsonl_round_trip_with_evidence(pref_ev, adm_ev, dated):
    entry = TermEntry(id="e", zh="一带一路", renderings=(
        Rendering("Belt and Road Initiative", Status.PREFERRED, evidence=tuple(pref_ev),
                  valid_from="2015-03-28" if dated else ""),
        Rendering("Belt and Road", Status.ADMITTED, evidence=tuple(adm_ev),
                  valid_until="2030-01-01" if dated else "")))
    g = Glossary.from_entries([entry])
    back = loads(dumps(g, format="jsonl"), format="jsonl")
    assert back.entries == g.entries
    assert [r.attested for r in back.get("e").renderings] == [bool(pref_ev), bool(adm_ev)]
