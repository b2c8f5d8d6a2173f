"""Paired significance: sacrebleu's PairedTest for BLEU/chrF++, a seeded paired bootstrap for term rates."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError
from bri_align.metrics import SegmentCounts, paired_sacrebleu, paired_term_bootstrap

REFS = [f"the belt and road initiative supports project number {i} in the region" for i in range(30)]
GOOD = list(REFS)
BAD = [f"one belt one road helps a plan {i}" for i in range(30)]
NEAR = [r.replace("region", "area") if i % 3 == 0 else r for i, r in enumerate(REFS)]


def test_paired_sacrebleu():
    res = paired_sacrebleu(baseline=("base", NEAR), systems=[("good", GOOD), ("bad", BAD)], references=REFS,
                           n_samples=200)
    assert set(res) == {"good", "bad"} and set(res["bad"]) == {"bleu", "chrf"}
    bad = res["bad"]["bleu"]
    assert bad.score < bad.baseline_score and bad.delta < 0
    assert bad.p_value < 0.05 and bad.significant()
    assert "paired-bs" in bad.signature and "seed:12345" in bad.signature
    assert res["good"]["chrf"].score == pytest.approx(100.0)
    assert paired_sacrebleu(baseline=("base", NEAR), systems=[], references=REFS) == {}


def test_paired_sacrebleu_length_check():
    with pytest.raises(InputError, match="29 hypotheses for 30 references"):
        paired_sacrebleu(baseline=("b", NEAR), systems=[("x", GOOD[:-1])], references=REFS)


def _counts(successes):
    return [SegmentCounts(1, s, s, 1 - s, 0) for s in successes]


def test_paired_term_bootstrap():
    base = _counts([1, 0] * 20)
    better = _counts([1] * 40)
    same = _counts([1, 0] * 20)
    res = paired_term_bootstrap(baseline=("base", base), systems=[("better", better), ("same", same)],
                                n_samples=300, seed=1)
    tsr = res["better"]["term_success_rate"]
    assert (tsr.baseline_score, tsr.score) == (0.5, 1.0) and tsr.p_value < 0.05
    assert res["same"]["term_success_rate"].p_value == 1.0  # a tie never counts as significant
    assert res["better"]["deprecated_rendering_rate"].delta == pytest.approx(-0.5)
    again = paired_term_bootstrap(baseline=("base", base), systems=[("better", better)], n_samples=300, seed=1)
    assert again["better"]["term_success_rate"].p_value == tsr.p_value
    assert "seed:1" in tsr.signature and "unit:segment" in tsr.signature


def test_paired_term_bootstrap_errors():
    with pytest.raises(InputError, match="system 'x' has 1 segments, the baseline 'b' 2"):
        paired_term_bootstrap(baseline=("b", _counts([1, 1])), systems=[("x", _counts([1]))])
    with pytest.raises(InputError, match="no paired test for metric 'bleu'"):
        paired_term_bootstrap(baseline=("b", _counts([1])), systems=[("x", _counts([1]))], metrics=("bleu",))
