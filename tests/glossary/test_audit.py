"""Tests of bri_align.glossary_build.audit: flagged renderings and inconsistencies."""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_align import TermMatcher
from bri_align.glossary_build.audit import Audit, audit_documents
from bri_align.glossary_build.seeds import Occurrence, match_seed, read_seed
from bri_align.glossary.model import Status


def _doc(tmp_path: Path, name: str, text: str, glossary):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    doc = read_seed(name, p)
    return match_seed(doc, TermMatcher(glossary, lang=doc.lang), glossary)


CASES = [
    # (text, expected flagged forms, expected inconsistencies {entry: [forms]})
    ("One Belt, One Road. The Belt and Road Initiative.",
     ["One Belt, One Road"], {"belt-and-road-initiative": ["One Belt, One Road", "Belt and Road Initiative"]}),
    # case and inflection differences are the same rendering
    ("Meticulous brushwork here; meticulous brushworks there.", [], {}),
    # a literal deprecated rendering next to the preferred one
    ("Big freehand brushwork first, broad strokes later.",
     ["big freehand brushwork"], {"big-freehand": ["big freehand brushwork", "broad strokes"]}),
    # accepted forms only are still reported (but not as rejected)
    ("The Asian Infrastructure Investment Bank (AIIB).", [],
     {"aiib": ["Asian Infrastructure Investment Bank", "AIIB"]}),
    ("Go global.", [], {}),
]


CASES += [
    # a form nested in a longer term of another entry counts for consistency, not as an occurrence
    ("The joint construction of the Belt and Road and One Belt, One Road.",
     ["joint construction of the Belt and Road", "One Belt, One Road"],
     {"belt-and-road-initiative": ["Belt and Road", "One Belt, One Road"]}),
]


def test_nested_forms_of_one_entry_count_once(tmp_path):
    from bri_align.glossary.model import Glossary, Rendering, TermEntry

    glossary = Glossary.from_entries([
        TermEntry(id="opening-up", zh="对外开放", renderings=(
            Rendering("opening up", Status.PREFERRED),
            Rendering("opening up to the outside world", Status.ADMITTED, literal=True))),
        TermEntry(id="support-opening", zh="支持对外开放", renderings=(
            Rendering("support for opening up", Status.PREFERRED),
            Rendering("support for the opening up to the outside world", Status.DEPRECATED))),
    ])
    doc = _doc(tmp_path, "a.txt", "Our support for the opening up to the outside world. And opening up.\n", glossary)
    assert [o.form for o in doc.occurrences] == ["support for the opening up to the outside world", "opening up"]
    assert [o.form for o in doc.nested] == ["opening up to the outside world"]  # not also "opening up" inside it
    audit = audit_documents([doc], glossary)
    (inc,) = audit.inconsistencies
    assert [(r.form, r.count, r.nested) for r in inc.renderings] == [
        ("opening up to the outside world", 1, 1), ("opening up", 1, 0)]
    assert "(1 inside longer terms)" in audit.to_markdown()


@pytest.mark.parametrize("text,flagged,incs", CASES)
def test_audit_cases(tmp_path, mini_glossary, text, flagged, incs):
    doc = _doc(tmp_path, "a.txt", text + "\n", mini_glossary)
    audit = audit_documents([doc], mini_glossary)
    assert [o.form for o in audit.flagged] == flagged
    got = {i.entry_id: [r.form for r in i.renderings] for i in audit.inconsistencies}
    assert got == incs
    for o in audit.flagged:
        assert o.preferred == mini_glossary.get(o.entry_id).preferred.en
        assert doc.text[o.char_start:o.char_end] == o.text


def test_has_rejected(tmp_path, mini_glossary):
    doc = _doc(tmp_path, "a.txt", "The Asian Infrastructure Investment Bank (AIIB). One Belt, One Road and "
               "the Belt and Road.\n", mini_glossary)
    audit = audit_documents([doc], mini_glossary)
    flags = {i.entry_id: i.has_rejected for i in audit.inconsistencies}
    assert flags == {"aiib": False, "belt-and-road-initiative": True}
    md = audit.to_markdown()
    assert "(every form used is accepted)" in md


def test_chinese_documents_have_no_inconsistencies(tmp_path, mini_glossary):
    doc = _doc(tmp_path, "zh.txt", "一带一路和一帶一路。亚投行与亚洲基础设施投资银行。\n", mini_glossary)
    assert doc.lang == "zh"
    audit = audit_documents([doc], mini_glossary)
    assert audit.inconsistencies == () and audit.flagged == ()
    terms = {t.entry_id: t.forms for t in audit.seeds[0].terms}
    assert terms["belt-and-road-initiative"] == (("一带一路", 2),)  # the variant normalises to the term


def test_audit_of_seed_on_mini_termbase(tmp_path, mini_glossary, seed_text):
    doc = _doc(tmp_path, "seed.txt", seed_text, mini_glossary)
    audit = audit_documents([doc], mini_glossary)
    forms = {o.form for o in audit.flagged}
    assert forms == {"One Belt, One Road", "joint construction of the Belt and Road", "big freehand brushwork",
                     "small but beautiful"}
    for o in audit.flagged:
        assert o.status in (Status.DEPRECATED, Status.SUPERSEDED) or o.literal
        assert o.text in o.context
    seed = audit.seeds[0]
    assert seed.occurrences == len(doc.occurrences) and seed.flagged == len(audit.flagged)


def test_audit_dict_round_trip(tmp_path, mini_glossary):
    from bri_align.glossary_build.candidates import find_candidates

    doc = _doc(tmp_path, "a.txt", "One Belt, One Road and \"soft connectivity\". The Belt and Road.\n",
               mini_glossary)
    cands = find_candidates([doc], matchers={"en": TermMatcher(mini_glossary, lang="en")})
    audit = audit_documents([doc], mini_glossary, candidates=cands)
    assert Audit.from_dict(audit.to_dict()) == audit
    d = audit.to_dict()
    assert d["totals"] == {"seeds": 1, "occurrences": 2, "flagged": 1, "inconsistencies": 1, "candidates": 1}
    assert d["flagged"][0]["why"] == "deprecated"


def test_occurrence_round_trip_and_flags():
    o = Occurrence(file="a", lang="en", line=1, paragraph=0, sentence=0, char_start=0, char_end=3, text="abc",
                   entry_id="x", zh="一", form="abc", status=Status.ADMITTED, literal=True)
    assert o.flagged and o.why == "literal"
    assert Occurrence.from_dict(o.to_dict()) == o
    zh = Occurrence(file="a", lang="zh", line=1, paragraph=0, sentence=0, char_start=0, char_end=1, text="一",
                    entry_id="x", zh="一", form="一", status=Status.ADMITTED)
    assert not zh.flagged


def test_audit_takes_a_glossary_like(tmp_path, mini_glossary):
    from bri_align.errors import InputError

    doc = _doc(tmp_path, "a.txt", "One Belt, One Road. The Belt and Road Initiative.\n", mini_glossary)
    mini_path = Path(__file__).resolve().parents[1] / "fixtures" / "mini_termbase.yaml"
    assert audit_documents([doc], mini_path) == audit_documents([doc], mini_glossary)
    assert audit_documents([doc], str(mini_path)).flagged[0].form == "One Belt, One Road"
    with pytest.raises(InputError, match=r"field 'glossary': glossary must be a Glossary, a termbase path "
                       r"or None .*got int"):
        audit_documents([doc], 42)  # type: ignore[arg-type]
