"""``ct2:`` CTranslate2 models: the optional extra, conversion of the tiny Marian model."""

from __future__ import annotations

import sys

import pytest

import tiny_models
from bri_align.errors import MissingDependencyError, ModelNotAvailableError
from bri_align.mt import CTranslate2Translator, convert_to_ct2, make_translator
from bri_align.mt.ct2 import require_ctranslate2


def test_missing_ctranslate2_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # makes `import ctranslate2` fail
    with pytest.raises(MissingDependencyError, match=r'pip install "bri-align\[ct2\]"'):
        require_ctranslate2()
    with pytest.raises(MissingDependencyError, match="ctranslate2"):
        CTranslate2Translator("/nowhere").load()


def test_not_a_ct2_folder(tmp_path):
    pytest.importorskip("ctranslate2")
    with pytest.raises(ModelNotAvailableError, match=r"not a CTranslate2 model folder \(no model.bin\)"):
        CTranslate2Translator(str(tmp_path)).load()


def test_convert_needs_a_transformers_folder(tmp_path):
    pytest.importorskip("ctranslate2")
    with pytest.raises(ModelNotAvailableError, match="not a transformers model folder"):
        convert_to_ct2(str(tmp_path), str(tmp_path / "out"))


def test_converted_marian_matches_transformers(tiny_marian, tmp_path):
    pytest.importorskip("ctranslate2")
    out = convert_to_ct2(str(tiny_marian), str(tmp_path / "ct2"))
    assert (out / "model.bin").is_file() and (out / "source.spm").is_file()
    ct2 = make_translator(f"ct2:{out}", beam_size=1, max_length=64, batch_size=3, device="cpu")
    hf = make_translator(f"hf:{tiny_marian}", beam_size=1, max_length=64, batch_size=3)
    assert ct2.translate(tiny_models.SAMPLE_ZH) == hf.translate(tiny_models.SAMPLE_ZH)
    run = ct2.run(tiny_models.SAMPLE_ZH)
    assert run.throughput.output_tokens > 0 and run.throughput.device == "cpu"
    assert "translator:ct2.v1" in ct2.signature() and "ctranslate2:" in ct2.signature()
