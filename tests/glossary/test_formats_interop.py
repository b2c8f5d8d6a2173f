"""Interoperability of the glossary exports: TBX v3 language sections and categories,
third-party TBX-Basic files, TBX 2008 for translate-toolkit, Google CSV collisions,
XLSX, and ``--glossary`` reading every importable format."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest
from lxml import etree

from bri_align import GlossaryError
from bri_align.cli import main
from bri_align.glossary import Category, Glossary, Rendering, Status, TermEntry, as_glossary
from bri_align.glossary.entry import Evidence
from bri_align.glossary.formats import dump_bytes, dumps, export_glossary, import_glossary, loads
from bri_align.glossary.formats.csvs import google_collisions

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def bundled() -> Glossary:
    return as_glossary(None)


def _g(*entries: TermEntry) -> Glossary:
    return Glossary.from_entries(entries, name="t")


# ------------------------------------------------------------------ TBX v3
def test_traditional_variants_sit_in_a_zh_hant_section_and_keep_their_order():
    e = TermEntry(id="bri", zh="一带一路", zh_variants=("一帶一路", "“一带一路”", "壹帶壹路"),
                  renderings=(Rendering("Belt and Road", Status.PREFERRED),))
    data = dumps(_g(e), format="tbx").encode("utf-8")
    root = etree.fromstring(data)
    secs = {ls.get(XML_LANG): [t.text for t in ls.iter(f"{{{NS}}}term")]
            for ls in root.iter(f"{{{NS}}}langSec")}
    assert secs == {"zh-Hans": ["一带一路", "“一带一路”"], "zh-Hant": ["一帶一路", "壹帶壹路"],
                    "en": ["Belt and Road"]}
    # the split changes the order of the variants, so each carries its position
    notes = [n.text for n in root.iter(f"{{{NS}}}note") if "variant" in n.text]
    assert notes == ["bri_align.variant: 2", "bri_align.variant: 1", "bri_align.variant: 3"]
    assert loads(data, format="tbx").entries == (e,)


def test_variants_already_in_script_order_carry_no_position():
    e = TermEntry(id="aiib", zh="亚洲基础设施投资银行", zh_variants=("亚投行", "亞投行"),
                  renderings=(Rendering("AIIB", Status.PREFERRED),))
    text = dumps(_g(e), format="tbx")
    assert "bri_align.variant" not in text and 'xml:lang="zh-Hant"' in text
    assert loads(text, format="tbx").entries == (e,)


def test_export_written_before_the_category_note_still_reads():
    """Files from before 2026-12 kept the category in subjectField."""
    text = dumps(_g(TermEntry(id="a", zh="中文", category=Category.PLACE,
                              renderings=(Rendering("Chinese", Status.PREFERRED),))), format="tbx")
    old = text.replace("<note>bri_align.category: place</note>",
                       '<descrip type="subjectField">place</descrip>')
    assert old != text
    assert loads(old, format="tbx").entries[0].category is Category.PLACE


# The shape of LTAC's DCA example (DCA/Example_Astronomy_DCA_VALID.tbx in
# github.com/LTAC-Global/TBX-Basic_dialect), written here by hand: English-Spanish,
# a subject field that is a domain, transactions, graphics, terms without a status,
# a deprecated source term, an entry in one language only; plus values outside the
# TBX-Basic picklists.
THIRD_PARTY = """<?xml version="1.0" encoding="utf-8"?>
<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc>
    <publicationStmt><p>made by hand for a bri_align test</p></publicationStmt>
    <sourceDesc><p>TBX file in the style of a CAT tool export</p></sourceDesc>
  </fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <transacGrp><transac type="transactionType">origination</transac><date>2010-04-17</date>
        <transacNote type="responsibility" target="p1">Someone</transacNote></transacGrp>
      <descrip type="subjectField">Stellar Birth</descrip>
      <xref type="xGraphic" target="https://example.org/disk.jpg">disk.jpg</xref>
      <note>G-Source: a web page</note>
      <langSec xml:lang="en">
        <descripGrp><descrip type="definition">A disk around a young star.</descrip>
          <admin type="source">Oxford2007</admin></descripGrp>
        <termSec>
          <term>circumstellar disk</term>
          <termNote type="partOfSpeech">noun phrase</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <descripGrp><descrip type="context">The <hi type="italics">disk</hi> glows.</descrip>
            <admin type="source">a web page</admin></descripGrp>
        </termSec>
        <termSec>
          <term>accretion disc</term>
          <termNote type="termType">synonym</termNote>
          <termNote type="usageNote">British spelling</termNote>
        </termSec>
      </langSec>
      <langSec xml:lang="es">
        <termSec><term>disco de acreción</term><termNote type="partOfSpeech">noun</termNote></termSec>
        <termSec><term>disco de acrecimiento</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="zu"><termSec><term>idiski</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="en"><termSec><term>black dwarf</term>
        <termNote type="partOfSpeech">noun</termNote></termSec>
        <termSec><term>dark dwarf</term></termSec></langSec>
      <langSec xml:lang="es"><termSec><term>enana negra</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c3">
      <langSec xml:lang="en"><termSec><term>Oxford2007</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_third_party_tbx_basic_file_loads(tmp_path, caplog):
    path = tmp_path / "astronomy.tbx"
    path.write_text(THIRD_PARTY, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bri_align.glossary.formats.tbx"):
        g = import_glossary(path, source_lang="es")
    assert "skipped 1 conceptEntry(s) without a es or en language section: c3" in caplog.text
    c1, c2 = g.entries
    assert (c1.zh, c1.zh_variants, c1.definition) == ("disco de acreción", (), "A disk around a young star.")
    # the domain and the deprecated source term the model cannot hold are notes
    assert c1.note == ("subjectField: Stellar Birth; G-Source: a web page; "
                       "deprecated source term: disco de acrecimiento")
    assert c1.category is Category.CONCEPT
    pref, other = c1.renderings
    # values outside the TBX-Basic picklists are kept as notes, not rejected
    assert (pref.en, pref.status, pref.note) == ("circumstellar disk", Status.PREFERRED,
                                                 "partOfSpeech: noun phrase")
    assert (other.en, other.status) == ("accretion disc", Status.ADMITTED)
    assert other.note == ("termType: synonym; usageNote: British spelling; "
                          "status not given in the TBX file; read as admitted")
    # no status anywhere: the first English term is read as preferred, and says so
    assert [(r.en, r.status) for r in c2.renderings] == [("black dwarf", Status.PREFERRED),
                                                        ("dark dwarf", Status.ADMITTED)]
    # the notes survive a round trip through bri_align's own TBX
    assert loads(dumps(g, format="tbx"), format="tbx").entries == g.entries


def test_third_party_file_without_the_source_language_names_the_languages(tmp_path):
    path = tmp_path / "astronomy.tbx"
    path.write_text(THIRD_PARTY, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"astronomy\.tbx:9: entry 'c1' field 'zh': missing required "
                       r"element <langSec xml:lang=\"zh\">.*no entry of the file has both a zh and an en section; languages found: en, es, zu \(another source "
                       r"language: source_lang=\.\.\.\)"):
        import_glossary(path)


# ------------------------------------------------------------------ TBX 2008
def test_tbx2_is_martif_with_source_first(bundled):
    text = dumps(bundled, format="tbx2")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM '
                           '"TBXBasiccoreStructV02.dtd">\n<martif type="TBX-Basic" xml:lang="en">')
    root = etree.fromstring(text.encode("utf-8"))
    entries = root.findall("text/body/termEntry")
    assert [te.get("id") for te in entries] == [e.id for e in bundled]
    for te, e in zip(entries, bundled):
        sets = te.findall("langSet")
        assert [s.get(XML_LANG) for s in sets][:2] == ["zh-Hans", "en"]
        assert sets[0].findtext("tig/term") == e.zh
        assert sets[1].findtext("tig/term") == e.preferred.en  # the preferred rendering first
        terms = [t.text for s in sets for t in s.iter("term")]
        assert sorted(terms) == sorted(e.zh_forms + tuple(r.en for r in e.renderings))
        assert "subjectField" not in etree.tostring(te, encoding="unicode")


