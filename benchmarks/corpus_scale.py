"""Corpus scale: throughput of the local and Ray engines, memory per worker, the AER cost of a sample fit.

One run measures, on a corpus built from the project's pairs (corpora/policy_bench,
corpora/term_align) and the 4,354 HSK learner sentence pairs of the
``hsk-sentences-audio`` package where it is installed, repeated and shuffled
deterministically up to the size asked for (the pipeline keeps no cache, so a
repeated pair costs what a new one does):

1. **throughput**: pairs/s of ``bri-align corpus run`` (processing phase: reading,
   alignment, term QA, aggregation, writing; the sample fit is timed apart) for the
   local engine with one worker process, and for Ray Data with 1 and 2 actors
   (a local Ray instance, started once before the runs), on ``--throughput-pairs``
   pairs; each figure includes starting the workers (spawned processes or actors);
2. **memory**: the peak resident memory (VmHWM) of every local worker process at
   each of ``--sizes`` corpus sizes, with the same sample size, so the figures show
   whether memory grows with the corpus;
3. **AER cost of the sample fit**: the default aligner fitted on the whole corpus
   plus the DeNero 150 gold pairs (gold tokenisation) and frozen, against fits on
   random samples of ``--aer-samples`` pairs of that corpus; AER on the gold links.

The gold set is read from ../shared/data/zhen_gold_denero150 (not shipped), or from
--gold DIR / $BRI_ALIGN_DENERO_DIR; without it part 3 is skipped.
Usage: .venv/bin/python benchmarks/corpus_scale.py [--sizes 50000,200000] [--json].
Writes only into a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from _data import corpus_pairs, gold_dir, hsk_pairs, scaled  # noqa: E402


def base_pairs() -> Tuple[List[Tuple[str, str]], str]:
    out = corpus_pairs(("policy_bench/dev.jsonl", "policy_bench/test.jsonl", "term_align/term_align.jsonl",
                        "term_align/term_align_dev.jsonl"))
    what = f"{len(out)} project pairs"
    hsk = hsk_pairs()
    if hsk:
        out.extend(hsk)
        what += f" + {len(hsk)} HSK pairs (hsk-sentences-audio, CC BY-SA 4.0)"
    else:
        what += " (hsk-sentences-audio not installed)"
    return out, what


def write_text(folder: Path, pairs) -> Tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    zh, en = folder / "c.zh", folder / "c.en"
    zh.write_text("".join(z + "\n" for z, _ in pairs), encoding="utf-8")
    en.write_text("".join(e + "\n" for _, e in pairs), encoding="utf-8")
    return zh, en


def run(files, out: Path, **kw) -> Dict:
    from bri_align.corpus.readers import open_corpus
    from bri_align.corpus.run import run_corpus

    s = run_corpus(open_corpus(zh=str(files[0]), en=str(files[1])), str(out), **kw)
    shutil.rmtree(out, ignore_errors=True)
    return s


def throughput(tmp: Path, base, n: int, sample: int) -> List[Dict]:
    files = write_text(tmp / "tp", scaled(base, n))
    rows = []
    import ray

    t0 = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False)  # once: its start-up is not the engine's cost
    print(f"  (local Ray instance started in {time.perf_counter() - t0:.1f} s)", flush=True)
    for label, kw in (("local, 1 worker process", dict(engine="local", num_workers=1)),
                      ("ray, 1 actor", dict(engine="ray", num_workers=1)),
                      ("ray, 2 actors", dict(engine="ray", num_workers=2))):
        t0 = time.perf_counter()
        s = run(files, tmp / "out", sample_size=sample, **kw)
        rows.append({"engine": label, "pairs": s["pairs"], "pairs_per_second": s["pairs_per_second"],
                     "seconds": s["seconds"], "fit_seconds": s["fit_seconds"],
                     "wall_seconds": round(time.perf_counter() - t0, 1),
                     "peak_rss_mb_per_worker": s["peak_rss_mb_per_worker"]})
        print(f"  {label:26s} {s['pairs']:>7,} pairs  {s['pairs_per_second']:7.1f} pairs/s  "
              f"(processing {s['seconds']:.1f} s, fit {s['fit_seconds']:.1f} s)  "
              f"peak RSS per worker {s['peak_rss_mb_per_worker']} MB", flush=True)
    ray.shutdown()
    return rows


def memory(tmp: Path, base, sizes: List[int], sample: int, workers: int) -> List[Dict]:
    rows = []
    for n in sizes:
        files = write_text(tmp / f"mem{n}", scaled(base, n))
        s = run(files, tmp / "out", engine="local", num_workers=workers, sample_size=sample)
        rows.append({"pairs": s["pairs"], "workers": workers, "peak_rss_mb_per_worker": s["peak_rss_mb_per_worker"],
                     "pairs_per_second": s["pairs_per_second"], "seconds": s["seconds"]})
        print(f"  {s['pairs']:>8,} pairs, {workers} workers: peak RSS per worker {s['peak_rss_mb_per_worker']} MB "
              f"({s['pairs_per_second']:.1f} pairs/s)", flush=True)
        shutil.rmtree(files[0].parent, ignore_errors=True)
    return rows


def aer_cost(base, gold_dir: Path, samples: List[int]) -> List[Dict]:
    from bri_align.align.aer import load_gold, score_aer
    from bri_align.align.frozen import FrozenWordModel
    from bri_align.align.ibm_hmm import HMMAligner
    from bri_align.align.word import tokenize_pairs

    g = load_gold(gold_dir)
    gold_words = [(z.split(), e.split()) for z, e in g.pairs]
    other = [([t.text for t in z], [t.text for t in e]) for z, e in tokenize_pairs(base)]
    corpus = gold_words + other
    rows = []

    def score(model):
        links = model.align_words_lists(gold_words)
        return score_aer(links, g.sure, g.possible)

    t0 = time.perf_counter()
    full = FrozenWordModel.fit(corpus, HMMAligner())
    sc = score(full)
    rows.append({"fit_on": f"full corpus ({len(corpus):,} pairs, gold included)", "pairs": len(corpus),
                 "aer": round(100 * sc.aer, 2), "precision": round(100 * sc.precision, 2),
                 "recall": round(100 * sc.recall, 2), "fit_seconds": round(time.perf_counter() - t0, 1)})
    print(f"  {rows[-1]['fit_on']:52s} AER {rows[-1]['aer']:5.2f}", flush=True)
    rng = random.Random(0)
    for n in samples:
        if n >= len(corpus):
            continue
        idx = sorted(rng.sample(range(len(corpus)), n))
        in_gold = sum(1 for i in idx if i < len(gold_words))
        t0 = time.perf_counter()
        m = FrozenWordModel.fit([corpus[i] for i in idx], HMMAligner())
        sc = score(m)
        rows.append({"fit_on": f"random sample of {n:,} pairs ({in_gold} gold pairs in it)", "pairs": n,
                     "aer": round(100 * sc.aer, 2), "precision": round(100 * sc.precision, 2),
                     "recall": round(100 * sc.recall, 2), "fit_seconds": round(time.perf_counter() - t0, 1)})
        print(f"  {rows[-1]['fit_on']:52s} AER {rows[-1]['aer']:5.2f}", flush=True)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--throughput-pairs", type=int, default=5000, help="corpus size of part 1 (default 5,000)")
    ap.add_argument("--sizes", default="50000,200000", help="corpus sizes of part 2, comma-separated")
    ap.add_argument("--workers", type=int, default=2, help="local worker processes in part 2 (default 2)")
    ap.add_argument("--sample-size", type=int, default=2000,
                    help="pairs the aligner is fitted on in parts 1 and 2 (default 2,000)")
    ap.add_argument("--aer-samples", default="500,1000,2500", help="sample sizes of part 3, comma-separated")
    ap.add_argument("--gold", type=Path, default=None, help="DeNero 150 gold folder")
    ap.add_argument("--skip", default="", help="parts to skip: throughput,memory,aer")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    base, what = base_pairs()
    facts = {"date": time.strftime("%Y-%m-%d", time.gmtime()), "machine": f"{platform.machine()}, "
             f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()} CPUs, "
             f"Python {platform.python_version()}", "load_average": os.getloadavg()[0], "corpus": what}
    print(f"corpus: {what}; {facts['machine']}; load average {facts['load_average']:.1f}", flush=True)
    out: Dict = {"facts": facts}
    tmp = Path(tempfile.mkdtemp(prefix="bri-corpus-bench-"))
    try:
        if "throughput" not in skip:
            print(f"1. throughput on {args.throughput_pairs:,} pairs (sample {args.sample_size:,})", flush=True)
            out["throughput"] = throughput(tmp, base, args.throughput_pairs, args.sample_size)
        if "memory" not in skip:
            sizes = [int(x) for x in args.sizes.split(",") if x]
            print(f"2. peak memory per worker (local engine, sample {args.sample_size:,})", flush=True)
            out["memory"] = memory(tmp, base, sizes, args.sample_size, args.workers)
        if "aer" not in skip:
            gold, found = gold_dir(args.gold)
            if found:
                print("3. AER on DeNero 150: fitted on the full corpus vs on samples", flush=True)
                out["aer"] = aer_cost(base, gold, [int(x) for x in args.aer_samples.split(",") if x])
            else:
                print(f"3. skipped: gold set not found at {gold}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["facts"]["load_average_end"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
