"""Tests of bri_align.glossary_build.pipeline (the `glossary build` library function)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bri_align.errors import GlossaryError, InputError
from bri_align.glossary import load_termbase
from bri_align.glossary_build import OUTPUTS, BuildSummary, build_glossary, default_seeds_path, seed_files

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_termbase.yaml"
SEED = REPO / "seeds" / "000_0ae6cc3b95ffe9eb.txt"
TERMS_PQ = "data/terms/train-00000-of-00001.parquet"
OCC_PQ = "data/occurrences/train-00000-of-00001.parquet"

ZH_SEED = "高质量共建“一带一路”是扩大开放的需要。\n坚持一帶一路合作，推动亚投行发展！\n“小而美”项目和“小而美”民生工程。\n"
MD_SEED = (
    "---\ntitle: test\n---\n"
    "# From **\"big freehand brushwork\"** to *meticulous brushwork*\n"
    "\n```\nOne Belt, One Road in code is skipped\n```\n"
    "> - The [One Belt, One Road](http://example.org) initiative is now the Belt and Road Initiative.\n"
)


def make_seeds(root: Path) -> Path:
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    (seeds / "zh_note.txt").write_text(ZH_SEED, encoding="utf-8")
    (seeds / "sub").mkdir()
    (seeds / "sub" / "notes.md").write_text(MD_SEED, encoding="utf-8")
    (seeds / "README.md").write_text("Describes the seeds; not a seed. One Belt, One Road.\n", encoding="utf-8")
    return seeds


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    seeds = make_seeds(root)
    out = root / "out" / "glossary"
    summary = build_glossary(seeds=seeds, termbase=MINI, out=out)
    return summary, seeds, out


def _parquet_rows(path: Path):
    import pyarrow.parquet as pq

    return pq.read_table(str(path)).to_pylist()


# ------------------------------------------------------------------ outputs
def test_outputs_exist(built):
    summary, _, out = built
    for name, path in summary.outputs:
        assert Path(path).exists(), name
    names = dict(summary.outputs)
    assert {"terms_parquet", "occurrences_parquet", "card", "audit_md",
            "audit_json", "candidates_tsv", "tbx", "jsonl", "deepl", "manifest"} <= set(names)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_seed_discovery_skips_readme_and_recurses(built):
    summary, seeds, _ = built
    files = [s.file for s in summary.seed_files]
    assert files == ["000_0ae6cc3b95ffe9eb.txt", "sub/notes.md", "zh_note.txt"]
    langs = {s.file: s.lang for s in summary.seed_files}
    assert langs == {"000_0ae6cc3b95ffe9eb.txt": "en", "sub/notes.md": "en", "zh_note.txt": "zh"}


def test_occurrence_offsets_point_into_seed_files(built):
    summary, seeds, out = built
    rows = _parquet_rows(out / OCC_PQ)
    assert len(rows) == summary.occurrences > 0
    texts = {}
    for r in rows:
        if r["file"] not in texts:
            texts[r["file"]] = (seeds / r["file"]).read_text(encoding="utf-8")
        text = texts[r["file"]]
        assert text[r["char_start"]:r["char_end"]] == r["text"]
        assert r["text"] in r["context"] and r["context"] in text
    by_file = {s.file: s.occurrences for s in summary.seed_files}
    assert sum(by_file.values()) == len(rows)


def test_markdown_offsets_skip_markup_and_code(built):
    _, seeds, out = built
    rows = [r for r in _parquet_rows(out / OCC_PQ) if r["file"] == "sub/notes.md"]
    found = [(r["text"], r["entry_id"]) for r in rows]
    assert found == [
        ("big freehand brushwork", "big-freehand"),
        ("meticulous brushwork", "meticulous"),
        ("One Belt, One Road", "belt-and-road-initiative"),
        ("Belt and Road Initiative", "belt-and-road-initiative"),
    ]  # the fenced code block and the front matter are not matched


def test_chinese_seed_matches_variants(built):
    _, _, out = built
    rows = [r for r in _parquet_rows(out / OCC_PQ) if r["file"] == "zh_note.txt"]
    assert [(r["text"], r["entry_id"], r["lang"]) for r in rows] == [
        ("共建“一带一路”", "joint-bri", "zh"),
        ("一帶一路", "belt-and-road-initiative", "zh"),
        ("亚投行", "aiib", "zh"),
        ("小而美", "small-and-smart", "zh"),
        ("小而美", "small-and-smart", "zh"),
    ]
    assert not any(r["flagged"] for r in rows)
    assert [r["sentence"] for r in rows] == [0, 0, 0, 0, 0]
    assert [r["paragraph"] for r in rows] == [0, 1, 1, 2, 2]


def test_terms_rows_count_seed_occurrences(built):
    summary, _, out = built
    rows = {r["id"]: r for r in _parquet_rows(out / TERMS_PQ)}
    assert len(rows) == summary.entries == 7
    assert sum(r["seed_occurrences"] for r in rows.values()) == summary.occurrences
    bri = rows["belt-and-road-initiative"]
    counts = {r["en"]: r["seed_count"] for r in bri["renderings"]}
    assert counts["One Belt, One Road"] == 2 + 1  # the seed twice, the Markdown note once
    assert summary.entries_used == sum(1 for r in rows.values() if r["seed_occurrences"])


def test_audit_finds_deprecated_renderings_of_mini_termbase(built):
    _, _, out = built
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    flagged = {(f["file"], f["form"], f["preferred"]) for f in audit["flagged"]}
    seed = SEED.name
    assert (seed, "One Belt, One Road", "Belt and Road Initiative") in flagged
    assert (seed, "joint construction of the Belt and Road", "Belt and Road cooperation") in flagged
    assert (seed, "big freehand brushwork", "broad strokes") in flagged
    assert (seed, "small but beautiful", "small yet smart") in flagged
    for f in audit["flagged"]:
        assert f["why"] and f["context"]
    incs = {(i["file"], i["entry_id"]): {r["form"]: (r["count"], r["nested"]) for r in i["renderings"]}
            for i in audit["inconsistencies"]}
    # "Belt and Road" inside "joint construction of the Belt and Road" counts as a rendering of 一带一路
    bri = incs[(seed, "belt-and-road-initiative")]
    assert list(bri) == ["Belt and Road", "One Belt, One Road"]
    assert bri["One Belt, One Road"] == (2, 0)
    assert bri["Belt and Road"][1] == 12 and bri["Belt and Road"][0] > 12  # 11 + "Belt and Road cooperation"
    assert list(incs[(seed, "joint-bri")]) == ["joint construction of the Belt and Road", "Belt and Road cooperation"]
    md = (out / "audit.md").read_text(encoding="utf-8")
    assert "## Flagged renderings" in md and "**Belt and Road Initiative**" in md


def test_candidates_written(built):
    summary, _, out = built
    lines = (out / "candidates.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:4] == ["rank", "text", "lang", "kind"]
    assert len(lines) - 1 == summary.candidates > 0
    texts = [ln.split("\t")[1] for ln in lines[1:]]
    assert "One Belt and One Road" in texts  # quoted, not in the mini termbase
    assert "meticulous painting" in texts
    assert "One Belt, One Road" not in texts  # a termbase form


def test_card_yaml_parses_and_points_at_files(built):
    _, _, out = built
    card = (out / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    front = card.split("---\n", 2)[1]
    meta = yaml.safe_load(front)
    assert meta["language"] == ["zh", "en"]
    assert meta["license"] == "other"  # one licence per configuration, in the text
    assert "translation" in meta["task_categories"]
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert set(configs) == {"terms", "occurrences"}
    for name, c in configs.items():
        (df,) = c["data_files"]
        assert df["path"] == f"data/{name}/train-*.parquet"  # the Hub's layout
        assert [p.relative_to(out).as_posix() for p in out.glob(df["path"])] == [
            f"data/{name}/train-00000-of-00001.parquet"]
    info = {d["config_name"]: d for d in meta["dataset_info"]}
    assert info["terms"]["splits"][0]["num_examples"] == 7
    for d in info.values():
        (split,) = d["splits"]
        assert set(split) == {"name", "num_bytes", "num_examples"} and split["num_bytes"] > 0
    assert "hf upload USER/NAME OUT_DIR . --repo-type dataset" in card


def test_exports_hold_the_entries_used(built):
    summary, _, out = built
    tsv = (out / "exports" / "glossary.tsv").read_text(encoding="utf-8")
    assert "一带一路\tBelt and Road Initiative" in tsv
    from lxml import etree

    root = etree.parse(str(out / "exports" / "glossary.tbx")).getroot()
    assert root.tag.endswith("tbx")
    jsonl = (out / "exports" / "glossary.jsonl").read_text(encoding="utf-8").strip().splitlines()
    assert len(jsonl) == summary.entries_used


def test_manifest_and_summary_round_trip(built):
    summary, _, out = built
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["glossary_signature"] == summary.glossary_signature
    assert [s["file"] for s in manifest["inputs"]["seeds"]] == [s.file for s in summary.seed_files]
    assert BuildSummary.from_dict(summary.to_dict()) == summary
    text = summary.format_text()
    for needle in ("entries used", "occurrences", "flagged", "inconsistencies", "candidate terms",
                   "elapsed", "zh_note.txt", str(out / TERMS_PQ)):
        assert needle in text
    assert "'One Belt, One Road' x3 -> 'Belt and Road Initiative'" in text


def test_one_table_of_outputs_drives_writing_summary_manifest_and_card(built):
    summary, _, out = built
    from bri_align.glossary_build.pipeline import _Stages

    names = [o.name for o in OUTPUTS]
    assert len(set(names)) == len(names) and len({o.path for o in OUTPUTS}) == len(OUTPUTS)
    assert {o.stage for o in OUTPUTS} == set(_Stages.WRITING)
    assert [name for name, _ in summary.outputs] == names  # the seeds use entries: every output
    assert dict(summary.outputs) == {o.name: str(out / o.path) for o in OUTPUTS}
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert list(manifest["outputs"]) == names
    card = (out / "README.md").read_text(encoding="utf-8")
    files = card.split("## Files\n", 1)[1]
    for o in OUTPUTS:
        assert (out / o.path).exists(), o.name
        assert f"- `{o.path}`: {o.description}" in files


def test_build_without_used_entries_has_no_exports(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plain.txt").write_text("Nothing of the termbase is said here.\n", encoding="utf-8")
    summary = build_glossary(seeds=seeds, termbase=MINI, out=tmp_path / "out")
    assert summary.entries_used == 0
    assert [n for n, _ in summary.outputs] == [o.name for o in OUTPUTS if not o.needs_used_entries]
    assert not (tmp_path / "out" / "exports").exists()
    # no occurrence at all still gives a typed, empty occurrences table (datasets refuses
    # Dataset.from_list([]) with explicit features)
    assert _parquet_rows(tmp_path / "out" / OCC_PQ) == []
    from bri_align.glossary_build import load_built_glossary

    assert len(load_built_glossary(tmp_path / "out")) == summary.entries


def test_build_takes_a_glossary_or_an_export(tmp_path):
    from bri_align.glossary.formats import export_glossary

    glossary = load_termbase(MINI)
    by_path = build_glossary(seeds=SEED, termbase=MINI, out=tmp_path / "a")
    by_object = build_glossary(seeds=SEED, termbase=glossary, out=tmp_path / "b")
    jsonl = export_glossary(glossary, format="jsonl", path=tmp_path / "mini.jsonl")
    by_export = build_glossary(seeds=SEED, termbase=jsonl, out=tmp_path / "c")
    assert by_object.termbase == f"<glossary {glossary.name}>"
    assert by_export.termbase == str(jsonl)
    for other in (by_object, by_export):
        assert (other.entries, other.entries_used, other.occurrences, other.flagged_forms) == (
            by_path.entries, by_path.entries_used, by_path.occurrences, by_path.flagged_forms)
    assert (tmp_path / "a" / "audit.md").read_text(encoding="utf-8") == (
        tmp_path / "b" / "audit.md").read_text(encoding="utf-8")


def test_build_refuses_a_termbase_of_the_wrong_type(tmp_path):
    with pytest.raises(InputError, match=r"field 'termbase': glossary must be a Glossary, a termbase path"):
        build_glossary(seeds=SEED, termbase=3.5, out=tmp_path / "out")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ determinism and atomicity
def test_two_builds_give_identical_parquet(built, tmp_path):
    _, seeds, out = built
    again = tmp_path / "again"
    build_glossary(seeds=seeds, termbase=MINI, out=again)
    for name in (TERMS_PQ, OCC_PQ):
        assert (out / name).read_bytes() == (again / name).read_bytes()
    assert (out / "audit.json").read_bytes() == (again / "audit.json").read_bytes()
    assert (out / "candidates.tsv").read_bytes() == (again / "candidates.tsv").read_bytes()


def test_rebuild_replaces_previous_build(tmp_path):
    seeds = tmp_path / "s"
    seeds.mkdir()
    (seeds / "a.txt").write_text("One Belt, One Road.\n", encoding="utf-8")
    out = tmp_path / "out"
    first = build_glossary(seeds=seeds, termbase=MINI, out=out)
    exported = (out / "exports" / "glossary.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in exported] == ["belt-and-road-initiative"]
    (seeds / "a.txt").write_text("The AIIB and the Belt and Road Initiative.\n", encoding="utf-8")
    second = build_glossary(seeds=seeds, termbase=MINI, out=out)
    assert first.flagged == 1 and second.flagged == 0
    assert second.occurrences == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "s"]


BROKEN = """entries:
  - id: good-entry
    zh: 一带一路
    category: programme
    renderings:
      - en: Belt and Road Initiative
        status: preferred
  - id: broken-entry
    zh: 小而美
    category: slogan
    renderings:
      - en: small yet smart
        status: favourite
