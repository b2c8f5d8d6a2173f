"""Word alignment API: records, Pharaoh I/O, symmetrisation, registry, default aligner, eflomal."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bri_align.align.pharaoh import format_pharaoh, parse_pharaoh, parse_pharaoh_gold
from bri_align.align.symmetrize import symmetrize
from bri_align.align.tokenize import Token
from bri_align.align.word import (HMMAligner, WordAlignment, align_tokens, align_words, get_word_aligner,
                                  tokenize_pairs, word_aligners)
from bri_align.errors import BriAlignError, InputError, MissingDependencyError, RegistryError

REPO = Path(__file__).resolve().parents[2]

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


_ALIGN_IN_A_PROCESS = """
import json, sys
from bri_align.align.word import align_words
pairs = json.loads(sys.stdin.read())
print(json.dumps([a.to_pharaoh() for a in align_words([tuple(p) for p in pairs], seed=3)]))
"""


def _align_in_subprocess(hashseed: str) -> list:
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    raw = PAIRS + [("中国和美国加强经济合作。", "China and the United States strengthen economic cooperation.")]
    res = subprocess.run([sys.executable, "-c", _ALIGN_IN_A_PROCESS], input=json.dumps(raw), env=env,
                         capture_output=True, text=True, check=True, timeout=300)
    return json.loads(res.stdout)


def test_deterministic_across_hash_seeds():
    """Same links whatever the string-hash order (set/dict iteration) of the process."""
    a = _align_in_subprocess("1")
    b = _align_in_subprocess("2024")
    assert a == b
    assert len(a) == 4 and all(a)


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
    ({"bogus": 1}, "word aligner 'ibm1-hmm.v1' has no option 'bogus'; it takes: glossary, symmetrize"),
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


def test_eflomal_missing_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "eflomal", None)   # as if not installed (import fails)
    with pytest.raises(MissingDependencyError, match=r'pip install "bri-align\[eflomal\]"'):
        align_words(PAIRS, method="eflomal", pretokenized=True)
    assert get_word_aligner("eflomal").signature().startswith("eflomal.v1|eflomal:")


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


def test_default_signature():
    assert get_word_aligner("default").signature() == (
        "ibm1-hmm.v1|model:ibm1+hmm|iters:5+3|agree:hmm|prior:cedict+chars+form|glossary:none|alpha:8"
        "|scale:freq/32|beta:0.0001|p0:0.2|jump:7|thr:0.4|sym:grow-diag-final-and|seed:0|bri_align:" + __import__("bri_align").__version__)


# ----------------------------------------------------------------------------- options
@pytest.mark.parametrize("kw, message", [
    ({"method": "default", "model": "m"}, "word aligner 'ibm1-hmm.v1' has no option 'model'"),
    ({"method": "ibm1", "num_proc": 2, "options": {"agreement": "all"}},
     "word aligner 'ibm1.v1' has no option 'agreement'"),
    ({"method": "eflomal", "dictionary_prior": False}, "word aligner 'eflomal.v1' has no option 'dictionary_prior'"),
    ({"method": "neural", "model": "m", "device": "cpu", "options": {"thresold": 0.3}},
     "word aligner 'simalign.v1' has no option 'thresold'"),
    ({"options": {"seed": 1}}, "option 'seed' is given both as an argument and in options"),
])
def test_unknown_backend_option_is_named(kw, message):
    with pytest.raises(InputError, match=message):
        align_words(PAIRS, pretokenized=True, **kw)


def test_backend_options_reach_the_backend():
    loose = align_words(PAIRS, pretokenized=True, options={"threshold": 0.05})
    strict = align_words(PAIRS, pretokenized=True, options={"threshold": 0.95})
    assert sum(len(a.links) for a in strict) <= sum(len(a.links) for a in loose)
    assert "thr:0.95" in get_word_aligner("default", threshold=0.95).signature()


def test_registry_lists_backends_without_importing_them():
    code = ("import sys; from bri_align.align.word import word_aligners; "
            "print(sorted(word_aligners), 'bri_align.align.neural' in sys.modules, "
            "'bri_align.align.eflomal_backend' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['eflomal.v1', 'ibm1-hmm.v1', 'ibm1.v1', 'simalign.v1'] False False"


# ----------------------------------------------------------------------------- glossary argument
def test_glossary_as_a_termbase_path(monkeypatch):
    monkeypatch.chdir(REPO)
    pairs = [("共建 一带一路", "jointly build the Belt and Road")]
    (a,) = align_words(pairs, pretokenized=True, glossary="corpora/termbase")
    (b,) = align_words(pairs, pretokenized=True, glossary=None)  # None: the bundled termbase
    assert a.links == b.links
    sig = get_word_aligner("default", glossary="corpora/termbase").signature()
    assert "prior:cedict+chars+form+glossary|glossary:" in sig and "glossary:none" not in sig


def test_no_glossary_is_the_default(mini_glossary):
    assert "glossary:none" in get_word_aligner("default").signature()
    assert "glossary:none" in get_word_aligner("default", glossary=False).signature()
    raw = [("小而美项目", "small yet smart projects")]
    (plain,) = align_words(raw)
    (with_g,) = align_words(raw, glossary=mini_glossary)
    assert [t.text for t in with_g.src_tokens][0] == "小而美"
    assert [t.text for t in plain.src_tokens] == [t.text for t in align_words(raw, glossary=False)[0].src_tokens]


def test_glossary_bad_path_is_located(tmp_path):
    with pytest.raises(BriAlignError, match=r"nope/x: no such file or directory; check the path"):
        align_words(PAIRS, pretokenized=True, glossary="nope/x")


@pytest.mark.parametrize("bad", [42, True, ["a"]])
def test_glossary_wrong_type(bad):
    with pytest.raises(InputError, match="field 'glossary': glossary must be a Glossary, a termbase path or None"):
        align_words(PAIRS, pretokenized=True, glossary=bad)


def test_prior_scaling_options():
    assert "scale:fixed" in get_word_aligner("default", prior_scaling="fixed").signature()
    assert "scale:freq/8" in get_word_aligner("default", prior_ref=8).signature()
    with pytest.raises(InputError, match="unknown prior scaling 'log'"):
        get_word_aligner("default", prior_scaling="log")
    with pytest.raises(InputError, match="prior_ref must be positive"):
        get_word_aligner("default", prior_ref=0)


def test_frequency_scaling_keeps_the_prior_weight_of_frequent_words():
    """A word seen n > prior_ref times gets alpha * n / prior_ref pseudo-counts, so the
    prior's share of its translation table does not shrink as the corpus grows."""
    import numpy as np

    from bri_align.align.hmm import BidirectionalHMM, EMConfig, PairCorpus

    src = [np.array([0, 1], dtype=np.int32)] * 64
    tgt = [np.array([0, 1], dtype=np.int32)] * 64
    corpus = PairCorpus(src, tgt, n_src_vocab=2, n_tgt_vocab=2)
    pid = int(corpus.pair_ids(np.array([0]), np.array([1]))[0])
    counts = np.zeros(corpus.n_pairs)
    fixed = BidirectionalHMM(corpus, config=EMConfig(prior_scaling="fixed", smoothing=0.0),
                             prior=(np.array([pid]), np.array([1.0])))
    scaled = BidirectionalHMM(corpus, config=EMConfig(prior_scaling="frequency", prior_ref=32.0,
                                                      smoothing=0.0), prior=(np.array([pid]), np.array([1.0])))
    assert corpus.occurrences(0)[0] == 64
    # word 0 occurs 64 times: 8 pseudo-counts fixed, 8 * 64 / 32 = 16 scaled
    assert fixed._normalise(counts.copy() + 1.0, 0)[pid] == pytest.approx(9 / 10)
    assert scaled._normalise(counts.copy() + 1.0, 0)[pid] == pytest.approx(17 / 18)


