"""Word-alignment AER on the DeNero 150 zh-en gold set against the amount of training text.

Trains the default aligner on the 150 gold pairs (gold tokenisation) plus N added pairs of
other parallel text, and scores the links of the 150 gold pairs only. The added text, in a
fixed order:

* the project's own zh-en pairs: ``corpora/policy_bench`` (source and reference of the dev
  and test splits) and ``corpora/term_align`` (both splits);
* the 4,354 HSK sentence pairs shipped by the ``hsk-sentences-audio`` package (CC BY-SA 4.0),
  read in place where it is installed (``pip install hsk-sentences-audio``; never copied into
  this repository, never a dependency).

Added text is tokenised by bri_align's own tokenisers (raw text). Each configuration is
trained at each size in this process: the former defaults and the current ones side by side,
with AER on each half of the gold set (the settings were chosen on the first half).
Usage: .venv/bin/python benchmarks/aer_vs_data.py [--sizes 0,1000,2500,5000] [--gold DIR]
Prints a table (or --json); writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from _data import GOLD_HELP_DEFAULT, corpus_pairs, gold_dir, hsk_pairs  # noqa: E402  (sets the path)

from bri_align.align.aer import load_gold, score_aer  # noqa: E402
from bri_align.align.word import align_tokens, get_word_aligner, tokenize_pairs  # noqa: E402


def project_pairs():
    """(zh, en) pairs of the project's own corpora, in a fixed order."""
    return corpus_pairs(("policy_bench/dev.jsonl", "policy_bench/test.jsonl", "term_align/term_align_dev.jsonl",
                         "term_align/term_align.jsonl"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0,1000,2500,5000", help="numbers of added pairs")
    ap.add_argument("--configs", default="former,default",
                    help="aligner settings to compare: 'former' (fixed prior weight, smoothing 0.01, "
                         "the defaults before December 2026), 'default' and 'converge' (HMM iterations by "
                         "convergence: --hmm-tolerance, at most --hmm-cap)")
    ap.add_argument("--hmm-tolerance", type=float, default=0.01,
                    help="'converge': stop the HMM once the log-likelihood changes by less than this fraction")
    ap.add_argument("--hmm-cap", type=int, default=8, help="'converge': at most this many HMM iterations")
    ap.add_argument("--gold", type=Path, default=None,
                    help=f"folder of the DeNero 150 gold set (default: {GOLD_HELP_DEFAULT})")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    gold, found = gold_dir(args.gold)
    if not found:
        print(f"skipped: gold set not found at {gold}")
        return 0
    g = load_gold(gold)
    gold_tok = tokenize_pairs(g.pairs, pretokenized=True)
    extra_raw = project_pairs() + hsk_pairs()
    sizes = [int(x) for x in args.sizes.split(",")]
    if max(sizes) > len(extra_raw):
        print(f"note: only {len(extra_raw)} added pairs available "
              "(pip install hsk-sentences-audio for 4,354 more)", file=sys.stderr)
        sizes = sorted({min(s, len(extra_raw)) for s in sizes})
    extra_tok = tokenize_pairs(extra_raw[:max(sizes)])
    rows = []
    settings = {"former": {"prior_scaling": "fixed", "smoothing": 0.01}, "default": {},
                "converge": {"hmm_tolerance": args.hmm_tolerance, "hmm_iterations": args.hmm_cap}}
    half = len(gold_tok) // 2
    for mode in args.configs.split(","):
        for n in sizes:
            al = get_word_aligner("default", **settings[mode])
            t0 = time.perf_counter()
            out = align_tokens(list(gold_tok) + list(extra_tok[:n]), aligner=al)
            secs = time.perf_counter() - t0
            links = [a.links for a in out[:len(gold_tok)]]
            s = score_aer(links, g.sure, g.possible)
            # the settings were chosen on the first half of the gold pairs; the second is the check
            first = score_aer(links[:half], g.sure[:half], g.possible[:half])
            second = score_aer(links[half:], g.sure[half:], g.possible[half:])
            info = getattr(al, "last_info", None) or {}
            rows.append({"config": mode, "added_pairs": n, "train_pairs": len(gold_tok) + n,
                         "hmm_iterations": (info.get("iterations") or {}).get("hmm"),
                         **s.to_dict(), "aer_first_half": first.aer, "aer_second_half": second.aer,
                         "seconds": round(secs, 1), "signature": al.signature()})
            if not args.json:
                r = rows[-1]
                print(f"{mode:8s} +{n:5d} pairs  AER {100 * r['aer']:5.1f} (first half {100 * first.aer:5.1f}, "
                      f"second half {100 * second.aer:5.1f})  P {100 * r['precision']:5.1f}  "
                      f"R {100 * r['recall']:5.1f}  HMM iterations {r['hmm_iterations']}  {secs:5.1f}s", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
