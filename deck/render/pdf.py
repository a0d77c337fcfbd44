"""The only module that talks to reportlab's canvas: draws geometry primitives into a PDF file."""

from __future__ import annotations

import contextvars
import math
import zlib
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen import canvas as canvas_module
from reportlab.pdfgen import pathobject, textobject
from reportlab.pdfgen.canvas import Canvas

from deck.layout.geometry import Circle, Icon, Image, Place, Qr, Rect, Seg, Text
from deck.render.pdfx import finish_pdfx
from deck.render.qr import path_ops
from deck.style.fonts import blank, cluster_texts, ensure, font_name, glyph_advance, shape

# The inks of the files being written (a deck.style.cmyk.Converter: PDF/X in CMYK), or None (RGB): set by
# cmyk_output() around a build, read by every PdfWriter made inside it.
_OUTPUT: contextvars.ContextVar = contextvars.ContextVar("deck_pdf_output", default=None)


@contextmanager
def cmyk_output(converter):
    """Every PdfWriter made inside writes PDF/X in CMYK with `converter`'s inks (None: RGB, as usual)."""
    token = _OUTPUT.set(converter)
    try:
        yield
    finally:
        _OUTPUT.reset(token)


@contextmanager
def _binary_streams():
    """Compressed streams stay binary: ASCII85 on top of Flate makes every page and font 25 % larger, and
    slower. reportlab reads its process-wide rl_config.useA85 when it makes or writes a stream (images and
    forms while drawing, forms again when saving): it is off while a PdfWriter draws or saves, and back to
    what it was afterwards, so that deck used as a library changes no setting of its host's reportlab."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


_FP: dict = {}
_FP_USERS = (pdfdoc, canvas_module, pathobject, textobject)  # the modules of reportlab that format numbers
_fp_str = pdfdoc.fp_str


def _remembered_fp_str(*a) -> str:
    """reportlab's fp_str, remembered for single numbers: the same ones come back in every file (the widths
    of a font's glyphs in each subset, its box); a path's points (several numbers) are mostly new, each
    written by `_fp_one` without being kept."""
    if len(a) == 1:
        v = a[0]
        if type(v) is not float and type(v) is not int:  # a list or tuple (a colour, a dash): reportlab's
            return _fp_str(v)
        s = _FP.get(v)
        if s is None:
            if len(_FP) > 8192:
                _FP.clear()
            s = _FP[v] = _fp_one(v)
        return s
    try:
        return " ".join([_fp_one(v) for v in a])
    except TypeError:  # not numbers: reportlab's own words for them
        return _fp_str(*a)


def _round_rect(c, x, y, width, height, radius, stroke: int, fill: int) -> None:
    """reportlab's Canvas.roundRect, the same operators in the same words (its path object and number
    formatting were a tenth of the time of drawing a board)."""
    if isinstance(radius, (list, tuple)):
        c.roundRect(x, y, width, height, radius, stroke=stroke, fill=fill)
        return
    f = _remembered_fp_str
    t = 0.4472 * radius  # reportlab's multiplier of the radius for the Bézier quadrants
    xlo, xhi = min(x, x + width), max(x, x + width)
    ylo, yhi = min(y, y + height), max(y, y + height)
    c._code.extend(
        (
            "n",  # reportlab's path object starts every path so
            f"{f(xlo + radius, ylo)} m",
            f"{f(xhi - radius, ylo)} l",
            f"{f(xhi - t, ylo, xhi, ylo + t, xhi, ylo + radius)} c",
            f"{f(xhi, yhi - radius)} l",
            f"{f(xhi, yhi - t, xhi - t, yhi, xhi - radius, yhi)} c",
            f"{f(xlo + radius, yhi)} l",
            f"{f(xlo + t, yhi, xlo, yhi - t, xlo, yhi - radius)} c",
            f"{f(xlo, ylo + radius)} l",
            f"{f(xlo, ylo + t, xlo + t, ylo, xlo + radius, ylo)} c",
            "h",
            canvas_module.PATH_OPS[stroke, fill, c._fillMode],
        )
    )


_LOG_E_10 = math.log(10.0)
_FP_FORMATS = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")


def _fp_one(v) -> str:
    """One number as reportlab's pure-Python fp_str writes it (the same digits: its logarithm is computed the
    same way, an exact power of ten included), without its loops: at most 6 significant decimals, no trailing
    zeros, no leading zero before the point."""
    sa = abs(v)
    if sa <= 1e-7:
        return "0"
    k = 6 if sa <= 1 else min(max(0, 6 - int(math.log(sa) / _LOG_E_10)), 6)
    n = _FP_FORMATS[k] % v
    if k:
        n = n.rstrip("0")
        if n[-1] == ".":
            n = n[:-1]
    return n[1:] if n[0] == "0" and len(n) > 1 else n


@contextmanager
def _remembered_numbers():
    """reportlab formats each number it writes through its pure-Python fp_str (a fifth of the time it takes
    to save a file): while a PdfWriter draws or saves, its modules call the same routine remembered, which
    gives the same text for the same arguments; afterwards they have their own back."""
    before = [m.fp_str for m in _FP_USERS]
    for m in _FP_USERS:
        m.fp_str = _remembered_fp_str
    try:
        yield
    finally:
        for m, f in zip(_FP_USERS, before, strict=True):
            m.fp_str = f


_COLOURS: dict = {}
_RGB: dict = {}


def _rgb(hex_colour: str) -> str:
    """PDF colour operands of "#RRGGBB", as reportlab writes them."""
    s = _RGB.get(hex_colour)
    if s is None:
        c = _c(hex_colour)
        s = _RGB[hex_colour] = " ".join(_num(v) for v in (c.red, c.green, c.blue))
    return s


_NUMS: dict = {}


def _num(v: float) -> str:
    """A number for a content stream: at most 4 decimals, no trailing zeros (remembered: the same
    positions and sizes come back on every card)."""
    s = _NUMS.get(v)
    if s is None:
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        if s in ("-0", ""):
            s = "0"
        if len(_NUMS) > 65536:
            _NUMS.clear()
        _NUMS[v] = s
    return s


# bytes of a PDF literal string, escaped as reportlab escapes them
_ESCAPE = [f"\\{b:03o}" if b < 32 or b >= 127 else ("\\" + chr(b) if b in (92, 40, 41) else chr(b)) for b in range(256)]


@cache
def _font(name: str):
    return pdfmetrics.getFont(ensure(name))


def _c(hex_colour: str):
    c = _COLOURS.get(hex_colour)
    if c is None:
        c = _COLOURS[hex_colour] = HexColor(hex_colour)
    return c


def _compress_now(page) -> None:
    """Compress a finished page's content stream now, not when the whole file is saved: the pages waiting
    in memory take a sixth of the room, so a deck of any length builds in flat memory. The bytes written
    are the ones reportlab would write (the same zlib call and stream dictionary)."""
    stream = getattr(page, "stream", None)
    if not page.compression or not stream or page.Contents:
        return
    s = pdfdoc.PDFStream(content=zlib.compress(stream.encode("utf8") if isinstance(stream, str) else stream))
    s.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    s.__Comment__ = "page stream"
    page.Contents = s
    page.stream = None


class PdfWriter:
    remember_lines = True  # a line drawn again reuses its operators (the tests turn it off to compare)

    def __init__(self, path: str | Path, title: str, subject: str = "", duplex: str | None = None, cmyk=None):
        self.cmyk = cmyk if cmyk is not None else _OUTPUT.get()  # a deck.style.cmyk.Converter, or None: RGB
        self.title = title
        self._images: dict = {}
        self.c = Canvas(str(path), invariant=1, initialFontName=font_name("regular"), pageCompression=1)
        self.c.setTitle(title)
        self.c.setSubject(subject)
        self.c.setCreator("deck")
        self.c.setAuthor("")
        self.c.setViewerPreference("PrintScaling", "None")
        if duplex == "long":
            self.c.setViewerPreference("Duplex", "DuplexFlipLongEdge")
        elif duplex == "short":
            self.c.setViewerPreference("Duplex", "DuplexFlipShortEdge")
        elif duplex == "none":
            self.c.setViewerPreference("Duplex", "Simplex")
        self.forms: set[str] = set()
        self.pages = 0
        # (text, font, size) -> (its operators, its width): a line drawn again costs a look-up
        self._shown: dict[tuple, tuple[str, float]] = {}
        self._runs: dict[tuple, tuple] = {}  # a shaped run -> its pieces in this document (see _segments)

    def page(self, size, prims, trim_box=None, bleed_box=None) -> None:
        with _binary_streams(), _remembered_numbers():
            self._page(size, prims, trim_box, bleed_box)

    def _page(self, size, prims, trim_box, bleed_box) -> None:
        c = self.c
        c.setPageSize(size)
        if self.cmyk is not None:  # PDF/X: every page has its trim and bleed boxes (a sheet: its page)
            trim_box = trim_box or (0, 0, size[0], size[1])
            bleed_box = bleed_box or trim_box
        if trim_box:
            c.setTrimBox(trim_box)
        if bleed_box:
            c.setBleedBox(bleed_box)
        self.draw(prims)
        c.showPage()
        self.pages += 1
        pages = getattr(getattr(c._doc, "Pages", None), "pages", None)
        if pages:  # (reportlab's page list: without it, pages are compressed at save as usual)
            _compress_now(pages[-1])

    def close(self) -> None:
        with _binary_streams(), _remembered_numbers():
            if self.cmyk is not None:
                finish_pdfx(self.c, self.title)
            self.c.save()

    def _fill(self, colour: str, area: float = 0.0, text: bool = False) -> str:
        if self.cmyk is not None:
            return self.cmyk.op(colour, area=area, text=text)
        return f"{_rgb(colour)} rg"

    def _stroke(self, colour: str) -> str:
        if self.cmyk is not None:
            return self.cmyk.op(colour, stroke=True)
        return f"{_rgb(colour)} RG"

    # -- primitives ------------------------------------------------------------------------------
    def draw(self, prims) -> None:
        c = self.c
        for p in prims:
            t = type(p)
            if t is Text:
                self._text(p)
            elif t is Seg:
                self._seg(p)
            elif t is Rect:
                if p.radius:
                    self._style(p.fill, p.stroke, p.width, p.dash, abs(p.w * p.h))
                    _round_rect(c, p.x, p.y, p.w, p.h, p.radius, int(bool(p.stroke)), int(bool(p.fill)))
                else:
                    self._rect(p)
            elif t is Place:
                self._place(p)
            elif t is Qr:
                self._qr(p)
            elif t is Icon:
                self._icon(p)
            elif t is Circle:
                self._circle(p)
            elif t is Image:
                src = p.path
                if self.cmyk is not None:  # its samples in CMYK (or gray), converted once per file
                    if p.path not in self._images:
                        self._images[p.path] = self.cmyk.image(p.path)
                    src = self._images[p.path]
                c.drawImage(src, p.x, p.y, p.w, p.h, mask="auto", preserveAspectRatio=True, anchor="c")
            else:
                raise TypeError(t)

    # The simple primitives are written as PDF operators directly (reportlab's canvas would write the same
    # operators, at several times the cost: it formats every number through its own routine and keeps a
    # state we do not use). Each one sets the colours, width and dash it paints with.
    def _rect(self, p: Rect) -> None:
        ops = []
        if p.fill:
            ops.append(self._fill(p.fill, area=abs(p.w * p.h)))
        if p.stroke:
            ops.append(_stroke_style(self._stroke(p.stroke), p.width, p.dash))
        paint = "B" if p.fill and p.stroke else "f" if p.fill else "S" if p.stroke else "n"
        ops.append(f"{_num(p.x)} {_num(p.y)} {_num(p.w)} {_num(p.h)} re {paint}")
        self.c.addLiteral("\n".join(ops))

    def _seg(self, p: Seg) -> None:  # one path each: deck check looks at every mark on its own
        self.c.addLiteral(
            f"{_stroke_style(self._stroke(p.colour), p.width, p.dash)}\n"
            f"{_num(p.x1)} {_num(p.y1)} m {_num(p.x2)} {_num(p.y2)} l S"
        )

    def _circle(self, p: Circle) -> None:
        ops = []
        if p.fill:
            ops.append(self._fill(p.fill, area=math.pi * p.r * p.r))
        if p.stroke:
            ops.append(_stroke_style(self._stroke(p.stroke), p.width, ()))
        paint = "B" if p.fill and p.stroke else "f" if p.fill else "S" if p.stroke else "n"
        ops.append(_circle_path(p.cx, p.cy, p.r) + " " + paint)
        self.c.addLiteral("\n".join(ops))

    def _style(self, fill, stroke, width, dash, area: float = 0.0) -> None:
        c = self.c
        if self.cmyk is not None:
            if fill:
                c.setFillColor(CMYKColor(*(v / 100 for v in self.cmyk.inks(fill, area))))
            if stroke:
                c.setStrokeColor(CMYKColor(*(v / 100 for v in self.cmyk.inks(stroke))))
        else:
            if fill:
                c.setFillColor(_c(fill))
            if stroke:
                c.setStrokeColor(_c(stroke))
        if stroke:
            c.setLineWidth(width)
            c.setDash(list(dash) if dash else [])

    def _place(self, p: Place) -> None:
        c = self.c
        ops = ["q"]
        if p.clip:
            x0, y0, x1, y1 = p.clip
            ops.append(f"{_num(x0)} {_num(y0)} {_num(x1 - x0)} {_num(y1 - y0)} re W n")
        cos, sin = _TURNS.get(p.angle % 360) or (math.cos(math.radians(p.angle)), math.sin(math.radians(p.angle)))
        k = p.scale
        ops.append(f"{_num(k * cos)} {_num(k * sin)} {_num(-k * sin)} {_num(k * cos)} {_num(p.x)} {_num(p.y)} cm")
        c.addLiteral(" ".join(ops))
        if p.key:
            if p.key not in self.forms:
                x0, y0, x1, y1 = p.bbox
                c.beginForm(p.key, x0, y0, x1, y1)
                self.draw(p.prims)
                c.endForm()
                self.forms.add(p.key)
            c.doForm(p.key)
        else:
            self.draw(p.prims)
        c.addLiteral("Q")

    def _text(self, p: Text) -> None:
        """One line of text, shaped (deck.style.fonts.shape): each run in its font, every glyph at the place
        HarfBuzz gives it (TJ adjustments for the advances, Ts for the heights of marks). A glyph that no
        character of the font's cmap gives (a ligature, a joined Arabic form) gets a private code whose
        ToUnicode is the text of its cluster, so the PDF's text reads as what was written."""
        c = self.c
        key = (p.text, p.font, p.size)
        got = self._shown.get(key) if self.remember_lines else None
        if got is None:
            runs = shape(p.text, p.font)
            ops = self._ops([self._segments(run) for run in runs], p.size)
            got = self._shown[key] = (ops, sum(r[3] for r in runs) * p.size / 1000.0)
        ops, w = got
        x = p.x
        if p.anchor != "left":
            x -= w / 2 if p.anchor == "centre" else w
        c.addLiteral(f"{self._fill(p.colour, text=True)}\nBT 1 0 0 1 {_num(x)} {_num(p.y)} Tm {ops} ET")

    def _ops(self, pieces, size: float) -> str:
        """The text operators of a line's runs (their `_segments`) at one size: one TJ array for as long as
        the subset and the rise stay the same (a line of one font is one array)."""
        parts: list[str] = []
        current = None
        rise = 0.0
        items: list = []
        sz = _num(size)
        for coded, names in pieces:
            for (_subset, dy, its), name in zip(coded, names, strict=True):
                if name != current or dy != rise:
                    _flush(parts, items)
                    if name != current:
                        parts.append(f"{name} {sz} Tf")
                        current = name
                    if dy != rise:
                        parts.append(f"{_num(dy * size / 1000.0)} Ts")
                        rise = dy
                for it in its:
                    if isinstance(it, float):
                        _adjust(items, it)
                    else:
                        items.append(it)
        _flush(parts, items)
        if rise:
            parts.append("0 Ts")
        return " ".join(parts)

    def _segments(self, run) -> tuple:
        """A shaped run as (subset, rise, items) pieces, items being escaped codes and TJ adjustments in
        1/1000 em (size-free), and the name of each piece's subset font in this document: worked out once
        per document for each run (a word of the kit is one run, shaped once, encoded once). What does not
        depend on the document (the run's characters, each glyph's offsets and adjustments) is worked out
        once per process, and so are the pieces of each way the documents' subsets code the run (ASCII keeps
        its codes in every file)."""
        key = (run[0], run[4], run[1])
        got = self._runs.get(key)
        if got is not None:
            return got
        doc = self.c._doc
        font = _font(run[0])
        remember = self.remember_lines
        prep = _PREPARED.get(key) if remember else None
        if prep is None:
            prep = _prepare(run, font)
            if remember:
                if len(_PREPARED) > _RUNS_MAX:
                    _PREPARED.clear()
                    _CODED.clear()
                _PREPARED[key] = prep
        chars, steps = prep
        split = font.splitString(chars, doc)
        coded_key = (key, tuple(split))
        coded = _CODED.get(coded_key) if remember else None
        if coded is None:
            coded = _code(split, steps)
            if remember:
                _CODED[coded_key] = coded
        out = (coded, tuple(font.getSubsetInternalName(subset, doc) for subset, _, _ in coded))
        self._runs[key] = out
        return out

    def _qr(self, p: Qr) -> None:
        """One filled path of rectangles (the runs of dark modules), in a frame of one module:
        small integers, a fraction of the bytes of a path in points. Its own q/Q: the canvas state stays."""
        m = _num(p.module)
        self.c.addLiteral(
            f"q {self._fill(p.colour, text=True)} {m} 0 0 {m} {_num(p.x)} {_num(p.y)} cm\n"
            f"{path_ops(p.matrix, p.url)}\nf Q"
        )

    def _icon(self, p: Icon) -> None:
        """A filled shape, drawn in a frame of half its size centred on it (see _ICONS)."""
        s = p.size / 2
        ops = _ICONS.get(p.shape) or _ICONS["square"]
        self.c.addLiteral(
            f"q {self._fill(p.colour, area=p.size * p.size)} {_num(s)} 0 0 {_num(s)} {_num(p.cx)} {_num(p.cy)} cm\n"
            f"{ops} f Q"
        )


