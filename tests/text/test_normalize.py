"""Offset-preserving normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_fold_traditional_is_per_character_and_keeps_length():
    from bri_align.text.normalize import fold_traditional

    trad = "高質量共建一帶一路，亞投行與絲路基金"
    assert fold_traditional(trad) == "高质量共建一带一路，亚投行与丝路基金"
    # the result for a character does not depend on its neighbours (OpenCC's phrases do)
    for text in ("乾隆", "乾杯", "深沈", "𠮷野家"):
        assert fold_traditional(text) == "".join(fold_traditional(ch) for ch in text)
        assert len(fold_traditional(text)) == len(text)


ZH_PIECES = ["一带一路", "發展", "“", "”", "「", "」", '"', "'", " ", "  ", "\t", "A", "Ｂ", "1",
             "—", "，", "乾", "𠮷", "İ", "Σ", "中"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(ZH_PIECES), max_size=200))
def test_vectorised_normalize_zh_equals_the_character_loop(pieces):
    from bri_align.text import normalize as module

    text = "".join(pieces)
    fast = module._zh_normalized(text, *module._zh_codes(_mapped(module, text)))
    slow = module._apply_deletions(text, module.fold_traditional(_mapped(module, text)),
                                   module._ZH_DELETE, module._zh_space)
    assert fast == slow


def _mapped(module, text):
    mapped = module._ZH_WIDTH_RE.sub(module._fold_zh_char, text)
    return module._casefold_same_length(mapped) if module._UPPER_RE.search(mapped) else mapped


@pytest.mark.parametrize("n", [1, 100, 5000])
def test_spans_to_original_equals_span_to_original(n):
    text = ("共建「一带一路」，“大写意” " * n)[: n * 3 + 7]
    norm = normalize_zh(text)
    spans = [(s, min(s + w, len(norm.text))) for s in range(0, max(len(norm.text) - 1, 0), 3)
             for w in (1, 4) if s < len(norm.text)]
    got = norm.spans_to_original([s for s, _ in spans], [e for _, e in spans])
    assert got == [norm.span_to_original(s, e) for s, e in spans]


def test_no_whitespace_above_the_ideographic_space():
    """The vectorised normalisation lists whitespace up to U+3000 only."""
    import re
    import sys

    space = re.compile(r"\s")
    assert not [o for o in range(0x3001, sys.maxunicode + 1) if space.match(chr(o))]


def test_vectorised_normalize_zh_handles_whitespace_runs():
    from bri_align.text import normalize as module

    text = " 一带 一路\\n\\n  AI  合作 \\t B  C 。 " * 3
    fast = module._zh_normalized(text, *module._zh_codes(_mapped(module, text)))
    slow = module._apply_deletions(text, module.fold_traditional(_mapped(module, text)),
                                   module._ZH_DELETE, module._zh_space)
    assert fast == slow and fast.text == slow.text and fast._cuts == slow._cuts


@pytest.mark.parametrize("fn, text, want", [
    ("zh", "一带\u200b一路", "一带一路"),
    ("zh", "一带 \u200b 一路", "一带一路"),
    ("zh", "\ufeff一带\u2060一路\u200d", "一带一路"),
    ("en", "One\u200b Belt", "one belt"),
    ("en", "One \u200b Belt", "one belt"),
    ("en", "One\u200c\u200dBelt", "onebelt"),
    ("en", "\u200b One", "one"),
])
def test_zero_width_characters_are_deleted_with_offsets_kept(fn, text, want):
    from bri_align.text.normalize import normalize_en, normalize_zh

    norm = (normalize_zh if fn == "zh" else normalize_en)(text)
    assert norm.text == want
    for k, ch in enumerate(norm.text):  # every kept character maps back onto itself
        o = norm.to_original(k)
        assert text[o].lower() == ch or ch == " "
