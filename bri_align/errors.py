"""Typed, actionable errors (layer L0).

Every error the library raises on purpose derives from :class:`BriAlignError`.
Messages say what was wrong, where (file, line, field), the offending value,
what was expected and what to do.  Only the CLI turns them into exit codes.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "BriAlignError",
    "InputError",
    "GlossaryError",
    "MissingDependencyError",
    "ModelNotAvailableError",
    "RegistryError",
]


class BriAlignError(Exception):
    """Base class of every error bri_align raises deliberately."""


class InputError(BriAlignError, ValueError):
    """Bad user input: a file, a line, a field or an argument.

    ``str(err)`` is one line: ``PATH:LINE: field 'F': message``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Optional[str] = None,
        line: Optional[int] = None,
        field: Optional[str] = None,
        entry_id: Optional[str] = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.field = field
        self.entry_id = entry_id
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        parts = []
        if self.entry_id is not None:
            parts.append(f"entry '{self.entry_id}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        ctx = (" ".join(parts) + ": ") if parts else ""
        return (where + ctx + self.message).replace("\n", " ")


class GlossaryError(InputError):
    """A termbase or glossary file that does not validate."""


class RegistryError(BriAlignError, KeyError):
    """A name that is not registered; the message lists what exists."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(BriAlignError, ImportError):
    """An optional package is missing; the message names the pip extra."""

    def __init__(self, package: str, extra: str, purpose: str = "") -> None:
        self.package = package
        self.extra = extra
        what = f" (needed for {purpose})" if purpose else ""
        super().__init__(
            f"the optional package '{package}' is not installed{what}; "
            f'install it with: pip install "bri-align[{extra}]"'
        )


class ModelNotAvailableError(BriAlignError, OSError):
    """A model id or path that cannot be loaded offline."""
