"""Safe outputs (bri_align.io): never destroy what bri_align did not write.

Special files are private copies made in a temporary folder (mkfifo, mknod), never the
system's /dev entries.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from bri_align.errors import InputError
from bri_align.io import (
    MANIFEST_NAME,
    atomic_directory,
    atomic_write_text,
    check_output_dir,
    check_output_file,
)


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", [".", "..", "/", ""])
def test_file_output_special_names(name, in_tmp):
    with pytest.raises(InputError, match=r"cannot be the output file|root folder cannot be"):
        atomic_write_text(name, "x")


def test_file_output_is_a_folder(in_tmp):
    (in_tmp / "d").mkdir()
    with pytest.raises(InputError, match=r"d: the output file is an existing folder; give a file path inside it"):
        atomic_write_text(in_tmp / "d", "x")


def test_file_output_fifo_is_refused_and_survives(in_tmp):
    fifo = in_tmp / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"not a regular file \(a device, FIFO or socket\)"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_file_output_private_device_node_is_refused_and_survives(in_tmp):
    dev = in_tmp / "null"  # a private copy of /dev/null's numbers, never the system's node
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with pytest.raises(InputError, match=r"null: the output file is not a regular file"):
        atomic_write_text(dev, "x")
    assert stat.S_ISCHR(os.stat(dev).st_mode)
    assert not [p for p in in_tmp.iterdir() if p.name.startswith(".")]


def test_symlink_to_a_regular_file_is_followed(in_tmp):
    target = in_tmp / "real.txt"
    target.write_text("old")
    link = in_tmp / "link.txt"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_symlink_to_a_folder_or_nowhere_is_refused(in_tmp):
    (in_tmp / "d").mkdir()
    (in_tmp / "l1").symlink_to(in_tmp / "d")
    (in_tmp / "l2").symlink_to(in_tmp / "missing")
    for name in ("l1", "l2"):
        with pytest.raises(InputError, match=r"symbolic link that does not lead to a regular file"):
            atomic_write_text(in_tmp / name, "x")


def test_parent_is_a_file(in_tmp):
    (in_tmp / "f").write_text("keep")
    with pytest.raises(InputError, match=r"the output file's folder .*f is a file, not a folder"):
        atomic_write_text(in_tmp / "f" / "out.txt", "x")
    assert (in_tmp / "f").read_text() == "keep"


def test_output_naming_an_input_is_refused(in_tmp):
    src = in_tmp / "in.txt"
    src.write_text("precious")
    with pytest.raises(InputError, match=r"in.txt: the output file is also an input of this command"):
        atomic_write_text("./in.txt", "x", inputs=[src])
    assert src.read_text() == "precious"


def test_files_and_folders_follow_the_umask(in_tmp):
    old = os.umask(0o027)
    try:
        atomic_write_text(in_tmp / "a.txt", "x")
        with atomic_directory(in_tmp / "out") as tmp:
            (tmp / "sub").mkdir()
            (tmp / "sub" / "b.txt").write_text("y")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(in_tmp / "a.txt").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(in_tmp / "out").st_mode) == 0o750
    assert stat.S_IMODE(os.stat(in_tmp / "out" / "sub").st_mode) == 0o750


def test_full_disk_is_a_one_line_error_and_leaves_nothing(in_tmp, monkeypatch):
    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(InputError, match=r"cannot write the output file: no space left on the device"):
        atomic_write_text(in_tmp / "a.txt", "x")
    assert list(in_tmp.iterdir()) == []


def _write(out: Path, files: dict, **kw) -> None:
    with atomic_directory(out, **kw) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text)


def test_directory_new_then_replaced_when_it_holds_only_our_output(in_tmp):
    _write(in_tmp / "out", {"a.txt": "1", "b.txt": "2"})
    assert json.loads((in_tmp / "out" / MANIFEST_NAME).read_text())["files"] == ["a.txt", "b.txt"]
    _write(in_tmp / "out", {"a.txt": "3"})
    assert sorted(p.name for p in (in_tmp / "out").iterdir()) == [MANIFEST_NAME, "a.txt"]
    assert (in_tmp / "out" / "a.txt").read_text() == "3"


def test_directory_with_a_users_file_is_refused_then_written_beside_it_with_force(in_tmp):
    out = in_tmp / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match=r"already holds files bri_align did not write \(e.g. notes.txt\); "
                                         r"choose a new folder, or pass --force"):
        _write(out, {"a.txt": "1"})
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    _write(out, {"a.txt": "1"}, force=True)
    _write(out, {"b.txt": "2"}, force=True)  # our a.txt goes, the user's file stays
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "b.txt", "notes.txt"]
    assert (out / "notes.txt").read_text() == "mine"
    with pytest.raises(InputError, match=r"same name that bri_align did not write \(notes.txt\)"):
        _write(out, {"notes.txt": "overwrite?"}, force=True)
    assert (out / "notes.txt").read_text() == "mine"


def test_directory_failure_leaves_nothing(in_tmp):
    with pytest.raises(RuntimeError):
        with atomic_directory(in_tmp / "out") as tmp:
            (tmp / "a.txt").write_text("half")
            raise RuntimeError("boom")
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize("name", [".", ".."])
def test_directory_special_names(name, in_tmp):
    with pytest.raises(InputError, match=r"cannot be the output folder"):
        check_output_dir(name)


def test_directory_that_is_the_current_folder_or_above(in_tmp):
    with pytest.raises(InputError, match=r"the current folder or one above it cannot be the output folder"):
        check_output_dir(in_tmp)
    with pytest.raises(InputError, match=r"the current folder or one above it"):
        check_output_dir(in_tmp.parent)


def test_directory_holding_an_input_or_being_a_file(in_tmp):
    (in_tmp / "seeds").mkdir()
    (in_tmp / "seeds" / "a.txt").write_text("seed")
    with pytest.raises(InputError, match=r"holds an input of this command"):
        check_output_dir(in_tmp / "seeds", inputs=[in_tmp / "seeds" / "a.txt"])
    (in_tmp / "f").write_text("x")
    with pytest.raises(InputError, match=r"exists and is not a folder"):
        check_output_dir(in_tmp / "f")
    with pytest.raises(InputError, match=r"parent .*f is a file"):
        check_output_dir(in_tmp / "f" / "sub")


def test_check_output_file_returns_the_target(in_tmp):
    assert check_output_file("new.txt") == Path("new.txt")


@pytest.mark.parametrize("text,lines", [
    ("a\nb\n", ["a", "b"]),
    ("a\r\nb\r\n", ["a", "b"]),
    ("a\rb\r", ["a", "b"]),          # a CR-only (old Mac) file is two lines, not one
    ("a\u2028b\n", ["a\u2028b"]),    # a Unicode line separator stays inside the line
    ("a\n\nb", ["a", "", "b"]),
])
def test_split_lines(text, lines, tmp_path):
    from bri_align.io import read_lines, split_lines

    assert split_lines(text) == lines
    f = tmp_path / "f.txt"
    f.write_bytes(text.encode("utf-8"))
    assert read_lines(f) == lines


@pytest.mark.parametrize("text,message", [
    ('{"a": 1' + "0" * 5000 + "}\n", r"x.jsonl:1: not valid JSON here \(Exceeds the limit"),
    ('{"a": 1}\n{"a": "\ud800"}\n', r"x.jsonl:2: a lone surrogate character"),
    ('{"a": "\\ud800"}\n', r"x.jsonl:1: a string holds a lone surrogate escape"),
    ("[" * 100000 + "\n", r"x.jsonl:1: JSON nested too deeply"),
])
def test_iter_jsonl_hostile_text(text, message):
    from bri_align.io import iter_jsonl

    with pytest.raises(InputError, match=message):
        list(iter_jsonl("x.jsonl", text=text))


def test_nul_bytes_are_not_text(tmp_path):
    from bri_align.io import read_text

    f = tmp_path / "b.txt"
    f.write_bytes(b"one\ntw\x00o\n")
    with pytest.raises(InputError, match=r"b.txt:2: file holds NUL bytes: it is not a text file"):
        read_text(f)
    f.write_bytes("一带一路".encode("utf-16"))  # with a BOM: the UTF-16 hint, not the NUL one
    with pytest.raises(InputError, match=r"it looks like UTF-16"):
        read_text(f)
