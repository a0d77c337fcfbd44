"""What a PDF page really shows, read back the way a printer and a phone see it.

Each page is read for what each check needs, at the resolution it needs, never as one page-sized bitmap:

- its characters with their boxes, sizes, colours and fonts, and its drawing objects with their bounds,
  from pdfium's text page and object list: no pixels at all (text boxes, glyphs, text size, safe zone,
  marks);
- its QR codes decoded (zxing-cpp) from small grey renderings of the rectangles where a code can be: those
  the plan places (at the resolution that gives their modules `PX_PER_MODULE` pixels), every image or
  square vector drawing of many segments (at any depth of forms: a board's tiles) and every square cluster
  of small touching paths (a code another program drew module by module), each with its quiet zone (those
  at `QR_MIN_DPI`); a rectangle where nothing is read is read again at the ceiling. A code's own quiet zone
  is measured on its surroundings rendered at the ceiling (`PageView.region`);
- the colours around words, for contrast, from bands of the page rendered at `CONTRAST_DPI` without its
  lines of text (what is behind the words, ten times faster to render), only where there is text, a few
  bands of at most `BAND_PX` pixels kept at a time.

The `dpi` of a page is the ceiling of every rendering (`deck check --dpi`). Plain data out, no judgement
here: `pages.py` compares it with what the build intended. pypdfium2 and zxing-cpp are dependencies of
deck (zxing-cpp also encodes the codes it reads here).
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import zxingcpp

_SUBSET = re.compile(r"^[A-Z]{6}\+")

PX_PER_MODULE = 4  # pixels per QR module a code is rendered at (the --dpi ceiling permitting)
QR_MIN_DPI = 150  # no code is rendered coarser (the ceiling permitting); an unplanned one is first tried at this
QR_MAX_PX = 16_000_000  # pixels of one QR rendering at most (grey: 16 MB)
QR_KEEP_PX = 1_000_000  # a code's rectangle of at most this many pixels at --dpi is read at --dpi (a card's: 0.1 Mpx)
CONTRAST_DPI = 100  # resolution of the pixels behind the words (the --dpi ceiling permitting)
RING_PT = 1.44  # the ring around a word whose most common colour is its background: 2 px at 100 dpi
BAND_PX = 4_000_000  # pixels of one band of the page rendered for contrast (RGBX: 16 MB)
LINE_PT = 36.0  # a text object at most this high is a line of words, not a background (see _a_line)
BANDS_KEPT = 3  # bands kept at a time: a worker holds at most 48 MB of contrast pixels
SAME_KEPT = 2  # pages kept open to be read again when the next pages are the same (a deck's backs)
_OVERLAP_PT = 72.0  # consecutive bands overlap by this much: every word's ring fits in one band
_MIN_CODE_PT = 6.0  # a square drawing smaller than this cannot be a code anyone reads (21 modules of 0.1 mm)
_MIN_SEGMENTS = 40  # a QR code drawn as vector paths has hundreds of segments (runs of modules)
_MIN_MODULE_PT, _MAX_MODULE_PT = 0.3, 12.0  # a path this thin may be a module of a code, or a run of them
_MAX_LOOSE_PT = 100.0  # and at most this long
_CELL_PT = 8.0  # the grid that finds the small paths touching one another


class Char(NamedTuple):  # a tuple: a page has thousands, made in the reader's inner loop
    ch: str  # "" when the PDF gives no Unicode for the glyph (a glyph the font does not have)
    code: int
    box: tuple  # (left, bottom, right, top) in page points, the glyph's own outline
    size: float  # effective size in points (text matrix and page scaling included)
    font: str  # PostScript name, subset tag removed
    colour: tuple  # (r, g, b) 0..255
    baseline: float = 0.0  # y of the glyph's origin, in page points (on a turned card: its x)


class Obj(NamedTuple):  # a page has a hundred or more
    kind: str  # text | path | image | shading | form
    bounds: tuple  # (left, bottom, right, top)


@dataclass(frozen=True)
class Decoded:
    text: str
    corners: tuple  # four (x, y) in page points
    version: int | None
    dpi: float | None = None  # the resolution it was read at: its corners are as precise as its pixels

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
    dpi: float  # the ceiling of every rendering of the page
    chars: list = field(default_factory=list)
    objects: list = field(default_factory=list)
    codes: list = field(default_factory=list)
    raster: Any = None  # the page's pixels for contrast (Raster), rendered band by band when asked
    page: Any = None  # the pdfium page while it is checked (regions rendered when a check asks)
    too_large: bool = False  # more pixels at `dpi` than the check renders: not read
    greys: list = field(default_factory=list)  # (x0, y0, grey image): parts of the page rendered at `dpi` (codes)

    def background(self, box, ring_pt: float = RING_PT) -> tuple | None:
        """The colour around a box on the rendered page: the most common one in a ring just outside it."""
        return self.raster.background(box, ring_pt) if self.raster is not None else None

    def to_px(self, box) -> tuple:
        """A box in page points as pixels of the page rendered whole at `dpi` (x0, y0, x1, y1 from the top left)."""
        s = self.dpi / 72
        left, b, r, t = box
        return (int(left * s), int((self.size[1] - t) * s), int(r * s + 0.999), int((self.size[1] - b) * s + 0.999))

    def locate(self, code: Decoded, image, origin: tuple) -> Decoded:
        """`code` read again in `image` (grey, rendered at `dpi`; its first pixel is `origin` of the page):
        its corners as precise as this resolution's pixels (it was found at a coarser one). The code as it
        was when it is not read there."""
        if code.dpi is None or code.dpi >= self.dpi:
            return code
        again = [c for c in decode_qr(image, self.dpi, self.size[1], origin) if c.text == code.text]
        if not again:
            return code
        return min(again, key=lambda c: (c.centre[0] - code.centre[0]) ** 2 + (c.centre[1] - code.centre[1]) ** 2)

    @property
    def pixel_size(self) -> tuple:
        """(width, height) of the page rendered whole at `dpi`, in pixels (as pypdfium2 sizes it)."""
        s = self.dpi / 72
        return (math.ceil(self.size[0] * s), math.ceil(self.size[1] * s))

    def grey(self, px: tuple):
        """The pixels (x0, y0, x1, y1) of the page rendered at `dpi`, in grey: cropped from a rendering the
        reading of the codes made when one holds them (a code's surroundings), else rendered."""
        x0, y0, x1, y1 = px
        for ox, oy, image in self.greys:
            if ox <= x0 and oy <= y0 and x1 <= ox + image.width and y1 <= oy + image.height:
                return image.crop((x0 - ox, y0 - oy, x1 - ox, y1 - oy))
        return self.region(px).convert("L")

    def region(self, px: tuple):
        """The pixels (x0, y0, x1, y1) of the page rendered at `dpi`, as an RGB image: the same pixels as the
        whole page's rendering, only that part of it rendered (a QR code's surroundings)."""
        s = self.dpi / 72
        w, h = self.size
        x0, y0, x1, y1 = px
        crop = (max(0.0, (x0 - 1) / s), max(0.0, h - (y1 + 1) / s), max(0.0, w - (x1 + 1) / s), max(0.0, (y0 - 1) / s))
        image = self.page.render(scale=s, crop=crop, rev_byteorder=True).to_pil()
        ox, oy = math.ceil(crop[0] * s), math.ceil(crop[3] * s)
        image = image.crop((x0 - ox, y0 - oy, x1 - ox, y1 - oy))
        return image if image.mode == "RGB" else image.convert("RGB")


class Raster:
    """A page rendered in RGB at `dpi`, in bands across the page of at most BAND_PX pixels, each rendered
    the first time a box in it is asked for; at most BANDS_KEPT bands are kept (the least recently used goes)."""

    def __init__(self, page, size: tuple, dpi: float, lines=()):
        self.page, self.size, self.dpi = page, size, dpi
        self.s = dpi / 72
        width_px = max(1, math.ceil(size[0] * self.s))
        band_pt = BAND_PX / width_px / self.s
        self.step = max(band_pt - _OVERLAP_PT, 18.0)
        self.height = min(size[1], self.step + _OVERLAP_PT)
        self.bands: OrderedDict = OrderedDict()
        self.seen: dict = {}  # box -> its background: a page read again asks the same
        self.rendered_px = 0  # what was rendered, for the benchmark's curiosity
        self.lines = lines  # the page's lines of text, left out of the rendering (see _a_line)

    def _render(self, top: float, bottom: float) -> tuple:
        """The page between `top` and `bottom` (points from the top of the page): (an RGBX image of it,
        its first row on the page, as pypdfium2 rounds the crop). pdfium sets every padding byte to 255."""
        h = self.size[1]
        top, bottom = max(0.0, top), min(h, bottom)
        for obj in self.lines:  # the lines of text left out: what is behind the words, not the words
            raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
        try:
            bitmap = self.page.render(
                scale=self.s, crop=(0, max(0.0, h - bottom), 0, top), rev_byteorder=True, prefer_bgrx=True
            )
        finally:
            for obj in self.lines:
                raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_FILL)
        self.rendered_px += bitmap.width * bitmap.height
        return bitmap.to_pil().im, math.ceil(top * self.s)  # PIL's core image: its crop costs a tenth

    def _band(self, t0: float, t1: float) -> tuple:
        if t1 - t0 > _OVERLAP_PT:  # taller than any band's overlap: on its own
            return self._render(t0, t1)
        k = int(max(t0, 0.0) // self.step)
        band = self.bands.get(k)
        if band is None:
            band = self.bands[k] = self._render(k * self.step, k * self.step + self.height)
            while len(self.bands) > BANDS_KEPT:
                self.bands.popitem(last=False)
        else:
            self.bands.move_to_end(k)
        return band

    def background(self, box, ring_pt: float) -> tuple | None:
        key = (tuple(box), ring_pt)
        got = self.seen.get(key, self)  # (self: not seen; None is a background not found)
        if got is self:
            got = self.seen[key] = self._background(box, ring_pt)
        return got

    def _background(self, box, ring_pt: float) -> tuple | None:
        s = self.s
        h = self.size[1]
        k = max(1, round(ring_pt * s))
        left, b, r, t = box
        x0, y0, x1, y1 = int(left * s), int((h - t) * s), int(r * s + 0.999), int((h - b) * s + 0.999)
        image, oy = self._band((y0 - k) / s, (y1 + k) / s)
        y0, y1 = y0 - oy, y1 - oy
        W, H = image.size
        outer = (max(0, x0 - k), max(0, y0 - k), min(W, x1 + k), min(H, y1 + k))
        if outer[2] <= outer[0] or outer[3] <= outer[1]:
            return None
        # the ring: the box with the ring around it, the box itself filled with a colour no pixel has
        region = image.crop(outer)
        inner = (max(0, x0) - outer[0], max(0, y0) - outer[1], min(W, x1) - outer[0], min(H, y1) - outer[1])
        if inner[2] > inner[0] and inner[3] > inner[1]:
            region.paste(_NOT_A_PIXEL, inner)
        found = region.getcolors(16) or region.getcolors(region.size[0] * region.size[1]) or ()  # few, mostly
        counts = [c for c in found if c[1] != _NOT_A_PIXEL]  # every pixel's padding byte is 255
        return max(counts)[1][:3] if counts else None  # the most common; of two as common, the higher


_NOT_A_PIXEL = (0, 0, 0, 0)  # RGBX with a padding byte of 0: pdfium writes 255 there


class Unreadable(Exception):
    """The file is no PDF pdfium can open."""


def open_pdf(path: Path):
    try:
        return pdfium.PdfDocument(str(path))
    except Exception as e:  # pdfium's PdfiumError: damaged, truncated, not a PDF
        raise Unreadable(str(e)) from None


def pages(
    path: Path,
    dpi: float = 300,
    hints=None,
    first: int = 0,
    last: int | None = None,
    digests=None,
    max_pixels: float | None = None,
):
    """Pages `first` to `last` (excluded; all by default) of the PDF as PageViews, one page open at a time.
    `hints(index)` gives the page's planned QR codes: (rectangle on the page, module side), in points.
    `digests(index)` gives the page's content digest (deck.check.fingerprint) or None: a page whose digest
    is one of the last pages' (the backs of a deck) is that page read again, without reading it again.
    A page of more than `max_pixels` at `dpi` is not read: its view says `too_large`."""
    pdf = open_pdf(path)
    same: OrderedDict = OrderedDict()  # digest -> (view, its page, kept open for its pixels)
    try:
        for i in range(first, len(pdf) if last is None else min(last, len(pdf))):
            digest = digests(i) if digests else None
            planned = hints(i) if hints else ()
            seen = same.get((digest, repr(planned))) if digest else None
            if seen is not None:
                yield replace(seen[0], index=i)
                continue
            page = pdf[i]
            if max_pixels is not None:
                w, h = page.get_size()
                if not (w / 72 * dpi) * (h / 72 * dpi) <= max_pixels:
                    try:
                        yield PageView(i, (w, h), dpi, too_large=True)
                    finally:
                        page.close()
                    continue
            view = read_page(page, i, dpi, planned)
            if not digest:
                try:
                    yield view
                finally:
                    page.close()
                continue
            same[(digest, repr(planned))] = (view, page)
            while len(same) > SAME_KEPT:
                same.popitem(last=False)[1][1].close()
            yield view
            if view.raster is not None:  # checked: read again, it asks for the backgrounds it already has
                view.raster.bands.clear()
    finally:
        for _, page in same.values():
            page.close()
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


def read_page(page, index: int, dpi: float, planned=()) -> PageView:
    """A page as the checks see it. `planned`: the QR codes the plan puts there, (page rect, module) in points."""
    w, h = page.get_size()
    view = PageView(index, (w, h), dpi, page=page)
    view.chars = _chars(page)
    candidates: list = []
    loose: list = []
    got = (ctypes.c_float * 4)()  # left, bottom, right, top of each object
    at = ctypes.addressof(got)
    pl, pb, pr, pt = (ctypes.c_void_p(at + 4 * k) for k in range(4))
    lines: list = []  # the lines of text the contrast rendering leaves out (_a_line), at any depth of forms
    get_object, get_bounds = raw.FPDFPage_GetObject, _object_bounds
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = get_object(page.raw, i)
        if not handle or not get_bounds(handle, pl, pb, pr, pt):
            continue  # an object without bounds (an empty path)
        bounds = tuple(got)
        obj = _Raw(handle)
        view.objects.append(Obj(_KINDS.get(obj.type, "other"), bounds))
        _candidates(obj, bounds, _IDENTITY, candidates, 0, loose, lines)
    candidates += _clusters([r for r in loose if r[2] > 0 and r[0] < w and r[3] > 0 and r[1] < h])  # on the page
    view.codes = _codes(page, (w, h), dpi, planned, candidates, view.greys)
    if view.chars:
        view.raster = Raster(page, (w, h), min(dpi, CONTRAST_DPI), lines)
    return view


def _a_line(handle, box: tuple) -> bool:
    """A text object the contrast rendering leaves out: one line (at most `LINE_PT` high on the page, `box`),
    simply filled, on the page or at any depth of forms (a deck's common back, a board's window on a tile).
    Without them a rendering is ten times faster (glyphs are most of a page's cost), and a word's ring is
    what is behind it: the other words were never its background. Text that may be (larger, or drawn in
    another mode) stays."""
    return box[3] - box[1] <= LINE_PT and raw.FPDFTextObj_GetTextRenderMode(handle) == raw.FPDF_TEXTRENDERMODE_FILL


# -- QR codes: where a code can be, rendered there only ----------------------------------------------------
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: tuple, box: tuple) -> tuple:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x in (box[0], box[2]):
        for y in (box[1], box[3]):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _times(m: tuple, n: tuple) -> tuple:
    """m then n (PDF order: a point goes through m first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _candidates(obj, bounds: tuple, m: tuple, out: list, depth: int, loose: list, lines: list) -> None:
    """Rectangles (page points) where `obj` may show a QR code: an image, a square path of many segments,
    and the same inside forms (their objects' bounds are in the form's space: `m` takes them to the page).
    Small paths (a module or a run of modules each, as other programs draw codes) go to `loose`; the lines
    of text inside forms that the contrast rendering leaves out, to `lines`."""
    kind = obj.type
    if kind == raw.FPDF_PAGEOBJ_TEXT:
        if _a_line(obj.raw, _apply(m, bounds) if depth else bounds):
            lines.append(obj.raw)
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        out.append(_apply(m, bounds) if depth else bounds)
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        w, h = bounds[2] - bounds[0], bounds[3] - bounds[1]
        square = min(w, h) >= _MIN_CODE_PT and max(w, h) <= 1.2 * min(w, h)
        if square and raw.FPDFPath_CountSegments(obj.raw) >= _MIN_SEGMENTS:
            out.append(_apply(m, bounds) if depth else bounds)
        elif _MIN_MODULE_PT <= min(w, h) <= _MAX_MODULE_PT and max(w, h) <= _MAX_LOOSE_PT:
            loose.append(_apply(m, bounds) if depth else bounds)
    elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
        fm = raw.FS_MATRIX()
        if not raw.FPDFPageObj_GetMatrix(obj.raw, fm):
            return
        inner = _times((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
        for i in range(raw.FPDFFormObj_CountObjects(obj.raw)):
            child = raw.FPDFFormObj_GetObject(obj.raw, i)
            if not child:
                continue
            left, b, r, t = (ctypes.c_float() for _ in range(4))
            if not raw.FPDFPageObj_GetBounds(child, left, b, r, t):
                continue
            _candidates(_Raw(child), (left.value, b.value, r.value, t.value), inner, out, depth + 1, loose, lines)


def _clusters(loose: list) -> list:
    """Rectangles (page points) where small paths touching one another make a square of at least
    `_MIN_SEGMENTS` of them: a QR code drawn module by module (or run by run) by another program."""
    if len(loose) < _MIN_SEGMENTS:
        return []
    # the modules of one code are as thick as one another: paths of other thicknesses are clustered apart
    thick = sorted(loose, key=lambda r: min(r[2] - r[0], r[3] - r[1]))
    bands: list = []
    start = 0
    for i in range(1, len(thick) + 1):
        if i == len(thick) or min(thick[i][2] - thick[i][0], thick[i][3] - thick[i][1]) > 1.1 * min(
            thick[i - 1][2] - thick[i - 1][0], thick[i - 1][3] - thick[i - 1][1]
        ):
            bands.append(thick[start:i])
            start = i
    if len(bands) > 1:
        return [c for band in bands for c in _clusters(band)]
    parent = list(range(len(loose)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cells: dict = {}
    tol = 0.25
    for i, (x0, y0, x1, y1) in enumerate(loose):
        root = find(i)
        for gx in range(int((x0 - tol) // _CELL_PT), int((x1 + tol) // _CELL_PT) + 1):
            for gy in range(int((y0 - tol) // _CELL_PT), int((y1 + tol) // _CELL_PT) + 1):
                cell = cells.setdefault((gx, gy), [])
                for j in cell:
                    a, b, c, d = loose[j]
                    if a <= x1 + tol and x0 <= c + tol and b <= y1 + tol and y0 <= d + tol:
                        other = find(j)
                        if other != root:
                            parent[other] = root
                cell.append(i)
    groups: dict = {}
    for i in range(len(loose)):
        groups.setdefault(find(i), []).append(loose[i])
    out = []
    for group in groups.values():
        if len(group) < _MIN_SEGMENTS:
            continue
        x0, y0 = min(r[0] for r in group), min(r[1] for r in group)
        x1, y1 = max(r[2] for r in group), max(r[3] for r in group)
        w, h = x1 - x0, y1 - y0
        if min(w, h) >= _MIN_CODE_PT and max(w, h) <= 1.2 * min(w, h):
            out.append((x0, y0, x1, y1))
    return out


class _Raw:
    """A pdfium page object, as `_candidates` reads it."""

    def __init__(self, handle):
        self.raw = handle
        self.type = _object_type(handle)


def _grow(r: tuple, d: float) -> tuple:
    return (r[0] - d, r[1] - d, r[2] + d, r[3] + d)


def _codes(page, size: tuple, dpi: float, planned, candidates: list, keep: list | None = None) -> list:
    """Every QR code decoded in the planned rectangles and the candidates, each code once. The renderings
    at `dpi` go to `keep` as (x0, y0, image): a code's rectangle is rendered there when it is small enough
    (`QR_KEEP_PX`), so that its quiet zone is measured on the pixels it was read from."""
    w, h = size
    regions = []  # (rect on the page, dpi)
    for rect, module in planned:
        want = PX_PER_MODULE * 72 / module if module and module > 0 else dpi
        grown = _grow(rect, 4 * (module or 0) + 2)
        regions.append((grown, dpi if _pixels(grown, dpi) <= QR_KEEP_PX else min(dpi, max(QR_MIN_DPI, want))))
    for rect in candidates:
        side = max(rect[2] - rect[0], rect[3] - rect[1])
        if side <= 0 or any(_covers(r, rect) for r, _ in regions):
            continue
        roomy = _grow(rect, 0.25 * side + 2)  # all a quiet zone's measure reads (4.5 modules of 21: 0.21 side)
        if _pixels(roomy, dpi) <= QR_KEEP_PX:
            regions.append((roomy, dpi))
        else:
            regions.append((_grow(rect, 0.1 * side + 2), min(dpi, QR_MIN_DPI)))  # then at the ceiling if need be
    out: list = []
    for rect, rdpi in regions:
        rect = (max(0.0, rect[0]), max(0.0, rect[1]), min(w, rect[2]), min(h, rect[3]))
        if rect[2] - rect[0] < 1 or rect[3] - rect[1] < 1:
            continue
        found = _decode_region(page, size, rect, rdpi, keep if rdpi == dpi else None)
        if not found and rdpi < dpi:  # not read at the resolution its modules ask for: at the ceiling
            found = _decode_region(page, size, rect, dpi, keep)
        for code in found:
            if not any(c.text == code.text and _near(c.centre, code.centre) for c in out):
                out.append(code)
    return out


def _pixels(rect: tuple, dpi: float) -> float:
    """Pixels of a rectangle (page points) rendered at `dpi`."""
    return (rect[2] - rect[0]) * (rect[3] - rect[1]) * (dpi / 72) ** 2


def _covers(outer: tuple, inner: tuple) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def _near(p: tuple, q: tuple, tol: float = 2.0) -> bool:
    return abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol


def _decode_region(page, size: tuple, rect: tuple, dpi: float, keep: list | None = None) -> list:
    """The codes zxing-cpp reads in a rectangle of the page rendered in grey at `dpi` (at most QR_MAX_PX);
    the rendering goes to `keep` when it is at `dpi`."""
    w, h = size
    left, b, r, t = rect
    area = (r - left) * (t - b) / 72 / 72
    asked = dpi
    dpi = min(dpi, (QR_MAX_PX / area) ** 0.5) if area > 0 else dpi
    s = dpi / 72
    image = page.render(scale=s, crop=(left, b, max(0.0, w - r), max(0.0, h - t)), grayscale=True).to_pil()
    ox, oy = math.ceil(left * s), math.ceil((h - t) * s)
    if keep is not None and dpi == asked:
        keep.append((ox, oy, image))
    return decode_qr(image, dpi, h, (ox, oy))


def decode_qr(image, dpi: float, page_h: float, origin: tuple = (0, 0)) -> list:
    """The QR codes of an image of the page (or of a part of it whose first pixel is `origin`)."""
    s = dpi / 72
    ox, oy = origin
    out = []
    grey = image if image.mode == "L" else image.convert("L")
    for r in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        p = r.position
        corners = tuple(
            ((pt.x + ox) / s, page_h - (pt.y + oy) / s)
            for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        )
        extra = getattr(r, "extra", None) or {}
        try:
            found = extra.get("Version") if isinstance(extra, dict) else None
            version = int(found) if found else None
        except (TypeError, ValueError):
            version = None
        out.append(Decoded(r.text, corners, version, dpi))
    return out


# -- characters: from the text page, no pixels -------------------------------------------------------------
def _fast(name: str, restype):
    """A pdfium function without ctypes' conversion of its arguments (it is called per character, and the
    conversion was half of each call's cost): pointers are passed as c_void_p, numbers as Python ints."""
    f = getattr(raw, name)
    fast = type(f)(ctypes.cast(f, ctypes.c_void_p).value)
    fast.restype = restype
    return fast


