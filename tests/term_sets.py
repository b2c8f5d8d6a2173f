"""Shared checks of the frozen term-alignment sets (corpora/term_align_blind, corpora/term_align_dev2):
the builder module, JSONL rows, the checksum manifest, the card, and each link's offsets."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path


def load_build(repo_root: Path, module_name: str):
    """corpora/term_align/build.py as a module (it is a script, not part of the package)."""
    path = repo_root / "corpora" / "term_align" / "build.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_jsonl(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_manifest(folder: Path, files: set) -> None:
    """MANIFEST.sha256 names exactly ``files``, the folder holds nothing else, every digest holds."""
    lines = (folder / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    assert {ln.split("  ", 1)[1] for ln in lines} == files
    assert {p.name for p in folder.iterdir()} == files | {"MANIFEST.sha256"}
    check_digests(folder)


def check_digests(folder: Path) -> None:
    for ln in (folder / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = ln.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (folder.name, name)


def check_card(folder: Path, marker: str) -> None:
    """The card says who wrote the set, that it is not official text, its licence and its rules."""
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "written by the bri_align" in card and "not official" in card and "December 2026" in card
    assert "license: cc-by-4.0" in card and "CC BY 4.0" in card
    assert "Annotation rules" in card and marker in card


def check_links(rows: list, terms: list, *, prefix: str, provenance: str, strip: str) -> None:
    """Row ids in order, provenance, every link's text equal to its slice on both sides, no
    surrounding ``strip`` characters, untranslated terms without English offsets, glossary links
    with an entry id, user links among the listed terms."""
    assert [r["id"] for r in rows] == [f"{prefix}-{i:03d}" for i in range(1, len(rows) + 1)]
    for r in rows:
        assert "written by the bri_align project" in r["provenance"] and provenance in r["provenance"]
        for lk in r["links"]:
            assert r["zh"][lk["zh_start"]:lk["zh_end"]] == lk["zh"], (r["id"], lk)
            if lk["en"] is not None:
                assert r["en"][lk["en_start"]:lk["en_end"]] == lk["en"], (r["id"], lk)
                assert lk["en"] == lk["en"].strip(strip), (r["id"], lk)
            else:
                assert lk["en_start"] is None and lk["en_end"] is None
            assert (lk["kind"] == "glossary") == (lk["entry_id"] is not None)
            if lk["kind"] == "user":
                assert lk["zh"] in terms
