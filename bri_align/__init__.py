"""bri_align: Chinese-English policy terminology alignment, glossaries and MT benchmarks.

Importing the package is light: torch, transformers, datasets and sentencepiece
are imported only by the functions that need them.
"""

from ._version import __version__  # noqa: E402

from .errors import BriAlignError, GlossaryError, InputError, MissingDependencyError  # noqa: E402
from .glossary import (  # noqa: E402
    Category,
    Glossary,
    Rendering,
    Source,
    Status,
    TermEntry,
    load_termbase,
)
from .matching import TermMatch, TermMatcher  # noqa: E402

__all__ = [
    "__version__",
    "BriAlignError",
    "GlossaryError",
    "InputError",
    "MissingDependencyError",
    "Category",
    "Glossary",
    "Rendering",
    "Source",
    "Status",
    "TermEntry",
    "TermMatch",
    "TermMatcher",
    "load_termbase",
]
