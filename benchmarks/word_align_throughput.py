"""Throughput and peak memory of the default word aligner (ibm1-hmm.v1) at corpus scale.

Synthetic corpus: sentence pairs sampled with replacement from the DeNero 150 gold set
(read in place from ../shared/data or --gold DIR / $BRI_ALIGN_DENERO_DIR; not shipped), with each token renamed to a rare
variant with probability ``--rare`` on both sides (``word#abc`` / ``word_abc``, one of
1000 letter tags per pair), so the
vocabulary and the table of co-occurring word pairs grow as in a real corpus instead
of staying at the 150 sentences' size.  Pre-tokenised input (tokenisation is timed
separately on raw text by ``--tokenize``).

Baseline in the same process: a naive per-sentence Python loop for the IBM-1 E-step
(dictionary of translation probabilities, one sentence at a time) on a sample, against
one vectorised IBM-1 E-step of this package on the same sample; reported as a ratio.

Peak memory is the process's maximum resident set size (``ru_maxrss``).  The corpus is
streamed into the aligner's encoder as a file would be (``align words`` reads its files
line by line), so it is not held as Python lists; the baseline's sample is made after the
alignment.

Usage: .venv/bin/python benchmarks/word_align_throughput.py [--pairs 100000] [--rare 0.1] [--num-proc 1]
Prints one JSON object; writes nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
#: where the project's machines keep the DeNero 150 gold set (not shipped); --gold or
#: $BRI_ALIGN_DENERO_DIR overrides it

from _data import GOLD_HELP_DEFAULT, gold_dir  # noqa: E402
from bri_align.align.aer import load_gold  # noqa: E402


def _tag(k: int) -> str:
    """A letter tag for a rare variant (letters, so the number prior does not fire on it)."""
    out = ""
    for _ in range(3):
        k, r = divmod(k, 26)
        out += chr(ord("a") + r)
    return out


def synthetic_stream(n: int, rare: float, gold: Path, seed: int = 0):
    """The synthetic pairs one at a time (as a file is read): the first ``k`` are the same
    for every ``n >= k``."""
    g = load_gold(gold)
    base = [(z.split(), e.split()) for z, e in g.pairs]
    rng = random.Random(seed)
    for _ in range(n):
        z, e = rng.choice(base)
        k = _tag(rng.randrange(1000))
        z = [w + f"#{k}" if rng.random() < rare else w for w in z]
        e = [w + f"_{k}" if rng.random() < rare else w for w in e]
        yield z, e


def synthetic(n: int, rare: float, gold: Path, seed: int = 0):
    return list(synthetic_stream(n, rare, gold, seed))


def naive_ibm1_estep(pairs, t):
    counts = {}
    for z, e in pairs:
        for we in e:
            den = sum(t.get((wz, we), 1e-6) for wz in z) + t.get((None, we), 1e-6)
            for wz in z:
                p = t.get((wz, we), 1e-6) / den
                counts[(wz, we)] = counts.get((wz, we), 0.0) + p
    return counts


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--rare", type=float, default=0.1)
    ap.add_argument("--baseline-sample", type=int, default=2000)
    ap.add_argument("--num-proc", type=int, default=1, help="E-step worker processes (default 1)")
    ap.add_argument("--gold", type=Path, default=None,
                    help=f"folder of the DeNero 150 gold set (default: {GOLD_HELP_DEFAULT})")
    args = ap.parse_args()
    gold, found = gold_dir(args.gold)
    if not found:
        print(json.dumps({"skipped": f"gold set not found at {gold}"}))
        return 0

    from bri_align.align.hmm import BidirectionalHMM, EMConfig, PairCorpus
    from bri_align.align.ibm_hmm import HMMAligner

    rss0 = peak_rss_mb()
    aligner = HMMAligner(num_proc=args.num_proc)
    t0 = time.perf_counter()
    zv, ev, src, tgt = aligner.encode(synthetic_stream(args.pairs, args.rare, gold))
    t1 = time.perf_counter()
    model = aligner.train_encoded(zv, ev, src, tgt)
    t2 = time.perf_counter()
    info = model.info()
    n_pairs = model.corpus.n_pairs
    links = aligner.decode(model, len(src))
    del model
    t3 = time.perf_counter()
    total = t3 - t0
    peak = peak_rss_mb()
    n_links = int(sum(len(x) for x in links))
    del links
    n_sent, zh_tokens, en_tokens = len(src), int(src.lengths().sum()), int(tgt.lengths().sum())
    n_zv, n_ev = len(zv), len(ev)
    del zv, ev, src, tgt

    # naive baseline vs one vectorised IBM-1 E-step on the same sample
    sample = synthetic(args.baseline_sample, args.rare, gold)
    t = {}
    tb = time.perf_counter()
    naive_ibm1_estep(sample, t)
    naive_s = time.perf_counter() - tb
    s_zv, s_ev, s_src, s_tgt = aligner.encode(sample)   # the sample's own vocabulary
    corpus = PairCorpus(s_src, s_tgt, n_src_vocab=len(s_zv) + 1, n_tgt_vocab=len(s_ev) + 1)
    m = BidirectionalHMM(corpus, config=EMConfig(ibm1_iterations=1, hmm_iterations=0, agreement="none"))
    tv = time.perf_counter()
    m._iteration("ibm1")   # both directions
    vec_s = (time.perf_counter() - tv) / 2

    print(json.dumps({
        "pairs": n_sent,
        "zh_tokens": zh_tokens,
        "en_tokens": en_tokens,
        "zh_vocab": n_zv, "en_vocab": n_ev, "cooccurring_pairs": n_pairs,
        "cells": info["cells"], "iterations": info["iterations"],
        "seconds": {"encode": round(t1 - t0, 2), "train": round(t2 - t1, 2), "decode": round(t3 - t2, 2),
                    "total": round(total, 2)},
        "pairs_per_second": round(n_sent / total, 1),
        "num_proc": args.num_proc,
        "peak_rss_mb": round(peak, 1), "rss_before_mb": round(rss0, 1),
        "peak_rss_largest_worker_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "links": n_links,
        "baseline": {"sample_pairs": len(sample), "naive_python_ibm1_estep_s": round(naive_s, 3),
                     "vectorised_ibm1_estep_one_direction_s": round(vec_s, 3),
                     "speedup": round(naive_s / vec_s, 1) if vec_s > 0 else None},
        "signature": aligner.signature(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
