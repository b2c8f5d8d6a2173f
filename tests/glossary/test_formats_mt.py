"""DeepL / Google / Amazon glossary exports and the rules each service sets."""

from __future__ import annotations

import csv
import io

import pytest

from bri_align import GlossaryError
from bri_align.glossary import Glossary, Rendering, Status, TermEntry
from bri_align.glossary.formats import csvs, dumps
from bri_align.glossary.formats._checks import bad_character, check_size, check_term


def entry(eid: str, zh: str, en: str, *variants: str, definition: str = "") -> TermEntry:
    return TermEntry(id=eid, zh=zh, zh_variants=variants, definition=definition,
                     renderings=(Rendering(en, Status.PREFERRED),
                                 Rendering(en + " (old)", Status.DEPRECATED)))


def unchecked(*entries: TermEntry) -> Glossary:
    """A glossary that skips model validation, to reach the exporters' own checks."""
    g = Glossary.from_entries([entry("placeholder", "占位", "placeholder")])
    object.__setattr__(g, "entries", tuple(entries))
    return g


# ------------------------------------------------------------------- DeepL
def test_deepl_tsv(mini_glossary):
    text = dumps(mini_glossary, format="deepl")
    raw = text.encode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf") and text.endswith("\n")
    rows = [line.split("\t") for line in text.split("\n")[:-1]]
    assert all(len(r) == 2 for r in rows)
    sources = [r[0] for r in rows]
    assert len(sources) == len(set(sources))
    expected = [(form, e.preferred.en) for e in mini_glossary for form in e.zh_forms]
    assert [tuple(r) for r in rows] == expected
    assert ("亚投行", "Asian Infrastructure Investment Bank") in expected
    for src, tgt in rows:
        for term in (src, tgt):
            assert term and term == term.strip() and bad_character(term) is None
            assert len(term.encode("utf-8")) <= 1024


def test_deepl_same_form_twice_in_one_entry_is_one_line():
    g = Glossary.from_entries([entry("x", "中文", "Chinese", "中文", "中文字")])
    assert dumps(g, format="deepl") == "中文\tChinese\n中文字\tChinese\n"


def test_deepl_term_over_1024_bytes():
    g = Glossary.from_entries([entry("long", "长" * 342, "long")])  # 1026 bytes
    with pytest.raises(GlossaryError, match=r"entry 'long' field 'zh': term '长+…' is 1026 UTF-8 "
                       r"bytes; DeepL accepts at most 1024 bytes per term: shorten it or leave"):
        dumps(g, format="deepl")


def test_a_c1_control_character_is_refused_by_the_model():
    with pytest.raises(GlossaryError, match=r"entry 'c1' field 'renderings\.en': English rendering "
                       r"'Chin\\u0085ese' contains the invisible or control character U\+0085"):
        Glossary.from_entries([entry("c1", "中文", "Chin\x85ese")])


def test_deepl_c1_control_character():
    g = unchecked(entry("c1", "中文", "Chin\x85ese"))  # the exporter checks again
    with pytest.raises(GlossaryError, match=r"entry 'c1' field 'renderings\.en': term 'Chin\\x85ese' "
                       r"contains the control character U\+0085, which DeepL rejects"):
        dumps(g, format="deepl")


def test_deepl_unique_source_terms():
    g = unchecked(entry("a", "中文", "Chinese"), entry("b", "中文", "Sinitic"))
    with pytest.raises(GlossaryError, match=r"entry 'b' field 'zh': source term '中文' is also a term "
                       r"of entry 'a'; DeepL needs unique source terms"):
        dumps(g, format="deepl")


def test_deepl_dictionary_size(mini_glossary, monkeypatch):
    monkeypatch.setattr(csvs, "DEEPL_MAX_BYTES", 100)
    with pytest.raises(GlossaryError, match=r"the DeepL glossary would be \d+ bytes; DeepL accepts at "
                       r"most 100 bytes .* export a subset"):
        dumps(mini_glossary, format="deepl")


def test_limits_are_the_documented_ones():
    assert csvs.DEEPL_MAX_TERM_BYTES == 1024 and csvs.DEEPL_MAX_BYTES == 10_485_760
    assert csvs.AMAZON_MAX_TERM_BYTES == 200 and csvs.AMAZON_MAX_BYTES == 10_485_760


@pytest.mark.parametrize("term, pattern", [
    ("", r"entry 'e' field 'f': empty term; S glossaries take no empty terms"),
    (" x", r"term ' x' has leading or trailing whitespace, which S rejects"),
    ("x\u2028y", r"contains the control character U\+2028"),
    ("a\tb", r"contains the control character U\+0009"),
    ("x\x7f", r"contains the control character U\+007F"),
    ("ab", r"term 'ab…' is 2 UTF-8 bytes; S accepts at most 1 bytes per term"),
])
def test_check_term(term, pattern):
    with pytest.raises(GlossaryError, match=pattern):
        check_term(term, service="S", entry_id="e", field="f", max_bytes=1)


def test_check_size():
    check_size("abc", service="S", limit=3)
    with pytest.raises(GlossaryError, match=r"the S glossary would be 4 bytes"):
        check_size("abcd", service="S", limit=3)


# ------------------------------------------------------------------ Google
def read_csv(text: str):
    return list(csv.reader(io.StringIO(text)))


def test_google_equivalent_term_sets(mini_glossary):
    rows = read_csv(dumps(mini_glossary, format="google"))
    assert rows[0] == ["zh-CN", "en", "description"]
    assert rows[1:] == [[e.zh, e.preferred.en, e.definition] for e in mini_glossary]
    assert len(rows) == len(mini_glossary) + 1


def test_google_without_definitions_has_two_columns():
    g = Glossary.from_entries([entry("a", "中文", 'Chinese, "the" language')])
    text = dumps(g, format="google")
    assert text == 'zh-CN,en\n中文,"Chinese, ""the"" language"\n'
    assert read_csv(text)[1] == ["中文", 'Chinese, "the" language']


def test_google_checks_terms_and_uniqueness():
    g = unchecked(entry("c1", "中文", "Chin\x85ese"))
    with pytest.raises(GlossaryError, match=r"entry 'c1' field 'renderings\.en'.*U\+0085.*Google"):
        dumps(g, format="google")
    g = unchecked(entry("a", "中文", "Chinese"), entry("b", "中文", "Sinitic"))
    with pytest.raises(GlossaryError, match=r"entry 'b' field 'zh': Chinese term '中文' is also the "
                       r"term of entry 'a'"):
        dumps(g, format="google")


# ------------------------------------------------------------------ Amazon
def test_amazon_csv(mini_glossary):
    rows = read_csv(dumps(mini_glossary, format="amazon"))
    assert rows[0] == ["zh", "en"]
    assert rows[1:] == [[form, e.preferred.en] for e in mini_glossary for form in e.zh_forms]


def test_amazon_term_over_200_bytes():
    g = Glossary.from_entries([entry("long", "中文", "x" * 201)])
    with pytest.raises(GlossaryError, match=r"entry 'long' field 'renderings\.en': term 'x+…' is 201 "
                       r"UTF-8 bytes; Amazon Translate accepts at most 200 bytes"):
        dumps(g, format="amazon")


def test_amazon_file_size(mini_glossary, monkeypatch):
    monkeypatch.setattr(csvs, "AMAZON_MAX_BYTES", 10)
    with pytest.raises(GlossaryError, match=r"the Amazon Translate glossary would be \d+ bytes"):
        dumps(mini_glossary, format="amazon")
