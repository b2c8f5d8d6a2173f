"""Integrity of the policy MT benchmark data (corpora/policy_bench) and its build script."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bri_align import Status, load_termbase

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "corpora" / "policy_bench"
TERMBASE = REPO / "corpora" / "termbase"
SPLITS = ("dev", "test")
SEGMENT_KEYS = ["id", "doc", "subset", "zh", "en", "terms", "provenance"]
TERM_KEYS = ["entry_id", "zh", "zh_start", "zh_end", "en", "en_start", "en_end"]
SEED_PROVENANCE = re.compile(r"^reconstructed by the project from the seed's English \(seed paragraph (\d+)\)")


def _load_build_module():
    """The build script is not part of the package: load it from its path."""
    name = "policy_bench_build_bench"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / "tools" / "build_bench.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bb = _load_build_module()


def _read_jsonl(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def rows():
    return {split: _read_jsonl(BENCH / f"{split}.jsonl") for split in SPLITS}


@pytest.fixture(scope="module")
def all_rows(rows):
    return rows["dev"] + rows["test"]


@pytest.fixture(scope="module")
def glossary():
    return load_termbase(TERMBASE)


# ----------------------------------------------------------------- schema and offsets
def test_every_line_has_the_contract_fields(all_rows):
    for r in all_rows:
        assert list(r) == SEGMENT_KEYS, r["id"]
        assert r["subset"] in ("seed", "general")
        assert all(isinstance(r[k], str) and r[k] for k in ("id", "doc", "zh", "en", "provenance"))
        for t in r["terms"]:
            assert list(t) == TERM_KEYS, r["id"]
            assert all(isinstance(t[k], int) for k in ("zh_start", "zh_end", "en_start", "en_end"))


@pytest.mark.parametrize("split", SPLITS)
def test_offsets_point_at_the_annotated_text(rows, split):
    for r in rows[split]:
        for t in r["terms"]:
            assert 0 <= t["zh_start"] < t["zh_end"] <= len(r["zh"]), (r["id"], t)
            assert 0 <= t["en_start"] < t["en_end"] <= len(r["en"]), (r["id"], t)
            assert r["zh"][t["zh_start"]:t["zh_end"]] == t["zh"], (r["id"], t)
            assert r["en"][t["en_start"]:t["en_end"]] == t["en"], (r["id"], t)


def test_terms_are_in_chinese_order_and_do_not_overlap(all_rows):
    for r in all_rows:
        for side in ("zh", "en"):
            spans = sorted((t[f"{side}_start"], t[f"{side}_end"]) for t in r["terms"])
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), (r["id"], side, spans)
        starts = [t["zh_start"] for t in r["terms"]]
        assert starts == sorted(starts), r["id"]


def test_no_authoring_marks_left(all_rows):
    for r in all_rows:
        for field in ("zh", "en"):
            assert not any(m in r[field] for m in ("[[", "]]", "{{", "}}")), r["id"]


# ----------------------------------------------------------------- ids, splits, sizes
def test_ids_are_unique_and_well_formed(all_rows):
    counts = Counter(r["id"] for r in all_rows)
    assert [i for i, n in counts.items() if n > 1] == []
    for r in all_rows:
        if r["subset"] == "seed":
            assert re.fullmatch(r"seed-p\d{2}-s\d+", r["id"]), r["id"]
        else:
            m = re.fullmatch(r"gen-(\d{2})\d{2}", r["id"])
            assert m and r["doc"].startswith(f"gen-d{m.group(1)}-"), r["id"]


def test_splits_are_disjoint_by_document_and_the_seed_is_in_test(rows):
    dev_docs = {r["doc"] for r in rows["dev"]}
    test_docs = {r["doc"] for r in rows["test"]}
    assert dev_docs and test_docs and not dev_docs & test_docs
    assert {r["subset"] for r in rows["dev"]} == {"general"}
    assert any(r["subset"] == "seed" for r in rows["test"])


def test_size_and_split_ratio(rows):
    total = len(rows["dev"]) + len(rows["test"])
    assert total >= 400
    assert 0.20 <= len(rows["dev"]) / total <= 0.30


def test_general_documents_hold_5_to_15_segments(all_rows):
    sizes = Counter(r["doc"] for r in all_rows if r["subset"] == "general")
    assert sizes and all(5 <= n <= 15 for n in sizes.values()), sizes


def test_provenance_labels(all_rows):
    for r in all_rows:
        if r["subset"] == "general":
            assert r["provenance"] == "written by the bri_align project", r["id"]
        else:
            m = SEED_PROVENANCE.match(r["provenance"])
            assert m and int(m.group(1)) == int(r["id"][6:8]), r["id"]


# ----------------------------------------------------------------- seed-mt system
def test_every_seed_segment_has_exactly_one_seed_mt_hypothesis(rows):
    hyps = _read_jsonl(BENCH / "systems" / "seed-mt.jsonl")
    assert all(list(h) == ["id", "en"] and h["en"] for h in hyps)
    seed_ids = [r["id"] for r in rows["test"] if r["subset"] == "seed"]
    assert [h["id"] for h in hyps] == seed_ids


def test_seed_mt_rejoins_to_the_seed_document(seed_text):
    hyps = _read_jsonl(BENCH / "systems" / "seed-mt.jsonl")
    by_par: dict = {}
    for h in hyps:
        by_par.setdefault(int(h["id"][6:8]), []).append(h["en"])
    paragraphs = seed_text.split("\n")
    assert paragraphs[1] == paragraphs[0]  # paragraph 2 repeats the title and is left out
    for n, text in enumerate(paragraphs, 1):
        if n == 2:
            assert n not in by_par
            continue
        assert " ".join(by_par[n]) == text, n
    assert set(by_par) == set(range(1, len(paragraphs) + 1)) - {2}


# ----------------------------------------------------------------- termbase agreement
def test_annotations_resolve_to_their_entries_and_accepted_renderings(all_rows, glossary):
    for r in all_rows:
        for t in r["terms"]:
            entry = glossary.lookup_zh(t["zh"])
            assert entry is not None and entry.id == t["entry_id"], (r["id"], t["zh"])
            status = bb.rendering_status(entry, t["en"])
            assert status in (Status.PREFERRED, Status.ADMITTED), (r["id"], t["en"], status)


def test_every_seed_term_is_annotated_at_least_three_times(all_rows):
    seed_entries = load_termbase(TERMBASE / "seed.yaml")
    counts = Counter(t["entry_id"] for r in all_rows for t in r["terms"])
    low = {e.id: counts[e.id] for e in seed_entries if counts[e.id] < 3}
    assert low == {}


# ----------------------------------------------------------------- manifest, build, card
def test_manifest_checksums_match():
    lines = (BENCH / "MANIFEST").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    expected = {"dev.jsonl", "test.jsonl", "systems/seed-mt.jsonl"} | {
        f"source/{p.name}" for p in (BENCH / "source").glob("*.yaml")}
    assert set(listed) == expected
    for name, digest in listed.items():
        assert hashlib.sha256((BENCH / name).read_bytes()).hexdigest() == digest, name


def test_build_script_reproduces_the_files_on_disk():
    files, segments, report, coverage, _ = bb.build()
    for name, content in files.items():
        assert (BENCH / name).read_text(encoding="utf-8") == content, f"{name} is stale: run build_bench.py"
    assert "total: " in report and min(coverage.values()) >= 3


def test_check_mode_exits_zero(capsys):
    assert bb.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_dataset_card_metadata(rows):
    text = (BENCH / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["language"] == ["zh", "en"]
    assert meta["license"] == "cc-by-4.0"
    assert meta["task_categories"] == ["translation"]
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert {f["split"]: f["path"] for f in configs["default"]["data_files"]} == {
        "dev": "dev.jsonl", "test": "test.jsonl"}
    for c in configs.values():
        for f in c["data_files"]:
            assert (BENCH / f["path"]).is_file()
    info = {c["config_name"]: c for c in meta["dataset_info"]}
    splits = {s["name"]: s["num_examples"] for s in info["default"]["splits"]}
    assert splits == {"dev": len(rows["dev"]), "test": len(rows["test"])}
    assert [f["name"] for f in info["default"]["features"]] == SEGMENT_KEYS


# ----------------------------------------------------------------- build errors
GOOD = [
    ("我们推动[[高质量共建“一带一路”]]。", "We advance [[high-quality Belt and Road cooperation]]."),
    ("[[东道国]]欢迎投资。", "The [[host country]] welcomes investment."),
    ("各方支持[[多边主义]]。", "All parties support [[multilateralism]]."),
    ("[[我国]]扩大[[对外开放]]。", "[[China]] is expanding [[opening up]]."),
    ("这是一个句子。", "This is a sentence."),
]


def _doc(tmp_path: Path, segments, *, name="gen-d01", doc="gen-d01-test", subset="general", split="dev",
         extra=""):
    lines = [f"doc: {doc}", f"subset: {subset}", f"split: {split}", "genre: test", extra, "segments:"]
    for k, (zh, en) in enumerate(segments, 1):
        sid = f"gen-01{k:02d}"
        lines += [f"- id: {sid}", "  zh: |-", f"    {zh}", "  en: |-", f"    {en}"]
    (tmp_path / f"{name}.yaml").write_text("\n".join(l for l in lines if l) + "\n", encoding="utf-8")
    return tmp_path


def test_a_small_valid_source_builds(tmp_path):
    files, segments, report, _, _ = bb.build(source_dir=_doc(tmp_path, GOOD), termbase=TERMBASE,
                                             allow_incomplete=True)
    first = json.loads(files["dev.jsonl"].splitlines()[0])
    assert first["zh"] == "我们推动高质量共建“一带一路”。"
    assert first["terms"][0]["entry_id"] == "high-quality-belt-and-road-cooperation"
    assert files["test.jsonl"] == "" and "5 segments" in report


@pytest.mark.parametrize("zh, en, match", [
    ("推动[[不存在的术语]]和[[另一个假术语]]。", "x", r"2 marked zh term\(s\) have no termbase entry: 不存在的术语 \(gen-0101\); 另一个假术语"),
    ("[[东道国]]欢迎投资。", "The [[guest country]] welcomes it.", r"is no preferred/admitted rendering"),
    ("“[[一带一路]]”倡议。", "The [[One Belt, One Road]] initiative.", r"deprecated rendering of belt-and-road-initiative"),
    ("[[东道国]]和[[多边主义]]。", "The [[host country]].", r"2 zh mark\(s\) .* but 1 en mark\(s\)"),
    ("[[东道[[国]]]]。", "x", r"marks do not nest"),
    ("[[东道国。", "x", r"unbalanced"),
    ("[[ 东道国]]。", "x", r"edge spaces"),
])
def test_annotation_problems_fail_loudly(tmp_path, zh, en, match):
    with pytest.raises(bb.BuildError, match=match):
        bb.build(source_dir=_doc(tmp_path, [(zh, en)] + GOOD[1:]), termbase=TERMBASE, allow_incomplete=True)


@pytest.mark.parametrize("kwargs, segments, match", [
    ({}, GOOD[:3], r"has 3 segments; general documents hold 5-15"),
    ({"subset": "seed", "split": "dev"}, GOOD, r"the seed subset belongs to the test split"),
    ({"split": "train"}, GOOD, r"split must be one of"),
    ({"extra": "colour: blue"}, GOOD, r"unknown keys \['colour'\]"),
    ({"doc": "my-doc"}, GOOD, r"must look like gen-dNN-genre"),
])
def test_structure_problems_fail_loudly(tmp_path, kwargs, segments, match):
    with pytest.raises(bb.BuildError, match=match):
        bb.build(source_dir=_doc(tmp_path, segments, **kwargs), termbase=TERMBASE, allow_incomplete=True)


def test_invalid_yaml_and_duplicate_ids_fail(tmp_path):
    (tmp_path / "bad.yaml").write_text("doc: [unclosed\n", encoding="utf-8")
    with pytest.raises(bb.BuildError, match=r"bad.yaml:1: not valid YAML"):
        bb.build(source_dir=tmp_path, termbase=TERMBASE, allow_incomplete=True)
    (tmp_path / "bad.yaml").unlink()
    _doc(tmp_path, GOOD, name="a")
    _doc(tmp_path, GOOD, name="b", doc="gen-d01-other")
    with pytest.raises(bb.BuildError, match=r"segment id is not unique"):
        bb.build(source_dir=tmp_path, termbase=TERMBASE, allow_incomplete=True)


def test_minimums_are_enforced_without_allow_incomplete(tmp_path):
    with pytest.raises(bb.BuildError, match=r"(?s)seed term\(s\) annotated fewer than 3 times.*the benchmark needs at least 400"):
        bb.build(source_dir=_doc(tmp_path, GOOD), termbase=TERMBASE)


def test_seed_mt_must_rejoin_to_the_seed(tmp_path):
    src = (BENCH / "source" / "seed-000.yaml").read_text(encoding="utf-8")
    broken = src.replace("Four key areas of focus to promote high-quality joint construction",
                         "Four key areas of focus", 1)
    assert broken != src
    (tmp_path / "seed-000.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(bb.BuildError, match=r"paragraph 5 do not rejoin to the seed text"):
        bb.build(source_dir=tmp_path, termbase=TERMBASE, allow_incomplete=True)


@pytest.mark.parametrize("entry_id, surface, expected", [
    ("host-country", "host countries", Status.PREFERRED),
    ("industrial-parks", "industrial park", Status.PREFERRED),
    ("share-development-opportunities", "sharing development opportunities", Status.PREFERRED),
    ("developed-countries", "developing countries", None),
    ("belt-and-road-initiative", "One Belt, One Road", Status.DEPRECATED),
    ("aiib", "AIIB", Status.ADMITTED),
])
def test_rendering_status_table(glossary, entry_id, surface, expected):
    assert bb.rendering_status(glossary.get(entry_id), surface) is expected


def test_card_split_table_matches_the_data(rows):
    text = (BENCH / "README.md").read_text(encoding="utf-8")
    table = {}
    for split in SPLITS:
        for subset in ("seed", "general"):
            segs = [r for r in rows[split] if r["subset"] == subset]
            if segs:
                table[(split, subset)] = (len({r["doc"] for r in segs}), len(segs),
                                          sum(len(r["terms"]) for r in segs))
    for (split, subset), (docs, segs, terms) in table.items():
        assert f"| {split} | {subset} | {docs} | {segs} | {terms} |" in text, (split, subset)
    docs, segs, terms = (sum(v[i] for v in table.values()) for i in range(3))
    assert f"| **all** | | **{docs}** | **{segs}** | **{terms}** |" in text
