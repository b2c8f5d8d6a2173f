"""Round trips (hypothesis) and the public API of bri_align.glossary.formats."""

from __future__ import annotations

import csv
from collections import Counter
import io
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from bri_align import InputError
from bri_align.errors import RegistryError
from bri_align.glossary import Category, Glossary, Rendering, Source, Status, TermEntry
from bri_align.glossary.entry import AUTHORITIES, Evidence
from bri_align.glossary.formats import (
    FORMAT_NAMES,
    SUFFIXES,
    default_suffix,
    dumps,
    export_glossary,
    exporters,
    import_glossary,
    loads,
)
from bri_align.glossary.formats.csvs import google_collisions
from bri_align.glossary.validate import ID_PATTERN, check_text
from bri_align.text.normalize import normalize_zh

# ------------------------------------------------------------------ strategies
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CJK_EXT_B = st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)
zh_text = st.text(st.one_of(CJK, CJK, CJK, CJK_EXT_B), min_size=1, max_size=8)

EN_ALPHABET = string.ascii_letters + string.digits + " -'&,.()<>\"/é"
en_text = st.text(EN_ALPHABET, min_size=1, max_size=30).filter(lambda s: check_text(s, what="") is None)
# Free text: markup characters, Chinese, line separators JSON/XML must keep, and
# values that look like bri_align note keys.
FREE_ALPHABET = EN_ALPHABET + ":;!?[]{}#%*一带路亚投行\u2028\x85\u00a0"
free_text = st.one_of(
    st.text(FREE_ALPHABET, min_size=1, max_size=40),
    st.builds(lambda k, v: f"bri_align.{k}: {v}", st.sampled_from(["reason", "note", "x.y"]), en_text),
    st.builds(lambda v: f"bri_align.{v}", en_text),
).filter(lambda s: check_text(s, what="") is None)


def optional(strategy):
    return st.one_of(st.just(""), strategy)


iso_dates = st.dates().map(lambda d: d.isoformat())
sources = st.builds(Source, authority=en_text, citation=optional(free_text), url=optional(free_text))
pinyin = st.text("abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ", min_size=1, max_size=20).filter(
    lambda s: check_text(s, what="") is None)


evidence_items = st.builds(
    Evidence, authority=st.sampled_from(sorted(AUTHORITIES)),
    date=st.one_of(st.just(""), iso_dates, iso_dates.map(lambda d: d[:7]), iso_dates.map(lambda d: d[:4])),
    url=en_text.map(lambda t: "https://example.org/" + t.replace(" ", "-")), quote=free_text)


@st.composite
def renderings(draw):
    ens = draw(st.lists(en_text, min_size=1, max_size=4, unique_by=str.casefold))
    preferred = draw(st.integers(0, len(ens) - 1))
    out = []
    for i, en in enumerate(ens):
        status = Status.PREFERRED if i == preferred else draw(
            st.sampled_from([Status.ADMITTED, Status.DEPRECATED, Status.SUPERSEDED]))
        # validity: valid_from before valid_until; a preferred rendering has no valid_until
        start, end = draw(optional(iso_dates)), draw(optional(iso_dates))
        if status is Status.PREFERRED:
            end = ""
        elif start and end and start >= end:
            start, end = end, (start if start != end else "")
        # official evidence never sits on a rejected rendering (validate.false_deprecation),
        # nor on an accepted one marked literal (the literal guard)
        evidence = tuple(draw(st.lists(evidence_items, max_size=2))) if status.value in (
            "preferred", "admitted") else ()
        literal = draw(st.booleans()) and not any(ev.kind == "official" for ev in evidence)
        out.append(Rendering(
            en=en, status=status, reason=draw(optional(free_text)), literal=literal,
            seen_in_seed=draw(st.booleans()), valid_from=start,
            valid_until=end, source=draw(st.none() | sources),
            note=draw(optional(free_text)), evidence=evidence))
    return tuple(out)


