"""``bri-align lookup TERM``: an entry and all its renderings, found by Chinese, pinyin or English."""

from __future__ import annotations

import argparse

from ._common import add_format, dump_json, emit


def register(sub: "argparse._SubParsersAction") -> None:
    p = sub.add_parser("lookup", help="look a term up by Chinese, pinyin or any English rendering",
                       description="Show the glossary entry a term names: Chinese (any quote style, "
                                   "traditional characters), pinyin with or without tones, or any English "
                                   "rendering whatever its status; each rendering with its validity dates and "
                                   "its evidence (authority, date, quote, url). Exit 1 when nothing matches.")
    p.add_argument("term", help="the term: 大写意, da xie yi / dà xiě yì, or 'heart connectivity'")
    p.add_argument("--glossary", help="termbase YAML file or folder, or a .tbx/.jsonl export "
                                      "(default: the bundled termbase)")
    p.add_argument("--all", action="store_true", help="also list entries that only contain the term")
    add_format(p, ("text", "json"), default="text")
    p.set_defaults(func=run_lookup)


def _describe(hit) -> str:
    e = hit.entry
    head = f"{e.zh}" + (f" ({e.pinyin})" if e.pinyin else "") + f"  [{e.id}, {e.category.value}]"
    if not e.verified:
        head += "  (unverified)"
    lines = [head]
    if e.zh_variants:
        lines.append(f"  variants: {', '.join(e.zh_variants)}")
    for r in e.renderings:
        extra = []
        if r.literal:
            extra.append("literal")
        if r.valid_from or r.valid_until:
            extra.append(f"valid {r.valid_from or '…'} until {r.valid_until or '…'}")
        mark = "  <- matched" if hit.rendering is not None and hit.rendering.en == r.en else ""
        line = f"  {r.status.value:<10} {r.en}" + (f"  ({'; '.join(extra)})" if extra else "") + mark
        lines.append(line)
        if r.reason:
            lines.append(f"             reason: {r.reason}")
        if r.source is not None:
            lines.append(f"             source: {r.source.authority}" + (f", {r.source.url}" if r.source.url else ""))
        for ev in r.evidence:
            when = f", {ev.date}" if ev.date else ""
            lines.append(f"             evidence: {ev.authority}{when} ({ev.kind}): \u201c{ev.quote}\u201d <{ev.url}>")
        if not r.evidence:
            lines.append("             evidence: none (unattested)")
    for s in e.sources:
        lines.append(f"  source: {s.authority}" + (f" — {s.citation}" if s.citation else "")
                     + (f" <{s.url}>" if s.url else ""))
    if e.note:
        lines.append(f"  note: {e.note}")
    return "\n".join(lines)


def run_lookup(args: argparse.Namespace) -> int:
    from ..glossary import as_glossary
    from ..glossary.lookup import lookup

    glossary = as_glossary(args.glossary)
    hits = lookup(glossary, args.term)
    if not args.all:
        exact = [h for h in hits if h.exact]
        hits = exact or hits[:5]
    if args.format == "json":
        emit(dump_json({"query": args.term, "hits": [h.to_dict() for h in hits]}))
    elif hits:
        emit("\n\n".join(_describe(h) for h in hits) + "\n")
    if not hits:
        import sys

        print(f"bri-align: no entry matches {args.term!r} (Chinese, pinyin or any English rendering)",
              file=sys.stderr)
        return 1
    return 0
