"""The compiled-termbase cache: same glossary, never stale, never in the way."""

from __future__ import annotations

import shutil

import pytest

from bri_align.errors import GlossaryError
from bri_align.glossary import loader
from bri_align.glossary.loader import load_termbase
from bri_align.io import cache_dir


@pytest.fixture()
def termbase(tmp_path, monkeypatch, repo_root):
    monkeypatch.setenv("BRI_ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    tb = tmp_path / "tb"
    shutil.copytree(repo_root / "tests" / "fixtures", tb, ignore=shutil.ignore_patterns("*.md", "toy_*"))
    return tb


def _parse_forbidden(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("parsed although the cache holds this termbase")

    monkeypatch.setattr(loader, "parse_termbase_text", boom)


def test_second_load_comes_from_the_cache_and_is_equal(termbase, monkeypatch):
    first = load_termbase(termbase)
    assert len(list(cache_dir().glob("*.json"))) == 1
    _parse_forbidden(monkeypatch)
    second = load_termbase(termbase)
    assert second == first and second.signature() == first.signature() and second.name == first.name


def test_an_edited_file_is_parsed_again(termbase, monkeypatch):
    load_termbase(termbase)
    f = next(termbase.glob("*.yaml"))
    f.write_text(f.read_text(encoding="utf-8").replace("entries:", "entries:\n", 1), encoding="utf-8")
    calls = []
    real = loader.parse_termbase_text
    monkeypatch.setattr(loader, "parse_termbase_text", lambda *a, **k: calls.append(1) or real(*a, **k))
    load_termbase(termbase)
    assert calls


def test_errors_are_never_cached(termbase):
    f = next(termbase.glob("*.yaml"))
    f.write_text(f.read_text(encoding="utf-8").replace("status: preferred", "status: prefered", 1),
                 encoding="utf-8")
    for _ in range(2):
        with pytest.raises(GlossaryError, match=r"unknown status 'prefered'"):
            load_termbase(termbase)
    assert not list(cache_dir().glob("*.json"))


def test_a_corrupt_cache_file_is_ignored_and_rewritten(termbase):
    first = load_termbase(termbase)
    (cached,) = cache_dir().glob("*.json")
    cached.write_text("{not json", encoding="utf-8")
    assert load_termbase(termbase) == first
    assert cached.read_text(encoding="utf-8").startswith('{"schema"')


def test_cache_off_or_unwritable(termbase, monkeypatch, tmp_path):
    monkeypatch.setenv("BRI_ALIGN_CACHE", "off")
    assert cache_dir() is None
    load_termbase(termbase)
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("BRI_ALIGN_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BRI_ALIGN_CACHE_DIR", str(blocker / "cache"))  # parent is a file: cannot be made
    assert len(load_termbase(termbase)) > 0
