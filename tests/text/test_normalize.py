"""Offset-preserving normalisation."""

from __future__ import annotations

import pytest

from bri_align.text.normalize import normalize_en, normalize_zh, to_simplified

ZH_CASES = [
    ("“一带一路”", "一带一路"),
    ('"一带一路"', "一带一路"),
    ("「一带一路」", "一带一路"),
    ("『一带一路』", "一带一路"),
    ("一帶一路", "一带一路"),
    ("ＡＩ合作", "ai合作"),
    ("一带 一路", "一带一路"),
    ("《建议》", "建议"),
]


@pytest.mark.parametrize("text,expected", ZH_CASES)
def test_normalize_zh(text, expected):
    assert normalize_zh(text).text == expected


EN_CASES = [
    ("Small-But-Beautiful", "small but beautiful"),
    ("small—but–beautiful", "small but beautiful"),
    ("“One Belt, One Road”", "one belt, one road"),
    ("'Belt and Road'", "belt and road"),
    ("China’s  plan", "china's plan"),
    ("ＢＥＬＴ", "belt"),
]


@pytest.mark.parametrize("text,expected", EN_CASES)
def test_normalize_en(text, expected):
    assert normalize_en(text).text == expected


@pytest.mark.parametrize("text", ["共建「一带一路」从“大写意”", "A “quoted”  text — with  gaps", "", "“”"])
def test_offsets_map_back_to_the_same_characters(text):
    for norm in (normalize_zh(text), normalize_en(text)):
        for i, ch in enumerate(norm.text):
            o = norm.to_original(i)
            original = text[o]
            # the character is the same up to the one-to-one maps (case, width, script, dash)
            assert normalize_zh(original).text in (ch, "") or normalize_en(original).text.strip() in (ch, "", " ")
        assert norm.to_original(len(norm.text)) == len(text)


def test_span_to_original_skips_inner_quotes():
    text = "推动共建「一带一路」"
    norm = normalize_zh(text)
    i = norm.text.index("共建一带一路")
    s, e = norm.span_to_original(i, i + 6)
    assert text[s:e] == "共建「一带一路"


def test_to_simplified_keeps_length():
    trad = "高質量共建一帶一路，亞投行與絲路基金"
    simp = to_simplified(trad)
    assert len(simp) == len(trad)
    assert simp == "高质量共建一带一路，亚投行与丝路基金"
