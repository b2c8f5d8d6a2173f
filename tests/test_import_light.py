"""`import bri_align` must not load heavy packages (STYLE.md habit 3)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "datasets", "sentencepiece", "pandas", "matplotlib", "jieba")


def test_import_is_light():
    code = (
        "import sys, bri_align, bri_align.cli, bri_align.glossary, bri_align.matching\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
