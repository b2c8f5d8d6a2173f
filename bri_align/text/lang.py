"""Is this Chinese or English?  One rule for the whole library (layer L1).

:func:`detect_language` counts CJK ideographs and ASCII letters.  A Chinese
character carries about as much as three to four Latin letters, so a text is
``zh`` when ``3 * cjk >= latin`` and ``en`` otherwise; with fewer than four such
characters it cannot tell and returns ``None``.  A Chinese sentence quoting an
English name ("亚洲基础设施投资银行（Asian Infrastructure Investment Bank）") is
therefore Chinese, and an English sentence quoting 一带一路 is English.

:func:`check_language` turns a clear mismatch into an :class:`InputError` (swapped
``--zh``/``--en`` files); :func:`count_scripts` gives the raw counts for per-line
checks such as "this source line has no Chinese at all".
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..errors import InputError
from .normalize import is_cjk

__all__ = ["count_scripts", "detect_language", "check_language", "LANGUAGE_NAMES"]

LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}


def count_scripts(text: str) -> Tuple[int, int]:
    """``(CJK ideographs, ASCII letters)`` in ``text``."""
    cjk = latin = 0
    for ch in text:
        if is_cjk(ch):
            cjk += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    return cjk, latin


def detect_language(text: str, *, sample: int = 20000) -> Optional[str]:
    """'zh' when CJK characters dominate the letters of ``text`` (one ideograph weighs
    three Latin letters), 'en' when Latin letters do, None for text with fewer than
    four letters.  Only the first ``sample`` characters are read."""
    cjk, latin = count_scripts(text[:sample])
    if cjk + latin < 4:
        return None
    return "zh" if cjk * 3 >= latin else "en"


def check_language(text: str, lang: str, *, path: Optional[str] = None, what: str = "text") -> None:
    """Raise an :class:`InputError` when ``text`` is clearly not in ``lang`` (e.g. swapped files)."""
    found = detect_language(text)
    if found is not None and found != lang:
        raise InputError(
            f"{what} should be {LANGUAGE_NAMES[lang]} but looks {LANGUAGE_NAMES[found]}; "
            "are the --zh and --en files swapped?",
            path=path,
        )
