"""eflomal word alignment as an optional backend (layer L3).

eflomal (Östling & Tiedemann 2016) is GPL-3: it is never a core dependency and none
of its code is copied here.  The user installs it with ``pip install
"bri-align[eflomal]"``; this module imports it only when an alignment runs and talks
to it through its public Python API (``eflomal.Aligner``) and plain text files.
"""

from __future__ import annotations

import os
import tempfile
from typing import List, Sequence, Tuple

from ..errors import MissingDependencyError
from ..signature import format_signature
from .pharaoh import Link, parse_pharaoh
from .symmetrize import symmetrize as _symmetrize
from .word_base import TokenPair, WordAligner, check_symmetrize

__all__ = ["EflomalAligner", "has_eflomal"]


def has_eflomal() -> bool:
    try:
        import eflomal  # noqa: F401
    except ImportError:
        return False
    return True


def _import_eflomal():
    try:
        import eflomal
    except ImportError:
        raise MissingDependencyError("eflomal", "eflomal", "the eflomal word aligner (GPL-3)") from None
    return eflomal


class EflomalAligner(WordAligner):
    """eflomal's Bayesian IBM-style aligner, both directions, symmetrised here.

    Registered as ``eflomal.v1`` (alias ``eflomal``) in
    :data:`bri_align.align.word_base.word_aligners`.
    """

    name = "eflomal.v1"

    def __init__(self, *, symmetrize: str = "grow-diag-final-and", seed: int = 0,
                 progress: bool = False) -> None:
        self.symmetrize = check_symmetrize(symmetrize)
        self.seed = seed
        self.progress = progress

    def signature(self) -> str:
        ver = "absent"
        try:
            from importlib.metadata import version

            ver = version("eflomal")
        except Exception:  # package metadata missing: eflomal not installed
            pass
        return format_signature(self.name, [("eflomal", ver), ("sym", self.symmetrize), ("seed", self.seed)])

    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        eflomal = _import_eflomal()
        src = [" ".join(t.text for t in s) + "\n" for s, _ in pairs]
        tgt = [" ".join(t.text for t in e) + "\n" for _, e in pairs]
        with tempfile.TemporaryDirectory(prefix="bri-eflomal-") as tmp:
            fwd_path = os.path.join(tmp, "fwd")
            rev_path = os.path.join(tmp, "rev")
            aligner = eflomal.Aligner()
            aligner.align(src, tgt, links_filename_fwd=fwd_path, links_filename_rev=rev_path,
                          quiet=not self.progress)
            with open(fwd_path, encoding="utf-8") as fh:
                fwd = fh.read().split("\n")
            with open(rev_path, encoding="utf-8") as fh:
                rev = fh.read().split("\n")
        out = []
        for k in range(len(pairs)):
            f = parse_pharaoh(fwd[k] if k < len(fwd) else "")
            r = parse_pharaoh(rev[k] if k < len(rev) else "")
            out.append(_symmetrize(f, r, method=self.symmetrize))
        return out
