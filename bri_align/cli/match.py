"""`bri-align match`: find glossary terms in Chinese or English text."""

from __future__ import annotations

import argparse
from typing import Any

from ..glossary import as_glossary
from ..matching import TermMatcher
from ._common import add_format, dump_json, emit, read_input


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser("match", help="find glossary terms in Chinese or English text")
    p.add_argument("input", nargs="?", default="-", help="UTF-8 text file, or '-' for stdin (default)")
    p.add_argument("--lang", required=True, choices=("zh", "en"), help="language of the text")
    p.add_argument("--glossary", help="termbase YAML file or folder, or a .tbx/.jsonl export (default: the bundled termbase)")
    p.add_argument("--all", action="store_true", help="report nested and overlapping matches too")
    add_format(p, ("text", "json", "jsonl"), default="text", what="matches (text for people, json/jsonl "
                                                                   "for machines)")
    p.add_argument("--out", default="-",
                   help="output file, written atomically; never one of the inputs ('-': stdout, the default)")
    p.set_defaults(func=run_match)


def run_match(args: argparse.Namespace) -> int:
    text = read_input(args.input, what="text file")
    glossary = as_glossary(args.glossary)
    matcher = TermMatcher.for_glossary(glossary, lang=args.lang)
    matches = matcher.find(text, all_matches=args.all)
    inputs = [args.input, args.glossary]
    if args.format == "json":
        emit(dump_json({"signature": matcher.signature(),
                        "matches": [m.to_dict() for m in matches]}), args.out, inputs=inputs)
    elif args.format == "jsonl":
        import json

        emit("".join(json.dumps(m.to_dict(), ensure_ascii=False) + "\n" for m in matches), args.out,
             inputs=inputs)
    else:
        from bisect import bisect_right

        # line numbers from one pass over the text (counting newlines per match was quadratic)
        newlines = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
        lines = []
        for m in matches:
            entry = glossary.get(m.entry_id)
            line_no = bisect_right(newlines, m.start - 1) + 1
            if m.status.value in ("deprecated", "superseded"):
                hint = f"  -> use: {entry.preferred.en}"
            else:
                hint = f"  = {entry.preferred.en}" if m.text.casefold() != entry.preferred.en.casefold() else ""
            lines.append(f"{m.start}-{m.end}\tline {line_no}\t{m.text}\t{m.entry_id}\t{m.status.value}{hint}")
        lines.append(f"{len(matches)} matches")
        emit("\n".join(lines) + "\n", args.out, inputs=inputs)
    return 0
