"""System specs of the benchmark command line (layer L5).

* ``NAME=PATH`` (or a bare ``PATH``, named after its file stem): a file of
  pre-computed outputs (:func:`parse_named_path`);
* ``SPEC@MODE[,MODE...]``: a model system run once per terminology mode
  (:func:`parse_bench_system`); ``"off,force"``: the modes for every model
  system (:func:`parse_modes`).

The translator specs themselves (``hf:``, ``llm:``, ``ct2:``, ``file:``) are
parsed by :func:`bri_align.mt.parse_system_spec`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence, Tuple

from ..errors import InputError

__all__ = ["parse_named_path", "parse_bench_system", "parse_modes", "check_unique"]


def parse_named_path(spec: str) -> Tuple[str, str]:
    """``NAME=PATH`` -> (NAME, PATH); a bare PATH is named after its file stem."""
    if "=" in spec:
        name, path = spec.split("=", 1)
        if not name.strip() or not path.strip():
            raise InputError(f"system {spec!r} is not NAME=FILE", field="hyp")
        return name.strip(), path.strip()
    return Path(spec).stem, spec


def check_unique(names: Iterable[str]) -> None:
    """Refuse two systems with the same name (their scores would overwrite each other)."""
    seen = set()
    for n in names:
        if n in seen:
            raise InputError(f"two systems are named '{n}'; give each a distinct NAME (NAME=...)", field="system")
        seen.add(n)


def parse_bench_system(spec: str) -> Tuple[str, Tuple[str, ...]]:
    """``SPEC@MODE[,MODE...]`` -> (SPEC, modes); a spec without a mode suffix gives ``()``.

    The suffix is read only when every comma-separated item is a terminology mode
    (off, force, bias, ban, prompt), so a path with an ``@`` stays a path.
    """
    from ..mt.base import CONSTRAINT_MODES

    spec = spec.strip()
    if "@" in spec:
        head, tail = spec.rsplit("@", 1)
        modes = tuple(m.strip() for m in tail.split(","))
        if head and modes and all(m in CONSTRAINT_MODES for m in modes):
            if len(set(modes)) != len(modes):
                raise InputError(f"system {spec!r} names a glossary mode twice", field="system")
            return head, modes
    return spec, ()


def parse_modes(text: "str | Sequence[str] | None") -> Tuple[str, ...]:
    """``"off,force"`` (or a list) -> ("off", "force"), checked against the known modes."""
    from ..mt.base import CONSTRAINT_MODES

    if text is None:
        return ()
    items = text.split(",") if isinstance(text, str) else list(text)
    modes = tuple(m.strip() for m in items if m.strip())
    bad = [m for m in modes if m not in CONSTRAINT_MODES]
    if bad:
        raise InputError(f"unknown glossary mode {bad[0]!r}; expected a comma-separated list of "
                         f"{', '.join(CONSTRAINT_MODES)} (e.g. off,force)", field="glossary_mode")
    if len(set(modes)) != len(modes):
        raise InputError(f"glossary modes {', '.join(modes)} name a mode twice", field="glossary_mode")
    return modes
