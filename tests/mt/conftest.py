"""Tiny offline models for the MT tests, built once per session (see tests/tiny_models.py)."""

from __future__ import annotations

import pytest

import tiny_models


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory):
    return tiny_models.cached("marian", tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_llm(tmp_path_factory):
    return tiny_models.cached("llama_chat", tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_m2m100(tmp_path_factory):
    return tiny_models.cached("m2m100", tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory):
    return tiny_models.cached("nllb", tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_mbart50(tmp_path_factory):
    return tiny_models.cached("mbart50", tmp_path_factory)


@pytest.fixture(autouse=True)
def _torch_one_thread():
    with tiny_models.one_thread():
        yield
