"""Glossary-aware translation: term constraints, the logits processor, force/bias/ban (hf:),
prompt (llm:) and ban (ct2:) modes, on the tiny offline models."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import tiny_models
from bri_align import load_termbase
from bri_align.errors import InputError
from bri_align.glossary.model import Glossary
from bri_align.mt.constraints import (
    ConstraintEncoder,
    EncodedConstraints,
    GlossaryConstraints,
    PhraseSet,
    TermConstraint,
    TermLogitsProcessor,
    VocabClasses,
    encode_phrases,
    phrases_for_sources,
    surface_variants,
)

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


@pytest.fixture(scope="module")
def toy_glossary(tmp_path_factory) -> Glossary:
    path = tmp_path_factory.mktemp("toy-termbase") / "toy.yaml"
    path.write_text(TOY_TERMBASE, encoding="utf-8")
    return load_termbase(path)


@pytest.fixture(scope="module")
def toy_sources(toy_glossary):
    """60 toy sentences that contain glossary terms (the model's own kind of input)."""
    gc = GlossaryConstraints(toy_glossary)
    out = [zh for zh, _ in tiny_models.synthetic_pairs(300, seed=7) if gc.for_source(zh)]
    return list(dict.fromkeys(out))[:60]


# ------------------------------------------------------------------ records and glossary side
def test_term_constraint_round_trip():
    c = TermConstraint("bri", "一带一路", "Belt and Road Initiative", ("One Belt, One Road",), count=2)
    assert TermConstraint.from_dict(c.to_dict()) == c
    assert c.to_dict()["banned"] == ["One Belt, One Road"]


def test_constraints_for_a_source(mini_glossary):
    gc = GlossaryConstraints(mini_glossary)
    cons = gc.for_source("共建“一带一路”和一带一路，一帶一路。")
    by_id = {c.entry_id: c for c in cons}
    assert list(by_id) == ["joint-bri", "belt-and-road-initiative"]  # leftmost-longest, in order
    assert by_id["belt-and-road-initiative"].count == 2  # simplified and traditional forms
    assert by_id["belt-and-road-initiative"].required == "Belt and Road Initiative"
    assert by_id["belt-and-road-initiative"].banned == ("One Belt, One Road",)
    assert by_id["joint-bri"].banned == ("joint construction of the Belt and Road",)
    assert gc.for_source("贸易。") == ()
    assert [c.entry_id for c in phrases_for_sources(["大写意"], mini_glossary)[0]] == ["big-freehand"]
    assert GlossaryConstraints(mini_glossary, ban=False).for_source("大写意")[0].banned == ()
    assert "constraints.v1|ban:yes|glossary:mini_termbase" in gc.signature()


def test_constraints_from_given_terms(mini_glossary):
    from bri_align.metrics.terminology import SourceTerm

    gc = GlossaryConstraints(mini_glossary)
    cons = gc.for_terms(["aiib", SourceTerm("aiib", "亚投行"), "going-global"])
    assert [(c.entry_id, c.count) for c in cons] == [("aiib", 2), ("going-global", 1)]
    assert cons[0].zh == "亚洲基础设施投资银行" and cons[0].required == "Asian Infrastructure Investment Bank"
    with pytest.raises(InputError, match="entry 'nope' is not in the glossary mini_termbase"):
        gc.for_terms(["nope"])
    with pytest.raises(InputError, match="a term must be an entry id or have an entry_id, got int"):
        gc.for_terms([3])


def test_glossary_constraints_need_a_glossary():
    with pytest.raises(InputError, match="glossary must be a bri_align Glossary"):
        GlossaryConstraints({"一带一路": "Belt and Road"})


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("small yet smart", ("small yet smart", "Small yet smart")),
        ("Belt and Road Initiative", ("Belt and Road Initiative",)),  # proper nouns keep their case
        ("  go global ", ("go global", "Go global")),
        ("", ()),
        ("5G", ("5G",)),
    ],
)
def test_surface_variants(phrase, expected):
    assert surface_variants(phrase) == expected


