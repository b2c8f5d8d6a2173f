"""Benchmarks: test sets, the runner and reports (layer L5).

``run_benchmark()`` runs every system available offline on the policy test set
(``corpora/policy_bench``) with a :class:`BenchmarkConfig` and writes a report;
``score_files()`` and ``score_wmt25()`` score pre-computed outputs in standard
formats.  Modules: :mod:`.testset`, :mod:`.datafiles` (file formats),
:mod:`.systems` (system specs), :mod:`.result` (records), :mod:`.subset`
(scoring one subset), :mod:`.runner`, :mod:`.score`, :mod:`.report`.
"""

from .datafiles import (
    Annotations,
    WMT25Document,
    read_annotations,
    read_wmt25_reference,
    read_wmt25_system,
)
from .report import leaderboard_markdown, terms_markdown, write_chart, write_report
from .result import (
    BenchmarkResult,
    GlossaryDelta,
    SubsetResult,
    SystemInfo,
    SystemScores,
)
from .runner import BenchmarkConfig, run_benchmark
from .score import score_files, score_wmt25
from .systems import parse_named_path
from .testset import (
    Segment,
    TestSet,
    default_testset_dir,
    load_testset,
    shipped_systems,
)

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
    "BenchmarkConfig",
    "BenchmarkResult",
    "GlossaryDelta",
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