@st.composite
def glossaries(draw, min_size=1, max_size=4):
    ids = draw(st.lists(st.from_regex(ID_PATTERN, fullmatch=True), min_size=min_size,
                        max_size=max_size, unique=True))
    taken = set()
    entries = []
    for eid in ids:
        forms = draw(st.lists(zh_text, min_size=1, max_size=3))
        keys = {normalize_zh(f).text for f in forms}
        assume(not keys & taken)  # a Chinese term belongs to one entry only
        taken |= keys
        entries.append(TermEntry(
            id=eid, zh=forms[0], zh_variants=tuple(forms[1:]), renderings=draw(renderings()),
            category=draw(st.sampled_from(list(Category))), pinyin=draw(optional(pinyin)),
            definition=draw(optional(free_text)), sources=tuple(draw(st.lists(sources, max_size=2))),
            verified=draw(st.booleans()), note=draw(optional(free_text))))
    return Glossary.from_entries(entries, name=draw(st.sampled_from(["g", "policy terms", "术语"])))


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@PROPERTY
@given(glossaries())
def test_tbx_round_trip_loses_nothing(g):
    text = dumps(g, format="tbx")
    root = etree.fromstring(text.encode("utf-8"))
    ns = "{urn:iso:std:iso:30042:ed-2}"
    assert len(root.findall(f".//{ns}conceptEntry")) == len(g)
    for ts in root.iter(f"{ns}termSec"):
        assert ts[0].tag == f"{ns}term"
        assert len([n for n in ts if n.get("type") == "administrativeStatus"]) == 1
    back = loads(text, format="tbx")
    assert back.entries == g.entries
    assert back.name == g.name
    assert back.signature() == g.signature()


@PROPERTY
@given(glossaries(min_size=0))
def test_jsonl_round_trip_loses_nothing(g):
    back = loads(dumps(g, format="jsonl"), format="jsonl", name=g.name)
    assert back.entries == g.entries
    assert back == g


@PROPERTY
@given(glossaries())
def test_mt_exports_hold_the_preferred_rendering_of_every_form(g):
    deepl = [line.split("\t") for line in dumps(g, format="deepl").splitlines()]
    pairs = {(f, e.preferred.en) for e in g for f in e.zh_forms}
    assert {tuple(r) for r in deepl} == pairs and len(deepl) == len(pairs)
    amazon = list(csv.reader(io.StringIO(dumps(g, format="amazon"))))
    assert amazon[0] == ["zh", "en"] and {tuple(r) for r in amazon[1:]} == pairs
    uni = list(csv.reader(io.StringIO(dumps(g, format="google-uni"))))
    assert {tuple(r) for r in uni} == pairs and len(uni) == len(pairs)
    google = list(csv.reader(io.StringIO(dumps(g, format="google"))))
    english = [r[1].casefold() for r in google[1:]]
    assert len(english) == len(set(english))  # equivalent term sets: en->zh is never ambiguous
    by_zh = {e.zh: e for e in g}
    dropped = {c.entry_id for c in google_collisions(g)}
    for zh, en in (r[:2] for r in google[1:]):
        e = by_zh[zh]
        assert en in [r.en for r in e.renderings if r.accepted]
        assert en == e.preferred.en or e.id in dropped
    preferred_count = Counter(e.preferred.en.casefold() for e in g)
    unique = [e.zh for e in g if preferred_count[e.preferred.en.casefold()] == 1]
    assert set(unique) <= {r[0] for r in google[1:]}  # an unshared preferred term is always kept


# --------------------------------------------------------------------- API
def test_registry_names_and_suffixes():
    assert FORMAT_NAMES == ("tbx", "tbx2", "jsonl", "deepl", "google", "google-uni", "amazon", "xlsx", "html")
    for name in FORMAT_NAMES:
        assert name in exporters and f"{name}.v1" in exporters
        assert exporters.get(name) is exporters.get(f"{name}.v1")
        assert exporters.get(name).signature().startswith(f"glossary-format:{name}.v1|")
    assert SUFFIXES == {"tbx": ".tbx", "tbx2": ".tbx", "jsonl": ".jsonl", "deepl": ".tsv",
                        "google": ".csv", "google-uni": ".csv", "amazon": ".csv", "xlsx": ".xlsx",
                        "html": ".html"}
    assert default_suffix("deepl.v1") == ".tsv"


