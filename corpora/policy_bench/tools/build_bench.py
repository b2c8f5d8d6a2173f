#!/usr/bin/env python
"""Build the bri_align policy MT benchmark from its authoring source.

Reads ``corpora/policy_bench/source/*.yaml`` (one document per file, terms marked
inline with ``[[...]]``), resolves every marked Chinese term to a termbase entry,
checks that every marked English span is the entry's preferred or admitted
rendering (or an inflection of it), and writes, deterministically:

* ``dev.jsonl`` and ``test.jsonl``: one segment per line, with term annotations;
* ``systems/seed-mt.jsonl``: the seed document's English, one line per seed segment;
* ``MANIFEST``: sha256 of the data and source files (``sha256sum -c`` format).

Usage (from the repository root)::

    .venv/bin/python corpora/policy_bench/tools/build_bench.py            # build
    .venv/bin/python corpora/policy_bench/tools/build_bench.py --check    # verify files on disk
    .venv/bin/python corpora/policy_bench/tools/build_bench.py --unmarked # list unmarked termbase terms

Marks.  ``[[text]]`` in ``zh`` marks a term as it appears in the sentence; ``[[text]]``
in ``en`` marks its rendering in the reference.  English marks are paired with the
Chinese marks whose entry they render (in order, when an entry occurs twice); a
key ``[[text|k]]`` on both sides pairs two marks explicitly.  Marks do not nest.
``{{text}}`` flags a policy term the termbase does not hold yet: it is stripped and
not annotated, and ``--candidates`` lists it (and says when the termbase gains it).

Only the standard library, PyYAML (a bri_align dependency) and bri_align are used.
This is a maintenance script, so it prints and exits; the library never does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
REPO = BENCH.parent.parent
if str(REPO) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from bri_align import Glossary, Status, TermEntry, load_termbase  # noqa: E402
from bri_align.matching.matcher import TermMatcher, english_variants  # noqa: E402
from bri_align.text.normalize import normalize_en  # noqa: E402

SOURCE_DIR = BENCH / "source"
DEFAULT_TERMBASE = REPO / "corpora" / "termbase"
SEED_TERMBASE_FILE = "seed.yaml"
MIN_SEED_TERM_OCCURRENCES = 3
MIN_SEGMENTS = 400
GENERAL_DOC_SIZE = (5, 15)

DOC_KEYS = {"doc", "subset", "split", "genre", "title", "seed_file", "skip_paragraphs", "segments"}
SEG_KEYS = {"id", "zh", "en", "mt"}
SPLITS = ("dev", "test")
SUBSETS = ("seed", "general")
SEED_ID = re.compile(r"^seed-p(\d{2})-s(\d+)$")
GEN_ID = re.compile(r"^gen-(\d{2})(\d{2})$")
GEN_DOC = re.compile(r"^gen-d(\d{2})-[a-z0-9-]+$")
MARK = re.compile(r"\[\[(.*?)\]\]|\{\{(.*?)\}\}")
KEYED = re.compile(r"^(.*)\|(\d+)$")

PROV_GENERAL = "written by the bri_align project"
PROV_SEED = ("reconstructed by the project from the seed's English (seed paragraph {n}); "
             "reference written by the bri_align project")


class BuildError(Exception):
    """Problems found in the source; the message lists all of them."""


@dataclass
class Mark:
    text: str
    start: int
    end: int
    key: Optional[str]


@dataclass
class Segment:
    path: Path
    line: int
    doc: str
    subset: str
    split: str
    id: str
    zh_raw: str
    en_raw: str
    mt: Optional[str]
    zh: str = ""
    en: str = ""
    zh_marks: List[Mark] = field(default_factory=list)
    en_marks: List[Mark] = field(default_factory=list)
    zh_candidates: List[Mark] = field(default_factory=list)
    terms: List[dict] = field(default_factory=list)
    provenance: str = ""


class Problems:
    def __init__(self) -> None:
        self.items: List[str] = []

    def add(self, path: Path, line: int, seg: Optional[str], msg: str) -> None:
        where = f"{_rel(path)}:{line}"
        self.items.append(f"{where}: segment {seg!r}: {msg}" if seg else f"{where}: {msg}")

    def raise_if_any(self, what: str) -> None:
        if self.items:
            head = f"{len(self.items)} problem(s) {what}:"
            raise BuildError("\n".join([head] + ["  " + p for p in self.items]))


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------ marks
def parse_marks(text: str) -> Tuple[str, List[Mark], List[Mark], Optional[str]]:
    """Strip ``[[...]]`` term marks and ``{{...}}`` candidate marks.

    Returns the clean text, the term marks and the candidate marks (offsets into
    the clean text), and an error message or None.  A candidate mark flags a
    policy term that the termbase does not hold yet: it is not annotated, only
    listed by ``--candidates`` so it can be promoted once the termbase has it.
    """
    out: List[str] = []
    marks: List[Mark] = []
    candidates: List[Mark] = []
    pos = 0
    length = 0
    for m in MARK.finditer(text):
        before = text[pos:m.start()]
        if any(b in before for b in ("[[", "]]", "{{", "}}")):
            return text, [], [], "unbalanced '[[', ']]', '{{' or '}}'"
        out.append(before)
        length += len(before)
        is_term = m.group(1) is not None
        inner = m.group(1) if is_term else m.group(2)
        if any(b in inner for b in ("[[", "{{")):
            return text, [], [], f"nested or unclosed mark near {inner!r}; marks do not nest"
        key = None
        km = KEYED.match(inner)
        if km and is_term:
            inner, key = km.group(1), km.group(2)
        if not inner or inner != inner.strip():
            return text, [], [], f"empty mark or mark with edge spaces: {m.group(0)}"
        (marks if is_term else candidates).append(Mark(inner, length, length + len(inner), key))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    rest = text[pos:]
    if any(b in rest for b in ("[[", "]]", "{{", "}}")):
        return text, [], [], "unbalanced '[[', ']]', '{{' or '}}'"
    out.append(rest)
    return "".join(out), marks, candidates, None


# -------------------------------------------------------------- renderings
def _en_key(text: str) -> str:
    return normalize_en(text).text.strip()


def _inflections(text: str, *, verbs: bool) -> set:
    """Normalised inflections of ``text``: the last word's plural (from the term
    matcher's ``english_variants``) and, with ``verbs``, the first word's verb forms.

    A first word ending in -ed or -ing is a participle used as an adjective
    ("developed countries", "emerging economies"); changing it would turn one
    term into another ("developing countries"), so it is never inflected.
    """
    key = _en_key(text)
    words = key.split(" ")
    first_is_base = not words[0].endswith(("ed", "ing"))
    out = {key}
    for v in english_variants(text):
        vw = v.split(" ")
        if len(vw) != len(words):
            continue
        if vw[:-1] == words[:-1]:  # only the last word changed: plural
            out.add(v)
        elif verbs and first_is_base and vw[1:] == words[1:]:  # only the first word: verb form
            out.add(v)
    return out


def rendering_status(entry: TermEntry, surface: str) -> Optional[Status]:
    """Status of the rendering that ``surface`` is (or inflects), else None.

    Preferred and admitted renderings are tried first; a deprecated or superseded
    match is returned too so the caller can refuse it with a clear message.
    Accepted inflections: the rendering's last-word plural and, when the rendering
    starts with a verb in its base form, that verb's forms ("advance" ->
    "advancing"); and the singular of a plural rendering ("host countries" ->
    "host country").  Case, hyphens and quotation marks are ignored.
    """
    key = _en_key(surface)
    surface_plurals = _inflections(surface, verbs=False)
    order = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.SUPERSEDED: 3}
    for r in sorted(entry.renderings, key=lambda r: order[r.status]):
        if key in _inflections(r.en, verbs=True) or _en_key(r.en) in surface_plurals:
            return r.status
    return None


# ----------------------------------------------------------------- source
def _line_of(text: str, needle: str) -> int:
    k = text.find(needle)
    return text.count("\n", 0, k) + 1 if k >= 0 else 1


def load_source(source_dir: Path, problems: Problems) -> Tuple[List[dict], List[Segment]]:
    docs: List[dict] = []
    segments: List[Segment] = []
    files = sorted(source_dir.glob("*.yaml"))
    if not files:
        problems.add(source_dir, 1, None, "no source files (*.yaml)")
    for path in files:
        raw = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            problems.add(path, 1, None, f"not valid YAML: {exc}")
            continue
        if not isinstance(data, dict):
            problems.add(path, 1, None, "expected a mapping with doc, subset, split, segments")
            continue
        unknown = set(data) - DOC_KEYS
        if unknown:
            problems.add(path, 1, None, f"unknown keys {sorted(unknown)}; allowed: {sorted(DOC_KEYS)}")
        doc = data.get("doc")
        subset = data.get("subset")
        split = data.get("split")
        if not isinstance(doc, str) or not doc:
            problems.add(path, 1, None, "missing 'doc' (document id)")
            continue
        if subset not in SUBSETS:
            problems.add(path, _line_of(raw, "subset:"), None, f"subset must be one of {SUBSETS}, got {subset!r}")
        if split not in SPLITS:
            problems.add(path, _line_of(raw, "split:"), None, f"split must be one of {SPLITS}, got {split!r}")
        if subset == "seed" and split != "test":
            problems.add(path, _line_of(raw, "split:"), None, "the seed subset belongs to the test split")
        if subset == "general" and not GEN_DOC.match(doc):
            problems.add(path, 1, None, f"general doc id {doc!r} must look like gen-dNN-genre")
        segs = data.get("segments")
        if not isinstance(segs, list) or not segs:
            problems.add(path, 1, None, "missing 'segments' (a non-empty list)")
            continue
        docs.append({"path": path, "raw": raw, **{k: v for k, v in data.items() if k != "segments"}})
        for s in segs:
            if not isinstance(s, dict):
                problems.add(path, 1, None, "each segment must be a mapping with id, zh, en")
                continue
            sid = s.get("id")
            line = _line_of(raw, f"id: {sid}")
            unknown = set(s) - SEG_KEYS
            if unknown:
                problems.add(path, line, sid, f"unknown keys {sorted(unknown)}; allowed: {sorted(SEG_KEYS)}")
            bad = [k for k in ("id", "zh", "en") if not isinstance(s.get(k), str) or not s.get(k).strip()]
            if bad:
                problems.add(path, line, sid, f"missing or empty {bad}")
                continue
            mt = s.get("mt")
            if subset == "seed" and (not isinstance(mt, str) or not mt.strip()):
                problems.add(path, line, sid, "a seed segment needs 'mt' (the seed's English for it)")
            if subset == "general" and mt is not None:
                problems.add(path, line, sid, "'mt' is only for seed segments")
            segments.append(Segment(path=path, line=line, doc=doc, subset=subset, split=split, id=sid,
                                    zh_raw=s["zh"], en_raw=s["en"], mt=mt))
    return docs, segments


def check_structure(docs: List[dict], segments: List[Segment], problems: Problems, *,
                    source_dir: Path = SOURCE_DIR) -> None:
    doc_ids = Counter(d["doc"] for d in docs)
    for d, n in doc_ids.items():
        if n > 1:
            problems.add(source_dir, 1, None, f"document id {d!r} used by {n} files")
    seg_ids = Counter(s.id for s in segments)
    for s in segments:
        if seg_ids[s.id] > 1:
            problems.add(s.path, s.line, s.id, "segment id is not unique")
        if s.subset == "seed":
            if not SEED_ID.match(s.id):
                problems.add(s.path, s.line, s.id, "seed segment ids look like seed-pNN-sK")
        elif s.subset == "general":
            m = GEN_ID.match(s.id)
            dm = GEN_DOC.match(s.doc)
            if not m:
                problems.add(s.path, s.line, s.id, "general segment ids look like gen-DDSS")
            elif dm and m.group(1) != dm.group(1):
                problems.add(s.path, s.line, s.id, f"id number does not match document {s.doc!r}")
        for field_name, text in (("zh", s.zh_raw), ("en", s.en_raw), ("mt", s.mt or "")):
            if text != text.strip() or "\n" in text or "\t" in text:
                problems.add(s.path, s.line, s.id, f"field {field_name!r} has edge spaces, a tab or a newline")
    lo, hi = GENERAL_DOC_SIZE
    sizes = Counter(s.doc for s in segments if s.subset == "general")
    for d in docs:
        if d.get("subset") == "general" and not lo <= sizes[d["doc"]] <= hi:
            problems.add(d["path"], 1, None,
                         f"document {d['doc']!r} has {sizes[d['doc']]} segments; general documents hold {lo}-{hi}")


def check_seed(docs: List[dict], segments: List[Segment], problems: Problems) -> None:
    """The seed segments' ``mt`` fields, joined per paragraph, give back the seed file."""
    for d in docs:
        if d.get("subset") != "seed":
            continue
        seed_path = REPO / str(d.get("seed_file", ""))
        if not d.get("seed_file") or not seed_path.is_file():
            problems.add(d["path"], 1, None, f"seed_file {d.get('seed_file')!r} not found")
            continue
        paragraphs = seed_path.read_text(encoding="utf-8").split("\n")
        skip = {int(k): v for k, v in (d.get("skip_paragraphs") or {}).items()}
        by_par: "OrderedDict[int, List[Segment]]" = OrderedDict()
        for s in segments:
            if s.doc != d["doc"]:
                continue
            m = SEED_ID.match(s.id)
            if not m:
                continue
            by_par.setdefault(int(m.group(1)), []).append(s)
            s.provenance = PROV_SEED.format(n=int(m.group(1)))
        for n, text in enumerate(paragraphs, 1):
            if not text.strip():
                continue
            segs = by_par.get(n)
            if n in skip:
                if segs:
                    problems.add(d["path"], 1, None,
                                 f"seed paragraph {n} is listed in skip_paragraphs but has segments")
                continue
            if not segs:
                problems.add(d["path"], 1, None, f"seed paragraph {n} has no segments")
                continue
            nums = [int(SEED_ID.match(s.id).group(2)) for s in segs]
            if nums != list(range(1, len(segs) + 1)):
                problems.add(segs[0].path, segs[0].line, segs[0].id,
                             f"paragraph {n} sentence numbers are {nums}; expected 1..{len(segs)} in order")
            joined = " ".join((s.mt or "") for s in segs)
            if joined != text:
                k = next((i for i, (a, b) in enumerate(zip(joined, text)) if a != b), min(len(joined), len(text)))
                problems.add(segs[0].path, segs[0].line, segs[0].id,
                             f"the mt fields of paragraph {n} do not rejoin to the seed text; first difference at "
                             f"character {k}: {joined[k:k + 40]!r} vs {text[k:k + 40]!r}")
        extra = sorted(set(by_par) - set(range(1, len(paragraphs) + 1)))
        if extra:
            problems.add(d["path"], 1, None, f"segments for paragraphs {extra} that the seed does not have")