# what _segments keeps for the whole process: a run's characters and glyph steps, its coded pieces
_PREPARED: dict = {}
_CODED: dict = {}
_RUNS_MAX = 20_000  # runs kept (the default kit has 5 000; a kit of 10 000 cards many more)


def _prepare(run, font) -> tuple[str, tuple | None]:
    """The characters a run is drawn with (see _chars_of) and, for each glyph, (rise, the adjustment before
    it, the adjustment after it): the difference between HarfBuzz's advance and the font's width of the
    glyph's code, and its offset, in 1/1000 em. None instead of the steps when every glyph sits on the
    line at its own width (most words of a Latin text): nothing but their codes to write."""
    chars, glyphs = _chars_of(run, font)
    widths = font.face.charWidths
    default = font.face.defaultWidth
    steps = []
    plain = True
    for ch, g in zip(chars, glyphs, strict=True):
        _gid, adv, dx, dy, _cl = g
        code = 32 if ch == "\u00a0" else ord(ch)
        after = -(adv - dx - widths.get(code, default))
        steps.append((dy, -dx if dx else 0.0, after))
        plain = plain and not dy and not dx and abs(after) < 0.005
    return chars, None if plain else tuple(steps)


def _code(split, steps) -> list:
    """The (subset, rise, items) pieces of a run whose characters the document's subsets code as `split`
    (reportlab's splitString): a piece for each subset and height of the glyphs in turn, the escaped codes
    between two adjustments joined into one string (the TJ array's text is the same)."""
    if steps is None:
        return [(subset, 0.0, ("".join([_ESCAPE[b] for b in data]),)) for subset, data in split]
    out: list = []
    gi = 0
    for subset, data in split:
        items: list = []
        rise = None
        for b in data:
            dy, before, after = steps[gi]
            gi += 1
            if dy != rise:
                if items or rise is not None:
                    out.append((subset, rise or 0.0, _joined(items)))
                items = []
                rise = dy
            if before:
                _adjust(items, before)
            items.append(_ESCAPE[b])
            _adjust(items, after)
        out.append((subset, rise or 0.0, _joined(items)))
    return out


