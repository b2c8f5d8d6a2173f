"""The main verbs are reachable from ``bri_align`` itself, lazily (issue 10, item 8)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import bri_align


@pytest.mark.parametrize("name", sorted(bri_align._LAZY))
def test_each_verb_resolves_to_its_module(name):
    obj = getattr(bri_align, name)
    assert callable(obj) and obj.__module__.startswith(bri_align._LAZY[name].rpartition(".")[0])
    assert name in dir(bri_align) and name in bri_align.__all__


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        bri_align.nope  # noqa: B018


def test_verbs_are_not_imported_with_the_package():
    code = ("import sys, bri_align\n"
            "print(' '.join(m for m in ('bri_align.qa', 'bri_align.postedit', 'bri_align.bench', 'bri_align.mt',"
            " 'bri_align.align.word', 'bri_align.align.terms') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