def test_translate_toolkit_reads_every_tbx2_entry(tmp_path, bundled):
    tbx = pytest.importorskip(
        "translate.storage.tbx",
        reason="translate-toolkit (GPL, never a dependency) is not installed here; checked in a "
               "throwaway venv by .ci/check_tbx2.sh, which CI runs (all 620 bundled entries read)")
    path = export_glossary(bundled, format="tbx2", path=tmp_path / "g.tbx")
    store = tbx.tbxfile.parsefile(str(path))
    assert [(u.getid(), u.source, u.target) for u in store.units] == [
        (e.id, e.zh, e.preferred.en) for e in bundled]


# ------------------------------------------------------------------ Google CSV
def test_google_equivalent_sets_never_repeat_an_english_term(bundled, caplog):
    with caplog.at_level(logging.WARNING, logger="bri_align.glossary.formats.csvs"):
        rows = list(csv.reader(io.StringIO(dumps(bundled, format="google"))))
    english = [r[1] for r in rows[1:]]
    assert len(english) == len({en.casefold() for en in english})
    # 政策协调 and 政策沟通 both prefer "policy coordination": the first in termbase order keeps it
    first, second = (e for e in bundled if e.preferred.en == "policy coordination")
    by_zh = {r[0]: r[1] for r in rows[1:]}
    assert by_zh[first.zh] == "policy coordination"
    assert second.zh not in by_zh  # no other accepted rendering: its row is left out ...
    (c,) = [c for c in google_collisions(bundled) if c.en == "policy coordination"]
    assert (c.entry_id, c.kept_by, c.used) == (second.id, first.id, "")
    assert f"entry '{second.id}': 'policy coordination' is already the English term" in caplog.text
    # ... and the unidirectional form keeps it, with every variant
    uni = {tuple(r) for r in csv.reader(io.StringIO(dumps(bundled, format="google-uni")))}
    assert {(f, "policy coordination") for f in second.zh_forms + first.zh_forms} <= uni


