"""Bounded fuzz of every parser of user input (issue 11, scope 5).

Each test feeds one parser hostile text or bytes (astral, zero-width and
bidirectional characters, lone surrogates where a ``str`` can hold them, NUL, CR,
U+2028, BOMs, other encodings, huge numbers, deep nesting, random JSON values and
random YAML-ish structures) and checks the one contract every parser keeps:

    it returns a value of its documented type, or it raises a
    :class:`bri_align.errors.BriAlignError`; never any other exception.

Parsers that return text also promise that it can be written back (no lone
surrogate smuggled in through a ``\\ud800`` escape) and offsets that point into the
text they were given.  Runs are bounded and derandomised (``_FUZZ``) so the module
is deterministic and takes well under a minute.

A parser that breaks the contract keeps its test, marked ``xfail(strict=True)`` with
the bug in one line; ``test_known_hostile_input`` holds the minimal input of every
known bug, one case per row, so a fix flips exactly its row.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from bri_align.errors import BriAlignError

_FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

REPO = Path(__file__).resolve().parents[2]
MINI_TERMBASE = REPO / "tests" / "fixtures" / "mini_termbase.yaml"

# ------------------------------------------------------------------ strategies
# characters that broke or could break a parser: NUL, CR, line/paragraph separators,
# BOM, zero-width and bidi controls, astral (emoji, CJK extension B), lone surrogates,
# superscript/Arabic-Indic/full-width digits (str.isdigit() is True, int() refuses some)
SPECIAL_CHARS = ["\x00", "\r", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029",
                 "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u202e", "\U0001F600", "\U00020000",
                 "\ud800", "\udfff", "\udc00", "¹", "²", "٣", "０", "½", "Ⅻ", "\ufffd", "\uffff"]
PIECES = ["一带一路", "一帶一路", "共建“一带一路”", "大写意", "工笔画", "亚投行", "小而美",
          "Belt and Road", "One Belt, One Road", "broad strokes", "AI", "2025", "。", "！", "？", "；",
          ".", "!", "?", "…", "“", "”", "「", "」", '"', "'", "(", ")", "Dr.", "U.S.", "No. 5",
          "1. ", " ", "  ", "\n\n", "#", "- ", "```", "`", "*", "[", "]", "{", "}", ":", ",", "-", "?"]

hostile_char = st.one_of(st.sampled_from([c for c in SPECIAL_CHARS if len(c) == 1]), st.characters(codec=None),
                         st.characters(max_codepoint=0x7F))
hostile_text = st.one_of(
    st.text(hostile_char, max_size=60),
    st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(SPECIAL_CHARS), st.text(max_size=4)),
             max_size=40).map("".join),
)
# text that a UTF-8 file can hold (no lone surrogate)
file_text = hostile_text.map(lambda s: s.encode("utf-8", "replace").decode("utf-8"))


def _encode(args: tuple) -> bytes:
    text, codec, bom = args
    data = text.encode(codec, "surrogatepass" if codec == "utf-8" else "replace")
    return (b"\xef\xbb\xbf" if bom and codec == "utf-8" else b"") + data


# the bytes of a file: raw binary, or hostile text in UTF-8 (with or without BOM, lone
# surrogates encoded as CESU bytes), UTF-16/32 (with their BOMs), GB18030, Latin-1
hostile_bytes = st.one_of(
    st.binary(max_size=80),
    st.tuples(hostile_text, st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-32", "gb18030",
                                             "latin-1"]), st.booleans()).map(_encode),
)

HUGE_INT = "1" + "0" * 5000  # past Python's 4300-digit int() limit
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                        st.sampled_from([10**30, -(2**63), 1e308]), hostile_text)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12,
)


def _json_line(value: Any, ascii_only: bool) -> str:
    # ensure_ascii turns a lone surrogate into a \ud800 escape, the case of the issue
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)


json_garbage = st.sampled_from([HUGE_INT, "[" * 5000, '{"a":' * 3000, "NaN", "-Infinity", '"\\ud800"',
                                '{"\\udc00": 1}', "{", "}", "[1,]", "\x00", "\u2028", "\ufeff{}", "null",
                                '"\u2028"', "1e999999"])


def jsonl_lines(value_strategy=json_value) -> st.SearchStrategy[str]:
    """JSONL text: JSON lines of random values and garbage lines, joined with LF, CRLF or CR."""
    line = st.one_of(st.builds(_json_line, value_strategy, st.booleans()), json_garbage, hostile_text)
    return st.tuples(st.lists(line, max_size=6), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]),
                     st.booleans()).map(lambda a: ("\ufeff" if a[2] else "") + a[1].join(a[0]))


def weighted(valid: st.SearchStrategy, noise: st.SearchStrategy, one_in: int = 8) -> st.SearchStrategy:
    """``valid`` most of the time, ``noise`` about once in ``one_in`` draws."""
    return st.integers(0, one_in - 1).flatmap(lambda k: noise if k == 0 else valid)


def near(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a valid value, sometimes a random JSON value of any type."""
    return weighted(valid, json_value)


