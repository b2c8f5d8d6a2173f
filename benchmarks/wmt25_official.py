"""bri_align's WMT25 Terminology Track 2 scores against the task's official figures.

Reads the published data of the WMT25 Terminology shared task where the user has it (never
copied into this repository): ``--repo`` is either a folder holding ``ranking/`` (a clone or
an extracted archive) or a bare git directory of that repository (read with ``git show``
into a temporary folder that is removed afterwards). From it:

* references ``ranking/references/track2/full_data_{YEAR}.jsonl``;
* system files ``ranking/submissions/track2/{SYSTEM}/{SYSTEM}.{YEAR}.{DIRECTION}.{MODE}.jsonl``
  (the years are those of the first system's files for ``--direction`` and ``--mode``; every
  system must have the same years, as the official scorer requires);
* official figures ``ranking/metric_track2/track2_score_dict.json``
  (``DIRECTION -> MODE -> SYSTEM -> proper_term_success_rate, random_term_success_rate, bleu4, chrf2++``).

Scores the systems with :func:`bri_align.bench.score_wmt25` (every year file at once, pooled
as the official scorer pools them; default metrics: BLEU, chrF++ and the term success rates,
1,000 bootstrap resamples unless ``--n-bootstrap``), prints ours and the official figure side
by side, whether they agree when both are rounded to 3 decimals (BLEU and chrF++ on their own
0-100 scale, term success rates on 0-1), and the wall time. The term-success part is also timed against its former shape (the
counted pairs found again for every system) in the same process.

Usage: .venv/bin/python benchmarks/wmt25_official.py --repo /path/to/wmt25-terminology
Exit status: 0 when every figure agrees to 3 decimals, 1 when one does not, 2 on bad input.
Writes nothing outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bri_align.errors import InputError  # noqa: E402

SYSTEMS = ("organizers_NLLB", "organizers_MADLAD", "organizers_gpt-4.1-nano", "CommandA_MT", "Erlendur")
REF_DIR = "ranking/references/track2"
SUB_DIR = "ranking/submissions/track2"
OFFICIAL = "ranking/metric_track2/track2_score_dict.json"
# (our metric key, the official key)
FIGURES = (("wmt25_tsr_proper", "proper_term_success_rate"), ("wmt25_tsr_random", "random_term_success_rate"),
           ("bleu", "bleu4"), ("chrf", "chrf2++"))
LABELS = {"wmt25_tsr_proper": "TSR proper", "wmt25_tsr_random": "TSR random", "bleu": "BLEU", "chrf": "chrF++"}


def _is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and not (path / "ranking").exists()


def _git(git_dir: Path, *args: str) -> bytes:
    proc = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True)
    if proc.returncode != 0:
        raise InputError(f"git {' '.join(args)} failed: {proc.stderr.decode('utf-8', 'replace').strip()}",
                         path=str(git_dir))
    return proc.stdout


def materialise(repo: Path, tmp: Path, systems: Tuple[str, ...]) -> Path:
    """The folder holding ``ranking/``: ``repo`` itself, or the files needed copied out of a bare git dir."""
    if not _is_git_dir(repo):
        if not (repo / "ranking").is_dir():
            raise InputError("neither a folder holding ranking/ nor a bare git directory; give the WMT25 "
                             "Terminology repository (a clone, an extracted archive or its git dir)", path=str(repo))
        return repo
    wanted = [REF_DIR, OFFICIAL, *(f"{SUB_DIR}/{s}" for s in systems)]
    listing = _git(repo, "ls-tree", "-r", "--name-only", "HEAD", "--", *wanted).decode("utf-8").splitlines()
    for rel in listing:
        if not rel.endswith((".jsonl", ".json")):
            continue
        dest = tmp / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(_git(repo, "show", f"HEAD:{rel}"))
    return tmp


def layout(root: Path, systems: Tuple[str, ...], direction: str, mode: str) -> Tuple[List[str], Dict[str, List[str]]]:
    """Reference files and each system's files, year by year."""
    pat = re.compile(rf"^{re.escape(systems[0])}\.(\d{{4}})\.{re.escape(direction)}\.{re.escape(mode)}\.jsonl$")
    first = root / SUB_DIR / systems[0]
    if not first.is_dir():
        raise InputError(f"no folder for system '{systems[0]}'", path=str(first))
    years = sorted(m.group(1) for p in first.iterdir() if (m := pat.match(p.name)))
    if not years:
        raise InputError(f"no {direction} {mode} files of '{systems[0]}'", path=str(first))
    refs = [str(root / REF_DIR / f"full_data_{y}.jsonl") for y in years]
    files = {s: [str(root / SUB_DIR / s / f"{s}.{y}.{direction}.{mode}.jsonl") for y in years] for s in systems}
    for p in refs + [f for fs in files.values() for f in fs]:
        if not Path(p).is_file():
            raise InputError(f"missing (years {', '.join(years)} are needed for every system)", path=p)
    return refs, files


