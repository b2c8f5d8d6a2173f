"""Chinese term-matching throughput: Aho-Corasick TermMatcher vs a naive per-term search.

Builds a 1,000-term glossary (the bundled termbase's entries, topped up with multi-character
CC-CEDICT headwords turned into synthetic entries), a >= 1 MB Chinese text (CC-CEDICT words and
glossary terms sampled with a fixed seed, some in quotes or traditional characters), then times,
in the same process:

* ``TermMatcher.find`` (normalise once, one Aho-Corasick pass over the UTF-32 code units,
  leftmost-longest selection and offset mapping in numpy);
* the naive baseline, one search per term: for each term form, one regular expression over the
  ORIGINAL text that tolerates what the matcher normalises (quotes and spaces between characters,
  traditional and full-width forms of each character), then the same leftmost-longest selection;
* a stronger reference: normalise once, then one ``str.find`` loop per term form over the
  normalised text (C-speed substring search), then the same selection and offset mapping.

The matcher and the str.find reference must agree exactly; the regex baseline may differ only
where a text character's variant lies outside the blocks its character classes enumerate
(counted, at most 0.1%). Prints MB/s for each, the ratios, the matcher's time spent normalising,
and peak memory via tracemalloc.
Usage: python benchmarks/match_throughput.py [--mb 1.0] [--terms 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from functools import lru_cache

from bri_align import Glossary, Rendering, Status, TermEntry, TermMatcher, load_termbase
from bri_align.matching.matcher import _wide, extend_closing_quote
from bri_align.text.normalize import is_cjk, normalize_zh

TERMBASE = None  # None = the bundled termbase; a path for another


def cedict_words(limit: int, rng: random.Random):
    from bri_align.lexicon.cedict import load_cedict

    words = sorted(w for w, glosses in load_cedict().items()
                   if 2 <= len(w) <= 6 and all(is_cjk(c) for c in w) and glosses)
    rng.shuffle(words)
    return words[:limit], load_cedict()


def build_glossary(n_terms: int, rng: random.Random) -> Glossary:
    base = list(load_termbase(TERMBASE))
    taken = {normalize_zh(f).text for e in base for f in e.zh_forms}
    words, cedict = cedict_words(n_terms * 4, rng)
    entries = list(base)
    for w in words:
        if len(entries) >= n_terms:
            break
        key = normalize_zh(w).text
        if key in taken:
            continue
        taken.add(key)
        gloss = cedict[w][0].strip() or "term"
        entries.append(TermEntry(id=f"synthetic-{len(entries)}", zh=w,
                                 renderings=(Rendering(en=gloss, status=Status.PREFERRED),)))
    return Glossary.from_entries(entries, name=f"bench{n_terms}")


def build_text(glossary: Glossary, megabytes: float, rng: random.Random) -> str:
    words, _ = cedict_words(20000, rng)
    forms = [f for e in glossary for f in e.zh_forms]
    quotes = [("“", "”"), ("「", "」"), ("", ""), ("", ""), ('"', '"')]
    parts = []
    size = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        if rng.random() < 0.15:
            q = rng.choice(quotes)
            piece = q[0] + rng.choice(forms) + q[1]
        else:
            piece = rng.choice(words)
        if rng.random() < 0.08:
            piece += rng.choice("，。；、")
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def _edge(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def leftmost_longest(hits):
    """The matcher's selection, written out plainly: leftmost first, then longest, no overlaps."""
    hits = sorted(hits, key=lambda h: (h[0], h[0] - h[1]))
    out, last = [], -1
    for h in hits:
        if h[0] >= last:
            out.append(h)
            last = h[1]
    return out


def naive_find(glossary: Glossary, text: str):
    """One str.find loop per term form; same normalisation and selection as the matcher."""
    norm = normalize_zh(text)
    nt = norm.text
    hits = []
    for e in glossary:
        for form in e.zh_forms:
            key = normalize_zh(form).text
            if not key:
                continue
            i = nt.find(key)
            while i >= 0:
                j = i + len(key)
                if not (_edge(key[0]) and i > 0 and _edge(nt[i - 1])
                        or _edge(key[-1]) and j < len(nt) and _edge(nt[j])):
                    hits.append((i, j, e.id))
                i = nt.find(key, i + 1)
    return [(extend_closing_quote(text, *norm.span_to_original(s, e_)), eid)
            for s, e_, eid in leftmost_longest(hits)]


@lru_cache(maxsize=1)
def character_variants() -> dict:
    """Every character whose normalised form is c (traditional and full-width variants,
    dashes): a table built once, outside the timings, like the matcher's own tables."""
    chars = [chr(o) for o in list(range(0x4E00, 0xA000)) + list(range(0xFF01, 0xFF5F)) + list(range(0x2010, 0x2016))]
    variants_of: dict = {}
    for ch in chars:
        key = normalize_zh(ch).text
        if len(key) == 1:
            variants_of.setdefault(key, set()).add(ch)
    return variants_of


def naive_regex(glossary: Glossary, text: str):
    """One regular-expression search per term form over the original text."""
    import re

    variants_of = character_variants()
    gap = "[" + re.escape("“”‘’「」『』〝〞〟《》〈〉\"'«»＂＇") + r"\s]*"

    def char_class(ch: str) -> str:
        variants = {ch} | variants_of.get(ch, set())
        if ch.isascii() and ch.isalpha():
            variants |= {ch.upper(), chr(ord(ch.upper()) + 0xFEE0), chr(ord(ch) + 0xFEE0)}
        return "[" + "".join(re.escape(v) for v in sorted(variants) if len(v) == 1) + "]"

    hits = []
    for e in glossary:
        for form in e.zh_forms:
            key = normalize_zh(form).text
            if not key:
                continue
            body = gap.join(char_class(c) for c in key)
            if _edge(key[0]):
                body = "(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])" + body
            if _edge(key[-1]):
                body += "(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
            pattern = re.compile(body)
            for m in pattern.finditer(text):
                hits.append((m.start(), m.end(), e.id))
    return [(extend_closing_quote(text, s, e_), eid) for s, e_, eid in leftmost_longest(hits)]


