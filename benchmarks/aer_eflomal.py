"""AER of eflomal without and with bri_align's lexical prior, against bri_align's default aligner.

All on the DeNero 150 zh-en gold set, in one process, with one scorer
(:func:`bri_align.align.aer.score_aer`): every aligner trains on the 150 gold sentence
pairs themselves (unsupervised; the gold links are used only for scoring), on the gold
tokenisation, and is symmetrised with grow-diag-final-and. Rows:

* eflomal alone (``prior=False``);
* eflomal given bri_align's prior (CC-CEDICT + characters + word form), the default of
  ``--method eflomal``; and the same plus the bundled glossary's renderings;
* bri_align's default aligner (IBM-1 -> HMM) with the same priors, without and with the
  bundled glossary (the baseline: the time ratios are against its run in this process).

eflomal samples from a system-seeded random state, so each eflomal row is run ``--runs``
times and reported as the mean with the range; bri_align's aligner is deterministic (one
run). AER is also given for each half of the gold set: ``prior_weight`` was chosen on the
first half (``--weights 1,2,4,8,16`` prints the sweep).

eflomal is GPL-3 and never a dependency: ``pip install "bri-align[eflomal]"`` first; without
it the script says so and exits 0. The gold set is read in place from
../shared/data/zhen_gold_denero150 (not shipped), or from --gold DIR / $BRI_ALIGN_DENERO_DIR.
Usage: .venv/bin/python benchmarks/aer_eflomal.py [--runs 5] [--weights W,...] [--gold DIR] [--json]
Writes nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
#: where the project's machines keep the DeNero 150 gold set (not shipped)

from _data import GOLD_HELP_DEFAULT, gold_dir  # noqa: E402
from bri_align.align.aer import load_gold, score_aer  # noqa: E402
from bri_align.align.eflomal_backend import has_eflomal  # noqa: E402
from bri_align.align.word import align_tokens, get_word_aligner, tokenize_pairs  # noqa: E402


def _scores(links, g):
    n = len(links)
    h = n // 2
    out = {}
    for key, lo, hi in (("all", 0, n), ("first_half", 0, h), ("second_half", h, n)):
        s = score_aer(links[lo:hi], g.sure[lo:hi], g.possible[lo:hi])
        out[key] = s.to_dict()
    return out


def _row(label, method, opts, runs, g, tok):
    per_run = []
    sig = None
    for _ in range(runs):
        al = get_word_aligner(method, **opts)
        t0 = time.perf_counter()
        out = align_tokens(tok, aligner=al)
        secs = time.perf_counter() - t0
        sig = al.signature()
        per_run.append({"seconds": secs, **_scores([a.links for a in out], g)})

    def agg(part, field):
        vals = [100 * r[part][field] for r in per_run]
        return {"mean": round(statistics.mean(vals), 2), "min": round(min(vals), 2), "max": round(max(vals), 2)}

    return {"system": label, "runs": runs, "signature": sig,
            "aer": agg("all", "aer"), "precision": agg("all", "precision"), "recall": agg("all", "recall"),
            "aer_first_half": agg("first_half", "aer"), "aer_second_half": agg("second_half", "aer"),
            "seconds": round(statistics.mean(r["seconds"] for r in per_run), 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--runs", type=int, default=5, help="runs of each eflomal row (it is not deterministic)")
    ap.add_argument("--weights", default="",
                    help="comma-separated prior_weight values to sweep for eflomal + prior (e.g. 1,2,4,8,16)")
    ap.add_argument("--gold", type=Path, default=None,
                    help=f"folder of the DeNero 150 gold set (default: {GOLD_HELP_DEFAULT})")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    try:
        weights = [float(w) for w in args.weights.split(",") if w.strip()]
    except ValueError:
        ap.error(f"--weights must be comma-separated numbers, got {args.weights!r}")
    gold, found = gold_dir(args.gold)
    if not found:
        print(f"skipped: gold set not found at {gold}")
        return 0
    if not has_eflomal():
        print('skipped: eflomal is not installed (GPL-3, optional): pip install "bri-align[eflomal]"')
        return 0
    g = load_gold(gold)
    tok = tokenize_pairs(g.pairs, pretokenized=True)
    # untimed warm-up: CC-CEDICT and the bundled termbase load once per process, not in the first row
    align_tokens(tok[:2], aligner=get_word_aligner("default", glossary=None))
    systems = [
        ("bri_align default (CC-CEDICT + form priors)", "default", {}, 1),
        ("bri_align default + bundled glossary prior", "default", {"glossary": None}, 1),
        ("eflomal alone (prior=False)", "eflomal", {"prior": False}, args.runs),
        ("eflomal + bri_align prior (default)", "eflomal", {}, args.runs),
        ("eflomal + bri_align prior + bundled glossary", "eflomal", {"glossary": None}, args.runs),
    ]
    systems += [(f"eflomal + prior, prior_weight={w:g}", "eflomal", {"prior_weight": w}, args.runs)
                for w in weights]
    rows = [_row(label, method, opts, runs, g, tok) for label, method, opts, runs in systems]
    base = rows[0]["seconds"]
    for r in rows:
        r["time_ratio_vs_default"] = round(r["seconds"] / base, 2) if base > 0 else None

    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"DeNero 150 zh-en gold set ({len(g)} pairs, {sum(map(len, g.sure))} sure links), gdfa; "
          f"AER / P / R in %, lower AER is better; eflomal rows: mean of {args.runs} runs [min-max]")
    print(f"{'system':46s} {'AER':>17s} {'P':>6s} {'R':>6s} {'AER 1st':>7s} {'AER 2nd':>7s} {'time':>7s}")
    for r in rows:
        a = r["aer"]
        rng = f"[{a['min']:.1f}-{a['max']:.1f}]" if r["runs"] > 1 else ""
        print(f"{r['system']:46s} {a['mean']:5.1f} {rng:>11s} {r['precision']['mean']:6.1f} "
              f"{r['recall']['mean']:6.1f} {r['aer_first_half']['mean']:7.1f} {r['aer_second_half']['mean']:7.1f} "
              f"{r['time_ratio_vs_default']:6.2f}x")
    print("time: mean seconds per run as a ratio to the first row's run in this process "
          "(CC-CEDICT and the termbase loaded before, untimed)")
    for r in rows[:5]:
        print(f"signature ({r['system']}): {r['signature']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
