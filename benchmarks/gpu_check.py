"""GPU check of the benchmark's ``hf:`` path: a tiny Marian model on CUDA, mode off and force.

One short prepared script for a lent GPU machine (it also runs on the CPU with --device cpu):

1. builds the tiny zh->en Marian model of the tests (sentencepiece + MarianConfig, trained for a
   few hundred steps on toy data), with a vocabulary that covers the termbase's renderings
   (``force_overhead.build_covering_marian``), in a temporary folder;
2. translates the first 64 test segments on the CPU and on the device in float32, beam 4, batch 16,
   and counts identical outputs (batched generation must not depend on the device);
3. runs the benchmark (``run_benchmark``) on the device with the system in modes off and force,
   and prints the leaderboard (device, throughput, term success, deltas with significance).

Usage: python benchmarks/gpu_check.py [--device cuda] [--out build/gpu_check]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--out", default="build/gpu_check")
    ap.add_argument("--segments", type=int, default=64)
    args = ap.parse_args()

    import torch
    import transformers

    from bri_align import load_termbase
    from bri_align.bench.runner import BenchmarkConfig, run_benchmark
    from bri_align.mt import make_translator
    from force_overhead import build_covering_marian

    print(f"torch {torch.__version__}, transformers {transformers.__version__}, "
          f"cuda available: {torch.cuda.is_available()}"
          + (f" ({torch.cuda.get_device_name(0)})" if torch.cuda.is_available() else ""))
    rows = [json.loads(line) for line in (REPO / "corpora/policy_bench/test.jsonl").read_text(
        encoding="utf-8").splitlines()]
    tmp = Path(tempfile.mkdtemp(prefix="bri-gpu-"))
    t0 = time.perf_counter()
    english = [r.en for e in load_termbase() for r in e.renderings]
    model = build_covering_marian(tmp / "tiny-marian", english=english, chinese=[r["zh"] for r in rows])
    print(f"tiny Marian built and trained in {time.perf_counter() - t0:.1f}s")

    sources = [r["zh"] for r in rows[: args.segments]]
    outs = {}
    for device in ("cpu", args.device):
        tr = make_translator(f"hf:{model}", device=device, dtype="float32", beam_size=4, max_length=96)
        run = tr.run(sources, batch_size=16)
        outs[device] = run.outputs
        print(run.throughput.line(f"hf tiny on {device}"))
    same = sum(a == b for a, b in zip(outs["cpu"], outs[args.device]))
    print(f"identical outputs CPU vs {args.device} (float32, beam 4, batch 16): {same}/{len(sources)}")

    result = run_benchmark(systems=[f"tiny=hf:{model}@off,force"], out=args.out,
                           config=BenchmarkConfig(device=args.device, beam_size=4, batch_size=16, max_length=96,
                                                  n_bootstrap=200, chart=False))
    print((Path(args.out) / "leaderboard.md").read_text(encoding="utf-8"))
    del result


if __name__ == "__main__":
    main()
