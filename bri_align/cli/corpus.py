"""`bri-align corpus run`: terminology QA, rendering statistics and word alignment of a
whole parallel corpus, on this machine or on a Ray cluster (:mod:`bri_align.corpus`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import add_force, dump_json

__all__ = ["register", "run_corpus_command"]


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    from ..corpus.run import DEFAULT_BATCH_SIZE, DEFAULT_SAMPLE_SIZE

    p = sub.add_parser("corpus", help="process a whole parallel corpus (QA, renderings, alignment, candidates)")
    csub = p.add_subparsers(dest="corpus_command", metavar="ACTION")
    r = csub.add_parser(
        "run",
        help="word-align a parallel corpus, QA its glossary terms and count renderings and candidate term pairs",
        description="Reads a parallel corpus (two line-parallel text files, a TMX file, or JSONL/Parquet/"
                    "a Hugging Face dataset folder), fits the word aligner on a sample, then aligns every pair, "
                    "finds and aligns glossary terms, gives QA verdicts and counts renderings and candidate term "
                    "pairs, with the local engine (worker processes) or Ray Data. Bad records are listed in "
                    "rejects.jsonl, never fatal. Writes the --out folder atomically: pairs/ (Parquet shards), "
                    "renderings.parquet, candidates.parquet, rejects.jsonl, summary.json, summary.md.")
    src = r.add_argument_group("corpus (give one)")
    src.add_argument("--zh", help="Chinese text file, one segment per line (UTF-8), with --en")
    src.add_argument("--en", help="English text file, line-parallel to --zh (UTF-8)")
    src.add_argument("--tmx", help="TMX file (zh/zh-CN/zh-Hans and en/en-US xml:lang variants), read streaming")
    src.add_argument("--input", help="JSONL (.jsonl, fields zh and en), Parquet (.parquet file or a folder of "
                                     "them, columns zh and en) or a Hugging Face dataset folder (save_to_disk)")
    r.add_argument("--out", required=True, help="output folder, written atomically (refused if it holds an input "
                                                "or files bri_align did not write)")
    r.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: worker processes on this machine (default); ray: Ray Data (pip install "
                        "'bri-align[ray]'), locally or on the cluster given by --address")
    r.add_argument("--address", help="ray engine: address of an existing Ray cluster (e.g. ray://head:10001 or "
                                     "auto); default: start a local Ray instance")
    r.add_argument("--num-workers", type=int, default=1,
                   help="worker processes (local) or Ray actors (ray) (default 1; 0 with local: this process)")
    r.add_argument("--sample-size", type=int, default=DEFAULT_SAMPLE_SIZE,
                   help=f"pairs the word aligner is fitted on before it is frozen (default {DEFAULT_SAMPLE_SIZE:,})")
    r.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                   help=f"pairs per batch (default {DEFAULT_BATCH_SIZE})")
    r.add_argument("--min-count", type=int, default=2,
                   help="candidate term pairs seen in fewer pairs than this are left out (default 2)")
    r.add_argument("--date", help="the date the QA verdicts are judged at, YYYY-MM-DD (passed on to QA where "
                                  "it accepts one)")
    r.add_argument("--glossary", help="termbase YAML file or folder, or a .tbx/.jsonl export "
                                      "(default: the bundled termbase)")
    r.add_argument("--seed", type=int, default=0, help="seed of the sample drawn for fitting (default 0)")
    add_force(r)
    r.add_argument("--no-progress", action="store_true",
                   help="no progress bar (it is shown only when stderr is a terminal)")
    r.set_defaults(func=run_corpus_command)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_corpus_command(args: argparse.Namespace) -> int:
    from ..corpus.readers import open_corpus
    from ..corpus.run import check_date, run_corpus
    from ._common import show_progress

    check_date(args.date)  # a usage error is reported before anything is read
    if args.address and args.engine != "ray":
        from ..errors import InputError

        raise InputError("--address is for the ray engine: add --engine ray", field="address")
    corpus = open_corpus(zh=args.zh, en=args.en, tmx=args.tmx, input=args.input)
    summary = run_corpus(corpus, args.out, engine=args.engine, address=args.address, num_workers=args.num_workers,
                         sample_size=args.sample_size, batch_size=args.batch_size, date=args.date,
                         glossary=args.glossary, seed=args.seed, min_count=args.min_count, force=args.force,
                         progress=not args.no_progress and show_progress())
    short = {k: summary[k] for k in ("pairs", "rejected", "rejects", "verdicts", "candidates", "seconds",
                                     "pairs_per_second")}
    short["out"] = args.out
    sys.stdout.write(dump_json(short))
    return 0
