"""`bri-align glossary ...`: validate, export and build glossaries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from ..errors import BriAlignError, GlossaryError, InputError
from ..glossary import Glossary, as_glossary
from ._common import add_force, add_format, dump_json, emit, show_progress

FORMATS = ("tbx", "tbx2", "jsonl", "deepl", "google", "google-uni", "amazon", "xlsx", "html")
MAX_SHOWN = 100  # errors `glossary validate` prints as text (JSON lists them all)
_EXPORT_SUFFIXES = (".tbx", ".jsonl")
_TERMBASE_HELP = ("termbase YAML file or folder, a .tbx/.jsonl export, or '-' for YAML on standard input "
                  "(default: the bundled termbase)")


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser("glossary", help="validate, export and build glossaries")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", help="validate, export or build")

    v = gsub.add_parser("validate", help="validate a termbase and list every error (exit 2 if any)")
    v.add_argument("path", nargs="?", help=_TERMBASE_HELP)
    add_format(v, ("text", "json"), default="text", what="report (json: {\"ok\", \"errors\": [...]})")
    v.set_defaults(func=run_validate)

    e = gsub.add_parser("export", help="export a termbase to TBX v3, TBX 2008, JSONL, DeepL, Google, Amazon, XLSX or a self-contained HTML page")
    e.add_argument("path", nargs="?", help=_TERMBASE_HELP)
    e.add_argument("--format", required=True, choices=FORMATS, help="output format: " + ", ".join(FORMATS))
    e.add_argument("--out", default="-", help="output file, or '-' for standard output (the default); "
                   "never one of the termbase's own files")
    e.set_defaults(func=run_export)

    r = gsub.add_parser("review", help="per entry: unattested renderings, renderings only media attest, and "
                        "where official sources disagree; totals of the attested share",
                        description="Review the evidence of a termbase: per entry, the renderings with no "
                        "evidence, those attested by media only (no official source), where official sources "
                        "disagree (two accepted renderings each printed by an official source, or an official "
                        "source using a deprecated rendering) and quotes that do not contain their rendering; "
                        "then the attested share per status. Always exits 0 on a valid termbase.")
    r.add_argument("path", nargs="?", help=_TERMBASE_HELP)
    add_format(r, ("md", "json"), default="md", what="review")
    r.add_argument("--out", default="-", help="output file, or '-' for standard output (the default); never "
                   "one of the termbase's own files")
    r.set_defaults(func=run_review)

    b = gsub.add_parser("build", help="build the glossary dataset, exports and audit from seeds + termbase")
    b.add_argument("--seeds", help="folder of .txt/.md seed documents, or one such file (default: the "
                   "bundled seeds)")
    b.add_argument("--termbase", help="termbase YAML file or folder, or a .tbx/.jsonl export (default: the "
                   "bundled termbase)")
    b.add_argument("--out", default="build/glossary", help="output folder (default: build/glossary); never "
                   "the seeds or termbase folder, one inside them or one holding them")
    add_force(b)
    add_format(b, ("text", "json"), default="text", what="summary on standard output")
    b.add_argument("--no-progress", action="store_true",
                   help="no progress bar (there is one only when standard error is a terminal)")
    b.set_defaults(func=run_build)

    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


# ------------------------------------------------------------------ helpers
def _is_export(path: str) -> bool:
    return Path(path).suffix.lower() in _EXPORT_SUFFIXES and not Path(path).is_dir()


def _stdin_text() -> str:
    from ..io import decode_utf8

    return decode_utf8(sys.stdin.buffer.read(), path="<stdin>", what="termbase on standard input",
                       error=GlossaryError)


def _load(path: Optional[str]) -> Glossary:
    """The glossary a command reads: '-' is YAML on standard input."""
    if path == "-":
        from ..glossary.loader import check_termbase

        check = check_termbase("<stdin>", name="stdin", text=_stdin_text())
        if check.errors:
            raise check.errors[0]
        assert check.glossary is not None
        return check.glossary
    return as_glossary(path, field="path")


def _input_files(path: Optional[str]) -> List[Path]:
    """The files a termbase argument reads (the bundled termbase for None), which an
    output must never replace."""
    if path == "-":
        return []
    if path is None:
        from ..glossary.loader import default_termbase_path

        root = default_termbase_path()
    else:
        root = Path(path)
    if root.is_dir():
        return sorted(p for p in root.iterdir() if p.is_file())
    return [root]


def _error_dict(exc: BriAlignError) -> Dict[str, Any]:
    if isinstance(exc, InputError):
        return {"path": exc.path, "line": exc.line, "entry_id": exc.entry_id, "field": exc.field,
                "message": exc.message}
    return {"path": None, "line": None, "entry_id": None, "field": None, "message": str(exc)}


# ------------------------------------------------------------------ commands
def run_validate(args: argparse.Namespace) -> int:
    from ..glossary.loader import check_termbase

    glossary: Optional[Glossary] = None
    errors: List[BriAlignError] = []
    check: Any = None
    try:
        if args.path == "-":
            check = check_termbase("<stdin>", name="stdin", text=_stdin_text())
        elif args.path is not None and _is_export(args.path):
            from ..glossary.formats import check_import

            check = check_import(args.path)
        else:
            check = check_termbase(args.path)
        glossary, errors = check.glossary, list(check.errors)
    except BriAlignError as exc:
        errors = [exc]
    if errors or glossary is None:
        if args.format == "json":
            emit(dump_json({"ok": False, "errors": [_error_dict(e) for e in errors]}))
        else:
            for exc in errors[:MAX_SHOWN]:
                print(f"bri-align: error: {exc}", file=sys.stderr)
            if len(errors) > MAX_SHOWN:
                print(f"bri-align: ... {len(errors) - MAX_SHOWN} more errors not shown (--format json lists "
                      "them all)", file=sys.stderr)
            if len(errors) > 1:
                print(f"bri-align: {len(errors)} errors; the termbase does not validate", file=sys.stderr)
        return 2
    by_cat: Dict[str, int] = {}
    for e in glossary:
        by_cat[e.category.value] = by_cat.get(e.category.value, 0) + 1
    unverified = sum(1 for e in glossary if not e.verified)
    if args.format == "json":
        emit(dump_json({"ok": True, "errors": [], "entries": len(glossary), "categories": by_cat,
                        "unverified": unverified, "signature": glossary.signature()}))
    else:
        cats = ", ".join(f"{k} {v}" for k, v in sorted(by_cat.items()))
        emit(f"ok: {len(glossary)} entries ({cats}); {unverified} marked verified: false\n"
             f"signature: {glossary.signature()}\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..glossary.formats import default_suffix, dumps
    from ..io import check_output_file

    inputs = _input_files(args.path)
    to_stdout = args.out in (None, "-")
    if not to_stdout and not Path(args.out).is_dir():  # refuse the termbase's own files before reading
        check_output_file(args.out, inputs=inputs)
    glossary = _load(args.path)
    out = args.out
    if not to_stdout and Path(out).is_dir():  # a folder: <glossary name><suffix> inside it
        out = str(Path(out) / f"{glossary.name}{default_suffix(args.format)}")
    from ..glossary.formats import exporters

    if exporters.get(args.format).binary_output:  # a binary file (the xlsx workbook): a file only
        from ..glossary.formats import export_glossary

        if to_stdout:
            raise InputError(f"{args.format} is a binary format; give --out FILE{default_suffix(args.format)}",
                             field="--out")
        export_glossary(glossary, format=args.format, path=out, inputs=[str(p) for p in inputs])
    else:
        emit(dumps(glossary, format=args.format), out, inputs=[str(p) for p in inputs])
    if not to_stdout:
        print(f"wrote {len(glossary)} entries as {args.format} to {out}")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from ..glossary.review import review_glossary

    inputs = [str(p) for p in _input_files(args.path)]
    review = review_glossary(_load(args.path))
    text = dump_json(review.to_dict()) if args.format == "json" else review.to_markdown()
    emit(text, args.out, inputs=inputs)
    return 0


def run_build(args: argparse.Namespace) -> int:
    from ..glossary_build import build_glossary

    summary = build_glossary(seeds=args.seeds, termbase=args.termbase, out=args.out, force=args.force,
                             progress=show_progress() and not args.no_progress)
    if args.format == "json":
        emit(dump_json(summary.to_dict()))
    else:
        emit(summary.format_text())
    return 0
