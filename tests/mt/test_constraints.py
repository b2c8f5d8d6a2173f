"""Glossary-aware translation without torch: term constraint records, the glossary side,
the constraint encoder on a word tokenizer, and the errors of the processor and of the
translators' terminology modes.  The processor on synthetic scores is tested in
test_constraints_processor.py (needs torch), the modes on the tiny offline models in
test_constraints_models.py (needs torch and transformers)."""

from __future__ import annotations

import pytest

from bri_align._version import __version__
from bri_align.errors import BriAlignError, InputError
from bri_align.mt import CausalLMTranslator, CTranslate2Translator, HFSeq2SeqTranslator
from bri_align.mt.constraints import (
    ConstraintEncoder,
    EncodedConstraints,
    GlossaryConstraints,
    TermConstraint,
    TermLogitsProcessor,
    encode_phrases,
    phrases_for_sources,
    surface_variants,
)
from bri_align.signature import strip_version


# ------------------------------------------------------------------ records and glossary side
def test_term_constraint_round_trip():
    c = TermConstraint("bri", "一带一路", "Belt and Road Initiative", ("One Belt, One Road",), count=2)
    assert TermConstraint.from_dict(c.to_dict()) == c
    assert c.to_dict()["banned"] == ["One Belt, One Road"]


def test_constraints_for_a_source(mini_glossary):
    gc = GlossaryConstraints(mini_glossary)
    cons = gc.for_source("共建“一带一路”和一带一路，一帶一路。")
    by_id = {c.entry_id: c for c in cons}
    assert list(by_id) == ["joint-bri", "belt-and-road-initiative"]  # leftmost-longest, in order
    assert by_id["belt-and-road-initiative"].count == 2  # simplified and traditional forms
    assert by_id["belt-and-road-initiative"].required == "Belt and Road Initiative"
    assert by_id["belt-and-road-initiative"].banned == ("One Belt, One Road",)
    assert by_id["joint-bri"].banned == ("joint construction of the Belt and Road",)
    assert gc.for_source("贸易。") == ()
    assert [c.entry_id for c in phrases_for_sources(["大写意"], mini_glossary)[0]] == ["big-freehand"]
    assert GlossaryConstraints(mini_glossary, ban=False).for_source("大写意")[0].banned == ()
    gloss = strip_version(mini_glossary.signature())
    assert gloss.startswith("glossary:mini_termbase|")
    assert gc.signature() == f"constraints.v1|ban:yes|glossary:{gloss}|bri_align:{__version__}"
    assert GlossaryConstraints(mini_glossary, ban=False).signature().startswith("constraints.v1|ban:no|glossary:")


def test_constraints_share_the_glossary_matcher(mini_glossary):
    from bri_align.matching import TermMatcher

    assert GlossaryConstraints(mini_glossary)._matcher is TermMatcher.for_glossary(mini_glossary, lang="zh")


def test_constraints_from_given_terms(mini_glossary):
    from bri_align.metrics.terminology import SourceTerm

    gc = GlossaryConstraints(mini_glossary)
    cons = gc.for_terms(["aiib", SourceTerm("aiib", "亚投行"), "going-global"])
    assert [(c.entry_id, c.count) for c in cons] == [("aiib", 2), ("going-global", 1)]
    assert cons[0].zh == "亚洲基础设施投资银行" and cons[0].required == "Asian Infrastructure Investment Bank"
    with pytest.raises(InputError, match="entry 'nope' is not in the glossary mini_termbase"):
        gc.for_terms(["nope"])
    with pytest.raises(InputError, match="a term must be an entry id or have an entry_id, got int"):
        gc.for_terms([3])


def test_glossary_constraints_need_a_glossary():
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        GlossaryConstraints({"一带一路": "Belt and Road"})


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("small yet smart", ("small yet smart", "Small yet smart")),
        ("Belt and Road Initiative", ("Belt and Road Initiative",)),  # proper nouns keep their case
        ("  go global ", ("go global", "Go global")),
        ("", ()),
        ("5G", ("5G",)),
    ],
)
def test_surface_variants(phrase, expected):
    assert surface_variants(phrase) == expected


