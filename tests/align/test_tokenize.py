"""Tokenisation for word alignment: offsets, conventions, glossary user words, quiet jieba."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bri_align.align.tokenize import (Token, ZhTokenizer, tokenize_en, tokenize_zh, tokens_from_words,
                                      whitespace_tokens)
from bri_align.errors import InputError


def _texts(tokens):
    return [t.text for t in tokens]


def _check_offsets(text, tokens):
    last = 0
    for t in tokens:
        assert text[t.start:t.end] == t.text
        assert t.start >= last
        last = t.end


@pytest.mark.parametrize("text, expected", [
    ("China's policy", ["China", "'s", "policy"]),
    ("They don't agree.", ["They", "do", "n't", "agree", "."]),
    ("the U.S. side", ["the", "U.S.", "side"]),
    ("a long-term, win-win plan", ["a", "long-term", ",", "win-win", "plan"]),
    ("COVID-19 costs $1,000.5 (3.5%)", ["COVID-19", "costs", "$", "1,000.5", "(", "3.5", "%", ")"]),
    ("at 3:30 -- in 2013...", ["at", "3:30", "--", "in", "2013", "..."]),
    ("the countries' o'clock", ["the", "countries", "'", "o'clock"]),
    ("the 19th “Belt and Road” forum", ["the", "19th", "“", "Belt", "and", "Road", "”", "forum"]),
    ("China’s", ["China", "’s"]),
])
def test_tokenize_en(text, expected):
    toks = tokenize_en(text)
    assert _texts(toks) == expected
    _check_offsets(text, toks)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1,.'’-()中国“”\t")), max_size=40))
def test_tokenize_en_offsets_property(text):
    toks = tokenize_en(text)
    _check_offsets(text, toks)
    assert all(t.text.strip() == t.text and t.text for t in toks)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一带路合作发展 ，。ab12“”")), max_size=30))
def test_tokenize_zh_offsets_property(text):
    for seg in ("jieba", "char"):
        toks = tokenize_zh(text, segmenter=seg)
        _check_offsets(text, toks)
        assert all(t.text and not t.text.isspace() for t in toks)


def test_pretokenized_kept_as_is():
    assert _texts(tokenize_zh("印 尼  重申", pretokenized=True)) == ["印", "尼", "重申"]
    toks = tokenize_en("-LRB- Reporter -RRB-", pretokenized=True)
    assert toks[1] == Token("Reporter", 6, 14)


def test_tokens_from_words_and_whitespace_tokens():
    text, toks = tokens_from_words(["一带", "一路"], sep="")
    assert text == "一带一路" and toks[1] == Token("一路", 2, 4)
    assert whitespace_tokens(" a  bc ") == [Token("a", 1, 2), Token("bc", 4, 6)]


def test_glossary_terms_become_one_token(mini_glossary):
    text = "我们共建“一带一路”，推动亚投行和大写意的发展。"
    plain = _texts(tokenize_zh(text))
    with_g = _texts(tokenize_zh(text, glossary=mini_glossary))
    assert "一带一路" in with_g and "亚投行" in with_g
    assert "亚投行" not in plain  # no leak from the glossary tokenizer into the default one
    # a term containing punctuation never becomes one token
    assert "共建“一带一路”" not in with_g
    assert ZhTokenizer(mini_glossary).user_words.count("共建“一带一路”") == 0


def test_tokenizer_cache_per_glossary(mini_glossary):
    from bri_align import __version__

    a = ZhTokenizer.for_glossary(mini_glossary)
    assert ZhTokenizer.for_glossary(mini_glossary) is a
    assert ZhTokenizer.for_glossary(False) is not a  # False: no glossary
    assert a.signature() == (f"zh-tok|segmenter:{a.segmenter}|hmm:yes|glossary:{len(mini_glossary)}@"
                             f"{mini_glossary.checksum()}|bri_align:{__version__}")
    assert ZhTokenizer.for_glossary(False).signature().endswith(f"|glossary:none|bri_align:{__version__}")
    assert ZhTokenizer(segmenter="char").signature() == f"zh-tok|segmenter:char|glossary:none|bri_align:{__version__}"


def test_glossary_argument_convention(repo_root):
    bundled = ZhTokenizer.for_glossary(None)  # None: the bundled termbase
    assert bundled is ZhTokenizer.for_glossary(repo_root / "corpora" / "termbase")
    assert "glossary:none" not in bundled.signature()
    with pytest.raises(InputError, match="nope/x: no such file or directory"):
        tokenize_zh("中国", glossary="nope/x")
    with pytest.raises(InputError, match="field 'glossary': glossary must be a Glossary, a termbase path"):
        tokenize_zh("中国", glossary=3)  # type: ignore[arg-type]


def test_char_segmenter():
    toks = tokenize_zh("中国APEC 2013年", segmenter="char")
    assert _texts(toks) == ["中", "国", "APEC", "2013", "年"]


def test_unknown_segmenter():
    with pytest.raises(InputError, match="unknown Chinese segmenter 'icu'"):
        ZhTokenizer(segmenter="icu")


def test_jieba_is_quiet_and_logging_untouched(capfd):
    root_handlers = list(logging.getLogger().handlers)
    jlog_level = logging.getLogger("jieba").level
    toks = ZhTokenizer()("共建一带一路")  # a fresh tokenizer: jieba loads its dictionary now
    assert toks
    assert capfd.readouterr().err == ""
    assert logging.getLogger().handlers == root_handlers
    assert logging.getLogger("jieba").level == jlog_level


def test_token_dict_roundtrip():
    t = Token("合作", 3, 5)
    assert Token.from_dict(t.to_dict()) == t