def _noise(args: tuple) -> dict:
    record, k, extra = args
    if k == 0:
        return {**record, "extra": extra}  # a stray key
    if k == 1 and record:
        return dict(list(record.items())[1:])  # a missing key
    return record


def records(required: dict, optional: Any = None) -> st.SearchStrategy[dict]:
    """Objects with the ``required`` fields and some ``optional`` ones, each near its valid
    value; now and then a stray key or a missing one."""
    base = st.fixed_dictionaries({k: near(v) for k, v in required.items()},
                                 optional={k: near(v) for k, v in (optional or {}).items()})
    return st.tuples(base, st.integers(0, 19), json_value).map(_noise)


def _make_writer(folder: Path) -> Callable[[str, Any], Path]:
    def write(name: str, data: Any) -> Path:
        p = folder / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return p
    return write


@pytest.fixture(scope="module")
def write(tmp_path_factory) -> Callable[[str, Any], Path]:
    """Write bytes (or text, UTF-8) to a file of the module's temporary folder; one file
    per name, overwritten by each example (hypothesis and function-scoped fixtures don't mix)."""
    return _make_writer(tmp_path_factory.mktemp("fuzz"))


def _writable(value: Any, where: str = "result") -> None:
    """Every string inside ``value`` can be encoded as UTF-8 (written to a file or stdout)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise AssertionError(f"{where} holds a lone surrogate: {value!r}") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _writable(k, where)
            _writable(v, where)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _writable(v, where)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _writable(getattr(value, f.name), f"{where}.{f.name}")


def contract(call: Callable[[], Any], expected: Any) -> Any:
    """Run a parser: its value must be of type ``expected``, or it raises a BriAlignError
    (any other exception escapes and fails the test).  Returns the value or None."""
    try:
        value = call()
    except BriAlignError as exc:
        event(f"refused: {type(exc).__name__}")  # --hypothesis-show-statistics shows the mix
        assert str(exc).strip(), "an error with an empty message"
        assert "\n" not in str(exc), f"a multi-line error message: {str(exc)!r}"
        return None
    assert isinstance(value, expected), f"returned {type(value).__name__}, expected {expected}"
    event("parsed")
    return value


# ------------------------------------------------------------------ bri_align.io
@_FUZZ
@given(hostile_bytes)
@example(b"\xff\xfe" + "一带一路\n".encode("utf-16-le"))
@example("一\r二\r".encode())
@example(b"\xef\xbb\xbf\xed\xa0\x80")
def test_decode_utf8(data):
    from bri_align.io import decode_utf8

    text = contract(lambda: decode_utf8(data, path="f.txt"), str)
    if text is not None:
        assert not text.startswith("\ufeff") or data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
        _writable(text)


@_FUZZ
@given(hostile_bytes)
@example("一\r二\r".encode())
@example("a\u2028b\n".encode())
def test_read_lines(write, data):
    from bri_align.io import read_lines

    lines = contract(lambda: read_lines(write("lines.txt", data), allow_empty=True), list)
    if lines is not None:
        assert all(isinstance(x, str) and "\n" not in x and "\r" not in x for x in lines)
        _writable(lines)


@_FUZZ
@given(jsonl_lines(), st.sampled_from([dict, list, None]), st.booleans())
@example('{"a": "\\ud800"}', dict, False)
@example(HUGE_INT, None, False)
@example('{"a": "x\u2028y"}', dict, False)
@example("[" * 10000, None, False)
def test_iter_jsonl(text, expect, as_file):
    from bri_align.io import iter_jsonl

    def run():
        if as_file:  # through the file reader: bytes decoded first
            import tempfile
            with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as fh:
                fh.write(text.encode("utf-8", "surrogatepass"))
            try:
                return list(iter_jsonl(fh.name, expect=expect))
            finally:
                Path(fh.name).unlink()
        return list(iter_jsonl("t.jsonl", text=text, expect=expect))

    rows = contract(run, list)
    if rows is not None:
        assert all(isinstance(n, int) and n >= 1 for n, _ in rows)
        if expect is not None:
            assert all(isinstance(v, expect) for _, v in rows)
        _writable([v for _, v in rows])


# ------------------------------------------------------------------ YAML termbase
def _yaml_scalar() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["a", "一带一路", "null", "~", "true", "no", "2015-03-28", "2015-13-99", "1e3", "0x1F",
                         ".nan", "-.inf", "'q'", '"\\ud800"', '"\\udfff x"', '"\\x00"', '"\\U0001F600"', "&a x",
                         "*a", "!!str 1", "!!binary aGk=", "!!python/object:os.system x", "!!set {a}", "|\n  x",
                         "<<: *a", HUGE_INT, "preferred", "deprecated", "programme", "institution", "'\u200b'"]),
        hostile_text.map(lambda s: json.dumps(s)),  # a double-quoted YAML string, \ud800 escapes included
    )


def _yaml_node() -> st.SearchStrategy[str]:
    """Flow-style YAML text: scalars, [lists], {mappings}, complex (non-scalar) keys, anchors."""
    return st.recursive(
        _yaml_scalar(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(st.tuples(st.one_of(_yaml_scalar(), inner), inner), max_size=4).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
            st.tuples(inner, inner).map(lambda kv: f"? {kv[0]}\n: {kv[1]}"),
            inner.map(lambda x: f"&x {x}"),
        ),
        max_leaves=10,
    )


_word = st.text(st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=8)
_plain = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)
# text fields: plain words or Chinese, now and then with a hostile character inside, or hostile text
_text_field = weighted(st.one_of(_plain, _cjk, st.tuples(_cjk, st.sampled_from(SPECIAL_CHARS), _plain).map("".join)),
                       hostile_text, one_in=5)
_zh_field = weighted(st.one_of(_cjk, st.tuples(_cjk, st.sampled_from(SPECIAL_CHARS), _cjk).map("".join)),
                     hostile_text, one_in=5)
_id_field = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
_source = records({"authority": _text_field}, {"citation": _text_field, "url": _text_field})
_rendering_optional = {"reason": _text_field, "literal": st.booleans(), "seen_in_seed": st.booleans(),
                       "valid_from": st.sampled_from(["2015-03-28", "2015-02-30", "x"]),
                       "valid_to": st.sampled_from(["2020-01-01", ""]), "source": _source, "note": _text_field}
_preferred = records({"en": _text_field, "status": st.just("preferred")}, _rendering_optional)
_other = records({"en": _text_field, "status": st.sampled_from(["admitted", "deprecated", "superseded", "x"])},
                 _rendering_optional)
_renderings = st.tuples(_preferred, st.lists(_other, max_size=2)).map(lambda t: [t[0], *t[1]])
_entry = records({"id": _id_field, "zh": _zh_field, "category": st.sampled_from(["programme", "slogan", "x"]),
                  "renderings": _renderings},
                 {"zh_variants": st.lists(_zh_field, max_size=2), "pinyin": _text_field, "definition": _text_field,
                  "sources": st.lists(_source, max_size=2), "verified": st.booleans(), "note": _text_field})


def _dump_yaml(doc: Any, block: bool) -> str:
    import yaml

    if block:
        try:
            return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        except yaml.YAMLError:
            pass
    return json.dumps(doc, ensure_ascii=True, allow_nan=True)  # JSON is YAML; \ud800 escapes stay escapes


# a YAML termbase: near-valid documents (block or flow style), random YAML structures, raw text
_termbase_doc = st.builds(_dump_yaml, records({"entries": st.lists(_entry, max_size=3)}, {"meta": json_value}),
                          st.booleans())
termbase_yaml = st.one_of(
    _termbase_doc, _termbase_doc,
    _yaml_node(),
    _yaml_node().map(lambda x: f"entries:\n  - {x}\n"),
    hostile_text,
)

YAML_CASES = ["[" * 10000, "? [a]\n: 1", "entries:\n  - ? [a]\n    : 1\n",
              ('entries:\n  - id: a\n    zh: "\\ud800"\n    category: programme\n'
               '    renderings: [{en: x, status: preferred}]\n')]


@_FUZZ
@given(termbase_yaml)
@example(YAML_CASES[0])
@example(YAML_CASES[1])
@example(YAML_CASES[2])
@example(YAML_CASES[3])
@example("{!!set {}}")
@example("&x " + "1" * 5001)  # an integer past Python's 4,300-digit limit (found by this test)
def test_parse_termbase_text(text):
    from bri_align.glossary.loader import parse_termbase_text

    got = contract(lambda: parse_termbase_text(text, path="t.yaml"), tuple)
    if got is not None:
        entries, where = got
        assert len(entries) == len(where)
        _writable(entries)


@_FUZZ
@given(st.one_of(termbase_yaml.map(lambda s: s.encode("utf-8", "surrogatepass")), hostile_bytes))
@example(YAML_CASES[0].encode())
@example(YAML_CASES[1].encode())
@example(YAML_CASES[3].encode())
@example(MINI_TERMBASE.read_text(encoding="utf-8").encode("utf-16"))
@example(MINI_TERMBASE.read_bytes().replace(b"\n", b"\r"))
def test_load_termbase(write, data):
    from bri_align.glossary import Glossary
    from bri_align.glossary.loader import load_termbase

    glossary = contract(lambda: load_termbase(write("termbase.yaml", data)), Glossary)
    if glossary is not None:
        _writable(glossary.to_dicts())


def test_load_termbase_reads_a_cr_only_file(write):
    """YAML counts a lone CR as a line break: a CR-only termbase loads like the original."""
    from bri_align.glossary.loader import load_termbase

    cr = load_termbase(write("cr.yaml", MINI_TERMBASE.read_bytes().replace(b"\n", b"\r")))
    assert cr.to_dicts() == load_termbase(MINI_TERMBASE).to_dicts()


# ------------------------------------------------------------------ glossary imports
def _mini_export(fmt: str) -> str:
    from bri_align.glossary.formats import dumps
    from bri_align.glossary.loader import load_termbase

    return dumps(load_termbase(MINI_TERMBASE), format=fmt)


def _mutate(args: tuple) -> str:
    """A valid export with a random slice replaced by hostile text (breaks tags, quotes, values)."""
    base, at, span, junk = args
    at = at % (len(base) + 1)
    return base[:at] + junk + base[at + span:]


def _tbx_texts() -> st.SearchStrategy[str]:
    base = _mini_export("tbx")
    entity = ('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
              '<tbx xmlns="urn:iso:std:iso:30042:ed-2" style="dca">&b;</tbx>')
    return st.one_of(
        st.tuples(st.just(base), st.integers(0, 10**6), st.integers(0, 40), hostile_text).map(_mutate),
        st.sampled_from([entity, "", "<tbx/>", '<tbx xmlns="urn:iso:std:iso:30042:ed-2"/>',
                         '<?xml version="1.0" encoding="UTF-16"?><a/>', "<a>" * 300]),
        hostile_text,
    )


@_FUZZ
@given(st.one_of(_tbx_texts(), hostile_bytes))
@example("<a>\ud800</a>")
@example(_mini_export("tbx").encode("utf-16"))
def test_loads_tbx(data):
    from bri_align.glossary import Glossary
    from bri_align.glossary.formats import loads

    glossary = contract(lambda: loads(data, format="tbx", path="g.tbx"), Glossary)
    if glossary is not None:
        _writable(glossary.to_dicts())


def _jsonl_glossary_texts() -> st.SearchStrategy[str]:
    base = _mini_export("jsonl")
    return st.one_of(
        st.tuples(st.just(base), st.integers(0, 10**6), st.integers(0, 40), hostile_text).map(_mutate),
        st.lists(st.builds(_json_line, _entry, st.booleans()), max_size=3).map("\n".join),
        jsonl_lines(),
    )


@_FUZZ
@given(st.one_of(_jsonl_glossary_texts(), _jsonl_glossary_texts().map(lambda s: s.encode("utf-8", "surrogatepass")),
                 hostile_bytes))
@example('{"id": "\\ud800"}')
@example(HUGE_INT)
@example(_mini_export("jsonl").replace("China's", "China\ud800s"))
@example(_mini_export("jsonl").encode("utf-16"))
@example(_mini_export("jsonl").replace("\n", "\r"))
def test_loads_jsonl(data):
    from bri_align.glossary import Glossary
    from bri_align.glossary.formats import loads

    glossary = contract(lambda: loads(data, format="jsonl", path="g.jsonl"), Glossary)
    if glossary is not None:
        _writable(glossary.to_dicts())


@_FUZZ
@given(st.sampled_from([".tbx", ".jsonl", ".TBX", ".csv", ""]),
       st.one_of(_tbx_texts().map(lambda s: s.encode("utf-8", "replace")),
                 _jsonl_glossary_texts().map(lambda s: s.encode("utf-8", "surrogatepass")), hostile_bytes))
@example(".jsonl", HUGE_INT.encode())
@example(".tbx", b"\xff\xfe<\x00a\x00/\x00>\x00")
def test_import_glossary(write, suffix, data):
    from bri_align.glossary import Glossary
    from bri_align.glossary.formats import import_glossary

    glossary = contract(lambda: import_glossary(write("glossary" + suffix, data)), Glossary)
    if glossary is not None:
        _writable(glossary.to_dicts())


# ------------------------------------------------------------------ Pharaoh links
pharaoh_text = st.one_of(
    st.text(st.sampled_from(list("0123456789-?SPspx \t") + ["¹", "²", "٣", "０", "\u2028", "\x00", "\ufeff"]),
            max_size=40),
    st.sampled_from(["0-" + "9" * 5000, "9" * 5000 + "?0", "0-0-" + "P" * 3]),
    hostile_text,
)


@_FUZZ
@given(pharaoh_text, st.one_of(st.none(), st.integers(0, 5)), st.one_of(st.none(), st.integers(0, 5)))
@example("0-¹", None, None)
@example("0-" + "9" * 5000, None, None)
def test_parse_pharaoh(line, n_src, n_tgt):
    from bri_align.align.pharaoh import parse_pharaoh

    links = contract(lambda: parse_pharaoh(line, lineno=1, path="a.align", n_src=n_src, n_tgt=n_tgt), tuple)
    if links is not None:
        for i, j in links:
            assert isinstance(i, int) and isinstance(j, int) and i >= 0 and j >= 0
            assert (n_src is None or i < n_src) and (n_tgt is None or j < n_tgt)


@_FUZZ
@given(pharaoh_text, st.one_of(st.none(), st.integers(0, 5)), st.one_of(st.none(), st.integers(0, 5)))
@example("0-¹", None, None)
@example("0?¹", None, None)
@example("0-0-P 1?" + "9" * 5000, None, None)
def test_parse_pharaoh_gold(line, n_src, n_tgt):
    from bri_align.align.pharaoh import parse_pharaoh_gold

    got = contract(lambda: parse_pharaoh_gold(line, lineno=1, path="a.align", n_src=n_src, n_tgt=n_tgt), tuple)
    if got is not None:
        sure, possible = got
        assert set(sure) <= set(possible)


def _gold_files():
    """Three strategies (zh, en, align bytes) that mostly agree in line count."""
    def lines(n, line):
        return st.lists(line, min_size=n, max_size=n).map(
            lambda xs: "".join(x + "\n" for x in xs).encode("utf-8", "surrogatepass"))
    n = 3
    tokens = st.lists(_word, min_size=2, max_size=4).map(" ".join)
    return lines(n, tokens), lines(n, tokens), lines(n, weighted(st.sampled_from(["0-0", "0-1 1-0", "0?1 1-1-P", ""]),
                                                                  pharaoh_text, one_in=4))


@_FUZZ
@given(*[st.one_of(hostile_bytes, x) for x in _gold_files()])
@example(b"a b\n", b"c d\n", "0-¹\n".encode())
@example(b"a b\r", b"c d\r", b"0-0\r")
def test_load_gold(write, zh, en, align):
    from bri_align.align.aer import GoldSet, load_gold

    write("train.zh", zh)
    write("train.en", en)
    folder = write("train.align", align).parent
    gold = contract(lambda: load_gold(folder), GoldSet)
    if gold is not None:
        assert len(gold.zh) == len(gold.en) == len(gold.sure) == len(gold.possible)


# ------------------------------------------------------------------ benchmark files
_term_ann = records({"entry_id": _id_field}, {"zh_start": st.integers(-2, 8), "zh_end": st.integers(-2, 8),
                                               "zh": _zh_field, "en": _text_field})
_segment = records({"id": st.uuids().map(str), "doc": _text_field, "subset": _text_field, "zh": _zh_field,
                    "en": _text_field}, {"terms": st.lists(_term_ann, max_size=2), "provenance": _text_field})


@_FUZZ
@given(st.one_of(st.lists(st.builds(_json_line, _segment, st.booleans()), max_size=4).map("\n".join),
                 jsonl_lines()))
@example('{"id": "a", "doc": "d", "subset": "s", "zh": "\\ud800", "en": "e"}')
@example(HUGE_INT)
def test_read_segments(write, text):
    from bri_align.bench.testset import read_segments

    segments = contract(lambda: read_segments(str(write("test.jsonl", text))), tuple)
    if segments is not None:
        _writable(segments)
        for s in segments:
            for t in s.terms:
                if t.start != -1:
                    assert 0 <= t.start < t.end <= len(s.zh)


@_FUZZ
@given(st.one_of(st.lists(st.builds(_json_line, _segment, st.booleans()), max_size=3).map("\n".join),
                 jsonl_lines()))
@example(HUGE_INT)
def test_load_testset(write, text):
    from bri_align.bench.testset import TestSet, load_testset

    contract(lambda: load_testset(str(write("split.jsonl", text))), TestSet)


_term_dict = st.dictionaries(_text_field, near(st.one_of(_text_field, st.lists(_text_field, max_size=2))),
                             max_size=3)
_annotation_line = st.one_of(
    st.just(""), st.just("[]"),
    st.builds(_json_line, st.fixed_dictionaries({"terms": st.lists(_term_ann, max_size=2)}), st.booleans()),
    st.builds(_json_line, st.lists(_term_ann, max_size=2), st.booleans()),
    st.builds(_json_line, _term_dict, st.booleans()),
    st.builds(_json_line, st.lists(st.one_of(_term_dict, st.tuples(_text_field, near(_text_field)).map(list)),
                                   max_size=3), st.booleans()),
)


@_FUZZ
@given(st.one_of(st.lists(_annotation_line, max_size=5).map("\n".join), jsonl_lines()))
@example('[["a", 5]]')
@example('[{"a": 5}]')
@example('[{"a": "b"}, {"a": 3}]')
@example('{"terms": [{"entry_id": "\\ud800"}]}')
@example('{"terms": [{"entry_id": "a-b", "zh_start": null}]}')
@example('{"a": 5}')
def test_read_annotations(write, text):
    from bri_align.bench.datafiles import Annotations, read_annotations

    ann = contract(lambda: read_annotations(str(write("terms.jsonl", text))), Annotations)
    if ann is not None:
        _writable(ann)
        for d in ann.term_dicts:  # documented: {source term: [target terms]} (a value may be one string)
            assert all(isinstance(k, str) for k in d)
            for v in d.values():
                assert isinstance(v, str) or (isinstance(v, list) and all(isinstance(t, str) for t in v)), v


_wmt25_doc = records({"zh": _zh_field, "en": _text_field, "proper": _term_dict},
                     {"random": _term_dict, "noterm": _term_dict})


@_FUZZ
@given(st.one_of(st.lists(st.builds(_json_line, _wmt25_doc, st.booleans()), max_size=3).map("\n".join),
                 jsonl_lines()),
       st.one_of(st.lists(st.builds(_json_line, records({"en": _text_field}, {"zh": _zh_field}), st.booleans()),
                          max_size=3).map("\n".join), jsonl_lines()))
@example('{"zh": "a", "en": "b", "proper": {"\\ud800": ["x"]}}', '{"en": "\\udfff"}')
@example('{"zh": "a", "en": "b", "proper": {"a": 5}}', "{}")
@example(HUGE_INT, "{}")
def test_read_wmt25(write, ref_text, sys_text):
    from bri_align.bench.datafiles import read_wmt25_reference, read_wmt25_system

    docs = contract(lambda: read_wmt25_reference(str(write("ref.jsonl", ref_text))), list)
    if docs is not None:
        _writable(docs)
        hyps = contract(lambda: read_wmt25_system(str(write("sys.jsonl", sys_text)), docs), list)
        if hyps is not None:
            assert len(hyps) == len(docs) and all(isinstance(h, str) for h in hyps)
            _writable(hyps)


@_FUZZ
@given(st.one_of(st.lists(st.builds(_json_line, records({"id": st.uuids().map(str), "en": _text_field}), st.booleans()),
                          max_size=4).map("\n".join), jsonl_lines()))
@example('{"id": "a", "en": "\\ud800"}')
@example('{"id": "a", "en": "x\u2028y"}')
@example(HUGE_INT)
def test_read_system_jsonl(write, text):
    from bri_align.mt.file import read_system_jsonl

    out = contract(lambda: read_system_jsonl(str(write("system.jsonl", text))), dict)
    if out is not None:
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in out.items())
        _writable(out)


# ------------------------------------------------------------------ aligners' inputs
@_FUZZ
@given(hostile_bytes)
@example("一带一路\n".encode("utf-16"))
@example("一带一路\r共建\r".encode())
@example("# c\n\n一带\t一路\n".encode())
def test_read_terms(write, data):
    from bri_align.align.reading import read_terms

    terms = contract(lambda: read_terms(write("terms.txt", data)), list)
    if terms is not None:
        assert terms and all(t and t == t.strip() and "\n" not in t and "\r" not in t for t in terms)


@_FUZZ
@given(hostile_bytes, hostile_bytes)
@example("一带一路\r共建\r".encode(), b"Belt and Road\rjoint\r")
@example("一带一路\n".encode(), b"Belt and Road\n\n")
def test_read_parallel(write, zh, en):
    from bri_align.align.reading import read_parallel

    pairs = contract(lambda: read_parallel(write("p.zh", zh), write("p.en", en)), list)
    if pairs is not None:
        assert all(isinstance(z, str) and isinstance(e, str) for z, e in pairs)


@_FUZZ
@given(hostile_bytes, st.sampled_from(["zh", "en"]))
@example(b"\x00", "zh")
@example("一带一路。\r共建。".encode("utf-16"), "zh")
def test_read_document(write, data, lang):
    from bri_align.align.reading import read_document

    contract(lambda: read_document(write("doc.txt", data), lang=lang), str)


@_FUZZ
@given(hostile_bytes)
@example("一\r二\r".encode())
@example("a\n\ufeffb\n".encode())
@example(b"\xef\xbb\xbf")
def test_iter_lines_agrees_with_read_lines(write, data):
    from bri_align.align.corpus import iter_lines
    from bri_align.io import decode_utf8, split_lines

    p = write("stream.txt", data)
    rows = contract(lambda: list(iter_lines(p)), list)
    if rows is not None:
        assert [n for n, _ in rows] == list(range(1, len(rows) + 1))
        assert [t for _, t in rows] == split_lines(decode_utf8(data))


@_FUZZ
@given(hostile_bytes, hostile_bytes, st.booleans())
@example("一带一路\r共建\r".encode(), b"Belt and Road\rjoint\r", True)
@example(b"Belt and Road\n", "一带一路\n".encode(), True)
def test_iter_parallel(write, zh, en, check_language):
    from bri_align.align.corpus import iter_parallel

    rows = contract(lambda: list(iter_parallel(write("c.zh", zh), write("c.en", en),
                                               check_language=check_language)), list)
    if rows is not None:
        assert rows and all(isinstance(z, str) and isinstance(e, str) for _, z, e in rows)


# ------------------------------------------------------------------ seeds, CLI input
@_FUZZ
@given(hostile_bytes, st.sampled_from([".txt", ".md", ".markdown"]))
@example(b"# \x00\n\n```\n", ".md")
@example("一带一路。\r共建。\r".encode(), ".txt")
@example(b"\xef\xbb\xbf- [x](y)\n\n> \xe2\x80\xa8\n", ".md")
def test_read_seed(write, data, suffix):
    from bri_align.glossary_build.seeds import SeedDocument, read_seed

    p = write("seed" + suffix, data)
    doc = contract(lambda: read_seed(p.name, p), SeedDocument)
    if doc is not None:
        for para in doc.paragraphs:
            assert 0 <= para.start <= para.end <= len(doc.text)
            assert len(para.text) == para.end - para.start
            for s in para.sentences:
                assert para.start <= s.start < s.end <= para.end
                if suffix == ".txt":
                    assert doc.text[s.start:s.end] == s.text


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@_FUZZ
@given(hostile_bytes, st.booleans())
@example("一带一路".encode("utf-16"), True)
@example(b"\xef\xbb\xbf\xef\xbb\xbfx", False)
def test_read_input(write, data, stdin):
    from bri_align.cli._common import read_input

    if stdin:
        saved, sys.stdin = sys.stdin, _Stdin(data)  # type: ignore[assignment]
        try:
            text = contract(lambda: read_input("-"), str)
        finally:
            sys.stdin = saved
    else:
        text = contract(lambda: read_input(str(write("input.txt", data))), str)
    if text is not None:
        _writable(text)


# ------------------------------------------------------------------ text on any str
any_text = st.one_of(hostile_text, st.text(max_size=200),
                     st.lists(st.sampled_from(PIECES + SPECIAL_CHARS), max_size=120).map("".join))


@_FUZZ
@given(any_text, st.sampled_from(["zh", "en"]), st.sampled_from(["line", "blank"]), st.booleans())
@example("\ud800。", "zh", "line", True)
@example("Dr.\u2028 A. B.\r\nC", "en", "blank", False)
def test_split_sentences_offsets(text, lang, paragraphs, semicolons):
    from bri_align.text.sentences import split_sentences

    got = contract(lambda: split_sentences(text, lang=lang, paragraphs=paragraphs, semicolons=semicolons), list)
    assert got is not None, "split_sentences refused a str"
    last = 0
    for s in got:
        assert last <= s.start < s.end <= len(text), (s, len(text))
        assert text[s.start:s.end] == s.text
        last = s.end


@pytest.fixture(scope="module")
def matchers():
    from bri_align.glossary.loader import load_termbase
    from bri_align.matching import TermMatcher

    g = load_termbase(MINI_TERMBASE)
    return {lang: TermMatcher(g, lang=lang) for lang in ("zh", "en")}


@_FUZZ
@given(any_text, st.sampled_from(["zh", "en"]), st.booleans(), st.booleans())
@example("共建“\u200b一带一路”", "zh", False, False)
@example("\ud800", "zh", False, False)
@example("One\u200b Belt, One Road \ud800", "en", True, False)
@example("一帶一路" * 600, "zh", False, True)
def test_term_matcher_find_offsets(matchers, text, lang, all_matches, long_text):
    from bri_align.matching import matcher as matcher_module

    m = matchers[lang]
    if long_text:  # the numpy path for long Chinese text, whatever the length
        saved, matcher_module._VECTOR_MIN = matcher_module._VECTOR_MIN, 1
        try:
            found = contract(lambda: m.find(text, all_matches=all_matches), list)
        finally:
            matcher_module._VECTOR_MIN = saved
    else:
        found = contract(lambda: m.find(text, all_matches=all_matches), list)
    assert found is not None, "TermMatcher.find refused a str"
    for hit in found:
        assert 0 <= hit.start < hit.end <= len(text), (hit, len(text))
        assert text[hit.start:hit.end] == hit.text


# ------------------------------------------------------------------ the known cases, one per row
def _yaml(text):
    from bri_align.glossary.loader import parse_termbase_text
    return lambda w: parse_termbase_text(text, path="t.yaml")


def _pharaoh(line, gold=False):
    from bri_align.align import pharaoh
    return lambda w: (pharaoh.parse_pharaoh_gold if gold else pharaoh.parse_pharaoh)(line, lineno=1)


def _jsonl_glossary(text):
    from bri_align.glossary.formats import loads
    return lambda w: loads(text, format="jsonl")


def _annotations(text):
    from bri_align.bench.datafiles import read_annotations
    return lambda w: read_annotations(str(w("known.jsonl", text)))


def _bug(reason):
    return pytest.mark.xfail(strict=True, reason=reason)


KNOWN = [
    # (id, call(write) -> value, the bug when it is one)
    pytest.param(_yaml("[" * 10000), id="yaml-deep-nesting"),
    pytest.param(_yaml("? [a]\n: 1"), id="yaml-non-scalar-key"),
    pytest.param(_yaml("? {a: 1}\n: 1"), id="yaml-mapping-key"),
    pytest.param(_yaml(YAML_CASES[3]), id="yaml-lone-surrogate-escape"),
    pytest.param(_yaml("a: &x [*x]"), id="yaml-recursive-alias"),
    pytest.param(_yaml("!!python/object/apply:os.system [echo]"), id="yaml-python-tag"),
    pytest.param(_pharaoh("0-¹"), id="pharaoh-superscript-digit"),
    pytest.param(_pharaoh("0-¹", gold=True), id="pharaoh-gold-superscript-digit"),
    pytest.param(_pharaoh("0?¹", gold=True), id="pharaoh-gold-possible-superscript"),
    pytest.param(_pharaoh("0-" + "9" * 5000), id="pharaoh-index-past-4300-digits"),
    pytest.param(_jsonl_glossary('{"id": "\\ud800"}'), id="jsonl-glossary-lone-surrogate-escape"),
    pytest.param(_jsonl_glossary(HUGE_INT), id="jsonl-glossary-huge-number"),
    pytest.param(lambda w: list(__import__("bri_align.io", fromlist=["x"]).iter_jsonl("t", text=HUGE_INT)),
                 id="iter-jsonl-huge-number"),
    pytest.param(lambda w: __import__("bri_align.glossary.formats", fromlist=["x"]).loads(
        "<a>\ud800</a>", format="tbx"), id="tbx-str-lone-surrogate"),
    pytest.param(_annotations('[["a", 5]]'), id="wmt23-pair-int-target"),
    pytest.param(_annotations('[{"a": 5}]'), id="wmt23-object-int-target"),
    pytest.param(_annotations('{"terms": [{"entry_id": "\\ud800"}]}'), id="annotations-lone-surrogate-escape"),
    pytest.param(_annotations('{"terms": [{"entry_id": "a", "zh_start": null}]}'), id="annotations-null-offset"),
    pytest.param(_annotations('{"a": 5}'), id="wmt23-dict-int-target"),
    pytest.param(_yaml("{!!set {}}"), id="yaml-set-key"),
    pytest.param(lambda w: __import__("bri_align.glossary.formats", fromlist=["x"]).loads(
        _mini_export("jsonl").replace("China's", "China\ud800s"), format="jsonl"),
        id="jsonl-glossary-raw-lone-surrogate-str"),
    pytest.param(lambda w: __import__("bri_align.io", fromlist=["x"]).read_lines(
        w("utf16.txt", "一带一路\n".encode("utf-16"))), id="utf16-with-bom"),
]


@pytest.mark.parametrize("call", KNOWN)
def test_known_hostile_input(write, call):
    """Each known hostile input gets a BriAlignError (one line), never another exception."""
    with pytest.raises(BriAlignError, match=r"^[^\n]+$"):
        call(write)


def test_a_cr_only_file_is_read_line_by_line(write):
    from bri_align.align.reading import read_terms
    from bri_align.io import read_lines

    p = write("cr.txt", "一带一路\r共建\r".encode())
    assert read_lines(p) == ["一带一路", "共建"]
    assert read_terms(p) == ["一带一路", "共建"]


def test_utf16_input_gets_the_utf16_hint(write):
    from bri_align.io import read_lines

    with pytest.raises(BriAlignError, match=r"looks like UTF-16: convert the file to UTF-8"):
        read_lines(write("u16.txt", "一带一路\n".encode("utf-16")))
