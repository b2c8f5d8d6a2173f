"""Term-pair discovery: Och-Ney phrase extraction, filters, statistics, glossary flags, errors."""

from __future__ import annotations

import math

import pytest

from bri_align.align.extract import TermPair, log_likelihood_g2, extract_phrases, extract_term_pairs, signature
from bri_align.align.tokenize import tokens_from_words
from bri_align.align.word import WordAlignment
from bri_align.errors import InputError


def aligned(zh_words, en_words, links):
    zh, zt = tokens_from_words(zh_words, sep="")
    en, et = tokens_from_words(en_words, sep=" ")
    return (zh, en), WordAlignment(tuple(zt), tuple(et), tuple(links))


def test_extract_phrases_consistency():
    # 0:我们 1:推动 2:绿色 3:发展 / 0:we 1:promote 2:green 3:development
    links = [(0, 0), (1, 1), (2, 2), (3, 3)]
    got = set(extract_phrases(4, 4, links, max_zh_len=2, max_en_len=2))
    assert (2, 3, 2, 3) in got and (2, 2, 2, 2) in got and (0, 1, 0, 1) in got
    assert all(i2 - i1 < 2 for i1, i2, _, _ in got)
    # a crossing link makes "绿色" alone inconsistent with "green development"
    links = [(0, 0), (1, 1), (2, 3), (3, 2)]
    got = set(extract_phrases(4, 4, links))
    assert (2, 3, 2, 3) in got
    assert (2, 2, 3, 3) in got  # 绿色 -> development is consistent here (crossing)
    # a Chinese word linked outside the English span breaks consistency
    links = [(0, 0), (1, 0), (1, 1)]
    assert (0, 0, 0, 0) not in set(extract_phrases(2, 2, links))


def test_extract_phrases_tight_only():
    links = [(0, 0), (2, 2)]  # zh token 1 unaligned
    got = set(extract_phrases(3, 3, links))
    assert (0, 2, 0, 2) in got
    assert (0, 1, 0, 0) not in got  # would end on an unaligned token


def _expected_g2(k11, k12, k21, k22):
    n = k11 + k12 + k21 + k22
    rows, cols = (k11 + k12, k21 + k22), (k11 + k21, k12 + k22)
    g = 0.0
    for k, r, c in ((k11, rows[0], cols[0]), (k12, rows[0], cols[1]), (k21, rows[1], cols[0]),
                    (k22, rows[1], cols[1])):
        if k:
            g += k * math.log(k * n / (r * c))
    return 2 * g


@pytest.mark.parametrize("table", [(10, 0, 0, 90), (5, 5, 5, 85), (1, 1, 1, 1), (3, 0, 7, 10)])
def test_g2_matches_the_textbook_formula(table):
    assert log_likelihood_g2(*table) == pytest.approx(_expected_g2(*table), abs=1e-9)


CORPUS = [
    (["我们", "发展", "风电", "。"], ["We", "develop", "wind", "power", "."], [(0, 0), (1, 1), (2, 2), (2, 3), (3, 4)]),
    (["风电", "项目", "很", "多", "。"], ["There", "are", "many", "wind", "power", "projects", "."],
     [(0, 3), (0, 4), (1, 5), (3, 2), (4, 6)]),
    (["风电", "增长", "。"], ["Wind", "power", "grew", "."], [(0, 0), (0, 1), (1, 2), (2, 3)]),
    (["共建", "一带一路", "。"], ["Belt", "and", "Road", "cooperation", "."], [(0, 3), (1, 0), (1, 1), (1, 2), (2, 4)]),
    (["推动", "一带一路", "。"], ["promote", "Belt", "and", "Road", "."], [(0, 0), (1, 1), (1, 2), (1, 3), (2, 4)]),
]


def corpus():
    pairs, was = [], []
    for zh, en, links in CORPUS:
        p, w = aligned(zh, en, links)
        pairs.append(p)
        was.append(w)
    return pairs, was