def test_google_takes_an_admitted_rendering_when_the_preferred_one_is_taken():
    a = TermEntry(id="a", zh="甲", renderings=(Rendering("x", Status.PREFERRED),))
    b = TermEntry(id="b", zh="乙", renderings=(Rendering("X", Status.PREFERRED),
                                               Rendering("y", Status.ADMITTED),
                                               Rendering("z", Status.DEPRECATED)))
    rows = list(csv.reader(io.StringIO(dumps(_g(b, a), format="google"))))
    assert rows == [["zh-CN", "en"], ["乙", "X"]]  # matching may ignore case: "x" is taken
    rows = list(csv.reader(io.StringIO(dumps(_g(a, b), format="google"))))
    assert rows == [["zh-CN", "en"], ["甲", "x"], ["乙", "y"]]
    assert google_collisions(_g(a, b))[0].used == "y"


# ------------------------------------------------------------------ XLSX
def test_xlsx_has_one_row_per_rendering(tmp_path, bundled):
    openpyxl = pytest.importorskip("openpyxl")
    path = export_glossary(bundled, format="xlsx", path=tmp_path / "g.xlsx")
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:7] == ("entry id", "zh", "zh variants", "pinyin", "category", "en", "status")
    assert {"reason", "evidence", "valid from", "valid until"} <= set(header)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    data = [dict(zip(header, r)) for r in rows[1:]]
    assert len(data) == sum(len(e.renderings) for e in bundled)
    first = bundled.entries[0]
    assert [(d["entry id"], d["zh"], d["en"], d["status"]) for d in data[:len(first.renderings)]] == [
        (first.id, first.zh, r.en, r.status.value) for r in first.renderings]
    reasons = {(d["entry id"], d["en"]): d["reason"] or "" for d in data}
    assert all(reasons[(e.id, r.en)] == r.reason for e in bundled for r in e.renderings)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.xlsx"]  # atomic: no temp file left


