"""The eflomal backend: its priors file (no eflomal needed) and, where eflomal is installed, end to end.

eflomal is GPL-3 and an optional extra that CI does not install, so the writer and the
options are tested on their own; the end-to-end tests skip with the reason where it is
absent. eflomal samples from a system-seeded random state, so those tests check what
holds on every run (indices in range, dictionary pairs a strong prior forces), never
exact links.
"""

from __future__ import annotations

import io
import json
import math

import pytest

from bri_align.align.eflomal_backend import (
    EflomalAligner,
    escape_token,
    has_eflomal,
    prior_entries,
    priors_lines,
    write_priors,
)
from bri_align.align.tokenize import tokens_from_words
from bri_align.align.word import align_tokens, align_words, build_word_aligner, get_word_aligner
from bri_align.errors import InputError

needs_eflomal = pytest.mark.skipif(
    not has_eflomal(), reason='eflomal (GPL-3, optional) is not installed: pip install "bri-align[eflomal]"; '
                              ".ci/run adds it after the README run and runs these tests")


def _parse(lines):
    """Read priors lines back by the documented format: LEX, source, target, alpha; tab-separated."""
    out = []
    for line in lines:
        assert line.endswith("\n") and line.count("\n") == 1
        fields = line[:-1].split("\t")
        assert len(fields) == 4 and fields[0] == "LEX", line
        out.append((fields[1], fields[2], float(fields[3])))
    return out


# ----------------------------------------------------------------------------- escaping
@pytest.mark.parametrize("text, expected", [
    ("合作", "合作"),
    ("cooperation", "cooperation"),
    ("New York", "New\u2581York"),
    ("a\tb", "a\u2581b"),
    ("a \t\n b", "a\u2581b"),                 # a run of whitespace is one mark
    ("一带\u3000一路", "一带\u2581一路"),       # ideographic space
    ("10\u00a0000", "10\u2581000"),           # no-break space: str.split splits on it too
    ("x\u2028y\x1cz", "x\u2581y\u2581z"),      # line/record separators
    (" lead", "lead"),                        # outer whitespace would vanish in the sentence anyway
    ("", "\u2581"),                           # an empty token still takes one position
    ("  ", "\u2581"),
])
def test_escape_token(text, expected):
    out = escape_token(text)
    assert out == expected
    assert out.split() == [out]               # one eflomal word, whatever whitespace it held


# ----------------------------------------------------------------------------- the priors file
def test_priors_lines_format_and_escaping():
    lines = priors_lines([("合作", "cooperation", 8.0), ("一带 一路", "Belt\tand Road", 0.5),
                          ("百分之", "%", 1e-4)])
    assert lines == ["LEX\t合作\tcooperation\t8\n",
                     "LEX\t一带\u2581一路\tBelt\u2581and\u2581Road\t0.5\n",
                     "LEX\t百分之\t%\t0.0001\n"]
    assert _parse(lines) == [("合作", "cooperation", 8.0), ("一带\u2581一路", "Belt\u2581and\u2581Road", 0.5),
                             ("百分之", "%", 1e-4)]


def test_write_priors_to_a_stream():
    buf = io.StringIO()
    assert write_priors(buf, [("合作", "cooperation", 2.0), ("经济", "economic", 1.2)]) == 2
    assert buf.getvalue() == "LEX\t合作\tcooperation\t2\nLEX\t经济\teconomic\t1.2\n"
    assert write_priors(io.StringIO(), []) == 0


@pytest.mark.parametrize("alpha", [0, -1.0, math.nan, math.inf])
def test_priors_lines_refuse_a_bad_alpha(alpha):
    with pytest.raises(InputError, match=r"prior entry 0 \('a', 'b'\) has alpha .*positive finite"):
        priors_lines([("a", "b", alpha)])


def test_prior_entries_weights_lowercase_and_dedupe():
    zh = ["合作", "APEC", "apec", "一带 一路"]
    en = ["Cooperation", "APEC", "the", "Belt and Road"]
    entries = prior_entries(zh, en, [0, 1, 2, 0, 3, 3], [0, 1, 1, 2, 3, 2], [1.0, 1.0, 0.8, 0.0, 0.6, -1.0],
                            weight=4.0)
    # score 0 and below left out; APEC/apec collapse to one key (eflomal lower-cases) with the larger alpha
    assert entries == [("apec", "apec", 4.0), ("一带\u2581一路", "belt\u2581and\u2581road", 2.4),
                       ("合作", "cooperation", 4.0)]
    assert _parse(priors_lines(entries)) == entries


@pytest.mark.parametrize("weight", [0, -2, math.inf, math.nan, True, "8"])
def test_prior_weight_must_be_a_positive_number(weight):
    with pytest.raises(InputError, match="prior_weight must be a positive number"):
        prior_entries(["a"], ["b"], [0], [0], [1.0], weight=weight)
    with pytest.raises(InputError, match="prior_weight must be a positive number"):
        EflomalAligner(prior_weight=weight)


# ----------------------------------------------------------------------------- the aligner's input
def _pair(zh_words, en_words):
    return tokens_from_words(zh_words, sep="")[1], tokens_from_words(en_words)[1]


def test_encode_keys_and_escapes_like_the_default_aligner():
    al = EflomalAligner()
    pairs = [_pair(["經濟", "合作", "一带 一路"], ["Economic", "cooperation", "New York"]),
             _pair([], [])]
    src, tgt, zv, ev = al.encode(pairs)
    assert src == ["经济 合作 一带\u2581一路\n", "\n"]      # traditional -> simplified, as the default aligner
    assert tgt == ["economic cooperation new\u2581york\n", "\n"]
    assert [len(s.split()) for s in src + tgt] == [3, 0, 3, 0]   # one eflomal word per token
    assert zv == ["经济", "合作", "一带\u2581一路"] and ev == ["economic", "cooperation", "new\u2581york"]