class WordTokenizer:
    """A whitespace tokenizer standing in for a real one: id per word, <unk> for unknown words."""

    def __init__(self, words):
        self.vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
        for w in words:
            self.vocab.setdefault(w, len(self.vocab))
        self.unk_token_id = 1
        self.all_special_ids = [0, 1, 2]

    def __call__(self, text=None, *, text_target=None, add_special_tokens=True):
        ids = [self.vocab.get(w, 1) for w in (text if text_target is None else text_target).split()]
        return {"input_ids": ids + ([0] if add_special_tokens else [])}


def test_encoder_skips_unwritable_phrases_and_never_bans_part_of_a_required_one(caplog):
    tok = WordTokenizer("Belt and Road Initiative cooperation One small but beautiful yet smart Small".split())
    enc = ConstraintEncoder(tok)
    cons = [
        TermConstraint("bri", "一带一路", "Belt and Road Initiative", ("Belt and Road", "One Belt")),
        TermConstraint("small", "小而美", "small yet smart", ("small but beautiful", "small")),
        TermConstraint("x", "某", "Xanadu", ()),  # needs <unk>: cannot be forced
    ]
    with caplog.at_level("WARNING"):
        out = enc.encode(cons)
    v = tok.vocab
    assert out.skipped == ("x",) and "needs the unknown token" in caplog.text
    assert [p.entry_id for p in out.required] == ["bri", "small"]
    assert out.required[1].alternatives == ((v["small"], v["yet"], v["smart"]), (v["Small"], v["yet"], v["smart"]))
    # "Belt and Road" is a prefix of a required phrase, "small" a sub-sequence, "One Belt" needs <unk>
    # only at "One"... it is writable: One is in the vocabulary
    assert (v["Belt"], v["and"], v["Road"]) not in out.banned
    assert (v["small"],) not in out.banned
    assert (v["small"], v["but"], v["beautiful"]) in out.banned
    assert (v["One"], v["Belt"]) in out.banned
    assert out.required_tokens == 4 + 3
    assert EncodedConstraints().empty and not out.empty
    assert encode_phrases(tok, ["small yet smart", "", "Road"]) == [[v["small"], v["yet"], v["smart"]], [v["Road"]]]


# ------------------------------------------------------------------ the processor on synthetic scores
V = 12  # vocabulary: 0 = EOS, 1 = ".", 2..11 words; 9 is a bare "▁" piece, 10 glues onto a word
VOCAB = VocabClasses(glued=frozenset({10}), word_start=frozenset(range(2, 10)), bare=frozenset({9}),
                     end=frozenset({1}))


def _scores(rows, best=None):
    import torch

    logits = torch.zeros(rows, V)
    if best is not None:
        for r, t in enumerate(best):
            logits[r, t] = 5.0
    return torch.log_softmax(logits, dim=-1)


def _ids(*rows):
    import torch

    return torch.tensor([[99] + list(r) for r in rows])  # 99: the decoder start token


def _proc(required=((3, 4, 5),), banned=(), *, budget=20, mode="force", beams=1, items=1, **kw):
    enc = EncodedConstraints(required=tuple(PhraseSet("e", (tuple(p),)) for p in required),
                             banned=tuple(tuple(b) for b in banned))
    return TermLogitsProcessor([enc] * items, mode=mode, num_beams=beams, eos_token_id=0,
                               budgets=[budget] * items, vocab=VOCAB, prompt_length=1, **kw)


def test_processor_masks_eos_and_nudges_while_a_phrase_is_pending():
    p = _proc(start_bias=1.0)
    s = _scores(1, best=[2])
    before = s.clone()
    out = p(_ids([2]), s)
    assert out[0, 0] == -math.inf  # EOS masked
    assert out[0, 3] == pytest.approx(before[0, 3] + 1.0)  # the phrase's first token nudged
    assert out[0, 2] == before[0, 2]


