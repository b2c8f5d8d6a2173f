"""TermMatcher: table-driven cases for Chinese and English matching."""

from __future__ import annotations

import pytest

from bri_align import InputError, Status, TermMatcher


@pytest.fixture(scope="module")
def zh(mini_glossary):
    return TermMatcher(mini_glossary, lang="zh")


@pytest.fixture(scope="module")
def en(mini_glossary):
    return TermMatcher(mini_glossary, lang="en")


def spans(matches, text):
    return [(m.entry_id, text[m.start:m.end]) for m in matches]


ZH_CASES = [
    # nested: 共建“一带一路” wins over 一带一路, whatever the quote style
    ("推动共建「一带一路」从“大写意”转向\"工笔画\"",
     [("joint-bri", "共建「一带一路」"), ("big-freehand", "大写意"), ("meticulous", "工笔画")]),
    ("共建“一带一路”", [("joint-bri", "共建“一带一路”")]),
    ("共建一带一路", [("joint-bri", "共建一带一路")]),
    ("共建『一帶一路』倡議", [("joint-bri", "共建『一帶一路』")]),
    ("“一带一路”倡议", [("belt-and-road-initiative", "一带一路")]),
    ("亞投行和亚洲基础设施投资银行", [("aiib", "亞投行"), ("aiib", "亚洲基础设施投资银行")]),
    ("坚持走出去", [("going-global", "走出去")]),
    ("“小而美”项目", [("small-and-smart", "小而美")]),
    ("没有术语", []),
]


@pytest.mark.parametrize("text,expected", ZH_CASES)
def test_zh_longest_non_overlapping(zh, text, expected):
    assert spans(zh.find(text), text) == expected


def test_zh_all_matches_includes_nested(zh):
    text = "推动共建「一带一路」"
    got = spans(zh.find(text, all_matches=True), text)
    assert got == [("joint-bri", "共建「一带一路」"), ("belt-and-road-initiative", "一带一路")]


EN_CASES = [
    ("the Belt and Road Initiative", [("belt-and-road-initiative", "Belt and Road Initiative", Status.PREFERRED)]),
    ("BELT AND ROAD initiatives", [("belt-and-road-initiative", "BELT AND ROAD initiatives", Status.PREFERRED)]),
    ("“One Belt, One Road” is old", [("belt-and-road-initiative", "One Belt, One Road", Status.DEPRECATED)]),
    ("Small-But-Beautiful projects", [("small-and-smart", "Small-But-Beautiful", Status.DEPRECATED)]),
    ("the joint construction of the \"Belt and Road\" is",
     [("joint-bri", "joint construction of the \"Belt and Road\"", Status.DEPRECATED)]),
    ("firms going global", [("going-global", "going global", Status.PREFERRED)]),
    ("the AIIB's role", [("aiib", "AIIB", Status.ADMITTED)]),
    ("Belt and Roadside", []),  # word boundary
    ("FAIIB", []),
]


@pytest.mark.parametrize("text,expected", EN_CASES)
def test_en_matching(en, text, expected):
    got = [(m.entry_id, text[m.start:m.end], m.status) for m in en.find(text)]
    assert got == expected


def test_en_seed_occurrences(en, seed_text):
    found = en.find(seed_text)
    for m in found:
        assert seed_text[m.start:m.end] == m.text
    texts = [m.text.lower() for m in found]
    assert texts.count("one belt, one road") == 2
    assert sum("small but beautiful" in t for t in texts) == 3
    assert "big freehand brushwork" in texts


def test_offsets_point_into_original(zh):
    text = "（一）高質量推進共建「一帶一路」，從“大寫意”到“工筆畫”。"
    for m in zh.find(text):
        assert text[m.start:m.end] == m.text


def test_bad_arguments(mini_glossary):
    with pytest.raises(InputError, match="unknown language 'fr'"):
        TermMatcher(mini_glossary, lang="fr")
    with pytest.raises(InputError, match="text must be a str"):
        TermMatcher(mini_glossary).find(b"bytes")  # type: ignore[arg-type]


def test_quotes_around_part_of_a_term_are_taken_along():
    from bri_align import Glossary, Rendering, TermEntry

    g = Glossary.from_entries([
        TermEntry(id="plan-period", zh="十五五时期",
                  renderings=(Rendering("15th Five-Year Plan period", Status.PREFERRED),)),
    ])
    m = TermMatcher(g, lang="en")
    for text, expected in [
        ("During the “15th Five-Year Plan” period, we", "“15th Five-Year Plan” period"),
        ('During the "15th Five-Year Plan" period, we', '"15th Five-Year Plan" period'),
        ("the 15th Five-Year Plan period", "15th Five-Year Plan period"),
    ]:
        assert [x.text for x in m.find(text)] == [expected]


