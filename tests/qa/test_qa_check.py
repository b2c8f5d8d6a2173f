"""Terminology QA (bri_align.qa): verdicts on hand-built cases, reports, and every error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_align import InputError, load_termbase
from bri_align.qa import STRICT_VERDICTS, VERDICTS, QAItem, QAReport, check_segments, qa_check

TERMBASE = Path(__file__).with_name("qa_termbase.yaml")


@pytest.fixture(scope="module")
def glossary():
    return load_termbase(TERMBASE)


def run(glossary, sources, hyps, **kw):
    kw.setdefault("method", "none")  # dictionary evidence only: fast and deterministic
    return qa_check(sources, hyps, glossary=glossary, **kw)


# ------------------------------------------------------------------ verdicts, one segment each
VERDICT_CASES = [
    # (id, source, hypothesis, [(entry, verdict, rendering)], suggestion contains)
    ("preferred", "我们支持“一带一路”倡议。", "We support the Belt and Road Initiative.",
     [("belt-and-road-initiative", "preferred", "Belt and Road Initiative")], ""),
    ("admitted", "我们支持一带一路。", "We support the Belt and Road.",
     [("belt-and-road-initiative", "admitted", "Belt and Road")], "preferred rendering is 'Belt and Road Initiative'"),
    ("deprecated", "一带一路是开放的。", "One Belt, One Road is open.",
     [("belt-and-road-initiative", "deprecated", "One Belt, One Road")],
     "replace 'One Belt, One Road' with 'Belt and Road Initiative'"),
    ("deprecated-inflected", "他们建立了自由贸易区。", "They set up free trade zones.",
     [("free-trade-area", "deprecated", "free trade zones")], "replace 'free trade zones' with 'free trade area'"),
    ("literal-admitted-is-deprecated", "坚持对外开放。", "Keep opening up to the outside world.",
     [("opening-up", "deprecated", "opening up to the outside world")], "with 'opening up'"),
    ("missing", "我们推进发展战略对接。", "We move forward with development strategies.",
     [("alignment", "missing", None)], "translate 对接 as 'alignment'"),
    ("unknown", "他们建立了自由贸易区。", "They set up a free commerce district.",
     [("free-trade-area", "unknown", "free commerce district")], "unknown rendering"),
    ("banned-without-source-term", "我们加强合作。", "We strengthen OBOR cooperation.",
     [("belt-and-road-initiative", "deprecated", "OBOR")], "globally banned form"),
    ("no-terms", "我们加强合作。", "We strengthen cooperation.", [], ""),
    ("aligned-not-string-search", "船只在港口停靠。", "The ship is docking at the port.", [], ""),
]


@pytest.mark.parametrize("case", VERDICT_CASES, ids=[c[0] for c in VERDICT_CASES])
def test_verdicts(glossary, case):
    _, zh, en, expected, suggestion = case
    report = run(glossary, [zh], [en])
    got = [(i.entry_id, i.verdict, i.rendering) for i in report.items]
    assert got == expected
    for item in report.items:
        assert item.preferred == glossary.get(item.entry_id).preferred.en
        if item.rendering is not None:
            assert en[item.en_start:item.en_end] == item.rendering
        if item.zh:
            assert zh[item.zh_start:item.zh_end] == item.zh
    if suggestion:
        assert suggestion in report.items[0].suggestion


def test_literal_admitted_can_be_judged_admitted(glossary):
    report = run(glossary, ["坚持对外开放。"], ["Keep opening up to the outside world."], literal_as_deprecated=False)
    [item] = report.items
    assert (item.verdict, item.status, item.literal) == ("admitted", "admitted", True)
    assert not report.failed


def test_deprecated_item_carries_glossary_reason_and_status(glossary):
    [item] = run(glossary, ["这是发展战略的对接。"], ["This is a docking of development strategies."]).items
    assert (item.verdict, item.status, item.form, item.literal) == ("deprecated", "deprecated", "docking", True)
    assert item.reason == "literal MT of 对接"


# ------------------------------------------------------------------ consistency and documents
CONSISTENCY_SOURCES = ["他喜欢工笔画。", "她也喜欢工笔画。", "工笔画很难。"]
CONSISTENCY_HYPS = ["He likes fine brushwork.", "She also likes meticulous brushwork.", "Fine brushwork is hard."]


def test_inconsistent_with_earlier_rendering_in_document(glossary):
    report = run(glossary, CONSISTENCY_SOURCES, CONSISTENCY_HYPS)
    assert [i.verdict for i in report.items] == ["preferred", "inconsistent", "preferred"]
    item = report.items[1]
    assert (item.earlier, item.earlier_line) == ("fine brushwork", 1)
    assert "differs from 'fine brushwork' (line 1)" in item.suggestion
    assert not report.failed  # inconsistency alone does not fail --strict


def test_documents_separate_consistency(glossary):
    report = run(glossary, CONSISTENCY_SOURCES, CONSISTENCY_HYPS, docs=["a", "b", "b"])
    assert [i.verdict for i in report.items] == ["preferred", "admitted", "inconsistent"]
    docs = report.by_doc()
    assert docs["a"]["segments"] == 1 and docs["b"]["first_line"] == 2 and docs["b"]["last_line"] == 3
    assert docs["b"]["counts"]["inconsistent"] == 1


def test_acronym_is_not_inconsistent(glossary):
    report = run(glossary, ["亚洲基础设施投资银行成立了。", "亚投行发挥了作用。"],
                 ["The Asian Infrastructure Investment Bank was founded.", "The AIIB has played a role."])
    assert [i.verdict for i in report.items] == ["preferred", "admitted"]


def test_deprecated_renderings_do_not_anchor_consistency(glossary):
    report = run(glossary, ["他喜欢对接。", "对接很重要。"], ["He likes docking.", "Alignment matters."])
    assert [i.verdict for i in report.items] == ["deprecated", "preferred"]


# ------------------------------------------------------------------ the report
def test_summary_counts_and_failed(glossary):
    report = run(glossary, ["一带一路是开放的。", "我们推进发展战略对接。", "我们支持一带一路。"],
                 ["One Belt, One Road is open.", "We move forward with development strategies.",
                  "We support the Belt and Road."])
    assert report.counts == {"preferred": 0, "admitted": 1, "deprecated": 1, "inconsistent": 0, "unknown": 0,
                             "missing": 1}
    assert set(report.counts) == set(VERDICTS)
    assert report.failed and report.exit_code(strict=True) == 1 and report.exit_code(strict=False) == 0
    assert STRICT_VERDICTS == ("deprecated", "missing")


@pytest.mark.parametrize("hyp,failed", [
    ("We support the Belt and Road Initiative.", False),   # preferred
    ("We support the Belt and Road.", False),              # admitted
    ("One Belt, One Road is supported.", True),            # deprecated
    ("We support it.", True),                              # missing
])
def test_strict_gate(glossary, hyp, failed):
    report = run(glossary, ["我们支持一带一路。"], [hyp])
    assert report.failed is failed
    assert report.exit_code(strict=True) == int(failed)


def test_unknown_does_not_fail_strict(glossary):
    report = run(glossary, ["他们建立了自由贸易区。"], ["They set up a free commerce district."])
    assert report.counts["unknown"] == 1 and not report.failed


def test_to_dict_round_trip_and_json(glossary):
    report = run(glossary, CONSISTENCY_SOURCES + ["一带一路是开放的。"],
                 CONSISTENCY_HYPS + ["One Belt, One Road is open."], docs=["d1", "d1", "d1", "d2"])
    d = report.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["summary"]["segments"] == 4 and d["summary"]["documents"] == 2 and d["summary"]["failed"] is True
    assert [s["line"] for s in d["segments"]] == [1, 2, 3, 4]
    back = QAReport.from_dict(d)
    assert back.items == report.items and back.docs == report.docs and back.n_segments == 4
    assert report.signature.startswith("qa:term-qa.v1|") and "term-aligner:term-align.v3" in report.signature
    item = report.items[1]
    assert QAItem.from_dict(item.to_dict()) == item


def test_markdown(glossary):
    report = run(glossary, ["一带一路是开放的。", "我们支持一带一路。"],
                 ["One Belt, One Road is open.", "We support the Belt and Road."], docs=["x", "y"])
    md = report.to_markdown()
    assert md.startswith("# Terminology QA")
    assert "| deprecated | 1 |" in md and "**FAIL**" in md
    assert "replace 'One Belt, One Road' with 'Belt and Road Initiative'" in md
    assert "## Documents" in md
    assert "We support" not in md and "“Belt and Road”" not in md  # only problems by default
    assert "“Belt and Road”" in report.to_markdown(all_items=True)
    ok = run(glossary, ["我们支持一带一路。"], ["We support the Belt and Road Initiative."]).to_markdown()
    assert "**pass**" in ok and "None." in ok


def test_glossary_by_path_and_default(glossary):
    by_path = qa_check(["一带一路是开放的。"], ["One Belt, One Road is open."], glossary=str(TERMBASE), method="none")
    assert [i.verdict for i in by_path.items] == ["deprecated"]
    bundled = qa_check(["一带一路是开放的。"], ["One Belt, One Road is open."], method="none")
    assert bundled.items[0].entry_id == "belt-and-road-initiative" and bundled.items[0].verdict == "deprecated"


# ------------------------------------------------------------------ errors
ERROR_CASES = [
    # (id, sources, hyps, kwargs, match)
    ("line-count", ["我们支持一带一路。", "我们加强合作。"], ["We support it."],
     {"src_path": "s.zh", "hyp_path": "h.en"}, r"^h\.en: has 1 lines but s\.zh has 2; .*line-aligned"),
    ("line-count-python", ["我们支持一带一路。"], ["a", "b"], {}, r"field 'hypotheses': has 2 lines but the sources"),
    ("empty-source-line", ["我们支持一带一路。", "  "], ["We support it.", "Yes."], {"src_path": "s.zh"},
     r"^s\.zh:2: empty line; every line must hold one segment"),
    ("empty-hyp-line", ["我们支持一带一路。", "我们加强合作。"], ["We support it.", ""], {"hyp_path": "h.en"},
     r"^h\.en:2: empty line"),
    ("source-english", ["We support the Belt and Road.", "Cooperation."], ["我们支持一带一路。", "合作。"],
     {"src_path": "s.zh"}, r"^s\.zh: the source should be Chinese but looks English; .*swapped"),
    ("source-line-not-chinese", ["我们支持一带一路和对外开放的合作伙伴关系。", "Belt and Road"], ["We support it.", "Yes."],
     {"src_path": "s.zh"}, r"^s\.zh:2: source line has no Chinese characters \('Belt and Road'\)"),
    ("hyp-chinese", ["我们支持一带一路。"], ["我们支持一带一路。"], {"hyp_path": "h.en"},
     r"^h\.en: the translation should be English but looks Chinese"),
    ("no-segments", [], [], {}, r"no segments to check"),
    ("sources-not-list", "我们支持一带一路。", ["x"], {}, r"field 'sources': sources must be a list of strings"),
    ("segment-not-str", ["我们支持一带一路。", 3], ["a", "b"], {}, r"^line 2: field 'sources': segment must be a str"),
    ("docs-count", ["我们支持一带一路。"], ["We support it."], {"docs": ["a", "b"], "docs_path": "d.txt"},
     r"^d\.txt: has 2 document ids for 1 segments"),
    ("docs-empty-id", ["我们支持一带一路。"], ["We support it."], {"docs": [" "], "docs_path": "d.txt"},
     r"^d\.txt:1: empty document id"),
    ("docs-not-list", ["我们支持一带一路。"], ["We support it."], {"docs": "a"}, r"docs must be a list of document ids"),
    ("glossary-type", ["我们支持一带一路。"], ["We support it."], {"glossary": 3},
     r"glossary must be a Glossary, a termbase path or None"),
    ("literal-flag", ["我们支持一带一路。"], ["We support it."], {"literal_as_deprecated": "yes"},
     r"literal_as_deprecated must be True or False"),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors(glossary, case):
    _, src, hyp, kw, match = case
    kw = dict(kw)
    kw.setdefault("glossary", glossary)
    kw.setdefault("method", "none")
    with pytest.raises(InputError, match=match) as info:
        qa_check(src, hyp, **kw)
    assert "\n" not in str(info.value)


def test_check_segments_defaults():
    src, hyp, docs = check_segments(["我们支持一带一路。"], ["We support it."])
    assert docs == ["all"] and src == ["我们支持一带一路。"] and hyp == ["We support it."]


# ------------------------------------------------------------------ one English scan, one glossary convention
def test_english_matcher_runs_once_per_hypothesis(glossary, monkeypatch):
    """The aligner's record carries the matched rendering: neither resolution nor the
    banned-form search scans a hypothesis again (it used to be three scans)."""
    from bri_align.matching.matcher import TermMatcher

    en_matcher = TermMatcher.for_glossary(glossary, lang="en")
    calls = []
    original = TermMatcher.find

    def counting_find(self, text, **kw):
        if self is en_matcher:
            calls.append(text)
        return original(self, text, **kw)

    monkeypatch.setattr(TermMatcher, "find", counting_find)
    hyps = ["One Belt, One Road is open.", "We strengthen OBOR cooperation.", "They set up free trade zones."]
    report = run(glossary, ["一带一路是开放的。", "我们加强合作。", "他们建立了自由贸易区。"], hyps)
    assert [i.verdict for i in report.items] == ["deprecated", "deprecated", "deprecated"]
    assert sorted(calls) == sorted(hyps)  # once each, no more


def test_one_english_matcher_per_glossary(glossary):
    from bri_align.matching.matcher import TermMatcher
    from bri_align.postedit import PostEditor
    from bri_align.qa import QAChecker

    checker = QAChecker(glossary=glossary, method="none")
    editor = PostEditor(glossary=glossary, method="none")
    shared = TermMatcher.for_glossary(glossary, lang="en")
    assert checker.en_matcher is shared and editor.en_matcher is shared
    assert checker.aligner._en_matcher is shared and editor.aligner._en_matcher is shared


def test_leftmost_longest_of_all_matches_equals_find(glossary):
    """The banned-form search reduces the one all-matches scan to what ``find`` returns."""
    from bri_align.matching.matcher import TermMatcher
    from bri_align.qa.resolve import leftmost_longest

    matcher = TermMatcher.for_glossary(load_termbase(None), lang="en")
    texts = [h for _, h in CONSISTENCY_PAIRS_FOR_SCAN]
    for text in texts:
        assert leftmost_longest(matcher.find(text, all_matches=True)) == matcher.find(text)


CONSISTENCY_PAIRS_FOR_SCAN = [
    ("", "The “One Belt, One Road” initiative and the Belt and Road Initiative (BRI) go together."),
    ("", "Free trade zones, free trade areas and high-standard free trade zones."),
    ("", "We deepen practical cooperation and pragmatic cooperation along the Belt and Road."),
    ("", "the joint construction of the \"Belt and Road\" and Belt and Road cooperation"),
]


def test_signature_has_library_version_once(glossary):
    sig = run(glossary, ["一带一路是开放的。"], ["One Belt, One Road is open."]).signature
    assert sig.count("bri_align:") == 1
    assert sig.startswith("qa:term-qa.v1|literal_as_deprecated:yes|banned:4@")


def test_glossary_path_string_and_bad_path(glossary):
    from bri_align.errors import BriAlignError
    from bri_align.qa import QAChecker

    report = qa_check(["一带一路是开放的。"], ["One Belt, One Road is open."], glossary="corpora/termbase",
                      method="none")
    assert [(i.entry_id, i.verdict) for i in report.items] == [("belt-and-road-initiative", "deprecated")]
    with pytest.raises(BriAlignError, match="no/such/termbase"):
        qa_check(["一带一路是开放的。"], ["One Belt, One Road is open."], glossary="no/such/termbase")
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        QAChecker(glossary=["not", "a", "glossary"])