def test_processor_starts_the_phrase_where_the_row_wants_to_end_and_finishes_it():
    p = _proc()
    s = _scores(1, best=[0])  # the row's best token is EOS
    best = float(s[0].max())
    out = p(_ids([2]), s)
    assert out[0, 3] == pytest.approx(best)  # forced, at the cost of the row's best token
    assert int((out[0] > -math.inf).sum()) == 1
    for history, nxt in (([2, 3], 4), ([2, 3, 4], 5)):  # continued, whatever the model prefers
        out = p(_ids(history), _scores(1, best=[0]))
        assert int(out[0].argmax()) == nxt and int((out[0] > -math.inf).sum()) == 1
    out = p(_ids([2, 3, 4, 5]), _scores(1, best=[0]))
    assert out[0, 0] > -math.inf  # done: the row may end
    assert p.stats["forced_start"] == 1 and p.stats["forced_continue"] == 2


def test_processor_also_starts_before_sentence_final_punctuation():
    out = _proc()(_ids([2]), _scores(1, best=[1]))
    assert int(out[0].argmax()) == 3 and int((out[0] > -math.inf).sum()) == 1


def test_processor_forces_when_the_budget_is_tight():
    # budget 6: after 2 tokens, 4 are left = 3 phrase tokens + EOS
    p = _proc(budget=6)
    assert int((p(_ids([2]), _scores(1, best=[2]))[0] > -math.inf).sum()) > 1  # 5 left: free
    out = p(_ids([2, 2]), _scores(1, best=[2]))
    assert int(out[0].argmax()) == 3 and int((out[0] > -math.inf).sum()) == 1


def test_processor_ends_a_row_at_its_own_budget_with_score_zero():
    p = _proc(required=(), budget=3)
    out = p(_ids([2, 2]), _scores(1, best=[2]))
    assert out[0, 0] == 0.0 and int((out[0] > -math.inf).sum()) == 1
    assert p.stats["forced_eos"] == 1


def test_processor_continues_a_phrase_whose_first_word_the_row_wrote():
    # phrase 3 4 5: after "3" (a whole word: 4 starts a word) the row must go on with 4
    out = _proc()(_ids([2, 3]), _scores(1, best=[7]))
    assert int(out[0].argmax()) == 4 and int((out[0] > -math.inf).sum()) == 1
    # a bare "▁" is no word: a phrase starting "▁ x" is not taken as begun after "▁"
    out = _proc(required=((9, 3, 4),))(_ids([2, 9]), _scores(1, best=[7]))
    assert int((out[0] > -math.inf).sum()) > 1


def test_processor_bans_per_row_and_never_glues_onto_a_finished_phrase():
    import torch

    enc_a = EncodedConstraints(required=(PhraseSet("e", ((3, 4),)),), banned=((6, 7), (8,)))
    enc_b = EncodedConstraints()
    p = TermLogitsProcessor([enc_a, enc_b], mode="force", num_beams=2, eos_token_id=0, budgets=[20, 20],
                            vocab=VOCAB, prompt_length=1)
    ids = _ids([3, 4, 6], [2, 2, 2], [2, 6, 2], [2, 2, 6])  # rows 0-1: item 0, rows 2-3: item 1
    out = p(ids, _scores(4, best=[2, 2, 2, 2]))
    assert out[0, 7] == -math.inf and out[0, 8] == -math.inf  # 6 -> 7 banned after 6; 8 always
    assert out[1, 8] == -math.inf and out[1, 7] > -math.inf
    assert bool(torch.isfinite(out[3]).all())  # item 1 has no constraints
    out = p(_ids([3, 4], [2, 2], [2, 2], [2, 2]), _scores(4, best=[2, 2, 2, 2]))
    assert out[0, 10] == -math.inf and out[1, 10] > -math.inf  # no "Road" + "x" after the phrase


