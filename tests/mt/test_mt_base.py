"""The Translator interface: batching, order, throughput, modes, specs (no model needed)."""

from __future__ import annotations

from typing import List, Optional, Tuple

import pytest

from bri_align._version import __version__
from bri_align.errors import InputError, RegistryError
from bri_align.mt import (
    CausalLMTranslator,
    CTranslate2Translator,
    FileTranslator,
    HFSeq2SeqTranslator,
    Throughput,
    Translator,
    length_sorted_batches,
    make_translator,
    parse_system_spec,
    translators,
)
from bri_align.signature import strip_version


class Reverser(Translator):
    """A toy backend that records its batches."""

    kind = "toy"
    registry_name = "toy.v1"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.batches: List[List[str]] = []

    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:
        self.batches.append(list(batch))
        return [s[::-1] for s in batch], sum(len(s) for s in batch)


@pytest.mark.parametrize(
    "lengths, size, expected",
    [
        ([1, 5, 3, 5], 2, [[1, 3], [2, 0]]),  # longest first, ties keep input order
        ([2, 2, 2], 5, [[0, 1, 2]]),
        ([], 3, []),
        ([4], 1, [[0]]),
    ],
)
def test_length_sorted_batches(lengths, size, expected):
    assert length_sorted_batches(lengths, size) == expected


def test_length_sorted_batches_rejects_zero():
    with pytest.raises(InputError, match="batch_size must be at least 1"):
        length_sorted_batches([1], 0)


def test_translate_restores_order_and_batches_by_length():
    tr = Reverser(batch_size=2)
    src = ["a", "abcd", "ab", "abcdef", "abc"]
    assert tr.translate(src) == [s[::-1] for s in src]
    assert tr.batches == [["abcdef", "abcd"], ["abc", "ab"], ["a"]]
    tr.batches.clear()
    tr.translate(src, batch_size=5)
    assert len(tr.batches) == 1


def test_run_reports_throughput():
    run = Reverser(batch_size=2, name="rev").run(["ab", "cde"])
    thr = run.throughput
    assert run.outputs == ("ba", "edc")
    assert thr.sentences == 2 and thr.output_tokens == 5 and thr.batch_size == 2
    assert thr.seconds >= 0 and thr.tokens_per_s is not None
    assert "2 sentences in" in thr.line("rev") and "tokens/s" in thr.line("rev")
    assert Throughput.from_dict(thr.to_dict()).output_tokens == 5


def test_throughput_without_tokens():
    thr = Throughput(sentences=4, seconds=2.0)
    assert thr.sentences_per_s == 2.0 and thr.tokens_per_s is None
    assert "tokens/s" not in thr.line()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"batch_size": 0}, "batch_size must be at least 1"),
        ({"mode": "force"}, "mode 'force' is not supported by toy.v1 translators; supported: off"),
        ({"mode": "bias"}, "not supported by toy.v1 translators; supported: off"),
        ({"mode": "sample"}, "unknown terminology mode 'sample'"),
    ],
)
def test_constructor_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        Reverser(**kwargs)


def test_glossary_and_mode_are_stored(mini_glossary):
    tr = Reverser(glossary=mini_glossary, mode=None)
    assert tr.mode == "off" and tr.glossary is mini_glossary
    assert tr.signature() == (f"translator:toy.v1|name:toy|mode:off|glossary:{strip_version(mini_glossary.signature())}"
                              f"|bri_align:{__version__}")
    assert Reverser(mode="off").mode == "off"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("one string", "got one string"),
        (["ok", 3], "sentence #2 is a int"),
    ],
)
def test_sentences_are_checked(bad, message):
    with pytest.raises(InputError, match=message):
        Reverser().translate(bad)


def test_ids_must_match_sentences():
    with pytest.raises(InputError, match="1 ids for 2 sentences"):
        Reverser().run(["a", "b"], ids=["x"])


@pytest.mark.parametrize(
    "spec, kind, target, name",
    [
        ("hf:Helsinki-NLP/opus-mt-zh-en", "hf", "Helsinki-NLP/opus-mt-zh-en", None),
        ("opus=hf:/models/opus", "hf", "/models/opus", "opus"),
        ("llm:./qwen", "llm", "./qwen", None),
        ("ct2:/m/ct2", "ct2", "/m/ct2", None),
        ("mine=file:out.jsonl", "file", "out.jsonl", "mine"),
        ("hf.v1:x", "hf.v1", "x", None),
    ],
)
def test_parse_system_spec(spec, kind, target, name):
    s = parse_system_spec(spec)
    assert (s.kind, s.target, s.name) == (kind, target, name)
    assert str(s) == spec


