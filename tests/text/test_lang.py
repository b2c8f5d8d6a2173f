"""One language rule for the library: bri_align.text.lang."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError
from bri_align.text.lang import check_language, count_scripts, detect_language


@pytest.mark.parametrize("text,lang", [
    ("我们要推动高质量共建“一带一路”。", "zh"),
    ("We will promote high-quality Belt and Road cooperation.", "en"),
    ("2025 ...", None),
    ("123 …", None),
    ("推动 Belt and Road 合作发展", "zh"),
    ("一带一路", "zh"),
    ("Belt and Road", "en"),
    ("The 一带一路 initiative is the Belt and Road", "en"),
    ("一带一路 (Belt and Road)", "zh"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_the_case_the_old_copies_disagreed_on():
    # 15 ideographs and 43 Latin letters: the old segment.detect_lang (30% of letters)
    # said 'en', text.sentences said 'zh'.  One rule now: 3 * 15 >= 43 -> 'zh'.
    text = "推动共建一带一路高质量发展行稳 The Belt and Road Initiative drives quality growth"
    cjk, latin = count_scripts(text)
    assert (cjk, latin) == (15, 43)
    assert detect_language(text) == "zh"


def test_check_language_swapped():
    with pytest.raises(InputError, match=r"a\.txt: Chinese file should be Chinese but looks English; are the --zh"):
        check_language("This is English text.", "zh", path="a.txt", what="Chinese file")
    check_language("这是中文。", "zh")
