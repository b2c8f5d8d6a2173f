"""Terminology QA: which rendering a translation used for each source term, and a verdict (layer L4).

>>> from bri_align.qa import qa_check
>>> report = qa_check(["我们推进共建“一带一路”。"], ["We advance the joint construction of the Belt and Road."])
>>> report.counts["deprecated"], report.failed      # doctest: +SKIP
(1, True)

See :mod:`bri_align.qa.check` for the verdicts and :mod:`bri_align.qa.resolve` for how
renderings are found (the term aligner, then the English matcher inside its span).
Post-editing (:mod:`bri_align.postedit`) builds on the same resolution.
:func:`bri_align.qa.html.qa_html` draws a report as one HTML page (``qa --format html``).
"""

from .check import (
    QA_VERSION,
    STRICT_VERDICTS,
    VERDICTS,
    QAChecker,
    QAItem,
    QAReport,
    qa_check,
)
from .resolve import (
    BannedFormFinder,
    TermUse,
    banned_uses,
    check_segments,
    resolve_term_uses,
    segment_dates,
    uses_at,
)

__all__ = [
    "QA_VERSION",
    "VERDICTS",
    "STRICT_VERDICTS",
    "QAItem",
    "QAReport",
    "QAChecker",
    "qa_check",
    "TermUse",
    "resolve_term_uses",
    "banned_uses",
    "BannedFormFinder",
    "check_segments",
    "segment_dates",
    "uses_at",
]