def test_extract_term_pairs_statistics(mini_glossary):
    pairs, was = corpus()
    res = extract_term_pairs(pairs, glossary=mini_glossary, word_alignments=was, min_count=2)
    by = {(r.zh, r.en.lower()): r for r in res}
    wp = by[("风电", "wind power")]
    assert (wp.count, wp.zh_count, wp.en_count, wp.sent_count) == (3, 3, 3, 3)
    assert wp.dice == 1.0 and wp.p_en_given_zh == 1.0 and wp.lines == (1, 2, 3)
    assert wp.llr == pytest.approx(round(_expected_g2(3, 0, 0, 2), 4))
    assert wp.status == "new-term" and wp.entry_id is None
    bri = by[("一带一路", "belt and road")]
    assert (bri.entry_id, bri.status, bri.new_rendering) == ("belt-and-road-initiative", "admitted", False)
    # no pair has a function word or punctuation at an edge
    for r in res:
        assert r.en.split()[0].lower() not in {"the", "of", "and", "."}
        assert not r.zh.endswith("。")


def test_new_rendering_flag(mini_glossary):
    pairs, was = corpus()
    extra = [aligned(["走出去", "。"], ["venture", "abroad", "."], [(0, 0), (0, 1), (1, 2)]) for _ in range(2)]
    res = extract_term_pairs(pairs + [p for p, _ in extra], glossary=mini_glossary,
                             word_alignments=was + [w for _, w in extra], min_count=2)
    r = [x for x in res if x.zh == "走出去"][0]
    assert (r.en, r.entry_id, r.status, r.new_rendering) == ("venture abroad", "going-global", "new-rendering", True)


@pytest.mark.parametrize("rank_by", ["llr", "dice", "prob", "count"])
def test_rankings_sorted(rank_by):
    pairs, was = corpus()
    res = extract_term_pairs(pairs, word_alignments=was, min_count=1, rank_by=rank_by)
    scores = [r.score for r in res]
    assert scores == sorted(scores, reverse=True)
    assert len(extract_term_pairs(pairs, word_alignments=was, min_count=1, top=2)) == 2


def test_record_roundtrip():
    r = TermPair("风电", "wind power", 3, 3, 3, 3, 1.0, 6.7, 1.0, 1.0, 6.7, None, "new-term", False, (1, 2))
    assert TermPair.from_dict(r.to_dict()) == r


def test_signature():
    assert signature().startswith("term-extract:och-ney-tight.v1|word-aligner:default|max_len:5/6|min_count:2")


@pytest.mark.parametrize("kwargs,match", [
    (dict(rank_by="tfidf"), "unknown ranking 'tfidf'; available: llr, dice, prob, count"),
    (dict(min_count=0), "min_count must be at least 1"),
    (dict(max_zh_len=0), "max_zh_len and max_en_len must be at least 1"),
])
def test_option_errors(kwargs, match):
    pairs, was = corpus()
    with pytest.raises(InputError, match=match):
        extract_term_pairs(pairs, word_alignments=was, **kwargs)


def test_alignment_count_mismatch():
    pairs, was = corpus()
    with pytest.raises(InputError, match="got 4 word alignments for 5 pairs"):
        extract_term_pairs(pairs, word_alignments=was[:4])


def test_glossary_argument_convention():
    from bri_align.errors import BriAlignError, InputError

    pairs, was = corpus()
    by_path = extract_term_pairs(pairs, glossary="corpora/termbase", word_alignments=was, min_count=2)
    bri = {(r.zh, r.en.lower()): r for r in by_path}[("一带一路", "belt and road")]
    assert bri.entry_id == "belt-and-road-initiative"
    none = extract_term_pairs(pairs, glossary=None, word_alignments=was, min_count=2)
    assert all(r.status == "new-term" for r in none)  # None: no glossary
    with pytest.raises(BriAlignError, match="no/such/termbase"):
        extract_term_pairs(pairs, glossary="no/such/termbase", word_alignments=was)
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        extract_term_pairs(pairs, glossary=7, word_alignments=was)
    assert signature(glossary="corpora/termbase").count("bri_align:") == 1
