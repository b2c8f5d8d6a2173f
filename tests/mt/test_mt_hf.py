"""``hf:`` seq2seq models on tiny offline models: batching, language codes, offline loading."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

import tiny_models  # noqa: E402
from bri_align.errors import InputError, ModelNotAvailableError  # noqa: E402
from bri_align.mt import HFSeq2SeqTranslator, make_translator  # noqa: E402
from bri_align.mt._loading import choose_device, choose_dtype, language_setup, resolve_model  # noqa: E402


@pytest.fixture(scope="module")
def marian(tiny_marian):
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=1, max_length=24, batch_size=3)
    return tr.load()


def test_marian_batched_equals_one_by_one(marian):
    batched = marian.translate(tiny_models.SAMPLE_ZH, batch_size=3)
    single = [marian.translate([s], batch_size=1)[0] for s in tiny_models.SAMPLE_ZH]
    assert batched == single
    assert all(isinstance(o, str) for o in batched)
    assert len(set(batched)) > 2  # outputs depend on the input


def test_marian_translates_the_toy_data(marian):
    # trained for a few hundred steps on TOY_DICT sentences: most outputs start right
    out = marian.translate(tiny_models.SAMPLE_ZH)
    firsts = [next(tiny_models.TOY_DICT[w] for w in tiny_models.ZH_WORDS if s.startswith(w))
              for s in tiny_models.SAMPLE_ZH]
    assert sum(o.startswith(f) for o, f in zip(out, firsts)) >= len(out) // 2


def test_marian_family_and_signature(marian):
    assert marian.language.family == "marian" and marian.language.forced_bos_token_id is None
    sig = marian.signature()
    for part in ("translator:hf.v1", "family:marian", "beam:1", "decoding:greedy", "device:cpu", "dtype:float32",
                 "transformers:", "mode:off"):
        assert part in sig


def test_marian_throughput_counts_tokens(marian):
    run = marian.run(tiny_models.SAMPLE_ZH)
    thr = run.throughput
    assert thr.sentences == len(tiny_models.SAMPLE_ZH) and thr.output_tokens > 0
    assert thr.device == "cpu" and thr.tokens_per_s > 0


def test_beam_search_runs(tiny_marian):
    tr = make_translator(f"hf:{tiny_marian}", beam_size=3, max_length=16, batch_size=4)
    out = tr.translate(tiny_models.SAMPLE_ZH[:3])
    assert len(out) == 3 and "beam:3" in tr.signature()


def _first_generated(tr, text):
    import torch

    enc = tr.tokenizer([text], return_tensors="pt")
    with torch.inference_mode():
        out = tr.model.generate(**enc, **tr._generate_kwargs())
    return out[0].tolist()


def test_nllb_language_codes(tiny_nllb):
    tr = HFSeq2SeqTranslator(str(tiny_nllb), beam_size=1, max_length=6).load()
    tok = tr.tokenizer
    lang = tr.language
    assert (lang.family, lang.src_lang, lang.tgt_lang) == ("nllb", "zho_Hans", "eng_Latn")
    assert tok.src_lang == "zho_Hans"
    assert lang.forced_bos_token_id == tok.convert_tokens_to_ids("eng_Latn")
    ids = tok("一带一路").input_ids
    assert ids[0] == tok.convert_tokens_to_ids("zho_Hans")  # the source code leads the input
    assert _first_generated(tr, "一带一路")[1] == lang.forced_bos_token_id
    out = tr.translate(["一带一路", "合作"])
    assert not any("eng_Latn" in o or "zho_Hans" in o for o in out)


def test_nllb_code_override_and_unknown_code(tiny_nllb):
    tr = HFSeq2SeqTranslator(str(tiny_nllb), src_lang="zho_Hant", beam_size=1, max_length=4).load()
    assert tr.tokenizer.src_lang == "zho_Hant"
    with pytest.raises(InputError, match="NLLB language code 'zh' is not in the tokenizer"):
        HFSeq2SeqTranslator(str(tiny_nllb), src_lang="zh").load()


def test_m2m100_language_codes(tiny_m2m100):
    tr = HFSeq2SeqTranslator(str(tiny_m2m100), beam_size=1, max_length=6).load()
    tok = tr.tokenizer
    lang = tr.language
    assert (lang.family, lang.src_lang, lang.tgt_lang) == ("m2m100", "zh", "en")
    assert tok.src_lang == "zh"
    assert lang.forced_bos_token_id == tok.get_lang_id("en")
    assert tok("一带一路").input_ids[0] == tok.get_lang_id("zh")
    assert _first_generated(tr, "一带一路")[1] == tok.get_lang_id("en")
    assert not any("__en__" in o or "__zh__" in o for o in tr.translate(["一带一路合作"]))
    with pytest.raises(InputError, match="M2M100 language code 'eng_Latn' is unknown"):
        HFSeq2SeqTranslator(str(tiny_m2m100), tgt_lang="eng_Latn").load()


def test_mbart50_language_codes(tiny_mbart50):
    tr = HFSeq2SeqTranslator(str(tiny_mbart50), beam_size=1, max_length=6).load()
    tok = tr.tokenizer
    lang = tr.language
    assert (lang.family, lang.src_lang, lang.tgt_lang) == ("mbart50", "zh_CN", "en_XX")
    assert tok.src_lang == "zh_CN"
    assert lang.forced_bos_token_id == tok.lang_code_to_id["en_XX"]
    assert _first_generated(tr, "一带一路")[1] == tok.lang_code_to_id["en_XX"]
    with pytest.raises(InputError, match="mBART-50 language code 'zh' is unknown"):
        language_setup(tok, src_lang="zh")


def test_marian_takes_no_codes(tiny_marian):
    with pytest.raises(InputError, match="takes no language codes"):
        HFSeq2SeqTranslator(str(tiny_marian), src_lang="zh").load()


def test_offline_hub_id_is_not_available(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailableError, match=r"model 'bri-align-test/no-such-model' is not available "
                       r"offline .*hf download bri-align-test/no-such-model --local-dir DIR.*hf:DIR"):
        make_translator("hf:bri-align-test/no-such-model").load()


def test_not_cached_without_download_permission(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    with pytest.raises(ModelNotAvailableError, match="it is not a local directory and not in the Hugging Face cache"):
        resolve_model("bri-align-test/no-such-model")
    assert resolve_model("bri-align-test/no-such-model", allow_download=True) == ("bri-align-test/no-such-model",
                                                                                  False)


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: p.mkdir(), "not a model directory \\(no config.json\\)"),
        (lambda p: None, "no such model directory"),
    ],
)
def test_bad_local_paths(tmp_path, setup, message):
    target = tmp_path / "model"
    setup(target)
    with pytest.raises(ModelNotAvailableError, match=message):
        HFSeq2SeqTranslator(str(target)).load()


def test_broken_model_folder(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    with pytest.raises(ModelNotAvailableError, match="cannot load a seq2seq model and tokenizer"):
        HFSeq2SeqTranslator(str(tmp_path)).load()


def test_device_and_dtype_choice():
    import torch

    if not torch.cuda.is_available():
        assert choose_device("auto") in ("cpu", "mps")
        with pytest.raises(InputError, match="CUDA is not available"):
            choose_device("cuda")
    assert choose_device("cpu") == "cpu"
    with pytest.raises(InputError, match="unknown device 'tpu'"):
        choose_device("tpu")
    assert choose_dtype("auto", "cpu") == torch.float32
    assert choose_dtype("bfloat16", "cpu") == torch.bfloat16
    with pytest.raises(InputError, match="unknown dtype 'int4'"):
        choose_dtype("int4", "cpu")
