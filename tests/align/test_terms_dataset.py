"""The project's term-alignment test set (corpora/term_align): card, checksums, offsets, counts."""

from __future__ import annotations

import hashlib
import importlib.util
import json

import pytest


@pytest.fixture(scope="module")
def data_dir(repo_root):
    return repo_root / "corpora" / "term_align"


@pytest.fixture(scope="module")
def rows(data_dir):
    return [json.loads(line) for line in (data_dir / "term_align.jsonl").read_text(encoding="utf-8").splitlines()]


def test_manifest_checksums(data_dir):
    lines = (data_dir / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    names = {ln.split("  ", 1)[1] for ln in lines}
    assert {"README.md", "source.txt", "build.py", "term_align.jsonl", "terms.txt"} <= names
    for ln in lines:
        digest, name = ln.split("  ", 1)
        assert hashlib.sha256((data_dir / name).read_bytes()).hexdigest() == digest, name


def test_card_states_authorship_and_licence(data_dir):
    card = (data_dir / "README.md").read_text(encoding="utf-8")
    assert "written by the bri_align" in card and "not official text" in card
    assert "license: cc-by-4.0" in card and "CC BY 4.0" in card


def test_sizes(rows):
    links = [lk for r in rows for lk in r["links"]]
    assert len(rows) >= 120
    assert len(links) >= 200
    assert sum(lk["kind"] == "user" for lk in links) >= 50
    assert {r["style"] for r in rows} == {"official", "literal", "mixed", "free"}


def test_offsets_and_provenance(rows):
    for r in rows:
        assert "written by the bri_align project" in r["provenance"]
        for lk in r["links"]:
            assert r["zh"][lk["zh_start"]:lk["zh_end"]] == lk["zh"]
            if lk["en"] is not None:
                assert r["en"][lk["en_start"]:lk["en_end"]] == lk["en"]
                assert lk["en"] == lk["en"].strip()
                assert not lk["en"].lower().startswith(("the ", "a ", "an "))
            assert (lk["kind"] == "glossary") == (lk["entry_id"] is not None)


def test_build_reproduces_the_data(data_dir, rows):
    spec = importlib.util.spec_from_file_location("term_align_build", data_dir / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rebuilt = mod.parse(data_dir / "source.txt")
    assert rebuilt == rows
    terms = (data_dir / "terms.txt").read_text(encoding="utf-8").splitlines()
    assert terms == mod.user_terms(rebuilt)


def test_entry_ids_exist_and_user_terms_are_not_glossary_terms(rows, data_dir):
    from bri_align import load_termbase

    glossary = load_termbase()
    for r in rows:
        for lk in r["links"]:
            if lk["kind"] == "glossary":
                assert lk["entry_id"] in glossary, lk
    for t in (data_dir / "terms.txt").read_text(encoding="utf-8").split():
        assert glossary.lookup_zh(t) is None, t
