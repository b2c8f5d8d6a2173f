"""`bri-align terms ...`: term-level alignment and term-pair discovery on parallel files.

* ``terms align --zh A --en B [--terms LIST.txt] --out terms.jsonl``: one JSON object per
  Chinese term occurrence (line, zh, zh_start, zh_end, en, en_start, en_end, score, status, ...,
  confidence); a span whose confidence is below ``--min-confidence`` is reported unaligned.
  Without ``--terms`` the glossary's terms are aligned (``--glossary PATH`` or the bundled termbase).
* ``terms extract --zh A --en B --out candidates.tsv``: ranked candidate term pairs.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from ._common import emit

__all__ = ["register", "run_align", "run_extract"]


def _common_inputs(p: argparse.ArgumentParser, *, methods: str) -> None:
    p.add_argument("--zh", required=True, help="Chinese file, one sentence per line (UTF-8; '-': stdin)")
    p.add_argument("--en", required=True, help="English file, line-parallel to --zh (UTF-8; '-': stdin)")
    p.add_argument("--glossary", help="termbase YAML file or folder, or a TBX/JSONL export (default: the bundled termbase)")
    p.add_argument("--method", default="default", help=f"word aligner: {methods}")


def _out(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--out", default="-", help=f"output {what} file, written atomically; never one of the "
                                              "inputs ('-': stdout, the default)")


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser("terms", help="align term occurrences to their English renderings; discover term pairs")
    tsub = p.add_subparsers(dest="terms_command", metavar="ACTION")

    a = tsub.add_parser(
        "align",
        help="find the English span that renders each Chinese term occurrence",
        description="For each Chinese term occurrence (glossary terms, or the terms of --terms) find the "
                    "English span that renders it, with offsets, a confidence and a status "
                    "(preferred, admitted, deprecated, superseded, new, unaligned).",
    )
    _common_inputs(a, methods="default (ibm1-hmm.v1), ibm1, eflomal, or none (dictionary evidence only)")
    a.add_argument("--terms", help="plain list of Chinese terms, one per line ('-': stdin; no English needed); "
                                   "with it only these terms are aligned (the glossary still serves as the "
                                   "word aligner's prior), and glossary terms too when --glossary is given")
    from ..align.terms import DEFAULT_MIN_CONFIDENCE

    a.add_argument("--min-confidence", type=_confidence, default=None, metavar="P",
                   help="report a term as unaligned (no span) when the calibrated confidence of its best "
                        f"span is below P, between 0 and 1 (default {DEFAULT_MIN_CONFIDENCE}, or 0 with "
                        "--method none, where no word links back the confidence; 0 keeps every span)")
    _out(a, "JSONL")
    a.set_defaults(func=run_align)

    x = tsub.add_parser(
        "extract",
        help="discover candidate term pairs from word-aligned parallel files",
        description="Extract phrase pairs consistent with the word alignment, score them (count, Dice, "
                    "log-likelihood ratio, translation probabilities), filter and rank them; pairs whose "
                    "Chinese side is a glossary term with an unrecorded rendering are flagged new-rendering.",
    )
    _common_inputs(x, methods="default (ibm1-hmm.v1), ibm1 or eflomal (extraction needs word links)")
    _out(x, "TSV")
    x.add_argument("--min-count", type=int, default=2, help="minimum number of extractions (default 2)")
    x.add_argument("--max-zh-len", type=int, default=5, help="maximum Chinese tokens per phrase (default 5)")
    x.add_argument("--max-en-len", type=int, default=6, help="maximum English tokens per phrase (default 6)")
    x.add_argument("--rank-by", choices=("llr", "dice", "prob", "count"), default="llr",
                   help="ranking score (default: llr, Dunning's log-likelihood ratio)")
    x.add_argument("--top", type=int, metavar="N",
                   help="keep only the N best pairs (N >= 1; default: keep all)")
    x.set_defaults(func=run_extract)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _confidence(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return v


def run_align(args: argparse.Namespace) -> int:
    from ..align.reading import check_one_stdin, read_parallel, read_terms
    from ..align.terms import align_terms
    from ..glossary import as_glossary

    check_one_stdin(args.zh, args.en, args.terms)
    pairs = read_parallel(args.zh, args.en)
    terms = read_terms(args.terms) if args.terms else None
    termbase = as_glossary(args.glossary)  # unset: the bundled termbase
    glossary = termbase if (terms is None or args.glossary) else None
    result = align_terms(pairs, glossary=glossary, terms=terms, method=args.method, alignment_glossary=termbase,
                         min_confidence=args.min_confidence)
    emit("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in result), args.out,
         inputs=[args.zh, args.en, args.terms, args.glossary])
    if args.out and args.out != "-":
        counts = Counter(r.status for r in result)
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        print(f"wrote {len(result)} term occurrences to {args.out} ({summary or 'none found'})")
    return 0


def run_extract(args: argparse.Namespace) -> int:
    from ..align.extract import extract_term_pairs
    from ..align.reading import read_parallel
    from ..glossary import as_glossary

    pairs = read_parallel(args.zh, args.en)
    glossary = as_glossary(args.glossary)  # unset: the bundled termbase
    result = extract_term_pairs(pairs, glossary=glossary, method=args.method, min_count=args.min_count,
                                max_zh_len=args.max_zh_len, max_en_len=args.max_en_len,
                                rank_by=args.rank_by, top=args.top)
    cols = ["zh", "en", "count", "zh_count", "en_count", "dice", "llr", "p_en_given_zh", "p_zh_given_en",
            "score", "entry_id", "status"]
    lines = ["\t".join(cols)]
    for r in result:
        d = r.to_dict()
        lines.append("\t".join("" if d[c] is None else str(d[c]).replace("\t", " ") for c in cols))
    emit("\n".join(lines) + "\n", args.out, inputs=[args.zh, args.en, args.glossary])
    if args.out and args.out != "-":
        flagged = sum(1 for r in result if r.new_rendering)
        print(f"wrote {len(result)} candidate pairs to {args.out} ({flagged} new renderings of glossary terms)")
    return 0
