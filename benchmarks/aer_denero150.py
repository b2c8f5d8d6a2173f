"""AER / precision / recall of the word aligners on the DeNero 150 zh-en gold set.

Trains on the 150 gold sentence pairs themselves (unsupervised; the gold links are
used only for scoring), on the gold tokenisation (``pretokenized=True``), and prints:

* IBM-1 alone, without and with the default priors,
* the default aligner without any prior, and without the dictionary prior (word-form
  prior only: numbers, punctuation, identical strings),
* the default aligner (IBM-1 -> HMM, agreement, CC-CEDICT + form priors),
* the default aligner on our own segmentation (jieba + regex tokenizer on the
  detokenised text), links projected onto the gold tokens through character offsets.

The gold set is read in place from ../shared/data/zhen_gold_denero150 (not shipped), or
from --gold DIR / $BRI_ALIGN_DENERO_DIR.
Usage: .venv/bin/python benchmarks/aer_denero150.py [--gold DIR] [--json].  Writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
#: where the project's machines keep the DeNero 150 gold set (not shipped); --gold or
#: $BRI_ALIGN_DENERO_DIR overrides it

from _data import GOLD_HELP_DEFAULT, gold_dir  # noqa: E402
from bri_align.align.aer import load_gold, project_links, score_aer  # noqa: E402
from bri_align.align.tokenize import tokens_from_words  # noqa: E402
from bri_align.align.word import align_tokens, get_word_aligner, tokenize_pairs  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--gold", type=Path, default=None,
                    help=f"folder of the DeNero 150 gold set (default: {GOLD_HELP_DEFAULT})")
    args = ap.parse_args()
    gold, found = gold_dir(args.gold)
    if not found:
        print(f"skipped: gold set not found at {gold}")
        return 0
    g = load_gold(gold)
    gold_tok = tokenize_pairs(g.pairs, pretokenized=True)
    systems = [
        ("IBM-1 alone, no prior", "ibm1", {"dictionary_prior": False, "form_prior": False}),
        ("IBM-1 alone (CC-CEDICT + form priors)", "ibm1", {}),
        ("default, no prior at all", "default", {"dictionary_prior": False, "form_prior": False}),
        ("default, no dictionary prior (form prior only)", "default", {"dictionary_prior": False}),
        ("default (CC-CEDICT + form priors)", "default", {}),
    ]
    rows = []
    for label, method, opts in systems:
        al = get_word_aligner(method, **opts)
        t0 = time.perf_counter()
        out = align_tokens(gold_tok, aligner=al)
        secs = time.perf_counter() - t0
        s = score_aer([a.links for a in out], g.sure, g.possible)
        rows.append({"system": label, **s.to_dict(), "seconds": round(secs, 2), "signature": al.signature()})

    # our own segmentation, projected onto the gold tokens
    raw, gold_spans = [], []
    for z, e in g.pairs:
        zt, ztok = tokens_from_words(z.split(), sep="")
        et, etok = tokens_from_words(e.replace("-LRB-", "(").replace("-RRB-", ")").split(), sep=" ")
        raw.append((zt, et))
        gold_spans.append((ztok, etok))
    al = get_word_aligner("default")
    t0 = time.perf_counter()
    out = align_tokens(tokenize_pairs(raw), aligner=al)
    secs = time.perf_counter() - t0
    proj = [project_links(a.links, src_tokens=a.src_tokens, tgt_tokens=a.tgt_tokens, gold_src=gz, gold_tgt=ge)
            for a, (gz, ge) in zip(out, gold_spans)]
    s = score_aer(proj, g.sure, g.possible)
    rows.append({"system": "default, own segmentation projected to gold", **s.to_dict(),
                 "seconds": round(secs, 2), "signature": al.signature()})

    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"DeNero 150 zh-en gold set ({len(g)} pairs, {sum(map(len, g.sure))} sure links); "
          "AER / precision / recall in %, lower AER is better")
    print(f"{'system':50s} {'AER':>6s} {'P':>6s} {'R':>6s} {'time':>6s}")
    for r in rows:
        print(f"{r['system']:50s} {100 * r['aer']:6.1f} {100 * r['precision']:6.1f} {100 * r['recall']:6.1f} "
              f"{r['seconds']:5.1f}s")
    print("signature (default):", rows[4]["signature"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
