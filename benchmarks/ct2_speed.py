"""CPU speed of ``ct2:`` (CTranslate2) against ``hf:`` (transformers) on the same model.

Builds the covering Marian model of ``force_overhead.py`` (``--size tiny``, trained briefly, or
``--size base``, the opus-mt shape with random weights, no training), converts it with the
converter that ships with ctranslate2 (:func:`bri_align.mt.convert_to_ct2`), and translates the
policy test set's sources with both backends: same beam, batch, maximum length, one thread each.
Prints the median time of ``--repeats`` runs of each, the ratio hf/ct2 measured in this one
process, and how many outputs are identical.

The published anchor for opus-mt on CPU is 3.6-4.7x (CTranslate2's own benchmarks); a tiny model
spends most of its time outside the matrix products, so its ratio says little about real ones:
use ``--size base``.

    python benchmarks/ct2_speed.py --size base --segments 100 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bri_align.bench import load_testset  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=("tiny", "base"), default="base", help="model shape (default: base)")
    ap.add_argument("--segments", type=int, default=100, help="test-set sources to translate (default 100)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each backend (median reported)")
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--compute-type", default="default",
                    help="CTranslate2 compute type: default (float32 here), int8, int8_float32...")
    args = ap.parse_args(argv)

    import torch

    from bri_align.mt import convert_to_ct2, make_translator
    from force_overhead import build_covering_marian

    torch.set_num_threads(1)
    segs = load_testset(split="test").segments[: args.segments]
    sources = [s.zh for s in segs]
    work = Path(tempfile.mkdtemp(prefix="ct2-speed-"))
    t0 = time.perf_counter()
    model = build_covering_marian(work / "hf", english=[s.en for s in segs], chinese=sources, size=args.size)
    built = time.perf_counter() - t0
    ct2_dir = convert_to_ct2(str(model), str(work / "ct2"))
    opts = dict(beam_size=args.beam_size, batch_size=args.batch_size, max_length=args.max_length, device="cpu")
    hf = make_translator(f"hf:{model}", **opts).load()
    ct2 = make_translator(f"ct2:{ct2_dir}", intra_threads=1, compute_type=args.compute_type,
                          **opts).load()  # one thread, as torch
    times = {"hf": [], "ct2": []}
    outputs = {}
    for _ in range(args.repeats):
        for name, tr in (("hf", hf), ("ct2", ct2)):
            t = time.perf_counter()
            run = tr.translate(sources)
            times[name].append(time.perf_counter() - t)
            outputs[name] = run.outputs if hasattr(run, "outputs") else list(run)
    med = {k: statistics.median(v) for k, v in times.items()}
    same = sum(a == b for a, b in zip(outputs["hf"], outputs["ct2"]))
    print(json.dumps({
        "model": f"covering Marian, size {args.size}", "built_seconds": round(built, 1),
        "segments": len(sources), "beam_size": args.beam_size, "batch_size": args.batch_size,
        "max_length": args.max_length, "torch_threads": 1, "ct2_intra_threads": 1,
        "compute_type": args.compute_type, "repeats": args.repeats,
        "seconds": {k: [round(x, 3) for x in v] for k, v in times.items()},
        "median_seconds": {k: round(v, 3) for k, v in med.items()},
        "speedup_ct2_over_hf": round(med["hf"] / med["ct2"], 2),
        "identical_outputs": f"{same}/{len(sources)}",
        "hf_signature": hf.signature(), "ct2_signature": ct2.signature(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
