"""``bri-align bench``: run the MT benchmark and score system outputs (layer L6).

* ``bri-align bench run`` -- every system available offline on the policy test
  set (the shipped ``seed-mt`` outputs and any ``--system SPEC``), report under
  ``--out`` (default ``build/bench``); ``--system NAME=hf:PATH@off,force`` (or
  ``--glossary-mode off,force`` for every model system) runs a model with and
  without a terminology mode and reports the difference;
* ``bri-align bench score --src S --ref R --hyp NAME=FILE ...`` -- line-aligned
  files; ``--wmt25 REF.jsonl --hyp NAME=SYSTEM.jsonl`` -- WMT25 Track 2 files
  (several reference files, such as the task's one per year, are pooled as the
  official scorer pools them: ``--wmt25 full_data_{2016,2018}.jsonl --hyp
  NAME=sys.{2016,2018}.jsonl``, each system once per reference file, in order).

As in sacrebleu, the scores go to stdout in one ``--format`` (``bench run``: text
by default; ``bench score``: json by default); ``--out DIR`` writes the report
folder (results.json, leaderboard.md...) as well.  A report folder holding files
bri_align did not write is refused unless ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Dict, List

from ..metrics.corpus import check_metrics
from ._common import add_force, add_format, dump_json, emit, show_progress

__all__ = ["register", "add_run_arguments", "run_config", "run_kwargs", "summary_text"]

DEFAULT_OUT = "build/bench"


def add_run_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``bench run`` (shared with benchmarks/run_benchmark.py)."""
    p.add_argument("--metrics", default=None, metavar="LIST",
                   help="sacrebleu metrics, comma-separated, from bleu, chrf, ter (default: all three); the "
                        "terminology metrics always run")
    p.add_argument("--testset", metavar="PATH",
                   help="test-set folder or JSONL file (default: the bundled policy_bench)")
    p.add_argument("--split", default="test", choices=("dev", "test"), help="split of a test-set folder")
    p.add_argument("--system", action="append", default=[], metavar="SPEC",
                   help="add a system: hf:PATH_OR_ID, llm:PATH, ct2:PATH, file:OUTPUTS.{txt,jsonl} "
                        "(optionally NAME=SPEC), or a shipped name such as seed-mt; repeatable. A model spec may "
                        "end in @MODE[,MODE...] to run it once per glossary mode (tiny=hf:PATH@off,force gives "
                        "'tiny' and 'tiny (force)')")
    p.add_argument("--glossary-mode", metavar="MODES",
                   help="comma-separated glossary modes for every model system without @MODE: off, force, bias, "
                        "ban (hf:), ban (ct2:), prompt (llm:); modes a backend lacks are skipped. Each mode-on "
                        "system is compared with its mode-off run (default: off only)")
    p.add_argument("--no-shipped", action="store_true",
                   help="do not add the pre-computed outputs shipped in <testset>/systems/")
    p.add_argument("--baseline", metavar="NAME", help="system the paired tests compare against")
    p.add_argument("--glossary", metavar="PATH", help="termbase YAML file or folder, or a TBX/JSONL export (default: the bundled termbase)")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                   help=f"report folder: results.json, leaderboard.md, terms.md, chart.png (default: {DEFAULT_OUT}); "
                        "a folder holding other files is refused unless --force")
    add_force(p, what="the report folder")
    add_format(p, ("text", "json"), default="text", what="scores printed on stdout (text: a short leaderboard; "
                                                         "json: the full results, as results.json)")
    p.add_argument("--batch-size", type=int, metavar="N", help="sentences per batch (default 16; llm: 8)")
    p.add_argument("--device", default="auto", help="auto (CUDA, MPS, CPU), cpu, cuda, cuda:N or mps")
    p.add_argument("--dtype", default="auto", choices=("auto", "float32", "float16", "bfloat16"),
                   help="model weights' dtype (default: auto, the model's own)")
    p.add_argument("--beam-size", type=int, default=4, metavar="N", help="beam size of hf:/ct2: decoding (default 4)")
    p.add_argument("--max-length", type=int, default=256, metavar="N", help="maximum new tokens per sentence")
    p.add_argument("--src-lang", metavar="CODE", help="source language code for NLLB/M2M100/mBART-50 "
                   "(default zho_Hans / zh / zh_CN)")
    p.add_argument("--tgt-lang", metavar="CODE", help="target language code (default eng_Latn / en / en_XX)")
    p.add_argument("--prompt", metavar="TEXT", help="llm: prompt with a {source} placeholder")
    p.add_argument("--compute-type", default="default", metavar="TYPE", help="ct2: compute type (int8, float16...)")
    p.add_argument("--allow-download", action="store_true",
                   help="let hf:/llm: download a model id missing from the Hugging Face cache "
                        "(never when HF_HUB_OFFLINE=1)")
    _add_bootstrap(p)
    p.add_argument("--banned", action="append", metavar="FORM",
                   help="a form counted as deprecated anywhere (repeatable; default: One Belt, One Road and variants)")
    p.add_argument("--no-chart", action="store_true", help="skip the PNG chart")