_unicode = _fast("FPDFText_GetUnicode", ctypes.c_uint)
_char_box = _fast("FPDFText_GetCharBox", ctypes.c_int)
_char_origin = _fast("FPDFText_GetCharOrigin", ctypes.c_int)
_text_object = _fast("FPDFText_GetTextObject", ctypes.c_void_p)
_object_bounds = _fast("FPDFPageObj_GetBounds", ctypes.c_int)
_object_type = _fast("FPDFPageObj_GetType", ctypes.c_int)


def _chars(page) -> list:
    """The page's characters in text order. Their text is read in one call; size, colour and font belong
    to a character's text object (pdfium reads them from it): asked once per object. The characters pdfium
    generates (spaces and line breaks between text objects) are whitespace, left out with the others.
    pdfium gives UTF-16: a pair of surrogates is joined into one character."""
    pw, ph = page.get_size()
    tp = page.get_textpage()
    out: list = []
    append, char_box, char_origin, text_object = out.append, _char_box, _char_origin, _text_object
    new, unpack = tuple.__new__, _FOUR_DOUBLES.unpack_from  # Char(...) without its Python-level __new__
    try:
        handle = ctypes.c_void_p(ctypes.cast(tp.raw, ctypes.c_void_p).value)
        n = raw.FPDFText_CountChars(tp.raw)
        units = (ctypes.c_ushort * (n + 1))()
        if n:
            raw.FPDFText_GetText(tp.raw, 0, n, units)
        codes = units[:n]
        got = (ctypes.c_double * 6)()  # left, right, bottom, top, origin x, origin y
        at = ctypes.addressof(got)
        pl, pr, pb, pt, px, py = (ctypes.c_void_p(at + 8 * k) for k in range(6))
        objects: dict = {}
        baselines: dict = {}  # text object -> the baseline all its characters share (see _style's `level`)
        last = None  # the text object of the character before, whose style is at hand
        size = font = colour = baseline = None
        turned = level = False
        for i, code in enumerate(codes):
            if 0x20 < code < 0x80:
                ch = chr(code)
            elif code < 0xD800:
                if code == 2:  # pdfium's mark for a hyphen that ends a line
                    code, ch = 0x2D, "-"
                else:
                    ch = chr(code) if code else ""
                    if ch.isspace():
                        continue  # a space, a line break (generated between text objects, or not)
            elif code <= 0xDFFF:
                if code >= 0xDC00:
                    continue  # the second half of a character past U+FFFF (read with the first)
                low = codes[i + 1] if i + 1 < n else 0
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    ch = chr(code)
                else:
                    ch = ""  # a lone surrogate: no character
            elif code >= 0xFFFD:
                if code == 0xFFFE:  # the text call's mark for a hyphen that ends a line (one call each: rare)
                    code = _unicode(handle, i)
                    code = 0x2D if code == 2 else code
                ch = "" if code == 0xFFFD else chr(code)
            else:
                ch = chr(code)
                if ch.isspace():
                    continue
            char_box(handle, i, pl, pr, pb, pt)
            left, r, b, t = unpack(got)
            if r < left:  # pdfium gives them in order; the checks rely on it
                left, r = r, left
            if t < b:
                b, t = t, b
            if r < 0 or left > pw or t < 0 or b > ph:
                continue  # clipped away: not on this page (a tile of a larger board)
            key = text_object(handle, i)
            if key != last or not level:
                if key != last:
                    style = objects.get(key)
                    if style is None:
                        style = objects[key] = _style(handle, i)
                    size, font, colour, turned, level = style
                    last = key
                baseline = baselines.get(key) if level else None
                if baseline is None:
                    char_origin(handle, i, px, py)
                    baseline = got[4] if turned else got[5]
                    if level:
                        baselines[key] = baseline
            append(new(Char, (ch, code, (left, b, r, t), size, font, colour, baseline)))
    finally:
        tp.close()
    return out


