"""Term-level alignment: known renderings, link-derived spans, statuses, user terms, errors.

Sentences written by the bri_align project for these tests.  Word alignments are
given by hand so the tests do not depend on a trained aligner.
"""

from __future__ import annotations

import pytest

import functools

from bri_align.align.terms import (
    TermAligner,
    TermAlignment,
    find_term_occurrences,
)
from bri_align.align.terms import align_terms as _align_terms
from bri_align.align.reading import read_parallel, read_terms
from bri_align.align.tokenize import tokens_from_words
from bri_align.align.word import WordAlignment
from bri_align.errors import InputError
from bri_align.glossary import Glossary, Rendering, Status, TermEntry

LEX = {
    "推动": frozenset({"promote", "push"}), "深化": frozenset({"deepen"}), "合作": frozenset({"cooperation"}),
    "数字": frozenset({"digital"}), "转型": frozenset({"transformation", "transition"}),
    "企业": frozenset({"enterprise", "company"}), "加快": frozenset({"accelerate", "speed"}),
    "风": frozenset({"wind"}), "电": frozenset({"electricity", "electric"}), "项目": frozenset({"project"}),
    "构建": frozenset({"build", "construct"}), "扩大": frozenset({"expand", "enlarge"}),
}


# These tests check how spans are chosen, with hand-made links or none and a toy lexicon:
# the confidence model, fitted on the default word aligner's runs with CC-CEDICT, does not
# apply to them, so no span is withheld for its confidence (the threshold is tested in
# test_terms_generalise.py).
align_terms = functools.partial(_align_terms, min_confidence=0.0)


def aligned(zh_words, en_words, links):
    zh, zt = tokens_from_words(zh_words, sep="")
    en, et = tokens_from_words(en_words, sep=" ")
    return (zh, en), WordAlignment(tuple(zt), tuple(et), tuple(links))


def one(result, zh):
    hits = [r for r in result if r.zh == zh]
    assert len(hits) == 1, result
    return hits[0]


def test_known_rendering_wins_over_links(mini_glossary):
    pair, wa = aligned(["我们", "要", "深化", "共建“一带一路”", "。"],
                       ["We", "will", "deepen", "joint", "construction", "of", "the", "Belt", "and", "Road", "."],
                       [(0, 0), (1, 1), (2, 2), (3, 3), (3, 4)])  # the links miss most of the rendering
    res = align_terms([pair], glossary=mini_glossary, word_alignments=[wa], lexicon=LEX)
    r = one(res, "共建“一带一路”")
    assert r.en == "joint construction of the Belt and Road"
    assert pair[1][r.en_start:r.en_end] == r.en
    assert (r.status, r.entry_id, r.evidence, r.score, r.line) == (
        "deprecated", "joint-bri", "rendering", 1.0, 1)


@pytest.mark.parametrize("en_words,expected,status", [
    (["small", "yet", "smart", "projects"], "small yet smart", "preferred"),
    (["small", "but", "beautiful", "projects"], "small but beautiful", "deprecated"),
])
def test_status_of_known_rendering(mini_glossary, en_words, expected, status):
    pair, wa = aligned(["小而美", "项目"], en_words, [(0, 0), (0, 2), (1, 3)])
    r = one(align_terms([pair], glossary=mini_glossary, word_alignments=[wa], lexicon=LEX), "小而美")
    assert (r.en, r.status) == (expected, status)


def test_link_derived_new_rendering(mini_glossary):
    pair, wa = aligned(["要", "推动", "小而美", "项目"],
                       ["We", "should", "promote", "modest", "but", "useful", "projects"],
                       [(1, 2), (2, 3), (2, 4), (2, 5), (3, 6)])
    r = one(align_terms([pair], glossary=mini_glossary, word_alignments=[wa], lexicon=LEX), "小而美")
    assert (r.en, r.status, r.evidence) == ("modest but useful", "new", "alignment")
    assert 0.0 < r.score <= 1.0


