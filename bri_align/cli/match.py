"""`bri-align match`: find glossary terms in Chinese or English text."""

from __future__ import annotations

import argparse
from typing import Any, Dict, Iterator

from ..glossary import as_glossary
from ..matching import MatchTable, TermMatcher
from ._common import add_format, dump_json, emit, output_stream, read_input


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
    inputs = [args.input, args.glossary]
    if args.format == "json":
        matches = matcher.find(text, all_matches=args.all)
        emit(dump_json({"signature": matcher.signature(),
                        "matches": [m.to_dict() for m in matches]}), args.out, inputs=inputs)
        return 0
    if args.all:
        table = MatchTable.from_matches(args.lang, matcher.find(text, all_matches=True))
    else:
        table = matcher.find_table(text)
    if args.format == "jsonl":
        chunks = _jsonl_chunks(table)
    else:
        chunks = _text_chunks(table, text, glossary)
    with output_stream(args.out, inputs=inputs) as out:
        for chunk in chunks:
            out.write(chunk)
    return 0


_CHUNK = 8192  # matches per write: the output is streamed, never held whole


def _jsonl_chunks(table: MatchTable) -> Iterator[str]:
    """One JSON object per match, keys in TermMatch.to_dict order; what a key's matches share
    (entry, form, status, alternatives) is serialised once per key."""
    import json

    dumps = json.dumps
    tails: Dict[int, str] = {}
    heads = {}
    for h in set(table.head):
        entry_id, form, status, alternatives = table.heads[h]
        heads[h] = '{"entry_id": %s, "lang": %s, "start": ' % (dumps(entry_id, ensure_ascii=False),
                                                                dumps(table.lang))
        tails[h] = ', "form": %s, "status": %s, "alternatives": %s}\n' % (
            dumps(form, ensure_ascii=False), dumps(status.value), dumps(list(alternatives), ensure_ascii=False))
    for i in range(0, len(table), _CHUNK):
        j = i + _CHUNK
        yield "".join([f'{heads[h]}{s}, "end": {e}, "text": {dumps(t, ensure_ascii=False)}{tails[h]}'
                       for s, e, t, h in zip(table.start[i:j], table.end[i:j], table.text[i:j],
                                             table.head[i:j])])


def _text_chunks(table: MatchTable, text: str, glossary) -> Iterator[str]:
    """``start-end, line N, text, entry, status, hint`` per match, then the count; line
    numbers for all matches from one pass over the text's newlines."""
    import numpy as np

    starts = np.asarray(table.start, dtype=np.int64)
    if "\n" in text and len(table):
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        newlines = np.flatnonzero(codes == 10)
        line_no = (np.searchsorted(newlines, starts, side="left") + 1).tolist()
    else:
        line_no = [1] * len(table)
    # per key: the row's tail without and with the "= preferred" hint (shown when an accepted
    # match's text is not the preferred rendering itself, case aside)
    plain: Dict[int, str] = {}
    hinted: Dict[int, str] = {}
    pref_cf: Dict[int, str] = {}
    for h in set(table.head):
        entry_id, _form, status, _alt = table.heads[h]
        preferred = glossary.get(entry_id).preferred.en
        if status.value in ("deprecated", "superseded"):
            plain[h] = hinted[h] = f"\t{entry_id}\t{status.value}  -> use: {preferred}\n"
            pref_cf[h] = ""
        else:
            plain[h] = f"\t{entry_id}\t{status.value}\n"
            hinted[h] = f"\t{entry_id}\t{status.value}  = {preferred}\n"
            pref_cf[h] = preferred.casefold()
    for i in range(0, len(table), _CHUNK):
        j = i + _CHUNK
        yield "".join([f"{s}-{e}\tline {ln}\t{t}{hinted[h] if t.casefold() != pref_cf[h] else plain[h]}"
                       for s, e, t, h, ln in zip(table.start[i:j], table.end[i:j], table.text[i:j],
                                                 table.head[i:j], line_no[i:j])])
    yield f"{len(table)} matches\n"
