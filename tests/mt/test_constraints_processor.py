"""The terminology logits processor on synthetic scores (force, bias, ban per row); needs torch."""

from __future__ import annotations

import math

import pytest

from bri_align.mt.constraints import EncodedConstraints, PhraseSet, TermLogitsProcessor, VocabClasses

pytest.importorskip("torch")


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


def test_processor_checks_the_row_count():
    with pytest.raises(ValueError, match="built for 1 sentences x 1 beams got 2 rows"):
        _proc()(_ids([2], [2]), _scores(2))
