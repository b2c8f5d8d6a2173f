"""Where the bundled data lives (layer L0).

The canonical copies are the top-level ``corpora/`` and ``seeds/`` folders of the
source tree.  Building a wheel maps them into the package as ``bri_align/_data/``
(``setup.py``'s ``build_py``), so an installed bri_align carries its termbase,
seeds and test sets and reads them with :mod:`importlib.resources`.  An editable
install of a source checkout has no ``_data`` folder and reads the canonical
copies beside the package.  Neither depends on the current directory.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Dict, Tuple

from .errors import InputError

__all__ = ["BUNDLED", "bundled_path"]

# name -> (path inside bri_align/_data, path in a source checkout)
BUNDLED: Dict[str, Tuple[str, str]] = {
    "termbase": ("termbase", "corpora/termbase"),
    "policy_bench": ("policy_bench", "corpora/policy_bench"),
    "term_align": ("term_align", "corpora/term_align"),
    "seeds": ("seeds", "seeds"),
}


def bundled_path(name: str) -> Path:
    """The folder of the bundled data set ``name`` (one of :data:`BUNDLED`)."""
    if name not in BUNDLED:
        raise InputError(f"unknown bundled data {name!r}; expected one of {', '.join(BUNDLED)}", field="name")
    inside, in_checkout = BUNDLED[name]
    installed = Path(str(resources.files("bri_align").joinpath("_data", inside)))
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parent.parent / in_checkout
    if checkout.is_dir():
        return checkout
    raise InputError(f"the bundled {name} was not found (looked in {installed} and {checkout}); "
                     "reinstall bri-align, or pass the path explicitly")