def test_link_span_trims_articles_and_punctuation():
    pair, wa = aligned(["企业", "加快", "数字化转型", "。"],
                       ["Companies", "speed", "up", "the", "digital", "transformation", "."],
                       [(0, 0), (1, 1), (1, 2), (2, 3), (2, 4), (2, 5), (3, 6)])
    r = one(align_terms([pair], terms=["数字化转型"], word_alignments=[wa], lexicon=LEX), "数字化转型")
    assert (r.en, r.status, r.kind, r.entry_id) == ("digital transformation", "new", "user", None)


def test_dictionary_alone_without_links():
    pair = ("企业正在加快数字化转型。", "Companies are speeding up their digital transformation.")
    r = one(align_terms([pair], terms=["数字化转型"], method="none", lexicon=LEX), "数字化转型")
    assert r.en == "digital transformation"


def test_unaligned_when_no_evidence():
    pair = ("风电项目很多。", "There are many of them.")
    r = one(align_terms([pair], terms=["风电"], method="none", lexicon=LEX), "风电")
    assert (r.en, r.en_start, r.status, r.score) == (None, None, "unaligned", 0.0)


def test_consistency_prefers_the_rendering_used_elsewhere():
    p1, w1 = aligned(["风电", "项目"], ["wind", "power", "projects"], [(0, 0), (0, 1), (1, 2)])
    p3, w3 = aligned(["发展", "风电"], ["develop", "wind", "power"], [(1, 1)])  # "power" left unlinked
    alone = align_terms([p3], terms=["风电"], word_alignments=[w3], lexicon=LEX)
    assert [r.en for r in alone] == ["wind"]
    res = align_terms([p1, p1, p3], terms=["风电"], word_alignments=[w1, w1, w3], lexicon=LEX)
    assert [r.en for r in res] == ["wind power", "wind power", "wind power"]
    no_cons = align_terms([p1, p1, p3], terms=["风电"], word_alignments=[w1, w1, w3], lexicon=LEX,
                          consistency=False)
    assert [r.en for r in no_cons] == ["wind power", "wind power", "wind"]


def _variant_glossary():
    e = TermEntry(id="community", zh="人类命运共同体", zh_variants=("推动构建人类命运共同体",), renderings=(
        Rendering("community with a shared future for mankind", Status.ADMITTED),
        Rendering("global community of shared future", Status.PREFERRED)))
    return Glossary.from_entries([e], name="variant")


def test_variant_extra_material_extends_rendering():
    pair, wa = aligned(["我们", "愿", "推动构建人类命运共同体", "。"],
                       ["We", "will", "build", "a", "global", "community", "of", "shared", "future", "."],
                       [(0, 0), (1, 1), (2, 2), (2, 5), (3, 9)])
    r = one(align_terms([pair], glossary=_variant_glossary(), word_alignments=[wa], lexicon=LEX),
            "推动构建人类命运共同体")
    assert r.en == "build a global community of shared future"
    assert r.status == "preferred"


def test_no_extension_for_the_base_form():
    pair, wa = aligned(["人类命运共同体", "正在", "形成"],
                       ["A", "global", "community", "of", "shared", "future", "is", "forming"],
                       [(0, 2), (0, 7)])
    r = one(align_terms([pair], glossary=_variant_glossary(), word_alignments=[wa], lexicon=LEX), "人类命运共同体")
    assert r.en == "global community of shared future"


def test_quote_inside_span_is_closed(mini_glossary):
    pair = ("共建“一带一路”取得成就。", 'The joint construction of the "Belt and Road" has succeeded.')
    r = one(align_terms([pair], glossary=mini_glossary, method="none", lexicon=LEX), "共建“一带一路”")
    assert r.en == 'joint construction of the "Belt and Road"'


def test_glossary_and_user_terms_together(mini_glossary):
    pair = ("我们要走出去，加快数字化转型。", "We will go global and speed up digital transformation.")
    res = align_terms([pair], glossary=mini_glossary, terms=["数字化转型", "走出去"], method="none", lexicon=LEX)
    assert [(r.zh, r.kind, r.status) for r in res] == [
        ("走出去", "glossary", "preferred"), ("数字化转型", "user", "new")]


