"""Glossary-aware translation on the tiny offline models: force/bias/ban (hf:), prompt (llm:)
and ban (ct2:) modes; needs torch and transformers."""

from __future__ import annotations

import pytest

import tiny_models
from bri_align._version import __version__
from bri_align.errors import InputError
from bri_align.signature import strip_version

pytest.importorskip("torch")
pytest.importorskip("transformers")

from bri_align.metrics.terminology import TermScorer, TermSegment  # noqa: E402
from bri_align.mt import CausalLMTranslator, CTranslate2Translator, HFSeq2SeqTranslator  # noqa: E402


def _judge(glossary, sources, outputs):
    scorer = TermScorer(glossary, banned_forms=())
    counts = [scorer.judge(TermSegment(str(i), s, o, scorer.source_terms(s))).counts
              for i, (s, o) in enumerate(zip(sources, outputs))]
    return (sum(c.success for c in counts), sum(c.source_terms for c in counts),
            sum(c.deprecated for c in counts))


@pytest.fixture(scope="module")
def forced(tiny_marian, toy_glossary, toy_sources):
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8, glossary=toy_glossary,
                             mode="force").load()
    return tr, tr.translate(toy_sources)


def test_transformers_hands_the_processor_beam_rows_of_log_probs(tiny_marian):
    """The contract the processor relies on (transformers 5.24): rows = batch * num_beams, each starting
    with the decoder start token, and log-softmaxed scores under beam search."""
    import torch
    from transformers import LogitsProcessorList

    tr = HFSeq2SeqTranslator(str(tiny_marian)).load()
    seen = []

    class Record:
        def __call__(self, input_ids, scores):
            seen.append((tuple(input_ids.shape), set(input_ids[:, 0].tolist()),
                         float(torch.logsumexp(scores, -1).abs().max())))
            return scores

    record = Record()
    enc = tr.tokenizer(tiny_models.SAMPLE_ZH[:2], return_tensors="pt", padding=True)
    tr.model.generate(**enc, num_beams=4, max_new_tokens=3, logits_processor=LogitsProcessorList([record]))
    start = tr.model.config.decoder_start_token_id
    assert seen[0][0] == (8, 1) and seen[1][0] == (8, 2) and seen[0][1] == {start}
    assert all(lse < 1e-4 for _, _, lse in seen)


def test_force_puts_every_preferred_rendering_in(forced, toy_glossary, toy_sources):
    tr, out = forced
    ok, total, deprecated = _judge(toy_glossary, toy_sources, out)
    assert total >= 60 and ok == total  # 100% term success, beam 4, batches of 8
    assert deprecated == 0
    assert tr.constraint_stats["forced_start"] > 0


def test_force_never_writes_a_banned_rendering(forced, toy_glossary, toy_sources):
    tr, out = forced
    cons = tr.term_constraints(toy_sources)
    assert sum(len(c.banned) for cs in cons for c in cs) > 10
    for cs, o in zip(cons, out):
        for c in cs:
            for b in c.banned:
                assert b.casefold() not in o.casefold()


def test_force_is_batch_invariant_and_deterministic(forced, toy_sources):
    tr, out = forced
    assert tr.translate(toy_sources, batch_size=1) == out
    assert tr.translate(toy_sources) == out


def test_force_with_given_terms(tiny_marian, toy_glossary):
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=2, max_length=16, glossary=toy_glossary, mode="force")
    # 贸易 has no glossary term: the given term list decides what is forced
    out = tr.translate(["贸易。", "贸易。"], terms=[["humanity"], []])
    assert "humanity" in out[0] and "humanity" not in out[1]
    with pytest.raises(InputError, match="terms has 1 items for 2 sentences"):
        tr.translate(["贸易。", "贸易。"], terms=[["humanity"]])


def test_force_signature(forced, toy_glossary):
    tr, _ = forced
    sig = tr.signature()
    assert sig.startswith(f"translator:hf.v1|name:{tr.name}|model:") and sig.count("|bri_align:") == 1
    for part in ("|mode:force|", "|constraints:constraints.v1|", "|start_bias:1|", "|open_bias:5|",
                 f"|glossary:{strip_version(toy_glossary.signature())}|bri_align:{__version__}"):
        assert part in sig


def test_bias_pulls_towards_the_phrase(tiny_marian, toy_glossary):
    sources = [zh for zh, _ in tiny_models.synthetic_pairs(200, seed=7) if "发展" in zh]
    gloss = toy_glossary.subset(["green-development"])
    off = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8).translate(sources)
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8, glossary=gloss,
                             mode="bias", term_bias=10.0)
    out = tr.translate(sources)
    hits_off = sum("green development" in o for o in off)
    hits_bias = sum("green development" in o for o in out)
    assert len(sources) >= 15 and hits_off == 0 and hits_bias >= len(sources) // 3
    assert tr.translate(sources, batch_size=1) == out  # per-row bias: batching does not matter
    assert "|term_bias:10|" in tr.signature()


