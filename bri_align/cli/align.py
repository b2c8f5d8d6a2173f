"""`bri-align align ...`: the alignment command group.

``align words`` is defined here; ``align sentences`` lives in
:mod:`bri_align.cli.align_sentences`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import align_sentences
from ._common import dump_json

__all__ = ["register", "run_words"]


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser("align", help="align sentences or words of Chinese-English parallel text")
    align_sub = p.add_subparsers(dest="align_command", metavar="ACTION")
    _register_words(align_sub)
    align_sentences.register_sentences(align_sub)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _register_words(align_sub: "argparse._SubParsersAction[Any]") -> None:
    from ..align.symmetrize import SYMMETRIZERS

    w = align_sub.add_parser(
        "words",
        help="word-align parallel files (one sentence pair per line) into Pharaoh i-j links",
        description="Word-align a Chinese file and its line-by-line English translation. "
                    "Writes one line of 0-based 'i-j' links per sentence pair (i: Chinese token, "
                    "j: English token). The default aligner (IBM-1 + HMM, CC-CEDICT and glossary priors) "
                    "learns from the files themselves: give it the whole corpus.",
    )
    w.add_argument("--zh", required=True, help="Chinese file, one sentence per line (UTF-8; '-': stdin; "
                                               "lines up to 100,000 characters)")
    w.add_argument("--en", required=True, help="English file, line-parallel to --zh (UTF-8; '-': stdin)")
    w.add_argument("--out", default="-", help="output Pharaoh links file, written atomically; never one of the "
                                              "inputs ('-': stdout, the default)")
    w.add_argument("--pretokenized", action="store_true",
                   help="both files are already tokenised (space-separated tokens)")
    w.add_argument("--method", default="default",
                   help="aligner: default (ibm1-hmm.v1), ibm1, neural (simalign.v1), eflomal (optional extra)")
    w.add_argument("--model", help="neural aligner: local path (or cached id) of a transformers encoder")
    w.add_argument("--device", default="auto", help="neural aligner: auto, cpu, cuda, cuda:0 ...")
    w.add_argument("--symmetrize", default="grow-diag-final-and", choices=sorted(SYMMETRIZERS),
                   help="how the two directions are combined (default: grow-diag-final-and)")
    w.add_argument("--glossary", help="termbase YAML file or folder, or a .tbx/.jsonl export, used as a prior "
                                      "and for segmentation (default: the bundled termbase)")
    w.add_argument("--no-glossary", action="store_true", help="do not use a glossary")
    w.add_argument("--no-dictionary", action="store_true", help="do not use the CC-CEDICT prior (with --method eflomal: pass eflomal no priors)")
    w.add_argument("--seed", type=int, default=0,
                   help="random seed, 0 to 2**32-1 (default 0; recorded in the signature)")
    w.add_argument("--num-proc", type=int, default=1,
                   help="worker processes for tokenisation and the default aligner's E-step (default 1; "
                        "capped at the number of CPUs)")
    w.add_argument("--summary-format", choices=("text", "json"), default="text",
                   help="shape of the summary (pairs, links, signature): text (default) or json; it goes to "
                        "stdout, or to stderr when the links go to stdout")
    w.add_argument("--no-progress", action="store_true",
                   help="no progress bars (they are shown only when stderr is a terminal)")
    w.set_defaults(func=run_words)


def run_words(args: argparse.Namespace) -> int:
    from ..align.corpus import align_parallel_files, align_word_files
    from ..align.pharaoh import format_pharaoh
    from ..align.word import check_num_proc, check_seed
    from ._common import emit, show_progress

    check_seed(args.seed)  # before any file is read: a usage error is reported at once
    check_num_proc(args.num_proc)
    # False: no glossary; None: the bundled termbase; else a path (see bri_align.glossary.as_glossary)
    glossary = False if args.no_glossary else args.glossary
    progress = not args.no_progress and show_progress()
    opts = dict(method=args.method, pretokenized=args.pretokenized, glossary=glossary,
                symmetrize=args.symmetrize, seed=args.seed, model=args.model, device=args.device,
                dictionary_prior=not args.no_dictionary, num_proc=args.num_proc, progress=progress)
    if args.method in ("eflomal", "eflomal.v1") and args.no_dictionary:
        # eflomal's counterpart of the dictionary prior is its priors file (prior=False: none)
        del opts["dictionary_prior"]
        opts["options"] = {"prior": False}
    if args.out in (None, "-"):
        links, empty, sig = align_parallel_files(args.zh, args.en, **opts)
        emit("".join(format_pharaoh(x) + "\n" for x in links), "-")
        summary = {"pairs": len(links), "links": sum(len(x) for x in links), "empty_pairs": empty,
                   "out": "-", "signature": sig}
        stream = sys.stderr
    else:
        inputs = [args.zh, args.en] + ([args.glossary] if glossary else [])
        summary = align_word_files(args.zh, args.en, out=args.out, inputs=inputs, **opts).to_dict()
        stream = sys.stdout
    if args.summary_format == "json":
        stream.write(dump_json(summary))
    else:
        stream.write(f"aligned {summary['pairs']} pairs ({summary['empty_pairs']} with an empty side), "
                     f"{summary['links']} links -> {summary['out']}\nsignature: {summary['signature']}\n")
    return 0
