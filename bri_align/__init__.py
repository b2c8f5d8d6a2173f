"""bri_align: Chinese-English policy terminology alignment, glossaries and MT benchmarks.

The main verbs are here, so a pipeline needs no deep imports::

    import bri_align
    glossary = bri_align.load_termbase()
    bri_align.align_sentences(zh_text, en_text)        # sentence pairs
    bri_align.align_words(pairs)                       # word links (IBM-1 + HMM, CC-CEDICT prior)
    bri_align.align_terms(pairs)                       # which English span renders each term
    bri_align.qa_check(sources, hypotheses)            # terminology QA
    bri_align.post_edit(sources, hypotheses)           # replace deprecated renderings
    bri_align.make_translator("hf:PATH")               # hf:, llm:, ct2:, file: translators
    bri_align.score_files(src, refs, hyps)             # BLEU, chrF++, TER + terminology metrics
    bri_align.run_benchmark()                          # the policy benchmark, every system available

Importing the package is light: the verbs' modules (and torch, transformers,
datasets, sentencepiece) are imported on first use of a verb (PEP 562).
"""

from typing import Any

from ._version import __version__
from .errors import BriAlignError, GlossaryError, InputError, MissingDependencyError
from .glossary import (
    Category,
    Glossary,
    Rendering,
    Source,
    Status,
    TermEntry,
    as_glossary,
    load_termbase,
)
from .matching import TermMatch, TermMatcher

# name -> "module:attribute" that defines it; imported on first attribute access.
# The post-editing verb is ``post_edit``: ``bri_align.postedit`` is its sub-package.
_LAZY = {
    "align_sentences": "bri_align.align.sentence:align_sentences",
    "align_words": "bri_align.align.word:align_words",
    "align_terms": "bri_align.align.terms:align_terms",
    "extract_term_pairs": "bri_align.align.extract:extract_term_pairs",
    "qa_check": "bri_align.qa:qa_check",
    "post_edit": "bri_align.postedit:postedit",
    "make_translator": "bri_align.mt:make_translator",
    "score_files": "bri_align.bench:score_files",
    "score_wmt25": "bri_align.bench:score_wmt25",
    "run_benchmark": "bri_align.bench:run_benchmark",
    "build_glossary": "bri_align.glossary_build:build_glossary",
}

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
    "as_glossary",
    "load_termbase",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'bri_align' has no attribute {name!r}")
    import importlib

    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))
