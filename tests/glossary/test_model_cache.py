"""A glossary is immutable, so what is derived from it is computed once per glossary."""

from __future__ import annotations

import json
import pickle

import bri_align
from bri_align import TermMatcher


def test_signature_is_computed_once(monkeypatch):
    g = bri_align.load_termbase()
    calls = []
    real = json.dumps

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(json, "dumps", counting)
    first = g.signature()
    assert [g.signature() for _ in range(50)] == [first] * 50
    assert len(calls) == 1


def test_pickled_glossary_leaves_its_matchers_behind():
    g = bri_align.load_termbase()
    zh = TermMatcher.for_glossary(g, lang="zh")
    assert TermMatcher.for_glossary(g, lang="zh") is zh
    h = pickle.loads(pickle.dumps(g))
    assert h == g and h.signature() == g.signature()
    assert "_matchers" not in h.__dict__
    assert [m.entry_id for m in TermMatcher.for_glossary(h, lang="zh").find("共建“一带一路”")] == \
        [m.entry_id for m in zh.find("共建“一带一路”")]