def test_unknown_format_lists_the_choices(mini_glossary):
    with pytest.raises(RegistryError, match=r"unknown glossary format 'xliff'; available: amazon, "
                       r"amazon\.v1, deepl"):
        dumps(mini_glossary, format="xliff")


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_export_glossary_writes_atomically(tmp_path, mini_glossary, fmt):
    target = tmp_path / "sub" / f"g{SUFFIXES[fmt]}"
    written = export_glossary(mini_glossary, format=fmt, path=target)
    assert written == target
    if fmt == "xlsx":  # a zip whose metadata holds the time it was written
        assert target.read_bytes()[:2] == b"PK"
    else:
        assert target.read_bytes() == dumps(mini_glossary, format=fmt).encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp files left


def test_export_into_a_directory(tmp_path, mini_glossary):
    written = export_glossary(mini_glossary, format="deepl", path=tmp_path)
    assert written == tmp_path / f"{mini_glossary.name}.tsv"


def test_failed_export_writes_nothing(tmp_path):
    g = Glossary.from_entries([TermEntry(id="x", zh="中文", renderings=(
        Rendering("x" * 300, Status.PREFERRED),))])
    with pytest.raises(Exception, match="at most 200 bytes"):
        export_glossary(g, format="amazon", path=tmp_path / "g.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["tbx", "jsonl"])
def test_import_glossary_by_suffix(tmp_path, mini_glossary, fmt):
    path = export_glossary(mini_glossary, format=fmt, path=tmp_path / f"terms{SUFFIXES[fmt]}")
    g = import_glossary(path)
    assert g.entries == mini_glossary.entries
    assert g.name == (mini_glossary.name if fmt == "tbx" else "terms")
    assert import_glossary(path, format=fmt, name="n").name == "n"


def test_import_errors(tmp_path, mini_glossary):
    with pytest.raises(InputError, match=r"g\.txt: field 'format': cannot tell the glossary format "
                       r"from the suffix '\.txt'; name it: format='tbx' or format='jsonl'"):
        import_glossary(tmp_path / "g.txt")
    path = export_glossary(mini_glossary, format="deepl", path=tmp_path / "g.tsv")
    with pytest.raises(InputError, match=r"the deepl\.v1 format is export-only .* import one of: "
                       r"tbx, jsonl"):
        import_glossary(path, format="deepl")
    with pytest.raises(InputError, match=r"the google\.v1 format is export-only"):
        loads("zh-CN,en\n", format="google")
    with pytest.raises(InputError, match=r"missing\.tbx: glossary file not found"):
        import_glossary(tmp_path / "missing.tbx")
    with pytest.raises(InputError, match=r"glossary path is a directory"):
        import_glossary(tmp_path, format="tbx")
    with pytest.raises(InputError, match=r"missing\.jsonl: glossary file not found"):
        import_glossary(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match=r"invalid UTF-8 \(byte 0xff at offset 2\); convert the file to UTF-8"):
        loads(b'{"\xff', format="jsonl")


def test_exporters_refuse_what_is_not_a_glossary(tmp_path):
    from bri_align.glossary.formats import dumps

    with pytest.raises(InputError, match=r"field 'glossary': glossary must be a Glossary, got str; load a "
                       r"termbase or an export first: bri_align\.glossary\.as_glossary\(path\)"):
        dumps("corpora/termbase", format="tbx")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"glossary must be a Glossary, got NoneType"):
        export_glossary(None, format="jsonl", path=tmp_path / "g.jsonl")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_cli_exports_and_validates_an_export(mini_glossary, tmp_path, capsys):
    from bri_align.cli import main

    tbx = export_glossary(mini_glossary, format="tbx", path=tmp_path / "mini.tbx")
    out = tmp_path / "mini.jsonl"
    assert main(["glossary", "export", str(tbx), "--format", "jsonl", "--out", str(out)]) == 0
    assert import_glossary(out).entries == mini_glossary.entries
    assert main(["glossary", "validate", str(out), "--format", "json"]) == 0
    assert f'"entries": {len(mini_glossary)}' in capsys.readouterr().out
