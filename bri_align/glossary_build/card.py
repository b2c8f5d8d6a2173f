"""The dataset card (``README.md``) of a glossary build (layer L3, part of the glossary build)."""

from __future__ import annotations

from typing import Any, Dict, Sequence, Tuple

from ..glossary.model import Glossary
from .audit import Audit
from .dataset import DATASET_FILES
from .seeds import SeedDocument

__all__ = ["dataset_card", "summary_markdown", "size_category"]


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "1M<n<10M"


def dataset_card(*, glossary: Glossary, bundled_termbase: bool, bundled_seeds: bool, n_terms: int,
                 n_occurrences: int,
                 terms_features: Any, occurrences_features: Any, summary_table: str,
                 seed_names: Sequence[str], files: Sequence[Tuple[str, str]]) -> str:
    """The README.md dataset card: YAML metadata (``configs`` point at ``data/*.parquet``) + text;
    ``files`` lists ``(path, description)`` of each file of the build folder."""
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
        "size_categories": [size_category(max(n_terms, n_occurrences))],
        "configs": [
            {"config_name": "terms", "data_files": [{"split": "train", "path": DATASET_FILES["terms_parquet"]}],
             "default": True},
            {"config_name": "occurrences",
             "data_files": [{"split": "train", "path": DATASET_FILES["occurrences_parquet"]}]},
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
    files_list = "\n".join(f"- `{path}`: {description}" for path, description in files)
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
# or: datasets.load_from_disk("hf/terms"); bri_align.glossary_build.load_built_glossary(".")
```

## Summary

{summary_table}

## Provenance and licence

{licence} The `occurrences` configuration quotes sentences of the seed documents as evidence of
usage; those sentences keep the rights of the seed documents' owners{seed_note}. Entries marked
`verified: false` are ones the project is not sure of. Nothing here is an official glossary.

## Files

{files_list}
"""
    return "---\n" + front + "---\n" + body


def summary_markdown(docs: Sequence[SeedDocument], entries: int, used: int, audit: Audit) -> str:
    lines = ["| seed | lang | paragraphs | sentences | occurrences | flagged |", "|---|---|---:|---:|---:|---:|"]
    for d in docs:
        lines.append(f"| {d.file} | {d.lang} | {len(d.paragraphs)} | {d.n_sentences} | {len(d.occurrences)} | "
                     f"{sum(o.flagged for o in d.occurrences)} |")
    lines.append("")
    lines.append(f"Entries: {entries}; used by the seeds: {used}; flagged renderings: {len(audit.flagged)}; "
                 f"inconsistencies: {len(audit.inconsistencies)}; candidate terms: {len(audit.candidates)}.")
    return "\n".join(lines)