def test_find_occurrences_user_terms_normalised():
    occ = find_term_occurrences("推動數字化轉型和数字化转型", user_terms=["数字化转型"])
    assert [(o.start, o.end, o.kind) for o in occ] == [(2, 7, "user"), (8, 13, "user")]


def test_record_roundtrip():
    r = TermAlignment(3, "风电", 0, 2, "wind power", 0, 10, 0.8, "new", None, "user", "alignment")
    assert TermAlignment.from_dict(r.to_dict()) == r


def test_signature(mini_glossary):
    sig = TermAligner(glossary=mini_glossary, method="none", lexicon=LEX).signature()
    assert sig.startswith("term-aligner:term-align.v3|word-aligner:none|lexicon:mapping|max_len:12")
    assert "|consistency:yes|min_score:0.3|min_confidence:0|lexical:graded|abbreviations:15|split_at_terms:yes|" in sig
    assert "glossary:glossary:" in sig
    assert sig.count("bri_align:") == 1
    v1 = TermAligner(glossary=mini_glossary, method="none", lexicon=LEX, lexical="words", split_at_terms=False)
    assert "|lexical:words|split_at_terms:no|" in v1.signature()


# ------------------------------------------------- graded dictionary coverage
# Lexicons as mappings: a value may hold a whole gloss phrase ("import and export").
def _user(pair, term, lexicon, **kw):
    return one(align_terms([pair], terms=[term], method="none", lexicon=lexicon, **kw), term)


@pytest.mark.parametrize("pair,term,lexicon,graded,v1", [
    # a gloss of several words: the span takes all of them, not the first one found
    (("两国进出口总额增长。", "Total imports and exports between the two countries rose."), "进出口",
     {"进出口": frozenset({"import and export"})}, "imports and exports", "imports"),
    (("降低中小企业成本。", "It lowers costs for small and medium-sized enterprises."), "中小企业",
     {"中小企业": frozenset({"small and medium enterprise"})}, "small and medium-sized enterprises",
     "small"),
    # a split into dictionary pieces: 水电 + 站
    (("这座水电站发电。", "The hydroelectric power station generates electricity."), "水电站",
     {"水电站": frozenset({"hydroelectric power plant"}), "水电": frozenset({"hydroelectric power"}),
      "站": frozenset({"station"})}, "hydroelectric power station", "hydroelectric"),
    # each English word renders one unit: "lowering" cannot stand for both 减 and 降
    (("继续减税降费。", "We continue reducing taxes and lowering fees."), "减税降费",
     {"减税": frozenset({"tax cut"}), "减": frozenset({"reduce", "lower"}), "税": frozenset({"tax"}),
      "降": frozenset({"lower"}), "费": frozenset({"fee"})}, "reducing taxes and lowering fees",
     "lowering fees"),
])
def test_graded_coverage(pair, term, lexicon, graded, v1):
    assert _user(pair, term, lexicon).en == graded
    assert _user(pair, term, lexicon, lexical="words", split_at_terms=False).en == v1


ABBR = {"风": frozenset({"wind"}), "电": frozenset({"electricity", "electric"}),
        "电力": frozenset({"electric power", "power"}), "维": frozenset({"maintain"}),
        "运营": frozenset({"operate", "operation"}), "运": frozenset({"move", "transport"})}


def test_abbreviated_character_takes_the_glosses_of_frequent_words():
    # 电 alone has no "power"; as the abbreviation of a frequent word such as 电力 it has
    pair = ("大力发展风电。", "We will vigorously develop wind power.")
    assert _user(pair, "风电", ABBR).en == "wind power"
    assert _user(pair, "风电", ABBR, abbreviations=0).en == "wind"


def test_abbreviation_glosses_extend_but_never_anchor():
    pair = ("中方提供运维服务。", "China provides operation and maintenance services.")
    assert _user(pair, "运维", ABBR).en == "operation and maintenance"
    alone = _user(("中方负责运维。", "China handles the operations."), "运维", ABBR)
    assert (alone.en, alone.status) == (None, "unaligned")


