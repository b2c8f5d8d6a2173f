"""Browser fixtures: Playwright for Python driving the system's Chromium (Debian's ``chromium``).

Never ``playwright install``: the browser is the one on PATH.  Without the ``playwright``
package or a ``chromium`` executable every browser test is skipped with the reason (CI installs
both).  One browser per test module; each page is recorded: every request it makes and every
script error (helpers in ``browsing.py``).
"""

from __future__ import annotations

import shutil
from typing import Iterator, Optional

import pytest


def _chromium() -> Optional[str]:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator["object"]:
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason='playwright is not installed (pip install "bri-align[browser]")')
    exe = _chromium()
    if exe is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install -y chromium); the browser tests never download one")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"], headless=True)
    except Exception as exc:  # a broken install is a skip with its reason, not an error in every test
        pw.stop()
        pytest.skip(f"chromium at {exe} does not start under Playwright: {str(exc).splitlines()[0]}")
    try:
        yield b
    finally:
        b.close()
        pw.stop()
