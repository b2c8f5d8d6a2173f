"""Evaluate term-level alignment on the project's term-alignment sets (corpora/term_align).

    python benchmarks/term_align_eval.py [--split test|dev|dev2|blind] [--method default|none] [--json out.json]
                                         [--fit-confidence]

``--split dev`` (term_align_dev.jsonl, dev_terms.txt) is the development set: use it
to choose methods and to look at errors.  ``--split test`` (the default;
term_align.jsonl, terms.txt) is held out: run it once per final candidate.
``--split blind`` (corpora/term_align_blind) is a set written after the method, never used to
change it.  ``--split dev2`` (corpora/term_align_dev2, or the folder ``BRI_ALIGN_DEV2_DIR``
names) is a second development set written by someone who read neither the other sets nor the
aligner: nothing was tuned on it before its first run, so its first figures are the most
honest development figures.

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
The figures are at the aligner's default confidence threshold (a span below it is
reported unaligned).

Also printed, per kind:

* ``by_confidence``: a second run with no threshold (``min_confidence=0``); for each
  threshold t, the system links with confidence >= t, how many are exact, their
  precision and the recall they give;
* ``errors``: counts of error classes over the gold links at the default threshold (a
  link may have several): ``unaligned`` (gold span, none given), ``spurious`` (span
  given for a term the translator left out), ``wrong_place`` (no overlap),
  ``too_short_left/right`` and ``too_long_left/right`` (partial span, by edge),
  ``swallowed_verb`` (the extra words hold a verb or auxiliary), ``swallowed_neighbour``
  (the extra words overlap another gold span of the sentence), ``abbreviation_missed``
  (the gold span is an acronym and the system's is not it), ``quote_cut`` (the system's
  Chinese span differs from the gold's, which has quotation marks).

``--fit-confidence`` fits the logistic confidence model of
``bri_align.align.terms.span_confidence`` on the split's system links (both kinds, no
threshold; label: exact span) and prints its weights.  The weights in terms.py were fitted
on ``--split dev2`` (the split with the most errors to learn from) and checked on dev and test.
"""

from __future__ import annotations

import argparse
import json
import re as _re
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "corpora" / "term_align"
_ACR = _re.compile(r"^[A-Z][A-Z&]{1,7}s?$")
# split -> (sentence pairs with gold links, user-listed terms)
SPLITS = {
    "test": ("term_align.jsonl", "terms.txt"),
    "dev": ("term_align_dev.jsonl", "dev_terms.txt"),
    # blind set (corpora/term_align_blind), written after the method was frozen: run it once
    "blind": ("../term_align_blind/term_align_blind.jsonl", "../term_align_blind/terms.txt"),
    # second development set (corpora/term_align_dev2), written by someone who read neither the
    # other sets nor the aligner; BRI_ALIGN_DEV2_DIR points at another copy of its folder
    "dev2": ("../term_align_dev2/term_align_dev2.jsonl", "../term_align_dev2/terms.txt"),
}


def split_path(split: str, which: int) -> Path:
    """The sentence file (``which=0``) or term list (1) of ``split``."""
    import os

    if split not in SPLITS:
        raise SystemExit(f"unknown split {split!r}; expected one of {sorted(SPLITS)}")
    if split == "dev2" and os.environ.get("BRI_ALIGN_DEV2_DIR"):
        return Path(os.environ["BRI_ALIGN_DEV2_DIR"]) / Path(SPLITS[split][which]).name
    return DATA / SPLITS[split][which]


def load_test_set(path: Path = DATA / "term_align.jsonl") -> List[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_split(split: str = "test") -> List[dict]:
    path = split_path(split, 0)
    if not path.is_file():
        raise SystemExit(f"{path}: no such file (split {split!r}; for dev2 set BRI_ALIGN_DEV2_DIR to its folder)")
    return load_test_set(path)


THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)
_AUX = frozenset("is are was were am be been being will would shall should can could may might must "
                 "has have had do does did".split())


def _is_verb(word: str) -> bool:
    if word.lower() in _AUX:
        return True
    from lemminflect import getAllLemmas

    pos = getAllLemmas(word.lower())
    return bool(pos) and "VERB" in pos and "NOUN" not in pos and "ADJ" not in pos


