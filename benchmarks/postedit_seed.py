"""Post-editing the seed's own MT: what terminology post-editing changes on the seed subset.

    python benchmarks/postedit_seed.py [--out build/postedit_seed] [--n-bootstrap 1000]

1. Reads the seed subset of the policy benchmark (``corpora/policy_bench``, test split,
   ``subset: seed``: reconstructed Chinese) and the seed's own English MT for it
   (``systems/seed-mt.jsonl``).
2. Post-edits the MT with :func:`bri_align.postedit.postedit` (bundled termbase):
   deprecated, superseded and literal renderings aligned to a source term -> preferred;
   globally banned forms everywhere.
3. Writes the result as a system file (``OUT/seed-mt+postedit.jsonl``, ``{"id", "en"}``) and
   the changes (``OUT/changes.jsonl``).
4. Runs the benchmark scorer (:func:`bri_align.bench.run_benchmark`) on both systems with
   ``seed-mt`` as the baseline: BLEU, chrF++ (sacrebleu's paired bootstrap) and the term
   rates (the benchmark's seeded paired bootstrap over segments), and prints a table of
   the deltas with p-values, then every residual deprecated rendering, if any.
5. Cross-checks the QA against the glossary audit: builds the glossary
   (:func:`bri_align.glossary_build.build_glossary`, as ``bri-align glossary build`` does) into a
   temporary folder, maps every rendering its ``audit.json`` flags in the seed (deprecated,
   superseded or literal) onto the seed-mt segments (segments of paragraph N joined with
   single spaces give seed line N), and checks that ``qa_check`` reports a ``deprecated``
   verdict over that span; any flag not found is listed with the reason.
6. Separates the BLEU/chrF++ gain that is there by construction: the seed subset's
   references were written with the termbase's preferred renderings, so a post-edit
   that writes the preferred rendering also writes the reference's words.  Each
   segment post-editing changed is put in one of two groups: the reference has the
   new rendering of at least one change (its text or the entry's preferred
   rendering, up to case and inflection), or it has none of them.  BLEU and chrF++
   before and after (and sacrebleu's paired bootstrap) are reported on each group;
   an empty group is reported as such.
7. Writes ``OUT/results.json`` (every number with its signature) and ``OUT/report.md``.

Nothing here is hard-coded: every number printed is computed by this run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bri_align.bench import BenchmarkConfig, load_testset, run_benchmark, shipped_systems  # noqa: E402
from bri_align.glossary import load_termbase  # noqa: E402
from bri_align.io import atomic_write_text, check_output_dir  # noqa: E402
from bri_align.metrics import TermScorer, TermSegment  # noqa: E402
from bri_align.mt.file import read_system_jsonl  # noqa: E402
from bri_align.postedit import postedit  # noqa: E402
from bri_align.qa import qa_check  # noqa: E402

METRICS = ("bleu", "chrf", "ter", "term_success_rate", "preferred_rendering_rate", "deprecated_rendering_rate",
           "term_consistency")
SYSTEM = "seed-mt+postedit"


def _fmt(x, metric):
    if x is None:
        return "—"
    return f"{x:.2f}" if metric in ("bleu", "chrf", "ter") else f"{x:.4f}"


def audit_crosscheck(seed, mt, report):
    """(flags found as deprecated by the QA, [(flag, why not)]) for the glossary audit's flags."""
    import re
    import tempfile
    from collections import defaultdict

    from bri_align.glossary_build import build_glossary

    with tempfile.TemporaryDirectory() as tmp:
        build_glossary(out=Path(tmp) / "gb")
        audit = json.loads((Path(tmp) / "gb" / "audit.json").read_text(encoding="utf-8"))
    seed_file = ROOT / "seeds" / audit["seeds"][0]["file"]
    lines = seed_file.read_text(encoding="utf-8").split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    para = defaultdict(list)  # seed line -> segment indexes
    for i, s in enumerate(seed):
        para[int(re.match(r"seed-p(\d+)-s\d+", s.id).group(1))].append(i)
    offset = {}
    for n, idx in para.items():
        off = 0
        for i in idx:
            offset[i] = off
            off += len(mt[seed[i].id]) + 1
    found, missed = [], []
    for f in audit["flagged"]:
        n = f["line"]
        cs, ce = f["char_start"] - starts[n - 1], f["char_end"] - starts[n - 1]
        if n not in para:
            missed.append((f, f"seed line {n} is not in the benchmark (left out as a repeat of another line)"))
            continue
        seg = next((i for i in para[n] if offset[i] <= cs < offset[i] + len(mt[seed[i].id])), None)
        if seg is None:
            missed.append((f, "span not inside any seed-mt segment"))
            continue
        s0, e0 = cs - offset[seg], ce - offset[seg]
        items = [it for it in report.segment_items(seg + 1)
                 if it.en_start is not None and it.en_start < e0 and s0 < it.en_end]
        hit = [it for it in items if it.verdict == "deprecated"]
        if hit:
            found.append((f, hit[0]))
        else:
            why = "; ".join(f"{it.entry_id}: {it.verdict} '{it.rendering}'" for it in items) or \
                "no QA item over this span (the source has no term of this entry there)"
            missed.append((f, f"{seed[seg].id}: {why}"))
    return audit, found, missed


