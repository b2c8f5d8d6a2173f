"""The build folder as a dataset to publish: loads with ``datasets`` without a warning,
holds no local path, follows the umask, says the licence of each configuration and the
attested share of the renderings."""

from __future__ import annotations

import logging
import os
import stat
import warnings
from pathlib import Path

import pytest
import yaml

from bri_align.glossary import Glossary, Rendering, Status, TermEntry
from bri_align.glossary.entry import Evidence
from bri_align.glossary_build import build_glossary
from bri_align.glossary_build.card import attested_share, config_licences

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_termbase.yaml"
SEED_TEXT = "The AIIB and One Belt, One Road, small but beautiful.\n一带一路\n"


def _build(root: Path, *, termbase=MINI) -> Path:
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    out = root / "out"
    build_glossary(seeds=seeds, termbase=termbase, out=out)
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("pub"))


def test_load_dataset_on_the_build_folder_warns_nothing(out, tmp_path, monkeypatch, caplog):
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        terms = datasets.load_dataset(str(out), "terms", split="train", cache_dir=str(tmp_path / "c"))
        occ = datasets.load_dataset(str(out), "occurrences", split="train", cache_dir=str(tmp_path / "c"))
        default = datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "c"))
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert len(terms) == len(default) > 0 and len(occ) > 0
    assert terms.features["category"].names[0] == "concept"  # the ClassLabels survive


def test_no_absolute_path_in_any_output_file(tmp_path):
    out = _build(tmp_path)
    needles = {str(tmp_path), str(tmp_path.resolve()), str(Path.home()), str(REPO)}
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 10
    for p in files:
        data = p.read_bytes()  # Parquet too: its schema metadata is text
        for needle in needles:
            assert needle.encode("utf-8") not in data, (p.relative_to(out), needle)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_file_permissions_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        out = _build(tmp_path)
    finally:
        os.umask(old)
    paths = [out] + list(out.rglob("*"))
    for p in paths:
        mode = stat.S_IMODE(p.stat().st_mode)
        expected = (0o777 if p.is_dir() else 0o666) & ~umask
        assert mode == expected, (p.relative_to(out.parent), oct(mode), oct(expected))


def test_card_gives_each_configuration_its_licence(out):
    card = (out / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(card.split("---\n", 2)[1])
    assert meta["license"] == "other"
    licences = config_licences(bundled_termbase=True, bundled_seeds=True)
    assert licences["terms"].startswith("CC BY 4.0")
    assert licences["occurrences"].startswith("not CC BY 4.0") and "third-party" in licences["occurrences"]
    user = config_licences(bundled_termbase=False, bundled_seeds=False)
    for name, text in user.items():
        assert f"| `{name}` | {text} |" in card  # this build read a user's termbase and seeds


def test_attested_share_counts_renderings_with_evidence(out):
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Evidence" in card and "| all three |" in card
    ev = (Evidence("Xinhua", "2020", "https://example.org/a", "Chinese"),)
    e = TermEntry(id="a", zh="中文", renderings=(Rendering("Chinese", Status.PREFERRED, evidence=ev),
                                                 Rendering("Sino", Status.DEPRECATED),
                                                 Rendering("Old", Status.SUPERSEDED)))
    f = TermEntry(id="b", zh="英文", renderings=(Rendering("English", Status.PREFERRED),))
    share = attested_share(Glossary.from_entries([e, f]))
    assert share.by_status == (("preferred", 1, 2), ("admitted", 0, 0), ("deprecated", 0, 1))
    assert (share.attested, share.total) == (1, 3)
    md = share.markdown()
    assert "| preferred | 2 | 1 | 50.0% |" in md and "| admitted | 0 | 0 | no renderings |" in md
    assert "| all three | 3 | 1 | 33.3% |" in md
