"""`bri-align lookup` shows each rendering's evidence and validity dates (text and JSON)."""

from __future__ import annotations

import json
from pathlib import Path

from bri_align.cli import main

TERMBASE = str(Path(__file__).resolve().parents[1] / "qa" / "dated_termbase.yaml")


def test_lookup_text_shows_evidence_and_validity(capsys):
    assert main(["lookup", "One Belt, One Road", "--glossary", TERMBASE]) == 0
    out = capsys.readouterr().out
    assert "  deprecated One Belt, One Road  (literal; valid … until 2015-03-28)  <- matched" in out
    assert ("             evidence: Xinhua, 2014-09 (official): \u201ctest data on One Belt, One Road\u201d "
            "<https://example.org/test/obor-2014>") in out
    assert "evidence: other media, 2019 (media):" in out
    assert "  preferred  Belt and Road Initiative  (valid 2015-03-28 until …)" in out


def test_lookup_text_marks_unattested(capsys):
    assert main(["lookup", "冰上丝绸之路", "--glossary", TERMBASE]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["  preferred  Polar Silk Road", "             evidence: none (unattested)",
                       "  admitted   Ice Silk Road  (valid … until 2018-01-26)",
                       "             evidence: none (unattested)"]


def test_lookup_json_carries_evidence_attested_and_dates(capsys):
    assert main(["lookup", "一带一路", "--glossary", TERMBASE, "--format", "json"]) == 0
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    pref, obor = hit["entry"]["renderings"]
    assert (pref["valid_from"], pref["valid_until"], pref["attested"]) == ("2015-03-28", "", True)
    assert obor["valid_until"] == "2015-03-28"
    assert obor["evidence"][1] == {"authority": "other media", "date": "2019",
                                   "url": "https://example.org/test/obor-2019",
                                   "quote": "a 2019 One Belt, One Road test quote"}
