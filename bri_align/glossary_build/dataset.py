"""The glossary as a Hugging Face dataset: features, export and loading (layer L3, part
of the glossary build).

A build writes two configurations, each as one Parquet file, the one stored copy,
laid out as the Hugging Face Hub expects (``data/<config>/<split>-NNNNN-of-NNNNN.parquet``;
the card's ``configs`` point at them, so the build folder loads with
``load_dataset(OUT, "terms")`` and uploads to the Hub as it is; see
:func:`write_datasets`)::

    OUT/data/terms/train-00000-of-00001.parquet
    OUT/data/occurrences/train-00000-of-00001.parquet

``terms`` has one row per termbase entry; ``occurrences`` one row per occurrence
of a termbase form in a seed.  Both carry explicit :class:`datasets.Features`
(``ClassLabel`` for categories and statuses), which Parquet keeps in its schema
metadata.  The Parquet files carry no timestamp: two builds of the same input
give byte-identical files.

:func:`load_built_glossary` turns the ``terms`` rows back into
:class:`~bri_align.glossary.TermEntry` objects equal to the originals.

``datasets`` is imported inside the functions only (``import bri_align`` stays light).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, Mapping, Optional, Sequence, Union

from ..errors import InputError, MissingDependencyError
from ..glossary.entry import Evidence
from ..glossary.model import Category, Glossary, Rendering, Source, Status, TermEntry
from .seeds import Occurrence

__all__ = [
    "TERMS",
    "OCCURRENCES",
    "terms_features",
    "occurrences_features",
    "entry_to_row",
    "row_to_entry",
    "occurrence_to_row",
    "write_datasets",
    "glossary_from_dataset",
    "glossary_from_rows",
    "load_built_glossary",
    "dataset_paths",
    "DATASET_FILES",
    "DATA_FILE_PATTERNS",
    "SPLIT",
]

PathLike = Union[str, "os.PathLike[str]"]

TERMS = "terms"
OCCURRENCES = "occurrences"
CATEGORY_NAMES = [c.value for c in Category]
STATUS_NAMES = [s.value for s in Status]
# output name -> path under the build folder, of each file :func:`write_datasets` writes
SPLIT = "train"
DATASET_FILES = {
    "terms_parquet": f"data/{TERMS}/{SPLIT}-00000-of-00001.parquet",
    "occurrences_parquet": f"data/{OCCURRENCES}/{SPLIT}-00000-of-00001.parquet",
}
# the card's data_files pattern of each configuration (the Hub's shard naming)
DATA_FILE_PATTERNS = {TERMS: f"data/{TERMS}/{SPLIT}-*.parquet",
                      OCCURRENCES: f"data/{OCCURRENCES}/{SPLIT}-*.parquet"}


def _datasets():
    try:
        import datasets
    except ImportError:  # pragma: no cover - datasets is a core dependency
        raise MissingDependencyError("datasets", "all", "the glossary dataset") from None
    return datasets


def _list(feature: Any) -> Any:
    datasets = _datasets()
    cls = getattr(datasets, "List", None) or datasets.Sequence  # List is datasets >= 4
    return cls(feature)


def _source_feature() -> Dict[str, Any]:
    Value = _datasets().Value
    return {"authority": Value("string"), "citation": Value("string"), "url": Value("string")}


def terms_features():
    """Features of the ``terms`` configuration (one row per entry)."""
    datasets = _datasets()
    Value, ClassLabel = datasets.Value, datasets.ClassLabel
    rendering = {
        "en": Value("string"),
        "status": ClassLabel(names=STATUS_NAMES),
        "reason": Value("string"),
        "literal": Value("bool"),
        "seen_in_seed": Value("bool"),
        "valid_from": Value("string"),
        "valid_until": Value("string"),
        "source": _source_feature(),  # null when the rendering names no source
        "note": Value("string"),
        "evidence": _list({  # published uses of the rendering
            "authority": Value("string"),
            "kind": Value("string"),  # official, state media, media, other (derived from authority)
            "date": Value("string"),  # YYYY, YYYY-MM or YYYY-MM-DD; empty when the page has none
            "url": Value("string"),
            "quote": Value("string"),
        }),
        "attested": Value("bool"),  # whether the rendering has evidence
        "seed_count": Value("int32"),  # occurrences of this rendering in the seeds (derived)
    }
    return datasets.Features({
        "id": Value("string"),
        "zh": Value("string"),
        "zh_variants": _list(Value("string")),
        "pinyin": Value("string"),
        "category": ClassLabel(names=CATEGORY_NAMES),
        "definition": Value("string"),
        "en_preferred": Value("string"),
        "en_admitted": _list(Value("string")),
        "en_deprecated": _list(Value("string")),  # deprecated and superseded
        "renderings": _list(rendering),
        "sources": _list(_source_feature()),
        "verified": Value("bool"),
        "note": Value("string"),
        "seed_occurrences": Value("int32"),
    })


def occurrences_features():
    """Features of the ``occurrences`` configuration (one row per occurrence in a seed)."""
    datasets = _datasets()
    Value, ClassLabel = datasets.Value, datasets.ClassLabel
    return datasets.Features({
        "file": Value("string"),
        "lang": Value("string"),
        "line": Value("int32"),
        "paragraph": Value("int32"),
        "sentence": Value("int32"),
        "char_start": Value("int64"),
        "char_end": Value("int64"),
        "text": Value("string"),
        "entry_id": Value("string"),
        "zh": Value("string"),
        "form": Value("string"),
        "status": ClassLabel(names=STATUS_NAMES),
        "literal": Value("bool"),
        "flagged": Value("bool"),
        "reason": Value("string"),
        "preferred": Value("string"),
        "alternatives": _list(Value("string")),
        "context": Value("string"),
    })


# ------------------------------------------------------------------ rows
def _source_row(s: Source) -> Dict[str, str]:
    return {"authority": s.authority, "citation": s.citation, "url": s.url}


def entry_to_row(entry: TermEntry, *, seed_occurrences: int = 0,
                 rendering_counts: Optional[Mapping[str, int]] = None) -> Dict[str, Any]:
    """A ``terms`` row; ``rendering_counts`` maps a rendering's ``en`` to its seed count."""
    counts = rendering_counts or {}
    return {
        "id": entry.id,
        "zh": entry.zh,
        "zh_variants": list(entry.zh_variants),
        "pinyin": entry.pinyin,
        "category": entry.category.value,
        "definition": entry.definition,
        "en_preferred": entry.preferred.en,
        "en_admitted": [r.en for r in entry.admitted],
        "en_deprecated": [r.en for r in entry.deprecated],
        "renderings": [
            {
                "en": r.en,
                "status": r.status.value,
                "reason": r.reason,
                "literal": r.literal,
                "seen_in_seed": r.seen_in_seed,
                "valid_from": r.valid_from,
                "valid_until": r.valid_until,
                "source": None if r.source is None else _source_row(r.source),
                "note": r.note,
                "evidence": [{"authority": ev.authority, "kind": ev.kind, "date": ev.date, "url": ev.url,
                              "quote": ev.quote} for ev in r.evidence],
                "attested": bool(r.attested),
                "seed_count": int(counts.get(r.en, 0)),
            }
            for r in entry.renderings
        ],
        "sources": [_source_row(s) for s in entry.sources],
        "verified": entry.verified,
        "note": entry.note,
        "seed_occurrences": int(seed_occurrences),
    }