def test_exact_rendering_beats_another_entrys_inflection():
    from bri_align import Glossary, Rendering, TermEntry

    g = Glossary.from_entries([
        TermEntry(id="developed", zh="发达国家", renderings=(Rendering("developed countries", Status.PREFERRED),)),
        TermEntry(id="developing", zh="发展中国家",
                  renderings=(Rendering("developing countries", Status.PREFERRED),)),
        TermEntry(id="go-global", zh="走出去", renderings=(Rendering("go global", Status.PREFERRED),)),
    ])
    m = TermMatcher(g, lang="en")
    got = [(x.entry_id, x.text) for x in m.find("developing countries, developed countries, going global")]
    assert got == [("developing", "developing countries"), ("developed", "developed countries"),
                   ("go-global", "going global")]


def test_dash_and_full_width_plus_variants_in_chinese():
    from bri_align import Glossary, Rendering, TermEntry

    g = Glossary.from_entries([
        TermEntry(id="china-asean", zh="中国-东盟", renderings=(Rendering("China-ASEAN", Status.PREFERRED),)),
        TermEntry(id="ai-plus", zh="人工智能+", renderings=(Rendering("AI Plus", Status.PREFERRED),)),
    ])
    m = TermMatcher(g, lang="zh")
    text = "中国—东盟、中国－东盟和“人工智能＋”行动"
    assert [(x.entry_id, x.text) for x in m.find(text)] == [
        ("china-asean", "中国—东盟"), ("china-asean", "中国－东盟"), ("ai-plus", "人工智能＋")]


def test_latin_or_digit_edges_in_chinese():
    from bri_align import Glossary, Rendering, TermEntry

    g = Glossary.from_entries([
        TermEntry(id="msr", zh="21世纪海上丝绸之路", renderings=(Rendering("21st Century Maritime Silk Road",
                                                                           Status.PREFERRED),)),
        TermEntry(id="ai", zh="AI", renderings=(Rendering("AI", Status.PREFERRED),)),
    ])
    m = TermMatcher(g, lang="zh")
    text = "共建21世纪海上丝绸之路，AI合作，MAIL不算，321世纪海上丝绸之路不算"
    assert [(x.entry_id, x.text) for x in m.find(text)] == [("msr", "21世纪海上丝绸之路"), ("ai", "AI")]


@pytest.mark.parametrize("rendering,expected,absent", [
    ("developed countries", {"developed country"}, {"developing countries", "developed countrieses"}),
    ("Belt and Road Initiative", {"belt and road initiatives"}, {"belting and road initiative"}),
    ("go global", {"going global", "goes global"}, {"go globals"}),
    ("economies of scale", {"economy of scale"}, {"economies of scales"}),
    ("AIIB", set(), {"aiibs"}),
    ("build a community", {"building a community"}, set()),
    ("sense of gain", {"senses of gain"}, {"sensing of gain"}),
])
def test_english_variants(rendering, expected, absent):
    from bri_align.matching import english_variants

    got = set(english_variants(rendering))
    assert expected <= got
    assert not (absent & got)


def test_single_curly_quotes_in_chinese_are_quotes(zh):
    text = "推动共建‘一带一路’高质量发展"
    assert [(m.entry_id, m.text) for m in zh.find(text)] == [("joint-bri", "共建‘一带一路’")]


# ---------------------------------------------------------- long-text (numpy) path
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bri_align.matching import matcher as matcher_module  # noqa: E402

# glossary forms, their traditional and quoted spellings, Latin edges, spaces, near misses
_PIECES = ["一带一路", "一帶一路", "共建", "“", "”", "「", "」", '"', "'", "大写意", "大寫意",
           "工笔画", "亞投行", "亚洲基础设施投资银行", "小而美", "走出去", "AI", "ＡＩ", "2025",
           " ", "\n", "，", "。", "的", "乾", "A", "一带", "路"]


def _per_hit(matcher, text, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(matcher_module, "_VECTOR_MIN", 10**9)
        return matcher.find(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=400))
def test_long_text_path_gives_the_per_hit_paths_matches(zh, monkeypatch, pieces):
    text = "".join(pieces)
    with monkeypatch.context() as m:
        m.setattr(matcher_module, "_VECTOR_MIN", 1)
        fast = zh.find(text)
    assert fast == _per_hit(zh, text, monkeypatch)
    for match in fast:
        assert text[match.start:match.end] == match.text


