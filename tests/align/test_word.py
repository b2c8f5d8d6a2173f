"""Word alignment API: records, Pharaoh I/O, symmetrisation, registry, default aligner, eflomal."""

from __future__ import annotations

import dataclasses

import pytest

from bri_align.align.pharaoh import format_pharaoh, parse_pharaoh, parse_pharaoh_gold
from bri_align.align.symmetrize import symmetrize
from bri_align.align.tokenize import Token
from bri_align.align.word import (HMMAligner, WordAlignment, align_tokens, align_words, get_word_aligner,
                                  tokenize_pairs, word_aligners)
from bri_align.errors import InputError, MissingDependencyError, RegistryError

PAIRS = [
    ("我们 合作", "we cooperate"),
    ("中国 和 美国 加强 经济 合作 。", "China and the United States strengthen economic cooperation ."),
    ("这 是 一 个 问题", "this is a problem"),
]


# ----------------------------------------------------------------------------- Pharaoh
@pytest.mark.parametrize("line, expected", [
    ("0-0 1-2", ((0, 0), (1, 2))),
    ("  2-1 0-0 2-1 ", ((0, 0), (2, 1))),
    ("", ()),
])
def test_parse_pharaoh(line, expected):
    assert parse_pharaoh(line) == expected
    assert format_pharaoh(expected) == " ".join(f"{i}-{j}" for i, j in expected)


@pytest.mark.parametrize("line, kw, message", [
    ("0-0 1_2", {}, r"links\.txt:7: bad alignment link '1_2'; expected 'i-j'"),
    ("0-a", {}, "bad alignment link '0-a'"),
    ("0-0-P", {}, "bad alignment link '0-0-P'"),
    ("3-0", {"n_src": 3}, "source index 3 out of range"),
    ("0-5", {"n_tgt": 2}, "target index 5 out of range"),
])
def test_parse_pharaoh_errors(line, kw, message):
    with pytest.raises(InputError, match=message):
        parse_pharaoh(line, lineno=7, path="links.txt", **kw)


def test_parse_pharaoh_gold():
    sure, poss = parse_pharaoh_gold("0-0 1-1-P 2?2 3-3-S")
    assert sure == ((0, 0), (3, 3))
    assert poss == ((0, 0), (1, 1), (2, 2), (3, 3))
    with pytest.raises(InputError, match="bad alignment link '1-1-X'"):
        parse_pharaoh_gold("1-1-X")


# ----------------------------------------------------------------------------- symmetrisation
S2T = {(0, 0), (0, 2)}
T2S = {(0, 0), (2, 2)}


@pytest.mark.parametrize("method, expected", [
    ("intersection", {(0, 0)}),
    ("union", {(0, 0), (0, 2), (2, 2)}),
    ("grow-diag", {(0, 0)}),
    ("grow-diag-final", {(0, 0), (0, 2), (2, 2)}),
    ("grow-diag-final-and", {(0, 0), (2, 2)}),
    ("src2tgt", S2T),
    ("tgt2src", T2S),
])
def test_symmetrize(method, expected):
    assert set(symmetrize(S2T, T2S, method=method)) == expected


def test_grow_diag_adds_diagonal_neighbours():
    s2t = {(0, 0), (1, 1), (2, 1)}
    t2s = {(0, 0), (1, 1), (1, 2)}
    assert set(symmetrize(s2t, t2s, method="grow-diag")) == s2t | t2s


def test_symmetrize_unknown():
    with pytest.raises(InputError, match="unknown symmetrisation 'both'; choose one of: intersection"):
        symmetrize(S2T, T2S, method="both")


# ----------------------------------------------------------------------------- records
def test_word_alignment_record():
    wa = WordAlignment([Token("我们", 0, 2)], [Token("we", 0, 2), Token("all", 3, 6)], [(0, 1), (0, 0), (0, 1)])
    assert wa.links == ((0, 0), (0, 1))
    assert wa.to_pharaoh() == "0-0 0-1"
    assert wa.word_pairs() == [("我们", "we"), ("我们", "all")]
    assert WordAlignment.from_dict(wa.to_dict()) == wa
    with pytest.raises(dataclasses.FrozenInstanceError):
        wa.links = ()  # type: ignore[misc]


def test_word_alignment_from_dict_bad_links():
    d = {"src_tokens": [{"text": "a", "start": 0, "end": 1}], "tgt_tokens": [], "links": "0-0"}
    with pytest.raises(InputError, match="target index 0 out of range"):
        WordAlignment.from_dict(d)


# ----------------------------------------------------------------------------- default aligner
def test_default_aligner_on_a_handful_of_pairs():
    out = align_words(PAIRS, pretokenized=True)
    assert [a.to_pharaoh() for a in out] == ["0-0 1-1", "0-0 1-1 2-3 2-4 3-5 4-6 5-7 6-8", "0-0 1-1 2-2 4-3"]
    assert out[1].word_pairs()[2] == ("美国", "United")


