"""Build the term-alignment test and development sets from their authoring sources (written by the bri_align project).

    python corpora/term_align/build.py               # test set: term_align.jsonl, terms.txt, MANIFEST.sha256
    python corpora/term_align/build.py --split dev   # dev set: term_align_dev.jsonl, dev_terms.txt, MANIFEST.sha256
    python corpora/term_align/build.py --split blind # blind set: corpora/term_align_blind/ (its own MANIFEST.sha256)
    python corpora/term_align/build.py --split dev2  # second dev set: corpora/term_align_dev2/ (its own MANIFEST.sha256)
    python corpora/term_align/build.py --check       # also lists glossary/user-term occurrences left unannotated
                                                     # (with --split dev: also terms or sentences shared with test;
                                                     # with --split blind: shared with test or dev;
                                                     # with --split dev2: sentences shared with test, dev
                                                     # or blind, user terms shared with test or dev)

``source.txt`` (test) and ``dev_source.txt`` (dev) hold each pair as ``zh:`` /
``en:`` / ``style:`` lines with inline ``[text]{key}`` markup.  This script strips the markup, computes character
offsets into the clean sentences (so offsets are never typed by hand), links the
n-th zh mark of a key to the n-th en mark of that key, and writes:

* ``term_align.jsonl`` / ``term_align_dev.jsonl``: one object per pair: id, zh, en, style, provenance, links
  (zh, zh_start, zh_end, en, en_start, en_end, entry_id, kind);
* ``terms.txt`` / ``dev_terms.txt``: the user-listed Chinese terms (keys starting with ``~``), one a line;
* ``MANIFEST.sha256``: sha256 of every data file of both splits, ``sha256sum -c`` format.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[([^\[\]]+)\]\{([^{}]+)\}")
PROVENANCE = "written by the bri_align project for this test set (2026); not official text"
# split -> (source, built pairs, built term list, id prefix, provenance)
SPLITS = {
    "test": ("source.txt", "term_align.jsonl", "terms.txt", "ta", PROVENANCE),
    "dev": ("dev_source.txt", "term_align_dev.jsonl", "dev_terms.txt", "dev",
            "written by the bri_align project for this development set (2026); not official text"),
    "blind": ("source.txt", "term_align_blind.jsonl", "terms.txt", "bl",
              "written by the bri_align project for this blind set (December 2026); not official text"),
    "dev2": ("source.txt", "term_align_dev2.jsonl", "terms.txt", "d2",
             "written by the bri_align project for this second development set (December 2026); not official text"),
}
# split -> folder of its files (the blind set lives apart, with its own manifest)
BLIND_DIR = HERE.parent / "term_align_blind"
DEV2_DIR = HERE.parent / "term_align_dev2"
SPLIT_DIRS = {"test": HERE, "dev": HERE, "blind": BLIND_DIR, "dev2": DEV2_DIR}
BLIND_MANIFEST_FILES = ["README.md", "source.txt", "term_align_blind.jsonl", "terms.txt"]
DEV2_MANIFEST_FILES = ["README.md", "source.txt", "term_align_dev2.jsonl", "terms.txt"]
MANIFEST_FILES = ["README.md", "source.txt", "build.py", "term_align.jsonl", "terms.txt",
                  "dev_source.txt", "term_align_dev.jsonl", "dev_terms.txt"]


def strip_markup(text: str, *, where: str) -> Tuple[str, List[Tuple[str, int, int, str]]]:
    """Clean text and its marks as (key, start, end, surface)."""
    out: List[str] = []
    marks = []
    pos = 0
    clean_len = 0
    for m in MARK.finditer(text):
        out.append(text[pos:m.start()])
        clean_len += m.start() - pos
        surface, key = m.group(1), m.group(2).strip()
        marks.append((key, clean_len, clean_len + len(surface), surface))
        out.append(surface)
        clean_len += len(surface)
        pos = m.end()
    out.append(text[pos:])
    clean = "".join(out)
    if "[" in clean and "]{" in text[pos:]:
        raise SystemExit(f"{where}: unbalanced markup")
    for key, s, e, surface in marks:
        assert clean[s:e] == surface
        if surface != surface.strip():
            raise SystemExit(f"{where}: span {surface!r} has edge whitespace")
    return clean, marks


def parse(path: Path, *, prefix: str = "ta", provenance: str = PROVENANCE) -> List[Dict[str, object]]:
    rows: List[Dict[str, object]] = []
    block: Dict[str, Tuple[int, str]] = {}

    def flush() -> None:
        if not block:
            return
        if "zh" not in block or "en" not in block:
            line = min(v[0] for v in block.values())
            raise SystemExit(f"{path}:{line}: a block needs zh: and en: lines")
        zh_line, zh_raw = block["zh"]
        en_line, en_raw = block["en"]
        zh, zmarks = strip_markup(zh_raw, where=f"{path}:{zh_line}")
        en, emarks = strip_markup(en_raw, where=f"{path}:{en_line}")
        en_by_key: Dict[str, List[Tuple[str, int, int, str]]] = {}
        for mk in emarks:
            en_by_key.setdefault(mk[0], []).append(mk)
        used: Dict[str, int] = {}
        links = []
        for key, s, e, surface in zmarks:
            k = used.get(key, 0)
            used[key] = k + 1
            cands = en_by_key.get(key, [])
            en_mark = cands[k] if k < len(cands) else None
            user = key.startswith("~")
            links.append({
                "zh": surface, "zh_start": s, "zh_end": e,
                "en": en_mark[3] if en_mark else None,
                "en_start": en_mark[1] if en_mark else None,
                "en_end": en_mark[2] if en_mark else None,
                "entry_id": None if user else key,
                "kind": "user" if user else "glossary",
            })
        for key, cands in en_by_key.items():
            if len(cands) > used.get(key, 0):
                raise SystemExit(f"{path}:{en_line}: en mark {{{key}}} has no zh mark")
        rows.append({
            "id": f"{prefix}-{len(rows) + 1:03d}",
            "zh": zh, "en": en,
            "style": block.get("style", (0, "mixed"))[1],
            "provenance": f"{provenance}; {path.name} line {zh_line}",
            "links": links,
        })
        block.clear()

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            flush()
            continue
        field, sep, value = line.partition(":")
        if not sep or field not in ("zh", "en", "style"):
            raise SystemExit(f"{path}:{lineno}: expected 'zh:', 'en:' or 'style:'")
        if field in block:
            raise SystemExit(f"{path}:{lineno}: second '{field}:' line in one block")
        block[field] = (lineno, value.strip())
    flush()
    return rows


def user_terms(rows: List[Dict[str, object]]) -> List[str]:
    seen: Dict[str, None] = {}
    for r in rows:
        for lk in r["links"]:  # type: ignore[union-attr]
            if lk["kind"] == "user":
                seen.setdefault(lk["zh"], None)
    return list(seen)


def check(rows: List[Dict[str, object]], terms: List[str], termbase: Optional[str]) -> int:
    """List occurrences the annotation may have missed; return how many problems."""
    sys.path.insert(0, str(HERE.parent.parent))
    from bri_align import TermMatcher, load_termbase

    glossary = load_termbase(termbase or str(HERE.parent / "termbase"))
    problems = 0
    matcher = TermMatcher(glossary, lang="zh")
    for r in rows:
        zh = str(r["zh"])
        gold = {(lk["zh_start"], lk["zh_end"]) for lk in r["links"] if lk["kind"] == "glossary"}  # type: ignore
        found = {(m.start, m.end): m.entry_id for m in matcher.find(zh)}
        for span, eid in found.items():
            if span not in gold:
                print(f"{r['id']}: unannotated glossary match {zh[span[0]:span[1]]!r} ({eid})")
                problems += 1
        for lk in r["links"]:  # type: ignore[union-attr]
            if lk["kind"] != "glossary":
                continue
            if lk["entry_id"] not in glossary:
                print(f"{r['id']}: unknown entry id {lk['entry_id']!r}")
                problems += 1
            elif (lk["zh_start"], lk["zh_end"]) not in found:
                print(f"{r['id']}: annotated {lk['zh']!r} is not what the matcher finds: "
                      + ", ".join(f"{zh[s:e]!r}" for s, e in found))
                problems += 1
        ugold = {(lk["zh_start"], lk["zh_end"]) for lk in r["links"] if lk["kind"] == "user"}  # type: ignore
        for t in terms:
            for m in re.finditer(re.escape(t), zh):
                inside = ugold | gold  # a user term inside a longer annotated term is not an occurrence
                if (m.start(), m.end()) not in ugold and not any(
                        s <= m.start() and m.end() <= e and (s, e) != (m.start(), m.end()) for s, e in inside):
                    print(f"{r['id']}: unannotated user term {t!r} at {m.start()}")
                    problems += 1
    for t in terms:
        if glossary.lookup_zh(t) is not None:
            print(f"user term {t!r} is a glossary term ({glossary.lookup_zh(t).id})")
            problems += 1
    return problems


def check_split_overlap(dev_rows: List[Dict[str, object]], dev_terms: List[str], *,
                        split: str = "dev", others: Tuple[str, ...] = ("test",),
                        term_others: Optional[Tuple[str, ...]] = None) -> int:
    """Problems when a set shares user terms or sentences with another set (dev vs the held-out test set;
    blind vs test and dev; for blind also a user term found anywhere in the others' Chinese; dev2:
    sentences vs test, dev and blind, user terms vs ``term_others`` only)."""
    problems = 0
    for other in others:
        source = SPLITS[other][0]
        test_rows = parse(SPLIT_DIRS[other] / source)
        test_terms = set(user_terms(test_rows))
        for t in dev_terms:
            if term_others is not None and other not in term_others:
                break
            if t in test_terms:
                print(f"{split} user term {t!r} is also a {other} user term")
                problems += 1
            elif split == "blind" and any(t in str(r["zh"]) for r in test_rows):
                print(f"{split} user term {t!r} occurs in a {other} sentence")
                problems += 1
        test_zh = {str(r["zh"]) for r in test_rows}
        test_en = {str(r["en"]) for r in test_rows}
        for r in dev_rows:
            if r["zh"] in test_zh or r["en"] in test_en:
                print(f"{r['id']}: sentence also in the {other} set")
                problems += 1
    return problems


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="test", help="which set to build (default: test)")
    ap.add_argument("--check", action="store_true", help="list occurrences left unannotated")
    ap.add_argument("--termbase", help="termbase for --check (default: corpora/termbase)")
    args = ap.parse_args(argv)
    source, out_name, terms_name, prefix, provenance = SPLITS[args.split]
    folder = SPLIT_DIRS[args.split]
    rows = parse(folder / source, prefix=prefix, provenance=provenance)
    terms = user_terms(rows)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    (folder / out_name).write_text(data, encoding="utf-8")
    (folder / terms_name).write_text("".join(t + "\n" for t in terms), encoding="utf-8")
    files = {"blind": BLIND_MANIFEST_FILES, "dev2": DEV2_MANIFEST_FILES}.get(args.split, MANIFEST_FILES)
    manifest = "".join(
        f"{hashlib.sha256((folder / f).read_bytes()).hexdigest()}  {f}\n" for f in files if (folder / f).exists())
    (folder / "MANIFEST.sha256").write_text(manifest, encoding="utf-8")
    n_links = sum(len(r["links"]) for r in rows)  # type: ignore[arg-type]
    by_kind: Dict[str, int] = {}
    for r in rows:
        for lk in r["links"]:  # type: ignore[union-attr]
            k = lk["kind"] + ("" if lk["en"] is not None else "-unaligned")
            by_kind[k] = by_kind.get(k, 0) + 1
    print(f"{len(rows)} pairs, {n_links} links {by_kind}, {len(terms)} user terms")
    if args.check:
        problems = check(rows, terms, args.termbase)
        if args.split == "dev":
            problems += check_split_overlap(rows, terms)
        elif args.split == "blind":
            problems += check_split_overlap(rows, terms, split="blind", others=("test", "dev"))
        elif args.split == "dev2":
            # a second development set may share user terms with the blind set (their count is
            # reported, not the terms), never a sentence
            problems += check_split_overlap(rows, terms, split="dev2", others=("test", "dev", "blind"),
                                            term_others=("test", "dev"))
        print(f"{problems} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
