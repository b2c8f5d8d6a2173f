"""Checks shared by the glossary exporters (layer L2).

MT services reject whole glossaries for one bad term, so the exporters check
every term before anything is written and raise a :class:`GlossaryError` that
names the entry, the field, the offending value and what to do.
"""

from __future__ import annotations

from typing import Optional

from ...errors import GlossaryError

__all__ = ["bad_character", "check_term", "check_size", "MIB"]

MIB = 1024 * 1024


def bad_character(text: str) -> Optional[str]:
    """The first C0/C1 control character or Unicode line/paragraph separator in
    ``text`` as ``U+XXXX``, or None.

    This is the set DeepL's client libraries refuse (C0 0-31, C1 128-159,
    U+2028, U+2029) plus DEL (127); tabs and newlines would also break a
    TSV/CSV row.
    """
    for ch in text:
        o = ord(ch)
        if o <= 31 or 127 <= o <= 159 or ch in "\u2028\u2029":
            return f"U+{o:04X}"
    return None


def check_term(
    term: str,
    *,
    service: str,
    entry_id: str,
    field: str,
    max_bytes: Optional[int] = None,
) -> None:
    """Raise a :class:`GlossaryError` when ``term`` cannot go into a ``service`` glossary."""
    leave_out = f"or leave the entry out of the {service} export (Glossary.subset)"
    if not isinstance(term, str) or not term:
        raise GlossaryError(
            f"empty term; {service} glossaries take no empty terms: fill it in {leave_out}",
            entry_id=entry_id, field=field)
    if term != term.strip():
        raise GlossaryError(
            f"term {term!r} has leading or trailing whitespace, which {service} rejects; "
            "strip it in the termbase", entry_id=entry_id, field=field)
    bad = bad_character(term)
    if bad is not None:
        raise GlossaryError(
            f"term {term!r} contains the control character {bad}, which {service} rejects; "
            "remove it in the termbase", entry_id=entry_id, field=field)
    if max_bytes is not None:
        size = len(term.encode("utf-8"))
        if size > max_bytes:
            raise GlossaryError(
                f"term '{term[:40]}…' is {size} UTF-8 bytes; {service} accepts at most "
                f"{max_bytes} bytes per term: shorten it {leave_out}",
                entry_id=entry_id, field=field)


def check_size(text: str, *, service: str, limit: int) -> None:
    """Raise when the whole exported file is over the service's size limit."""
    size = len(text.encode("utf-8"))
    if size > limit:
        raise GlossaryError(
            f"the {service} glossary would be {size} bytes; {service} accepts at most "
            f"{limit} bytes ({limit / MIB:g} MiB) per file: export a subset of the entries "
            "(Glossary.subset) in several files")