def test_long_text_path_on_a_long_document(zh, monkeypatch):
    text = "推动共建「一带一路」从“大写意”转向\"工笔画\"，亞投行与“小而美”项目。" * 300
    assert len(text) >= matcher_module._VECTOR_MIN
    got = zh.find(text)
    assert len(got) == 5 * 300
    assert got == _per_hit(zh, text, monkeypatch)


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_pause_restores_the_collectors_state(enabled):
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with pytest.raises(RuntimeError):
            with matcher_module._gc_paused():
                assert not gc.isenabled()
                raise RuntimeError
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_term_matches_whatever_characters_surround_it():
    """OpenCC's phrase-aware t2s turns 回覆 into 回复 even in simplified text (来回覆盖 ->
    来回复盖); folding character by character keeps 覆盖 in place, so the term is found."""
    from bri_align import Glossary, Rendering, TermEntry
    from bri_align.text.normalize import to_simplified

    g = Glossary.from_entries([TermEntry(id="coverage", zh="覆盖",
                                         renderings=(Rendering("coverage", Status.PREFERRED),))])
    text = "信号来回覆盖全城"
    assert "覆盖" not in to_simplified(text)  # what phrase-level conversion would have matched
    assert [(m.entry_id, m.text) for m in TermMatcher(g).find(text)] == [("coverage", "覆盖")]


def _edge_glossary():
    from bri_align import Glossary, Rendering, TermEntry

    def entry(id_, zh, en, variants=()):
        return TermEntry(id=id_, zh=zh, zh_variants=tuple(variants),
                         renderings=(Rendering(en, Status.PREFERRED),))

    return Glossary.from_entries([
        entry("ai-governance", "AI治理", "AI governance"),
        entry("five-g", "5G", "5G"),
        entry("made-in-china-2025", "中国制造2025", "Made in China 2025"),
        entry("ai", "AI", "artificial intelligence", ["人工智能"]),
        entry("bri", "一带一路", "Belt and Road", ["一帶一路"]),
        entry("silk-road-fund", "丝路基金", "Silk Road Fund"),
    ])


_EDGE_PIECES = ["AI", "ＡＩ", "治理", "5G", "5", "G", "中国制造", "2025", "20250", "一带一路", "丝路",
                "基金", "人工智能", "MAIL", " ", "“", "”", "a", "9", "，"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_EDGE_PIECES), min_size=1, max_size=300))
def test_long_text_path_keeps_latin_and_digit_word_boundaries(monkeypatch, pieces):
    matcher = _EDGE_MATCHER
    text = "".join(pieces)
    with monkeypatch.context() as m:
        m.setattr(matcher_module, "_VECTOR_MIN", 1)
        fast = matcher.find(text)
    assert fast == _per_hit(matcher, text, monkeypatch)


_EDGE_MATCHER = TermMatcher(_edge_glossary(), lang="zh")


def test_latin_edge_terms_in_a_long_text():
    text = "发展AI治理与5G网络，推进中国制造2025；MAIL和5GB不算。" * 200
    got = _EDGE_MATCHER.find(text)
    assert len(text) >= matcher_module._VECTOR_MIN
    assert [m.entry_id for m in got[:3]] == ["ai-governance", "five-g", "made-in-china-2025"]
    assert len(got) == 3 * 200


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), min_size=1, max_size=60, unique=True))
def test_vectorised_selection_equals_the_greedy_loop(spans):
    import numpy as np

    hits = sorted({(s, s + w) for s, w in spans}, key=lambda h: (h[0], h[0] - h[1]))
    expected, last_end = [], -1
    for s, e in hits:
        if s >= last_end:
            expected.append((s, e))
            last_end = e
    start = np.array([h[0] for h in hits])
    end = np.array([h[1] for h in hits])
    chosen = matcher_module._leftmost_longest_chosen(start, end)
    assert [h for h, c in zip(hits, chosen.tolist()) if c] == expected


def test_a_hit_right_after_a_kept_one_is_kept_though_a_skipped_one_overlaps_both():
    import numpy as np

    # 0-2 kept; 1-5 overlaps it and is skipped; 2-4 starts where 0-2 ends: kept
    chosen = matcher_module._leftmost_longest_chosen(np.array([0, 1, 2]), np.array([2, 5, 4]))
    assert chosen.tolist() == [True, False, True]


def test_signature(zh, en, mini_glossary):
    from bri_align._version import __version__
    from bri_align.signature import strip_version

    gloss = strip_version(mini_glossary.signature())
    assert zh.signature() == (f"matcher:aho-corasick.v2|lang:zh|inflections:yes|keys:{len(zh)}|glossary:{gloss}"
                              f"|bri_align:{__version__}")
    plain = TermMatcher(mini_glossary, lang="en", inflections=False)
    assert plain.signature().startswith("matcher:aho-corasick.v1|lang:en|inflections:no|keys:")
    assert en.signature().count("|bri_align:") == 1


