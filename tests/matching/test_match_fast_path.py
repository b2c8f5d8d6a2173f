"""The fast `bri-align match` path (code points straight from the normaliser, numpy selection,
vectorised quote extension, text rows built a chunk at a time) against plain reference
implementations, on varied text: Chinese, traditional and full-width forms, quotes of every
kind, several lines, matches at line ends, nested and overlapping terms, Latin edges."""

from __future__ import annotations

import argparse
import io
import random
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bri_align import Glossary, Rendering, Status, TermEntry, TermMatcher, load_termbase
from bri_align.cli import match as cli_match
from bri_align.matching import matcher as matcher_module
from bri_align.text import normalize as normalize_module


def _entry(eid, zh, en, *variants, status=Status.PREFERRED):
    return TermEntry(id=eid, zh=zh, renderings=(Rendering(en=en, status=status),), zh_variants=variants)


# overlapping and nested keys (一带 / 一带一路 / 共建一带一路, 路网 overlapping 一路),
# traditional variants, Latin edges, and keys whose text may equal their English rendering
GLOSSARY = Glossary.from_entries([
    _entry("bri", "一带一路", "Belt and Road", "一帶一路"),
    _entry("joint-bri", "共建一带一路", "jointly building the Belt and Road"),
    _entry("belt", "一带", "a belt"),
    _entry("road-net", "路网", "road network"),
    _entry("ai", "AI", "AI"),
    _entry("five-g", "5G", "5g"),
    _entry("ai-plus", "人工智能+", "AI Plus"),
    _entry("big-freehand", "大写意", "freehand brushwork", "大寫意"),
    _entry("zero", "〇", "zero"),
], name="fast-path")

PIECES = ["一带一路", "一帶一路", "共建", "共建“一带一路”", "共建「一帶一路」", "一带", "路网", "网路",
          "AI", "ＡＩ", "MAIL", "5G", "５Ｇ", "5Gs", "人工智能+", "人工智能＋", "大寫意", "大写意",
          "“", "”", "「", "」", '"', "'", "‘", "’", "《", "》", "\n", "\r\n", "\n\n", " ", "　", "\t",
          "的", "，", "。", "〇", "𠮷", "Σ", "İ", "—", "-", "\u200b"]


def reference_rows(text: str, glossary: Glossary, lang: str = "zh") -> str:
    """What `bri-align match` prints, written plainly: the per-hit matcher (no numpy path),
    then one f-string per match with its line counted from the start of the text."""
    matcher = TermMatcher(glossary, lang=lang)
    old = matcher_module._VECTOR_MIN
    matcher_module._VECTOR_MIN = 10**12
    try:
        matches = matcher.find(text)
    finally:
        matcher_module._VECTOR_MIN = old
    rows = []
    for m in matches:
        preferred = glossary.get(m.entry_id).preferred.en
        if m.status.value in ("deprecated", "superseded"):
            hint = f"  -> use: {preferred}"
        else:
            hint = f"  = {preferred}" if m.text.casefold() != preferred.casefold() else ""
        rows.append(f"{m.start}-{m.end}\tline {text.count(chr(10), 0, m.start) + 1}\t{m.text}\t"
                    f"{m.entry_id}\t{m.status.value}{hint}\n")
    return "".join(rows) + f"{len(matches)} matches\n"