def _joined(items: list) -> tuple:
    out: list = []
    for it in items:
        if out and type(it) is str and type(out[-1]) is str:
            out[-1] += it
        else:
            out.append(it)
    return tuple(out)


def _adjust(items: list, n: float) -> None:
    """A TJ adjustment (thousandths of an em, positive moves left), merged with the one before it."""
    if abs(n) < 0.005:
        return
    if items and isinstance(items[-1], float):
        items[-1] += n
    else:
        items.append(n)


def _flush(parts: list, items: list) -> None:
    """The TJ array of the glyphs gathered (a Tj when no adjustment is needed)."""
    if not items:
        return
    if all(isinstance(i, str) for i in items):
        parts.append(f"({''.join(items)}) Tj")
    else:
        out: list[str] = []
        text: list[str] = []
        for i in items:
            if isinstance(i, str):
                text.append(i)
                continue
            if text:
                out.append(f"({''.join(text)})")
                text = []
            if abs(i) >= 0.005:
                out.append(_num(round(i, 2)))
        if text:
            out.append(f"({''.join(text)})")
        parts.append(f"[{' '.join(out)}] TJ")
    items.clear()


# glyphs without a character of their own, per font: (font name, glyph id, cluster text) -> private code
_PRIVATE: dict = {}
_PRIVATE_TEXT: dict[int, str] = {}  # private code -> the text it stands for (ToUnicode)
_next_private = [0xF0000]  # Supplementary Private Use Area-A, the same codes in every font