def test_status_rank_orders_forms_of_one_key():
    # One key, two entries: the preferred rendering wins over the deprecated one (Status.rank),
    # although its entry id sorts last; the other entry is an alternative.
    from bri_align.glossary.model import Glossary, Rendering, TermEntry

    g = Glossary(entries=(
        TermEntry(id="a-dep", zh="乙", renderings=(Rendering(en="shared term", status=Status.DEPRECATED),
                                                  Rendering(en="bee", status=Status.PREFERRED))),
        TermEntry(id="z-pref", zh="甲", renderings=(Rendering(en="shared term", status=Status.PREFERRED),)),
    ), name="rank")
    (m,) = TermMatcher(g, lang="en").find("a shared term here")
    assert (m.entry_id, m.status, m.alternatives) == ("z-pref", Status.PREFERRED, ("a-dep",))


def test_cli_match_json_carries_the_matcher_signature(mini_glossary, tmp_path, repo_root):
    import argparse
    import json

    from bri_align.cli.match import run_match

    src = tmp_path / "in.txt"
    src.write_text("共建“一带一路”\n", encoding="utf-8")
    out = tmp_path / "out.json"
    args = argparse.Namespace(input=str(src), lang="zh", glossary=str(repo_root / "tests/fixtures/mini_termbase.yaml"),
                              all=False, format="json", out=str(out))
    assert run_match(args) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["signature"].startswith("matcher:aho-corasick.v2|lang:zh|inflections:yes|keys:")
    assert [m["entry_id"] for m in data["matches"]] == ["joint-bri"]


# ------------------------------------------------------------------ zero-width characters (issue 11)
_ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("zw", _ZW)
@pytest.mark.parametrize("lang, template, term", [
    ("zh", "推进一带{zw}一路建设", "一带{zw}一路"),
    ("zh", "𠮷「一带{zw}一路」", "一带{zw}一路"),
    ("zh", "一{zw}带一路{zw}", "一{zw}带一路"),
    ("en", "He praised One{zw} Belt, One Road again", "One{zw} Belt, One Road"),
    ("en", "the One Belt,{zw} One Road idea", "One Belt,{zw} One Road"),
    ("en", "the One Belt, One {zw} Road idea", "One Belt, One {zw} Road"),
])
def test_zero_width_characters_do_not_hide_a_term(lang, template, term, zw):
    from bri_align.glossary import load_termbase

    text, want = template.format(zw=zw), term.format(zw=zw)
    matcher = TermMatcher.for_glossary(load_termbase(), lang=lang)
    found = [(m.start, m.end, m.text) for m in matcher.find(text)]
    start = text.index(want)
    assert (start, start + len(want), want) in found
    assert all(text[s:e] == t for s, e, t in found)


def test_zero_width_deprecated_rendering_is_reported_as_deprecated():
    from bri_align.glossary import load_termbase

    matcher = TermMatcher.for_glossary(load_termbase(), lang="en")
    (m,) = matcher.find("One\u200b Belt, One Road")
    assert m.status.value in ("deprecated", "superseded")


def test_zero_width_in_a_long_text_uses_the_same_offsets():
    from bri_align.glossary import load_termbase

    text = "字" * 5000 + "一带\u200b一路" + "字" * 5000  # the vectorised normaliser
    (m,) = TermMatcher.for_glossary(load_termbase(), lang="zh").find(text)
    assert (m.start, m.end) == (5000, 5005)


@pytest.mark.parametrize("call, message", [
    (lambda: TermMatcher(None), "a TermMatcher needs a Glossary, got NoneType"),
    (lambda: TermMatcher("termbase.yaml"), "a TermMatcher needs a Glossary, got str"),
    (lambda: TermMatcher.for_glossary(None), "a TermMatcher needs a Glossary, got NoneType"),
])
def test_matcher_wrong_glossary_type(call, message):
    from bri_align.errors import InputError

    with pytest.raises(InputError, match=message):
        call()


@pytest.mark.parametrize("text, message", [
    (None, "text must be a str, got NoneType"),
    (b"abc", "text must be a str, got bytes"),
    (["abc"], "text must be a str, got list"),
])
def test_find_wrong_text_type(text, message):
    from bri_align.errors import InputError
    from bri_align.glossary import load_termbase

    matcher = TermMatcher.for_glossary(load_termbase(), lang="zh")
    with pytest.raises(InputError, match=message):
        matcher.find(text)
    with pytest.raises(InputError, match="texts must be a list of strings"):
        matcher.find_many("一带一路")
    with pytest.raises(InputError, match="texts must be a list of strings"):
        matcher.find_many(None)
