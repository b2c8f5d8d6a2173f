#!/usr/bin/env python3
"""Benchmark MT systems on the policy test set (corpora/policy_bench).

With no arguments it runs every system available offline -- the shipped
pre-computed outputs in corpora/policy_bench/systems/ (at least ``seed-mt``, the
seed document's own machine translation, on the seed subset) -- and writes the
report to build/bench/ (results.json, leaderboard.md, terms.md,
term_verdicts.jsonl, chart.png).

    python benchmarks/run_benchmark.py
    python benchmarks/run_benchmark.py --system hf:/models/opus-mt-zh-en --system nllb=hf:/models/nllb-200-distilled-600M
    python benchmarks/run_benchmark.py --system llm:/models/Qwen2.5-1.5B-Instruct --baseline seed-mt

Glossary modes: a model spec may end in ``@MODE[,MODE...]`` to run the model once
per terminology mode (off, force, bias, ban for hf:; off, ban for ct2:; off,
prompt for llm:), each sentence constrained by its annotated terms; the runs are
reported as separate systems ("opus" and "opus (force)") and each mode-on run is
compared with the mode-off run (term success, deprecated renderings, BLEU, chrF++,
paired significance) in the "Glossary modes" section of leaderboard.md and the
"deltas" block of results.json.  ``--glossary-mode off,force`` does the same for
every model system without a suffix.

    python benchmarks/run_benchmark.py --system opus=hf:/models/opus-mt-zh-en@off,force,bias
    python benchmarks/run_benchmark.py --system hf:/models/opus-mt-zh-en --system llm:/models/qwen \
        --glossary-mode off,force,prompt

The same as ``bri-align bench run``: both call bri_align.bench.run_benchmark.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source checkout

from bri_align.cli import main as cli_main  # noqa: E402
from bri_align.cli.bench import add_run_arguments  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_arguments(parser)
    parser.parse_args(argv)  # validates and answers --help with this script's name
    # One code path: the CLI command (error handling, UTF-8 output) over run_benchmark().
    return cli_main(["bench", "run", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
