"""Tests of bri_align.glossary_build.dataset: features, rows, writing and loading offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bri_align.errors import InputError
from bri_align.glossary_build.dataset import (
    entry_to_row,
    glossary_from_dataset,
    load_built_glossary,
    occurrences_features,
    row_to_entry,
    terms_features,
    write_datasets,
)
from bri_align.glossary.entry import Evidence
from bri_align.glossary.model import Category, Glossary, Rendering, Source, Status, TermEntry

REPO = Path(__file__).resolve().parents[2]
TERMS_PQ = "data/terms/train-00000-of-00001.parquet"
OCC_PQ = "data/occurrences/train-00000-of-00001.parquet"
MINI = REPO / "tests" / "fixtures" / "mini_termbase.yaml"

RICH = TermEntry(
    id="rich-entry",
    zh="绿色丝绸之路",
    zh_variants=("绿色丝路", "綠色絲綢之路"),
    pinyin="lǜ sè sī chóu zhī lù",
    category=Category.SLOGAN,
    definition="Small, well-targeted projects.",
    renderings=(
        Rendering("small yet smart", Status.PREFERRED, source=Source("MFA", "2021 speech", "https://example.org"),
                  evidence=(Evidence("Xinhua", "2021-11", "https://example.org/x", "small yet smart projects"),
                            Evidence("China Daily", "", "https://example.org/y", "small yet smart"))),
        Rendering("small and beautiful", Status.ADMITTED, note="older usage"),
        Rendering("small but beautiful", Status.DEPRECATED, reason="literal", literal=True, seen_in_seed=True),
        Rendering("little and pretty", Status.SUPERSEDED, valid_from="2015-01-01", valid_until="2019-12-31",
                  source=Source("Xinhua")),
    ),
    sources=(Source("MFA"), Source("Xinhua", citation="2023 report")),
    verified=False,
    note="project not sure",
)
PLAIN = TermEntry(id="plain", zh="数字丝绸之路", renderings=(Rendering("go global", Status.PREFERRED),))


@pytest.mark.parametrize("entry", [RICH, PLAIN], ids=["rich", "plain"])
def test_row_round_trip(entry):
    row = entry_to_row(entry, seed_occurrences=3, rendering_counts={"go global": 3})
    assert row_to_entry(row) == entry
    assert row["en_preferred"] == entry.preferred.en


def test_row_views():
    row = entry_to_row(RICH, rendering_counts={"small but beautiful": 2})
    assert row["en_admitted"] == ["small and beautiful"]
    assert row["en_deprecated"] == ["small but beautiful", "little and pretty"]
    assert [r["seed_count"] for r in row["renderings"]] == [0, 0, 2, 0]
    assert row["renderings"][1]["source"] is None
    assert [r["attested"] for r in row["renderings"]] == [True, False, False, False]
    assert row["renderings"][0]["evidence"][0] == {
        "authority": "Xinhua", "kind": "official", "date": "2021-11", "url": "https://example.org/x",
        "quote": "small yet smart projects"}
    assert row["renderings"][1]["valid_until"] == "" and row["renderings"][3]["valid_until"] == "2019-12-31"


def test_row_to_entry_rejects_foreign_rows():
    with pytest.raises(InputError, match=r"entry 'x' field 'renderings': not a bri_align terms row \(KeyError"):
        row_to_entry({"id": "x", "zh": "一"})
    with pytest.raises(InputError, match=r"not a bri_align terms row \(ValueError"):
        row_to_entry({"id": "x", "zh": "一", "category": "nonsense", "renderings": []})


@pytest.fixture(scope="module")
def written(tmp_path_factory, mini_glossary):
    out = tmp_path_factory.mktemp("ds")
    entries = list(mini_glossary) + [RICH, PLAIN]
    glossary = Glossary.from_entries(entries, name="mixed")
    occ = [{
        "file": "a.txt", "lang": "en", "line": 1, "paragraph": 0, "sentence": 0, "char_start": 0, "char_end": 4,
        "text": "AIIB", "entry_id": "aiib", "zh": "亚洲基础设施投资银行", "form": "AIIB", "status": "admitted",
        "literal": False, "flagged": False, "reason": "", "preferred": "Asian Infrastructure Investment Bank",
        "alternatives": [], "context": "AIIB.",
    }]
    write_datasets(out, terms_rows=[entry_to_row(e) for e in glossary], occurrence_rows=occ)
    return out, glossary


def test_parquet_is_the_one_stored_copy_in_the_hub_layout(written):
    import pyarrow.parquet as pq

    out, glossary = written
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["data/occurrences/train-00000-of-00001.parquet",
                     "data/terms/train-00000-of-00001.parquet"]
    assert pq.read_table(str(out / TERMS_PQ)).num_rows == len(glossary)


def test_load_parquet_offline(written, tmp_path, monkeypatch):
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    out, glossary = written
    ds = datasets.load_dataset("parquet", data_files={"train": str(out / TERMS_PQ)},
                               cache_dir=str(tmp_path / "cache"))["train"]
    assert len(ds) == len(glossary)
    assert ds.features == terms_features()
    assert ds.features["category"].int2str(ds[0]["category"]) == "programme"
    assert glossary_from_dataset(ds, name="mixed") == glossary
    occ = datasets.load_dataset("parquet", data_files=str(out / OCC_PQ),
                                cache_dir=str(tmp_path / "cache"))["train"]
    assert occ.features == occurrences_features()
    assert occ[0]["text"] == "AIIB"
    assert occ.features["status"].int2str(occ[0]["status"]) == "admitted"


def test_load_built_glossary_equals_original(written):
    out, glossary = written
    loaded = load_built_glossary(out, name="mixed")
    assert loaded.entries == glossary.entries
    assert loaded == glossary


def test_load_built_glossary_from_parquet_only(written, tmp_path):
    out, glossary = written
    copy = tmp_path / "copy"
    shutil.copytree(out / "data", copy / "data")
    assert load_built_glossary(copy).entries == glossary.entries


def test_load_built_glossary_missing(tmp_path):
    with pytest.raises(InputError, match=r"not a glossary build folder: data/terms/train-00000-of-00001\.parquet does "
                       r"not exist in it"):
        load_built_glossary(tmp_path)


def test_built_glossary_from_mini_termbase(tmp_path):
    from bri_align import load_termbase
    from bri_align.glossary_build import build_glossary

    seeds = tmp_path / "s"
    seeds.mkdir()
    (seeds / "a.txt").write_text("The AIIB and One Belt, One Road.\n", encoding="utf-8")
    build_glossary(seeds=seeds, termbase=MINI, out=tmp_path / "out")
    original = load_termbase(MINI)
    loaded = load_built_glossary(tmp_path / "out")
    assert loaded == original  # same entries and the name from build.json
