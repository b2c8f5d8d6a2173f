"""The second term-alignment development set (corpora/term_align_dev2, issue 13): card, checksums,
counts, offsets, reproducible build, glossary links restricted to the scored termbase files, and its
separation from the dev, test and blind sets (a data check: their sentences are read here only to
prove that dev2 shares no sentence with them)."""

from __future__ import annotations

import pytest
from term_sets import check_card, check_digests, check_links, check_manifest, load_build, read_jsonl

FILES = {"README.md", "source.txt", "term_align_dev2.jsonl", "terms.txt"}


@pytest.fixture(scope="module")
def dev2_dir(repo_root):
    return repo_root / "corpora" / "term_align_dev2"


@pytest.fixture(scope="module")
def build(repo_root):
    return load_build(repo_root, "term_align_build_dev2")


@pytest.fixture(scope="module")
def rows(dev2_dir):
    return read_jsonl(dev2_dir / "term_align_dev2.jsonl")


@pytest.fixture(scope="module")
def terms(dev2_dir):
    return (dev2_dir / "terms.txt").read_text(encoding="utf-8").splitlines()


def test_manifest_freezes_every_file(dev2_dir):
    check_manifest(dev2_dir, FILES)


def test_card_states_authorship_licence_and_rules(dev2_dir):
    check_card(dev2_dir, "second development set")


def test_counts(rows, terms):
    links = [lk for r in rows for lk in r["links"]]
    users = [lk for lk in links if lk["kind"] == "user"]
    assert len(rows) >= 250
    assert len(links) >= 450
    assert 2 * len(users) >= len(links)
    assert 50 <= len(terms) <= 80 and len(set(terms)) == len(terms)
    assert {lk["zh"] for lk in users} == set(terms)
    assert {r["style"] for r in rows} == {"official", "literal", "mixed", "free"}
    # terms the translator left out are part of the set, on both sides
    assert any(lk["en"] is None and lk["kind"] == "user" for lk in links)
    assert any(lk["en"] is None and lk["kind"] == "glossary" for lk in links)


def test_offsets_and_provenance(rows, terms):
    check_links(rows, terms, prefix="d2", provenance="second development set", strip=" ,.;:\"'“”")
    for r in rows:  # no leading article (annotation rules)
        for lk in r["links"]:
            if lk["en"] is not None:
                assert lk["en"].split()[0].lower() not in {"the", "a", "an"}, (r["id"], lk)


def test_build_reproduces_the_data(dev2_dir, build, rows, terms):
    source, _built, _terms, prefix, provenance = build.SPLITS["dev2"]
    rebuilt = build.parse(dev2_dir / source, prefix=prefix, provenance=provenance)
    assert rebuilt == rows
    assert terms == build.user_terms(rebuilt)


def test_glossary_links_name_scored_entries_and_user_terms_are_not_termbase_terms(repo_root, rows, terms):
    from bri_align import load_termbase

    folder = repo_root / "corpora" / "termbase"
    scored = {e.id for f in ("seed.yaml", "wider.yaml") for e in load_termbase(str(folder / f))}
    for r in rows:
        for lk in r["links"]:
            if lk["kind"] == "glossary":
                assert lk["entry_id"] in scored, (r["id"], lk["entry_id"])
    whole = load_termbase(str(folder))
    assert [t for t in terms if whole.lookup_zh(t) is not None] == []


def test_dev2_shares_no_sentence_with_dev_test_or_blind(repo_root, rows, terms):
    ta = repo_root / "corpora" / "term_align"
    others = {
        "test": (ta / "term_align.jsonl", ta / "terms.txt"),
        "dev": (ta / "term_align_dev.jsonl", ta / "dev_terms.txt"),
        "blind": (repo_root / "corpora" / "term_align_blind" / "term_align_blind.jsonl", None),
    }
    for name, (built, term_file) in others.items():
        other = read_jsonl(built)
        assert not {r["zh"] for r in rows} & {r["zh"] for r in other}, name
        assert not {r["en"] for r in rows} & {r["en"] for r in other}, name
        if term_file is not None:  # user terms may recur in the blind set, not in dev or test
            assert not set(terms) & set(term_file.read_text(encoding="utf-8").split()), name


def test_other_splits_unchanged_by_the_dev2_build(repo_root):
    for folder in ("term_align", "term_align_blind"):
        check_digests(repo_root / "corpora" / folder)
