"""The second term-alignment development set (corpora/term_align_dev2, issue 13): card, checksums,
counts, offsets, reproducible build, glossary links restricted to the scored termbase files, and its
separation from the dev, test and blind sets (a data check: their sentences are read here only to
prove that dev2 shares no sentence with them)."""

from __future__ import annotations

import hashlib
import importlib.util
import json

import pytest

FILES = {"README.md", "source.txt", "term_align_dev2.jsonl", "terms.txt"}


@pytest.fixture(scope="module")
def dev2_dir(repo_root):
    return repo_root / "corpora" / "term_align_dev2"


@pytest.fixture(scope="module")
def build(repo_root):
    path = repo_root / "corpora" / "term_align" / "build.py"
    spec = importlib.util.spec_from_file_location("term_align_build_dev2", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def rows(dev2_dir):
    return _jsonl(dev2_dir / "term_align_dev2.jsonl")


@pytest.fixture(scope="module")
def terms(dev2_dir):
    return (dev2_dir / "terms.txt").read_text(encoding="utf-8").splitlines()


def test_manifest_freezes_every_file(dev2_dir):
    lines = (dev2_dir / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    names = {ln.split("  ", 1)[1] for ln in lines}
    assert names == FILES
    assert {p.name for p in dev2_dir.iterdir()} == FILES | {"MANIFEST.sha256"}
    for ln in lines:
        digest, name = ln.split("  ", 1)
        assert hashlib.sha256((dev2_dir / name).read_bytes()).hexdigest() == digest, name


def test_card_states_authorship_licence_and_rules(dev2_dir):
    card = (dev2_dir / "README.md").read_text(encoding="utf-8")
    assert "written by the bri_align" in card and "not official" in card and "December 2026" in card
    assert "license: cc-by-4.0" in card and "CC BY 4.0" in card
    assert "Annotation rules" in card and "second development set" in card


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
    ids = [r["id"] for r in rows]
    assert ids == [f"d2-{i:03d}" for i in range(1, len(rows) + 1)]
    for r in rows:
        assert "written by the bri_align project" in r["provenance"]
        assert "second development set" in r["provenance"]
        for lk in r["links"]:
            assert r["zh"][lk["zh_start"]:lk["zh_end"]] == lk["zh"], (r["id"], lk)
            if lk["en"] is not None:
                assert r["en"][lk["en_start"]:lk["en_end"]] == lk["en"], (r["id"], lk)
                # no surrounding punctuation or quotes, no leading article (annotation rules)
                assert lk["en"] == lk["en"].strip(" ,.;:\"'“”"), (r["id"], lk)
                assert lk["en"].split()[0].lower() not in {"the", "a", "an"}, (r["id"], lk)
            else:
                assert lk["en_start"] is None and lk["en_end"] is None
            assert (lk["kind"] == "glossary") == (lk["entry_id"] is not None)
            if lk["kind"] == "user":
                assert lk["zh"] in terms


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
        other = _jsonl(built)
        assert not {r["zh"] for r in rows} & {r["zh"] for r in other}, name
        assert not {r["en"] for r in rows} & {r["en"] for r in other}, name
        if term_file is not None:  # user terms may recur in the blind set, not in dev or test
            assert not set(terms) & set(term_file.read_text(encoding="utf-8").split()), name


def test_other_splits_unchanged_by_the_dev2_build(repo_root):
    for folder in ("term_align", "term_align_blind"):
        d = repo_root / "corpora" / folder
        for ln in (d / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines():
            digest, name = ln.split("  ", 1)
            assert hashlib.sha256((d / name).read_bytes()).hexdigest() == digest, (folder, name)