def _chars_of(run, font) -> tuple[str, list]:
    """The glyphs of a run to draw (not the blank, zero-width ones HarfBuzz leaves for joiners and
    selectors) and the character standing for each in reportlab's subsets: the glyph's own character when
    the cmap gives it, else a private code (registered with the font once)."""
    face = font.face
    cmap = face.charToGlyph
    texts = cluster_texts(run, first_only=True)
    out = []
    glyphs = []
    for g, text in zip(run[2], texts, strict=True):
        gid = g[0]
        if not text and g[1] == 0 and not g[2] and blank(font.fontName, gid):
            continue
        glyphs.append(g)
        if len(text) == 1 and cmap.get(ord(text)) == gid:
            out.append(text)
            continue
        if len(text) == 1 and text.isspace() and ord(text) in cmap:  # a space: the font's own (blank) glyph
            out.append(text)
            continue
        key = (font.fontName, gid, text)
        code = _PRIVATE.get(key)
        if code is None:
            code = _PRIVATE[key] = _next_private[0]
            _next_private[0] += 1
            cmap[code] = gid
            face.charWidths[code] = glyph_advance(font.fontName, gid)
            _PRIVATE_TEXT[code] = text or "\u200b"
        out.append(chr(code))
    return "".join(out), glyphs


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname, subset) -> str:
    """reportlab's ToUnicode CMap, with the text of each private code (a ligature reads as its letters) and
    characters past U+FFFF written in UTF-16 (emoji)."""
    pairs = [f"<{i:02X}> <{_utf16(_PRIVATE_TEXT.get(v) or chr(v))}>" for i, v in enumerate(subset)]
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *pairs,
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _stroke_style(colour_op: str, width: float, dash) -> str:
    pattern = " ".join(_num(d) for d in dash) if dash else ""
    return f"{colour_op} {_num(width)} w [{pattern}] 0 d"


