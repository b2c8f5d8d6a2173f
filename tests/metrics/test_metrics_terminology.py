"""Term metrics on hand-built cases (tests/fixtures/mini_termbase.yaml)."""

from __future__ import annotations

import pytest

from bri_align._version import __version__
from bri_align.errors import InputError
from bri_align.metrics import (
    SegmentCounts,
    SourceTerm,
    TermScorer,
    TermSegment,
    glossary_from_term_dict,
    score_term_dicts,
)
from bri_align.signature import strip_version


@pytest.fixture(scope="module")
def scorer(mini_glossary):
    return TermScorer(mini_glossary)


def _judge(scorer, source, hypothesis):
    return scorer.judge(TermSegment("s1", source, hypothesis, scorer.source_terms(source), "d1"))


# (source, hypothesis, expected counts: source_terms, success, preferred, deprecated, banned_extra)
CASES = [
    ("plain preferred", "一带一路", "the Belt and Road Initiative", (1, 1, 1, 0, 0)),
    ("cap: more hits than source terms", "一带一路和一带一路",
     "Belt and Road Initiative, Belt and Road Initiative and Belt and Road", (2, 2, 2, 0, 0)),
    ("cap: fewer hits than source terms", "一带一路和一带一路", "Belt and Road Initiative", (2, 1, 1, 0, 0)),
    ("word boundary: smartest is not smart", "小而美", "small yet smartest", (1, 0, 0, 0, 0)),
    ("word boundary: no spaces", "一带一路", "BeltandRoad", (1, 0, 0, 0, 0)),
    ("case and hyphens", "小而美", "Small-Yet-Smart", (1, 1, 1, 0, 0)),
    ("admitted counts as success, not preferred", "一带一路", "Belt and Road", (1, 1, 0, 0, 0)),
    ("deprecated", "一带一路", "One Belt, One Road", (1, 0, 0, 1, 0)),
    ("literal rendering", "小而美", "small but beautiful", (1, 0, 0, 1, 0)),
    ("admitted and deprecated both present", "一带一路", "One Belt, One Road (the Belt and Road)", (1, 1, 0, 1, 0)),
    ("traditional characters, plural", "一帶一路", "Belt and Road Initiatives", (1, 1, 1, 0, 0)),
    ("traditional variant, curly quotes", "亞投行", "“Asian Infrastructure Investment Bank”", (1, 1, 1, 0, 0)),
    ("verb inflection", "走出去", "Firms are going global.", (1, 1, 1, 0, 0)),
    ("nested source term: only the longest counts", "共建“一带一路”", "Belt and Road cooperation", (1, 1, 1, 0, 0)),
    ("literal nested rendering", "共建“一带一路”", "joint construction of the Belt and Road", (1, 0, 0, 1, 0)),
    ("banned form where the source lacks it", "亚投行", "AIIB and One Belt, One Road", (1, 1, 0, 0, 1)),
    ("no terms at all", "今天天气很好。", "One Belt, One Road", (0, 0, 0, 0, 1)),
]


@pytest.mark.parametrize("label, source, hypothesis, expected", CASES, ids=[c[0] for c in CASES])
def test_segment_counts(scorer, label, source, hypothesis, expected):
    assert _judge(scorer, source, hypothesis).counts == SegmentCounts(*expected)


def test_verdicts_name_the_rendering(scorer):
    j = _judge(scorer, "一带一路和一带一路", "Belt and Road Initiatives, and One Belt, One Road")
    v1, v2 = j.verdicts
    assert (v1.verdict, v1.form, v1.rendering) == ("preferred", "Belt and Road Initiative", "Belt and Road Initiatives")
    assert (v2.verdict, v2.form) == ("deprecated", "One Belt, One Road")
    assert v1.success and not v2.success
    j = _judge(scorer, "小而美", "small but beautiful")
    assert j.verdicts[0].literal and j.verdicts[0].verdict == "deprecated"
    j = _judge(scorer, "一带一路", "One Belt, One Road, that is the Belt and Road Initiative")
    assert j.verdicts[0].verdict == "preferred" and j.verdicts[0].also == ("One Belt, One Road",)
    j = _judge(scorer, "大写意", "in broad brush")
    assert j.verdicts[0].verdict == "missing" and j.verdicts[0].rendering == ""


