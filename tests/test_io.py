"""bri_align.io: located UTF-8 errors and atomic output."""

from __future__ import annotations

import pytest

from bri_align.errors import InputError
from bri_align.io import atomic_directory, atomic_open, atomic_write_text, read_lines, read_text


def test_read_text_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\nok\n\xff\n")
    with pytest.raises(InputError, match=r"bad\.txt:3: invalid UTF-8"):
        read_text(bad)
    with pytest.raises(InputError, match="not found"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_lines(empty)


def test_read_lines_strips_bom_and_crlf(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeff一\r\n二\r\n".encode("utf-8"))
    assert read_lines(f) == ["一", "二"]


def test_atomic_open_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old\n")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half")
            raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with atomic_open(target) as fh:
        fh.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_atomic_directory_replaces_only_on_success(tmp_path):
    out = tmp_path / "build"
    with pytest.raises(RuntimeError):
        with atomic_directory(out) as tmp:
            (tmp / "a").write_text("x", encoding="utf-8")
            raise RuntimeError("boom")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    with atomic_directory(out) as tmp:
        (tmp / "a").write_text("x", encoding="utf-8")
    assert (out / "a").read_text(encoding="utf-8") == "x"
