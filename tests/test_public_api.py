"""The main verbs are reachable from ``bri_align`` itself, lazily (issue 10, item 8)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import bri_align


@pytest.mark.parametrize("name", sorted(bri_align._LAZY))
def test_each_verb_resolves_to_its_module(name):
    obj = getattr(bri_align, name)
    module, _, attr = bri_align._LAZY[name].partition(":")
    assert callable(obj) and obj.__name__ == attr and obj.__module__.startswith(module.rpartition(".")[0])
    assert name in dir(bri_align) and name in bri_align.__all__


def test_the_post_edit_verb_is_not_shadowed_by_its_package():
    import bri_align.postedit  # noqa: F401 - importing the sub-package sets bri_align.postedit

    assert callable(bri_align.post_edit) and bri_align.post_edit.__name__ == "postedit"


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        bri_align.nope  # noqa: B018


def test_verbs_are_not_imported_with_the_package():
    code = ("import sys, bri_align\n"
            "print(' '.join(m for m in ('bri_align.qa', 'bri_align.postedit', 'bri_align.bench', 'bri_align.mt',"
            " 'bri_align.align.word', 'bri_align.align.terms') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
