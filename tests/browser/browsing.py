"""Helpers of the browser tests: open a page from file:// with its requests and script errors
recorded, save screenshots (also to ``$BRI_ALIGN_SCREENSHOT_DIR`` when set), check one is not blank."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import List

SCREENSHOT_ENV = "BRI_ALIGN_SCREENSHOT_DIR"


@dataclass
class Opened:
    page: object
    requests: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)

    def outside_file(self) -> List[str]:
        """Requests that left file:// (a data: URL never leaves the page, so it is allowed too)."""
        return [u for u in self.requests if not u.startswith(("file://", "data:"))]


def open_page(browser, path: Path, *, width: int = 1100, height: int = 800, mobile: bool = False) -> Opened:
    """A new page (its own context) on ``path`` from file://, with requests and errors recorded."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile,
                              has_touch=mobile, device_scale_factor=1)
    page = ctx.new_page()
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return opened


def save_screenshot(opened: Opened, name: str, tmp_path: Path, *, full_page: bool = False) -> Path:
    """Screenshot to ``tmp_path/name`` and, when set, to ``$BRI_ALIGN_SCREENSHOT_DIR/name``."""
    target = tmp_path / name
    opened.page.screenshot(path=str(target), full_page=full_page)
    extra = os.environ.get(SCREENSHOT_ENV)
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, Path(extra) / name)
    return target


# ------------------------------------------------------------------ is a screenshot blank?
def _png_pixels_pure(data: bytes):
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced RGB/RGBA PNG (what
    Chromium writes), by the PNG specification's filter rules; used when PIL is absent."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat = 8, []
    width = height = bpp = 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"PNG kind not handled: depth {depth}, colour type {colour}")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def distinct_colours(path: Path) -> int:
    """How many distinct colours the PNG holds (PIL when installed, else a pure-Python reader)."""
    try:
        from PIL import Image
    except ImportError:
        width, _, bpp, rows = _png_pixels_pure(path.read_bytes())
        return len({row[x:x + 3] for row in rows for x in range(0, width * bpp, bpp)})
    with Image.open(path) as im:
        colours = im.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours or ())


def assert_not_blank(path: Path, *, min_colours: int = 16) -> int:
    """A page with text, badges and marks has many colours (anti-aliasing alone gives dozens);
    a blank or single-colour screenshot has one or two."""
    n = distinct_colours(path)
    assert n >= min_colours, f"{path} looks blank: {n} distinct colours"
    return n