def _add_bootstrap(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n-bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples for intervals and paired tests, 0 to 100000 (default 1000; 0: none)")
    p.add_argument("--seed", type=int, default=12345, metavar="N",
                   help="seed of the term-metric bootstrap, 0 to 2**32-1 (default 12345)")


def run_config(args: argparse.Namespace) -> Any:
    """The :class:`bri_align.bench.BenchmarkConfig` of parsed ``bench run`` options."""
    from ..bench.runner import BenchmarkConfig

    return BenchmarkConfig(
        split=args.split, include_shipped=not args.no_shipped, baseline=args.baseline,
        n_bootstrap=args.n_bootstrap, seed=args.seed, banned_forms=args.banned,
        glossary_modes=getattr(args, "glossary_mode", None), chart=not args.no_chart, progress=show_progress(),
        batch_size=args.batch_size, device=args.device, dtype=args.dtype, beam_size=args.beam_size,
        max_length=args.max_length, src_lang=args.src_lang, tgt_lang=args.tgt_lang, prompt=args.prompt,
        compute_type=args.compute_type, allow_download=args.allow_download,
        **_metrics(args),
    )


def run_kwargs(args: argparse.Namespace) -> Dict[str, Any]:
    """Keyword arguments of :func:`bri_align.bench.run_benchmark` from parsed options."""
    return dict(systems=list(args.system), testset=args.testset, glossary=args.glossary, out=args.out,
                config=run_config(args), force=getattr(args, "force", False))


def summary_text(result: Any, out: Any = None) -> str:
    """A short plain-text leaderboard for people."""
    from ..bench.report import COLUMNS

    lines: List[str] = []
    for subset, res in result.subsets.items():
        if not res.systems:
            continue
        lines.append(f"[{subset}] {res.n_segments} {'documents' if result.mode == 'wmt25' else 'segments'}, "
                     f"baseline {res.baseline}")
        for name, sc in res.systems.items():
            parts = []
            for k, m in sc.metrics.items():
                if m.score is None:
                    continue
                title, digits, _ = COLUMNS.get(k, (k, 3, 1.0))
                parts.append(f"{title.replace(' ↓', '')} {m.score:.{digits}f}")
            lines.append(f"  {name}: " + ", ".join(parts))
    for subset, ds in getattr(result, "deltas", {}).items():
        for name, dl in ds.items():
            parts = []
            for k in ("term_success_rate", "bleu", "chrf"):
                sig = dl.metrics.get(k)
                if sig is None or sig.delta is None:
                    continue
                title, digits, _ = COLUMNS.get(k, (k, 3, 1.0))
                p = "" if sig.p_value is None else f" (p={sig.p_value:.3f})"
                parts.append(f"{title} {sig.delta:+.{digits}f}{p}")
            lines.append(f"[{subset}] {name} vs {dl.base}: " + ", ".join(parts))
    for name, info in result.systems.items():
        if info.throughput is not None:
            lines.append(info.throughput.line(name))
    if out:
        lines.append(f"report written to {out}")
    return "\n".join(lines) + "\n"


def _run(args: argparse.Namespace) -> int:
    from ..bench import run_benchmark

    result = run_benchmark(**run_kwargs(args))
    _print(result, args)
    return 0


def _print(result: Any, args: argparse.Namespace) -> None:
    """The scores on stdout in the one --format; where the report folder went, on stderr for json."""
    if args.format == "json":
        emit(dump_json(result.to_dict()))
        if args.out:
            print(f"report written to {args.out}", file=sys.stderr)
    else:
        emit(summary_text(result, args.out))


def _metrics(args: argparse.Namespace) -> Dict[str, Any]:
    """``metrics=`` only when --metrics was given: the defaults live in the library
    (all three for lines, BLEU and chrF++ for WMT25 documents)."""
    return {} if args.metrics is None else {"metrics": check_metrics(args.metrics)}


def _score(args: argparse.Namespace) -> int:
    from ..bench import score_files, score_wmt25
    from ..errors import InputError

    if args.wmt25:
        if args.src or args.ref or args.terms:
            raise InputError("--wmt25 reads source, reference and dictionaries from its file(s); drop --src, "
                             "--ref and --terms", field="wmt25")
        result = score_wmt25(reference=list(args.wmt25), hyps=args.hyp, baseline=args.baseline,
                             n_bootstrap=args.n_bootstrap, seed=args.seed, out=args.out, chart=not args.no_chart,
                             force=args.force, **_metrics(args))
    else:
        if not args.src or not args.ref:
            raise InputError("give --src and --ref (line-aligned files), or --wmt25 REF.jsonl", field="src")
        result = score_files(src=args.src, ref=args.ref, hyps=args.hyp, terms=args.terms, glossary=args.glossary,
                             baseline=args.baseline, doc_ids=args.docs, n_bootstrap=args.n_bootstrap, seed=args.seed,
                             banned_forms=args.banned, out=args.out, chart=not args.no_chart, force=args.force,
                             **_metrics(args))
    _print(result, args)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("bench", help="benchmark MT systems on policy phrasing",
                       description="Benchmark MT systems: BLEU, chrF++, TER and terminology metrics.")
    bsub = p.add_subparsers(dest="bench_command", metavar="SUBCOMMAND")

    run = bsub.add_parser("run", help="run every available system on the policy test set and write a report",
                          description="Run the shipped outputs (seed-mt...) and any --system on the policy "
                                      "test set; write JSON, Markdown, a per-term table and a chart to --out.")
    add_run_arguments(run)
    run.set_defaults(func=_run)

    sc = bsub.add_parser("score", help="score system output files (line-aligned or WMT25 Track 2)",
                         description="Score pre-computed outputs: line-aligned --src/--ref/--hyp files, or "
                                     "--wmt25 REF.jsonl with document-level system files.")
    sc.add_argument("--metrics", default=None, metavar="LIST",
                    help="sacrebleu metrics, comma-separated, from bleu, chrf, ter (default: all three for "
                         "line-aligned files; bleu,chrf for --wmt25, whose documents are single segments, where "
                         "TER is slow); the terminology metrics always run")
    sc.add_argument("--src", metavar="FILE", help="source (Chinese), one segment per line")
    sc.add_argument("--ref", metavar="FILE", help="reference (English), line-aligned with --src")
    sc.add_argument("--hyp", action="extend", nargs="+", default=[], required=True, metavar="NAME=FILE",
                    help="a system's outputs (repeatable, or several after one --hyp); the first is the baseline "
                         "unless --baseline. With several --wmt25 files, give each system once per file under the "
                         "same NAME, in the same order (NAME=sys.{2016,2018}.jsonl in bash)")
    sc.add_argument("--terms", metavar="FILE",
                    help="per-line term annotations: bri_align {\"terms\": [{\"entry_id\": ...}]} or WMT23 "
                         "dictionaries {\"源词\": [\"target\", ...]}; default: find glossary terms in --src")
    sc.add_argument("--glossary", metavar="PATH", help="termbase YAML file or folder, or a TBX/JSONL export (default: the bundled termbase)")
    sc.add_argument("--docs", metavar="FILE", help="document id per line (for term consistency)")
    sc.add_argument("--wmt25", action="extend", nargs="+", metavar="REF.jsonl",
                    help="WMT25 Track 2 reference (zh, en, proper, random, noterm); several files (the task's "
                         "full_data_YEAR.jsonl) are pooled as the official scorer pools them: BLEU, chrF++ and "
                         "the term success rate over all their documents")
    sc.add_argument("--baseline", metavar="NAME",
                    help="system the paired tests compare against: one of the --hyp names (default: the first)")
    add_format(sc, ("json", "text"), default="json",
               what="scores printed on stdout (json: the full results, as results.json; text: a short leaderboard)")
    sc.add_argument("--out", metavar="DIR",
                    help="also write the report folder here (results.json, leaderboard.md, terms.md, chart.png); "
                         "a folder holding other files is refused unless --force")
    add_force(sc, what="the report folder")
    _add_bootstrap(sc)
    sc.add_argument("--banned", action="append", metavar="FORM",
                    help="a form counted as deprecated anywhere (repeatable; default: One Belt, One Road and variants)")
    sc.add_argument("--no-chart", action="store_true", help="--out: skip the PNG chart")
    sc.set_defaults(func=_score)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
