"""Tests of bri_align.glossary_build.candidates: quoted phrases, n-grams, C-value ranking."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bri_align import TermMatcher
from bri_align.errors import InputError
from bri_align.glossary_build.candidates import Candidate, candidates_tsv, find_candidates
from bri_align.glossary_build.seeds import match_seed, read_seed


def _docs(tmp_path: Path, glossary, texts):
    docs = []
    for k, text in enumerate(texts):
        p = tmp_path / f"d{k}.txt"
        p.write_text(text, encoding="utf-8")
        doc = read_seed(p.name, p)
        docs.append(match_seed(doc, TermMatcher(glossary, lang=doc.lang), glossary))
    return docs


def _find(tmp_path, glossary, *texts, **kw):
    docs = _docs(tmp_path, glossary, texts)
    matchers = {lang: TermMatcher(glossary, lang=lang) for lang in {d.lang for d in docs}}
    return find_candidates(docs, matchers=matchers, **kw)


QUOTED = [
    ("We need “soft connectivity” now.", "soft connectivity"),
    ('We need "heart connectivity" now.', "heart connectivity"),
    ("We need 'blood creation' now.", "blood creation"),
    ("We need ‘blood transfusion’ now.", "blood transfusion"),
    ("We need 「green finance」 now.", "green finance"),
    ("Read 《the Plan》 today.", "the Plan"),
    ('He said "helping the small with the big." Then left.', "helping the small with the big"),
]


@pytest.mark.parametrize("text,expected", QUOTED)
def test_quoted_phrases(tmp_path, mini_glossary, text, expected):
    cands = _find(tmp_path, mini_glossary, text + "\n")
    quoted = [c.text for c in cands if c.kind == "quoted"]
    assert quoted == [expected]
    c = cands[0]
    assert c.count == 1 and c.score == 1.0
    src = (tmp_path / c.file).read_text(encoding="utf-8")
    assert src[c.char_start:c.char_end] == expected


@pytest.mark.parametrize("text", [
    "The people's livelihood and the country's future.",  # apostrophes are not quotes
    'The "Belt and Road" and "One Belt, One Road".',  # termbase forms
    "It is the 'joint construction of the Belt and Road'.",  # a whole (deprecated) form
    'Numbers "2023" and "..." are no phrases.',
])
def test_not_quoted_candidates(tmp_path, mini_glossary, text):
    cands = _find(tmp_path, mini_glossary, text + "\n")
    assert [c.text for c in cands if c.kind == "quoted"] == []


def test_quoted_phrase_containing_a_term_keeps_its_ids(tmp_path, mini_glossary):
    cands = _find(tmp_path, mini_glossary, 'We want "high-quality joint construction of the Belt and Road".\n')
    assert [(c.text, c.contains) for c in cands] == [
        ("high-quality joint construction of the Belt and Road", ("joint-bri",))]


def test_ngrams_and_c_value(tmp_path, mini_glossary):
    text = ("We build renewable energy policy in spring.\n"
            "They like renewable energy policy in summer.\n"
            "Some renewable energy arrives in autumn.\n"
            "The green finance of the region grows.\n")
    cands = _find(tmp_path, mini_glossary, text)
    got = {c.text: (c.count, round(c.score, 4)) for c in cands}
    # C(a) = log2|a| * f(a); nested: log2|a| * (f(a) - sum f(b) / |T_a|)
    assert got["renewable energy policy"] == (2, round(math.log2(3) * 2, 4))
    assert got["renewable energy"] == (3, round(math.log2(2) * (3 - 2 / 1), 4))
    assert "energy policy" not in got  # always inside "renewable energy policy": C = 0
    assert "green finance" not in got  # seen once
    assert [c.text for c in cands] == ["renewable energy policy", "renewable energy"]


def test_ngram_rules(tmp_path, mini_glossary):
    text = ("Projects of the future, of the future.\n"  # stopword edges, punctuation breaks
            "We go global and go global again.\n"  # a termbase form is no candidate
            "2023 plans and 2023 plans.\n"  # bare numbers at an edge
            "Luo Yuze: the Silk Road.\n"  # speaker labels are skipped
            "Luo Yuze: the Silk Road fund.\n")
    cands = _find(tmp_path, mini_glossary, text)
    texts = [c.text for c in cands]
    assert "Silk Road" in texts
    for bad in ("of the future", "the future", "go global", "2023 plans", "Luo Yuze"):
        assert bad not in texts


def test_ngrams_never_cross_a_term(tmp_path, mini_glossary):
    text = "Belt and Road cooperation grows. Belt and Road cooperation grows again.\n"
    texts = [c.text for c in _find(tmp_path, mini_glossary, text)]
    assert not any("cooperation grows" != t and "cooperation" in t and "Belt" not in t for t in texts)
    assert "Road cooperation" not in texts
    assert "Belt and Road cooperation grows" in texts  # contains a whole term: kept


def test_repeated_sentences_count_once(tmp_path, mini_glossary):
    cands = _find(tmp_path, mini_glossary, "Green finance matters.\nGreen finance matters.\n")
    assert cands == []
    cands = _find(tmp_path, mini_glossary, "Green finance matters.\nGreen finance grows.\n")
    assert [c.text for c in cands] == ["Green finance"]


def test_chinese_candidates(tmp_path, mini_glossary):
    text = ("我们推动绿色丝绸之路建设。\n"
            "继续推进绿色丝绸之路建设和“小而美”项目。\n"
            "各方支持“数字丝绸之路”。\n"
            "记者：绿色丝绸之路的前景如何？\n")
    cands = _find(tmp_path, mini_glossary, text)
    by_text = {c.text: c for c in cands}
    assert by_text["数字丝绸之路"].kind == "quoted"
    assert "小而美" not in by_text  # a termbase form
    green = [c for c in cands if c.kind == "ngram" and "绿色丝绸之路" in c.text]
    assert green and all(c.lang == "zh" for c in green)
    src = (tmp_path / green[0].file).read_text(encoding="utf-8")
    assert src[green[0].char_start:green[0].char_end] == green[0].text
    assert cands[0].kind == "quoted"  # quoted phrases rank first


def test_candidate_round_trip_and_tsv():
    c = Candidate(text="soft\tconnectivity", lang="en", kind="quoted", count=2, length=2, score=2.0,
                  files=("a.txt",), file="a.txt", char_start=1, char_end=18, example="x\ny", contains=())
    assert Candidate.from_dict(c.to_dict()) == c
    tsv = candidates_tsv([c]).splitlines()
    assert len(tsv) == 2 and tsv[1].split("\t")[1] == "soft connectivity"
    assert tsv[1].split("\t")[-1] == "x y"


def test_bad_options(tmp_path, mini_glossary):
    from bri_align.errors import InputError

    with pytest.raises(InputError, match=r"field 'min_count': need min_count >= 1 .* got min_count=0"):
        _find(tmp_path, mini_glossary, "x\n", min_count=0)


def test_find_candidates_takes_a_glossary_instead_of_matchers(tmp_path, mini_glossary):
    texts = ("We need “soft connectivity” and green silk roads. Green silk roads again.",
             "坚持“小而美”项目。")
    docs = _docs(tmp_path, mini_glossary, texts)
    by_matchers = find_candidates(docs, matchers={lang: TermMatcher(mini_glossary, lang=lang)
                                                  for lang in ("en", "zh")})
    assert by_matchers  # the comparison below is not vacuous
    assert find_candidates(docs, mini_glossary) == by_matchers


def test_find_candidates_refuses_a_glossary_and_matchers(tmp_path, mini_glossary):
    docs = _docs(tmp_path, mini_glossary, ["Green silk roads. Green silk roads."])
    with pytest.raises(InputError, match=r"field 'matchers': give either a glossary or the matchers"):
        find_candidates(docs, mini_glossary, matchers={"en": TermMatcher(mini_glossary, lang="en")})