# ----------------------------------------------------------------- terms
def annotate(segments: List[Segment], glossary: Glossary, problems: Problems) -> Dict[str, List[str]]:
    """Parse marks, resolve entries, pair zh and en marks; fill ``zh``, ``en``, ``terms``.

    Returns ``{zh term: [segment ids]}`` for marked Chinese terms with no entry.
    """
    missing: Dict[str, List[str]] = {}
    for s in segments:
        s.zh, s.zh_marks, s.zh_candidates, err = parse_marks(s.zh_raw)
        if err:
            problems.add(s.path, s.line, s.id, f"field 'zh': {err}")
            continue
        s.en, s.en_marks, _, err = parse_marks(s.en_raw)
        if err:
            problems.add(s.path, s.line, s.id, f"field 'en': {err}")
            continue
        if s.mt is not None and any(b in s.mt for b in ("[[", "]]", "{{", "}}")):
            problems.add(s.path, s.line, s.id, "field 'mt' must not hold marks")
        if not s.provenance:
            s.provenance = PROV_GENERAL
        entries: List[Optional[TermEntry]] = []
        for zm in s.zh_marks:
            e = glossary.lookup_zh(zm.text)
            if e is None:
                missing.setdefault(zm.text, []).append(s.id)
            entries.append(e)
        if any(e is None for e in entries):
            continue
        if len(s.zh_marks) != len(s.en_marks):
            problems.add(s.path, s.line, s.id,
                         f"{len(s.zh_marks)} zh mark(s) {[m.text for m in s.zh_marks]} but "
                         f"{len(s.en_marks)} en mark(s) {[m.text for m in s.en_marks]}")
            continue
        paired: List[Optional[Mark]] = [None] * len(s.zh_marks)
        ok = True
        for em in s.en_marks:
            chosen = None
            for i, zm in enumerate(s.zh_marks):
                if paired[i] is not None or zm.key != em.key:
                    continue
                status = rendering_status(entries[i], em.text)
                if em.key is not None or status is not None:
                    chosen = (i, status)
                    break
            if chosen is None:
                cands = ", ".join(f"{e.id}: {e.preferred.en!r}" for e, p in zip(entries, paired) if p is None)
                problems.add(s.path, s.line, s.id,
                             f"en mark [[{em.text}]] is no preferred/admitted rendering (or inflection) of an "
                             f"unpaired zh mark's entry ({cands})")
                ok = False
                continue
            i, status = chosen
            if status is None:
                problems.add(s.path, s.line, s.id,
                             f"en mark [[{em.text}|{em.key}]] is not a rendering of {entries[i].id} "
                             f"(preferred {entries[i].preferred.en!r})")
                ok = False
            elif status not in (Status.PREFERRED, Status.ADMITTED):
                problems.add(s.path, s.line, s.id,
                             f"en mark [[{em.text}]] is a {status.value} rendering of {entries[i].id}; "
                             f"use {entries[i].preferred.en!r}")
                ok = False
            paired[i] = em
        if not ok:
            continue
        s.terms = []
        for zm, em, e in sorted(zip(s.zh_marks, paired, entries), key=lambda t: t[0].start):
            assert em is not None and e is not None
            s.terms.append(OrderedDict([
                ("entry_id", e.id), ("zh", zm.text), ("zh_start", zm.start), ("zh_end", zm.end),
                ("en", em.text), ("en_start", em.start), ("en_end", em.end),
            ]))
    return missing