def cli_end_to_end(glossary: Glossary, text: str, repeat: int, *, to_file: bool = True) -> float:
    """`bri-align match --lang zh FILE --out OUT` in this process (the glossary passed in
    instead of loaded): read, normalise, scan, select, line numbers, format, write (the
    output file written atomically: flushed to disk, then moved over the previous run's).
    ``to_file=False``: the same to standard output, here /dev/null (as into a pipe)."""
    import argparse
    import io
    import os
    import sys
    import tempfile

    import bri_align.cli.match as cli_match

    folder = tempfile.mkdtemp(prefix="bri-align-match-bench-")
    src = os.path.join(folder, "in.zh")
    with open(src, "w", encoding="utf-8") as fh:  # lines of about 200 characters
        fh.write("\n".join(text[i:i + 200] for i in range(0, len(text), 200)))
    real, real_stdout = cli_match.as_glossary, sys.stdout
    cli_match.as_glossary = lambda _path: glossary
    try:
        ns = argparse.Namespace(input=src, glossary=None, all=False, format="text", lang="zh",
                                out=os.path.join(folder, "out.txt") if to_file else "-")
        if not to_file:
            sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")
        best, _ = timed(lambda: cli_match.run_match(ns), repeat)
    finally:
        if sys.stdout is not real_stdout:
            sys.stdout.close()
        cli_match.as_glossary, sys.stdout = real, real_stdout
    return best


def timed(fn, repeat):
    """Best of ``repeat`` runs (the same policy for the matcher and both baselines)."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--terms", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--termbase", default=None, help="termbase for the real entries (default: bundled)")
    args = ap.parse_args()
    global TERMBASE
    TERMBASE = args.termbase
    rng = random.Random(0)
    glossary = build_glossary(args.terms, rng)
    text = build_text(glossary, args.mb, rng)
    mb = len(text.encode("utf-8")) / 1e6
    t0 = time.perf_counter()
    matcher = TermMatcher(glossary, lang="zh")
    build_s = time.perf_counter() - t0
    matcher.find("预热" * 2048)  # build the normalisation tables and the long-text path's arrays
    character_variants()  # the baseline's table

    t_ac, matches = timed(lambda: matcher.find(text), args.repeat)
    # the floor: the raw Aho-Corasick scan of the already normalised text, every hit visited
    wide_text = _wide(matcher.normalize(text).text)
    automaton = matcher._automaton
    t_raw, n_hits = timed(lambda: sum(1 for _ in automaton.iter(wide_text)), args.repeat)
    t_cli = cli_end_to_end(glossary, text, args.repeat)
    t_cli_pipe = cli_end_to_end(glossary, text, args.repeat, to_file=False)
    t_norm, _ = timed(lambda: matcher.normalize(text), args.repeat)
    t_naive, naive = timed(lambda: naive_regex(glossary, text), args.repeat)
    t_find, found = timed(lambda: naive_find(glossary, text), args.repeat)
    # memory in separate runs: tracemalloc slows Python code down several times
    tracemalloc.start()
    matcher.find(text)
    peak_ac = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    naive_regex(glossary, text)
    peak_naive = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    got = [((m.start, m.end), m.entry_id) for m in matches]
    same = got == found
    # the regex baseline's character classes cover the main CJK, full-width and dash blocks
    # only; count the matches where that makes a difference
    differ = len(set(got) ^ set(naive))
    print(f"glossary: {len(glossary)} entries, {len(matcher)} keys (automaton built in {build_s:.2f}s)")
    print(f"text: {mb:.2f} MB UTF-8, {len(text):,} characters, {len(matches):,} matches; identical to the str.find reference: {same}; "
          f"differences from the regex baseline: {differ}")
    print(f"aho-corasick TermMatcher: {t_ac:.3f}s  {mb / t_ac:.1f} MB/s  peak {peak_ac / 1e6:.1f} MB "
          f"(normalising: {t_norm:.3f}s)")
    print(f"naive baseline, one regex search per term over the original text: {t_naive:.3f}s  "
          f"{mb / t_naive:.2f} MB/s  peak {peak_naive / 1e6:.1f} MB")
    print(f"reference, normalise once + one str.find loop per term: {t_find:.3f}s  {mb / t_find:.2f} MB/s")
    print(f"raw Aho-Corasick scan of the normalised text ({n_hits:,} hits, nothing else): {t_raw:.3f}s  "
          f"{mb / t_raw:.1f} MB/s")
    print(f"`bri-align match` end to end (read the file, find, line numbers, text output streamed to a "
          f"file): {t_cli:.3f}s  {mb / t_cli:.1f} MB/s = {t_raw / t_cli:.2f} of the raw scan's speed; "
          f"TermMatcher.find = {t_raw / t_ac:.2f} of it")
    print(f"`bri-align match` end to end, output to standard output (/dev/null: no file to flush to "
          f"disk and replace): {t_cli_pipe:.3f}s  {mb / t_cli_pipe:.1f} MB/s = {t_raw / t_cli_pipe:.2f} "
          f"of the raw scan's speed")
    print(f"speed-up over the naive baseline: {t_naive / t_ac:.1f}x; over the str.find reference: "
          f"{t_find / t_ac:.1f}x")
    if not same or differ > len(got) / 1000:
        raise SystemExit("matcher and baseline disagree")


if __name__ == "__main__":
    main()