def test_processor_bias_mode_adds_a_bonus_until_the_phrase_is_there():
    p = _proc(mode="bias", bias=3.0)
    s = _scores(1, best=[2])
    before = s.clone()
    out = p(_ids([2]), s)
    assert out[0, 3] == pytest.approx(before[0, 3] + 3.0) and out[0, 0] == before[0, 0]  # EOS not masked
    s = _scores(1, best=[2])
    before = s.clone()
    out = p(_ids([2, 3]), s)
    assert out[0, 4] == pytest.approx(before[0, 4] + 3.0)  # the continuation of the begun phrase
    s = _scores(1, best=[2])
    assert bool((p(_ids([3, 4, 5]), s.clone()) == s).all())  # done: nothing changes


def test_processor_forced_rows_stay_finite_after_log_softmax():
    import torch

    p = _proc()
    out = p(_ids([2]), _scores(1, best=[0]))
    again = torch.log_softmax(out, dim=-1)
    assert not bool(torch.isnan(again).any()) and float(again[0, 3]) == pytest.approx(0.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(mode="soft"), "unknown decoding constraint mode 'soft'"),
        (dict(num_beams=0), "num_beams must be at least 1"),
        (dict(budgets=[1, 2]), "2 budgets for 1 sentences"),
    ],
)
def test_processor_errors(kwargs, message):
    args = dict(mode="force", num_beams=1, eos_token_id=0, budgets=[5])
    args.update(kwargs)
    with pytest.raises(InputError, match=message):
        TermLogitsProcessor([EncodedConstraints()], **args)


def test_processor_checks_the_row_count():
    with pytest.raises(ValueError, match="built for 1 sentences x 1 beams got 2 rows"):
        _proc()(_ids([2], [2]), _scores(2))


# ------------------------------------------------------------------ hf: on the tiny Marian model
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
    for part in ("mode:force", "constraints:constraints.v1", "start_bias:1.0", toy_glossary.signature()):
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
    assert "term_bias:10.0" in tr.signature()


def test_ban_mode_keeps_deprecated_renderings_out(tiny_marian, toy_glossary, toy_sources):
    off = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8).translate(toy_sources)
    tr = HFSeq2SeqTranslator(str(tiny_marian), beam_size=4, max_length=24, batch_size=8, glossary=toy_glossary,
                             mode="ban")
    out = tr.translate(toy_sources)
    assert _judge(toy_glossary, toy_sources, off)[2] > 10
    assert _judge(toy_glossary, toy_sources, out)[2] == 0


@pytest.mark.parametrize(
    "cls, mode, message",
    [
        (HFSeq2SeqTranslator, "prompt", r"mode 'prompt' is not supported by hf.v1 translators; supported: off, "
                                        r"force, bias, ban \(the glossary goes into prompts with llm:"),
        (CausalLMTranslator, "force", r"not supported by llm.v1 translators; supported: off, prompt"),
        (CTranslate2Translator, "bias", r"not supported by ct2.v1 translators; supported: off, ban "
                                        r"\(CTranslate2 cannot change scores during decoding"),
    ],
)
def test_unsupported_modes(cls, mode, message, toy_glossary):
    with pytest.raises(InputError, match=message):
        cls("/nowhere", glossary=toy_glossary, mode=mode)


def test_mode_and_glossary_errors(toy_glossary):
    with pytest.raises(InputError, match="terminology mode 'force' needs a glossary"):
        HFSeq2SeqTranslator("/nowhere", mode="force")
    with pytest.raises(InputError, match="glossary must be a bri_align Glossary"):
        HFSeq2SeqTranslator("/nowhere", glossary={"一带一路": "BRI"}, mode="force")
    with pytest.raises(InputError, match="term_bias must be a finite number"):
        HFSeq2SeqTranslator("/nowhere", glossary=toy_glossary, mode="bias", term_bias=float("nan"))


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
