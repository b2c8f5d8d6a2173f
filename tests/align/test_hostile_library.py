"""Library entry points of the alignment layer given the wrong type, empty input or
malformed Pharaoh links: InputError (a BriAlignError) with a clear message, never a bare
TypeError/AttributeError/ValueError (issue 11)."""

from __future__ import annotations

import io

import pytest

from bri_align.align.corpus import _raw_lines, iter_lines
from bri_align.align.extract import extract_term_pairs
from bri_align.align.pharaoh import parse_pharaoh, parse_pharaoh_gold
from bri_align.align.sentence import align_sentences
from bri_align.align.terms import align_terms
from bri_align.align.word import align_words, build_word_aligner, check_num_proc
from bri_align.errors import BriAlignError, InputError
from bri_align.glossary import load_termbase

P = [("一带一路", "Belt and Road")]


@pytest.fixture(scope="module")
def g(repo_root):
    return load_termbase(repo_root / "tests/fixtures/mini_termbase.yaml")


@pytest.mark.parametrize("call, message", [
    (lambda g: align_words(None), "pairs must be a list of \\(zh, en\\) tuples, got NoneType"),
    (lambda g: align_words(5), "pairs must be a list of \\(zh, en\\) tuples, got int"),
    (lambda g: align_words("pairs.txt"), "pairs must be a list of \\(zh, en\\) tuples, got str"),
    (lambda g: align_words([None]), "pair 0 is NoneType; expected a \\(zh, en\\) tuple"),
    (lambda g: align_words(P, glossary=5), "glossary must be a Glossary, a termbase path or None"),
    (lambda g: align_words(P, seed=-1), "seed must be an integer from 0"),
    (lambda g: align_words(P, seed=2**32), "seed must be an integer from 0"),
    (lambda g: align_words(P, seed="1"), "seed must be an integer from 0"),
    (lambda g: align_words(P, num_proc=0), "num_proc must be a whole number"),
    (lambda g: align_words(P, num_proc=None), "num_proc must be a whole number"),
    (lambda g: align_terms("pairs.txt", glossary=g), "pairs must be a list of \\(zh, en\\) tuples, got str"),
    (lambda g: align_terms(None, glossary=g), "pairs must be a list of \\(zh, en\\) tuples, got NoneType"),
    (lambda g: align_terms(P), "give a glossary, a list of terms, or both"),
    (lambda g: align_terms(P, terms="一带一路"), "terms must be a list of Chinese terms, got str"),
    (lambda g: align_terms(P, terms=5), "terms must be a list of Chinese terms, got int"),
    (lambda g: align_terms(P, terms=[None]), "term 1 must be a str, got NoneType"),
    (lambda g: align_terms(P, glossary=g, lexicon=5, method="none"), "lexicon must be 'cedict', a mapping or None"),
    (lambda g: align_sentences(None, "x"), "zh input must be a text or a list of sentences, got NoneType"),
    (lambda g: align_sentences("一。", 5), "en input must be a text or a list of sentences, got int"),
    (lambda g: align_sentences([None], ["x"]), "sentence 0 must be a str, got NoneType"),
    (lambda g: align_sentences("一。", "One.", glossary=5), "glossary must be a Glossary"),
    (lambda g: align_sentences("一。", "One.", lexicon=5), "lexicon must be 'cedict', a mapping or None"),
    (lambda g: extract_term_pairs("pairs.txt"), "pairs must be a list of \\(zh, en\\) tuples, got str"),
    (lambda g: extract_term_pairs(None), "pairs must be a list of \\(zh, en\\) tuples, got NoneType"),
    (lambda g: extract_term_pairs(P, glossary=5), "glossary must be a Glossary"),
    (lambda g: extract_term_pairs(P, top=0), "top must be a whole number of pairs, at least 1"),
    (lambda g: extract_term_pairs(P, top=-1), "top must be a whole number of pairs, at least 1"),
    (lambda g: extract_term_pairs(P, top="3"), "top must be a whole number of pairs, at least 1"),
    (lambda g: extract_term_pairs(P, method="none"), "needs word alignments"),
])
def test_wrong_types_raise_input_error(call, message, g):
    with pytest.raises(InputError, match=message):
        call(g)


@pytest.mark.parametrize("call", [
    lambda g: align_words([]),
    lambda g: align_terms([], glossary=g),
    lambda g: align_sentences("", ""),
    lambda g: extract_term_pairs([]),
])
def test_empty_inputs_give_empty_results(call, g):
    assert call(g) == []