def test_parse_system_spec_errors():
    with pytest.raises(InputError, match=r"not of the form \[NAME=\]KIND:TARGET"):
        parse_system_spec("opus-mt")
    with pytest.raises(RegistryError, match="unknown translator 'deepl'; available: ct2"):
        parse_system_spec("deepl:key")


def test_make_translator_kinds(tmp_path):
    (tmp_path / "o.txt").write_text("a\n", encoding="utf-8")
    assert isinstance(make_translator("hf:/nowhere/model"), HFSeq2SeqTranslator)
    assert isinstance(make_translator("llm:/nowhere/model"), CausalLMTranslator)
    assert isinstance(make_translator("ct2:/nowhere/model"), CTranslate2Translator)
    f = make_translator(f"x=file:{tmp_path / 'o.txt'}")
    assert isinstance(f, FileTranslator) and f.name == "x"
    assert make_translator("hf:org/opus-mt-zh-en").name == "opus-mt-zh-en"
    assert make_translator("hf:org/m", name="given").name == "given"
    assert set(translators) == {"hf.v1", "llm.v1", "ct2.v1", "file.v1"}


def test_make_translator_maps_the_run_options_per_backend(tmp_path):
    (tmp_path / "o.txt").write_text("a\n", encoding="utf-8")
    llm = make_translator("llm:/nowhere/model", max_length=8, batch_size=3, prompt="Say {source}")
    assert (llm.max_new_tokens, llm.batch_size, llm.prompt) == (8, 3, "Say {source}")
    assert make_translator("llm:/nowhere/model").batch_size == 8  # the backend's own default
    for device, expected in (("cpu", "cpu"), ("cuda:1", "cuda"), ("mps", "auto"), (None, "auto")):
        assert make_translator("ct2:/nowhere/model", device=device).requested_device == expected
    hf = make_translator("hf:/nowhere/model", device="cpu", beam_size=2, max_length=9, src_lang="zho_Hans")
    assert (hf.requested_device, hf.beam_size, hf.max_length, hf.src_lang, hf.batch_size) == (
        "cpu", 2, 9, "zho_Hans", 16)
    # a file: system takes none of the run options (the bench gives them to every system)
    f = make_translator(f"file:{tmp_path / 'o.txt'}", device="cuda", beam_size=5, compute_type="int8")
    assert isinstance(f, FileTranslator) and f.path == str(tmp_path / "o.txt")
    # backend options by name
    assert make_translator("hf:/nowhere/model", term_bias=2.5).term_bias == 2.5
    assert make_translator("ct2:/nowhere/model", tokenizer="/tok").tokenizer_path == "/tok"


@pytest.mark.parametrize(
    "spec, options, message",
    [
        ("llm:/m", {"term_bias": 1.0}, r"field 'term_bias': translator 'llm.v1' has no option 'term_bias'; "
                                       r"it takes: model, name, prompt"),
        ("hf:/m", {"temperature": 0.7}, r"translator 'hf.v1' has no option 'temperature'"),
        ("file:/o.txt", {"intra_threads": 2}, r"translator 'file.v1' has no option 'intra_threads'; "
                                              r"it takes: path, name, glossary, mode"),
        ("hf:/m", {"model": "/other"}, r"field 'model': model= is given by the spec 'hf:/m'"),
        ("llm:/m", {"max_length": 8, "max_new_tokens": 9},
         r"field 'max_new_tokens': llm.v1 option 'max_new_tokens' is given twice, by a run option \(max_length\)"),
    ],
)
def test_make_translator_refuses_unknown_options(spec, options, message):
    with pytest.raises(InputError, match=message):
        make_translator(spec, **options)


def test_translator_registry_constructs_backends():
    assert translators.get("hf") is HFSeq2SeqTranslator and translators.get("ct2.v1") is CTranslate2Translator
    tr = translators.create("llm", model="/nowhere/model", max_new_tokens=4)
    assert isinstance(tr, CausalLMTranslator) and tr.max_new_tokens == 4
    with pytest.raises(InputError, match=r"translator 'ct2.v1' has no option 'dtype'"):
        translators.create("ct2", model="/nowhere/model", dtype="float16")


def test_constructors_validate_options():
    with pytest.raises(InputError, match="beam_size must be at least 1"):
        HFSeq2SeqTranslator("x", beam_size=0)
    with pytest.raises(InputError, match="max_length must be at least 1"):
        HFSeq2SeqTranslator("x", max_length=0)
    with pytest.raises(InputError, match=r"has no '\{source\}' placeholder"):
        CausalLMTranslator("x", prompt="Translate this")
    with pytest.raises(InputError, match="max_new_tokens must be at least 1"):
        CausalLMTranslator("x", max_new_tokens=0)
    with pytest.raises(InputError, match="beam_size must be at least 1"):
        CTranslate2Translator("x", beam_size=0)
