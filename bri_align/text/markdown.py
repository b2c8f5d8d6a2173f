"""Writing Markdown safely (layer L1): the one escaper of table cells and inline text
used by every Markdown report (QA, audit, benchmark)."""

from __future__ import annotations

__all__ = ["md_cell"]


def md_cell(text: object) -> str:
    """``text`` as one Markdown table cell: ``None`` is empty, runs of whitespace
    (newlines included) become one space, and ``|`` is escaped so it cannot end the cell."""
    if text is None:
        return ""
    return " ".join(str(text).split()).replace("|", "\\|")
