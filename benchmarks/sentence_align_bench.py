"""Sentence-alignment benchmark: accuracy, time and memory of the banded aligner vs a full DP.

    python benchmarks/sentence_align_bench.py                 # 1k/2k/5k sentences + full-DP baseline
    python benchmarks/sentence_align_bench.py --sizes 1000 --baseline-size 200
    python benchmarks/sentence_align_bench.py --measure       # re-measure p1/p0, c and s2

Test documents are built from real sentence pairs: the project's policy pairs
(corpora/term_align, 220 pairs) and, when present, the 150 news pairs of
../shared/data/zhen_gold_denero150 (read in place, never copied).  Pairs are drawn
at random (seeded) until the document has N Chinese sentences, then edited the way
real translations differ: 2% of Chinese sentences have no English (1-0), 2% of
English sentences no Chinese (0-1), 3% of consecutive English pairs are merged
into one English sentence (2-1), 2% of Chinese pairs merged (1-2).  The gold beads
follow from the construction.

Reported: bead precision/recall/F1 (non-null beads, exact match) and sentence-link
F1 (the (i, j) pairs the beads imply), wall time of the alignment (CC-CEDICT
loading reported apart), tracemalloc peak at each size (a separate run, since
tracing slows Python down), and the same for the naive full (unbanded) DP on a
smaller document in the same process, with a check that both give the same beads.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DENERO = ROOT.parent / "shared" / "data" / "zhen_gold_denero150"

Bead = Tuple[Tuple[int, ...], Tuple[int, ...]]


def load_pairs() -> Tuple[List[Tuple[str, str]], List[str]]:
    sources = []
    rows = [json.loads(line) for line in (ROOT / "corpora" / "term_align" / "term_align.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    pairs = [(r["zh"], r["en"]) for r in rows]
    sources.append(f"corpora/term_align ({len(rows)} pairs)")
    if (DENERO / "train.zh").exists():
        zh = (DENERO / "train.zh").read_text(encoding="utf-8").splitlines()
        en = (DENERO / "train.en").read_text(encoding="utf-8").splitlines()
        for z, e in zip(zh, en):
            z = z.replace(" ", "")
            e = e.replace("-LRB-", "(").replace("-RRB-", ")")
            if z.strip() and e.strip():
                pairs.append((z, e))
        sources.append(f"shared/data/zhen_gold_denero150 ({len(zh)} pairs, read in place)")
    else:
        sources.append("shared/data/zhen_gold_denero150 absent: policy pairs only")
    return pairs, sources


def make_document(pairs: Sequence[Tuple[str, str]], n: int, *, seed: int = 0):
    """(zh sentences, en sentences, gold beads) with about ``n`` Chinese sentences."""
    rng = random.Random(seed)
    zh: List[str] = []
    en: List[str] = []
    gold: List[Bead] = []
    while len(zh) < n:
        z, e = rng.choice(pairs)
        r = rng.random()
        if r < 0.02:  # Chinese sentence left untranslated
            gold.append(((len(zh),), ()))
            zh.append(z)
        elif r < 0.04:  # English sentence with no Chinese source
            gold.append(((), (len(en),)))
            en.append(e)
        elif r < 0.07:  # two Chinese sentences translated as one English sentence
            z2, e2 = rng.choice(pairs)
            gold.append(((len(zh), len(zh) + 1), (len(en),)))
            zh.extend([z, z2])
            en.append(e.rstrip(".") + "; " + e2[:1].lower() + e2[1:])
        elif r < 0.09:  # one Chinese sentence split into two English ones... (1-2)
            z2, e2 = rng.choice(pairs)
            gold.append(((len(zh),), (len(en), len(en) + 1)))
            zh.append(z.rstrip("。") + "，" + z2)
            en.extend([e, e2])
        else:
            gold.append(((len(zh),), (len(en),)))
            zh.append(z)
            en.append(e)
    return zh, en, gold


def score(pred: Sequence, gold: Sequence[Bead]) -> Dict[str, float]:
    p_beads = {(b.zh, b.en) for b in pred if b.zh and b.en}
    g_beads = {b for b in gold if b[0] and b[1]}
    tp = len(p_beads & g_beads)

    def links(beads):
        return {(i, j) for z, e in beads for i in z for j in e}

    pl, gl = links(p_beads), links(g_beads)
    lt = len(pl & gl)

    def f(t, p, g):
        pr, rc = (t / p if p else 0.0), (t / g if g else 0.0)
        return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0}

    return {"beads": f(tp, len(p_beads), len(g_beads)), "links": f(lt, len(pl), len(gl))}


def run_once(zh, en, *, band: Optional[int], trace: bool, lexicon) -> Tuple[List, float, Optional[int], object]:
    from bri_align.align.sentence import SentenceAligner

    aligner = SentenceAligner(lexicon=lexicon, band=band)
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    res = aligner.align(zh, en)
    dt = time.perf_counter() - t
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return res, dt, peak, aligner


def measure(pairs_sets: Dict[str, List[Tuple[str, str]]]) -> dict:
    """p1/p0 (aligned vs shifted pairs), c and s2 on each set."""
    from bri_align.align.lexical import ZhLexicon
    from bri_align.align.sentence import SentenceAligner, _Prepared
    from bri_align.lexicon.cedict import load_cedict_content_words
    from bri_align.text.sentences import sentences_from_list

    lex = ZhLexicon(load_cedict_content_words())
    out = {}
    for name, pairs in pairs_sets.items():
        zh = [z for z, _ in pairs]
        en = [e for _, e in pairs]
        prep = _Prepared(sentences_from_list(zh), sentences_from_list(en), lex)

        def rates(shift: int):
            zh_hit = zh_n = nh = nn = eh = en_n = 0
            masks: dict = {}
            n = len(zh)
            for k in range(n):
                l = (k + shift) % n
                zm, em = SentenceAligner._mask(prep, masks, k, l)
                nw = prep.nwords[k]
                zh_hit += (zm & ((1 << nw) - 1)).bit_count()
                zh_n += nw
                nh += (zm >> nw).bit_count()
                nn += prep.nnums[k]
                eh += em.bit_count()
                en_n += prep.en_nwords[l]
            return {"zh": round(zh_hit / max(zh_n, 1), 3), "num": round(nh / max(nn, 1), 3),
                    "en": round(eh / max(en_n, 1), 3)}

        lz, le = prep.lz, prep.le
        c = sum(le) / sum(lz)
        s2 = statistics.mean((b - c * a) ** 2 / ((a + b / c) / 2) for a, b in zip(lz, le))
        out[name] = {"aligned": rates(0), "shifted_7": rates(7), "shifted_31": rates(31),
                     "c_en_per_zh": round(c, 3), "zh_per_en": round(1 / c, 3), "s2": round(s2, 2)}
    return out


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,2000,5000", help="document sizes in Chinese sentences")
    ap.add_argument("--baseline-size", type=int, default=300, help="size for the full-DP comparison")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-lexicon", action="store_true", help="length model only")
    ap.add_argument("--measure", action="store_true", help="re-measure the model's constants and exit")
    ap.add_argument("--json", help="write the results to this JSON file")
    args = ap.parse_args(argv)
    pairs, sources = load_pairs()
    if args.measure:
        sets = {"term_align": pairs[:220]}
        if len(pairs) > 220:
            sets["denero150"] = pairs[220:]
        print(json.dumps(measure(sets), indent=2))
        return 0
    from bri_align.align.sentence import SentenceAligner

    lexicon = None
    t = time.perf_counter()
    if not args.no_lexicon:
        from bri_align.lexicon.cedict import load_cedict_content_words

        lexicon = load_cedict_content_words()
    load_s = time.perf_counter() - t
    out: dict = {"sources": sources, "lexicon_load_seconds": round(load_s, 2), "runs": [],
                 "signature": SentenceAligner(lexicon=lexicon).signature(), "python": sys.version.split()[0]}
    for n in [int(x) for x in args.sizes.split(",") if x]:
        zh, en, gold = make_document(pairs, n, seed=args.seed)
        res, dt, _, aligner = run_once(zh, en, band=None, trace=False, lexicon=lexicon)
        _, _, peak, _ = run_once(zh, en, band=None, trace=True, lexicon=lexicon)
        row = {"zh_sentences": len(zh), "en_sentences": len(en), "seconds": round(dt, 2),
               "tracemalloc_peak_mb": round(peak / 2**20, 2), "final_band": aligner.last_band,
               "ratio_used": round(aligner.last_ratio, 3), **score(res, gold)}
        out["runs"].append(row)
        print(json.dumps(row), flush=True)
    b = args.baseline_size
    if b:
        zh, en, gold = make_document(pairs, b, seed=args.seed + 1)
        banded, t_b, _, _ = run_once(zh, en, band=None, trace=False, lexicon=lexicon)
        full, t_f, _, _ = run_once(zh, en, band=0, trace=False, lexicon=lexicon)
        _, _, m_b, _ = run_once(zh, en, band=None, trace=True, lexicon=lexicon)
        _, _, m_f, _ = run_once(zh, en, band=0, trace=True, lexicon=lexicon)
        out["baseline"] = {
            "zh_sentences": len(zh), "en_sentences": len(en),
            "banded_seconds": round(t_b, 2), "full_dp_seconds": round(t_f, 2),
            "speedup": round(t_f / t_b, 1) if t_b else None,
            "banded_peak_mb": round(m_b / 2**20, 2), "full_dp_peak_mb": round(m_f / 2**20, 2),
            "same_beads": [(x.zh, x.en) for x in banded] == [(x.zh, x.en) for x in full],
            "banded": score(banded, gold), "full_dp": score(full, gold),
        }
        print(json.dumps(out["baseline"]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
