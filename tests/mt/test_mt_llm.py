"""``llm:`` causal language models through their chat template (tiny random Llama)."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

import tiny_models  # noqa: E402
from bri_align.errors import InputError, ModelNotAvailableError  # noqa: E402
from bri_align.mt import DEFAULT_PROMPT, CausalLMTranslator, make_translator  # noqa: E402


@pytest.fixture(scope="module")
def llm(tiny_llm):
    return make_translator(f"llm:{tiny_llm}", max_length=8, batch_size=3).load()


def test_prompt_goes_through_the_chat_template(llm):
    prompt = llm.build_prompt("一带一路")
    assert prompt.startswith("<|user|>") and prompt.endswith("<|assistant|>")
    assert DEFAULT_PROMPT.replace("{source}", "一带一路") in prompt


def test_system_prompt(tiny_llm):
    tr = CausalLMTranslator(str(tiny_llm), system_prompt="You translate policy texts.", prompt="ZH: {source}")
    assert tr.build_prompt("合作") == ("<|system|>You translate policy texts.<|end|><|user|>ZH: 合作<|end|>"
                                       "<|assistant|>")


def test_left_padding_batched_equals_one_by_one(llm):
    assert llm.tokenizer.padding_side == "left"
    batched = llm.translate(tiny_models.SAMPLE_ZH, batch_size=3)
    single = [llm.translate([s], batch_size=1)[0] for s in tiny_models.SAMPLE_ZH]
    assert batched == single
    assert len(set(batched)) > 1


def test_greedy_and_signature(llm):
    run = llm.run(tiny_models.SAMPLE_ZH[:2])
    assert run.throughput.output_tokens > 0
    sig = llm.signature()
    for part in ("translator:llm.v1", "decoding:greedy", "max_new:8", "prompt_sha:"):
        assert part in sig


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("  Belt and Road cooperation.  ", "Belt and Road cooperation."),
        ("Belt and Road.\n\nNote: 一带一路 is ...", "Belt and Road."),
        ("Line one\nline two", "Line one\nline two"),
    ],
)
def test_answer_cleaning(raw, clean):
    assert CausalLMTranslator._clean(raw) == clean


def test_model_without_chat_template(tmp_path):
    path = tiny_models.build_llama_chat(tmp_path / "plain", chat_template=False)
    with pytest.raises(InputError, match="the tokenizer has no chat template"):
        CausalLMTranslator(str(path)).load()


def test_broken_model_folder(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")
    with pytest.raises(ModelNotAvailableError, match="cannot load a causal language model"):
        CausalLMTranslator(str(tmp_path)).load()
