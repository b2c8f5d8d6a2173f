"""Benchmarks: test sets, the runner and reports (layer L5).

``run_benchmark()`` runs every system available offline on the policy test set
(``corpora/policy_bench``) and writes a report; ``score_files()`` and
``score_wmt25()`` score pre-computed outputs in standard formats.
"""

from .datafiles import Annotations, WMT25Document, read_annotations, read_wmt25_reference, read_wmt25_system
from .report import leaderboard_markdown, terms_markdown, write_chart, write_report
from .runner import (
    BenchmarkResult,
    SubsetResult,
    SystemInfo,
    SystemScores,
    parse_named_path,
    run_benchmark,
    score_files,
    score_wmt25,
)
from .testset import Segment, TestSet, default_testset_dir, load_testset, shipped_systems

__all__ = [
    "Annotations",
    "WMT25Document",
    "read_annotations",
    "read_wmt25_reference",
    "read_wmt25_system",
    "leaderboard_markdown",
    "terms_markdown",
    "write_chart",
    "write_report",
    "BenchmarkResult",
    "SubsetResult",
    "SystemInfo",
    "SystemScores",
    "parse_named_path",
    "run_benchmark",
    "score_files",
    "score_wmt25",
    "Segment",
    "TestSet",
    "default_testset_dir",
    "load_testset",
    "shipped_systems",
]