class WordTokenizer:
    """A whitespace tokenizer standing in for a real one: id per word, <unk> for unknown words."""

    def __init__(self, words):
        self.vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
        for w in words:
            self.vocab.setdefault(w, len(self.vocab))
        self.unk_token_id = 1
        self.all_special_ids = [0, 1, 2]

    def __call__(self, text=None, *, text_target=None, add_special_tokens=True):
        ids = [self.vocab.get(w, 1) for w in (text if text_target is None else text_target).split()]
        return {"input_ids": ids + ([0] if add_special_tokens else [])}


def test_encoder_skips_unwritable_phrases_and_never_bans_part_of_a_required_one(caplog):
    tok = WordTokenizer("Belt and Road Initiative cooperation One small but beautiful yet smart Small".split())
    enc = ConstraintEncoder(tok)
    cons = [
        TermConstraint("bri", "一带一路", "Belt and Road Initiative", ("Belt and Road", "One Belt")),
        TermConstraint("small", "小而美", "small yet smart", ("small but beautiful", "small")),
        TermConstraint("x", "某", "Xanadu", ()),  # needs <unk>: cannot be forced
    ]
    with caplog.at_level("WARNING"):
        out = enc.encode(cons)
    v = tok.vocab
    assert out.skipped == ("x",) and "needs the unknown token" in caplog.text
    assert [p.entry_id for p in out.required] == ["bri", "small"]
    assert out.required[1].alternatives == ((v["small"], v["yet"], v["smart"]), (v["Small"], v["yet"], v["smart"]))
    # "Belt and Road" is a prefix of a required phrase, "small" a sub-sequence, "One Belt" needs <unk>
    # only at "One"... it is writable: One is in the vocabulary
    assert (v["Belt"], v["and"], v["Road"]) not in out.banned
    assert (v["small"],) not in out.banned
    assert (v["small"], v["but"], v["beautiful"]) in out.banned
    assert (v["One"], v["Belt"]) in out.banned
    assert out.required_tokens == 4 + 3
    assert EncodedConstraints().empty and not out.empty
    assert encode_phrases(tok, ["small yet smart", "", "Road"]) == [[v["small"], v["yet"], v["smart"]], [v["Road"]]]


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(mode="soft"), "unknown decoding constraint mode 'soft'"),
        (dict(num_beams=0), "num_beams must be at least 1"),
        (dict(budgets=[1, 2]), "2 budgets for 1 sentences"),
    ],
)
def test_processor_errors(kwargs, message):
    args = dict(mode="force", num_beams=1, eos_token_id=0, budgets=[5])
    args.update(kwargs)
    with pytest.raises(InputError, match=message):
        TermLogitsProcessor([EncodedConstraints()], **args)


@pytest.mark.parametrize(
    "cls, mode, message",
    [
        (HFSeq2SeqTranslator, "prompt", r"mode 'prompt' is not supported by hf.v1 translators; supported: off, "
                                        r"force, bias, ban \(the glossary goes into prompts with llm:"),
        (CausalLMTranslator, "force", r"not supported by llm.v1 translators; supported: off, prompt"),
        (CTranslate2Translator, "bias", r"not supported by ct2.v1 translators; supported: off, ban "
                                        r"\(CTranslate2 cannot change scores during decoding"),
    ],
)
def test_unsupported_modes(cls, mode, message, toy_glossary):
    with pytest.raises(InputError, match=message):
        cls("/nowhere", glossary=toy_glossary, mode=mode)


def test_mode_and_glossary_errors(toy_glossary):
    # the library's glossary convention: None with a terminology mode is the bundled termbase
    assert len(HFSeq2SeqTranslator("/nowhere", mode="force").glossary) > 200
    assert HFSeq2SeqTranslator("/nowhere").glossary is None  # mode off: nothing to load
    with pytest.raises(InputError, match="glossary must be a Glossary, a termbase path or None"):
        HFSeq2SeqTranslator("/nowhere", glossary={"一带一路": "BRI"}, mode="force")
    with pytest.raises(BriAlignError, match="nope/x: no such file or directory"):
        HFSeq2SeqTranslator("/nowhere", glossary="nope/x", mode="force")
    with pytest.raises(InputError, match="term_bias must be a finite number"):
        HFSeq2SeqTranslator("/nowhere", glossary=toy_glossary, mode="bias", term_bias=float("nan"))
