"""Bundled data: found without the current directory, and mapped into the wheel by setup.py."""

from __future__ import annotations

import ast

import pytest

from bri_align.errors import InputError
from bri_align.resources import BUNDLED, bundled_path


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_bundled_folder_is_found_from_any_directory(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = bundled_path(name)
    assert path.is_dir() and any(path.iterdir())


def test_unknown_bundled_name():
    with pytest.raises(InputError, match=r"unknown bundled data 'nope'; expected one of termbase"):
        bundled_path("nope")


def test_setup_maps_the_same_folders_into_the_wheel(repo_root):
    tree = ast.parse((repo_root / "setup.py").read_text(encoding="utf-8"))
    data = next(ast.literal_eval(n.value) for n in ast.walk(tree)
                if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "DATA")
    assert data == {name: checkout for name, (inside, checkout) in BUNDLED.items() if inside == name}
    assert set(data) == set(BUNDLED)
