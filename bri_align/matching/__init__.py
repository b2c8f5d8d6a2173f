"""Term matching (layer L2)."""

from .matcher import MatchTable, TermMatch, TermMatcher, english_variants

__all__ = ["MatchTable", "TermMatch", "TermMatcher", "english_variants"]