def test_xlsx_is_binary_only(bundled):
    with pytest.raises(Exception, match=r"xlsx\.v1 is a binary format; write it to a file"):
        dumps(bundled, format="xlsx")
    assert dump_bytes(bundled, format="xlsx")[:2] == b"PK"


# ------------------------------------------------------------------ --glossary
@pytest.mark.parametrize("fmt, name", [("tbx", "g.tbx"), ("jsonl", "g.jsonl"), ("tbx", "g.xml"),
                                       ("jsonl", "g.json"), ("tbx", "glossary")])
def test_every_glossary_option_reads_exports(tmp_path, capsys, mini_glossary, fmt, name):
    """An export is read by its suffix, or by its first bytes when the suffix says nothing."""
    path = tmp_path / name
    path.write_bytes(dump_bytes(mini_glossary, format=fmt))
    assert as_glossary(str(path)).entries == mini_glossary.entries
    src = tmp_path / "in.txt"
    src.write_text("推进一带一路建设。\n", encoding="utf-8")
    assert main(["match", str(src), "--lang", "zh", "--glossary", str(path), "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert "belt-and-road-initiative" in json.dumps(hits)


def test_cli_exports_tbx2_and_xlsx(tmp_path, capsys, repo_root):
    pytest.importorskip("openpyxl")
    out = tmp_path / "g.xlsx"
    assert main(["glossary", "export", "--format", "xlsx", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert main(["glossary", "export", "--format", "xlsx"]) == 2
    assert "xlsx is a binary format; give --out FILE.xlsx" in capsys.readouterr().err
    out2 = tmp_path / "g2.tbx"
    assert main(["glossary", "export", "--format", "tbx2", "--out", str(out2)]) == 0
    assert out2.read_text(encoding="utf-8").count("<termEntry ") == len(as_glossary(None))


EVIDENCED = TermEntry(id="dxy", zh="大写意", category=Category.METAPHOR, renderings=(
    Rendering("big freehand brushwork", Status.PREFERRED, evidence=(
        Evidence("Xinhua", "2018-08-27", "https://example.org/xinhua", "the \"big freehand brushwork\" of"),)),
    Rendering("freehand brushwork", Status.ADMITTED),
    Rendering("splash-ink painting", Status.DEPRECATED, reason="literal", valid_from="2013-01-01",
              valid_until="2018-08-27")))


def test_evidence_and_validity_reach_tbx2_and_xlsx(tmp_path):
    g = _g(EVIDENCED)
    root = etree.fromstring(dumps(g, format="tbx2").encode("utf-8"))
    tigs = {t.findtext("term"): [n.text for n in t.findall("note")] for t in root.iter("tig")}
    assert tigs["big freehand brushwork"] == [
        "evidence: Xinhua; 2018-08-27; https://example.org/xinhua; \u201cthe \"big freehand brushwork\" of\u201d"]
    assert tigs["splash-ink painting"] == ["reason: literal", "valid from: 2013-01-01",
                                           "valid until: 2018-08-27"]
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(export_glossary(g, format="xlsx", path=tmp_path / "g.xlsx")).active
    rows = list(ws.iter_rows(values_only=True))
    data = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert [(d["en"], d["attested"]) for d in data] == [("big freehand brushwork", "yes"),
                                                       ("freehand brushwork", "no"),
                                                       ("splash-ink painting", "no")]
    assert data[0]["evidence"] == ("Xinhua 2018-08-27 \u201cthe \"big freehand brushwork\" of\u201d "
                                   "https://example.org/xinhua")
    assert (data[2]["valid from"], data[2]["valid until"], data[2]["reason"]) == (
        "2013-01-01", "2018-08-27", "literal")
