"""What a PDF page really shows, read back the way a printer and a phone see it.

Every page is rendered (pypdfium2, the PDF engine of Chrome) at print resolution; its characters are
read with their boxes, sizes, colours and fonts; its top-level drawing objects with their bounds; its
QR codes are decoded from the rendered image (zxing-cpp). Plain data out, no judgement here: `pages.py`
compares it with what the build intended.

pypdfium2 and zxing-cpp are dependencies of deck (zxing-cpp also encodes the codes it reads here).
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import zxingcpp

_SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class Char:
    ch: str  # "" when the PDF gives no Unicode for the glyph (a glyph the font does not have)
    code: int
    box: tuple  # (left, bottom, right, top) in page points, the glyph's own outline
    size: float  # effective size in points (text matrix and page scaling included)
    font: str  # PostScript name, subset tag removed
    colour: tuple  # (r, g, b) 0..255
    baseline: float = 0.0  # y of the glyph's origin, in page points (on a turned card: its x)


@dataclass(frozen=True)
class Obj:
    kind: str  # text | path | image | shading | form
    bounds: tuple  # (left, bottom, right, top)


@dataclass(frozen=True)
class Decoded:
    text: str
    corners: tuple  # four (x, y) in page points
    version: int | None

    @property
    def centre(self) -> tuple:
        return (sum(p[0] for p in self.corners) / 4, sum(p[1] for p in self.corners) / 4)

    @property
    def side(self) -> float:
        """Mean side of the symbol in points (zxing gives the symbol's outer corners)."""
        c = self.corners
        d = [((c[i][0] - c[(i + 1) % 4][0]) ** 2 + (c[i][1] - c[(i + 1) % 4][1]) ** 2) ** 0.5 for i in range(4)]
        return sum(d) / 4

    @property
    def modules(self) -> int | None:
        return 17 + 4 * self.version if self.version else None


@dataclass
class PageView:
    index: int  # 0-based
    size: tuple  # (w, h) points
    dpi: float
    chars: list = field(default_factory=list)
    objects: list = field(default_factory=list)
    codes: list = field(default_factory=list)
    image: Any = None  # RGB PIL image of the page (PIL.Image.Image)

    def to_px(self, box) -> tuple:
        s = self.dpi / 72
        left, b, r, t = box
        return (int(left * s), int((self.size[1] - t) * s), int(r * s + 0.999), int((self.size[1] - b) * s + 0.999))

    def background(self, box, ring_px: int = 3) -> tuple | None:
        """The colour around a box on the rendered page: the most common one in a ring just outside it."""
        x0, y0, x1, y1 = self.to_px(box)
        W, H = self.image.size
        k = ring_px
        strips = (
            (x0 - k, y0 - k, x1 + k, y0),
            (x0 - k, y1, x1 + k, y1 + k),  # above, below
            (x0 - k, y0, x0, y1),
            (x1, y0, x1 + k, y1),
        )  # left, right
        counts: Counter = Counter()
        for sx0, sy0, sx1, sy1 in strips:
            sx0, sy0, sx1, sy1 = max(0, sx0), max(0, sy0), min(W, sx1), min(H, sy1)
            if sx1 <= sx0 or sy1 <= sy0:
                continue
            region = self.image.crop((sx0, sy0, sx1, sy1))
            colours = region.getcolors(512) or region.getcolors((sx1 - sx0) * (sy1 - sy0))
            for n, c in colours:
                counts[c] += n
        if not counts:
            return None
        return counts.most_common(1)[0][0][:3]


class Unreadable(Exception):
    """The file is no PDF pdfium can open."""


def open_pdf(path: Path):
    try:
        return pdfium.PdfDocument(str(path))
    except Exception as e:  # pdfium's PdfiumError: damaged, truncated, not a PDF
        raise Unreadable(str(e)) from None


def pages(path: Path, dpi: float = 300):
    """Every page of the PDF as a PageView (one rendered image at a time)."""
    pdf = open_pdf(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                yield read_page(page, i, dpi)
            finally:
                page.close()
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    pdf = open_pdf(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


_KINDS = {
    raw.FPDF_PAGEOBJ_TEXT: "text",
    raw.FPDF_PAGEOBJ_PATH: "path",
    raw.FPDF_PAGEOBJ_IMAGE: "image",
    raw.FPDF_PAGEOBJ_SHADING: "shading",
    raw.FPDF_PAGEOBJ_FORM: "form",
}


def read_page(page, index: int, dpi: float) -> PageView:
    w, h = page.get_size()
    view = PageView(index, (w, h), dpi)
    image = page.render(scale=dpi / 72, rev_byteorder=True).to_pil()
    view.image = image if image.mode == "RGB" else image.convert("RGB")
    view.chars = _chars(page)
    for obj in page.get_objects(max_depth=0):
        try:
            view.objects.append(Obj(_KINDS.get(obj.type, "other"), tuple(obj.get_bounds())))
        except Exception:  # an object without bounds (an empty path)
            continue
    view.codes = decode_qr(view.image, dpi, h)
    return view


def decode_qr(image, dpi: float, page_h: float) -> list:
    s = dpi / 72
    out = []
    for r in zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        p = r.position
        corners = tuple(
            (pt.x / s, page_h - pt.y / s) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        )
        extra = getattr(r, "extra", None) or {}
        try:
            found = extra.get("Version") if isinstance(extra, dict) else None
            version = int(found) if found else None
        except (TypeError, ValueError):
            version = None
        out.append(Decoded(r.text, corners, version))
    return out


def _chars(page) -> list:
    pw, ph = page.get_size()
    tp = page.get_textpage()
    out = []
    try:
        n = tp.count_chars()
        left, r, b, t = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        cr, cg, cb, ca = (ctypes.c_uint() for _ in range(4))
        matrix = raw.FS_MATRIX()
        flags = ctypes.c_int()
        buf = ctypes.create_string_buffer(256)
        fonts: dict = {}
        for i in range(n):
            if raw.FPDFText_IsGenerated(tp, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(tp, i)
            if 0xDC00 <= code <= 0xDFFF:
                continue  # the second half of a character past U+FFFF (read with the first)
            if 0xD800 <= code <= 0xDBFF and i + 1 < n:  # pdfium gives UTF-16: join the pair
                low = raw.FPDFText_GetUnicode(tp, i + 1)
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            if code == 2:  # pdfium's mark for a hyphen that ends a line
                code = 0x2D
            ch = chr(code) if code and code != 0xFFFD else ""
            if ch and ch.isspace():
                continue
            raw.FPDFText_GetCharBox(tp, i, left, r, b, t)
            if r.value < 0 or left.value > pw or t.value < 0 or b.value > ph:
                continue  # clipped away: not on this page (a tile of a larger board)
            size = raw.FPDFText_GetFontSize(tp, i)
            if raw.FPDFText_GetMatrix(tp, i, matrix):  # the size as set, times the scaling of the page
                size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            raw.FPDFText_GetFillColor(tp, i, cr, cg, cb, ca)
            raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
            turned = abs(matrix.b) > abs(matrix.a)  # a card turned by 90°: its lines run up the page
            obj = raw.FPDFText_GetTextObject(tp, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            font = fonts.get(key)
            if font is None:
                got = raw.FPDFText_GetFontInfo(tp, i, buf, 256, flags)
                font = _SUBSET.sub("", buf.value.decode("utf-8", "replace")) if got else ""
                fonts[key] = font
            out.append(
                Char(
                    ch,
                    code,
                    (left.value, b.value, r.value, t.value),
                    float(size),
                    font,
                    (cr.value, cg.value, cb.value),
                    ox.value if turned else oy.value,
                )
            )
    finally:
        tp.close()
    return out
