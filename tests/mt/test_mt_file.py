"""``file:`` systems: line-aligned text and JSONL looked up by id."""

from __future__ import annotations

import json

import pytest

from bri_align.errors import InputError
from bri_align.mt import FileTranslator, read_system_jsonl


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_txt_is_line_aligned(tmp_path):
    p = tmp_path / "sys.txt"
    p.write_text("one\ntwo\n", encoding="utf-8")
    tr = FileTranslator(str(p))
    assert tr.name == "sys"
    run = tr.run(["一", "二"])
    assert run.outputs == ("one", "two") and run.throughput is None
    assert tr.missing(["a"]) == [] and tr.ids is None
    with pytest.raises(InputError, match="2 lines for 3 source segments"):
        tr.translate(["一", "二", "三"])


def test_jsonl_lookup_by_id(tmp_path):
    p = _jsonl(tmp_path / "s.jsonl", [{"id": "b", "en": "B"}, {"id": "a", "en": "A"}])
    tr = FileTranslator(str(p), name="mine")
    assert tr.translate(["x", "y"], ids=["a", "b"]) == ["A", "B"]
    assert tr.missing(["a", "c"]) == ["c"]
    assert sorted(tr.ids) == ["a", "b"]
    sig = tr.signature()
    assert sig.startswith("translator:file.v1|name:mine|path:") and "|sha:" in sig


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda tr: tr.translate(["x"]), r"pass ids=\[...\]"),
        (lambda tr: tr.translate(["x"], ids=["zz"]), r"no output for 1 of 1 segments \('zz'\)"),
    ],
)
def test_jsonl_lookup_errors(tmp_path, call, message):
    tr = FileTranslator(str(_jsonl(tmp_path / "s.jsonl", [{"id": "a", "en": "A"}])))
    with pytest.raises(InputError, match=message):
        call(tr)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"id": "a", "en": "A"}\nnot json\n', r"s.jsonl:2: not valid JSON"),
        ('["a", "A"]\n', r"s.jsonl:1: expected a JSON object"),
        ('{"id": "a"}\n', r"s.jsonl:1: field 'en': 'en' must be a string \(missing\)"),
        ('{"id": 3, "en": "A"}\n', r"field 'id': 'id' must be a string \(a int\)"),
        ('{"id": "a", "en": "A"}\n{"id": "a", "en": "B"}\n', r"s.jsonl:2: field 'id': duplicate id 'a'"),
        ("", r"s.jsonl: system output file is empty"),
        ("\n  \n", r"s.jsonl: system output file is empty"),
        ('{"id": "a", "en": "\\ud800"}\n', r"s.jsonl:1: .*surrogate"),
    ],
)
def test_read_system_jsonl_errors(tmp_path, content, message):
    p = tmp_path / "s.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_system_jsonl(str(p))


def test_jsonl_blank_lines_crlf_and_line_separators(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_bytes('{"id": "a", "en": "A\u2028B"}\r\n\r\n{"id": "b", "en": "C"}\r\n'.encode("utf-8"))
    assert read_system_jsonl(str(p)) == {"a": "A\u2028B", "b": "C"}


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="system output file not found"):
        FileTranslator(str(tmp_path / "nope.txt")).load()


def test_jsonl_ids_must_match_sentences(tmp_path):
    tr = FileTranslator(str(_jsonl(tmp_path / "s.jsonl", [{"id": "a", "en": "A"}])))
    with pytest.raises(InputError, match="1 ids for 2 sentences"):
        tr.translate(["x", "y"], ids=["a"])