def test_corpus_rates_and_consistency(scorer):
    segs = [
        ("a1", "d1", "一带一路", "Belt and Road Initiative"),
        ("a2", "d1", "一带一路", "Belt and Road"),
        ("a3", "d1", "一带一路和小而美", "Belt and Road Initiative, small but beautiful"),
        ("b1", "d2", "一带一路", "One Belt, One Road"),
        ("b2", "d2", "亚投行", "AIIB and One Belt, One Road"),
        ("b3", "d2", "一带一路", "One Belt, One Road"),
    ]
    report = scorer.score([TermSegment(i, s, h, scorer.source_terms(s), d) for i, d, s, h in segs], n_bootstrap=0)
    m = report.metrics
    # source terms: BRI x5, small-and-smart x1, AIIB x1 = 7; accepted: a1, a2, a3 BRI, b2 AIIB = 4
    assert m["term_success_rate"].score == pytest.approx(4 / 7)
    assert m["term_success_rate"].details == {"success": 4, "source_terms": 7}
    # preferred: a1, a3 (BRI) = 2
    assert m["preferred_rendering_rate"].score == pytest.approx(2 / 7)
    # deprecated: a3 literal, b1, b3 = 3; banned elsewhere: b2 = 1 -> 4 / (7 + 1)
    assert m["deprecated_rendering_rate"].score == pytest.approx(4 / 8)
    # consistency: d1 BRI: initiative, belt and road, initiative -> 1 of 2; d2 BRI: OBOR, OBOR -> 1 of 1
    assert m["term_consistency"].score == pytest.approx(2 / 3)
    assert m["term_consistency"].details == {"consistent": 2, "comparisons": 3, "doc_terms": 2}
    assert len(report.verdicts) == 7 and len(report.banned) == 1
    assert report.metrics["term_success_rate"].ci is None


def test_bootstrap_interval_is_seeded(scorer):
    segs = [TermSegment(str(i), "一带一路", h, scorer.source_terms("一带一路"), "d")
            for i, h in enumerate(["Belt and Road Initiative", "One Belt, One Road", "Belt and Road", "nothing"] * 5)]
    a = scorer.score(segs, n_bootstrap=200, seed=7).metrics["term_success_rate"]
    b = scorer.score(segs, n_bootstrap=200, seed=7).metrics["term_success_rate"]
    c = scorer.score(segs, n_bootstrap=200, seed=8).metrics["term_success_rate"]
    assert a.score == pytest.approx(0.5)
    assert (a.ci_mean, a.ci_half_width) == (b.ci_mean, b.ci_half_width)
    assert (a.ci_mean, a.ci_half_width) != (c.ci_mean, c.ci_half_width)
    assert "bs:200|seed:7" in a.signature


def test_signature_names_glossary_version_and_options(scorer, mini_glossary):
    sig = scorer.score([], n_bootstrap=0).metrics["term_success_rate"].signature
    assert sig.startswith("term_success_rate|scorer:terms.v1|accept:preferred+admitted|cap:segment-entry|"
                          "en:aho-corasick.v1|inflections:yes|annotations:given|banned:4@")
    assert strip_version(mini_glossary.signature()) in sig
    # one library version, at the end (the glossary's own version tail is dropped when nested)
    assert sig.count("bri_align:") == 1 and sig.endswith(f"|bri_align:{__version__}")
    boot = scorer.score([], n_bootstrap=20, seed=3).metrics["term_consistency"].signature
    assert boot.startswith("term_consistency|scorer:terms.v1|") and "|scope:document|anchor:first|bri_align:" in boot


def test_empty_input_gives_no_score(scorer):
    m = scorer.score([], n_bootstrap=100).metrics
    assert m["term_success_rate"].score is None and m["term_consistency"].score is None


def test_custom_banned_forms(mini_glossary):
    sc = TermScorer(mini_glossary, banned_forms=["small but beautiful"])
    j = sc.judge(TermSegment("s", "亚投行", "AIIB: small but beautiful, One Belt, One Road", sc.source_terms("亚投行")))
    assert [b.text for b in j.banned] == ["small but beautiful"]
    assert TermScorer(mini_glossary, banned_forms=[]).banned_forms == ()


