"""The bundled termbase: valid, complete enough, checksummed."""

from __future__ import annotations

import hashlib

import pytest

from bri_align import Status, load_termbase


def test_bundled_termbase_validates_and_has_200_entries():
    g = load_termbase()
    assert len(g) >= 200
    for e in g:
        assert len([r for r in e.renderings if r.status is Status.PREFERRED]) == 1
        assert e.sources or e.preferred.source is not None or e.preferred.evidence, e.id


def test_manifest_matches(repo_root):
    folder = repo_root / "corpora" / "termbase"
    lines = (folder / "MANIFEST").read_text(encoding="utf-8").splitlines()
    assert lines
    listed = set()
    for line in lines:
        digest, name = line.split()
        listed.add(name)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert listed == {p.name for p in folder.glob("*.yaml")}


# Part of speech: a discouraged rendering the seed uses and the same-part-of-speech rendering that
# the entry admits in its place (corpora/termbase/README.md, "Part of speech").
POS_ALTERNATIVES = [
    # (entry id, discouraged rendering, admitted rendering of the same part of speech)
    ("jointly-build", "joint construction", "joint pursuit"),
    ("jointly-build", "co-construction", "joint contribution"),
    ("jointly-build", "co-building", "jointly building"),
    ("signature-projects-and-small-yet-smart-programmes",
     "overall coordination and promotion of major landmark projects and small but beautiful people's livelihood projects",
     "pursuit of both signature projects and small yet smart livelihood programs"),
    ("signature-projects-and-small-yet-smart-programmes",
     "coordinated promotion of the construction of major landmark projects and small but beautiful livelihood projects",
     "pursuit of both signature projects and small yet smart livelihood programs"),
    ("common-development", "develop together", "achieve common development"),
    ("deeper-and-more-substantive", "in a deeper and more concrete way", "in greater depth and with more substance"),
    ("minilateral", "small multilaterals", "minilateral cooperation"),
]


@pytest.mark.parametrize("entry_id, discouraged, alternative", POS_ALTERNATIVES,
                         ids=[f"{e}:{d[:20]}" for e, d, _ in POS_ALTERNATIVES])
def test_discouraged_renderings_have_a_same_part_of_speech_alternative(entry_id, discouraged, alternative):
    e = load_termbase().get(entry_id)
    by_en = {r.en: r for r in e.renderings}
    bad = by_en[discouraged]
    assert bad.status in (Status.DEPRECATED, Status.SUPERSEDED) or bad.literal, "not a discouraged rendering"
    alt = by_en[alternative]
    assert alt.status is Status.ADMITTED and not alt.literal
    assert e.note and "Part of speech" in e.note


# Terms the policy benchmark's author flagged as missing ({{...}} marks), and where they live.
ADDED = [
    ("seed.yaml", "地缘冲突", "geopolitical conflicts"),
    ("seed.yaml", "经贸合作", "economic and trade cooperation"),
    ("seed.yaml", "制度型合作", "institutional cooperation"),
    ("seed.yaml", "人工智能", "artificial intelligence"),
    ("wider.yaml", "保护主义", "protectionism"),
    ("wider.yaml", "单边主义", "unilateralism"),
    ("wider.yaml", "联合国2030年可持续发展议程", "2030 Agenda for Sustainable Development"),
    ("wider.yaml", "世界多极化", "multipolar world"),
    ("wider.yaml", "经济全球化", "economic globalization"),
    ("wider.yaml", "和平共处五项原则", "Five Principles of Peaceful Coexistence"),
    ("wider.yaml", "南北合作", "North-South cooperation"),
    ("wider.yaml", "债务陷阱", "debt trap"),
    ("wider.yaml", "现代化产业体系", "modern industrial system"),
    ("wider.yaml", "雅万高铁", "Jakarta-Bandung High-Speed Railway"),
    ("wider.yaml", "丝路海运", "Silk Road Maritime"),
]


@pytest.mark.parametrize("file, zh, preferred", ADDED, ids=[z for _, z, _ in ADDED])
def test_added_terms_are_in_their_file_with_the_expected_preferred(repo_root, file, zh, preferred):
    e = load_termbase(repo_root / "corpora" / "termbase" / file).lookup_zh(zh)
    assert e is not None and e.preferred.en == preferred
    if file == "seed.yaml":  # the seed's own rendering is recorded
        assert any(r.seen_in_seed for r in e.renderings)


def test_debt_trap_is_flagged_as_a_contested_framing():
    e = load_termbase().lookup_zh("债务陷阱")
    assert "contested" in e.note and "so-called" in e.note


def test_every_phrase_the_seed_quotes_is_matched(tmp_path):
    """The build lists quoted phrases that no entry matches as candidates; the seed has none."""
    import json

    from bri_align.glossary_build import build_glossary

    build_glossary(out=tmp_path / "g")
    audit = json.loads((tmp_path / "g" / "audit.json").read_text(encoding="utf-8"))
    assert [c["text"] for c in audit["candidates"] if c["kind"] == "quoted"] == []
    # the check has teeth: with the 7-entry test termbase, quoted phrases are reported
    build_glossary(out=tmp_path / "mini", termbase=repo_root_path() / "tests" / "fixtures" / "mini_termbase.yaml")
    mini = json.loads((tmp_path / "mini" / "audit.json").read_text(encoding="utf-8"))
    assert "heart connectivity" in [c["text"].lower() for c in mini["candidates"] if c["kind"] == "quoted"]


def repo_root_path():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def test_every_rendering_the_seed_uses_is_found_in_the_seed(repo_root):
    """The evidence pass changed statuses, not what the seed says: every rendering marked
    seen_in_seed is still found in the seed (forms compared after the matcher's normalisation:
    'opening-up' is found as 'opening up')."""
    from bri_align import TermMatcher
    from bri_align.text.normalize import normalize_en

    g = load_termbase()
    text = (repo_root / "seeds" / "000_0ae6cc3b95ffe9eb.txt").read_text(encoding="utf-8")
    found = {(m.entry_id, normalize_en(m.form).text)
             for m in TermMatcher.for_glossary(g, lang="en").find(text, all_matches=True)}
    seen = [(e.id, r.en) for e in g for r in e.renderings if r.seen_in_seed]
    assert len(seen) >= 120
    assert [s for s in seen if (s[0], normalize_en(s[1]).text) not in found] == []