def error_classes(rows: Sequence[dict], predictions: Sequence, *, kind: str) -> Dict[str, int]:
    """Counts of the error classes of ``predictions`` against gold links of ``kind`` (see the module doc)."""
    import re

    pred = {(p.line, p.zh_start, p.zh_end): p for p in predictions}
    by_line: Dict[int, list] = {}
    for p in predictions:
        by_line.setdefault(p.line, []).append(p)
    classes = ("unaligned", "spurious", "wrong_place", "too_short_left", "too_short_right", "too_long_left",
               "too_long_right", "swallowed_verb", "swallowed_neighbour", "abbreviation_missed", "quote_cut")
    out = {c: 0 for c in classes}
    for line, r in enumerate(rows, 1):
        en = r["en"]
        for g in r["links"]:
            if g["kind"] != kind:
                continue
            p = pred.get((line, g["zh_start"], g["zh_end"]))
            if p is None:
                near = [q for q in by_line.get(line, []) if q.zh_start < g["zh_end"] and g["zh_start"] < q.zh_end]
                if any(ch in g["zh"] for ch in "“”‘’\"'「」『』《》") and near:
                    out["quote_cut"] += 1
                elif g["en_start"] is not None:
                    out["unaligned"] += 1
                continue
            gs, ge = g["en_start"], g["en_end"]
            if gs is None:
                out["spurious"] += p.en_start is not None
                continue
            if p.en_start is None:
                out["unaligned"] += 1
                continue
            ps, pe = p.en_start, p.en_end
            if (ps, pe) == (gs, ge):
                continue
            if _ACR.match(en[gs:ge]):
                out["abbreviation_missed"] += 1
            if pe <= gs or ge <= ps:
                out["wrong_place"] += 1
                continue
            extra = []
            if ps > gs:
                out["too_short_left"] += 1
            elif ps < gs:
                out["too_long_left"] += 1
                extra.append((ps, gs))
            if pe < ge:
                out["too_short_right"] += 1
            elif pe > ge:
                out["too_long_right"] += 1
                extra.append((ge, pe))
            words = [w for a, b in extra for w in re.findall(r"[A-Za-z]+", en[a:b])]
            if any(_is_verb(w) for w in words):
                out["swallowed_verb"] += 1
            if any(o is not g and o["en_start"] is not None and any(o["en_start"] < b and a < o["en_end"]
                                                                    for a, b in extra) for o in r["links"]):
                out["swallowed_neighbour"] += 1
    return out


def by_confidence(rows: Sequence[dict], predictions: Sequence, *, kind: str) -> List[Dict[str, float]]:
    """Precision and recall of the links with confidence >= each threshold (predictions made with no threshold)."""
    pred = {(p.line, p.zh_start, p.zh_end): p for p in predictions}
    items = []  # (confidence, exact)
    n_gold = 0
    for line, r in enumerate(rows, 1):
        for g in r["links"]:
            if g["kind"] != kind:
                continue
            n_gold += g["en_start"] is not None
            p = pred.get((line, g["zh_start"], g["zh_end"]))
            if p is not None and p.en_start is not None:
                items.append((p.confidence, (p.en_start, p.en_end) == (g["en_start"], g["en_end"])))
    out = []
    for t in THRESHOLDS:
        kept = [ok for c, ok in items if c >= t]
        out.append({"threshold": t, "links": len(kept), "exact": sum(kept),
                    "precision": round(sum(kept) / len(kept), 4) if kept else None,
                    "recall": round(sum(kept) / n_gold, 4) if n_gold else None})
    return out