def test_english_keys_of_many_words_equal_the_cached_function():
    """en_keys_many reads lemminflect's tables for the words asked only: same lemmas and stems."""
    from bri_align.align.word_prior import en_keys, en_keys_many

    words = ["cooperation", "countries", "was", "went", "Better", "data", "analyses", "mice", "ran", "'s",
             "U.S.", "APEC", "22nd", "children", "leaves", "economies", "is", "wolves", "Beijing", "hoping",
             "’s", "corpora", "media", "doesn't", "best"]
    many = en_keys_many(words)
    assert set(many) == set(words)
    for w in words:
        assert many[w] == en_keys(w), w


def test_hmm_tolerance_option_is_checked_and_in_the_signature():
    from bri_align.align.ibm_hmm import HMMAligner
    from bri_align.errors import InputError

    sig = HMMAligner(hmm_tolerance=0.01, hmm_iterations=8).signature()
    assert "|iters:5+<=8@tol0.01|" in sig
    with pytest.raises(InputError, match="hmm_tolerance must be in"):
        HMMAligner(hmm_tolerance=1.5)
    al = HMMAligner(hmm_iterations=4, hmm_tolerance=0.5)
    pairs = [("我们 合作", "we cooperate"), ("合作 发展", "cooperation and development"), ("我们", "we")]
    words = [(z.split(), e.split()) for z, e in pairs]
    zv, ev, s, t = al.encode(words)
    model = al.train_encoded(zv, ev, s, t)
    assert 1 <= model.info()["iterations"]["hmm"] <= 4
    assert al.last_info == model.info()
    al.decode(model, len(pairs))