def cli_rows(text: str, glossary: Glossary, lang: str = "zh", monkeypatch=None) -> str:
    """The CLI's text output (the fast path: the long-text branch taken at any length)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(matcher_module, "_VECTOR_MIN", 1)
        m.setattr(cli_match, "_CHUNK", 7)  # several chunks even for a short text
        matcher = TermMatcher(glossary, lang=lang)
        table = matcher.find_table(text)
        return b"".join(cli_match._text_chunks(table, glossary)).decode("utf-8")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=120))
def test_text_rows_equal_the_reference(pieces):
    text = "".join(pieces)
    assert cli_rows(text, GLOSSARY) == reference_rows(text, GLOSSARY)


def test_text_rows_equal_the_reference_on_a_long_varied_text():
    rng = random.Random(7)
    text = "".join(rng.choice(PIECES) for _ in range(6000))
    assert len(text) > matcher_module._VECTOR_MIN
    got = cli_rows(text, GLOSSARY)
    assert got == reference_rows(text, GLOSSARY)
    assert int(got.splitlines()[-1].split()[0]) > 1000
    # matches at line ends and on later lines are among them
    assert any(row.split("\t")[1] != "line 1" for row in got.splitlines()[:-1])


def test_the_bundled_termbase_and_english_text_equal_the_reference():
    glossary = load_termbase()
    zh = ("推动共建「一带一路」从“大写意”转向“工笔画”，坚持共商共建共享。\n" * 60
          + "“一带一路”倡议与人类命运共同体。\r\n一帶一路 走出去\n" * 40)
    assert cli_rows(zh, glossary) == reference_rows(zh, glossary)
    en = "One Belt, One Road and the Belt and Road Initiative.\nBelt and road initiative; going global\n" * 30
    assert cli_rows(en, glossary, "en") == reference_rows(en, glossary, "en")


def test_cli_text_output_is_the_reference_byte_for_byte(tmp_path, monkeypatch):
    """End to end through run_match, with the output file written in several chunks."""
    monkeypatch.setattr(cli_match, "_CHUNK", 50)
    monkeypatch.setattr(cli_match, "as_glossary", lambda _path: GLOSSARY)
    text = "".join(random.Random(3).choice(PIECES) for _ in range(4000))
    src, out = tmp_path / "in.zh", tmp_path / "out.txt"
    src.write_bytes(text.encode("utf-8"))
    args = argparse.Namespace(input=str(src), glossary=None, all=False, format="text", lang="zh", out=str(out))
    assert cli_match.run_match(args) == 0
    assert out.read_bytes() == reference_rows(text, GLOSSARY).encode("utf-8")


def test_utf8_writer_goes_through_the_text_layer_without_a_byte_buffer():
    stream = io.StringIO()
    cli_match._utf8_writer(stream)("一带一路\n".encode())
    assert stream.getvalue() == "一带一路\n"
    wrapped = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    wrapped.write("a")  # held by the text layer: written before the bytes
    cli_match._utf8_writer(wrapped)("一".encode())
    assert wrapped.buffer.getvalue() == "a一".encode()


# ------------------------------------------------------------- quote extension
def reference_extend(original: str, o_start: int, o_end: int):
    """extend_closing_quote as first written (counting every quote of the span), with the
    one fix: an odd opening ‘ inside takes no opener along (it raised StopIteration)."""
    span = original[o_start:o_end]
    apostrophe = matcher_module._apostrophe
    opened = sum(span.count(q) for q in "“「『〝《〈")
    closed = sum(span.count(q) for q in "”」』〞〟》〉")
    straight = span.count('"') + sum(1 for k, ch in enumerate(span) if ch in "'‘’" and not apostrophe(span, k))
    if closed > opened and o_start > 0 and original[o_start - 1] in "“「『〝《〈":
        o_start -= 1
        opened += 1
    if straight % 2 == 1 and o_start > 0 and original[o_start - 1] in "\"'‘":
        k = next((i for i, ch in enumerate(span) if ch in "\"'’" and not apostrophe(span, i)), None)
        if k is not None and k > 0 and span[k - 1].isalnum():
            o_start -= 1
            straight += 1
    while o_end < len(original) and original[o_end] in normalize_module.CLOSING_QUOTES:
        ch = original[o_end]
        if ch in "\"'’" and straight % 2 == 1:
            straight += 1
        elif ch not in "\"'’" and opened > closed:
            closed += 1
        else:
            break
        o_end += 1
    return o_start, o_end


QUOTE_ALPHABET = list("ab一带路1 »") + list("\"'‘’“”「」『』〝〞〟《》〈〉")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(QUOTE_ALPHABET), min_size=1, max_size=14), st.data())
def test_quote_extension_equals_the_reference_one_span_and_all_at_once(chars, data):
    import numpy as np

    text = "".join(chars)
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))), min_size=1))
    spans = [(s, max(e, s + 1)) for s, e in spans if s < len(text)]
    expected = [reference_extend(text, s, e) for s, e in spans]
    assert [matcher_module.extend_closing_quote(text, s, e) for s, e in spans] == expected
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    got = matcher_module._extend_closing_quotes(text, starts.copy(), ends.copy(), np.arange(len(spans)))
    assert list(zip(got[0].tolist(), got[1].tolist())) == expected


def test_an_opening_single_quote_inside_a_span_no_longer_raises():
    text = '"一带‘一路”倡议'  # the opening ‘ closes nothing: no quote taken along
    assert matcher_module.extend_closing_quote(text, 1, 6) == (1, 6)
    assert [m.text for m in TermMatcher(GLOSSARY, lang="zh").find(text)] == ["一带‘一路"]


# --------------------------------------------------------- normalisation facts
@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["Ａ", "ａ", "ΑΣ", "Σa", "ſ", "K"]), max_size=150))
def test_long_normalisation_equals_the_character_loop(pieces):
    """normalize_zh_codes (case fold only, then the width and traditional folds by table) is
    normalize_zh's short path (width fold by pattern, case fold, then the traditional fold)."""
    text = "".join(pieces)
    mapped = normalize_module._ZH_WIDTH_RE.sub(normalize_module._fold_zh_char, text)
    if normalize_module._UPPER_RE.search(mapped):
        mapped = normalize_module._casefold_same_length(mapped)
    slow = normalize_module._apply_deletions(text, normalize_module.fold_traditional(mapped),
                                             normalize_module._ZH_DELETE, normalize_module._zh_space)
    codes, cuts = normalize_module.normalize_zh_codes(text)
    assert codes.tobytes().decode("utf-32-le") == slow.text
    assert tuple(cuts.tolist()) == slow._cuts


def test_no_character_of_the_skipped_blocks_has_a_case():
    """normalize_zh skips case folding for text whose letters all lie in these blocks."""
    blocks = re.findall(r"\\u(\w{4})-\\u(\w{4})|\\U(\w{8})-\\U(\w{8})",
                        normalize_module._UPPER_BLOCKS.encode("unicode_escape").decode())
    assert len(blocks) == 4
    for lo4, hi4, lo8, hi8 in blocks:
        lo, hi = int(lo4 or lo8, 16), int(hi4 or hi8, 16)
        assert not [o for o in range(lo, hi + 1) if chr(o).lower() != chr(o) or chr(o).upper() != chr(o)]


def test_texts_found_by_chinese_keys_never_case_fold_to_a_latin_rendering():
    """The CLI's ``= preferred`` hint skips the per-match comparison for a key with a Chinese
    character and a rendering below U+2E80: a matched text holds that character or a
    traditional form of it, and neither has case or lies below U+2E80."""
    table = normalize_module._t2s_chars()[0]
    sources = [chr(o) for o, target in table.items() if normalize_module.is_cjk(target)]
    assert sources and all(ch.casefold() == ch and ch >= "\u2e80" for ch in sources)
    assert all(chr(o).casefold() == chr(o) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
               for o in range(lo, hi + 1))
    assert cli_match._never_equal("一带一路", "belt and road")
    assert not cli_match._never_equal("ai", "ai") and not cli_match._never_equal("一带", "一带")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
