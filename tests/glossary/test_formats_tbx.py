"""TBX v3 / TBX-Basic export and import.

The TBX-Basic RelaxNG and Schematron files cannot be downloaded here, so
``check_tbx_basic`` below re-implements the rules they enforce that matter for
our output (structure, element order, levels of data categories, picklists).
"""

from __future__ import annotations

import re
from typing import List

import pytest
from lxml import etree

from bri_align import GlossaryError
from bri_align.glossary import Category, Glossary, Rendering, Source, Status, TermEntry
from bri_align.glossary.entry import Evidence
from bri_align.glossary.formats import dumps, loads
from bri_align.glossary.formats.tbx import term_types
from bri_align.text.normalize import fold_traditional

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AUX = {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"}
STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
          "supersededTerm-admn-sts"}
PICKLISTS = {
    "administrativeStatus": STATUS,
    "partOfSpeech": {"noun", "verb", "adjective", "adverb", "other"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
}
DESCRIP_LEVELS = {"subjectField": {"conceptEntry"}, "definition": {"conceptEntry", "langSec"},
                  "context": {"termSec"}}
ADMIN_LEVELS = {"source": {"conceptEntry", "langSec", "termSec"},
                "customerSubset": {"conceptEntry", "termSec"},
                "projectSubset": {"conceptEntry", "termSec"}}
RNG = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
NCNAME = re.compile(r"[A-Za-z_][\w.\-]*\Z")


def local(el) -> str:
    return etree.QName(el).localname


def kids(el) -> List:
    return [c for c in el if isinstance(c.tag, str)]


def level_of(el) -> str:
    """The TBX level an auxiliary element belongs to (a *Grp counts as its parent)."""
    parent = el.getparent()
    if local(parent).endswith("Grp"):
        parent = parent.getparent()
    return local(parent)


def check_tbx_basic(data: bytes):
    """Assert the TBX-Basic (DCA) rules our exporter must meet; return the root."""
    root = etree.fromstring(data)
    # namespace and root attributes
    for el in root.iter():
        if isinstance(el.tag, str):
            assert etree.QName(el).namespace == NS, f"{el.tag} outside the TBX namespace"
            if el.get("type") is not None:
                assert el.get("type") != "", f"empty type on <{local(el)}>"
    assert local(root) == "tbx"
    assert root.nsmap == {None: NS}
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.get(XML_LANG) == "en"
    pis = [p for p in root.itersiblings(preceding=True)
           if isinstance(p, etree._ProcessingInstruction)]
    hrefs = " ".join(p.text for p in pis if p.target == "xml-model")
    # the schemas' homes in LTAC's repositories today (checked while developing, see tbx.py)
    assert RNG in hrefs and SCH in hrefs
    # header and body
    assert [local(c) for c in kids(root)] == ["tbxHeader", "text"]
    file_desc = kids(kids(root)[0])[0]
    assert local(file_desc) == "fileDesc"
    assert local(kids(file_desc)[-1]) == "sourceDesc"
    assert [local(p) for p in kids(kids(file_desc)[-1])] and all(
        local(p) == "p" for p in kids(kids(file_desc)[-1]))
    body = kids(kids(root)[1])[0]
    assert local(body) == "body" and kids(body)
    ids = []
    for ce in kids(body):
        assert local(ce) == "conceptEntry"
        cid = ce.get("id")
        assert cid and NCNAME.match(cid) and not cid[0].isdigit()
        ids.append(cid)
        names = [local(c) for c in kids(ce)]
        first_lang = names.index("langSec")
        assert set(names[:first_lang]) <= AUX and set(names[first_lang:]) == {"langSec"}
        for ls in kids(ce)[first_lang:]:
            assert ls.get(XML_LANG)
            lnames = [local(c) for c in kids(ls)]
            first_term = lnames.index("termSec")
            assert set(lnames[:first_term]) <= AUX and set(lnames[first_term:]) == {"termSec"}
            for ts in kids(ls)[first_term:]:
                tkids = kids(ts)
                assert local(tkids[0]) == "term" and (tkids[0].text or "").strip()
                tnames = [local(c) for c in tkids[1:]]
                n_notes = len([n for n in tnames if n == "termNote"])
                assert tnames[:n_notes] == ["termNote"] * n_notes, "termNotes must follow <term>"
                assert set(tnames[n_notes:]) <= AUX
                statuses = [c for c in tkids if local(c) == "termNote"
                            and c.get("type") == "administrativeStatus"]
                assert len(statuses) == 1, f"term {tkids[0].text!r} needs exactly one status"
    assert len(ids) == len(set(ids))
    # data-category levels and picklists
    for el in root.iter(f"{{{NS}}}termNote"):
        assert local(el.getparent()) in ("termSec", "termNoteGrp")
        kind = el.get("type")
        assert kind in PICKLISTS, kind
        assert el.text in PICKLISTS[kind], (kind, el.text)
    for el in root.iter(f"{{{NS}}}descrip"):
        assert level_of(el) in DESCRIP_LEVELS[el.get("type")], el.get("type")
    for el in root.iter(f"{{{NS}}}admin"):
        assert local(el.getparent()) != "adminGrp" or el.get("type") != "source"
        assert level_of(el) in ADMIN_LEVELS[el.get("type")], el.get("type")
    return root


def tbx_bytes(g: Glossary) -> bytes:
    return dumps(g, format="tbx").encode("utf-8")


def test_mini_termbase_is_tbx_basic(mini_glossary):
    text = dumps(mini_glossary, format="tbx")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    assert not text.startswith("\ufeff")
    root = check_tbx_basic(text.encode("utf-8"))
    ces = root.findall(f".//{{{NS}}}conceptEntry")
    assert [ce.get("id") for ce in ces] == [e.id for e in mini_glossary]
    for ce in ces:
        langs = [ls.get(XML_LANG) for ls in ce.findall(f"{{{NS}}}langSec")]
        e = mini_glossary.get(ce.get("id"))
        trad = any(v != fold_traditional(v) for v in e.zh_variants)
        assert langs == (["zh-Hans", "zh-Hant", "en"] if trad else ["zh-Hans", "en"])
        # the category is a bri_align note, not a subjectField (which names a domain)
        assert ce.find(f"{{{NS}}}descrip[@type='subjectField']") is None
        assert f"bri_align.category: {e.category.value}" in [n.text for n in ce.findall(f"{{{NS}}}note")]
    assert root.find(f".//{{{NS}}}title").text == mini_glossary.name


def test_export_is_deterministic(mini_glossary):
    assert dumps(mini_glossary, format="tbx") == dumps(mini_glossary, format="tbx")


def _term_secs(root, entry_id: str, lang: str):
    ce = root.find(f".//{{{NS}}}conceptEntry[@id='{entry_id}']")
    ls = ce.find(f"{{{NS}}}langSec[@{{http://www.w3.org/XML/1998/namespace}}lang='{lang}']")
    out = []
    for ts in ls.findall(f"{{{NS}}}termSec"):
        notes = {tn.get("type"): tn.text for tn in ts.findall(f"{{{NS}}}termNote")}
        out.append((ts.find(f"{{{NS}}}term").text, notes))
    return out


@pytest.mark.parametrize("entry_id, lang, expected", [
    ("aiib", "zh-Hans", [("亚洲基础设施投资银行", "preferredTerm-admn-sts", "noun", "fullForm"),
                    ("亚投行", "admittedTerm-admn-sts", "noun", "abbreviation")]),
    ("aiib", "en", [("Asian Infrastructure Investment Bank", "preferredTerm-admn-sts", "noun",
                     "fullForm"),
                    ("AIIB", "admittedTerm-admn-sts", "noun", "acronym")]),
    ("belt-and-road-initiative", "zh-Hans", [("一带一路", "preferredTerm-admn-sts", "noun", None)]),
    ("belt-and-road-initiative", "zh-Hant", [("一帶一路", "admittedTerm-admn-sts", "noun", "variant")]),
    ("belt-and-road-initiative", "en", [
        ("Belt and Road Initiative", "preferredTerm-admn-sts", "noun", "fullForm"),
        ("Belt and Road", "admittedTerm-admn-sts", "noun", "shortForm"),
        ("One Belt, One Road", "deprecatedTerm-admn-sts", "noun", None)]),
    ("going-global", "zh-Hans", [("走出去", "preferredTerm-admn-sts", None, None)]),
    ("small-and-smart", "en", [("small yet smart", "preferredTerm-admn-sts", None, None),
                               ("small but beautiful", "deprecatedTerm-admn-sts", None, None)]),
])
def test_term_notes(mini_glossary, entry_id, lang, expected):
    root = check_tbx_basic(tbx_bytes(mini_glossary))
    got = [(t, n.get("administrativeStatus"), n.get("partOfSpeech"), n.get("termType"))
           for t, n in _term_secs(root, entry_id, lang)]
    assert got == expected


@pytest.mark.parametrize("forms, lang, expected", [
    (["亚洲基础设施投资银行", "亚投行"], "zh", ["fullForm", "abbreviation"]),
    (["一带一路倡议", "一带一路"], "zh", ["fullForm", "shortForm"]),
    (["一带一路", "一帶一路", "“一带一路”"], "zh", [None, "variant", "variant"]),
    (["走出去"], "zh", [None]),
    (["Belt and Road Initiative", "BRI"], "en", ["fullForm", "acronym"]),
    (["Asian Infrastructure Investment Bank", "AIIB"], "en", ["fullForm", "acronym"]),
    (["Belt and Road Initiative", "Belt and Road"], "en", ["fullForm", "shortForm"]),
    (["go global", "going out"], "en", [None, None]),
    (["G20"], "en", [None]),
    (["BRICS", "Brazil"], "en", ["acronym", None]),
    # initials skip the function words (text.stopwords) the form writes in lower case only:
    # the capitalised "One" of OBOR counts, the lower-case "and" does not
    (["One Belt and One Road", "OBOR"], "en", ["fullForm", "acronym"]),
    (["Action Plan of the Belt and Road", "APBR"], "en", ["fullForm", "acronym"]),
    (["One Belt and One Road", "BR"], "en", [None, "acronym"]),
])
def test_term_types(forms, lang, expected):
    assert term_types(forms, lang=lang) == expected


def _entry(**kw) -> TermEntry:
    base = dict(id="x", zh="中文", renderings=(Rendering("Chinese", Status.PREFERRED),))
    base.update(kw)
    return TermEntry(**base)


def test_every_field_has_a_tbx_basic_place():
    e = _entry(
        zh_variants=("中文字",), pinyin="zhōng wén", category=Category.DOCUMENT,
        definition="A <test> & definition.", verified=False, note="bri_align.looks: like a key",
        sources=(Source("State Council", "white paper", "https://example.org"), Source("Xinhua")),
        renderings=(
            Rendering("Chinese", Status.PREFERRED, source=Source("MFA", "list", "u"),
                      evidence=(Evidence("Xinhua", "2015-03", "https://example.org/a", "speaks <Chinese>"),
                                Evidence("China Daily", "", "https://example.org/b", "Chinese & more"))),
            Rendering("Sino", Status.SUPERSEDED, reason="old", literal=True, seen_in_seed=True,
                      valid_from="2001-01-01", valid_until="2015-03-28", note="kept for history"),
        ),
    )
    g = Glossary.from_entries([e], name="x")
    data = tbx_bytes(g)
    root = check_tbx_basic(data)
    ce = root.find(f".//{{{NS}}}conceptEntry")
    assert [a.text for a in ce.findall(f"{{{NS}}}admin")] == ["State Council", "Xinhua"]
    notes = [n.text for n in ce.findall(f"{{{NS}}}note")]
    assert notes == ["bri_align.category: document",
                     "bri_align.sources.1.citation: white paper",
                     "bri_align.sources.1.url: https://example.org",
                     "bri_align.verified: false",
                     "bri_align.note: bri_align.looks: like a key"]
    ts = ce.find(f"{{{NS}}}langSec[@{{http://www.w3.org/XML/1998/namespace}}lang='en']/{{{NS}}}termSec")
    # evidence: TBX-Basic's context sentence with its source, date and address as notes
    assert [(g.find(f"{{{NS}}}descrip").get("type"), g.findtext(f"{{{NS}}}descrip"),
             g.findtext(f"{{{NS}}}admin")) for g in ts.findall(f"{{{NS}}}descripGrp")] == [
        ("context", "speaks <Chinese>", "Xinhua"), ("context", "Chinese & more", "China Daily")]
    assert [n.text for n in ts.findall(f"{{{NS}}}note")] == [
        "bri_align.source.citation: list", "bri_align.source.url: u",
        "bri_align.evidence.1.url: https://example.org/a", "bri_align.evidence.1.date: 2015-03",
        "bri_align.evidence.2.url: https://example.org/b"]
    back = loads(data, format="tbx").entries
    assert back == (e,) and back[0].renderings[0].attested


def test_evidence_notes_must_name_a_context():
    e = _entry(renderings=(Rendering("Chinese", Status.PREFERRED, evidence=(
        Evidence("Xinhua", "", "https://example.org/a", "Chinese"),)),))
    text = dumps(Glossary.from_entries([e]), format="tbx")
    broken = re.sub(r"<descripGrp>.*?</descripGrp>", "", text, flags=re.S)
    with pytest.raises(GlossaryError, match=r"t\.tbx:\d+: entry 'x' field 'renderings\.evidence': note "
                       r"bri_align\.evidence\.1\.url refers to context 1, but English term 'Chinese' has 0"):
        loads(broken, format="tbx", path="t.tbx")
    with pytest.raises(GlossaryError, match=r"evidence\.1\.date without bri_align\.evidence\.1\.url"):
        loads(text.replace("bri_align.evidence.1.url: https://example.org/a",
                           "bri_align.evidence.1.date: 2015"), format="tbx", path="t.tbx")


def test_xml_illegal_character_is_refused():
    g = Glossary.from_entries([_entry(note="bad \x01 note")])
    with pytest.raises(GlossaryError, match=r"entry 'x' field 'note': .*U\+0001.*XML 1\.0"):
        dumps(g, format="tbx")


def test_empty_glossary_is_refused():
    with pytest.raises(GlossaryError, match="no entries; a TBX body needs at least one conceptEntry"):
        dumps(Glossary.from_entries([], name="empty"), format="tbx")


# --------------------------------------------------------------------- import
TEMPLATE = """\
<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry {ID}>
        <descrip type="subjectField">{SUBJECT}</descrip>
        <langSec xml:lang="zh">
          <termSec>
            <term>亚洲基础设施投资银行</term>
            <termNote type="administrativeStatus">{ZH_STATUS}</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="en">
          <termSec>
            <term>Asian Infrastructure Investment Bank</term>
            <termNote type="administrativeStatus">{EN_STATUS}</termNote>
            {EN_EXTRA}
          </termSec>
        </langSec>{CONCEPT_EXTRA}
      </conceptEntry>
    </body>
  </text>
</tbx>
"""
DEFAULTS = dict(ID='id="aiib"', SUBJECT="institution", ZH_STATUS="preferredTerm-admn-sts",
                EN_STATUS="preferredTerm-admn-sts", EN_EXTRA="", CONCEPT_EXTRA="")


def doc(**kw) -> str:
    values = dict(DEFAULTS)
    values.update(kw)
    text = TEMPLATE
    for k, v in values.items():
        text = text.replace("{" + k + "}", v)
    return text


def test_template_imports():
    g = loads(doc(), format="tbx", path="t.tbx")
    assert g.name == "t"
    (e,) = g.entries
    assert (e.id, e.zh, e.category, e.preferred.en) == (
        "aiib", "亚洲基础设施投资银行", Category.INSTITUTION, "Asian Infrastructure Investment Bank")


REPLACE = [  # (what to change, expected message pattern); lines refer to TEMPLATE
    (dict(ID=""), r"t\.tbx:6: field 'id': <conceptEntry> without an id"),
    (dict(ID='id="1aiib"'), r"t\.tbx:6: field 'id': conceptEntry id '1aiib' is not a valid"),
    (dict(CONCEPT_EXTRA='\n<note>bri_align.category: astronomy</note>'),
     r"t\.tbx:21: entry 'aiib' field 'category': bri_align\.category 'astronomy' is not a bri_align "
     r"category; expected one of concept"),
    (dict(EN_EXTRA='<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>'
                   '<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>',
          EN_STATUS="x"),
     r"t\.tbx:18: .*has two administrativeStatus termNotes"),
    (dict(ZH_STATUS="deprecatedTerm-admn-sts"),
     r"t\.tbx:6: entry 'aiib' field 'zh': every source term of the entry is deprecated or superseded "
     r"\(deprecated source term: 亚洲基础设施投资银行\)"),
    (dict(EN_EXTRA='<note>bri_align.colour: red</note>'),
     r"t\.tbx:18: entry 'aiib' field 'colour': unknown bri_align note key 'colour' on English term "
     r"'Asian Infrastructure Investment Bank'; allowed here: reason, literal"),
    (dict(EN_EXTRA='<note>bri_align.literal: yes</note>'),
     r"t\.tbx:18: .*field 'renderings\.literal': bri_align\.literal must be 'true' or 'false', got 'yes'"),
    (dict(EN_EXTRA='<note>bri_align.valid_until: 2015-13-01</note>'),
     r"t\.tbx:18: .*field 'renderings\.valid_until': .*'2015-13-01' is not an ISO date"),
    (dict(EN_EXTRA='<note>bri_align.reason without a colon</note>'),
     r"t\.tbx:18: .*malformed bri_align note 'bri_align\.reason without a colon'"),
    (dict(EN_EXTRA='<note>bri_align.reason: a</note><note>bri_align.reason: b</note>'),
     r"t\.tbx:18: .*bri_align note 'reason' is given twice"),
    (dict(EN_EXTRA='<note>bri_align.source.url: http://x.org</note>'),
     r"t\.tbx:18: .*field 'renderings\.source': note bri_align\.source\.url without an "
     r"<admin type=\"source\">"),
    (dict(EN_EXTRA='<admin type="source">A</admin>\n<admin type="source">B</admin>'),
     r"t\.tbx:19: .*field 'renderings\.source': English term .* has 2 <admin type=\"source\">"),
    (dict(EN_EXTRA='<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>'),
     r"t\.tbx:18: .*has two administrativeStatus termNotes"),
    (dict(EN_EXTRA='<note>n</note><termNote type="partOfSpeech">noun</termNote>'),
     r"t\.tbx:18: .*<termNote> after auxiliary elements"),
    (dict(EN_EXTRA='<foo xmlns="urn:example">x</foo>'),
     r"t\.tbx:18: .*element <foo> in \{urn:example\} is not a TBX element"),
    (dict(EN_EXTRA='<bogus/>'), r"t\.tbx:18: .*field 'bogus': unexpected element <bogus> in <termSec>"),
    (dict(CONCEPT_EXTRA='\n<note>bri_align.sources.2.citation: c</note>'),
     r"t\.tbx:21: .*field 'sources': note bri_align\.sources\.2\.citation refers to source 2, but "
     r"the conceptEntry has 0"),
    (dict(CONCEPT_EXTRA='\n<note>bri_align.verified: maybe</note>'),
     r"t\.tbx:21: .*field 'verified': bri_align\.verified must be 'true' or 'false'"),
    (dict(CONCEPT_EXTRA='\n<langSec><termSec><term>x</term></termSec></langSec>'),
     r"t\.tbx:21: .*field 'xml:lang': <langSec> without xml:lang"),
    (dict(CONCEPT_EXTRA='\n<bogus/>'), r"t\.tbx:21: .*unexpected element <bogus> in <conceptEntry>"),
    (dict(CONCEPT_EXTRA='\n<langSec xml:lang="en"><termSec><term>AIIB</term><termNote '
                        'type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>'
                        '</langSec>'),
     r"t\.tbx:6: entry 'aiib' field 'renderings\.status': 2 preferred renderings"),
    (dict(CONCEPT_EXTRA='\n<langSec xml:lang="zh"><termSec><term>亚投行</term><termNote '
                        'type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>'
                        '</langSec>'),
     r"t\.tbx:21: entry 'aiib' field 'zh': 2 Chinese terms are preferred"),
]


@pytest.mark.parametrize("change, pattern", REPLACE)
def test_located_import_errors(change, pattern):
    with pytest.raises(GlossaryError, match=pattern):
        loads(doc(**change), format="tbx", path="t.tbx")


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


EDITS = [
    (lambda t: _swap(t, "<term>Asian Infrastructure Investment Bank</term>", ""),
     r"t\.tbx:15: entry 'aiib' field 'term': <termSec> must start with its <term>, found <termNote>"),
    (lambda t: _swap(t, "<term>Asian Infrastructure Investment Bank</term>", "<term> </term>"),
     r"t\.tbx:16: .*field 'term': empty <term>"),
    (lambda t: _swap(t, "</termSec>\n        </langSec>\n      </conceptEntry>",
                     "</termSec>\n      </conceptEntry>"),
     r"t\.tbx:20: not well-formed XML"),
    (lambda t: re.sub(r'<langSec xml:lang="en">.*?</langSec>', "", t, flags=re.S),
     r"t\.tbx:6: entry 'aiib' field 'renderings': missing required element <langSec xml:lang=\"en\">"),
    (lambda t: re.sub(r'<langSec xml:lang="zh">.*?</langSec>', "", t, flags=re.S),
     r"t\.tbx:6: entry 'aiib' field 'zh': missing required element <langSec xml:lang=\"zh\">"),
    (lambda t: re.sub(r"<text>.*</text>", "", t, flags=re.S),
     r"t\.tbx:2: missing required element <text> in <tbx>"),
    (lambda t: re.sub(r"<tbxHeader>.*</tbxHeader>", "", t, flags=re.S),
     r"t\.tbx:2: missing required element <tbxHeader> in <tbx>"),
    (lambda t: _swap(t, "<body>", "<body>\n<p>stray</p>"),
     r"t\.tbx:6: unexpected element <p> in <body>"),
    (lambda t: _swap(t, 'style="dca"', 'style="dct"'),
     r"t\.tbx:2: field 'style': style='dct'; only DCA-style TBX"),
    (lambda t: t.replace("tbx xmlns", "martif xmlns").replace("</tbx>", "</martif>"),
     r"t\.tbx:2: root element is <martif>"),
    (lambda t: t.replace('xmlns="urn:iso:std:iso:30042:ed-2" ', ""),
     r"t\.tbx:2: root element is <tbx> without a namespace"),
    (lambda t: _swap(t, "<tbx ", '<!DOCTYPE tbx [<!ENTITY x "y">]>\n<tbx '),
     r"t\.tbx:3: DOCTYPE declarations are not accepted"),
]


@pytest.mark.parametrize("edit, pattern", EDITS)
def test_located_structure_errors(edit, pattern):
    with pytest.raises(GlossaryError, match=pattern):
        loads(edit(doc()), format="tbx", path="t.tbx")


def test_reads_tbx_basic_from_other_tools():
    """A hand-written TBX-Basic entry in the style other tools export: transactions,
    cross references, contexts, langSec-level definition, no zh status, a third language."""
    text = """<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><titleStmt><title>policy terms</title></titleStmt>
  <sourceDesc><p>made by hand for a test</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <transacGrp><transac type="transactionType">origination</transac><date>2020-01-01</date></transacGrp>
   <xref type="xGraphic" target="https://example.org/x.png">x.png</xref>
   <langSec xml:lang="en">
    <descripGrp><descrip type="definition">A bank.</descrip><admin type="source">me</admin></descripGrp>
    <termSec>
     <term>Asian Infrastructure Investment Bank</term>
     <termNote type="partOfSpeech">noun</termNote>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
     <descripGrp><descrip type="context">The <hi type="bold">bank</hi> lends.</descrip>
      <admin type="source">news</admin></descripGrp>
     <note>first</note><note>second</note>
    </termSec>
   </langSec>
   <langSec xml:lang="zh-Hans">
    <termSec><term>亚洲基础设施投资银行</term></termSec>
    <termSec><term>亚投行</term><termNoteGrp><termNote type="termType">abbreviation</termNote></termNoteGrp></termSec>
   </langSec>
   <langSec xml:lang="fr"><termSec><term>Banque</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""
    g = loads(text.encode("utf-8"), format="tbx")
    assert g.name == "policy terms"
    (e,) = g.entries
    assert e.zh == "亚洲基础设施投资银行" and e.zh_variants == ("亚投行",)
    assert e.definition == "A bank." and e.category is Category.CONCEPT
    assert e.renderings == (Rendering("Asian Infrastructure Investment Bank", Status.PREFERRED,
                                      note="first; second"),)
