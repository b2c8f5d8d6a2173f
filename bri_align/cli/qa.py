"""`bri-align qa` and `bri-align postedit`: terminology QA and post-editing of any translation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, List, Optional, Tuple

from ..errors import InputError
from ._common import dump_json, emit


def _add_inputs(p: argparse.ArgumentParser, *, docs: bool) -> None:
    g = p.add_argument_group("inputs (line-aligned files, or a benchmark test set)")
    g.add_argument("--src", help="Chinese source, one segment per line (UTF-8; '-': standard input)")
    g.add_argument("--hyp", help="English translation, line-aligned with --src (any system's output; '-': standard "
                                 "input, when --src is a file)")
    if docs:
        g.add_argument("--docs", help="document ids, one per line of --src (default: the whole file is one "
                                      "document); term consistency is judged within each document")
    g.add_argument("--testset", nargs="?", const="", metavar="DIR",
                   help="take the segments from a test set instead (default folder: the bundled policy_bench); "
                        "needs --system")
    g.add_argument("--split", default="test", help="test-set split (default: test)")
    g.add_argument("--subset", help="test-set subset, e.g. seed (default: every segment)")
    g.add_argument("--system", help="with --testset: a shipped system name (e.g. seed-mt) or a JSONL file of "
                                    '{"id", "en"} objects')
    p.add_argument("--glossary", help="termbase YAML file or folder, or a TBX/JSONL export (default: the bundled termbase)")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the document's date: renderings are judged by the usage in force then (their "
                        "valid_from/valid_until; default: today). With --testset, a 'date' field on a line "
                        "of the --system JSONL file overrides it for that segment")
    p.add_argument("--method", default="default",
                   help="word aligner behind the term aligner (default: ibm1-hmm.v1; 'none': dictionary only)")


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser(
        "qa", help="terminology QA of a translation: the rendering used for each source term, with verdicts",
        description="For every glossary term in the Chinese source, the rendering the translation used (found "
                    "by the term aligner) and a verdict: preferred, admitted, deprecated (deprecated, superseded "
                    "or literal renderings, and globally banned forms), inconsistent (differs from an earlier "
                    "rendering of the same term in the document), unknown (an aligned span the glossary does "
                    "not know) or missing (nothing aligned). With --strict the exit code is 1 when any term "
                    "is deprecated or missing.")
    _add_inputs(p, docs=True)
    p.add_argument("--format", choices=("md", "json", "html"), default="md",
                   help="md for people (default), json, or html (one self-contained page: highlighted segments, "
                        "counts, a filter by verdict)")
    p.add_argument("--all", action="store_true", help="md: list every term, not only the problems")
    p.add_argument("--allow-literal", action="store_true",
                   help="judge a literal rendering the glossary admits as admitted (default: deprecated, as "
                        "the benchmark's deprecated-rendering rate does)")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 1 when a deprecated or missing term is found")
    p.add_argument("--out", metavar="FILE", default="-",
                   help="write the report to this file ('-': stdout, the default); never one of the inputs")
    p.set_defaults(func=run_qa)

    e = sub.add_parser(
        "postedit", help="replace deprecated renderings aligned to source terms by the preferred ones",
        description="Post-edit any system's output: a deprecated, superseded or literal rendering that the "
                    "term aligner links to a source term is replaced by the entry's preferred rendering "
                    "(articles, number, capitals and quotes adjusted); globally banned forms ('One Belt, One "
                    "Road'...) are replaced wherever they occur. Each change is reported.")
    _add_inputs(e, docs=False)
    e.add_argument("--out", metavar="FILE", default="-",
                   help="post-edited translation ('-': stdout, the default; one line per segment; with --testset "
                        'a JSONL file of {"id", "en"} objects, usable as a file: system); never one of the inputs')
    e.add_argument("--report", metavar="FILE",
                   help="write the changes here, one JSON object per line ('-': stdout, when --out is a file)")
    e.add_argument("--keep-literal", action="store_true",
                   help="keep literal renderings the glossary admits (replace deprecated ones only)")
    e.set_defaults(func=run_postedit)


# ------------------------------------------------------------------ inputs
def _read_inputs(args: argparse.Namespace, *, docs: bool) -> Tuple[List[str], List[str], Optional[List[str]],
                                                                      Optional[List[str]], str, str, Optional[str]]:
    """(sources, hypotheses, doc ids, segment ids, source label, hypothesis label, docs label)."""
    from ..io import read_lines

    if args.testset is not None:
        if args.src or args.hyp or (docs and args.docs):
            raise InputError("give either --src/--hyp files or --testset with --system, not both", field="testset")
        return _testset_inputs(args)
    if args.subset or args.system:
        raise InputError("--subset and --system go with --testset", field="testset")
    if not args.src or not args.hyp:
        missing = " and ".join(n for n, v in (("--src", args.src), ("--hyp", args.hyp)) if not v)
        raise InputError(f"missing {missing}; give the Chinese source and its translation as line-aligned files "
                         "(or --testset DIR --system NAME)", field="src" if not args.src else "hyp")
    given = [(o, v) for o, v in (("--src", args.src), ("--hyp", args.hyp), ("--docs", getattr(args, "docs", None)))
             if v == "-"]
    if len(given) > 1:
        raise InputError(f"only one input can be standard input ('-'); {' and '.join(o for o, _ in given)} both are",
                         field="src")

    def lines(path: str, what: str) -> List[str]:
        if path != "-":
            return read_lines(path, what=what)
        from ..io import split_lines
        from ._common import read_input

        text = read_input("-")
        if not text.strip():
            raise InputError(f"{what} on standard input is empty; give one segment per line", path="<stdin>")
        return split_lines(text)

    sources = lines(args.src, "source file")
    hyps = lines(args.hyp, "translation file")
    doc_ids = lines(args.docs, "document-id file") if docs and args.docs else None
    return sources, hyps, doc_ids, None, args.src, args.hyp, (args.docs if docs else None)


def _testset_inputs(args: argparse.Namespace):
    from ..bench.testset import load_testset, shipped_systems
    from ..mt.file import read_system_jsonl

    where = args.testset or None
    ts = load_testset(where, split=args.split)
    segs = ts.select(args.subset)
    if not segs:
        raise InputError(f"no segments in subset {args.subset!r}; the subsets are: {', '.join(ts.subsets)}",
                         path=ts.path, field="subset")
    if not args.system:
        raise InputError("--testset needs --system: a shipped system name or a JSONL file of "
                         '{"id", "en"} objects', field="system")
    shipped = shipped_systems(where)
    if args.system in shipped:
        path = str(shipped[args.system])
    elif Path(args.system).is_file():
        path = args.system
    else:
        names = ", ".join(shipped) or "none"
        raise InputError(f"unknown system {args.system!r}: neither a shipped system ({names}) nor a file",
                         field="system")
    by_id = read_system_jsonl(path)
    args.system_path = path  # its lines may carry a document date (_system_dates)
    missing = [s.id for s in segs if s.id not in by_id]
    if missing:
        shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
        raise InputError(f"no output for {len(missing)} of {len(segs)} segments ({shown}); choose a --subset "
                         "the system covers", path=path, field="id")
    sub = args.subset or "all"
    label = f"{ts.path} [{sub}]"
    return ([s.zh for s in segs], [by_id[s.id] for s in segs], [s.doc for s in segs], [s.id for s in segs],
            label, f"{path} [{sub}]", None)


def _system_dates(args: argparse.Namespace, ids: Optional[List[str]]) -> Optional[List[Optional[str]]]:
    """With --testset: the 'date' of each segment's line in the --system JSONL file (None where a
    line has none), or None when no line has one; a bad date names the file, line and field."""
    from ..glossary.entry import as_date
    from ..io import iter_jsonl

    path = getattr(args, "system_path", None)
    if ids is None or path is None:
        return None
    by_id = {}
    for lineno, obj in iter_jsonl(path, what="system output file"):
        if obj.get("date") is not None:
            as_date(obj["date"], field="date", path=path, line=lineno)  # refuse a bad one where it is
            by_id[obj.get("id")] = obj["date"]
    if not by_id:
        return None
    return [by_id.get(i) for i in ids]


# ------------------------------------------------------------------ commands
def run_qa(args: argparse.Namespace) -> int:
    from ..glossary.entry import as_date
    from ..qa import qa_check

    date = None if args.date is None else as_date(args.date, field="--date")
    sources, hyps, docs, ids, src_label, hyp_label, docs_label = _read_inputs(args, docs=True)
    report = qa_check(sources, hyps, glossary=args.glossary, docs=docs, method=args.method,
                      literal_as_deprecated=not args.allow_literal, src_path=src_label, hyp_path=hyp_label,
                      docs_path=docs_label, date=date, dates=_system_dates(args, ids))
    if ids is not None:
        from dataclasses import replace

        report = replace(report, meta={**report.meta, "segment_ids": ids})
    inputs = _input_paths(args)
    if args.format == "json":
        emit(dump_json(report.to_dict()), args.out, inputs=inputs)
    elif args.format == "html":
        from ..qa.html import qa_html

        emit(qa_html(report, sources, hyps), args.out, inputs=inputs)
    else:
        emit(report.to_markdown(all_items=args.all), args.out, inputs=inputs)
    c = report.counts
    line = (f"qa: {len(report.items)} terms in {report.n_segments} segments: "
            + ", ".join(f"{k} {v}" for k, v in c.items()))
    if args.out and args.out != "-":
        print(f"{line}; report written to {args.out}")
    code = report.exit_code(strict=args.strict)
    if code:
        print(f"bri-align qa: --strict: {c['deprecated']} deprecated and {c['missing']} missing terms",
              file=sys.stderr)
    return code


def _input_paths(args: argparse.Namespace) -> List[str]:
    """The files this command reads (an output naming one of them is refused)."""
    paths = [getattr(args, k, None) for k in ("src", "hyp", "docs", "glossary", "system")]
    return [p for p in paths if isinstance(p, str) and p and p != "-"]


def run_postedit(args: argparse.Namespace) -> int:
    from ..io import check_output_file
    from ..postedit import postedit

    to_stdout = [o for o in (args.out, args.report) if o in (None, "-")]
    if args.report is not None and len(to_stdout) == 2:
        raise InputError("--out and --report cannot both be stdout ('-'); give --report a file", field="report")
    inputs = _input_paths(args)
    for opt, path in (("out", args.out), ("report", args.report)):
        if path not in (None, "-"):
            check_output_file(path, inputs=inputs, what=f"--{opt} file")
    if args.report not in (None, "-") and args.out not in (None, "-") and (
            Path(args.report).resolve() == Path(args.out).resolve()):
        raise InputError("--out and --report name the same file; give two paths", field="report")
    from ..glossary.entry import as_date

    date = None if args.date is None else as_date(args.date, field="--date")
    sources, hyps, _, ids, src_label, hyp_label, _ = _read_inputs(args, docs=False)
    res = postedit(sources, hyps, glossary=args.glossary, literal=not args.keep_literal, method=args.method,
                   src_path=src_label, hyp_path=hyp_label, date=date, dates=_system_dates(args, ids))
    if ids is not None:
        text = "".join(json.dumps({"id": i, "en": o}, ensure_ascii=False) + "\n" for i, o in zip(ids, res.outputs))
    else:
        text = "".join(o + "\n" for o in res.outputs)
    emit(text, args.out, inputs=inputs)
    if args.report:
        emit(res.changes_jsonl(), args.report, inputs=inputs)
    s = res.summary()
    why = ", ".join(f"{k} {v}" for k, v in sorted(s["by_reason"].items())) or "none"
    wrote = [p for p in (args.out, args.report) if p not in (None, "-")]
    where = f"; wrote {' and '.join(wrote)}" if wrote else ""
    # the summary goes to stderr whenever stdout carries the output (a pipe must get only the text)
    print(f"postedit: {s['changes']} changes in {s['changed_segments']} of {s['segments']} segments "
          f"({why}){where}", file=sys.stderr if to_stdout else sys.stdout)
    return 0
