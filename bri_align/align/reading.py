"""Reading the aligners' input files, with located errors (layer L3).

* :func:`read_document`: one document for sentence alignment;
* :func:`read_parallel`: line-parallel Chinese and English files for term alignment
  and term-pair extraction;
* :func:`read_terms`: a user's term list;
* :func:`check_pairs`: sentence pairs given from Python.

Decoding and line splitting are :mod:`bri_align.io`'s, the language check
:mod:`bri_align.text.lang`'s.
"""

from __future__ import annotations

import os
from typing import List, Sequence, Tuple

from ..errors import InputError
from ..io import display_name, read_text, split_lines
from ..text.lang import check_language
from .corpus import MAX_LINE_CHARS, check_text_line

__all__ = ["read_document", "read_parallel", "read_terms", "check_pairs", "check_one_stdin"]


_name = display_name


def _read(path, *, what: str) -> str:
    """A UTF-8 file's text ('-': standard input); io refuses NUL bytes (not a text file)."""
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise InputError(f"the {what} must be a path (str or os.PathLike), got {type(path).__name__}",
                         field="path")
    return read_text(path, what=what)


def _read_lines(path, *, what: str) -> List[str]:
    """Lines of a UTF-8 file ('-': stdin), each at most MAX_LINE_CHARS characters, or an InputError."""
    text = _read(path, what=what)
    if not text.strip():
        raise InputError(f"{what} is empty; give a file with one segment per line", path=_name(path))
    lines = split_lines(text)
    for n, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            check_text_line(line, path=_name(path), what=what, line=n)
    return lines


def check_one_stdin(*paths) -> None:
    """An InputError when more than one of ``paths`` is '-' (standard input is one stream)."""
    if sum(1 for p in paths if str(p) == "-") > 1:
        raise InputError("only one input can be '-' (standard input is one stream); give the others as files",
                         field="zh")


def read_document(path, *, lang: str) -> str:
    """Read a UTF-8 document for sentence alignment ('-': standard input), checking it is
    text, not empty and in ``lang``."""
    what = "Chinese file" if lang == "zh" else "English file"
    text = _read(path, what=what)
    path = _name(path)
    if not text.strip():
        raise InputError(f"{what} is empty; give a document with at least one sentence", path=str(path))
    check_language(text, lang, path=str(path), what=what)
    return text


def read_parallel(zh_path, en_path) -> List[Tuple[str, str]]:
    """Line-parallel Chinese and English files -> pairs, with located errors:
    missing or empty files, invalid UTF-8, different line counts, swapped languages."""
    check_one_stdin(zh_path, en_path)
    zh = _read_lines(zh_path, what="Chinese file")
    en = _read_lines(en_path, what="English file")
    zh_path, en_path = _name(zh_path), _name(en_path)
    check_language("\n".join(zh), "zh", path=str(zh_path), what="Chinese file")
    check_language("\n".join(en), "en", path=str(en_path), what="English file")
    if len(zh) != len(en):
        raise InputError(
            f"has {len(en)} lines but the Chinese file {zh_path} has {len(zh)}; "
            "the files must be line-parallel (one sentence pair per line)",
            path=str(en_path),
        )
    return list(zip(zh, en))


def read_terms(path) -> List[str]:
    """A user term list: one Chinese term per line; blank lines and '#' comments skipped."""
    out = []
    for n, line in enumerate(_read_lines(path, what="term list"), 1):
        t = line.strip()
        if not t or t.startswith("#"):
            continue
        if "\t" in t:
            raise InputError("a term list has one Chinese term per line and no tabs "
                             "(English renderings belong in a glossary)", path=str(path), line=n)
        out.append(t)
    if not out:
        raise InputError("term list has no terms; give one Chinese term per line", path=str(path))
    return out


def check_pairs(pairs) -> List[Tuple[str, str]]:
    """``pairs`` as a list of (zh, en) string tuples, or an InputError naming the bad pair."""
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence):
        raise InputError(f"pairs must be a list of (zh, en) tuples, got {type(pairs).__name__}", field="pairs")
    out = []
    for n, p in enumerate(pairs):
        if not isinstance(p, (tuple, list)) or len(p) != 2 or not all(isinstance(x, str) for x in p):
            raise InputError(f"pair {n + 1} is not a (zh, en) tuple of two strings", field="pairs")
        out.append((p[0], p[1]))
    return out
