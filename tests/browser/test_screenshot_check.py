"""The blank-screenshot check itself (no browser): the pure-Python PNG reader agrees with PIL, and
a one-colour image is called blank."""

from __future__ import annotations

import struct
import zlib

import pytest

from browsing import _png_pixels_pure, assert_not_blank, distinct_colours


def test_pure_reader_agrees_with_pil(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    im = Image.new("RGB", (64, 32), (255, 255, 255))
    for x in range(64):
        for y in range(32):
            if (x * y) % 7 == 0:
                im.putpixel((x, y), (x * 4, y * 8, (x + y) % 256))
    path = tmp_path / "p.png"
    im.save(path)
    width, height, bpp, rows = _png_pixels_pure(path.read_bytes())
    pure = {row[x:x + 3] for row in rows for x in range(0, width * bpp, bpp)}
    assert (width, height) == (64, 32) and len(pure) == distinct_colours(path) > 16
    assert pure == {bytes(c) for _, c in im.getcolors(maxcolors=4096)}
    assert_not_blank(path)


def test_blank_is_caught(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    path = tmp_path / "blank.png"
    Image.new("RGB", (50, 50), (255, 255, 255)).save(path)
    with pytest.raises(AssertionError, match="looks blank: 1 distinct colours"):
        assert_not_blank(path)


def _encode(width, height, pixel):
    """An RGB PNG whose row y uses filter type y % 5 (PNG specification, section 9), so the
    reader meets all five filters."""
    def paeth(a, b, c):
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        return a if pa <= pb and pa <= pc else b if pb <= pc else c

    raw, prev = bytearray(), bytes(width * 3)
    for y in range(height):
        line = bytes(v for x in range(width) for v in pixel(x, y))
        f = y % 5
        out = bytearray()
        for i, v in enumerate(line):
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            pred = (0, a, b, (a + b) // 2, paeth(a, b, c))[f]
            out.append((v - pred) & 0xFF)
        raw += bytes([f]) + out
        prev = line

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b""))


def test_pure_reader_all_filter_types(tmp_path):
    def pixel(x, y):
        return ((x * 37 + y * 11) % 256, (x * y) % 256, (255 - x * 5) % 256)

    data = _encode(20, 10, pixel)
    width, height, bpp, rows = _png_pixels_pure(data)
    assert (width, height, bpp) == (20, 10, 3)
    assert [bytes(v for x in range(20) for v in pixel(x, y)) for y in range(10)] == rows