def fit_confidence(samples: Sequence[tuple], *, l2: float = 1.0, iterations: int = 50) -> Dict[str, float]:
    """L2-regularised logistic regression (Newton's method; the bias is not penalised) of
    ``samples``: (features dict, exact) -> weights over CONFIDENCE_FEATURES and "bias"."""
    import numpy as np
    from bri_align.align.terms import CONFIDENCE_FEATURES, confidence_inputs

    x = np.array([[1.0] + confidence_inputs(f) for f, _ in samples])
    y = np.array([1.0 if ok else 0.0 for _, ok in samples])
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {k: round(float(v), 4) for k, v in zip(("bias",) + tuple(CONFIDENCE_FEATURES), w)}


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
             options: Optional[dict] = None, fit: bool = False) -> dict:
    """Scores on ``split``; ``options``: extra keyword options of TermAligner (both runs);
    ``fit``: also fit the confidence model on the split (``out["confidence_fit"]``)."""
    from bri_align import Glossary, load_termbase
    from bri_align.align.reading import read_terms
    from bri_align.align.terms import TermAligner
    from bri_align.lexicon.cedict import load_cedict_content_words

    t = time.perf_counter()
    load_cedict_content_words()  # loaded once, reported apart
    lexicon_seconds = round(time.perf_counter() - t, 2)

    rows = load_split(split)
    pairs = [(r["zh"], r["en"]) for r in rows]
    glossary = load_termbase(termbase) if termbase else annotated_termbase()
    terms = read_terms(split_path(split, 1))
    # a user-listed term is one the glossary lacks: entries holding one are left out
    user = set(terms)
    glossary = Glossary.from_entries([e for e in glossary if not user & set(e.zh_forms)], name=glossary.name)
    out: dict = {"split": split, "pairs": len(rows), "lexicon_load_seconds": lexicon_seconds}
    samples: list = []
    # user-listed terms: no glossary terms are aligned, the termbase is only the word aligner's prior
    for kind, opts in (("glossary", {"glossary": glossary}),
                       ("user", {"terms": terms, "alignment_glossary": glossary})):
        aligner = TermAligner(method=method, **opts, **(options or {}))
        t = time.perf_counter()
        preds = aligner.align(pairs)  # word alignment included in the time
        res = score(rows, preds, kind=kind)
        res["seconds"] = round(time.perf_counter() - t, 2)
        res["signature"] = aligner.signature()
        res["errors"] = error_classes(rows, preds, kind=kind)
        every = TermAligner(method=method, **opts, **dict(options or {}, min_confidence=0.0)).align(pairs)
        res["by_confidence"] = by_confidence(rows, every, kind=kind)
        out[kind] = res
        if fit:
            gold = {(line, g["zh_start"], g["zh_end"]): g for line, r in enumerate(rows, 1) for g in r["links"]
                    if g["kind"] == kind}
            for p in every:
                g = gold.get((p.line, p.zh_start, p.zh_end))
                if g is not None and p.en_start is not None and p.features is not None:
                    samples.append((p.features, (p.en_start, p.en_end) == (g["en_start"], g["en_end"])))
    if fit:
        out["confidence_fit"] = {"samples": len(samples), "exact": sum(ok for _, ok in samples),
                                 "weights": fit_confidence(samples)}
    return out


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="test",
                    help="dev: development set; test: held-out test set (default); dev2: second development set; "
                         "blind: blind set")
    ap.add_argument("--method", default="default", help="word aligner (default, ibm1, none)")
    ap.add_argument("--termbase", help="termbase path (default: the bundled termbase's files the sets were "
                                       "annotated against, seed.yaml and wider.yaml)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--fit-confidence", action="store_true",
                    help="also fit the confidence model's weights on this split (the shipped weights: --split dev2)")
    args = ap.parse_args(argv)
    res = evaluate(method=args.method, termbase=args.termbase, split=args.split, fit=args.fit_confidence)
    print(json.dumps(res, ensure_ascii=False, indent=2))
    for kind in ("glossary", "user"):
        r = res[kind]
        print(f"{kind}: exact P/R/F1 {r['exact']['precision']:.3f}/{r['exact']['recall']:.3f}/"
              f"{r['exact']['f1']:.3f}  overlap P/R/F1 {r['overlap']['precision']:.3f}/"
              f"{r['overlap']['recall']:.3f}/{r['overlap']['f1']:.3f}", file=sys.stderr)
        print("  precision at confidence >= t: " + ", ".join(
            f"{b['threshold']}: {b['precision']} ({b['links']})" for b in r["by_confidence"]), file=sys.stderr)
        print("  errors: " + ", ".join(f"{k} {v}" for k, v in r["errors"].items() if v), file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
