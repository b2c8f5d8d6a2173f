"""Term matching (layer L2)."""

from .matcher import TermMatch, TermMatcher, english_variants

__all__ = ["TermMatch", "TermMatcher", "english_variants"]
