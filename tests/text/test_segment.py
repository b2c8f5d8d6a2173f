"""Tests of bri_align.text.segment: paragraphs, sentences and Markdown masking with exact offsets."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError
from bri_align.text.segment import (
    mask_markdown_line,
    segment,
    split_paragraphs,
    split_sentences,
)

SENTENCES = [
    ("One. Two! Three?", ["One.", "Two!", "Three?"]),
    ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
    ("Mr. Smith met Dr. Wang in the U.S. capital.", ["Mr. Smith met Dr. Wang in the U.S. capital."]),
    ("Growth was 3.5 per cent. It rose.", ["Growth was 3.5 per cent.", "It rose."]),
    ("J. Smith wrote it. e.g. this one.", ["J. Smith wrote it. e.g. this one."]),
    ("lower case. continues here", ["lower case. continues here"]),
    ("一带一路。共建“一带一路”！好吗？好", ["一带一路。", "共建“一带一路”！", "好吗？", "好"]),
    ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
    ("Wait... What? Yes.", ["Wait...", "What?", "Yes."]),
    ("  padded.   Next one.  ", ["padded.", "Next one."]),
    ("no terminator", ["no terminator"]),
    ("", []),
]


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_split_sentences(text, expected):
    got = split_sentences(text, offset=10)
    assert [s.text for s in got] == expected
    for s in got:
        assert text[s.start - 10:s.end - 10] == s.text
    assert [s.index for s in got] == list(range(len(expected)))


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
