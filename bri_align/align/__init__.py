"""Alignment (layer L3): sentence aligners, word aligners and their helpers.

Sub-modules are imported on use (``from bri_align.align.word import align_words``),
so importing this package stays light.
"""