def _label(value: Any, names: Sequence[str]) -> str:
    """A ClassLabel cell as its name (rows may hold the int or, if decoded, the name)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return names[value]
    return str(value)


def _source_from(d: Mapping[str, Any]) -> Source:
    return Source(authority=d["authority"], citation=d.get("citation") or "", url=d.get("url") or "")


def row_to_entry(row: Mapping[str, Any], *, category_names: Sequence[str] = CATEGORY_NAMES,
                 status_names: Sequence[str] = STATUS_NAMES) -> TermEntry:
    """Rebuild a :class:`TermEntry` from a ``terms`` row (inverse of :func:`entry_to_row`)."""
    try:
        renderings = tuple(
            Rendering(
                en=r["en"],
                status=Status(_label(r["status"], status_names)),
                reason=r.get("reason") or "",
                literal=bool(r.get("literal")),
                seen_in_seed=bool(r.get("seen_in_seed")),
                valid_from=r.get("valid_from") or "",
                valid_until=r.get("valid_until") or r.get("valid_to") or "",
                source=None if not r.get("source") else _source_from(r["source"]),
                note=r.get("note") or "",
                evidence=tuple(Evidence(authority=ev["authority"], date=ev.get("date") or "",
                                        url=ev.get("url") or "", quote=ev.get("quote") or "")
                               for ev in r.get("evidence") or ()),
                attested=r.get("attested"),
            )
            for r in row["renderings"]
        )
        return TermEntry(
            id=row["id"],
            zh=row["zh"],
            zh_variants=tuple(row.get("zh_variants") or ()),
            pinyin=row.get("pinyin") or "",
            category=Category(_label(row["category"], category_names)),
            definition=row.get("definition") or "",
            renderings=renderings,
            sources=tuple(_source_from(s) for s in row.get("sources") or ()),
            verified=bool(row.get("verified", True)),
            note=row.get("note") or "",
        )
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise InputError(f"not a bri_align terms row ({type(exc).__name__}: {exc}); expected the columns "
                         f"of terms_features()", entry_id=row.get("id") if isinstance(row, Mapping) else None,
                         field="renderings" if isinstance(exc, KeyError) else None) from None


def occurrence_to_row(o: Occurrence) -> Dict[str, Any]:
    """An ``occurrences`` row from an :class:`~bri_align.glossary_build.seeds.Occurrence`."""
    return o.to_dict()


# ------------------------------------------------------------------ writing
@contextlib.contextmanager
def _quiet_progress(show: bool) -> Iterator[None]:
    """Hide (or show) the datasets progress bars for the block, then restore the setting."""
    datasets = _datasets()
    was_disabled = datasets.are_progress_bars_disabled()
    if show:
        datasets.enable_progress_bars()
    else:
        datasets.disable_progress_bars()
    try:
        yield
    finally:
        if was_disabled:
            datasets.disable_progress_bars()
        else:
            datasets.enable_progress_bars()


def dataset_paths(out_dir: PathLike) -> Dict[str, Path]:
    """Where :func:`write_datasets` puts each configuration under ``out_dir``."""
    root = Path(out_dir)
    return {name: root / rel for name, rel in DATASET_FILES.items()}


def _from_rows(datasets: Any, rows: Sequence[Mapping[str, Any]], features: Any) -> Any:
    # Dataset.from_list([]) cannot match explicit features (seeds that use no entry give no
    # occurrence rows): an empty table is built from empty columns instead
    if not rows:
        return datasets.Dataset.from_dict({name: [] for name in features}, features=features)
    return datasets.Dataset.from_list(list(rows), features=features)


def write_datasets(out_dir: PathLike, *, terms_rows: Sequence[Mapping[str, Any]],
                   occurrence_rows: Sequence[Mapping[str, Any]], progress: bool = False) -> Dict[str, Any]:
    """Write both configurations under ``out_dir`` as Parquet; return their paths and the
    datasets (the card reads their features and sizes)."""
    datasets = _datasets()
    paths = dataset_paths(out_dir)
    with _quiet_progress(progress):
        terms = _from_rows(datasets, terms_rows, terms_features())
        occ = _from_rows(datasets, occurrence_rows, occurrences_features())
        for ds, pq in ((terms, paths["terms_parquet"]), (occ, paths["occurrences_parquet"])):
            pq.parent.mkdir(parents=True, exist_ok=True)
            ds.to_parquet(str(pq))
    return {"paths": paths, TERMS: terms, OCCURRENCES: occ}


# ------------------------------------------------------------------ loading
def glossary_from_rows(rows: Iterable[Mapping[str, Any]], *, name: str = "glossary",
                       category_names: Sequence[str] = CATEGORY_NAMES,
                       status_names: Sequence[str] = STATUS_NAMES) -> Glossary:
    entries = [row_to_entry(r, category_names=category_names, status_names=status_names) for r in rows]
    return Glossary.from_entries(entries, name=name)


def _label_names(features: Any, column: str, default: Sequence[str]) -> Sequence[str]:
    try:
        feat = features[column]
        if column == "renderings":
            inner = getattr(feat, "feature", None)
            if inner is None and isinstance(feat, list):
                inner = feat[0]
            feat = inner["status"]
        return list(feat.names)
    except (KeyError, TypeError, AttributeError, IndexError):
        return list(default)


def glossary_from_dataset(dataset: Any, *, name: str = "glossary") -> Glossary:
    """A :class:`Glossary` from a ``terms`` :class:`datasets.Dataset` (e.g. from
    ``load_from_disk`` or ``load_dataset("parquet", ...)["train"]``)."""
    features = getattr(dataset, "features", None) or {}
    cats = _label_names(features, "category", CATEGORY_NAMES)
    stats = _label_names(features, "renderings", STATUS_NAMES)
    return glossary_from_rows((dataset[i] for i in range(len(dataset))), name=name,
                              category_names=cats, status_names=stats)


def load_built_glossary(out_dir: PathLike, *, name: Optional[str] = None) -> Glossary:
    """Load the glossary of a build folder (its ``terms`` Parquet file).

    The entries equal those of the termbase the build read.  The glossary name is
    taken from ``OUT/build.json`` when present.
    """
    root = Path(out_dir)
    paths = dataset_paths(root)
    if name is None:
        name = "glossary"
        manifest = root / "build.json"
        if manifest.is_file():
            try:
                name = json.loads(manifest.read_text(encoding="utf-8")).get("glossary_name") or name
            except (ValueError, OSError):
                pass
    if paths["terms_parquet"].is_file():
        import pyarrow.parquet as pq

        datasets = _datasets()
        table = pq.read_table(str(paths["terms_parquet"]))
        features = datasets.Features.from_arrow_schema(table.schema)
        return glossary_from_rows(table.to_pylist(), name=name,
                                  category_names=_label_names(features, "category", CATEGORY_NAMES),
                                  status_names=_label_names(features, "renderings", STATUS_NAMES))
    raise InputError(f"not a glossary build folder: {DATASET_FILES['terms_parquet']} does not exist in it; "
                     "run `bri-align glossary build --out DIR` first", path=str(root))