_KAPPA = 0.5522847498  # control points of a quarter circle


def _circle_path(cx: float, cy: float, r: float) -> str:
    k = r * _KAPPA
    pts = (
        (cx + r, cy),
        (cx + r, cy + k),
        (cx + k, cy + r),
        (cx, cy + r),
        (cx - k, cy + r),
        (cx - r, cy + k),
        (cx - r, cy),
        (cx - r, cy - k),
        (cx - k, cy - r),
        (cx, cy - r),
        (cx + k, cy - r),
        (cx + r, cy - k),
        (cx + r, cy),
    )
    f = [f"{_num(x)} {_num(y)}" for x, y in pts]
    return f"{f[0]} m {f[1]} {f[2]} {f[3]} c {f[4]} {f[5]} {f[6]} c {f[7]} {f[8]} {f[9]} c {f[10]} {f[11]} {f[12]} c h"


_TURNS = {0: (1.0, 0.0), 90: (0.0, 1.0), 180: (-1.0, 0.0), 270: (0.0, -1.0)}


def _polygon(pts) -> str:
    return " ".join(f"{_num(x)} {_num(y)} {'m' if i == 0 else 'l'}" for i, (x, y) in enumerate(pts)) + " h"


def _star() -> list:
    pts = []
    for k in range(10):
        r = 1.0 if k % 2 == 0 else 0.45
        a = math.pi / 2 + k * math.pi / 5
        pts.append((r * math.cos(a), r * math.sin(a)))
    return pts


