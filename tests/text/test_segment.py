"""Tests of bri_align.text.segment: paragraphs, Markdown masking and sentences (cut by the one
splitter, bri_align.text.sentences, whose rules are tested there) with exact offsets."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError
from bri_align.text.segment import (
    mask_markdown_line,
    segment,
    split_paragraphs,
)
from bri_align.text.sentences import Sentence

def test_segment_sentences_follow_the_one_splitter_with_file_offsets():
    # The former private splitter of this module cut "3 p.m. | Friday." and kept
    # "U.S. The next" together; the one splitter does the reverse (test_sentences.py).
    text = "Title\n\nHe arrived at 3 p.m. Friday. It was signed in the U.S. The next day it failed.\n"
    ps = segment(text)
    assert [p.text for p in ps] == ["Title", text.split("\n")[2]]
    body = ps[1]
    assert [text[s.start:s.end] for s in body.sentences] == [
        "He arrived at 3 p.m. Friday.", "It was signed in the U.S.", "The next day it failed."]
    assert all(text[s.start:s.end] == s.text for s in body.sentences)
    assert body.sentences[2] == Sentence("The next day it failed.", body.sentences[2].start,
                                         body.sentences[2].end, paragraph=1, index=2)
    assert [(s.paragraph, s.index) for s in ps[0].sentences] == [(0, 0)]


def test_segment_splits_each_paragraph_in_its_own_language():
    # Chinese paragraph: Chinese rules, no cut at the semicolon (a glossary context is a
    # whole sentence); English paragraph in the same file: English rules.
    text = "一是加强合作；二是推动发展。要看到……我们还要努力。\nMr. Xi met Ms. Li. They talked.\n"
    zh, en = segment(text)
    assert [s.text for s in zh.sentences] == ["一是加强合作；二是推动发展。", "要看到……我们还要努力。"]
    assert [s.text for s in en.sentences] == ["Mr. Xi met Ms. Li.", "They talked."]
    assert [text[s.start:s.end] for s in en.sentences] == ["Mr. Xi met Ms. Li.", "They talked."]


def test_paragraph_roundtrip_keeps_sentences():
    (p,) = segment("One here. Two there.")
    assert type(p).from_dict(p.to_dict()) == p
    assert p.sentence_at(p.sentences[1].start + 1).index == 1


def test_paragraphs_are_non_empty_lines_with_offsets():
    text = "First line.\r\n\n   Second  line.  \n\t\nThird."
    ps = split_paragraphs(text)
    assert [(p.text, p.line) for p in ps] == [("First line.", 1), ("Second  line.", 3), ("Third.", 5)]
    for p in ps:
        assert text[p.start:p.end] == p.text


MASKS = [
    ("## Heading ##", "   Heading   "),
    ("> - item **bold** and *it*", "    item   bold   and  it "),
    ("1. [link text](http://x.org \"t\") end", "    link text" + " " * 20 + "end"),
    ("![img](a.png) `code` snake_case_name", "  img          code  snake_case_name"),
    ("a | b | c", "a   b   c"),
    ("~~gone~~ <b>x</b>", "  gone      x    "),
]


@pytest.mark.parametrize("line,expected", MASKS)
def test_mask_markdown_line_keeps_length(line, expected):
    masked = mask_markdown_line(line)
    assert masked == expected
    assert len(masked) == len(line)


def test_markdown_segments_skip_front_matter_code_and_rules():
    text = ("---\ntitle: x\n---\n# Title\n\n```python\ncode. More code.\n```\n---\n| a | b |\n|---|---|\n"
            "Body **one**. Body two.\n")
    ps = segment(text, fmt="markdown")
    assert [p.text for p in ps] == ["Title", "a   b", "Body   one  . Body two."]
    body = ps[-1]
    assert [text[s.start:s.end] for s in body.sentences] == ["Body **one**.", "Body two."]
    assert body.sentence_at(body.sentences[1].start + 2).index == 1
    assert body.sentence_at(body.start).index == 0


def test_plain_text_keeps_markup_characters():
    ps = segment("# not a heading in .txt\n")
    assert ps[0].text == "# not a heading in .txt"


def test_unknown_format():
    with pytest.raises(InputError, match=r"field 'fmt': unknown format 'rst'; expected 'text' or 'markdown'"):
        split_paragraphs("x", fmt="rst")  # type: ignore[arg-type]