def test_given_annotations_are_used_as_is(scorer):
    # annotations say two occurrences even though the matcher would find one
    terms = (SourceTerm("belt-and-road-initiative", "一带一路"), SourceTerm("belt-and-road-initiative", "一带一路"))
    j = scorer.judge(TermSegment("s", "一带一路", "Belt and Road Initiative", terms))
    assert j.counts == SegmentCounts(2, 1, 1, 0, 0)


def test_unknown_entry(scorer, mini_glossary):
    seg = TermSegment("s7", "x", "y", (SourceTerm("no-such-entry"),))
    with pytest.raises(InputError, match="segment 's7': entry 'no-such-entry' is not in the glossary"):
        scorer.judge(seg)
    assert TermScorer(mini_glossary, on_unknown="skip").judge(seg).counts == SegmentCounts()
    with pytest.raises(InputError, match="on_unknown must be 'error' or 'skip'"):
        TermScorer(mini_glossary, on_unknown="warn")


# ---------------------------------------------------------------- WMT23-style term dictionaries
def test_glossary_from_term_dict():
    g = glossary_from_term_dict({"一带一路": ["Belt and Road", "BRI", "belt and road"], "合作": "cooperation",
                                 " ": ["x"]})
    assert len(g) == 2
    e = g.lookup_zh("一带一路")
    assert [r.en for r in e.renderings] == ["Belt and Road", "BRI"]
    assert e.preferred.en == "Belt and Road" and e.id.startswith("t-")
    assert glossary_from_term_dict({"一带一路": []}).entries == ()


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"一带一路": 3}, "must be a string or a list of strings"),
        ({3: "x"}, "source term 3 is not a string"),
    ],
)
def test_term_dict_errors(bad, message):
    with pytest.raises(InputError, match=message):
        glossary_from_term_dict(bad)


def test_score_term_dicts_hand_computed():
    sources = ["一带一路和一带一路", "小而美的项目", "没有术语", "一带一路"]
    hyps = ["Belt and Road and BRI", "small but beautiful projects", "none", "the Belt and Roads"]
    dicts = [{"一带一路": ["Belt and Road", "BRI"]}, {"小而美": ["small yet smart"], "项目": ["projects"]}, {},
             {"一带一路": ["Belt and Road"]}]
    rep = score_term_dicts(sources=sources, hypotheses=hyps, term_dicts=dicts, doc_ids=["d"] * 4, n_bootstrap=0)
    # line 1: 2 source occurrences, 2 renderings -> 2/2; line 2: 小而美 0/1, 项目 1/1; line 4: 1/1 (plural)
    assert rep.metrics["term_success_rate"].score == pytest.approx(4 / 5)
    # consistency of 一带一路 in doc d: "belt and road", "bri", "belt and road" -> 1 of 2
    assert rep.metrics["term_consistency"].score == pytest.approx(1 / 2)
    assert "annotations:wmt23-term-dict" in rep.metrics["term_success_rate"].signature


def test_score_term_dicts_length_mismatch():
    with pytest.raises(InputError, match="1 sources, 2 hypotheses and 1 term dictionaries"):
        score_term_dicts(sources=["a"], hypotheses=["a", "b"], term_dicts=[{}])


def test_term_dict_errors_name_the_line():
    with pytest.raises(InputError, match=r"d.jsonl:2: field 'terms': target terms of '甲'"):
        score_term_dicts(sources=["a", "甲"], hypotheses=["a", "b"], term_dicts=[{}, {"甲": 3}], path="d.jsonl")


def test_scorer_takes_any_glossary_like_and_shares_its_matchers(mini_glossary, repo_root):
    from bri_align.matching.matcher import TermMatcher

    scorer = TermScorer(mini_glossary)
    assert scorer.en is TermMatcher.for_glossary(mini_glossary, lang="en")
    assert scorer.zh is TermMatcher.for_glossary(mini_glossary, lang="zh")
    from_path = TermScorer(str(repo_root / "tests" / "fixtures" / "mini_termbase.yaml"))
    assert from_path.glossary.checksum() == mini_glossary.checksum()
    assert from_path.signature() == scorer.signature()
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        TermScorer(42)
