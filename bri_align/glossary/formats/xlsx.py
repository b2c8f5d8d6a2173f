"""Excel workbook export (``.xlsx``) for translators who work in spreadsheets (layer L2).

One sheet, ``glossary``, with one row per English rendering (an entry with three
renderings has three rows, each repeating the entry's id, Chinese term and
category, so every row can be filtered and sorted on its own).  The header row is
frozen and carries an autofilter.  Export only: use TBX or JSONL to round-trip.

Columns: :data:`COLUMNS`.  ``openpyxl`` is an optional extra
(``pip install "bri-align[xlsx]"``), imported when the format is used.
"""

from __future__ import annotations

import io
from typing import Any, List, Tuple

from ...errors import GlossaryError, MissingDependencyError
from ..model import Glossary, Rendering, TermEntry

__all__ = ["dump_xlsx", "COLUMNS", "SHEET"]

SHEET = "glossary"
# (header, width in characters)
COLUMNS: Tuple[Tuple[str, int], ...] = (
    ("entry id", 28), ("zh", 18), ("zh variants", 18), ("pinyin", 24), ("category", 12),
    ("en", 36), ("status", 11), ("reason", 40), ("literal", 8), ("evidence", 50),
    ("attested", 9), ("valid from", 11), ("valid until", 11), ("source", 40), ("definition", 50),
    ("note", 30),
)
# characters openpyxl refuses in a cell (XML 1.0 cannot hold them)
_ILLEGAL = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError("openpyxl", "xlsx", "the xlsx glossary export") from None
    return openpyxl


def _evidence(r: Rendering) -> str:
    parts = []
    for ev in r.evidence:
        quote = f"\u201c{ev.quote}\u201d" if ev.quote else ""
        parts.append(" ".join(x for x in (ev.authority, ev.date, quote, ev.url) if x))
    return "\n".join(parts)


def _source(r: Rendering) -> str:
    if r.source is None:
        return ""
    return "; ".join(x for x in (r.source.authority, r.source.citation, r.source.url) if x)


def rows(glossary: Glossary) -> List[List[Any]]:
    """The data rows, one per rendering, in termbase order (no header)."""
    out: List[List[Any]] = []
    for e in glossary:
        for r in e.renderings:
            out.append(_row(e, r))
    return out


def _row(e: TermEntry, r: Rendering) -> List[Any]:
    return [
        e.id, e.zh, " / ".join(e.zh_variants), e.pinyin, e.category.value,
        r.en, r.status.value, r.reason, "yes" if r.literal else "", _evidence(r),
        "yes" if r.attested else "no",
        r.valid_from, r.valid_until,
        _source(r), e.definition, r.note,
    ]


def dump_xlsx(glossary: Glossary) -> bytes:
    """The glossary as an ``.xlsx`` workbook (bytes)."""
    if len(glossary) == 0:
        raise GlossaryError(f"glossary '{glossary.name}' has no entries; export a non-empty glossary")
    openpyxl = _openpyxl()
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h for h, _w in COLUMNS])
    for row in rows(glossary):
        for value in row:
            if isinstance(value, str) and any(ord(c) in _ILLEGAL for c in value):
                raise GlossaryError(f"value {value[:40]!r} holds a control character, which a "
                                    "spreadsheet cell cannot hold; remove it in the termbase",
                                    entry_id=row[0])
        ws.append(row)
    for cell in ws[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    for i, (_h, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.title = glossary.name
    wb.properties.creator = "bri_align"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
