"""Test corpora built from the project's own data (policy_bench, term_align)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import List, Tuple

REPO = Path(__file__).resolve().parents[2]


def project_pairs() -> List[Tuple[str, str]]:
    """The 720 Chinese-English pairs of corpora/policy_bench and corpora/term_align."""
    out = []
    for rel in ("policy_bench/dev.jsonl", "policy_bench/test.jsonl", "term_align/term_align.jsonl",
                "term_align/term_align_dev.jsonl"):
        with open(REPO / "corpora" / rel, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    out.append((r["zh"], r["en"]))
    return out


def scaled_pairs(n: int, seed: int = 15) -> List[Tuple[str, str]]:
    """``n`` pairs: the project's pairs repeated and shuffled deterministically."""
    base = project_pairs()
    out = []
    rng = random.Random(seed)
    while len(out) < n:
        block = list(base)
        rng.shuffle(block)
        out.extend(block)
    return out[:n]


def write_text(folder: Path, pairs) -> Tuple[Path, Path]:
    zh, en = folder / "corpus.zh", folder / "corpus.en"
    zh.write_text("".join(z + "\n" for z, _ in pairs), encoding="utf-8")
    en.write_text("".join(e + "\n" for _, e in pairs), encoding="utf-8")
    return zh, en


def content(rows):
    """Pair rows without where they came from, sorted: what must not depend on the input format."""
    keep = [{k: v for k, v in r.items() if k not in ("source", "line")} for r in rows]
    return sorted(keep, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True))


def read_out(folder: Path):
    import pyarrow.parquet as pq

    pairs = []
    for f in sorted((folder / "pairs").glob("*.parquet")):
        pairs.extend(pq.read_table(f).to_pylist())
    return {
        "pairs": pairs,
        "renderings": pq.read_table(folder / "renderings.parquet").to_pylist(),
        "candidates": pq.read_table(folder / "candidates.parquet").to_pylist(),
        "summary": json.loads((folder / "summary.json").read_text(encoding="utf-8")),
        "rejects": [json.loads(x) for x in (folder / "rejects.jsonl").read_text(encoding="utf-8").splitlines()],
    }


#: summary fields that depend on the engine, the machine or the input's file names
VOLATILE = ("engine", "address", "num_workers", "input", "fit_seconds", "seconds", "pairs_per_second",
            "peak_rss_mb_per_worker", "pair_shards")


def stable_summary(s):
    return {k: v for k, v in s.items() if k not in VOLATILE}