def reference_has_rendering(reference: str, change) -> bool:
    """Whether ``reference`` holds the change's new rendering: its text or the entry's
    preferred rendering, whole words, up to case, hyphens, quotes and inflection."""
    import re

    from bri_align.matching.matcher import english_variants
    from bri_align.text.normalize import normalize_en

    ref = normalize_en(reference).text
    keys = set(english_variants(change.new)) | set(english_variants(change.preferred))
    keys |= {normalize_en(change.new).text.strip(), normalize_en(change.preferred).text.strip()}
    return any(k and re.search(r"(?<![^\W_])" + re.escape(k) + r"(?![^\W_])", ref) for k in keys)


def by_construction_split(seed, hyps, res, n_bootstrap):
    """BLEU/chrF++ before and after post-editing on the changed segments whose reference has
    the new rendering and on those whose reference has none of it (see step 6)."""
    from bri_align.metrics.corpus import corpus_scores
    from bri_align.metrics.significance import paired_sacrebleu

    changes_by_line = {}
    for c in res.changes:
        changes_by_line.setdefault(c.line, []).append(c)
    groups = {"reference_has_new_rendering": [], "reference_lacks_new_rendering": []}
    for line, changes in sorted(changes_by_line.items()):
        ref = seed[line - 1].en
        has = any(reference_has_rendering(ref, c) for c in changes)
        groups["reference_has_new_rendering" if has else "reference_lacks_new_rendering"].append(line - 1)
    lacking = [c for c in res.changes if not reference_has_rendering(seed[c.line - 1].en, c)]
    out = {"changes": len(res.changes), "changes_reference_lacks": [
        {"id": seed[c.line - 1].id, "old": c.old, "new": c.new, "entry_id": c.entry_id} for c in lacking]}
    for name, idx in groups.items():
        rec = {"segments": len(idx), "ids": [seed[i].id for i in idx]}
        if idx:
            refs = [seed[i].en for i in idx]
            before = [hyps[i] for i in idx]
            after = [res.outputs[i] for i in idx]
            b = corpus_scores(hypotheses=before, references=refs, metrics=("bleu", "chrf"), n_bootstrap=1)
            a = corpus_scores(hypotheses=after, references=refs, metrics=("bleu", "chrf"), n_bootstrap=1)
            sig = paired_sacrebleu(baseline=("seed-mt", before), systems=[(SYSTEM, after)], references=refs,
                                   n_samples=n_bootstrap)[SYSTEM] if len(idx) > 1 else {}
            for m in ("bleu", "chrf"):
                rec[m] = {"seed-mt": b[m].score, SYSTEM: a[m].score, "delta": a[m].score - b[m].score,
                          "p_value": sig[m].p_value if m in sig else None, "signature": a[m].signature}
        out[name] = rec
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "build" / "postedit_seed"), help="output folder")
    ap.add_argument("--n-bootstrap", type=int, default=1000, help="bootstrap samples (default 1000)")
    ap.add_argument("--method", default="default", help="word aligner behind the term aligner")
    args = ap.parse_args(argv)
    # refuse '.', '..', '/', the current folder and a file (one-line errors); the script then writes only its
    # own four files there, each atomically, and never deletes anything
    out = check_output_dir(args.out, what="output folder")
    out.mkdir(parents=True, exist_ok=True)

    ts = load_testset(split="test")
    seed = ts.select("seed")
    mt = read_system_jsonl(str(shipped_systems()["seed-mt"]))
    sources = [s.zh for s in seed]
    hyps = [mt[s.id] for s in seed]
    glossary = load_termbase()

    t0 = time.perf_counter()
    res = postedit(sources, hyps, glossary=glossary, method=args.method)
    t_pe = time.perf_counter() - t0
    sys_path = out / f"{SYSTEM}.jsonl"
    atomic_write_text(sys_path, "".join(json.dumps({"id": s.id, "en": o}, ensure_ascii=False) + "\n"
                                        for s, o in zip(seed, res.outputs)))
    atomic_write_text(out / "changes.jsonl", res.changes_jsonl())

    t0 = time.perf_counter()
    bench = run_benchmark(systems=[f"{SYSTEM}=file:{sys_path}"],
                          config=BenchmarkConfig(include_shipped=True, baseline="seed-mt",
                                                 n_bootstrap=args.n_bootstrap, chart=False))
    t_bench = time.perf_counter() - t0
    sub = bench.subsets["seed"]
    base, pe = sub.systems["seed-mt"], sub.systems[SYSTEM]

    rows = []
    for m in METRICS:
        b, p = base.score(m), pe.score(m)
        sig = pe.significance.get(m)
        rows.append({"metric": m, "seed-mt": b, SYSTEM: p,
                     "delta": None if b is None or p is None else p - b,
                     "p_value": None if sig is None else sig.p_value,
                     "signature": pe.metrics[m].signature if m in pe.metrics else "",
                     "test": "" if sig is None else sig.signature})

    # residual deprecated renderings, as the benchmark's term scorer sees them
    residual = [v.to_dict() for v in bench.verdicts.get(SYSTEM, ())
                if v.verdict in ("deprecated", "superseded") or v.literal]
    scorer = TermScorer(glossary)
    banned = [b.to_dict() for s, o in zip(seed, res.outputs)
              for b in scorer.judge(TermSegment(s.id, s.zh, o, s.terms, s.doc)).banned]
    qa_before = qa_check(sources, hyps, glossary=glossary, docs=[s.doc for s in seed], method=args.method)
    qa_after = qa_check(sources, list(res.outputs), glossary=glossary, docs=[s.doc for s in seed],
                        method=args.method)

    audit, found, missed = audit_crosscheck(seed, mt, qa_before)
    split = by_construction_split(seed, hyps, res, args.n_bootstrap)
    same_entry = sum(1 for f, it in found if it.entry_id == f["entry_id"])

    summary = res.summary()
    lines = [
        f"# Post-editing seed-mt on the seed subset ({len(seed)} segments, n_bootstrap={args.n_bootstrap})",
        "",
        f"post-edit: {summary['changes']} changes in {summary['changed_segments']} segments "
        f"({', '.join(f'{k} {v}' for k, v in sorted(summary['by_reason'].items()))}); {t_pe:.2f} s",
        f"benchmark scoring: {t_bench:.2f} s",
        "",
        f"| metric | seed-mt | {SYSTEM} | delta | p (paired bootstrap) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        d = r["delta"]
        ds = "—" if d is None else (f"{d:+.2f}" if r["metric"] in ("bleu", "chrf", "ter") else f"{d:+.4f}")
        ps = "—" if r["p_value"] is None else f"{r['p_value']:.4f}"
        lines.append(f"| {r['metric']} | {_fmt(r['seed-mt'], r['metric'])} | {_fmt(r[SYSTEM], r['metric'])} | "
                     f"{ds} | {ps} |")
    lines += ["", "BLEU/chrF++ on the changed segments, by whether the reference was written with the new "
              "rendering (the seed's references use the termbase's preferred renderings, so there the gain is "
              "partly by construction):", "",
              f"| changed segments | n | BLEU seed-mt | BLEU {SYSTEM} | delta (p) | chrF++ seed-mt | "
              f"chrF++ {SYSTEM} | delta (p) |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in ("reference_has_new_rendering", "reference_lacks_new_rendering"):
        rec = split[name]
        label = name.replace("_", " ")
        if not rec["segments"]:
            lines.append(f"| {label} | 0 | — | — | none | — | — | none |")
            continue
        cells = []
        for m in ("bleu", "chrf"):
            r = rec[m]
            pv = "—" if r["p_value"] is None else f"{r['p_value']:.4f}"
            cells += [f"{r['seed-mt']:.2f}", f"{r[SYSTEM]:.2f}", f"{r['delta']:+.2f} ({pv})"]
        lines.append(f"| {label} | {rec['segments']} | " + " | ".join(cells) + " |")
    lacks = split["changes_reference_lacks"]
    lines += ["", f"Changes whose new rendering the reference lacks: {len(lacks)} of {split['changes']}"
              + ("" if not lacks else ": " + "; ".join(f"{c['id']} '{c['old']}' -> '{c['new']}'" for c in lacks))]
    if not split["reference_lacks_new_rendering"]["segments"]:
        lines.append("")
        lines.append("Every changed segment's reference holds a new rendering: no gain independent of how the "
                     "references were written can be measured on this subset.")
    lines += ["", "QA (bri-align qa) verdict counts, before -> after:", ""]
    for k in qa_before.counts:
        lines.append(f"- {k}: {qa_before.counts[k]} -> {qa_after.counts[k]}")
    lines += ["", f"Residual deprecated/literal renderings in {SYSTEM} (benchmark term scorer): {len(residual)}"]
    for v in residual:
        lines.append(f"- {v['segment']} {v['entry_id']}: '{v['rendering']}' ({v['verdict']}"
                     f"{', literal' if v.get('literal') else ''})")
    lines.append(f"Banned forms outside annotated terms in {SYSTEM}: {len(banned)}")
    for b in banned:
        lines.append(f"- {b['segment']}: '{b['text']}' ({b['entry_id']})")
    lines += ["", f"QA vs glossary audit: the audit flags {len(audit['flagged'])} renderings in the seed; "
              f"{len(found)} appear in the QA of seed-mt as deprecated ({same_entry} under the same entry); "
              f"{len(missed)} do not:"]
    for f, why in missed:
        lines.append(f"- seed line {f['line']} '{f['text']}' ({f['entry_id']}): {why}")
    report = "\n".join(lines) + "\n"
    print(report)
    atomic_write_text(out / "report.md", report)
    atomic_write_text(out / "results.json", json.dumps({
        "rows": rows, "postedit": {"signature": res.signature, **summary, "seconds": round(t_pe, 3)},
        "qa_before": qa_before.counts, "qa_after": qa_after.counts, "residual": residual, "banned": banned,
        "changed_segments_by_reference": split,
        "audit_crosscheck": {"flagged": len(audit["flagged"]), "found_as_deprecated": len(found),
                             "same_entry": same_entry,
                             "not_found": [{"flag": f, "why": why} for f, why in missed]},
        "testset": bench.testset, "glossary": bench.glossary, "n_bootstrap": args.n_bootstrap,
    }, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    from bri_align.errors import BriAlignError

    try:
        raise SystemExit(main())
    except BriAlignError as exc:  # one line, exit 2, as the CLI does
        print(f"postedit_seed.py: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
