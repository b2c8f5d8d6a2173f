"""Glossary model, termbase loader and formats (layer L2)."""

from .coerce import GlossaryLike, as_glossary
from .loader import default_termbase_path, load_termbase
from .model import (
    ACCEPTED_STATUSES,
    AUTHORITIES,
    REJECTED_STATUSES,
    Category,
    Evidence,
    Glossary,
    Rendering,
    Source,
    Status,
    TermEntry,
)

__all__ = [
    "GlossaryLike",
    "as_glossary",
    "ACCEPTED_STATUSES",
    "AUTHORITIES",
    "REJECTED_STATUSES",
    "Category",
    "Evidence",
    "Glossary",
    "Rendering",
    "Source",
    "Status",
    "TermEntry",
    "default_termbase_path",
    "load_termbase",
]
