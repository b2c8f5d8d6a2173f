"""The seed audit judges renderings at the seed's date (valid_from / valid_until)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bri_align import InputError, TermMatcher, load_termbase
from bri_align.glossary.model import Status
from bri_align.glossary_build.audit import audit_documents
from bri_align.glossary_build.seeds import match_seed, read_seed

TERMBASE = Path(__file__).resolve().parents[1] / "qa" / "dated_termbase.yaml"
TEXT = "One Belt, One Road and the Ice Silk Road.\n"


@pytest.fixture(scope="module")
def glossary():
    return load_termbase(TERMBASE)


def _doc(tmp_path, glossary, name="a.txt"):
    p = tmp_path / name
    p.write_text(TEXT, encoding="utf-8")
    doc = read_seed(name, p)
    return match_seed(doc, TermMatcher(glossary, lang=doc.lang), glossary)


@pytest.mark.parametrize("date,flagged", [
    ("2014-06-30", []),
    ("2016-06-30", ["One Belt, One Road"]),
    ("2024-06-30", ["One Belt, One Road", "Ice Silk Road"]),
    (None, ["One Belt, One Road", "Ice Silk Road"]),
])
def test_audit_flags_at_the_date(tmp_path, glossary, date, flagged):
    audit = audit_documents([_doc(tmp_path, glossary)], glossary, date=date)
    assert [o.form for o in audit.flagged] == flagged
    assert audit.seeds[0].flagged == len(flagged)


def test_audit_in_force_occurrence_is_admitted_and_not_literal(tmp_path, glossary):
    audit = audit_documents([_doc(tmp_path, glossary)], glossary, date="2014-06-30")
    (seed,) = audit.seeds
    assert audit.flagged == ()
    gone = audit_documents([_doc(tmp_path, glossary)], glossary, date="2024-06-30").flagged
    assert [(o.status, o.literal) for o in gone] == [(Status.DEPRECATED, True), (Status.SUPERSEDED, False)]
    assert gone[1].reason == "no longer in force from 2018-01-26"
    assert seed.occurrences == 2


def test_audit_dates_per_seed(tmp_path, glossary):
    a = _doc(tmp_path, glossary, "a.txt")
    b = _doc(tmp_path, glossary, "b.txt")
    audit = audit_documents([a, b], glossary, date="2024-01-01", dates={"a.txt": "2014-01-01"})
    assert [(o.file, o.form) for o in audit.flagged] == [("b.txt", "One Belt, One Road"),
                                                          ("b.txt", "Ice Silk Road")]


@pytest.mark.parametrize("kw,pattern", [
    (dict(date="2014/01/01"), r"field 'date': '2014/01/01' is not a date"),
    (dict(dates={"a.txt": "soon"}), r"field 'dates\['a\.txt'\]': 'soon' is not a date"),
    (dict(dates={"z.txt": "2014-01-01"}), r"field 'dates': dates names seed files that are not audited: z\.txt; "
                                          r"the seeds are: a\.txt"),
    (dict(dates=["2014-01-01"]), r"field 'dates': dates must map seed files to dates, got list"),
])
def test_audit_bad_dates(tmp_path, glossary, kw, pattern):
    with pytest.raises(InputError, match=pattern):
        audit_documents([_doc(tmp_path, glossary)], glossary, **kw)
