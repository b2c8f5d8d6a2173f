"""`bri-align glossary ...`: validate, export and build glossaries."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..glossary import as_glossary
from ._common import dump_json, emit

FORMATS = ("tbx", "jsonl", "deepl", "google", "amazon")


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser("glossary", help="validate, export and build glossaries")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION")

    v = gsub.add_parser("validate", help="validate a termbase (file or folder; default: the bundled one)")
    v.add_argument("path", nargs="?", help="termbase YAML file or folder, or a .tbx/.jsonl export "
                   "(default: bundled termbase)")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=run_validate)

    e = gsub.add_parser("export", help="export a termbase to TBX, JSONL, DeepL, Google or Amazon format")
    e.add_argument("path", nargs="?", help="termbase YAML file or folder, or a .tbx/.jsonl export "
                   "(default: bundled termbase)")
    e.add_argument("--format", required=True, choices=FORMATS, help="output format")
    e.add_argument("--out", required=True, help="output file ('-' for stdout)")
    e.set_defaults(func=run_export)

    b = gsub.add_parser("build", help="build the glossary dataset, exports and audit from seeds + termbase")
    b.add_argument("--seeds", help="folder of .txt/.md seed documents (default: the bundled seeds/)")
    b.add_argument("--termbase", help="termbase YAML file or folder, or a .tbx/.jsonl export (default: the "
                   "bundled termbase)")
    b.add_argument("--out", default="build/glossary", help="output folder (default: build/glossary)")
    b.add_argument("--json", action="store_true", help="print the summary as JSON")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.set_defaults(func=run_build)

    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_validate(args: argparse.Namespace) -> int:
    glossary = as_glossary(args.path, field="path")
    by_cat: dict = {}
    for e in glossary:
        by_cat[e.category.value] = by_cat.get(e.category.value, 0) + 1
    unverified = sum(1 for e in glossary if not e.verified)
    if args.json:
        emit(dump_json({"valid": True, "entries": len(glossary), "categories": by_cat,
                        "unverified": unverified, "signature": glossary.signature()}))
    else:
        cats = ", ".join(f"{k} {v}" for k, v in sorted(by_cat.items()))
        print(f"ok: {len(glossary)} entries ({cats}); {unverified} marked verified: false")
        print(f"signature: {glossary.signature()}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..glossary.formats import dumps, export_glossary

    glossary = as_glossary(args.path, field="path")
    if args.out == "-":
        emit(dumps(glossary, format=args.format))
    else:
        path = export_glossary(glossary, format=args.format, path=args.out)
        print(f"wrote {len(glossary)} entries as {args.format} to {path}")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from ..glossary_build import build_glossary

    summary = build_glossary(seeds=args.seeds, termbase=args.termbase, out=args.out,
                             progress=not args.no_progress and not args.json)
    if args.json:
        emit(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print(summary.format_text())
    return 0