def test_acronym_of_a_gloss():
    pair = ("降低中小企业成本。", "It lowers costs for SMEs.")
    lex = {"中小企业": frozenset({"small and medium enterprise"})}
    assert _user(pair, "中小企业", lex).en == "SMEs"
    assert _user(pair, "中小企业", lex, lexical="words").en is None


def test_unlinked_modifier_joins_the_noun_phrase():
    pair, wa = aligned(["老旧", "的", "电网", "不堪重负"], ["The", "ageing", "power", "grid", "struggles"],
                       [(0, 1), (2, 3), (3, 4)])
    r = one(align_terms([pair], terms=["电网"], word_alignments=[wa], lexicon=LEX), "电网")
    assert r.en == "power grid"  # "ageing" is linked to 老旧, outside the term
    v1 = align_terms([pair], terms=["电网"], word_alignments=[wa], lexicon=LEX, lexical="words")
    assert [x.en for x in v1] == ["grid"]


def test_tokens_are_cut_at_term_edges():
    from bri_align.align.tokenize import Token, split_tokens

    zh = "中企承建的污水处理厂"
    toks = [Token("中企", 0, 2), Token("承建", 2, 4), Token("的", 4, 5), Token("污水", 5, 7), Token("处理厂", 7, 10)]
    cut = split_tokens(toks, [5, 9])  # the edges of the user term 水处理 (5-9)
    assert [(t.text, t.start, t.end) for t in cut][-2:] == [("处理", 7, 9), ("厂", 9, 10)]
    assert all(zh[t.start:t.end] == t.text for t in cut)


@pytest.mark.parametrize("kwargs,match", [
    (dict(), "give a glossary, a list of terms, or both"),
    (dict(terms=["风电"], max_len=0), "max_len must be at least 1"),
    (dict(terms=["风电", 3]), "term 2 must be a str"),
    (dict(terms=["风电"], lexical="phrases"), "unknown lexical evidence 'phrases'; choose one of graded, words"),
    (dict(terms=["风电"], abbreviations=-1), "abbreviations must be 0 or more, got -1"),
])
def test_option_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        TermAligner(**kwargs)


def test_pair_errors():
    with pytest.raises(InputError, match="pairs must be a list of"):
        align_terms("风电", terms=["风电"], method="none", lexicon=LEX)
    with pytest.raises(InputError, match="pair 2 is not a"):
        align_terms([("风电", "wind"), ("风电",)], terms=["风电"], method="none", lexicon=LEX)
    pair, wa = aligned(["风电"], ["wind", "power"], [(0, 0)])
    with pytest.raises(InputError, match="got 1 word alignments for 2 pairs"):
        align_terms([pair, pair], terms=["风电"], word_alignments=[wa], lexicon=LEX)


# ----------------------------------------------------------------- file input
def write(tmp_path, name, data):
    p = tmp_path / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p


def test_read_parallel_ok(tmp_path):
    zh = write(tmp_path, "a.zh", "风电项目。\n数字化转型。\n")
    en = write(tmp_path, "b.en", "Wind power projects.\nDigital transformation.\n")
    assert read_parallel(zh, en) == [("风电项目。", "Wind power projects."), ("数字化转型。", "Digital transformation.")]


@pytest.mark.parametrize("zh_data,en_data,match,bad", [
    ("风电。\n数字。\n", "Wind.\n", r"has 1 lines but the Chinese file .* has 2; the files must be line-parallel", "en"),
    ("", "Wind.\n", "Chinese file is empty", "zh"),
    ("风电。\n", b"\xff\xfe", "invalid UTF-8", "en"),
    ("Wind power.\n", "风电。\n", "Chinese file should be Chinese but looks English", "zh"),
])
def test_read_parallel_errors(tmp_path, zh_data, en_data, match, bad):
    zh = write(tmp_path, "a.zh", zh_data)
    en = write(tmp_path, "b.en", en_data)
    with pytest.raises(InputError, match=match) as info:
        read_parallel(zh, en)
    assert str(zh if bad == "zh" else en) in str(info.value)