def test_raw_text_is_tokenised():
    (a,) = align_words([("中国和美国加强经济合作。", "China and the United States strengthen economic cooperation.")])
    assert [t.text for t in a.src_tokens][:3] == ["中国", "和", "美国"]
    assert ("合作", "cooperation") in a.word_pairs()


def test_deterministic():
    a = [x.links for x in align_words(PAIRS, pretokenized=True, seed=3)]
    b = [x.links for x in align_words(PAIRS, pretokenized=True, seed=3)]
    assert a == b


@pytest.mark.parametrize("sym", ["intersection", "union", "grow-diag-final"])
def test_symmetrize_option(sym):
    inter = align_words(PAIRS, pretokenized=True, symmetrize="intersection")
    out = align_words(PAIRS, pretokenized=True, symmetrize=sym)
    for x, y in zip(inter, out):
        assert set(x.links) <= set(y.links)


def test_empty_sides_give_no_links():
    out = align_words([("我们 合作", ""), ("", "we"), ("我们 合作", "we cooperate")], pretokenized=True)
    assert [a.links for a in out[:2]] == [(), ()]
    assert out[2].links == ((0, 0), (1, 1))


def test_ibm1_backend_and_signatures(mini_glossary):
    out = align_words(PAIRS, pretokenized=True, method="ibm1")
    assert out[0].links == ((0, 0), (1, 1))
    sig = get_word_aligner("default", glossary=mini_glossary).signature()
    assert sig.startswith("ibm1-hmm.v1|model:ibm1+hmm") and "glossary:" in sig and "sym:grow-diag-final-and" in sig
    assert "model:ibm1|" in get_word_aligner("ibm1").signature()
    assert "decode:argmax" in get_word_aligner("ibm1").signature()
    assert "prior:none" in get_word_aligner("default", dictionary_prior=False, form_prior=False).signature()


def test_glossary_prior_links_a_term(mini_glossary):
    (a,) = align_words([("小而美 项目", "small yet smart projects")], pretokenized=True, glossary=mini_glossary)
    assert {(0, 0), (0, 1), (0, 2)} <= set(a.links)


def test_registry_names_and_unknown_method():
    align_words([("我们", "we")], pretokenized=True)  # registers the lazy backends
    names = word_aligners.names()
    assert {"ibm1-hmm.v1", "ibm1.v1", "simalign.v1", "eflomal.v1", "default", "neural"} <= set(names)
    with pytest.raises(RegistryError, match="unknown word aligner 'giza'; available: .*ibm1-hmm.v1"):
        align_words(PAIRS, method="giza")


@pytest.mark.parametrize("kw, message", [
    ({"agreement": "both"}, "unknown agreement mode 'both'"),
    ({"threshold": 0.0}, r"threshold must be in \(0, 1\]"),
    ({"symmetrize": "x"}, "unknown symmetrisation 'x'"),
    ({"bogus": 1}, "does not take these options"),
    ({"decode": "viterbi"}, "unknown decoding 'viterbi'; choose 'posterior' or 'argmax'"),
])
def test_aligner_option_errors(kw, message):
    with pytest.raises(InputError, match=message):
        get_word_aligner("default", **kw)


def test_bad_pairs_argument():
    with pytest.raises(InputError, match=r"pair 1 is str; expected a \(zh, en\) tuple"):
        align_words([("我们", "we"), "oops"])  # type: ignore[list-item]


def test_neural_needs_a_model():
    with pytest.raises(InputError, match="the neural aligner needs a model"):
        align_words(PAIRS, method="neural")


def test_eflomal_missing_names_the_extra():
    from bri_align.align.eflomal_backend import has_eflomal

    if has_eflomal():
        pytest.skip("eflomal is installed; the missing-dependency path cannot be tested")
    with pytest.raises(MissingDependencyError, match=r'pip install "bri-align\[eflomal\]"'):
        align_words(PAIRS, method="eflomal", pretokenized=True)
    assert "eflomal:absent" in get_word_aligner("eflomal").signature()


def test_hmm_aligner_is_default():
    assert isinstance(get_word_aligner("default"), HMMAligner)


def test_worker_processes_give_the_same_links():
    one = [a.links for a in align_words(PAIRS, pretokenized=True, num_proc=1)]
    two = [a.links for a in align_words(PAIRS, pretokenized=True, num_proc=2)]
    assert one == two


def test_num_proc_must_be_positive():
    with pytest.raises(InputError, match="num_proc must be at least 1, got 0"):
        get_word_aligner("default", num_proc=0)


def test_argmax_decoding():
    al = get_word_aligner("default", decode="argmax")
    assert "decode:argmax" in al.signature()
    out = align_tokens(tokenize_pairs(PAIRS, pretokenized=True), aligner=al)
    assert out[0].links == ((0, 0), (1, 1))