def test_top_keeps_the_n_best_and_none_keeps_all():
    pairs = [("我们 合作", "we cooperate"), ("中国 发展", "China develops"), ("我们 发展", "we develop")] * 2
    every = extract_term_pairs(pairs, min_count=1, method="ibm1")
    assert len(every) > 1
    assert extract_term_pairs(pairs, min_count=1, method="ibm1", top=1) == every[:1]


def test_num_proc_is_capped_at_the_cpus():
    assert 1 <= check_num_proc(100_000) <= 100_000
    assert build_word_aligner("default", num_proc=100_000).num_proc == check_num_proc(100_000)


# ------------------------------------------------------------------ Pharaoh
@pytest.mark.parametrize("line, message", [
    ("0-²", r"bad alignment link '0-²'; expected 'i-j'"),
    ("¹-0", r"bad alignment link '¹-0'"),
    ("0-٣", r"bad alignment link '0-٣'"),  # an Arabic-Indic digit: int() would read it as 3
    ("0-1-2", r"bad alignment link '0-1-2'"),
    ("a-b", r"bad alignment link 'a-b'"),
    ("0:1", r"bad alignment link '0:1'"),
    ("-1-0", r"bad alignment link '-1-0'"),
    ("0-", r"bad alignment link '0-'"),
])
def test_malformed_pharaoh_links_are_located(line, message):
    with pytest.raises(InputError, match=message) as exc:
        parse_pharaoh(line, lineno=7, path="gold.txt")
    assert str(exc.value).startswith("gold.txt:7:")


@pytest.mark.parametrize("line", ["0-²", "0?²", "²-0-P", "0-0-X"])
def test_malformed_gold_links_are_located(line):
    with pytest.raises(InputError, match="bad alignment link"):
        parse_pharaoh_gold(line, lineno=2, path="gold.txt")


def test_pharaoh_index_out_of_range():
    with pytest.raises(InputError, match="source index 3 out of range"):
        parse_pharaoh("3-0", n_src=2, n_tgt=2)
    assert parse_pharaoh("") == ()
    assert parse_pharaoh("1-0 0-0 1-0") == ((0, 0), (1, 0))


# ------------------------------------------------------------------ streaming reader
@pytest.mark.parametrize("data, lines", [
    (b"a\rb\rc", ["a", "b", "c"]),          # CR-only (old Mac): a lone CR ends a line
    (b"a\r\nb\r\n", ["a", "b"]),
    (b"a\nb\n", ["a", "b"]),
    (b"a\r\rb\r", ["a", "", "b"]),
    ("a\u2028b".encode("utf-8"), ["a\u2028b"]),  # U+2028 stays inside
    (b"", []),
])
def test_iter_lines_line_ends(data, lines, tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(data)
    assert [t for _, t in iter_lines(p)] == lines


@pytest.mark.parametrize("chunk", [1, 2, 3, 5])
def test_a_crlf_split_across_chunks_is_one_line_end(chunk, monkeypatch):
    import bri_align.align.corpus as corpus

    monkeypatch.setattr(corpus, "_CHUNK", chunk)
    got = list(_raw_lines(io.BytesIO(b"ab\r\ncd\r\r\nef\r"), path="p", what="file", max_chars=100))
    assert got == [b"ab", b"cd", b"", b"ef"]


def test_iter_lines_errors_are_located(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"ok\nbad \xff\n")
    with pytest.raises(InputError, match=r"f\.txt:2: invalid UTF-8"):
        list(iter_lines(p))
    p.write_bytes(b"ok\r\x00\n")
    with pytest.raises(InputError, match=r"f\.txt:2: file holds NUL bytes"):
        list(iter_lines(p))
    p.write_bytes(b"ok\n" + b"x" * 11)
    with pytest.raises(InputError, match=r"f\.txt:2: line longer than 10 characters"):
        list(iter_lines(p, max_chars=10))
    p.write_bytes("ok\n".encode() + "字".encode() * 11)  # 33 bytes, 11 characters
    with pytest.raises(InputError, match=r"f\.txt:2: line longer than 10 characters"):
        list(iter_lines(p, max_chars=10))
    with pytest.raises(InputError, match="is a directory"):
        list(iter_lines(tmp_path))


def test_every_error_is_a_bri_align_error():
    assert issubclass(InputError, BriAlignError)
