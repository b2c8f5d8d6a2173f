"""One way to write a signature (layer L0).

A signature is the reproducibility string that travels with every number, in
sacrebleu's shape: ``name|key:value|key:value|bri_align:0.1.0``.  Every metric,
aligner, translator, matcher and glossary builds its signature with
:func:`format_signature`, so keys are spelled one way, appear once, and the
library version is written once, at the end of the outermost signature (a nested
signature given as a value loses its own ``bri_align:`` tail).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Tuple

from ._version import __version__

__all__ = ["format_signature", "format_value", "strip_version", "VERSION_KEY"]

VERSION_KEY = "bri_align"
_VERSION_TAIL = re.compile(r"\|" + VERSION_KEY + r":[^|]*$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_.+-]*$")


def strip_version(signature: str) -> str:
    """``signature`` without its trailing ``|bri_align:VERSION`` (if any)."""
    return _VERSION_TAIL.sub("", signature)


def format_value(value: object) -> str:
    """A signature value: ``None`` -> ``none``, booleans -> ``yes``/``no`` (as sacrebleu),
    floats in ``%g`` form, nested signatures without their version tail."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return strip_version(str(value))


def format_signature(name: str, pairs: Iterable[Tuple[str, object]] = (), *,
                     version: Optional[bool] = True) -> str:
    """``name|k1:v1|k2:v2|bri_align:VERSION`` from ordered ``(key, value)`` pairs.

    Keys are lower-case identifiers and appear once (a repeated key is a bug in the
    caller and raises ``ValueError``); ``version=False`` leaves the version out, for a
    signature that is only ever nested inside another one.
    """
    seen = set()
    parts = [strip_version(name)]
    for key, value in pairs:
        if not _KEY.match(key):
            raise ValueError(f"signature key {key!r} is not a lower-case identifier")
        if key in seen or key == VERSION_KEY:
            raise ValueError(f"signature key {key!r} given twice")
        seen.add(key)
        parts.append(f"{key}:{format_value(value)}")
    if version:
        parts.append(f"{VERSION_KEY}:{__version__}")
    return "|".join(parts)
