"""The glossary build: seeds + termbase -> dataset, exports, audit and candidates (layer L3).

``bri-align glossary build`` runs :func:`build_glossary`.  The pipeline sits above
:mod:`bri_align.matching` (it matches the seeds) and below the CLI; the glossary
model, loader and formats it reads are :mod:`bri_align.glossary` (layer L2),
which imports nothing from here.

Modules: :mod:`.seeds` (finding, reading and matching seed documents; the
``SeedDocument``/``Occurrence`` records), :mod:`.candidates` (terms the termbase
lacks), :mod:`.audit` (flagged renderings, inconsistencies), :mod:`.dataset`
(the Hugging Face dataset), :mod:`.card` (the dataset card) and :mod:`.pipeline`
(the build and its one table of outputs).  ``datasets`` is imported only when a
dataset is written or loaded.
"""

from .audit import (
    Audit,
    Inconsistency,
    RenderingUse,
    SeedAudit,
    SeedEntryUse,
    audit_documents,
)
from .candidates import Candidate, candidates_tsv, find_candidates
from .dataset import load_built_glossary
from .pipeline import OUTPUTS, BuildOutput, BuildSummary, SeedSummary, build_glossary
from .seeds import (
    Occurrence,
    SeedDocument,
    default_seeds_path,
    match_seed,
    read_seed,
    seed_files,
)

__all__ = [
    "Audit",
    "BuildOutput",
    "BuildSummary",
    "Candidate",
    "Inconsistency",
    "OUTPUTS",
    "Occurrence",
    "RenderingUse",
    "SeedAudit",
    "SeedDocument",
    "SeedEntryUse",
    "SeedSummary",
    "audit_documents",
    "build_glossary",
    "candidates_tsv",
    "default_seeds_path",
    "find_candidates",
    "load_built_glossary",
    "match_seed",
    "read_seed",
    "seed_files",
]
