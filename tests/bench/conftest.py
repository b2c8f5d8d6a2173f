"""Fixtures for the benchmark tests: a tiny policy test set and the tiny Marian model."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiny_models
from bench_data import SEED_MT, segment_rows, write_jsonl

REPO = Path(__file__).resolve().parents[2]
MINI_TERMBASE = REPO / "tests" / "fixtures" / "mini_termbase.yaml"


@pytest.fixture()
def mini_bench(tmp_path) -> Path:
    """A five-segment test set folder (test split; dev = the general part) with shipped seed-mt outputs."""
    d = tmp_path / "bench"
    rows = segment_rows()
    write_jsonl(d / "test.jsonl", rows)
    write_jsonl(d / "dev.jsonl", [r for r in rows if r["subset"] == "general"])
    write_jsonl(d / "systems" / "seed-mt.jsonl", [{"id": k, "en": v} for k, v in SEED_MT.items()])
    return d


@pytest.fixture(scope="session")
def mini_termbase_path() -> str:
    return str(MINI_TERMBASE)


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    return tiny_models.cached("marian", tmp_path_factory)


@pytest.fixture(autouse=True)
def _torch_one_thread():
    with tiny_models.one_thread():
        yield
