"""The dataset card (``README.md``) of a glossary build (layer L3, part of the glossary build).

The YAML header is what ``datasets`` and the Hugging Face Hub read: ``configs``
(the Parquet files of each configuration), ``dataset_info`` (features and, per
split, ``name``, ``num_bytes`` and ``num_examples``: without ``num_bytes``
``datasets`` warns on every load), the licence and the tags.  The Hub's card
metadata has one licence per dataset, so it says ``other`` and the card's text
gives the licence of each configuration (:func:`config_licences`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Sequence, Tuple

from ..glossary.model import Glossary, Status
from .audit import Audit
from .dataset import DATA_FILE_PATTERNS, OCCURRENCES, SPLIT, TERMS
from .seeds import SeedDocument

__all__ = ["dataset_card", "summary_markdown", "size_category", "attested_share", "AttestedShare",
           "config_licences", "UPLOAD_COMMAND"]

#: How to publish a build folder as it is (huggingface_hub's CLI; needs a token and network).
UPLOAD_COMMAND = "hf upload USER/NAME OUT_DIR . --repo-type dataset"


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "1M<n<10M"


@dataclass(frozen=True)
class AttestedShare:
    """How many renderings of each status carry evidence (an attestation)."""

    by_status: Tuple[Tuple[str, int, int], ...]  # (status, with evidence, all)

    @property
    def attested(self) -> int:
        return sum(a for _s, a, _n in self.by_status)

    @property
    def total(self) -> int:
        return sum(n for _s, _a, n in self.by_status)

    def markdown(self) -> str:
        lines = ["| status | renderings | with evidence | share |", "|---|---:|---:|---:|"]
        for status, a, n in self.by_status + (("all three", self.attested, self.total),):
            share = f"{a / n:.1%}" if n else "no renderings"
            lines.append(f"| {status} | {n} | {a} | {share} |")
        return "\n".join(lines)


def attested_share(glossary: Glossary) -> AttestedShare:
    """The attested share of the preferred, admitted and deprecated renderings."""
    rows = []
    for status in (Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED):
        rs = [r for e in glossary for r in e.renderings if r.status is status]
        rows.append((status.value, sum(bool(r.attested) for r in rs), len(rs)))
    return AttestedShare(by_status=tuple(rows))


def config_licences(*, bundled_termbase: bool, bundled_seeds: bool) -> Dict[str, str]:
    """The licence of each configuration, one line each (the card's table)."""
    terms = ("CC BY 4.0: the bri_align termbase, written by the bri_align project (see "
             "`corpora/termbase/README.md` of bri_align)" if bundled_termbase else
             "that of the user-supplied termbase it comes from")
    seeds = ("the bundled seed, an English machine translation of a published Chinese interview, "
             "is third-party text" if bundled_seeds else "the seed documents are the user's")
    occurrences = ("not CC BY 4.0: each row quotes a sentence of a seed document as context, and "
                   f"those quotations keep the rights of the seeds' owners ({seeds}); the other "
                   "columns (offsets, entry ids, statuses) follow the `terms` licence")
    return {TERMS: terms, OCCURRENCES: occurrences}


def _split_info(ds: Any, n: int) -> Dict[str, Any]:
    nbytes = getattr(getattr(ds, "data", None), "nbytes", None)
    return {"name": SPLIT, "num_bytes": int(nbytes or 0), "num_examples": int(n)}


def dataset_card(*, glossary: Glossary, bundled_termbase: bool, bundled_seeds: bool,
                 datasets: Mapping[str, Any], download_sizes: Mapping[str, int], summary_table: str,
                 seed_names: Sequence[str], files: Sequence[Tuple[str, str]]) -> str:
    """The README.md dataset card: YAML metadata (``configs`` point at the Parquet files
    under ``data/``) + text.  ``datasets`` maps each configuration to its
    :class:`datasets.Dataset`; ``download_sizes`` to the bytes of its Parquet files;
    ``files`` lists ``(path, description)`` of each file of the build folder (relative
    paths: the card holds no local path)."""
    import yaml

    def yaml_features(features: Any) -> Any:
        to_yaml = getattr(features, "_to_yaml_list", None)  # the Hub's card format
        return to_yaml() if to_yaml is not None else None

    counts = {name: len(ds) for name, ds in datasets.items()}
    licences = config_licences(bundled_termbase=bundled_termbase, bundled_seeds=bundled_seeds)
    meta: Dict[str, Any] = {
        "pretty_name": "bri_align policy terminology glossary (zh-en)",
        "language": ["zh", "en"],
        # one licence per dataset in the Hub's metadata; one per configuration below
        "license": "other",
        "license_name": "cc-by-4.0-terms-and-quoted-seed-text" if bundled_termbase else "see-card",
        "task_categories": ["translation", "token-classification"],
        "tags": ["terminology", "glossary", "policy", "machine-translation-evaluation"],
        "size_categories": [size_category(max(counts.values(), default=0))],
        "configs": [
            {"config_name": name, "data_files": [{"split": SPLIT, "path": DATA_FILE_PATTERNS[name]}],
             **({"default": True} if name == TERMS else {})}
            for name in (TERMS, OCCURRENCES)
        ],
    }
    info = []
    for name in (TERMS, OCCURRENCES):
        ds = datasets[name]
        yf = yaml_features(ds.features)
        if yf is None:
            continue
        split = _split_info(ds, counts[name])
        info.append({"config_name": name, "features": yf, "splits": [split],
                     "download_size": int(download_sizes.get(name, 0)),
                     "dataset_size": split["num_bytes"]})
    if info:
        meta["dataset_info"] = info
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    seeds = ", ".join(f"`{s}`" for s in seed_names)
    files_list = "\n".join(f"- `{path}`: {description}" for path, description in files)
    share = attested_share(glossary)
    licence_rows = "\n".join(f"| `{name}` | {text} |" for name, text in licences.items())
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

Each configuration is stored once, as Parquet, where the Hugging Face Hub looks for it
(`data/<config>/{SPLIT}-*.parquet`, named by `configs` above):

```python
from datasets import load_dataset
terms = load_dataset("path/to/this/folder", "terms", split="{SPLIT}")
occurrences = load_dataset("path/to/this/folder", "occurrences", split="{SPLIT}")
# or: bri_align.glossary_build.load_built_glossary("path/to/this/folder")
```

To publish the folder as it is (huggingface_hub's `hf` command; needs a token and network):

```
{UPLOAD_COMMAND}
```

## Summary

{summary_table}

## Evidence

Renderings that carry evidence (an official page quoting the rendering, with its date and
address), counted by status over the termbase (superseded renderings are left out):

{share.markdown()}

## Provenance and licence

| configuration | licence |
|---|---|
{licence_rows}

Entries marked `verified: false` are ones the project is not sure of. Nothing here is an official
glossary; the text of this card is the bri_align project's.

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
