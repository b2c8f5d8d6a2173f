"""`bri-align align sentences`: sentence-align a Chinese document with its English translation.

``register_sentences(align_subparsers)`` is called by ``bri_align/cli/align.py``
(the ``align`` command group) to add the ``sentences`` sub-command.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any, List

from ._common import add_format, emit

__all__ = ["register_sentences", "run_sentences", "format_tsv"]


def register_sentences(align_sub: "argparse._SubParsersAction[Any]") -> None:
    p = align_sub.add_parser(
        "sentences",
        help="align the sentences of a Chinese document and its English translation",
        description="Split both documents into sentences and align them (1-1, 1-2, 2-1, 1-0, 0-1, 2-2, "
                    "3-1, 1-3 beads) with a length model and dictionary evidence (CC-CEDICT + glossary).",
    )
    p.add_argument("--zh", required=True, help="Chinese document (UTF-8 text; '-': stdin)")
    p.add_argument("--en", required=True, help="English document (UTF-8 text; '-': stdin, if --zh is a file)")
    p.add_argument("--out", default="-",
                   help="output file, written atomically; never one of the inputs ('-': stdout, the default)")
    add_format(p, ("tsv", "jsonl"), default="tsv",
               what="beads (tsv: zh, en, bead, score columns with a header row; jsonl: one bead per line)")
    p.add_argument("--glossary", help="termbase YAML file or folder, or a TBX/JSONL export (default: the bundled termbase)")
    p.add_argument("--no-glossary", action="store_true", help="do not use a glossary as lexical evidence")
    p.add_argument("--no-lexicon", action="store_true", help="do not use CC-CEDICT (length model only, plus glossary)")
    p.add_argument("--band", type=int, default=None,
                   help="starting band half-width in sentences (default 16, widened when the path reaches "
                        "its edge); 0 searches the full matrix")
    p.add_argument("--paragraphs", choices=("line", "blank"), default="line",
                   help="line: every line is a paragraph (default); blank: paragraphs are separated by blank lines")
    p.set_defaults(func=run_sentences)


def format_tsv(pairs) -> str:
    def clean(s: str) -> str:
        return " ".join(s.replace("\t", " ").split())

    lines = ["zh\ten\tbead\tscore"]
    for b in pairs:
        lines.append(f"{clean(b.zh_text)}\t{clean(b.en_text)}\t{b.bead}\t{b.score:.4f}")
    return "\n".join(lines) + "\n"


def run_sentences(args: argparse.Namespace) -> int:
    from ..align.reading import check_one_stdin, read_document
    from ..align.sentence import align_sentences
    from ..glossary import as_glossary

    check_one_stdin(args.zh, args.en)
    zh = read_document(args.zh, lang="zh")
    en = read_document(args.en, lang="en")
    glossary = None if args.no_glossary else as_glossary(args.glossary)  # --glossary unset: the bundled one
    pairs = align_sentences(zh, en, glossary=glossary, lexicon=None if args.no_lexicon else "cedict",
                            band=args.band, paragraphs=args.paragraphs)
    if args.format == "jsonl":
        text = "".join(json.dumps(b.to_dict(), ensure_ascii=False) + "\n" for b in pairs)
    else:
        text = format_tsv(pairs)
    emit(text, args.out, inputs=[args.zh, args.en, args.glossary])
    if args.out and args.out != "-":
        counts = Counter(b.bead for b in pairs)
        summary: List[str] = [f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]
        print(f"wrote {len(pairs)} beads to {args.out} ({', '.join(summary)})")
    return 0
