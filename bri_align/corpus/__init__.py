"""Corpus scale (layer L5): terminology QA, rendering statistics and word alignment over
parallel corpora of any size, on one machine or on a Ray cluster.

>>> from bri_align.corpus import open_corpus, run_corpus          # doctest: +SKIP
>>> run_corpus(open_corpus(tmx="memory.tmx"), "out/", engine="ray")  # doctest: +SKIP

* :mod:`bri_align.corpus.readers`: streaming readers (two text files, TMX, JSONL,
  Parquet, a Hugging Face dataset folder) that turn bad records into rejects;
* :mod:`bri_align.corpus.pipeline`: the per-batch functions (tokenise -> word-align
  with a frozen model -> match and align glossary terms -> QA verdicts) and the rows
  the aggregations count;
* :mod:`bri_align.corpus.engines`: the ``local`` (process pool) and ``ray`` (Ray Data)
  engines running them;
* :mod:`bri_align.corpus.run`: :func:`run_corpus`, sampling, fitting, aggregation and
  the atomic output folder.

Sub-modules are imported on use, so importing this package stays light (Ray and
pyarrow are imported only by the functions that need them).
"""

from __future__ import annotations

from typing import Any

__all__ = ["open_corpus", "run_corpus", "CorpusInput", "ENGINES"]

_LAZY = {"open_corpus": "readers", "CorpusInput": "readers", "run_corpus": "run", "ENGINES": "engines"}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'bri_align.corpus' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{mod}"), name)