def test_ban_mode_keeps_deprecated_renderings_out(tiny_marian, toy_glossary, toy_sources):
    off = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8).translate(toy_sources)
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8, glossary=toy_glossary,
                             mode="ban")
    out = tr.translate(toy_sources)
    assert _judge(toy_glossary, toy_sources, off)[2] > 10
    assert _judge(toy_glossary, toy_sources, out)[2] == 0


def test_encoded_constraints_need_a_mode(tiny_marian):
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=1, max_length=8)
    with pytest.raises(InputError, match="runs with mode='off'; it has no term constraints"):
        tr.encoded_constraints(["小而美。"])
    with pytest.raises(InputError, match="this translator has no glossary"):
        tr.term_constraints(["小而美。"])


# ------------------------------------------------------------------ llm: prompt mode
def test_prompt_mode_puts_the_glossary_lines_in_the_prompt(tiny_llm, mini_glossary):
    tr = CausalLMTranslator(str(tiny_llm), glossary=mini_glossary, mode="prompt", max_new_tokens=6, batch_size=2)
    msgs = tr.build_messages("共建“一带一路”和一带一路倡议。")
    user = msgs[-1]["content"]
    assert user.startswith("Translate the following Chinese text into English.")
    assert ("Use these English renderings for the terms in the text:\n"
            "- 共建“一带一路” -> Belt and Road cooperation "
            "(do not use: joint construction of the Belt and Road)\n"
            "- 一带一路 -> Belt and Road Initiative (do not use: One Belt, One Road)\n\n"
            "Text to translate:\n共建“一带一路”和一带一路倡议。") in user
    prompt = tr.build_prompt("大写意")
    assert prompt.startswith("<|user|>")
    assert "- 大写意 -> broad strokes (do not use: big freehand brushwork)" in prompt
    plain = CausalLMTranslator(str(tiny_llm), max_new_tokens=6)
    assert tr.build_prompt("贸易。") == plain.build_prompt("贸易。")  # no term: the plain prompt
    given = tr.term_constraints(["亚投行"])[0]  # constraints given instead of found in the sentence
    assert "- 亚投行 -> Asian Infrastructure Investment Bank" in tr.build_messages("合作", given)[-1]["content"]
    src = ["小而美的项目。", "贸易。", "工笔画。"]
    assert tr.translate(src) == [tr.translate([s], batch_size=1)[0] for s in src]
    assert "mode:prompt" in tr.signature() and "glossary_prompt_sha:" in tr.signature()


def test_prompt_mode_glossary_placeholder(tiny_llm, mini_glossary):
    tr = CausalLMTranslator(str(tiny_llm), glossary=mini_glossary, mode="prompt",
                            prompt="{glossary}Translate into English: {source}")
    assert tr.build_messages("小而美")[-1]["content"] == (
        "Use these English renderings for the terms in the text:\n"
        "- 小而美 -> small yet smart (do not use: small but beautiful)\n\nTranslate into English: 小而美")
    assert tr.build_messages("贸易")[-1]["content"] == "Translate into English: 贸易"


# ------------------------------------------------------------------ ct2: ban mode
def test_ct2_ban_mode(tiny_marian, toy_glossary, toy_sources, tmp_path):
    pytest.importorskip("ctranslate2")
    from bri_align.mt import convert_to_ct2

    out = convert_to_ct2(str(tiny_marian), str(tmp_path / "ct2"))
    off = CTranslate2Translator(str(out), beam_size=4, max_length=24, device="cpu").translate(toy_sources)
    tr = CTranslate2Translator(str(out), beam_size=4, max_length=24, device="cpu", glossary=toy_glossary,
                               mode="ban")
    got = tr.translate(toy_sources)
    assert tr.banned_tokens("人类。") == [["▁mankind"]]
    assert _judge(toy_glossary, toy_sources, off)[2] > 10
    assert _judge(toy_glossary, toy_sources, got)[2] == 0
    assert tr.translate(toy_sources, batch_size=1) == got  # a sentence's bans never reach another one
    assert "mode:ban" in tr.signature()


@pytest.mark.parametrize("fixture", ["tiny_m2m100", "tiny_nllb"])
def test_force_with_language_codes(fixture, request, toy_glossary):
    """NLLB and M2M100 force the English code as the first token: the phrases come after it."""
    path = request.getfixturevalue(fixture)
    tr = HFSeq2SeqTranslator(str(path), beam_size=3, max_length=12, batch_size=2, glossary=toy_glossary,
                             mode="force")
    src = ["小而美项目。", "人类合作。", "共建一带一路。", "贸易。"]
    out = tr.translate(src)
    ok, total, _ = _judge(toy_glossary, src, out)
    assert (ok, total) == (4, 4)
    assert not any("__en__" in o or "eng_Latn" in o for o in out)
    assert tr.translate(src, batch_size=1) == out
