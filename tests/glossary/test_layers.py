"""The glossary package is layer L2: it imports nothing from the layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "bri_align"
ABOVE = ("matching", "align", "qa", "bench", "metrics", "mt", "cli", "postedit", "glossary_build")


def _imports(path: Path):
    """(line, absolute module) of every import in ``path``, function-level ones included."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield node.lineno, module
            for alias in node.names:  # from .. import matching
                yield node.lineno, f"{module}.{alias.name}"


GLOSSARY_FILES = sorted((PACKAGE / "glossary").rglob("*.py"))


@pytest.mark.parametrize("path", GLOSSARY_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_glossary_imports_nothing_above_it(path):
    bad = [(line, mod) for line, mod in _imports(path)
           if any(mod == f"bri_align.{a}" or mod.startswith(f"bri_align.{a}.") for a in ABOVE)]
    assert bad == []


def test_entry_records_sit_below_validation_and_model():
    entry = {m for _, m in _imports(PACKAGE / "glossary" / "entry.py")}
    validate = {m for _, m in _imports(PACKAGE / "glossary" / "validate.py")}
    assert not any(m.startswith("bri_align.glossary") for m in entry)
    assert "bri_align.glossary.entry" in validate
    assert not any(m.startswith("bri_align.glossary.model") for m in validate)


def test_scanner_sees_relative_imports():
    # the check above is only worth something if relative imports resolve
    mods = {m for _, m in _imports(PACKAGE / "glossary_build" / "pipeline.py")}
    assert "bri_align.matching" in mods and "bri_align.glossary_build.seeds" in mods