def unmarked_terms(segments: List[Segment], glossary: Glossary) -> List[Tuple[str, str, str]]:
    """Termbase terms the matcher finds in a zh sentence outside every marked span."""
    matcher = TermMatcher(glossary, lang="zh")
    out = []
    for s in segments:
        spans = [(t["zh_start"], t["zh_end"]) for t in s.terms]
        for m in matcher.find(s.zh):
            if not any(a < m.end and m.start < b for a, b in spans):
                out.append((s.id, m.entry_id, m.text))
    return out


def candidate_terms(segments: List[Segment], glossary: Glossary) -> Dict[str, Tuple[List[str], Optional[str]]]:
    """``{{...}}`` candidates: zh text -> (segment ids, entry id if the termbase now has it)."""
    out: Dict[str, Tuple[List[str], Optional[str]]] = {}
    for s in segments:
        for c in s.zh_candidates:
            ids, _ = out.setdefault(c.text, ([], None))
            ids.append(s.id)
    for text, (ids, _) in list(out.items()):
        e = glossary.lookup_zh(text)
        out[text] = (ids, e.id if e else None)
    return out


# ----------------------------------------------------------------- output
def _jsonl(rows: Sequence[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def render(segments: List[Segment], *, source_dir: Path = SOURCE_DIR) -> Dict[str, str]:
    """File name (relative to the bench folder) -> content."""
    order = {"seed": 0, "general": 1}
    ordered = sorted(segments, key=lambda s: (order[s.subset], s.doc))  # stable: source order within a doc
    files: Dict[str, str] = {}
    for split in SPLITS:
        rows = [OrderedDict([
            ("id", s.id), ("doc", s.doc), ("subset", s.subset), ("zh", s.zh), ("en", s.en),
            ("terms", s.terms), ("provenance", s.provenance),
        ]) for s in ordered if s.split == split]
        files[f"{split}.jsonl"] = _jsonl(rows)
    files["systems/seed-mt.jsonl"] = _jsonl(
        [OrderedDict([("id", s.id), ("en", s.mt)]) for s in ordered if s.subset == "seed"])
    sources = sorted(source_dir.glob("*.yaml"))
    digests = {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in files.items()}
    for p in sources:
        digests[f"source/{p.name}"] = hashlib.sha256(p.read_bytes()).hexdigest()
    files["MANIFEST"] = "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))
    return files


def seed_coverage(segments: List[Segment], seed_glossary: Glossary) -> Dict[str, int]:
    counts = Counter(t["entry_id"] for s in segments for t in s.terms)
    return {e.id: counts.get(e.id, 0) for e in seed_glossary}


def summary(segments: List[Segment], coverage: Dict[str, int], admitted: int) -> str:
    lines = []
    for split in SPLITS:
        for subset in SUBSETS:
            segs = [s for s in segments if s.split == split and s.subset == subset]
            if segs:
                lines.append(f"{split}/{subset}: {len(segs)} segments, {len({s.doc for s in segs})} documents, "
                             f"{sum(len(s.terms) for s in segs)} term annotations")
    total_terms = sum(len(s.terms) for s in segments)
    lines.append(f"total: {len(segments)} segments, {total_terms} term annotations, "
                 f"{len({t['entry_id'] for s in segments for t in s.terms})} distinct entries, "
                 f"{admitted} annotations use an admitted (not preferred) rendering")
    if coverage:
        low = {k: v for k, v in coverage.items() if v < MIN_SEED_TERM_OCCURRENCES}
        lines.append(f"seed termbase entries: {len(coverage)}; with >= {MIN_SEED_TERM_OCCURRENCES} "
                     f"annotations: {len(coverage) - len(low)}; min {min(coverage.values())}")
    return "\n".join(lines)


def build(*, termbase: Path = DEFAULT_TERMBASE, source_dir: Path = SOURCE_DIR, allow_incomplete: bool = False,
          ) -> Tuple[Dict[str, str], List[Segment], str, Dict[str, int], Glossary]:
    """Build every output file in memory.

    Returns (files: name -> content, segments, summary text, seed-entry counts, glossary).
    Raises :class:`BuildError` listing every problem found in the source.
    """
    problems = Problems()
    docs, segments = load_source(source_dir, problems)
    check_structure(docs, segments, problems, source_dir=source_dir)
    check_seed(docs, segments, problems)
    problems.raise_if_any("in the source structure")
    glossary = load_termbase(termbase)
    missing = annotate(segments, glossary, problems)
    if missing:
        problems.items.insert(0, f"{len(missing)} marked zh term(s) have no termbase entry: " + "; ".join(
            f"{t} ({', '.join(ids[:3])}{'...' if len(ids) > 3 else ''})" for t, ids in sorted(missing.items())))
    seed_file = termbase / SEED_TERMBASE_FILE if termbase.is_dir() else None
    coverage: Dict[str, int] = {}
    if seed_file is not None and seed_file.is_file():
        coverage = seed_coverage(segments, load_termbase(seed_file))
        low = {k: v for k, v in coverage.items() if v < MIN_SEED_TERM_OCCURRENCES}
        if low and not allow_incomplete:
            problems.add(seed_file, 1, None, f"{len(low)} seed term(s) annotated fewer than "
                         f"{MIN_SEED_TERM_OCCURRENCES} times: " + ", ".join(f"{k}={v}" for k, v in sorted(low.items())))
    if len(segments) < MIN_SEGMENTS and not allow_incomplete:
        problems.add(source_dir, 1, None, f"{len(segments)} segments; the benchmark needs at least {MIN_SEGMENTS}")
    problems.raise_if_any("in the annotations")
    admitted = 0
    for s in segments:
        for t in s.terms:
            if rendering_status(glossary.get(t["entry_id"]), t["en"]) is not Status.PREFERRED:
                admitted += 1
    return render(segments, source_dir=source_dir), segments, summary(segments, coverage, admitted), coverage, glossary


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--termbase", type=Path, default=DEFAULT_TERMBASE, help="termbase folder or file")
    ap.add_argument("--check", action="store_true", help="verify the files on disk instead of writing them")
    ap.add_argument("--unmarked", action="store_true",
                    help="list termbase terms found in zh sentences outside the marked spans")
    ap.add_argument("--candidates", action="store_true",
                    help="list {{...}} candidate terms (policy terms the termbase lacks)")
    ap.add_argument("--coverage", action="store_true", help="print annotation counts per seed entry")
    ap.add_argument("--allow-incomplete", action="store_true",
                    help="do not fail on seed-term coverage or the segment minimum (drafting only)")
    args = ap.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        files, segments, report, coverage, glossary = build(termbase=args.termbase,
                                                          allow_incomplete=args.allow_incomplete)
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a termbase error, an unreadable file: one line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.unmarked:
        rows = unmarked_terms(segments, glossary)
        for sid, eid, surface in rows:
            print(f"{sid}\t{eid}\t{surface}")
        print(f"{len(rows)} unmarked termbase term occurrence(s)", file=sys.stderr)
    if args.candidates:
        for zh, (ids, eid) in sorted(candidate_terms(segments, glossary).items()):
            state = f"now in the termbase as {eid}: mark it [[...]]" if eid else "not in the termbase"
            print(f"{zh}\t{len(ids)}\t{' '.join(ids)}\t{state}")
    if args.coverage:
        for eid, n in sorted(coverage.items(), key=lambda kv: (kv[1], kv[0])):
            print(f"{n:4d}  {eid}")
    if args.check:
        stale = [name for name, content in files.items()
                 if not (BENCH / name).is_file() or (BENCH / name).read_text(encoding="utf-8") != content]
        if stale:
            print("out of date (run build_bench.py): " + ", ".join(stale), file=sys.stderr)
            return 1
        print("policy_bench files are up to date\n" + report)
        return 0
    from bri_align.io import atomic_write_text

    for name, content in files.items():
        (BENCH / name).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(BENCH / name, content)
        (BENCH / name).chmod(0o644)  # data files: readable like the rest of the checkout
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