def test_prior_entries_from_bri_align_prior():
    al = EflomalAligner(prior_weight=2.0)
    entries = {(z, e): a for z, e, a in al.prior_entries(["合作", "经济", "，", "2013年"],
                                                            ["cooperation", "economic", ",", "2013", "the"])}
    assert entries[("合作", "cooperation")] == 2.0         # CC-CEDICT, score 1.0
    assert entries[("，", ",")] == 2.0                    # punctuation, score 1.0
    assert entries[("2013年", "2013")] == pytest.approx(1.6)  # same number, score 0.8
    assert not any(e == "the" for _, e in entries)
    assert EflomalAligner(prior=False).prior_entries(["合作"], ["cooperation"]) == []


def test_glossary_renderings_reach_the_prior(mini_glossary):
    entries = dict(((z, e), a) for z, e, a in
                   EflomalAligner(glossary=mini_glossary).prior_entries(["亚洲基础设施投资银行"], ["aiib", "the"]))
    assert entries == {("亚洲基础设施投资银行", "aiib"): 8.0}    # a rendering only the glossary knows
    assert EflomalAligner().prior_entries(["亚洲基础设施投资银行"], ["aiib"]) == []


def test_signature_records_the_prior(mini_glossary):
    sig = get_word_aligner("eflomal").signature()
    assert "|prior:cedict+chars+form|" in sig and "|alpha:8|" in sig and "|sym:grow-diag-final-and|" in sig
    assert "|prior:none|" in get_word_aligner("eflomal", prior=False).signature()
    assert "|glossary:none|alpha:none|" in get_word_aligner("eflomal", prior=False).signature()
    gl_sig = build_word_aligner("eflomal", glossary=mini_glossary).signature()
    assert "+glossary|glossary:" in gl_sig


def test_options_reach_eflomal_and_are_checked():
    al = build_word_aligner("eflomal", options={"prior": False})
    assert isinstance(al, EflomalAligner) and al.prior is False
    assert build_word_aligner("eflomal", options={"prior_weight": 8}).prior_weight == 8.0
    with pytest.raises(InputError, match="prior must be True or False"):
        build_word_aligner("eflomal", options={"prior": "no"})
    with pytest.raises(InputError, match="word aligner 'eflomal.v1' has no option 'prior_wieght'"):
        align_words([("我们", "we")], method="eflomal", pretokenized=True, options={"prior_wieght": 1})


# ----------------------------------------------------------------------------- end to end (eflomal installed)
CORPUS = [
    (["中国", "和", "东盟", "加强", "经济", "合作", "。"],
     ["China", "and", "ASEAN", "strengthen", "economic", "cooperation", "."]),
    (["我们", "支持", "贸易", "合作", "。"], ["We", "support", "trade", "cooperation", "."]),
    (["经济", "发展", "很", "重要", "。"], ["Economic", "development", "is", "important", "."]),
    (["双方", "同意", "加强", "贸易", "。"], ["Both", "sides", "agreed", "to", "strengthen", "trade", "."]),
    (["他们", "在", "纽约", "会谈", "。"], ["They", "held", "talks", "in", "New York", "."]),
    ([], []),
]


@needs_eflomal
def test_eflomal_reads_our_priors_file():
    import eflomal

    lines = priors_lines([("一带 一路", "Belt and Road", 4.0), ("合作", "cooperation", 2.0)])
    lex = eflomal.read_priors(lines)[0]
    assert lex == [("一带\u2581一路", "Belt\u2581and\u2581Road", 4.0), ("合作", "cooperation", 2.0)]


@needs_eflomal
def test_eflomal_with_prior_end_to_end():
    pairs = [_pair(z, e) for z, e in CORPUS] * 3
    out = align_tokens(pairs, aligner=get_word_aligner("eflomal", prior_weight=50.0))
    assert len(out) == len(pairs)
    for a, (s, e) in zip(out, pairs):
        assert all(0 <= i < len(s) and 0 <= j < len(e) for i, j in a.links)
    assert out[5].links == ()
    # a strong dictionary prior forces these links on every run
    assert {(5, 5), (4, 4), (6, 6)} <= set(out[0].links)      # 合作-cooperation, 经济-economic, 。-.
    # "New York" is one token: the full stop after it keeps its index (5), aligned to 。 (4)
    assert (4, 5) in out[4].links


@needs_eflomal
def test_eflomal_cli_uses_the_prior(tmp_path, capsys):
    from bri_align.cli import main

    z, e = tmp_path / "in.zh", tmp_path / "in.en"
    rows = CORPUS[:4]                      # pre-tokenised files: no token with a space in it
    z.write_text("\n".join(" ".join(r[0]) for r in rows) + "\n", encoding="utf-8")
    e.write_text("\n".join(" ".join(r[1]) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "links.txt"
    rc = main(["align", "words", "--zh", str(z), "--en", str(e), "--pretokenized", "--out", str(out),
               "--method", "eflomal", "--no-glossary", "--summary-format", "json"])
    assert rc == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(rows)
    summary = json.loads(capsys.readouterr().out)
    assert summary["signature"].startswith("eflomal.v1|eflomal:") and "|prior:cedict+chars+form|" in summary["signature"]

