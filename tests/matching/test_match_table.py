"""MatchTable (the columns the CLI formats) agrees with TermMatcher.find, and the streamed
CLI output agrees with the TermMatch objects."""

from __future__ import annotations

import json
import subprocess
import sys

from bri_align import TermMatcher, load_termbase
from bri_align.matching import MatchTable

TEXT = ("推动共建「一带一路」从“大写意”转向“工笔画”，坚持共商共建共享。\n" * 200
        + "“一带一路”倡议与人类命运共同体。\n" * 100)


def test_table_equals_find_on_a_long_text():
    matcher = TermMatcher.for_glossary(load_termbase(), lang="zh")
    assert len(TEXT) > 4096  # the numpy path
    table = matcher.find_table(TEXT)
    assert isinstance(table, MatchTable)
    assert table.matches() == matcher.find(TEXT)
    assert len(table) == len(matcher.find(TEXT)) > 500


def test_table_equals_find_on_a_short_text_and_english():
    g = load_termbase()
    for lang, text in (("zh", "大写意和工笔画"), ("en", "One Belt, One Road and the Belt and Road Initiative")):
        m = TermMatcher.for_glossary(g, lang=lang)
        assert m.find_table(text).matches() == m.find(text)
    assert len(TermMatcher.for_glossary(g, lang="zh").find_table("")) == 0


def test_cli_jsonl_and_text_rows_match_the_objects(tmp_path):
    src = tmp_path / "in.zh"
    src.write_text(TEXT, encoding="utf-8")
    matches = TermMatcher.for_glossary(load_termbase(), lang="zh").find(TEXT)
    out = subprocess.run([sys.executable, "-m", "bri_align", "match", "--lang", "zh", str(src),
                          "--format", "jsonl"], capture_output=True, text=True, check=True).stdout
    assert [json.loads(line) for line in out.splitlines()] == [m.to_dict() for m in matches]
    out = subprocess.run([sys.executable, "-m", "bri_align", "match", "--lang", "zh", str(src)],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[-1] == f"{len(matches)} matches"
    first_line_2 = next(m for m in matches if m.start > TEXT.index("\n"))
    row = out[matches.index(first_line_2)].split("\t")
    assert row[0] == f"{first_line_2.start}-{first_line_2.end}" and row[1] == "line 2"
    assert row[2] == first_line_2.text and row[3] == first_line_2.entry_id