# icon shapes in a frame of half the icon's size, centred: path operators, filled
_ICONS = {
    "circle": _circle_path(0, 0, 0.9),
    "square": _polygon([(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]),
    "triangle": _polygon([(-0.95, -0.8), (0.95, -0.8), (0, 0.9)]),
    "diamond": _polygon([(0, -1), (0.85, 0), (0, 1), (-0.85, 0)]),
    "hexagon": _polygon([(0.95, 0), (0.48, 0.85), (-0.48, 0.85), (-0.95, 0), (-0.48, -0.85), (0.48, -0.85)]),
    "chevron": _polygon([(-0.9, -0.85), (0.1, -0.85), (0.95, 0), (0.1, 0.85), (-0.9, 0.85), (-0.05, 0)]),
    "star": _polygon(_star()),
    "page": _polygon([(-0.7, -0.95), (0.7, -0.95), (0.7, 0.45), (0.2, 0.95), (-0.7, 0.95)]),
    "check": _polygon([(-0.95, 0.05), (-0.55, 0.45), (-0.2, 0.1), (0.6, 0.9), (0.95, 0.5), (-0.2, -0.7)]),
    "qr": " ".join(
        f"{_num(dx * 0.55 - 0.4)} {_num(dy * 0.55 - 0.4)} 0.8 0.8 re" for dx, dy in ((-1, 1), (1, 1), (-1, -1))
    )
    + " 0.25 -0.95 0.7 0.7 re",
}
