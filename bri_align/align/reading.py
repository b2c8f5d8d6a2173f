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

from typing import List, Sequence, Tuple

from ..errors import InputError
from ..io import read_lines, read_text
from ..text.lang import check_language

__all__ = ["read_document", "read_parallel", "read_terms", "check_pairs"]


def read_document(path, *, lang: str) -> str:
    """Read a UTF-8 document for sentence alignment, checking it is not empty and is in ``lang``."""
    what = "Chinese file" if lang == "zh" else "English file"
    text = read_text(path, what=what)
    if not text.strip():
        raise InputError(f"{what} is empty; give a document with at least one sentence", path=str(path))
    check_language(text, lang, path=str(path), what=what)
    return text


def read_parallel(zh_path, en_path) -> List[Tuple[str, str]]:
    """Line-parallel Chinese and English files -> pairs, with located errors:
    missing or empty files, invalid UTF-8, different line counts, swapped languages."""
    zh = read_lines(zh_path, what="Chinese file")
    en = read_lines(en_path, what="English file")
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
    for n, line in enumerate(read_lines(path, what="term list"), 1):
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