_FOUR_DOUBLES = struct.Struct("4d")  # a character's box as pdfium writes it: read in one call


def _style(tp, i: int) -> tuple:
    """(effective size in points, PostScript name without its subset tag, (r, g, b), turned, level) of
    character i's object; turned: a card turned by 90°, its lines run up the page (the baseline is an x);
    level: its matrix keeps the baseline's coordinate (b = 0, or a = 0 when turned), so that every glyph of
    the object has the origin's y (x) of its first: pdfium computes it as b·x + f (a·x + e). `tp`: the text
    page's handle as a c_void_p (the calls take no conversion of their arguments, see _fast)."""
    size = _font_size(tp, i)
    matrix, colour, buf, flags, at = _STYLE_OUT
    if _text_matrix(tp, i, at[0]):  # the size as set, times the scaling of the page
        size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    else:
        matrix.a, matrix.b = 1.0, 0.0
    for c in colour:
        c.value = 0  # as a fresh one: a call that fails leaves 0
    _fill_colour(tp, i, at[1], at[2], at[3], at[4])
    got = _font_info(tp, i, at[5], _NAME_MAX, at[6])
    name = buf.value if got else b""
    font = _FONT_NAMES.get(name)
    if font is None:
        if len(_FONT_NAMES) > 4096:  # a PDF of thousands of fonts: kept bounded in the worker
            _FONT_NAMES.clear()
        font = _FONT_NAMES[name] = _SUBSET.sub("", name.decode("utf-8", "replace"))
    turned = abs(matrix.b) > abs(matrix.a)
    level = (matrix.a if turned else matrix.b) == 0.0
    return float(size), font, tuple(c.value for c in colour[:3]), turned, level


_font_size = _fast("FPDFText_GetFontSize", ctypes.c_double)
_text_matrix = _fast("FPDFText_GetMatrix", ctypes.c_int)
_fill_colour = _fast("FPDFText_GetFillColor", ctypes.c_int)
_font_info = _fast("FPDFText_GetFontInfo", ctypes.c_ulong)
_NAME_MAX = ctypes.c_ulong(256)
_FONT_NAMES: dict = {}  # a font's name as pdfium gives it -> without its subset tag (a few per file)


def _style_out() -> tuple:
    """What _style asks pdfium for, made once: a matrix, the colour's r, g, b, a, the font's name and its
    flags, and their addresses (matrix, r, g, b, a, name, flags) as the calls take them."""
    matrix, colour, buf, flags = (
        raw.FS_MATRIX(),
        tuple(ctypes.c_uint() for _ in range(4)),
        ctypes.create_string_buffer(256),
        ctypes.c_int(),
    )
    at = tuple(ctypes.c_void_p(ctypes.addressof(o)) for o in (matrix, *colour, buf, flags))
    return matrix, colour, buf, flags, at


_STYLE_OUT = _style_out()
