"""Document dates in QA and post-editing: a rendering is judged by the usage in force on the
document's date (valid_from / valid_until), in the library and on the command line.

dated_termbase.yaml (project-written test data): "One Belt, One Road" is deprecated with
valid_until 2015-03-28 (and marked literal); "Ice Silk Road" is admitted until 2018-01-26."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from bri_align import InputError
from bri_align.cli import main
from bri_align.postedit import postedit
from bri_align.qa import qa_check, segment_dates

TERMBASE = str(Path(__file__).with_name("dated_termbase.yaml"))
SRC = ["我们推进一带一路。", "冰上丝绸之路很重要。"]
HYP = ["We advance One Belt, One Road.", "The Ice Silk Road matters."]


def verdicts(report):
    return [(i.entry_id, i.verdict) for i in report.items]


@pytest.mark.parametrize("date,expected", [
    ("2014-06-30", [("belt-and-road-initiative", "admitted"), ("ice-silk-road", "admitted")]),
    (datetime.date(2016, 1, 1), [("belt-and-road-initiative", "deprecated"), ("ice-silk-road", "admitted")]),
    ("2024-01-01", [("belt-and-road-initiative", "deprecated"), ("ice-silk-road", "deprecated")]),
    (None, [("belt-and-road-initiative", "deprecated"), ("ice-silk-road", "deprecated")]),  # today
])
def test_qa_judges_at_the_document_date(date, expected):
    report = qa_check(SRC, HYP, glossary=TERMBASE, method="none", date=date)
    assert verdicts(report) == expected
    if date is not None:
        assert report.meta["date"] == str(date)
    else:
        assert "date" not in report.meta


def test_in_force_rendering_is_not_literal_then():
    item = qa_check(SRC[:1], HYP[:1], glossary=TERMBASE, method="none", date="2014-06-30").items[0]
    assert (item.status, item.literal, item.reason) == ("admitted", False, "")
    later = qa_check(SRC[:1], HYP[:1], glossary=TERMBASE, method="none", date="2024-06-30").items[0]
    assert (later.status, later.literal) == ("deprecated", True)
    assert later.suggestion == "replace 'One Belt, One Road' with 'Belt and Road Initiative'"


def test_expired_admitted_rendering_is_superseded_with_a_reason():
    item = qa_check(SRC[1:], HYP[1:], glossary=TERMBASE, method="none", date="2024-01-01").items[0]
    assert (item.status, item.verdict, item.reason) == ("superseded", "deprecated",
                                                        "no longer in force from 2018-01-26")


def test_banned_form_without_source_term_is_dropped_while_in_force():
    src, hyp = ["冰上丝绸之路很重要。"], ["The Ice Silk Road matters, not One Belt, One Road."]
    old = qa_check(src, hyp, glossary=TERMBASE, method="none", date="2014-06-30")
    assert verdicts(old) == [("ice-silk-road", "admitted")]
    new = qa_check(src, hyp, glossary=TERMBASE, method="none", date="2024-06-30")
    assert ("belt-and-road-initiative", "deprecated") in verdicts(new)


def test_per_segment_dates():
    report = qa_check(SRC + SRC[:1], HYP + HYP[:1], glossary=TERMBASE, method="none", date="2024-01-01",
                      dates=["2014-01-01", None, "2020-01-01"])
    assert [i.verdict for i in report.items] == ["admitted", "deprecated", "deprecated"]
    assert report.meta["dates"] == ["2014-01-01", "2020-01-01", "2024-01-01"]


@pytest.mark.parametrize("kw,pattern", [
    (dict(date="2014-02-30"), r"field 'date': '2014-02-30' is not a date; give the document date as YYYY-MM-DD"),
    (dict(date=2014), r"field 'date': the document date must be a YYYY-MM-DD string"),
    (dict(dates=["2014-01-01"]), r"field 'dates': has 1 dates for 2 segments"),
    (dict(dates="2014-01-01"), r"field 'dates': dates must be a list of document dates"),
    (dict(dates=["2014-01-01", "June 2014"]), r"field 'dates\[1\]': 'June 2014' is not a date"),
])
def test_bad_dates(kw, pattern):
    with pytest.raises(InputError, match=pattern):
        qa_check(SRC, HYP, glossary=TERMBASE, method="none", **kw)
    with pytest.raises(InputError, match=pattern):
        postedit(SRC, HYP, glossary=TERMBASE, method="none", **kw)


def test_segment_dates_with_a_file_names_its_line():
    with pytest.raises(InputError, match=r"d\.txt:2: field 'date': 'x' is not a date"):
        segment_dates(2, dates=["2014-01-01", "x"], dates_path="d.txt")


def test_postedit_keeps_a_rendering_in_force():
    assert postedit(SRC, HYP, glossary=TERMBASE, method="none", date="2014-06-30").outputs == tuple(HYP)
    res = postedit(SRC, HYP, glossary=TERMBASE, method="none", date="2024-06-30")
    assert res.outputs == ("We advance Belt and Road Initiative.", "The Polar Silk Road matters.")
    assert [c.why for c in res.changes] == ["deprecated", "superseded"]
    assert res.meta["date"] == "2024-06-30"
    mixed = postedit(SRC, HYP, glossary=TERMBASE, method="none", dates=["2014-06-30", "2017-01-01"])
    assert mixed.outputs == tuple(HYP)


# ------------------------------------------------------------------ the command line
def write(path: Path, lines) -> str:
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return str(path)


def test_cli_qa_date_acceptance(tmp_path, capsys):
    """The issue's acceptance: dated 2014, "One Belt, One Road" is not deprecated; dated 2024 it is."""
    src = write(tmp_path / "s.zh", SRC[:1])
    hyp = write(tmp_path / "h.en", HYP[:1])
    base = ["qa", "--src", src, "--hyp", hyp, "--glossary", TERMBASE, "--method", "none", "--strict",
            "--format", "json"]
    assert main(base + ["--date", "2014-06-30"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["summary"]["counts"]["deprecated"] == 0 and d["meta"]["date"] == "2014-06-30"
    assert main(base + ["--date", "2024-06-30"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["summary"]["counts"]["deprecated"] == 1


def test_cli_postedit_date(tmp_path, capsys):
    src = write(tmp_path / "s.zh", SRC)
    hyp = write(tmp_path / "h.en", HYP)
    assert main(["postedit", "--src", src, "--hyp", hyp, "--glossary", TERMBASE, "--method", "none",
                 "--date", "2014-06-30"]) == 0
    assert capsys.readouterr().out.splitlines() == HYP


@pytest.mark.parametrize("command", ["qa", "postedit"])
def test_cli_bad_date_is_one_line_exit_2(tmp_path, capsys, command):
    src = write(tmp_path / "s.zh", SRC)
    hyp = write(tmp_path / "h.en", HYP)
    assert main([command, "--src", src, "--hyp", hyp, "--glossary", TERMBASE, "--method", "none",
                 "--date", "30/06/2014"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "field '--date': '30/06/2014' is not a date; give the document date as YYYY-MM-DD" in err


def _testset(tmp_path: Path, dates):
    ts = tmp_path / "ts"
    (ts / "systems").mkdir(parents=True)
    rows = [{"id": f"s{k}", "doc": "d1", "subset": "x", "zh": zh, "en": en, "terms": []}
            for k, (zh, en) in enumerate(zip(SRC, HYP))]
    (ts / "test.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    system = tmp_path / "sys.jsonl"
    lines = []
    for k, (en, date) in enumerate(zip(HYP, dates)):
        row = {"id": f"s{k}", "en": en}
        if date is not None:
            row["date"] = date
        lines.append(json.dumps(row) + "\n")
    system.write_text("".join(lines), encoding="utf-8")
    return str(ts), str(system)


def test_cli_testset_system_jsonl_date_field(tmp_path, capsys):
    ts, system = _testset(tmp_path, ["2014-06-30", None])
    assert main(["qa", "--testset", ts, "--system", system, "--glossary", TERMBASE, "--method", "none",
                 "--date", "2017-01-01", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    items = [i for s in d["segments"] for i in s["items"]]
    assert [(i["entry_id"], i["verdict"]) for i in items] == [("belt-and-road-initiative", "admitted"),
                                                               ("ice-silk-road", "admitted")]
    out = tmp_path / "pe.jsonl"
    assert main(["postedit", "--testset", ts, "--system", system, "--glossary", TERMBASE, "--method", "none",
                 "--date", "2024-01-01", "--out", str(out)]) == 0
    got = [json.loads(x)["en"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert got == [HYP[0], "The Polar Silk Road matters."]


def test_cli_testset_bad_date_names_file_line_and_field(tmp_path, capsys):
    ts, system = _testset(tmp_path, [None, "2014-13-01"])
    assert main(["qa", "--testset", ts, "--system", system, "--glossary", TERMBASE, "--method", "none"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert f"{system}:2: field 'date': '2014-13-01' is not a date" in err
