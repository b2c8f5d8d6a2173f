"""The WMT25 Track 2 term success rate equals a hand computation of the official definition."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError
from bri_align.metrics import wmt25_pair_scores, wmt25_term_success_rate

SOURCES = [
    "一带一路倡议促进合作。一带一路连接亚洲。",
    "亚投行支持基础设施。",
    "绿色发展。",
]
REFERENCES = [
    "The Belt and Road Initiative promotes cooperation. The Belt and Road links Asia.",
    "The AIIB supports infrastructure.",
    "Green development.",
]
HYPOTHESES = [
    "One Belt One Road promotes cooperation. The belt and road links Asia.",
    "The AIIB and the aiib's partners support INFRASTRUCTURE.",
    "Green growth.",
]
PROPER = [
    {"一带一路": ["Belt and Road"], "合作": ["cooperation"], "丝绸之路": ["Silk Road"]},
    {"亚投行": ["AIIB", "Asian Infrastructure Investment Bank"], "基础设施": ["infrastructure"]},
    {"绿色发展": ["green development"], "发展": ["growth"]},
]


def test_pair_scores_follow_the_definition():
    pairs = wmt25_pair_scores(source=SOURCES[0], hypothesis=HYPOTHESES[0], reference=REFERENCES[0],
                              term_dict=PROPER[0])
    # 丝绸之路 is not in the source: not counted
    assert [p["term"] for p in pairs] == ["一带一路", "合作"]
    # 一带一路: twice in the source, "belt and road" once in the lowercased hypothesis -> 1/2
    assert pairs[0]["source_count"] == 2 and pairs[0]["hypothesis_count"] == 1 and pairs[0]["score"] == 0.5
    assert pairs[1]["score"] == 1.0


def test_rate_equals_hand_computation():
    m = wmt25_term_success_rate(sources=SOURCES, hypotheses=HYPOTHESES, references=REFERENCES, term_dicts=PROPER)
    # doc 1: 一带一路 0.5, 合作 1.0
    # doc 2: 亚投行: "aiib" twice (substring counting, lowercased) / once -> min(2, 1) = 1.0; 基础设施 1.0
    # doc 3: 绿色发展 1 in source, "green development" in the reference, 0 in the hypothesis -> 0.0;
    #        发展: its target "growth" is not in the reference -> not counted
    expected = (0.5 + 1.0 + 1.0 + 1.0 + 0.0) / 5
    assert m.score == pytest.approx(expected)
    assert m.n == 5 and m.details["pairs"] == 5
    assert m.name == "wmt25_tsr_proper"
    assert "lowercase:yes" in m.signature and "count:substring" in m.signature


def test_no_countable_pair_gives_none():
    m = wmt25_term_success_rate(sources=["甲"], hypotheses=["a"], references=["a"], term_dicts=[{}],
                                condition="noterm")
    assert m.score is None and m.n == 0 and m.name == "wmt25_tsr_noterm"


def test_errors():
    with pytest.raises(InputError, match="1 sources, 1 hypotheses, 2 references"):
        wmt25_term_success_rate(sources=["a"], hypotheses=["a"], references=["a", "b"], term_dicts=[{}])
    with pytest.raises(InputError, match=r"ref.jsonl:1: field 'random': target terms of '甲' must be a list"):
        wmt25_term_success_rate(sources=["甲"], hypotheses=["a"], references=["a"], term_dicts=[{"甲": 1}],
                                condition="random", path="ref.jsonl")


# ---------------------------------------------------------------- counted pairs shared by systems
def test_pairs_found_once_score_every_system():
    from bri_align.metrics.wmt import WMT25TermPairs

    pairs = WMT25TermPairs.from_reference(sources=SOURCES, references=REFERENCES, term_dicts=PROPER)
    assert len(pairs) == 3 and pairs.n_pairs == 5
    for hyps in (HYPOTHESES, REFERENCES, ["", "", ""]):
        direct = wmt25_term_success_rate(sources=SOURCES, hypotheses=hyps, references=REFERENCES, term_dicts=PROPER)
        assert pairs.score(hyps) == direct
    # the references themselves: every counted pair found -> 1.0; empty outputs -> 0.0
    assert pairs.score(REFERENCES).score == 1.0 and pairs.score(["", "", ""]).score == 0.0
    assert pairs.pair_scores(0, HYPOTHESES[0]) == wmt25_pair_scores(
        source=SOURCES[0], hypothesis=HYPOTHESES[0], reference=REFERENCES[0], term_dict=PROPER[0])


def test_pooling_is_over_pairs_not_a_mean_of_files():
    from bri_align.metrics.wmt import WMT25TermPairs

    # file 1: documents 1-2 (4 pairs: 0.5 + 1 + 1 + 1), file 2: document 3 (1 pair: 0)
    first = WMT25TermPairs.from_reference(sources=SOURCES[:2], references=REFERENCES[:2], term_dicts=PROPER[:2])
    second = WMT25TermPairs.from_reference(sources=SOURCES[2:], references=REFERENCES[2:], term_dicts=PROPER[2:])
    pooled = WMT25TermPairs.pooled([first, second])
    m = pooled.score(HYPOTHESES)
    assert m.score == pytest.approx(3.5 / 5) and m.n == 5
    assert first.score(HYPOTHESES[:2]).score == pytest.approx(3.5 / 4) and second.score(HYPOTHESES[2:]).score == 0.0
    assert m.score != pytest.approx((3.5 / 4 + 0.0) / 2)


def test_pairs_errors():
    from bri_align.metrics.wmt import WMT25TermPairs

    pairs = WMT25TermPairs.from_reference(sources=SOURCES, references=REFERENCES, term_dicts=PROPER)
    with pytest.raises(InputError, match=r"sys.jsonl: 2 hypotheses for 3 documents; give one hypothesis per"):
        pairs.score(HYPOTHESES[:2], path="sys.jsonl")
    with pytest.raises(InputError, match=r"a string for 3 documents"):
        pairs.score("one text")
    with pytest.raises(InputError, match=r"3 sources, 2 references and 3 term dictionaries"):
        WMT25TermPairs.from_reference(sources=SOURCES, references=REFERENCES[:2], term_dicts=PROPER)
    with pytest.raises(InputError, match=r"r.jsonl:2: field 'proper': target terms of '甲' must be a list"):
        WMT25TermPairs.from_reference(sources=["甲", "甲"], references=["a", "a"], term_dicts=[{}, {"甲": 3}],
                                      path="r.jsonl")
    with pytest.raises(InputError, match="no reference to pool"):
        WMT25TermPairs.pooled([])
    other = WMT25TermPairs.from_reference(sources=SOURCES, references=REFERENCES, term_dicts=PROPER,
                                          condition="random")
    with pytest.raises(InputError, match="cannot pool dictionary conditions proper, random"):
        WMT25TermPairs.pooled([pairs, other])
