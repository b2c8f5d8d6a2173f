"""Tiny offline models for the MT tests, built once per session (see tests/tiny_models.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiny_models
from bri_align import load_termbase
from bri_align.glossary.model import Glossary
from bri_align.mt.constraints import GlossaryConstraints


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


# A toy termbase over the tiny Marian model's vocabulary (tests/tiny_models.py TOY_DICT), written by
# the bri_align project for these tests: the model renders 小而美 as "small but beautiful", 人类 as
# "mankind", 共建 as "jointly build"... -- the preferred renderings differ, so force mode has work to do.
TOY_TERMBASE = (Path(__file__).resolve().parents[1] / "fixtures" / "toy_marian_termbase.yaml").read_text(
    encoding="utf-8") + """\
  - id: openness
    zh: 开放
    category: policy
    renderings:
      - {en: openness, status: preferred}
      - {en: opening up, status: deprecated}
  - id: bri
    zh: 一带一路
    category: programme
    renderings:
      - {en: Belt and Road, status: preferred}
  - id: green-development
    zh: 发展
    category: policy
    renderings:
      - {en: green development, status: preferred}
      - {en: development, status: admitted}
"""


@pytest.fixture(scope="session")
def toy_glossary(tmp_path_factory) -> Glossary:
    path = tmp_path_factory.mktemp("toy-termbase") / "toy.yaml"
    path.write_text(TOY_TERMBASE, encoding="utf-8")
    return load_termbase(path)


@pytest.fixture(scope="session")
def toy_sources(toy_glossary):
    """60 toy sentences that contain glossary terms (the model's own kind of input)."""
    gc = GlossaryConstraints(toy_glossary)
    out = [zh for zh, _ in tiny_models.synthetic_pairs(300, seed=7) if gc.for_source(zh)]
    return list(dict.fromkeys(out))[:60]
