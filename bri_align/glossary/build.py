"""Moved: the glossary build is :mod:`bri_align.glossary_build` (layer L3, above matching).

A transitional alias, kept only because ``benchmarks/postedit_seed.py`` still does
``from bri_align.glossary.build import build_glossary``; delete this module once it
imports ``bri_align.glossary_build``.  Nothing in the library imports it, so the
glossary package (layer L2) itself still depends on nothing above it.
"""

from ..glossary_build.pipeline import build_glossary

__all__ = ["build_glossary"]
