"""The bundled termbase: valid, complete enough, checksummed."""

from __future__ import annotations

import hashlib

from bri_align import Status, load_termbase


def test_bundled_termbase_validates_and_has_200_entries():
    g = load_termbase()
    assert len(g) >= 200
    for e in g:
        assert len([r for r in e.renderings if r.status is Status.PREFERRED]) == 1
        assert e.sources or e.preferred.source is not None, e.id


def test_manifest_matches(repo_root):
    folder = repo_root / "corpora" / "termbase"
    lines = (folder / "MANIFEST").read_text(encoding="utf-8").splitlines()
    assert lines
    listed = set()
    for line in lines:
        digest, name = line.split()
        listed.add(name)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert listed == {p.name for p in folder.glob("*.yaml")}