def tsr_timings(refs: List[str], files: Dict[str, List[str]]) -> Tuple[float, float]:
    """Seconds for the proper and random term success rates of every system: counted pairs found
    once and shared (now) against found again for every system (before), same process."""
    from bri_align.bench.datafiles import read_wmt25_references, read_wmt25_system
    from bri_align.metrics.wmt import WMT25TermPairs, wmt25_term_success_rate

    per_file = read_wmt25_references(refs)
    docs = [d for part in per_file for d in part]
    hyps = {s: [h.strip() for p, part in zip(fs, per_file) for h in read_wmt25_system(p, part)]
            for s, fs in files.items()}
    srcs, ens = [d.zh.strip() for d in docs], [d.en.strip() for d in docs]
    t0 = time.perf_counter()
    before = {}
    for s, h in hyps.items():
        for cond in ("proper", "random"):
            before[s, cond] = wmt25_term_success_rate(sources=srcs, hypotheses=h, references=ens,
                                                      term_dicts=[d.dicts.get(cond, {}) for d in docs],
                                                      condition=cond).score
    t_before = time.perf_counter() - t0
    t0 = time.perf_counter()
    now = {}
    for cond in ("proper", "random"):
        pairs = WMT25TermPairs.from_reference(sources=srcs, references=ens,
                                              term_dicts=[d.dicts.get(cond, {}) for d in docs], condition=cond)
        for s, h in hyps.items():
            now[s, cond] = pairs.score(h).score
    t_now = time.perf_counter() - t0
    if now != before:
        raise SystemExit("the shared and per-system term success rates differ: a bug")
    return t_before, t_now


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, type=Path,
                    help="the WMT25 Terminology repository: a folder holding ranking/, or its bare git directory")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help=f"comma-separated submission folders (default: {','.join(SYSTEMS)})")
    ap.add_argument("--direction", default="zhen", help="direction of the files and of the official dict")
    ap.add_argument("--mode", default="noterm", help="submission mode: noterm, proper or random (default noterm)")
    ap.add_argument("--n-bootstrap", type=int, default=1000, help="bootstrap resamples (default 1000)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    from bri_align.bench import score_wmt25

    try:
        with tempfile.TemporaryDirectory(prefix="wmt25_") as tmp:
            root = materialise(args.repo, Path(tmp), systems)
            refs, files = layout(root, systems, args.direction, args.mode)
            official_all = json.loads((root / OFFICIAL).read_text(encoding="utf-8"))
            try:
                official = official_all[args.direction][args.mode]
            except KeyError:
                raise InputError(f"no {args.direction} -> {args.mode} in the official figures", path=OFFICIAL) from None
            t0 = time.perf_counter()
            result = score_wmt25(reference=refs, hyps=[f"{s}={f}" for s in systems for f in files[s]],
                                 n_bootstrap=args.n_bootstrap)
            wall = time.perf_counter() - t0
            t_before, t_now = tsr_timings(refs, files)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = []
    agree = True
    for s in systems:
        ours = result.subsets["all"].systems[s]
        row: Dict[str, object] = {"system": s}
        for key, off_key in FIGURES:
            o = ours.score(key)
            ref = official.get(s, {}).get(off_key)
            same = o is not None and ref is not None and round(o, 3) == round(ref, 3)
            agree &= same
            row[key] = {"ours": o, "official": ref, "agree_3dp": same}
        rows.append(row)
    n_docs = result.subsets["all"].n_segments
    summary = {"documents": n_docs, "reference_files": len(refs), "systems": len(systems),
               "n_bootstrap": args.n_bootstrap, "wall_s": round(wall, 2),
               "tsr_s_before": round(t_before, 3), "tsr_s_now": round(t_now, 3),
               "tsr_speedup": round(t_before / t_now, 2) if t_now else None, "all_agree_3dp": agree}
    if args.json:
        print(json.dumps({"rows": rows, "summary": summary}, indent=2))
    else:
        head = f"{'system':<24}" + "".join(f"{LABELS[k] + ' ours':>17}{'official':>10}" for k, _ in FIGURES)
        print(head)
        for r in rows:
            cells = []
            for k, _ in FIGURES:
                c = r[k]
                digits = 4 if k.startswith("wmt25") else 3
                mark = "" if c["agree_3dp"] else " *"
                cells.append(f"{_fmt(c['ours'], digits):>17}{_fmt(c['official'], digits) + mark:>10}")
            print(f"{r['system']:<24}" + "".join(cells))
        print(f"{n_docs} documents in {len(refs)} reference files, {len(systems)} systems; "
              f"{'every figure agrees' if agree else 'figures marked * differ'} to 3 decimals")
        print(f"score_wmt25 wall time: {wall:.1f} s (BLEU, chrF++, term success rates; {args.n_bootstrap} "
              "bootstrap resamples)")
        print(f"term success rates of all systems: {t_now:.2f} s with the counted pairs shared, {t_before:.2f} s "
              f"found again per system ({summary['tsr_speedup']}x)")
    return 0 if agree else 1


def _fmt(v: object, digits: int) -> str:
    return "n/a" if v is None else f"{v:.{digits}f}"


if __name__ == "__main__":
    sys.exit(main())
