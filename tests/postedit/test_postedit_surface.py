"""Surface agreement helpers (bri_align.postedit.surface), table-driven."""

from __future__ import annotations

import pytest

from bri_align.postedit.surface import (
    agree_gerund,
    agree_number,
    agree_verb,
    head_index,
    indefinite_article,
    is_gerund_phrase,
    is_title_case,
    is_verb_phrase,
    match_case,
    split_quotes,
    title_case,
)


@pytest.mark.parametrize("phrase,article", [
    ("alignment", "an"), ("flagship project", "a"), ("unified national market", "a"), ("European market", "a"),
    ("one-stop service", "a"), ("hour", "an"), ("honest broker", "an"), ("FTA", "an"), ("BRI partner", "a"),
    ("SCO summit", "an"), ("8-point plan", "an"), ("18th congress", "an"), ("5-year plan", "a"),
    ("“open” economy", "an"), ("", "a"), ("usual case", "a"), ("umbrella", "an"),
])
def test_indefinite_article(phrase, article):
    assert indefinite_article(phrase) == article


@pytest.mark.parametrize("text,expected", [
    ("high-quality Belt and Road cooperation", "High-Quality Belt and Road Cooperation"),
    ("systematic approach", "Systematic Approach"),
    ("the platform for practice", "The Platform for Practice"),
    ("BRI partners", "BRI Partners"),
])
def test_title_case(text, expected):
    assert title_case(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Joint Construction Of The Belt And Road", True), ("Must Enhance Systematization And Synergy", True),
    ("joint construction of the Belt and Road", False), ("Docking", False), ("China Economic Times: we said", False),
])
def test_is_title_case(text, expected):
    assert is_title_case(text) is expected


@pytest.mark.parametrize("replacement,found,form,heading,expected", [
    ("alignment", "Docking", "docking", False, ("Alignment", "capitalised")),
    ("alignment", "docking", "docking", False, ("alignment", None)),
    ("China", "our country", "our country", False, ("China", None)),
    ("flagship project", "EXEMPLARY PROJECT", "exemplary project", False, ("FLAGSHIP PROJECT", "upper-case")),
    ("Belt and Road Initiative", "OBOR", "OBOR", False, ("Belt and Road Initiative", None)),
    ("China", "Our country", "our country", False, ("China", None)),
    ("systematic approach", "Systematization", "systematization", True, ("Systematic Approach", "title-case")),
    ("Belt and Road cooperation", "Joint Construction Of The Belt And Road",
     "joint construction of the Belt and Road", False, ("Belt and Road Cooperation", "title-case")),
    ("Research Department of Foreign Economic Relations", "Foreign Economic Research Department",
     "Foreign Economic Research Department", False, ("Research Department of Foreign Economic Relations", None)),
])
def test_match_case(replacement, found, form, heading, expected):
    assert match_case(replacement, found, form, heading=heading) == expected


@pytest.mark.parametrize("replacement,found,form,expected", [
    ("free trade area", "free trade zones", "free trade zone", ("free trade areas", "plural")),
    ("free trade area", "free trade zone", "free trade zone", ("free trade area", None)),
    ("high-standard free trade areas", "high-standard free trade zone", "high-standard free trade zones",
     ("high-standard free trade area", "singular")),
    ("network of free trade areas", "networks of free trade zones", "network of free trade zones",
     ("networks of free trade areas", "plural")),
    ("flagship project", "exemplary projects", "exemplary project", ("flagship projects", "plural")),
    ("alignment", "dockings", "docking", ("alignment", None)),  # "docking" unknown as a noun: left alone
])
def test_agree_number(replacement, found, form, expected):
    assert agree_number(replacement, found, form) == expected


@pytest.mark.parametrize("replacement,found,form,expected", [
    ("go global", "going out", "go out", ("going global", "verb:VBG")),
    ("go global", "went out", "go out", ("went global", "verb:VBD")),
    ("go global", "go out", "go out", ("go global", None)),
    ("partner countries", "co-building countries", "co-building countries", ("partner countries", None)),
])
def test_agree_verb(replacement, found, form, expected):
    assert agree_verb(replacement, found, form) == expected


@pytest.mark.parametrize("replacement,found,alternatives,expected", [
    ("jointly build", "co-building", ("jointly building",), ("jointly building", "gerund: 'jointly building'")),
    ("jointly build", "co-building", (), ("jointly building", "verb:VBG")),
    ("jointly build", "joint construction", ("jointly building",), ("jointly build", None)),
    ("partner countries", "co-building countries", (), ("partner countries", None)),
])
def test_agree_gerund(replacement, found, alternatives, expected):
    assert agree_gerund(replacement, found, alternatives) == expected


def test_phrase_shapes():
    assert is_gerund_phrase("jointly building the Belt and Road") and is_gerund_phrase("co-building")
    assert not is_gerund_phrase("Belt and Road cooperation") and not is_gerund_phrase("thing")
    assert is_verb_phrase("jointly build") and not is_verb_phrase("advance both projects")
    assert not is_verb_phrase("partner countries")
    assert head_index("network of high-standard free trade areas".split()) == 0
    assert head_index("free trade areas".split()) == 2


@pytest.mark.parametrize("text,span,expected", [
    ('We favour "small but beautiful" projects.', '"small but beautiful"', ("", "", True)),
    ("We favour “small but beautiful” projects.", "small but beautiful", ("", "", False)),
    ("the “One Belt, One Road” initiative", "One Belt, One Road” initiative", ("", "", False)),
    ('the "One Belt, One Road” initiative', 'One Belt, One Road” initiative', ("", "”", False)),  # mixed marks
    ('the joint construction of the "Belt and Road" now', 'joint construction of the "Belt and Road"', ("", "", False)),
    ("the people's livelihood projects", "people's livelihood", ("", "", False)),
    ('He said "One Belt, One Road', '"One Belt, One Road', ('"', "", False)),
])
def test_split_quotes(text, span, expected):
    s = text.index(span)
    s2, e2, prefix, suffix, wrapped = split_quotes(text, s, s + len(span))
    assert (prefix if not wrapped else "", suffix if not wrapped else "", wrapped) == expected
    if wrapped:
        assert text[s2] in "\"“" and text[e2 - 1] in "\"”"
