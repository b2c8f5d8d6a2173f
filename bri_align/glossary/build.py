"""``bri-align glossary build``: seeds + termbase -> glossary dataset, exports and audit (layer L2).

:func:`build_glossary` reads the seed documents (``.txt``/``.md``, English or
Chinese, detected per file), finds every termbase form in them, and writes into
one output folder, atomically (built in a temporary sibling and renamed into
place, so a failure leaves no half-built output)::

    OUT/README.md                   dataset card (YAML metadata + summary)
    OUT/hf/terms/, OUT/hf/occurrences/          datasets.save_to_disk
    OUT/data/terms.parquet, OUT/data/occurrences.parquet
    OUT/exports/glossary.tbx, .jsonl, .tsv      entries the seeds use (TBX v3, JSONL, DeepL)
    OUT/audit.md, OUT/audit.json    flagged renderings, inconsistencies, terms per seed
    OUT/candidates.tsv              phrases the termbase lacks, ranked
    OUT/build.json                  inputs (checksums, glossary signature) and counts

Everything is computed before the output folder is touched; a broken termbase
or seed stops the build with a located error and creates nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from ..errors import InputError
from ..io import atomic_directory, atomic_write_text, read_text
from .audit import Audit, Occurrence, SeedDocument, audit_documents
from .candidates import Candidate, candidates_tsv, find_candidates
from .loader import default_termbase_path, load_termbase
from .model import Glossary

__all__ = [
    "BuildSummary",
    "SeedSummary",
    "build_glossary",
    "default_seeds_path",
    "seed_files",
    "read_seed",
    "match_seed",
    "SEED_SUFFIXES",
]

logger = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]

SEED_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
# Files of a seeds folder that describe it rather than being seeds.
_NOT_SEEDS = ("readme", "license", "licence", "changelog", "notice", "provenance")
EXPORT_FORMATS = (("tbx", "glossary.tbx"), ("jsonl", "glossary.jsonl"), ("deepl", "glossary.tsv"))


# ------------------------------------------------------------------ summary records
@dataclass(frozen=True)
class SeedSummary:
    file: str
    lang: str
    paragraphs: int
    sentences: int
    occurrences: int
    entries: int
    flagged: int

    def to_dict(self) -> Dict[str, Any]:
        return {"file": self.file, "lang": self.lang, "paragraphs": self.paragraphs,
                "sentences": self.sentences, "occurrences": self.occurrences, "entries": self.entries,
                "flagged": self.flagged}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "SeedSummary":
        return cls(file=d["file"], lang=d["lang"], paragraphs=int(d["paragraphs"]),
                   sentences=int(d["sentences"]), occurrences=int(d["occurrences"]),
                   entries=int(d["entries"]), flagged=int(d["flagged"]))


@dataclass(frozen=True)
class BuildSummary:
    """What a build read, found and wrote."""

    out: str
    seeds: str
    termbase: str
    glossary_name: str
    glossary_signature: str
    entries: int
    entries_used: int
    seed_files: Tuple[SeedSummary, ...]
    occurrences: int
    flagged: int
    flagged_forms: Tuple[Tuple[str, str, str, int], ...]  # (entry_id, form used, preferred, count)
    inconsistencies: int
    candidates: int
    outputs: Tuple[Tuple[str, str], ...]  # (name, path)
    timings: Tuple[Tuple[str, float], ...] = ()  # (stage, seconds)
    elapsed_s: float = 0.0

    @property
    def output_paths(self) -> Dict[str, Path]:
        return {k: Path(v) for k, v in self.outputs}

    def to_dict(self) -> Dict[str, Any]:
        return {
            "out": self.out,
            "seeds": self.seeds,
            "termbase": self.termbase,
            "glossary_name": self.glossary_name,
            "glossary_signature": self.glossary_signature,
            "entries": self.entries,
            "entries_used": self.entries_used,
            "seed_files": [s.to_dict() for s in self.seed_files],
            "occurrences": self.occurrences,
            "flagged": self.flagged,
            "flagged_forms": [{"entry_id": e, "form": f, "preferred": p, "count": c}
                              for e, f, p, c in self.flagged_forms],
            "inconsistencies": self.inconsistencies,
            "candidates": self.candidates,
            "outputs": dict(self.outputs),
            "timings": {k: round(v, 3) for k, v in self.timings},
            "elapsed_s": round(self.elapsed_s, 3),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "BuildSummary":
        return cls(
            out=d["out"], seeds=d["seeds"], termbase=d["termbase"], glossary_name=d["glossary_name"],
            glossary_signature=d["glossary_signature"], entries=int(d["entries"]),
            entries_used=int(d["entries_used"]),
            seed_files=tuple(SeedSummary.from_dict(s) for s in d.get("seed_files", ())),
            occurrences=int(d["occurrences"]), flagged=int(d["flagged"]),
            flagged_forms=tuple((f["entry_id"], f["form"], f["preferred"], int(f["count"]))
                                for f in d.get("flagged_forms", ())),
            inconsistencies=int(d["inconsistencies"]), candidates=int(d["candidates"]),
            outputs=tuple((k, v) for k, v in dict(d.get("outputs", {})).items()),
            timings=tuple((k, float(v)) for k, v in dict(d.get("timings", {})).items()),
            elapsed_s=float(d.get("elapsed_s", 0.0)),
        )

    def format_text(self, *, max_flagged: int = 12) -> str:
        """A short human summary."""
        lines = [f"glossary build: {self.out}"]
        lines.append(f"  termbase          {self.termbase} ({self.entries} entries)")
        lines.append(f"  seeds             {self.seeds} ({len(self.seed_files)} file"
                     f"{'' if len(self.seed_files) == 1 else 's'})")
        lines.append("")
        header = ("seed", "lang", "paragraphs", "sentences", "occurrences", "entries", "flagged")
        rows = [(s.file, s.lang, str(s.paragraphs), str(s.sentences), str(s.occurrences), str(s.entries),
                 str(s.flagged)) for s in self.seed_files]
        widths = [max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in enumerate(header)]
        fmt_row = lambda r: "  " + "  ".join(  # noqa: E731
            c.ljust(w) if k < 2 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths)))
        lines.append(fmt_row(header))
        lines.extend(fmt_row(r) for r in rows)
        lines.append("")
        lines.append(f"  entries used      {self.entries_used} of {self.entries}")
        lines.append(f"  occurrences       {self.occurrences}")
        lines.append(f"  flagged           {self.flagged} (deprecated, superseded or literal renderings)")
        for eid, form, preferred, count in self.flagged_forms[:max_flagged]:
            lines.append(f"    {form!r} x{count} -> {preferred!r}  [{eid}]")
        if len(self.flagged_forms) > max_flagged:
            lines.append(f"    ... {len(self.flagged_forms) - max_flagged} more in audit.md")
        lines.append(f"  inconsistencies   {self.inconsistencies} (concepts rendered several ways in one seed)")
        lines.append(f"  candidate terms   {self.candidates}")
        lines.append("")
        lines.append("  outputs")
        for name, path in self.outputs:
            lines.append(f"    {name:<20}{path}")
        lines.append("")
        timing = ", ".join(f"{k} {v:.2f}s" for k, v in self.timings)
        lines.append(f"  elapsed           {self.elapsed_s:.2f} s" + (f" ({timing})" if timing else ""))
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ seeds
def default_seeds_path() -> Path:
    """The bundled seeds: ``seeds/`` of a source checkout, else the copy installed
    inside the package (``bri_align/data/seeds``)."""
    here = Path(__file__).resolve().parent.parent
    candidates = [here.parent / "seeds", here / "data" / "seeds"]
    for c in candidates:
        if c.is_dir() and any(_is_seed(p) for p in c.rglob("*")):
            return c
    raise InputError("the bundled seeds were not found (looked in "
                     + ", ".join(str(c) for c in candidates) + "); pass a seeds folder explicitly",
                     field="seeds")


def _is_seed(p: Path) -> bool:
    if not p.is_file() or p.suffix.lower() not in SEED_SUFFIXES:
        return False
    if p.name.startswith((".", "_")):
        return False
    return not p.stem.lower().startswith(_NOT_SEEDS)


def seed_files(path: PathLike) -> List[Tuple[str, Path]]:
    """``(relative name, path)`` of every seed under ``path`` (a file or a folder), sorted.

    A folder is searched recursively for ``.txt``/``.md`` files; hidden files and
    README/LICENSE-like files (which describe the seeds) are skipped.
    """
    root = Path(path)
    if not root.exists():
        raise InputError("seeds path not found; give a folder of .txt/.md seed documents or one such file",
                         path=str(root), field="seeds")
    if root.is_file():
        if root.suffix.lower() not in SEED_SUFFIXES:
            raise InputError(f"a seed must be a .txt or .md file, got '{root.suffix or 'no suffix'}'",
                             path=str(root), field="seeds")
        return [(root.name, root)]
    found = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts[:-1]):
            continue
        if _is_seed(p):
            found.append((rel.as_posix(), p))
    if not found:
        raise InputError("no seed documents (.txt or .md files) in this folder; add some or pass another "
                         "--seeds path", path=str(root), field="seeds")
    return found


def read_seed(name: str, path: Path) -> SeedDocument:
    """Read, check and segment one seed file (no matching yet)."""
    from ..text.lang import detect_language
    from ..text.segment import segment

    text = read_text(path, what="seed file")
    fmt = SEED_SUFFIXES[path.suffix.lower()]
    paragraphs = segment(text, fmt=fmt)  # type: ignore[arg-type]
    if not paragraphs:
        raise InputError("the seed file has no text; remove it or fill it", path=str(path), field="seeds")
    lang = detect_language("\n".join(p.text for p in paragraphs)) or "en"
    return SeedDocument(file=name, path=str(path), lang=lang, fmt=fmt, text=text, paragraphs=tuple(paragraphs))


def match_seed(doc: SeedDocument, matcher: Any, glossary: Glossary) -> SeedDocument:
    """Find every termbase form in ``doc``; return it with its occurrences.

    Occurrences are the leftmost-longest matches.  For English seeds, the forms of
    other entries nested inside an occurrence are kept in ``doc.nested`` for the
    consistency check of the audit.
    """
    from dataclasses import replace

    def occurrence(p: Any, m: Any) -> Occurrence:
        start, end = p.start + m.start, p.start + m.end
        entry = glossary.get(m.entry_id)
        sentence = p.sentence_at(start)
        literal, reason = False, ""
        if doc.lang == "en":
            r = entry.rendering(m.form)
            if r is not None:
                literal, reason = r.literal, r.reason
        return Occurrence(
            file=doc.file, lang=doc.lang, line=p.line, paragraph=p.index, sentence=sentence.index,
            char_start=start, char_end=end, text=doc.text[start:end], entry_id=m.entry_id, zh=entry.zh,
            form=m.form, status=m.status, literal=literal, reason=reason, preferred=entry.preferred.en,
            alternatives=tuple(m.alternatives), context=doc.text[sentence.start:sentence.end],
        )

    occurrences: List[Occurrence] = []
    nested: List[Occurrence] = []
    for p in doc.paragraphs:
        chosen = matcher.find(p.text)
        occurrences.extend(occurrence(p, m) for m in chosen)
        if doc.lang != "en" or not chosen:
            continue
        # forms of other entries strictly inside a chosen (longest) match
        inner = {}
        for h in matcher.find(p.text, all_matches=True):
            key = (h.start, h.end, h.entry_id)
            if key in inner:
                continue
            for m in chosen:
                if (m.start <= h.start and h.end <= m.end and (h.start, h.end) != (m.start, m.end)
                        and h.entry_id != m.entry_id):
                    inner[key] = h
                    break
        # of two nested forms of one entry, one inside the other, keep the longer
        for (s, e, eid), h in inner.items():
            if not any(eid == eid2 and s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, eid2 in inner):
                nested.append(occurrence(p, h))
    return replace(doc, occurrences=tuple(occurrences), nested=tuple(nested))


# ------------------------------------------------------------------ output folder safety
def _inside(a: Path, b: Path) -> bool:
    """Is ``a`` equal to or inside ``b``?"""
    return a == b or b in a.parents


def _check_out(out: Path, protected: Sequence[Path]) -> None:
    res = out.resolve()
    for p in protected:
        pr = p.resolve()
        if _inside(res, pr) or _inside(pr, res):
            raise InputError(f"the output folder overlaps the input {p}; choose an --out folder outside it",
                             path=str(out), field="out")
    if out.exists():
        if not out.is_dir():
            raise InputError("the output path exists and is not a folder; choose another --out",
                             path=str(out), field="out")
        if any(out.iterdir()) and not (out / "build.json").is_file():
            raise InputError("the output folder exists and is not a previous glossary build (no build.json); "
                             "it would be replaced: choose another --out or remove it", path=str(out),
                             field="out")


def _missing_ancestors(out: Path) -> List[Path]:
    missing = []
    p = out.resolve().parent
    while not p.exists():
        missing.append(p)
        p = p.parent
    return missing  # deepest first


def _remove_empty(dirs: Sequence[Path]) -> None:
    for d in dirs:
        try:
            d.rmdir()
        except OSError:
            break


# ------------------------------------------------------------------ card
def _size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "1M<n<10M"


def dataset_card(*, glossary: Glossary, bundled_termbase: bool, bundled_seeds: bool, n_terms: int,
                 n_occurrences: int,
                 terms_features: Any, occurrences_features: Any, summary_table: str,
                 seed_names: Sequence[str]) -> str:
    """The README.md dataset card: YAML metadata (``configs`` point at ``data/*.parquet``) + text."""
    import yaml

    def yaml_features(features: Any) -> Any:
        to_yaml = getattr(features, "_to_yaml_list", None)  # the Hub's card format
        return to_yaml() if to_yaml is not None else None

    meta: Dict[str, Any] = {
        "pretty_name": "bri_align policy terminology glossary (zh-en)",
        "language": ["zh", "en"],
        "license": "cc-by-4.0" if bundled_termbase else "other",
        "task_categories": ["translation", "token-classification"],
        "tags": ["terminology", "glossary", "policy", "machine-translation-evaluation"],
        "size_categories": [_size_category(max(n_terms, n_occurrences))],
        "configs": [
            {"config_name": "terms", "data_files": [{"split": "train", "path": "data/terms.parquet"}],
             "default": True},
            {"config_name": "occurrences",
             "data_files": [{"split": "train", "path": "data/occurrences.parquet"}]},
        ],
    }
    info = []
    for name, feats, n in (("terms", terms_features, n_terms), ("occurrences", occurrences_features,
                                                                 n_occurrences)):
        yf = yaml_features(feats)
        if yf is not None:
            info.append({"config_name": name, "features": yf, "splits": [{"name": "train", "num_examples": n}]})
    if info:
        meta["dataset_info"] = info
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    licence = (
        "The `terms` configuration is the bri_align termbase, written by the bri_align project "
        "(CC BY 4.0; see `corpora/termbase/README.md`)." if bundled_termbase else
        "The `terms` configuration comes from a user-supplied termbase; its licence is that of the termbase."
    )
    seeds = ", ".join(f"`{s}`" for s in seed_names)
    seed_note = (" (the bundled seed is an English machine translation of a published Chinese interview; "
                 "see `seeds/` of bri_align)" if bundled_seeds else "")
    body = f"""
# bri_align policy terminology glossary (zh-en)

Built by `bri-align glossary build` (bri_align) from the termbase `{glossary.name}` and the seed
documents {seeds}. Glossary signature: `{glossary.signature()}`.

## Configurations

- **terms**: one row per termbase entry: Chinese term and variants, pinyin, category, definition,
  English renderings with their TBX administrative status (`preferred`, `admitted`, `deprecated`,
  `superseded`), the reason a rendering is discouraged, whether it is a literal (word-for-word)
  rendering, sources, and how often the entry occurs in the seeds (`seed_occurrences`).
- **occurrences**: one row per occurrence of a termbase form in a seed document: file, line,
  paragraph and sentence index (0-based; the sentence index counts within its paragraph), character
  offsets into the seed file text (`text == seed[char_start:char_end]`), the matched form, its status,
  whether it is flagged (deprecated, superseded or literal) and the preferred rendering, with the
  sentence as context.

```python
from datasets import load_dataset
terms = load_dataset("parquet", data_files={{"train": "data/terms.parquet"}})["train"]
# or: datasets.load_from_disk("hf/terms"); bri_align.glossary.dataset.load_built_glossary(".")
```

## Summary

{summary_table}

## Provenance and licence

{licence} The `occurrences` configuration quotes sentences of the seed documents as evidence of
usage; those sentences keep the rights of the seed documents' owners{seed_note}. Entries marked
`verified: false` are ones the project is not sure of. Nothing here is an official glossary.

Files: `audit.md`/`audit.json` (flagged renderings, inconsistencies, terms per seed),
`candidates.tsv` (phrases the termbase lacks), `exports/` (TBX v3, JSONL and DeepL glossaries of the
entries the seeds use), `build.json` (inputs and their checksums).
"""
    return "---\n" + front + "---\n" + body


def _summary_markdown(docs: Sequence[SeedDocument], entries: int, used: int, audit: Audit) -> str:
    lines = ["| seed | lang | paragraphs | sentences | occurrences | flagged |", "|---|---|---:|---:|---:|---:|"]
    for d in docs:
        lines.append(f"| {d.file} | {d.lang} | {len(d.paragraphs)} | {d.n_sentences} | {len(d.occurrences)} | "
                     f"{sum(o.flagged for o in d.occurrences)} |")
    lines.append("")
    lines.append(f"Entries: {entries}; used by the seeds: {used}; flagged renderings: {len(audit.flagged)}; "
                 f"inconsistencies: {len(audit.inconsistencies)}; candidate terms: {len(audit.candidates)}.")
    return "\n".join(lines)


# ------------------------------------------------------------------ build
class _Stages:
    """Wall-clock time of each stage, and an optional tqdm bar over the stages."""

    NAMES = ("read", "match", "audit", "candidates", "datasets", "exports", "write")

    def __init__(self, progress: bool) -> None:
        self.timings: List[Tuple[str, float]] = []
        self._bar = None
        if progress:
            from tqdm import tqdm

            self._bar = tqdm(total=len(self.NAMES), desc="glossary build", unit="step", file=sys.stderr)
        self._t = time.perf_counter()

    def start(self, name: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(name)

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.timings.append((name, now - self._t))
        self._t = now
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _iter(items: Sequence[Any], *, progress: bool, desc: str) -> Any:
    if not progress or len(items) < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="file", leave=False, file=sys.stderr)


def build_glossary(
    *,
    seeds: Optional[PathLike] = None,
    termbase: Optional[PathLike] = None,
    out: PathLike = "build/glossary",
    progress: bool = False,
) -> BuildSummary:
    """Build the glossary dataset, exports, audit and candidate list (see module doc).

    ``seeds``: a folder of ``.txt``/``.md`` seeds or one file (None: the bundled
    seeds); ``termbase``: a YAML termbase file or folder (None: the bundled one);
    ``out``: the output folder, replaced atomically (an existing folder must be a
    previous build).  Raises :class:`~bri_align.errors.GlossaryError` for a broken
    termbase and :class:`~bri_align.errors.InputError` for missing, empty or
    non-UTF-8 seeds; in both cases nothing is written.
    """
    from ..matching import TermMatcher
    from . import dataset as hfds

    t0 = time.perf_counter()
    stages = _Stages(progress)
    try:
        # -- inputs (nothing is written before they all check out)
        stages.start("read")
        seeds_root = Path(seeds) if seeds is not None else default_seeds_path()
        files = seed_files(seeds_root)
        termbase_root = Path(termbase) if termbase is not None else default_termbase_path()
        glossary = load_termbase(termbase_root)
        out_path = Path(out)
        _check_out(out_path, [seeds_root, termbase_root])
        docs = [read_seed(name, path) for name, path in files]
        stages.done("read")

        # -- matching
        stages.start("match")
        matchers: Dict[str, Any] = {}
        matched = []
        for doc in _iter(docs, progress=progress, desc="matching seeds"):
            if doc.lang not in matchers:
                matchers[doc.lang] = TermMatcher(glossary, lang=doc.lang)  # type: ignore[arg-type]
            matched.append(match_seed(doc, matchers[doc.lang], glossary))
        docs = matched
        stages.done("match")

        # -- candidates and audit
        stages.start("candidates")
        candidates: List[Candidate] = find_candidates(docs, matchers=matchers)
        stages.done("candidates")
        stages.start("audit")
        audit = audit_documents(docs, glossary, candidates=candidates)
        stages.done("audit")

        all_occ = [o for d in docs for o in d.occurrences]
        per_entry = Counter(o.entry_id for o in all_occ)
        per_rendering: Dict[str, Counter] = {}
        for o in all_occ:
            if o.lang == "en":
                per_rendering.setdefault(o.entry_id, Counter())[o.form] += 1
        used_ids = [e.id for e in glossary if per_entry.get(e.id)]
        terms_rows = [hfds.entry_to_row(e, seed_occurrences=per_entry.get(e.id, 0),
                                        rendering_counts=per_rendering.get(e.id)) for e in glossary]
        occ_rows = [hfds.occurrence_to_row(o) for o in all_occ]
        flagged_counts = Counter((o.entry_id, o.form, o.preferred)
                                 for o in audit.flagged)
        flagged_forms = tuple((e, f, p, c) for (e, f, p), c in flagged_counts.items())

        rel_outputs: List[Tuple[str, str]] = [
            ("card", "README.md"),
            ("terms_hf", "hf/terms"),
            ("occurrences_hf", "hf/occurrences"),
            ("terms_parquet", "data/terms.parquet"),
            ("occurrences_parquet", "data/occurrences.parquet"),
            ("audit_md", "audit.md"),
            ("audit_json", "audit.json"),
            ("candidates_tsv", "candidates.tsv"),
            ("manifest", "build.json"),
        ]
        if used_ids:
            rel_outputs += [(fmt, f"exports/{name}") for fmt, name in EXPORT_FORMATS]
        outputs = tuple((k, str(out_path / v)) for k, v in rel_outputs)
        seed_summaries = tuple(
            SeedSummary(file=d.file, lang=d.lang, paragraphs=len(d.paragraphs), sentences=d.n_sentences,
                        occurrences=len(d.occurrences), entries=len({o.entry_id for o in d.occurrences}),
                        flagged=sum(o.flagged for o in d.occurrences))
            for d in docs
        )

        def summary(timings: Sequence[Tuple[str, float]], elapsed: float) -> BuildSummary:
            return BuildSummary(
                out=str(out_path), seeds=str(seeds_root), termbase=str(termbase_root),
                glossary_name=glossary.name, glossary_signature=glossary.signature(), entries=len(glossary),
                entries_used=len(used_ids), seed_files=seed_summaries, occurrences=len(all_occ),
                flagged=len(audit.flagged), flagged_forms=flagged_forms,
                inconsistencies=len(audit.inconsistencies), candidates=len(candidates), outputs=outputs,
                timings=tuple((k, round(v, 3)) for k, v in timings), elapsed_s=round(elapsed, 3))

        # -- write everything into a temporary folder, renamed into place at the end
        created = _missing_ancestors(out_path)
        try:
            with atomic_directory(out_path) as tmp:
                stages.start("datasets")
                written = hfds.write_datasets(tmp, terms_rows=terms_rows, occurrence_rows=occ_rows,
                                              progress=False)
                stages.done("datasets")

                stages.start("exports")
                if used_ids:
                    from .formats import export_glossary

                    subset = glossary.subset(used_ids, name=f"{glossary.name}-seeds")
                    (tmp / "exports").mkdir()
                    for fmt, name in EXPORT_FORMATS:
                        export_glossary(subset, format=fmt, path=tmp / "exports" / name)
                stages.done("exports")

                stages.start("write")
                card = dataset_card(
                    glossary=glossary, bundled_termbase=termbase is None, bundled_seeds=seeds is None,
                    n_terms=len(terms_rows),
                    n_occurrences=len(occ_rows), terms_features=written[hfds.TERMS].features,
                    occurrences_features=written[hfds.OCCURRENCES].features,
                    summary_table=_summary_markdown(docs, len(glossary), len(used_ids), audit),
                    seed_names=[d.file for d in docs])
                atomic_write_text(tmp / "README.md", card)
                atomic_write_text(tmp / "audit.md", audit.to_markdown())
                atomic_write_text(tmp / "audit.json",
                                  json.dumps(audit.to_dict(), ensure_ascii=False, indent=2) + "\n")
                atomic_write_text(tmp / "candidates.tsv", candidates_tsv(candidates))
                manifest = summary((), 0.0).to_dict()
                for k in ("timings", "elapsed_s"):
                    manifest.pop(k)
                manifest["bri_align_version"] = _version()
                manifest["inputs"] = {
                    "termbase": str(termbase_root),
                    "glossary_signature": glossary.signature(),
                    "seeds": [{"file": d.file, "sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
                               "chars": len(d.text), "lang": d.lang} for d in docs],
                }
                atomic_write_text(tmp / "build.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
                stages.done("write")
        except BaseException:
            _remove_empty(created)
            raise
    finally:
        stages.close()
    result = summary(stages.timings, time.perf_counter() - t0)
    logger.info("glossary build: %d occurrences, %d flagged, %.2f s", result.occurrences, result.flagged,
                result.elapsed_s)
    return result


def _version() -> str:
    from .._version import __version__

    return __version__