def test_read_terms(tmp_path):
    p = write(tmp_path, "terms.txt", "# my terms\n风电\n\n数字化转型\n")
    assert read_terms(p) == ["风电", "数字化转型"]
    with pytest.raises(InputError, match=r"terms\.txt:2: a term list has one Chinese term per line and no tabs"):
        read_terms(write(tmp_path, "terms.txt", "风电\n数字化转型\tdigital transformation\n"))
    with pytest.raises(InputError, match="term list has no terms"):
        read_terms(write(tmp_path, "terms.txt", "# nothing\n\n"))
    with pytest.raises(InputError, match="term list is empty"):
        read_terms(write(tmp_path, "terms.txt", ""))


# ------------------------------------------------- the matched rendering travels with the record
def test_record_carries_the_matched_rendering(mini_glossary):
    pair, wa = aligned(["我们", "要", "深化", "共建“一带一路”", "。"],
                       ["We", "will", "deepen", "joint", "construction", "of", "the", "Belt", "and", "Road", "."],
                       [(0, 0), (1, 1), (2, 2), (3, 3), (3, 4)])
    r = one(align_terms([pair], glossary=mini_glossary, word_alignments=[wa], lexicon=LEX), "共建“一带一路”")
    m = r.rendering
    assert m is not None and (m.status, m.text) == ("deprecated", "joint construction of the Belt and Road")
    rendering = mini_glossary.get("joint-bri").rendering(m.form)
    assert rendering is not None and (m.literal, m.reason) == (rendering.literal, rendering.reason)
    assert pair[1][m.start:m.end] == m.text
    d = r.to_dict()
    assert d["rendering"]["form"] == m.form and TermAlignment.from_dict(d) == r
    # the terms-align JSONL keys are all still there
    assert {"line", "zh", "zh_start", "zh_end", "en", "en_start", "en_end", "score", "status", "entry_id",
            "kind", "evidence"} <= set(d)


def test_user_terms_have_no_matched_rendering():
    pair, wa = aligned(["风电", "项目"], ["wind", "power", "projects"], [(0, 0), (0, 1), (1, 2)])
    r = one(align_terms([pair], terms=["风电"], word_alignments=[wa], lexicon=LEX), "风电")
    assert r.rendering is None and r.to_dict()["rendering"] is None


def test_en_matches_must_match_pairs(mini_glossary):
    with pytest.raises(InputError, match="got 2 English match lists for 1 pairs"):
        TermAligner(glossary=mini_glossary, method="none", lexicon=LEX).align(
            [("我们支持一带一路。", "We support the Belt and Road.")], en_matches=[[], []])


# ------------------------------------------------- one glossary convention
def test_glossary_path_string_works():
    res = align_terms([("我们支持一带一路。", "We support the Belt and Road Initiative.")],
                      glossary="corpora/termbase", method="none", lexicon=LEX)
    assert [(r.zh, r.en, r.status) for r in res] == [("一带一路", "Belt and Road Initiative", "preferred")]


@pytest.mark.parametrize("kw", [dict(glossary="no/such/termbase"), dict(terms=["风电"], alignment_glossary="no/such/termbase")])
def test_glossary_bad_path_is_located(kw):
    from bri_align.errors import BriAlignError

    with pytest.raises(BriAlignError, match="no/such/termbase"):
        TermAligner(method="none", lexicon=LEX, **kw)


def test_glossary_wrong_type():
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        align_terms([("风电。", "Wind power.")], glossary=42, method="none")
    with pytest.raises(InputError, match=r"field 'alignment_glossary'.*glossary must be a Glossary"):
        TermAligner(terms=["风电"], alignment_glossary=[1], method="none")


def test_glossary_none_is_no_glossary():
    aligner = TermAligner(terms=["风电"], method="none", lexicon=LEX)
    assert aligner.glossary is None and "glossary:none" in aligner.signature()