"""


def test_broken_termbase_stops_build_and_writes_nothing(tmp_path):
    tb = tmp_path / "broken.yaml"
    tb.write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "new" / "deeper" / "glossary"
    with pytest.raises(GlossaryError, match=r"broken\.yaml:13: entry 'broken-entry' field 'renderings\.status': "
                                            r"unknown status 'favourite'"):
        build_glossary(seeds=SEED, termbase=tb, out=out)
    assert not (tmp_path / "new").exists()


def test_failure_while_writing_leaves_no_output(tmp_path, monkeypatch):
    import bri_align.glossary_build.pipeline as pipeline  # the build exports with its export_glossary

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "export_glossary", boom)
    out = tmp_path / "made" / "glossary"
    with pytest.raises(RuntimeError, match="disk full"):
        build_glossary(seeds=SEED, termbase=MINI, out=out)
    assert list(tmp_path.iterdir()) == []  # neither the folder nor its new parent remain


# ------------------------------------------------------------------ input errors
def test_missing_seeds_path(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match=r"nope: field 'seeds': seeds path not found"):
        build_glossary(seeds=missing, termbase=MINI, out=tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_empty_seeds_folder(tmp_path):
    seeds = tmp_path / "empty"
    seeds.mkdir()
    (seeds / "README.md").write_text("about the seeds\n", encoding="utf-8")
    (seeds / "data.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty: field 'seeds': no seed documents \(\.txt or \.md files\)"):
        build_glossary(seeds=seeds, termbase=MINI, out=tmp_path / "o")


def test_seed_with_wrong_suffix(tmp_path):
    f = tmp_path / "seed.docx"
    f.write_bytes(b"x")
    with pytest.raises(InputError, match=r"seed\.docx: field 'seeds': a seed must be a \.txt or \.md file"):
        seed_files(f)


def test_seed_with_invalid_utf8(tmp_path):
    seeds = tmp_path / "s"
    seeds.mkdir()
    (seeds / "ok.txt").write_text("Belt and Road\n", encoding="utf-8")
    (seeds / "bad.txt").write_bytes("第一行\n第二行\n".encode("utf-8") + "一带一路\n".encode("gb18030"))
    with pytest.raises(InputError, match=r"bad\.txt:3: invalid UTF-8"):
        build_glossary(seeds=seeds, termbase=MINI, out=tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_blank_seed_file(tmp_path):
    seeds = tmp_path / "s"
    seeds.mkdir()
    (seeds / "blank.md").write_text("\n   \n---\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"blank\.md: field 'seeds': the seed file has no text"):
        build_glossary(seeds=seeds, termbase=MINI, out=tmp_path / "o")


@pytest.mark.parametrize("case,expected", [
    ("foreign-folder", r"mine: field 'out': the output folder already holds files bri_align did not write "
                       r"\(e\.g\. thesis\.tex\); choose a new folder, or pass --force"),
    ("file", r"out\.txt: the output folder exists and is not a folder"),
    ("inside-seeds", r"field 'out': the output folder overlaps the input"),
    ("seeds", r"seeds: the output folder holds an input of this command"),
    ("contains-seeds", r"the output folder holds an input of this command"),
    ("termbase-folder", r"tb: the output folder holds an input of this command"),
    ("dot", r"'\.' cannot be the output folder"),
])
def test_output_folder_guards(tmp_path, monkeypatch, case, expected):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Belt and Road\n", encoding="utf-8")
    termbase = MINI
    out = {"foreign-folder": tmp_path / "mine", "file": tmp_path / "out.txt", "inside-seeds": seeds / "build",
           "seeds": seeds, "contains-seeds": tmp_path, "termbase-folder": tmp_path / "tb",
           "dot": Path(".")}[case]
    if case == "foreign-folder":
        out.mkdir()
        (out / "thesis.tex").write_text("precious", encoding="utf-8")
    elif case == "file":
        out.write_text("x", encoding="utf-8")
    elif case == "termbase-folder":
        out.mkdir()
        termbase = out / "tb.yaml"
        termbase.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    elif case == "dot":
        monkeypatch.chdir(tmp_path / "seeds")
    with pytest.raises(InputError, match=expected):
        build_glossary(seeds=seeds, termbase=termbase, out=out)
    if case == "foreign-folder":
        assert (out / "thesis.tex").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in seeds.iterdir()) == ["a.txt"]


def test_force_writes_beside_a_users_files_and_replaces_only_its_own(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Belt and Road\n", encoding="utf-8")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", encoding="utf-8")
    build_glossary(seeds=seeds, termbase=MINI, out=out, force=True)
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "precious"
    assert (out / "build.json").is_file()
    build_glossary(seeds=seeds, termbase=MINI, out=out, force=True)  # a second run replaces its own files
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_a_previous_build_is_replaced_without_force(tmp_path):
    out = tmp_path / "o"
    build_glossary(seeds=SEED, termbase=MINI, out=out)
    (out / "audit.md").write_text("stale", encoding="utf-8")
    build_glossary(seeds=SEED, termbase=MINI, out=out)
    assert (out / "audit.md").read_text(encoding="utf-8") != "stale"


def test_progress_bar_goes_to_stderr(tmp_path, capsys):
    build_glossary(seeds=SEED, termbase=MINI, out=tmp_path / "o", progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "glossary build" in captured.err


def test_quiet_without_progress(tmp_path, capsys):
    build_glossary(seeds=SEED, termbase=MINI, out=tmp_path / "o")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_default_seeds_path_is_the_repo_seeds():
    assert default_seeds_path() == REPO / "seeds"


def test_modules_do_not_import_datasets():
    code = ("import sys, bri_align, bri_align.glossary_build, bri_align.glossary_build.pipeline, "
            "bri_align.glossary_build.dataset, bri_align.glossary_build.audit, "
            "bri_align.glossary_build.candidates, bri_align.glossary_build.seeds, bri_align.text.segment; "
            "print('datasets' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), check=True)
    assert res.stdout.strip() == "False"


# ------------------------------------------------------------------ end to end
def test_end_to_end_on_bundled_termbase_and_seeds(tmp_path):
    from bri_align import load_termbase
    from bri_align.glossary_build.dataset import load_built_glossary

    t0 = time.perf_counter()
    summary = build_glossary(out=tmp_path / "glossary")
    elapsed = time.perf_counter() - t0
    glossary = load_termbase()
    assert summary.entries == len(glossary)
    assert summary.seed_files[0].file == SEED.name
    assert summary.occurrences > 0 and summary.flagged > 0
    text = SEED.read_text(encoding="utf-8")
    for r in _parquet_rows(tmp_path / "glossary" / OCC_PQ):
        assert text[r["char_start"]:r["char_end"]] == r["text"]
    assert load_built_glossary(tmp_path / "glossary").entries == glossary.entries
    meta = yaml.safe_load((tmp_path / "glossary" / "README.md").read_text(encoding="utf-8").split("---\n", 2)[1])
    # the terms are CC BY 4.0, the occurrences quote the third-party seed: one licence per config
    assert meta["license"] == "other" and meta["license_name"] == "cc-by-4.0-terms-and-quoted-seed-text"
    assert elapsed < 120, f"the bundled build took {elapsed:.1f} s"


def test_no_absolute_path_in_any_output_file(tmp_path):
    """build.json and the card travel with the dataset: they name the inputs, never a local path."""
    seeds = tmp_path / "my_seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text((REPO / "seeds" / "000_0ae6cc3b95ffe9eb.txt").read_text(encoding="utf-8"),
                                 encoding="utf-8")
    out = tmp_path / "out"
    build_glossary(seeds=str(seeds), out=str(out))
    needles = [str(tmp_path).encode(), str(REPO).encode()]
    leaks = [str(f.relative_to(out)) for f in out.rglob("*") if f.is_file()
             and any(n in f.read_bytes() for n in needles)]
    assert leaks == []
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["out"] == "." and manifest["seeds"] == "my_seeds" and manifest["termbase"] == "bundled termbase"
    assert manifest["outputs"]["card"] == "README.md"
