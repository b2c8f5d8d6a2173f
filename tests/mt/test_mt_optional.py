"""Optional dependencies and loading errors: every raise site of the model plumbing."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import pytest

from bri_align.errors import InputError, MissingDependencyError, ModelNotAvailableError
from bri_align.mt import CausalLMTranslator, CTranslate2Translator, HFSeq2SeqTranslator
from bri_align.mt._loading import choose_device, require_torch_transformers, resolve_model
from bri_align.mt.llm import prepare_for_batching


def test_mt_packages_import_light():
    code = ("import sys, bri_align.mt, bri_align.metrics, bri_align.bench\n"
            "print(' '.join(m for m in ('torch', 'transformers', 'ctranslate2', 'sentencepiece', 'matplotlib') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("missing", ["torch", "transformers"])
def test_missing_torch_or_transformers(monkeypatch, missing):
    monkeypatch.setitem(sys.modules, missing, None)
    with pytest.raises(MissingDependencyError, match=rf"'{missing}' is not installed .*bri-align\[mt\]"):
        require_torch_transformers("tests")
    with pytest.raises(MissingDependencyError, match=missing):
        HFSeq2SeqTranslator("/nowhere").load()
    with pytest.raises(MissingDependencyError, match=missing):
        CausalLMTranslator("/nowhere").load()


def test_empty_model_name():
    with pytest.raises(InputError, match="model is empty"):
        resolve_model("  ")


def test_mps_unavailable():
    torch = pytest.importorskip("torch")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        pytest.skip("this machine has MPS")
    with pytest.raises(InputError, match="Apple MPS is not available"):
        choose_device("mps")


def test_pad_token_for_batching():
    tok = SimpleNamespace(padding_side="right", pad_token_id=None, eos_token="</s>", pad_token=None)
    prepare_for_batching(tok, "m")
    assert tok.padding_side == "left" and tok.pad_token == "</s>"
    bare = SimpleNamespace(padding_side="right", pad_token_id=None, eos_token=None)
    with pytest.raises(InputError, match="m: the tokenizer has neither a pad nor an eos token"):
        prepare_for_batching(bare, "m")


def test_ct2_needs_transformers_for_its_tokenizer(tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2")
    (tmp_path / "model.bin").write_bytes(b"")
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(MissingDependencyError, match=r"'transformers' is not installed .*bri-align\[mt\]"):
        CTranslate2Translator(str(tmp_path)).load()


def test_ct2_folder_without_tokenizer(tmp_path):
    pytest.importorskip("ctranslate2")
    pytest.importorskip("transformers")
    (tmp_path / "model.bin").write_bytes(b"")
    with pytest.raises(ModelNotAvailableError, match="cannot load the tokenizer of the CTranslate2 model.*"
                                                     "tokenizer=PATH"):
        CTranslate2Translator(str(tmp_path)).load()


def test_ct2_bad_device_and_broken_model(tiny_marian, tmp_path):
    pytest.importorskip("ctranslate2")
    (tmp_path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(InputError, match="unknown device 'tpu' for ct2:"):
        CTranslate2Translator(str(tmp_path), tokenizer=str(tiny_marian), device="tpu").load()
    with pytest.raises(ModelNotAvailableError, match="cannot load the CTranslate2 model"):
        CTranslate2Translator(str(tmp_path), tokenizer=str(tiny_marian), device="cpu").load()


def test_ct2_cuda_without_a_device(tiny_marian, tmp_path):
    ct2 = pytest.importorskip("ctranslate2")
    if ct2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a CUDA device")
    (tmp_path / "model.bin").write_bytes(b"x")
    with pytest.raises(InputError, match="CTranslate2 sees no CUDA device"):
        CTranslate2Translator(str(tmp_path), tokenizer=str(tiny_marian), device="cuda").load()
