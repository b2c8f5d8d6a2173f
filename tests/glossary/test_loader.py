"""Termbase loading and validation: every malformed input gives one located line."""

from __future__ import annotations

import textwrap

import pytest

from bri_align import GlossaryError, Status, load_termbase
from bri_align.glossary import Category

GOOD = """\
entries:
  - id: belt-and-road-initiative
    zh: 一带一路
    category: programme
    renderings:
      - en: Belt and Road Initiative
        status: preferred
      - en: One Belt, One Road
        status: deprecated
        reason: discouraged in 2015
  - id: aiib
    zh: 亚洲基础设施投资银行
    zh_variants: [亚投行]
    category: institution
    renderings:
      - en: Asian Infrastructure Investment Bank
        status: preferred
"""


def write(tmp_path, text, name="tb.yaml", raw=None):
    p = tmp_path / name
    if raw is not None:
        p.write_bytes(raw)
    else:
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_good_termbase_loads(tmp_path):
    g = load_termbase(write(tmp_path, GOOD))
    assert len(g) == 2
    e = g.get("belt-and-road-initiative")
    assert e.preferred.en == "Belt and Road Initiative"
    assert e.deprecated[0].status is Status.DEPRECATED
    assert e.pinyin == "yī dài yī lù"  # computed by pypinyin
    assert g.get("aiib").category is Category.INSTITUTION


def test_lookups(tmp_path):
    g = load_termbase(write(tmp_path, GOOD))
    assert g.lookup_zh("亚投行").id == "aiib"
    assert g.lookup_zh("「一帶一路」").id == "belt-and-road-initiative"  # quotes + traditional
    assert [e.id for e, r in g.lookup_en("one belt, one road")] == ["belt-and-road-initiative"]
    assert g.lookup_zh("不存在") is None
    with pytest.raises(GlossaryError, match="no entry with id 'nope'"):
        g.get("nope")


def _bad(good: str, old: str, new: str) -> str:
    assert old in good
    return good.replace(old, new, 1)


# (case name, termbase text or bytes, regex the one-line message must match)
BAD_CASES = [
    ("invalid-utf8", GOOD.encode("utf-8").replace("一带一路".encode(), b"\xff\xfe"),
     r"tb\.yaml:3: invalid UTF-8"),
    ("missing-required-field", _bad(GOOD, "    category: programme\n", ""),
     r"tb\.yaml:2: entry 'belt-and-road-initiative' field 'category': missing required field"),
    ("duplicate-id", _bad(GOOD, "id: aiib", "id: belt-and-road-initiative"),
     r"tb\.yaml:11: entry 'belt-and-road-initiative' field 'id': duplicate id"),
    ("unknown-status", _bad(GOOD, "status: deprecated", "status: forbidden"),
     r"tb\.yaml:9: entry 'belt-and-road-initiative' field 'renderings.status': unknown status 'forbidden'"),
    ("no-preferred", _bad(GOOD, "status: preferred", "status: admitted"),
     r"tb\.yaml:2: entry 'belt-and-road-initiative' field 'renderings.status': no preferred rendering"),
    ("preferred-and-deprecated", _bad(GOOD, "One Belt, One Road", "Belt and Road Initiative"),
     r"field 'renderings.status': rendering 'Belt and Road Initiative' is both preferred and deprecated"),
    ("zh-in-two-entries", _bad(GOOD, "[亚投行]", "[一帶一路]"),
     r"tb\.yaml:11: entry 'aiib' field 'zh_variants': Chinese term '一帶一路' is also in entry "
     r"'belt-and-road-initiative'"),
    ("edge-whitespace", _bad(GOOD, "- en: Asian Infrastructure Investment Bank",
                             "- en: ' Asian Infrastructure Investment Bank'"),
     r"tb\.yaml:16: entry 'aiib' field 'renderings.en': English rendering ' Asian.*leading or trailing whitespace"),
    ("empty-string", _bad(GOOD, "zh: 亚洲基础设施投资银行", "zh: ''"),
     r"tb\.yaml:12: entry 'aiib' field 'zh': Chinese term is empty"),
    ("unknown-field", _bad(GOOD, "    category: institution\n", "    category: institution\n    colour: red\n"),
     r"tb\.yaml:15: entry 'aiib' field 'colour': unknown field 'colour'"),
    ("unknown-category", _bad(GOOD, "category: institution", "category: bank"),
     r"tb\.yaml:14: entry 'aiib' field 'category': unknown category 'bank'"),
    ("yaml-syntax", _bad(GOOD, "    zh: 一带一路\n", "    zh: [一带一路\n"),
     r"tb\.yaml:\d+: YAML syntax error"),
    ("bad-id", _bad(GOOD, "id: aiib", "id: 1AIIB"),
     r"tb\.yaml:11: field 'id': id '1AIIB' is not valid"),
    ("not-a-bool", _bad(GOOD, "        reason: discouraged in 2015\n",
                        "        reason: discouraged in 2015\n        literal: maybe\n"),
     r"tb\.yaml:11: entry 'belt-and-road-initiative' field 'renderings.literal': must be true or false"),
    ("bad-date", _bad(GOOD, "        reason: discouraged in 2015\n",
                      "        reason: discouraged in 2015\n        valid_to: 2015-13-01\n"),
     r"field 'renderings.valid_to': '2015-13-01' is not an ISO date"),
    ("empty-file", "", r"tb\.yaml:1: the file is empty"),
    ("duplicate-key", _bad(GOOD, "    zh: 一带一路\n", "    zh: 一带一路\n    zh: 一路\n"),
     r"tb\.yaml:4: field 'zh': key 'zh' appears twice"),
]


@pytest.mark.parametrize("name,text,pattern", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_malformed_termbase_gives_located_one_line_error(tmp_path, name, text, pattern):
    if isinstance(text, bytes):
        path = write(tmp_path, None, raw=text)
    else:
        path = write(tmp_path, text)
    with pytest.raises(GlossaryError, match=pattern) as info:
        load_termbase(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(str(path))


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(GlossaryError, match="no such file or directory"):
        load_termbase(tmp_path / "nope.yaml")
    with pytest.raises(GlossaryError, match=r"no \.yaml files in this directory"):
        load_termbase(tmp_path)


def test_folder_loads_all_files_in_name_order(tmp_path):
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(textwrap.dedent("""\
        entries:
          - id: go-global
            zh: 走出去
            category: policy
            renderings:
              - en: go global
                status: preferred
        """), encoding="utf-8")
    g = load_termbase(tmp_path)
    assert [e.id for e in g] == ["go-global", "belt-and-road-initiative", "aiib"]


def test_cross_file_duplicate_names_the_second_file(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"b\.yaml:2: entry 'belt-and-road-initiative' field 'id': duplicate id"):
        load_termbase(tmp_path)
