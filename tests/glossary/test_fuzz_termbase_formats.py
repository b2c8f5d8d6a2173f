"""Bounded fuzzing of the glossary parsers: the YAML termbase loader, the JSONL and the TBX
importers.  Whatever the input, each returns a result or raises a BriAlignError (a located
one-line error), never another exception.  Derandomised, so every run tries the same inputs.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bri_align.errors import BriAlignError
from bri_align.glossary import Glossary
from bri_align.glossary.formats import dumps, loads
from bri_align.glossary.loader import check_termbase, parse_termbase_text
from bri_align.glossary.model import Rendering, Status, TermEntry

FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

# pieces of real termbase YAML, recombined: reaches the field checks, not only the YAML parser
YAML_PIECES = [
    "entries:\n", "  - id: a\n", "    zh: 一带一路\n", "    category: concept\n", "    renderings:\n",
    "      - en: Belt and Road\n", "        status: preferred\n", "        status: bogus\n", "meta: {}\n",
    "    zh_variants: [一帶一路]\n", "    sources:\n", "      - authority: Xinhua\n", "    verified: maybe\n",
    "  - &x [1, 2]\n", "  - *x\n", "    zh: \"\\u200b\"\n", "    zh: \"\\ud800\"\n", "? [a]\n: b\n",
    "    valid_from: 2015-13-45\n", "!!python/name:os.system\n", "\t", "{", "[", "]", "}", ":", "- ",
    "    note: 😀\n", "    id: Bad Id\n", "entries: 5\n", "\x00", "\ufeff", "'", '"',
]

JSONL_PIECES = [
    '{"id": "a", "zh": "一带一路", "en_preferred": "Belt and Road"}', '{"id": 5}', '"\\ud800"',
    '{"id": "b", "zh": "丝路", "renderings": [{"en": "Silk Road", "status": "preferred"}]}',
    '{"id": "c", "zh": "x", "renderings": []}', "[", "]", "{", "}", "\n", "null", "1e999",
    '{"id": "d", "zh": "\\u200b", "en_preferred": "D"}', '{"zh_variants": [1]}', "\u2028", "\r",
]

TBX_PIECES = [
    '<?xml version="1.0"?>', '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca">',
    "<tbxHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></tbxHeader>", "<text><body>",
    '<conceptEntry id="a">', '<langSec xml:lang="zh">', '<langSec xml:lang="en">', "<termSec>",
    "<term>一带一路</term>", "<term>Belt and Road</term>",
    '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>', "</termSec>", "</langSec>",
    "</conceptEntry>", "</body></text></tbx>", '<!DOCTYPE x [<!ENTITY e "eeee">]>', "&e;", "&#xD800;",
    "<", ">", "&", "\x00",
]


def _joined(pieces):
    return st.lists(st.sampled_from(pieces), max_size=30).map("".join)


def _outcome(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except BriAlignError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line, as the CLI prints it
        return exc


@FUZZ
@given(st.one_of(st.text(max_size=400), _joined(YAML_PIECES)))
def test_yaml_termbase_loader_never_raises_anything_else(text):
    result = _outcome(parse_termbase_text, text, path="fuzz.yaml")
    if not isinstance(result, BriAlignError):
        entries, where = result
        assert len(entries) == len(where)


@FUZZ
@given(_joined(YAML_PIECES))
def test_collecting_check_never_raises_anything_else(text):
    check = _outcome(check_termbase, "fuzz.yaml", text=text)
    if not isinstance(check, BriAlignError):
        assert (check.glossary is None) == bool(check.errors)
        for err in check.errors:
            assert str(err).startswith("fuzz.yaml")


@FUZZ
@given(st.one_of(st.text(max_size=400), _joined(JSONL_PIECES)))
def test_jsonl_importer_never_raises_anything_else(text):
    result = _outcome(loads, text, format="jsonl", path="fuzz.jsonl")
    assert isinstance(result, (Glossary, BriAlignError))


@FUZZ
@given(st.one_of(st.binary(max_size=400), _joined(JSONL_PIECES).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_jsonl_importer_bytes_never_raise_anything_else(data):
    result = _outcome(loads, data, format="jsonl", path="fuzz.jsonl")
    assert isinstance(result, (Glossary, BriAlignError))


@FUZZ
@given(st.one_of(st.binary(max_size=400), _joined(TBX_PIECES).map(lambda t: t.encode("utf-8"))))
def test_tbx_importer_never_raises_anything_else(data):
    result = _outcome(loads, data, format="tbx", path="fuzz.tbx")
    assert isinstance(result, (Glossary, BriAlignError))


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20))
def test_any_accepted_term_survives_every_export(term):
    """A term the model accepts is one every exporter can write (no UnicodeEncodeError)."""
    entry = TermEntry(id="a", zh="一带一路", renderings=(Rendering(term, Status.PREFERRED),))
    glossary = _outcome(Glossary.from_entries, [entry])
    if isinstance(glossary, BriAlignError):
        return
    for fmt in ("tbx", "jsonl"):
        text = dumps(glossary, format=fmt)
        text.encode("utf-8")
        back = loads(text.encode("utf-8") if fmt == "tbx" else text, format=fmt)
        assert back.entries == glossary.entries
    json.dumps(glossary.get("a").to_dict(), ensure_ascii=False).encode("utf-8")
