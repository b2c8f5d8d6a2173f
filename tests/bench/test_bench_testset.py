"""Loading and validating policy-bench test sets."""

from __future__ import annotations


import pytest

from bri_align.bench import load_testset, shipped_systems
from bri_align.bench.testset import Segment, default_testset_dir
from bri_align.errors import InputError

from bench_data import segment_rows, write_jsonl


def test_load_mini_testset(mini_bench):
    ts = load_testset(str(mini_bench))
    assert len(ts) == 5 and ts.split == "test" and ts.subsets == ["seed", "general"]
    assert [s.id for s in ts.select("seed")] == ["seed-p01-s1", "seed-p02-s1", "seed-p03-s1"]
    assert len(ts.select("all")) == 5 and len(ts.select(None)) == 5
    seg = ts.segments[0]
    assert seg.terms[0].entry_id == "joint-bri" and seg.terms[0].zh == "共建“一带一路”"
    assert seg.terms[0].ref_en == "Belt and Road cooperation"
    assert Segment.from_dict(seg.to_dict()) == seg
    assert ts.signature().startswith("testset:bench|split:test|segments:5|sha:")
    assert len(load_testset(str(mini_bench), split="dev")) == 2
    assert len(load_testset(str(mini_bench / "test.jsonl"))) == 5
    assert list(shipped_systems(str(mini_bench))) == ["seed-mt"]
    assert shipped_systems(str(mini_bench / "nowhere")) == {}


def test_bundled_testset_loads():
    if not (default_testset_dir() / "test.jsonl").is_file():
        pytest.skip("corpora/policy_bench is not in this checkout")
    ts = load_testset()
    assert "seed" in ts.subsets and len(ts) > 0
    assert "seed-mt" in shipped_systems()


def _bad(tmp_path, mutate):
    rows = segment_rows()
    mutate(rows)
    return str(write_jsonl(tmp_path / "t.jsonl", rows))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda rows: rows.__setitem__(1, {**rows[1], "id": rows[0]["id"]}),
         r"t.jsonl:2: field 'id': duplicate id 'seed-p01-s1' \(first on line 1\)"),
        (lambda rows: rows[0].pop("en"), r"t.jsonl:1: field 'en': 'en' must be a non-empty string \(got missing\)"),
        (lambda rows: rows[2].__setitem__("terms", "x"), r"t.jsonl:3: field 'terms': 'terms' must be a list"),
        (lambda rows: rows[0]["terms"][0].__setitem__("zh_start", 1),
         r"t.jsonl:1: entry 'joint-bri' field 'terms': terms\[0\] \(joint-bri\): zh\[1:8\] is"),
        (lambda rows: rows[0]["terms"][1].__setitem__("zh_end", 99), r"offsets 9..99 are outside the source"),
        (lambda rows: rows[0]["terms"].append({"zh": "x"}), r"terms\[2\] must be an object with a string 'entry_id'"),
    ],
)
def test_invalid_lines(tmp_path, mutate, message):
    with pytest.raises(InputError, match=message):
        load_testset(_bad(tmp_path, mutate))


def test_invalid_files(tmp_path):
    p = tmp_path / "t.jsonl"
    p.write_text('{"id": "a"}\n[1]\n', encoding="utf-8")
    with pytest.raises(InputError, match="t.jsonl:1: field 'zh'"):
        load_testset(str(p))
    p.write_text('{"id": \n', encoding="utf-8")
    with pytest.raises(InputError, match="t.jsonl:1: not valid JSON"):
        load_testset(str(p))
    p.write_text("[1]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.jsonl:1: expected a JSON object with id, doc, subset, zh, en, terms, got list"):
        load_testset(str(p))
    p.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="test set has no segments"):
        load_testset(str(p))
    with pytest.raises(InputError, match="unknown split 'train'"):
        load_testset(str(tmp_path), split="train")
    with pytest.raises(InputError, match="test set not found"):
        load_testset(str(tmp_path / "missing.jsonl"))
