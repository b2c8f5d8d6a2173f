"""The word-aligner interface: records, base class and registry (layer L3).

This module imports no backend.  The ``word_aligners`` registry lists every
backend by a ``"module:Class"`` path (:meth:`Registry.register_lazy`), so a
backend module imports this one, never the other way round, and heavy packages
(torch, transformers, eflomal) are imported only when their backend is used.
:meth:`Registry.create` constructs a backend and refuses an option it does not
declare.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Sequence, Tuple

from ..errors import InputError
from ..registry import Registry
from .pharaoh import Link, format_pharaoh, parse_pharaoh
from .symmetrize import SYMMETRIZERS
from .tokenize import Token, WordGlossaryArg, optional_glossary

__all__ = [
    "WordAlignment",
    "WordAligner",
    "TokenPair",
    "WordGlossaryArg",
    "word_aligners",
    "check_symmetrize",
    "optional_glossary",
]

TokenPair = Tuple[Sequence[Token], Sequence[Token]]

word_aligners: Registry = Registry("word aligner")
word_aligners.register_lazy("ibm1-hmm.v1", "bri_align.align.ibm_hmm:HMMAligner", aliases=("default", "hmm"))
word_aligners.register_lazy("ibm1.v1", "bri_align.align.ibm_hmm:IBM1Aligner", aliases=("ibm1",))
word_aligners.register_lazy("simalign.v1", "bri_align.align.neural:SimAligner", aliases=("neural", "simalign"))
word_aligners.register_lazy("eflomal.v1", "bri_align.align.eflomal_backend:EflomalAligner",
                            aliases=("eflomal",))


@dataclass(frozen=True)
class WordAlignment:
    """The tokens of one sentence pair and the links between them (``i`` zh, ``j`` en)."""

    src_tokens: Tuple[Token, ...]
    tgt_tokens: Tuple[Token, ...]
    links: Tuple[Link, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "src_tokens", tuple(self.src_tokens))
        object.__setattr__(self, "tgt_tokens", tuple(self.tgt_tokens))
        object.__setattr__(self, "links", tuple(sorted(set((int(i), int(j)) for i, j in self.links))))

    def to_pharaoh(self) -> str:
        return format_pharaoh(self.links)

    def word_pairs(self) -> List[Tuple[str, str]]:
        """``(zh token text, en token text)`` for every link."""
        return [(self.src_tokens[i].text, self.tgt_tokens[j].text) for i, j in self.links]

    def to_dict(self) -> Dict[str, Any]:
        return {"src_tokens": [t.to_dict() for t in self.src_tokens],
                "tgt_tokens": [t.to_dict() for t in self.tgt_tokens],
                "links": self.to_pharaoh()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "WordAlignment":
        src = tuple(Token.from_dict(t) for t in d["src_tokens"])
        tgt = tuple(Token.from_dict(t) for t in d["tgt_tokens"])
        links = d["links"]
        if isinstance(links, str):
            links = parse_pharaoh(links, n_src=len(src), n_tgt=len(tgt))
        return cls(src, tgt, tuple(tuple(x) for x in links))


class WordAligner(abc.ABC):
    """A word aligner aligns a whole list of tokenised sentence pairs at once.

    Unsupervised aligners learn from the pairs they are given, so aligning one pair
    alone and aligning it within a corpus can give different links.  A backend
    declares its options as keyword-only constructor parameters; the registry's
    ``create`` refuses any other.
    """

    name: str = "?"

    @abc.abstractmethod
    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        """Links for each ``(zh tokens, en tokens)`` pair."""

    @abc.abstractmethod
    def signature(self) -> str:
        """Name, version and every option that changes the output."""


def check_symmetrize(method: str) -> str:
    """``method`` if it names a symmetrisation heuristic, else an InputError listing them."""
    if method not in SYMMETRIZERS:
        raise InputError(f"unknown symmetrisation {method!r}; choose one of: {', '.join(SYMMETRIZERS)}",
                         field="symmetrize")
    return method

