"""``bri-align glossary build``: seeds + termbase -> glossary dataset, exports and audit
(layer L3: the build pipeline sits above :mod:`bri_align.matching`).

:func:`build_glossary` reads the seed documents (``.txt``/``.md``, English or
Chinese, detected per file), finds every termbase form in them, and writes into
one output folder, atomically (built in a temporary sibling and renamed into
place, so a failure leaves no half-built output).  :data:`OUTPUTS` is the one
table of what it writes (name, path, stage, writer, description): the writing
loop, the summary and ``build.json`` (``outputs``) and the dataset card's file
list all come from it.

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
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from .._version import __version__
from ..glossary import Glossary, GlossaryLike, as_glossary
from ..glossary.formats import export_glossary
from ..glossary.loader import default_termbase_path
from ..io import atomic_directory, atomic_write_text, check_output_dir
from ..matching import TermMatcher
from . import dataset as hfds
from .audit import Audit, audit_documents
from .candidates import Candidate, candidates_tsv, find_candidates
from .card import dataset_card, summary_markdown
from .seeds import SeedDocument, default_seeds_path, match_seed, read_seed, seed_files

__all__ = [
    "BuildOutput",
    "BuildSummary",
    "OUTPUTS",
    "SeedSummary",
    "build_glossary",
]

logger = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]


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


# ------------------------------------------------------------------ the outputs
@dataclass
class _Build:
    """What the writers of :data:`OUTPUTS` read: the computed build, not yet written."""

    glossary: Glossary
    bundled_termbase: bool
    bundled_seeds: bool
    docs: Sequence[SeedDocument]
    audit: Audit
    candidates: Sequence[Candidate]
    used_ids: Sequence[str]
    terms_rows: Sequence[Mapping[str, Any]]
    occurrence_rows: Sequence[Mapping[str, Any]]
    manifest: Dict[str, Any]
    written: Optional[Dict[str, Any]] = None  # what hfds.write_datasets returned


@dataclass(frozen=True)
class BuildOutput:
    """One file (or folder) a build writes."""

    name: str  # key in BuildSummary.outputs and in build.json "outputs"
    path: str  # relative to the output folder, '/'-separated
    stage: str  # the stage that writes it (see _Stages.NAMES)
    writer: Callable[[_Build, Path, "BuildOutput"], None]  # writes it under a folder
    description: str  # one line, for the dataset card
    needs_used_entries: bool = False  # written only when the seeds use some entry


def _write_datasets(b: _Build, root: Path, out: BuildOutput) -> None:
    # one call writes the four dataset outputs; the first of them runs it
    if b.written is None:
        b.written = hfds.write_datasets(root, terms_rows=b.terms_rows, occurrence_rows=b.occurrence_rows,
                                        progress=False)


def _write_export(b: _Build, root: Path, out: BuildOutput) -> None:
    subset = b.glossary.subset(b.used_ids, name=f"{b.glossary.name}-seeds")
    target = root / out.path
    target.parent.mkdir(parents=True, exist_ok=True)
    export_glossary(subset, format=out.name, path=target)


def _write_card(b: _Build, root: Path, out: BuildOutput) -> None:
    assert b.written is not None, "the datasets are written before the card"
    paths = b.written["paths"]
    card = dataset_card(
        glossary=b.glossary, bundled_termbase=b.bundled_termbase, bundled_seeds=b.bundled_seeds,
        datasets={name: b.written[name] for name in (hfds.TERMS, hfds.OCCURRENCES)},
        download_sizes={hfds.TERMS: paths["terms_parquet"].stat().st_size,
                        hfds.OCCURRENCES: paths["occurrences_parquet"].stat().st_size},
        summary_table=summary_markdown(b.docs, len(b.glossary), len(b.used_ids), b.audit),
        seed_names=[d.file for d in b.docs],
        files=[(o.path, o.description) for o in _outputs(bool(b.used_ids))])
    atomic_write_text(root / out.path, card)


def _write_audit_md(b: _Build, root: Path, out: BuildOutput) -> None:
    atomic_write_text(root / out.path, b.audit.to_markdown())


def _write_audit_json(b: _Build, root: Path, out: BuildOutput) -> None:
    atomic_write_text(root / out.path, json.dumps(b.audit.to_dict(), ensure_ascii=False, indent=2) + "\n")


def _write_candidates(b: _Build, root: Path, out: BuildOutput) -> None:
    atomic_write_text(root / out.path, candidates_tsv(b.candidates))


def _write_html(b: _Build, root: Path, out: BuildOutput) -> None:
    from ..glossary.formats.html import dump_html

    atomic_write_text(root / out.path, dump_html(b.glossary, occurrences=b.occurrence_rows))


def _write_manifest(b: _Build, root: Path, out: BuildOutput) -> None:
    atomic_write_text(root / out.path, json.dumps(b.manifest, ensure_ascii=False, indent=2) + "\n")


_DATASET_DESCRIPTIONS = {
    "terms_parquet": "the `terms` configuration (Parquet; `load_dataset(FOLDER, \"terms\")`)",
    "occurrences_parquet": "the `occurrences` configuration (Parquet; `load_dataset(FOLDER, \"occurrences\")`)",
}

#: Every output of a build, in the order the summary lists them.
OUTPUTS: Tuple[BuildOutput, ...] = (
    BuildOutput("card", "README.md", "write", _write_card, "this dataset card (YAML metadata + summary)"),
    *(BuildOutput(name, rel, "datasets", _write_datasets, _DATASET_DESCRIPTIONS[name])
      for name, rel in hfds.DATASET_FILES.items()),
    BuildOutput("audit_md", "audit.md", "write", _write_audit_md,
                "the audit: flagged renderings, inconsistencies, terms per seed"),
    BuildOutput("audit_json", "audit.json", "write", _write_audit_json, "the audit as JSON"),
    BuildOutput("candidates_tsv", "candidates.tsv", "write", _write_candidates,
                "phrases the termbase lacks, ranked"),
    BuildOutput("html", "glossary.html", "write", _write_html,
                "the glossary as one self-contained page: search, filters, evidence, seed occurrences"),
    BuildOutput("manifest", "build.json", "write", _write_manifest,
                "inputs (termbase, glossary signature, seed checksums) and counts"),
    BuildOutput("tbx", "exports/glossary.tbx", "exports", _write_export,
                "TBX v3 glossary of the entries the seeds use", needs_used_entries=True),
    BuildOutput("jsonl", "exports/glossary.jsonl", "exports", _write_export,
                "JSONL glossary of the entries the seeds use", needs_used_entries=True),
    BuildOutput("deepl", "exports/glossary.tsv", "exports", _write_export,
                "DeepL glossary (TSV) of the entries the seeds use", needs_used_entries=True),
)


def _outputs(entries_used: bool) -> Tuple[BuildOutput, ...]:
    return tuple(o for o in OUTPUTS if entries_used or not o.needs_used_entries)


# ------------------------------------------------------------------ output folder safety
def _check_out(out: Path, protected: Sequence[Path], *, force: bool) -> None:
    """Refuse, before anything is computed, what :func:`~bri_align.io.atomic_directory` would
    refuse at the end (an output folder that overlaps an input, '.', '..', '/', a file, and --
    unless ``force`` -- a folder holding files that no bri_align run wrote)."""
    check_output_dir(out, inputs=protected, force=force, field="out")


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


# ------------------------------------------------------------------ build
class _Stages:
    """Wall-clock time of each stage, and an optional tqdm bar over the stages."""

    NAMES = ("read", "match", "audit", "candidates", "datasets", "exports", "write")
    WRITING = ("datasets", "exports", "write")  # the stages of OUTPUTS, in writing order

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
    termbase: GlossaryLike = None,
    out: PathLike = "build/glossary",
    progress: bool = False,
    force: bool = False,
) -> BuildSummary:
    """Build the glossary dataset, exports, audit and candidate list (see module doc).

    ``seeds``: a folder of ``.txt``/``.md`` seeds or one file (None: the bundled
    seeds); ``termbase``: a YAML termbase file or folder, a ``.tbx``/``.jsonl``
    export or a :class:`Glossary` (None: the bundled termbase); ``out``: the output
    folder, written atomically (see :func:`bri_align.io.atomic_directory`): a previous
    build there is replaced; a folder holding other files is refused unless ``force``,
    and then only files bri_align wrote are replaced.  ``progress``: a tqdm bar on
    standard error.
    Raises :class:`~bri_align.errors.GlossaryError` for a broken termbase and
    :class:`~bri_align.errors.InputError` for missing, empty or non-UTF-8 seeds; in
    both cases nothing is written.
    """
    t0 = time.perf_counter()
    stages = _Stages(progress)
    try:
        # -- inputs (nothing is written before they all check out)
        stages.start("read")
        seeds_root = Path(seeds) if seeds is not None else default_seeds_path()
        files = seed_files(seeds_root)
        if termbase is None:
            termbase_root: Optional[Path] = default_termbase_path()
            glossary = as_glossary(termbase_root, field="termbase")
        elif isinstance(termbase, Glossary):
            termbase_root, glossary = None, termbase
        else:
            glossary = as_glossary(termbase, field="termbase")  # a located error for a wrong type
            termbase_root = Path(termbase)
        termbase_name = str(termbase_root) if termbase_root is not None else f"<glossary {glossary.name}>"
        out_path = Path(out)
        inputs = [seeds_root] + ([termbase_root] if termbase_root is not None else [])
        _check_out(out_path, inputs, force=force)
        docs = [read_seed(name, path) for name, path in files]
        stages.done("read")

        # -- matching
        stages.start("match")
        matchers: Dict[str, TermMatcher] = {}
        matched = []
        for doc in _iter(docs, progress=progress, desc="matching seeds"):
            if doc.lang not in matchers:
                matchers[doc.lang] = TermMatcher.for_glossary(glossary, lang=doc.lang)  # type: ignore[arg-type]
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

        outputs = _outputs(bool(used_ids))
        output_paths = tuple((o.name, str(out_path / o.path)) for o in outputs)
        seed_summaries = tuple(
            SeedSummary(file=d.file, lang=d.lang, paragraphs=len(d.paragraphs), sentences=d.n_sentences,
                        occurrences=len(d.occurrences), entries=len({o.entry_id for o in d.occurrences}),
                        flagged=sum(o.flagged for o in d.occurrences))
            for d in docs
        )

        def summary(timings: Sequence[Tuple[str, float]], elapsed: float) -> BuildSummary:
            return BuildSummary(
                out=str(out_path), seeds=str(seeds_root), termbase=termbase_name,
                glossary_name=glossary.name, glossary_signature=glossary.signature(), entries=len(glossary),
                entries_used=len(used_ids), seed_files=seed_summaries, occurrences=len(all_occ),
                flagged=len(audit.flagged), flagged_forms=flagged_forms,
                inconsistencies=len(audit.inconsistencies), candidates=len(candidates), outputs=output_paths,
                timings=tuple((k, round(v, 3)) for k, v in timings), elapsed_s=round(elapsed, 3))

        manifest = summary((), 0.0).to_dict()
        for k in ("timings", "elapsed_s"):
            manifest.pop(k)
        # build.json travels with the dataset: no absolute local path in it (the printed
        # summary keeps them); outputs are relative to the build folder
        manifest["out"] = "."
        manifest["seeds"] = "bundled seeds" if seeds is None else Path(str(seeds_root)).name
        manifest["termbase"] = "bundled termbase" if termbase is None else Path(str(termbase_name)).name
        manifest["outputs"] = {o.name: o.path for o in outputs}
        manifest["bri_align_version"] = __version__
        manifest["inputs"] = {
            "termbase": manifest["termbase"],
            "glossary_signature": glossary.signature(),
            "seeds": [{"file": d.file, "sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
                       "chars": len(d.text), "lang": d.lang} for d in docs],
        }
        built = _Build(glossary=glossary, bundled_termbase=termbase is None, bundled_seeds=seeds is None,
                       docs=docs, audit=audit, candidates=candidates, used_ids=used_ids, terms_rows=terms_rows,
                       occurrence_rows=occ_rows, manifest=manifest)

        # -- write everything into a temporary folder, renamed into place at the end
        created = _missing_ancestors(out_path)
        try:
            with atomic_directory(out_path, force=force, inputs=inputs) as tmp:
                for stage in _Stages.WRITING:
                    stages.start(stage)
                    for o in outputs:
                        if o.stage == stage:
                            o.writer(built, tmp, o)
                    stages.done(stage)
        except BaseException:
            _remove_empty(created)
            raise
    finally:
        stages.close()
    result = summary(stages.timings, time.perf_counter() - t0)
    logger.info("glossary build: %d occurrences, %d flagged, %.2f s", result.occurrences, result.flagged,
                result.elapsed_s)
    return result
