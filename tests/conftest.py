"""Shared test fixtures (the lead's file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"

# Tests never touch the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The compiled-termbase cache of the tests lives in a private temporary folder, never in
# the user's ~/.cache (subprocess CLI tests inherit it).
if "BRI_ALIGN_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["BRI_ALIGN_CACHE_DIR"] = tempfile.mkdtemp(prefix="bri-align-test-cache-")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def mini_glossary():
    from bri_align import load_termbase

    return load_termbase(FIXTURES / "mini_termbase.yaml")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (REPO / "seeds" / "000_0ae6cc3b95ffe9eb.txt").read_text(encoding="utf-8")
