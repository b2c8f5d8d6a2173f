"""Post-editing (bri_align.postedit): what is replaced, how it fits the sentence, the change report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_align import InputError, load_termbase
from bri_align.postedit import PostEditChange, PostEditResult, postedit

TERMBASE = Path(__file__).resolve().parents[1] / "qa" / "qa_termbase.yaml"


@pytest.fixture(scope="module")
def glossary():
    return load_termbase(TERMBASE)


def run(glossary, sources, hyps, **kw):
    kw.setdefault("method", "none")
    return postedit(sources, hyps, glossary=glossary, **kw)


CASES = [
    # (id, source, hypothesis, expected output, adjustments of the (first) change)
    ("article-a-to-an", "这是发展战略的对接。", "This is a docking of development strategies.",
     "This is an alignment of development strategies.", ("article a->an",)),
    ("article-an-to-a", "这是一个示范项目。", "This is an exemplary project.",
     "This is a flagship project.", ("article an->a",)),
    ("article-a-kept-before-yoo-sound", "建设全国统一大市场。", "Build a big national market.",
     "Build a unified national market.", ()),
    ("article-capital-kept", "一个示范项目正在建设。", "An exemplary project is being built.",
     "A flagship project is being built.", ("article An->A",)),
    ("article-before-quote", "这是对接计划。", 'This is a "docking" plan.', 'This is an "alignment" plan.',
     ("article a->an",)),
    ("the-kept", "我们支持发展战略的对接。", "We support the docking of development strategies.",
     "We support the alignment of development strategies.", ()),
    ("plural", "他们建立了自由贸易区。", "They set up free trade zones with partners.",
     "They set up free trade areas with partners.", ("plural",)),
    ("singular-kept", "他们建立了一个自由贸易区。", "They set up a free trade zone.",
     "They set up a free trade area.", ()),
    ("verb-form", "企业要走出去。", "Enterprises are going out.", "Enterprises are going global.", ("verb:VBG",)),
    ("gerund-alternative", "共建开放型世界经济。", "Co-building an open world economy.",
     "Jointly building an open world economy.", ("gerund: 'jointly building'", "capitalised")),
    ("sentence-start-capital", "对接很重要。", "Docking matters.", "Alignment matters.", ("capitalised",)),
    ("proper-name-keeps-case", "我国坚持对外开放。", "Our country keeps opening up.", "China keeps opening up.", ()),
    ("title-case-heading", "共建“一带一路”要高质量发展",
     "Joint Construction Of The Belt And Road Must Develop With High Quality",
     "Belt and Road Cooperation Must Develop With High Quality", ("title-case",)),
    ("straight-quotes-kept", "我们支持小而美项目。", 'We favour "small but beautiful" projects.',
     'We favour "small yet smart" projects.', ()),
    ("curly-quotes-kept", "我们支持小而美项目。", "We favour “small but beautiful” projects.",
     "We favour “small yet smart” projects.", ()),
    ("inner-quotes-dropped", "共建“一带一路”不断推进。", 'The joint construction of the "Belt and Road" keeps advancing.',
     "The Belt and Road cooperation keeps advancing.", ("inner quotes dropped",)),
    ("repeated-word-merged", "一带一路不断发展。", 'The "One Belt, One Road" initiative keeps growing.',
     "The Belt and Road Initiative keeps growing.", ("quotes dropped", "merged 'initiative'")),
    ("possessive-kept", "我国的自由贸易区", "our country's free trade zones", "China's free trade areas", ()),
    ("literal-admitted-replaced", "坚持对外开放。", "Keep opening up to the outside world.", "Keep opening up.", ()),
    ("only-aligned-replaced", "船只在港口停靠。", "The ship is docking at the port.", "The ship is docking at the port.",
     None),
    ("banned-form-always-replaced", "我们加强合作。", "We strengthen OBOR cooperation.",
     "We strengthen Belt and Road Initiative cooperation.", ()),
    ("preferred-untouched", "我们支持“一带一路”倡议。", "We support the Belt and Road Initiative.",
     "We support the Belt and Road Initiative.", None),
    ("admitted-untouched", "我们支持一带一路。", "We support the Belt and Road.", "We support the Belt and Road.", None),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_postedit_cases(glossary, case):
    _, zh, en, expected, adjustments = case
    res = run(glossary, [zh], [en])
    assert res.outputs == (expected,)
    if adjustments is None:
        assert res.changes == ()
        return
    assert res.changes, "expected a change"
    assert res.changes[0].adjustments == adjustments
    for c in res.changes:  # offsets of every change are exact
        assert en[c.start:c.end] == c.old
        assert res.outputs[0][c.out_start:c.out_end] == c.new


def test_change_report_fields_and_offsets(glossary):
    src = ["我国的自由贸易区与对接", "一带一路是开放的。"]
    hyp = ["our country's free trade zones and a docking plan", "One Belt, One Road is open."]
    res = run(glossary, src, hyp)
    assert res.outputs == ("China's free trade areas and an alignment plan", "Belt and Road Initiative is open.")
    got = [(c.line, c.entry_id, c.start, c.end, c.old, c.new, c.out_start, c.out_end, c.why) for c in res.changes]
    assert got == [
        (1, "china-we", 0, 11, "our country", "China", 0, 5, "deprecated"),
        (1, "free-trade-area", 14, 30, "free trade zones", "free trade areas", 8, 24, "deprecated"),
        (1, "alignment", 35, 44, "a docking", "an alignment", 29, 41, "deprecated"),
        (2, "belt-and-road-initiative", 0, 18, "One Belt, One Road", "Belt and Road Initiative", 0, 24, "deprecated"),
    ]
    c = res.changes[2]
    assert (c.zh, c.rendering, c.form, c.preferred, c.status, c.literal) == (
        "对接", "docking", "docking", "alignment", "deprecated", True)
    assert res.changed_lines == (1, 2)
    assert res.summary() == {"segments": 2, "changed_segments": 2, "changes": 4, "by_reason": {"deprecated": 4}}


def test_why_literal_and_banned(glossary):
    res = run(glossary, ["坚持对外开放。", "我们加强合作。"], ["Keep opening up to the outside world.", "OBOR helps."])
    assert [(c.why, c.status, c.zh) for c in res.changes] == [("literal", "admitted", "对外开放"),
                                                             ("banned", "deprecated", "")]


def test_keep_literal(glossary):
    res = run(glossary, ["坚持对外开放。"], ["Keep opening up to the outside world."], literal=False)
    assert res.outputs == ("Keep opening up to the outside world.",) and res.changes == ()


def test_deprecated_form_of_other_entry_is_not_replaced(glossary):
    """'docking' renders 对接; with 工笔画 in the source it is not aligned to anything and stays."""
    res = run(glossary, ["他喜欢工笔画。"], ["He likes fine brushwork and docking."])
    assert res.outputs == ("He likes fine brushwork and docking.",)


def test_serialisation(glossary):
    res = run(glossary, ["这是发展战略的对接。"], ["This is a docking of development strategies."])
    d = res.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert PostEditResult.from_dict(d) == res
    assert PostEditChange.from_dict(res.changes[0].to_dict()) == res.changes[0]
    lines = res.changes_jsonl().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["new"] == "an alignment"
    assert res.signature.startswith("postedit:postedit.v1|literal:yes|banned:4@")
    assert res.signature.count("bri_align:") == 1


def test_postedited_output_passes_qa(glossary):
    from bri_align.qa import qa_check

    src = ["这是发展战略的对接。", "一带一路是开放的。", "他们建立了自由贸易区。"]
    hyp = ["This is a docking of development strategies.", "One Belt, One Road is open.",
           "They set up free trade zones."]
    assert qa_check(src, hyp, glossary=glossary, method="none").failed
    res = run(glossary, src, hyp)
    after = qa_check(src, list(res.outputs), glossary=glossary, method="none")
    assert after.counts["deprecated"] == 0 and not after.failed


@pytest.mark.parametrize("kw,match", [
    ({"literal": "no"}, "literal must be True or False"),
    ({"hyp_path": "h.en", "hypotheses": ["a", "b"]}, r"^h\.en: has 2 lines but the sources has 1"),
    ({"src_path": "s.zh", "sources": [""], "hypotheses": ["x"]}, r"^s\.zh:1: empty line"),
])
def test_errors(glossary, kw, match):
    kw = dict(kw)
    src = kw.pop("sources", ["我们支持一带一路。"])
    hyp = kw.pop("hypotheses", ["We support it."])
    with pytest.raises(InputError, match=match):
        run(glossary, src, hyp, **kw)


@pytest.mark.parametrize("source,hyp,expected,adjustment", [
    # the preferred rendering is a verb phrase; the text it replaces is a noun phrase
    ("加强共建的统筹管理。", "We strengthen the overall management of the joint construction of plans.",
     "We strengthen the overall management of the joint pursuit of plans.", "noun phrase: 'joint pursuit'"),
    # same part of speech: the preferred rendering itself
    ("我们要共建。", "We must jointly construct it.", "We must jointly build it.", None),
])
def test_replacement_keeps_the_part_of_speech(source, hyp, expected, adjustment):
    from bri_align import Glossary, Rendering, Status, TermEntry

    g = Glossary.from_entries([TermEntry(id="jointly-build", zh="共建", renderings=(
        Rendering("jointly build", Status.PREFERRED),
        Rendering("joint pursuit", Status.ADMITTED),
        Rendering("joint construction", Status.DEPRECATED, literal=True),
        Rendering("jointly construct", Status.DEPRECATED, literal=True),
    ))])
    res = postedit([source], [hyp], glossary=g, method="none")
    assert list(res.outputs) == [expected]
    if adjustment:
        assert adjustment in res.changes[0].adjustments


def test_glossary_path_string_bad_path_and_type():
    from bri_align.errors import BriAlignError
    from bri_align.postedit import PostEditor

    res = postedit(["一带一路是开放的。"], ["One Belt, One Road is open."], glossary="corpora/termbase",
                   method="none")
    assert res.outputs == ("Belt and Road Initiative is open.",)
    assert [c.entry_id for c in res.changes] == ["belt-and-road-initiative"]
    with pytest.raises(BriAlignError, match="no/such/termbase"):
        postedit(["一带一路是开放的。"], ["One Belt, One Road is open."], glossary="no/such/termbase")
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        PostEditor(glossary=3.5)


def test_english_matcher_runs_once_per_hypothesis(glossary, monkeypatch):
    from bri_align.matching.matcher import TermMatcher

    calls = []
    original = TermMatcher.find

    def counting_find(self, text, **kw):
        if self.lang == "en":
            calls.append(text)
        return original(self, text, **kw)

    monkeypatch.setattr(TermMatcher, "find", counting_find)
    hyps = ["One Belt, One Road is open.", "We strengthen OBOR cooperation."]
    res = run(glossary, ["一带一路是开放的。", "我们加强合作。"], hyps)
    assert len(res.changes) == 2
    assert sorted(calls) == sorted(hyps)


def test_article_dropped_before_a_plural_rendering():
    """'an institutional and mechanism system' -> 'systems and mechanisms', not 'a systems ...'
    (the bundled termbase prefers the plural since the evidence pass)."""
    from bri_align import post_edit

    r = post_edit(["健全体制机制"], ["We must build an institutional and mechanism system for this."])
    assert r.outputs == ("We must build systems and mechanisms for this.",)
    assert "article an dropped (plural)" in r.changes[0].to_dict()["adjustments"]


def test_is_plural_phrase():
    from bri_align.postedit.surface import is_plural_phrase

    assert is_plural_phrase("systems and mechanisms") and is_plural_phrase("pilot free trade zones")
    assert not is_plural_phrase("Belt and Road Initiative") and not is_plural_phrase("sense of gain")
    assert not is_plural_phrase("") and not is_plural_phrase("“ ”")
