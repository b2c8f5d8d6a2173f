"""Evaluate term-level alignment on the project's term-alignment sets (corpora/term_align).

    python benchmarks/term_align_eval.py [--split test|dev|blind] [--method default|none] [--json out.json]

``--split dev`` (term_align_dev.jsonl, dev_terms.txt) is the development set: use it
to choose methods and to look at errors.  ``--split test`` (the default;
term_align.jsonl, terms.txt) is held out: run it once per final candidate.
``--split blind`` (corpora/term_align_blind) is a set written after the method, never used to
change it.

For each gold link (a Chinese term occurrence) the system's output for the same
Chinese span is compared with the gold English span:

* exact: same character offsets;
* overlap: the spans share at least one character.

Precision = correct / system links with an English span (among gold Chinese
spans), recall = correct / gold links with an English span, F1 their harmonic
mean.  Glossary terms are scored with ``align_terms(pairs, glossary=termbase)``
and user-listed terms with ``align_terms(pairs, terms=terms.txt,
alignment_glossary=termbase)`` (no glossary term is aligned; the termbase is only the
word aligner's prior, as in ``bri-align terms align --terms``), and reported separately.  System outputs for Chinese spans the gold does not
list are ignored (finding Chinese terms is the matcher's job, not this one's).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "corpora" / "term_align"
# split -> (sentence pairs with gold links, user-listed terms)
SPLITS = {
    "test": ("term_align.jsonl", "terms.txt"),
    "dev": ("term_align_dev.jsonl", "dev_terms.txt"),
    # blind set (corpora/term_align_blind), written after the method was frozen: run it once
    "blind": ("../term_align_blind/term_align_blind.jsonl", "../term_align_blind/terms.txt"),
}


def load_test_set(path: Path = DATA / "term_align.jsonl") -> List[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_split(split: str = "test") -> List[dict]:
    if split not in SPLITS:
        raise SystemExit(f"unknown split {split!r}; expected one of {sorted(SPLITS)}")
    return load_test_set(DATA / SPLITS[split][0])


def score(rows: Sequence[dict], predictions: Sequence, *, kind: str) -> Dict[str, float]:
    """Exact and overlap P/R/F1 of ``predictions`` (TermAlignment records) against gold links of ``kind``."""
    pred = {}
    for p in predictions:
        pred[(p.line, p.zh_start, p.zh_end)] = p
    n_gold = n_sys = exact = overlap = n_gold_occ = missing_zh = 0
    for line, r in enumerate(rows, 1):
        for g in r["links"]:
            if g["kind"] != kind:
                continue
            n_gold_occ += 1
            p = pred.get((line, g["zh_start"], g["zh_end"]))
            if p is None:
                missing_zh += 1
            has_gold = g["en_start"] is not None
            has_sys = p is not None and p.en_start is not None
            n_gold += has_gold
            n_sys += has_sys
            if has_gold and has_sys:
                if (p.en_start, p.en_end) == (g["en_start"], g["en_end"]):
                    exact += 1
                if p.en_start < g["en_end"] and g["en_start"] < p.en_end:
                    overlap += 1

    def prf(c: int) -> Dict[str, float]:
        pr = c / n_sys if n_sys else 0.0
        rc = c / n_gold if n_gold else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4)}

    return {"gold_occurrences": n_gold_occ, "gold_links": n_gold, "system_links": n_sys,
            "zh_span_not_found": missing_zh, "exact": prf(exact), "overlap": prf(overlap)}


#: the termbase files the three sets were annotated against (the sets were written when the
#: termbase held these two files; entries added later are not annotated in their sentences, so
#: scoring with them would count their correct matches as errors)
ANNOTATED_WITH = ("seed.yaml", "wider.yaml")


def annotated_termbase():
    """The bundled termbase's entries of :data:`ANNOTATED_WITH`, as one glossary."""
    from bri_align import Glossary, load_termbase

    folder = ROOT / "corpora" / "termbase"
    entries = [e for f in ANNOTATED_WITH for e in load_termbase(str(folder / f))]
    return Glossary.from_entries(entries, name="termbase:" + "+".join(ANNOTATED_WITH))


def evaluate(*, method: str = "default", termbase: Optional[str] = None, split: str = "test",
             options: Optional[dict] = None) -> dict:
    """Scores on ``split``; ``options``: extra keyword options of TermAligner (both runs)."""
    from bri_align import Glossary
    from bri_align.align.reading import read_terms
    from bri_align.align.terms import TermAligner
    from bri_align.lexicon.cedict import load_cedict_content_words

    t = time.perf_counter()
    load_cedict_content_words()  # loaded once, reported apart
    lexicon_seconds = round(time.perf_counter() - t, 2)

    rows = load_split(split)
    pairs = [(r["zh"], r["en"]) for r in rows]
    glossary = load_termbase(termbase) if termbase else annotated_termbase()
    terms = read_terms(DATA / SPLITS[split][1])
    # a user-listed term is one the glossary lacks: entries holding one are left out
    user = set(terms)
    glossary = Glossary.from_entries([e for e in glossary if not user & set(e.zh_forms)], name=glossary.name)
    out: dict = {"split": split, "pairs": len(rows), "lexicon_load_seconds": lexicon_seconds}
    # user-listed terms: no glossary terms are aligned, the termbase is only the word aligner's prior
    for kind, opts in (("glossary", {"glossary": glossary}),
                       ("user", {"terms": terms, "alignment_glossary": glossary})):
        aligner = TermAligner(method=method, **opts, **(options or {}))
        t = time.perf_counter()
        preds = aligner.align(pairs)  # word alignment included in the time
        res = score(rows, preds, kind=kind)
        res["seconds"] = round(time.perf_counter() - t, 2)
        res["signature"] = aligner.signature()
        out[kind] = res
    return out


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="test",
                    help="dev: development set; test: held-out test set (default); blind: blind set")
    ap.add_argument("--method", default="default", help="word aligner (default, ibm1, none)")
    ap.add_argument("--termbase", help="termbase path (default: the bundled termbase's files the sets were "
                                       "annotated against, seed.yaml and wider.yaml)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    res = evaluate(method=args.method, termbase=args.termbase, split=args.split)
    print(json.dumps(res, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
