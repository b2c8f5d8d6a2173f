"""Data the benchmark scripts share: the DeNero 150 gold folder and the parallel text they train or
scale on (the project's corpora; the HSK sentences of ``hsk-sentences-audio`` where installed, read
from its package, never copied). Imported by the scripts of this folder (``python benchmarks/X.py``
puts this folder on the path)."""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
#: where the workplace keeps the DeNero 150 gold set (never part of the project)
SHARED_GOLD = REPO.parent / "shared" / "data" / "zhen_gold_denero150"
GOLD_HELP_DEFAULT = f"$BRI_ALIGN_DENERO_DIR, else {SHARED_GOLD}"

Pair = Tuple[str, str]


def gold_dir(given: Optional[Path] = None) -> Tuple[Path, bool]:
    """The gold folder (``given``, else ``$BRI_ALIGN_DENERO_DIR``, else :data:`SHARED_GOLD`) and
    whether it holds the set (``train.align``); without it the caller prints a skip line."""
    from bri_align.align.aer import DENERO_ENV

    gold = Path(given) if given else Path(os.environ.get(DENERO_ENV) or SHARED_GOLD)
    return gold, (gold / "train.align").is_file()


def corpus_pairs(relpaths: Iterable[str]) -> List[Pair]:
    """(zh, en) pairs of JSONL files under ``corpora/``, in the order given."""
    out: List[Pair] = []
    for rel in relpaths:
        with open(REPO / "corpora" / rel, encoding="utf-8") as f:
            for line in filter(str.strip, f):
                d = json.loads(line)
                if d.get("zh") and d.get("en"):
                    out.append((d["zh"], d["en"]))
    return out


def hsk_pairs() -> List[Pair]:
    """The 4,354 zh-en sentence pairs of ``hsk-sentences-audio`` (CC BY-SA 4.0); [] when not installed."""
    try:
        from hsk_sentences_audio import load_sentences
    except ImportError:
        return []
    return [(s["chinese"], s["translation"]["en"]) for s in load_sentences()
            if s.get("chinese") and (s.get("translation") or {}).get("en")]


def scaled(base: List[Pair], n: int, seed: int = 15) -> List[Pair]:
    """``n`` pairs: ``base`` repeated, each copy shuffled deterministically."""
    rng = random.Random(seed)
    out: List[Pair] = []
    while len(out) < n:
        block = list(base)
        rng.shuffle(block)
        out.extend(block)
    return out[:n]
