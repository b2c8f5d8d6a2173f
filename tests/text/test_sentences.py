"""Sentence splitting: Chinese and English rules, offsets, paragraphs, language checks."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError, MissingDependencyError
from bri_align.text.sentences import (
    Sentence,
    sentence_splitters,
    sentences_from_list,
    split_en,
    split_sentences,
    split_zh,
)

ZH_CASES = [
    # (text, expected sentences)
    ("我们要走出去。我们要合作！真的吗？", ["我们要走出去。", "我们要合作！", "真的吗？"]),
    ("他说：“要坚持走出去。”然后离开了。", ["他说：“要坚持走出去。”", "然后离开了。"]),
    ("一是加强合作；二是推动发展。", ["一是加强合作；", "二是推动发展。"]),
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("要看到……我们还要努力。", ["要看到……我们还要努力。"]),
    ("他问：“还要等多久……”没有人回答。", ["他问：“还要等多久……”", "没有人回答。"]),
    ("（注：见附件。）下一句。", ["（注：见附件。）", "下一句。"]),
    ("没有句号的标题\n第二段。", ["没有句号的标题", "第二段。"]),
    ("增长5.2%。出口增长3.1%。", ["增长5.2%。", "出口增长3.1%。"]),
    ("  前后有空格。  ", ["前后有空格。"]),
    ("", []),
]


@pytest.mark.parametrize("text,expected", ZH_CASES)
def test_split_zh(text, expected):
    got = split_zh(text)
    assert [s.text for s in got] == expected
    for s in got:
        assert text[s.start:s.end] == s.text


def test_split_zh_without_semicolons():
    assert [s.text for s in split_zh("一是加强合作；二是推动发展。", semicolons=False)] == ["一是加强合作；二是推动发展。"]


EN_CASES = [
    ("Dr. Smith went to Washington, D.C. on Monday. He met the U.S. envoy.",
     ["Dr. Smith went to Washington, D.C. on Monday.", "He met the U.S. envoy."]),
    ("GDP grew by 5.2 per cent in 2023. Exports rose 3.1% to $2.5 trillion.",
     ["GDP grew by 5.2 per cent in 2023.", "Exports rose 3.1% to $2.5 trillion."]),
    ('He said, "We will go global." Then he left.', ['He said, "We will go global."', "Then he left."]),
    ("J. R. R. Tolkien wrote books. See No. 5 for details.",
     ["J. R. R. Tolkien wrote books.", "See No. 5 for details."]),
    ("The U.S. and China agreed. The e.g. clause is here, i.e. below.",
     ["The U.S. and China agreed.", "The e.g. clause is here, i.e. below."]),
    ("It was signed in the U.S. The next day it failed.", ["It was signed in the U.S.", "The next day it failed."]),
    ("The U.S. President spoke.", ["The U.S. President spoke."]),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    ("Mr. Xi met Ms. Li at 3 p.m. Friday. They talked.", ["Mr. Xi met Ms. Li at 3 p.m. Friday.", "They talked."]),
    ("1. Introduction of the plan. More text.", ["1. Introduction of the plan.", "More text."]),
    ("II. Scope of the plan. More text.", ["II. Scope of the plan.", "More text."]),
    ('"Go global!" he said. Then "small yet smart" projects followed.',
     ['"Go global!" he said.', 'Then "small yet smart" projects followed.']),
    ("See Art. 12 of the law. It applies.", ["See Art. 12 of the law.", "It applies."]),
    ("It came into force on Jan. 1 this year. It applies.", ["It came into force on Jan. 1 this year.", "It applies."]),
    ("The answer was No. It was final.", ["The answer was No.", "It was final."]),
    ("First... Then second.", ["First...", "Then second."]),
    ("Growth (see Table 2.) was strong. Exports rose.", ["Growth (see Table 2.) was strong.", "Exports rose."]),
    ("It covers ports, railways, etc. The plan is long.", ["It covers ports, railways, etc.", "The plan is long."]),
    ("A title without a full stop\nSecond paragraph.", ["A title without a full stop", "Second paragraph."]),
    ("Ended.  “Quoted start” follows.", ["Ended.", "“Quoted start” follows."]),
    ("The rate was 3.5. The target is 4.", ["The rate was 3.5.", "The target is 4."]),
]


@pytest.mark.parametrize("text,expected", EN_CASES)
def test_split_en(text, expected):
    got = split_en(text)
    assert [s.text for s in got] == expected
    for s in got:
        assert text[s.start:s.end] == s.text


# Cases of the former second splitter (text/segment.py's own rules) and every case on
# which the two splitters disagreed, with the correct split.  The old segment rules cut
# "3 p.m. | Friday." (a time does not end a sentence) and kept "U.S. The next" together
# (a dotted acronym before a closed-class sentence starter does end one); they also cut
# list numbers ("1. | Introduction"), kept "No. It" and "etc. The" together, and cut
# a Chinese ellipsis followed by more Chinese ("要看到…… | 我们").
MERGED_CASES = [
    ("He arrived at 3 p.m. Friday.", "en", ["He arrived at 3 p.m. Friday."]),
    ("He arrived at 3 p.m. Friday. Then he left.", "en", ["He arrived at 3 p.m. Friday.", "Then he left."]),
    ("It was signed in the U.S. The next day it failed.", "en",
     ["It was signed in the U.S.", "The next day it failed."]),
    ("Mr. Xi met Ms. Li at 3 p.m. Friday. They talked.", "en", ["Mr. Xi met Ms. Li at 3 p.m. Friday.", "They talked."]),
    ("1. Introduction of the plan. More text.", "en", ["1. Introduction of the plan.", "More text."]),
    ("II. Scope of the plan. More text.", "en", ["II. Scope of the plan.", "More text."]),
    ("The answer was No. It was final.", "en", ["The answer was No.", "It was final."]),
    ("It covers ports, railways, etc. The plan is long.", "en", ["It covers ports, railways, etc.", "The plan is long."]),
    ("要看到……我们还要努力。", "zh", ["要看到……我们还要努力。"]),
    # the former segment splitter's own test cases (the two agreed on these)
    ("One. Two! Three?", "en", ["One.", "Two!", "Three?"]),
    ('He said "stop." Then left.', "en", ['He said "stop."', "Then left."]),
    ("Mr. Smith met Dr. Wang in the U.S. capital.", "en", ["Mr. Smith met Dr. Wang in the U.S. capital."]),
    ("Growth was 3.5 per cent. It rose.", "en", ["Growth was 3.5 per cent.", "It rose."]),
    ("J. Smith wrote it. e.g. this one.", "en", ["J. Smith wrote it. e.g. this one."]),
    ("lower case. continues here", "en", ["lower case. continues here"]),
    ("一带一路。共建“一带一路”！好吗？好", "zh", ["一带一路。", "共建“一带一路”！", "好吗？", "好"]),
    ("他说：“好。”然后走了。", "zh", ["他说：“好。”", "然后走了。"]),
    ("Wait... What? Yes.", "en", ["Wait...", "What?", "Yes."]),
    ("  padded.   Next one.  ", "en", ["padded.", "Next one."]),
    ("no terminator", "en", ["no terminator"]),
    ("", "en", []),
]


@pytest.mark.parametrize("text,lang,expected", MERGED_CASES)
def test_split_former_segment_cases(text, lang, expected):
    got = split_sentences(text, lang=lang)
    assert [s.text for s in got] == expected
    assert all(text[s.start:s.end] == s.text for s in got)
    assert [s.index for s in got] == list(range(len(expected)))


def test_en_semicolons_optional():
    text = "First, open up; second, cooperate."
    assert len(split_en(text)) == 1
    assert [s.text for s in split_en(text, semicolons=True)] == ["First, open up;", "second, cooperate."]


def test_paragraph_indexes_line_mode():
    text = "第一段第一句。第一段第二句。\n\n第二段。\n第三段。"
    got = split_zh(text)
    assert [(s.text, s.paragraph, s.index) for s in got] == [
        ("第一段第一句。", 0, 0), ("第一段第二句。", 0, 1), ("第二段。", 1, 2), ("第三段。", 2, 3)]


def test_paragraph_blank_mode_joins_soft_wraps():
    text = "This sentence is\nwrapped. Next one.\n\nNew paragraph."
    got = split_en(text, paragraphs="blank")
    assert [(s.text, s.paragraph) for s in got] == [
        ("This sentence is\nwrapped.", 0), ("Next one.", 0), ("New paragraph.", 1)]


def test_crlf_offsets():
    text = "第一句。\r\n第二句。\r\n"
    got = split_zh(text)
    assert [s.text for s in got] == ["第一句。", "第二句。"]
    assert all(text[s.start:s.end] == s.text for s in got)


def test_seed_document_offsets(seed_text):
    got = split_en(seed_text)
    assert len(got) > 50
    assert all(seed_text[s.start:s.end] == s.text for s in got)
    assert all(s.text == s.text.strip() for s in got)
    # paragraphs are the seed's lines
    assert got[-1].paragraph == len([ln for ln in seed_text.splitlines() if ln.strip()]) - 1


def test_sentences_from_list_offsets():
    items = ["第一句。", "第二句。"]
    got = sentences_from_list(items)
    joined = "\n".join(items)
    assert [joined[s.start:s.end] for s in got] == items
    assert [s.paragraph for s in got] == [0, 1]


def test_sentence_roundtrip():
    s = Sentence("第一句。", 3, 7, 1, 2)
    assert Sentence.from_dict(s.to_dict()) == s



def test_split_sentences_dispatch():
    assert [s.text for s in split_sentences("一。二。", lang="zh")] == ["一。", "二。"]
    assert "en-rules.v1" in sentence_splitters.names()


@pytest.mark.parametrize("kwargs,match", [
    (dict(lang="fr"), "unknown language 'fr'"),
    (dict(lang="en", splitter="zh-rules.v1"), "not for language 'en'"),
    (dict(lang="zh", paragraphs="page"), "unknown paragraphs mode 'page'"),
])
def test_split_sentences_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        split_sentences("text.", **kwargs)


def test_split_non_str():
    with pytest.raises(InputError, match="text must be a str"):
        split_zh(b"bytes")  # type: ignore[arg-type]


def test_sentences_from_list_non_str():
    with pytest.raises(InputError, match="sentence 1 must be a str"):
        sentences_from_list(["ok", 3])  # type: ignore[list-item]


def test_pysbd_backend_agrees_on_simple_text():
    pytest.importorskip("pysbd")
    text = "Dr. Smith went to Washington. He met the U.S. envoy.\nNew line."
    got = split_sentences(text, lang="en", splitter="en-pysbd.v1")
    assert [s.text for s in got] == ["Dr. Smith went to Washington.", "He met the U.S. envoy.", "New line."]
    assert all(text[s.start:s.end] == s.text for s in got)


def test_pysbd_missing(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *a, **kw):
        if name == "pysbd":
            raise ImportError("no pysbd")
        return real_import(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingDependencyError, match=r'pip install "bri-align\[pysbd\]"'):
        split_sentences("One. Two.", lang="en", splitter="en-pysbd.v1")
