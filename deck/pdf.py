"""The only module that talks to reportlab's canvas: draws geometry primitives into a PDF file."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from deck import qr as qrmod
from deck.fonts import font_name
from deck.geometry import Circle, Icon, Image, Place, Qr, Rect, Seg, Text

_COLOURS: dict = {}


def _c(hex_colour: str):
    c = _COLOURS.get(hex_colour)
    if c is None:
        c = _COLOURS[hex_colour] = HexColor(hex_colour)
    return c


class PdfWriter:
    def __init__(self, path: str, title: str, subject: str = "", duplex: str | None = None):
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

    def page(self, size, prims, trim_box=None, bleed_box=None) -> None:
        c = self.c
        c.setPageSize(size)
        if trim_box:
            c.setTrimBox(trim_box)
        if bleed_box:
            c.setBleedBox(bleed_box)
        self.draw(prims)
        c.showPage()
        self.pages += 1

    def close(self) -> None:
        self.c.save()

    # -- primitives ------------------------------------------------------------------------------
    def draw(self, prims) -> None:
        c = self.c
        for p in prims:
            t = type(p)
            if t is Text:
                c.setFillColor(_c(p.colour))
                c.setFont(p.font, p.size)
                if p.anchor == "left":
                    c.drawString(p.x, p.y, p.text)
                elif p.anchor == "centre":
                    c.drawCentredString(p.x, p.y, p.text)
                else:
                    c.drawRightString(p.x, p.y, p.text)
            elif t is Rect:
                self._style(p.fill, p.stroke, p.width, p.dash)
                if p.radius:
                    c.roundRect(p.x, p.y, p.w, p.h, p.radius, stroke=int(bool(p.stroke)), fill=int(bool(p.fill)))
                else:
                    c.rect(p.x, p.y, p.w, p.h, stroke=int(bool(p.stroke)), fill=int(bool(p.fill)))
            elif t is Seg:
                self._style(None, p.colour, p.width, p.dash)
                c.line(p.x1, p.y1, p.x2, p.y2)
            elif t is Place:
                self._place(p)
            elif t is Qr:
                self._qr(p)
            elif t is Icon:
                self._icon(p)
            elif t is Circle:
                self._style(p.fill, p.stroke, p.width, ())
                c.circle(p.cx, p.cy, p.r, stroke=int(bool(p.stroke)), fill=int(bool(p.fill)))
            elif t is Image:
                c.drawImage(p.path, p.x, p.y, p.w, p.h, mask="auto", preserveAspectRatio=True, anchor="c")
            else:
                raise TypeError(t)

    def _style(self, fill, stroke, width, dash) -> None:
        c = self.c
        if fill:
            c.setFillColor(_c(fill))
        if stroke:
            c.setStrokeColor(_c(stroke))
            c.setLineWidth(width)
            c.setDash(list(dash) if dash else [])

    def _place(self, p: Place) -> None:
        c = self.c
        c.saveState()
        if p.clip:
            x0, y0, x1, y1 = p.clip
            path = c.beginPath()
            path.rect(x0, y0, x1 - x0, y1 - y0)
            c.clipPath(path, stroke=0, fill=0)
        c.translate(p.x, p.y)
        if p.angle:
            c.rotate(p.angle)
        if p.scale != 1.0:
            c.scale(p.scale, p.scale)
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
        c.restoreState()

    def _qr(self, p: Qr) -> None:
        c = self.c
        n = len(p.matrix)
        m = p.module
        path = c.beginPath()
        for r, col, length in qrmod.runs(p.matrix):
            path.rect(p.x + col * m, p.y + (n - 1 - r) * m, length * m, m)
        c.setFillColor(_c(p.colour))
        c.drawPath(path, stroke=0, fill=1)

    def _icon(self, p: Icon) -> None:
        c = self.c
        s = p.size / 2
        x, y = p.cx, p.cy
        c.setFillColor(_c(p.colour))
        c.setStrokeColor(_c(p.colour))
        path = c.beginPath()
        if p.shape == "circle":
            c.circle(x, y, s * 0.9, stroke=0, fill=1)
            return
        if p.shape == "square":
            pts = [(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]
        elif p.shape == "triangle":
            pts = [(-0.95, -0.8), (0.95, -0.8), (0, 0.9)]
        elif p.shape == "diamond":
            pts = [(0, -1), (0.85, 0), (0, 1), (-0.85, 0)]
        elif p.shape == "hexagon":
            pts = [(0.95, 0), (0.48, 0.85), (-0.48, 0.85), (-0.95, 0), (-0.48, -0.85), (0.48, -0.85)]
        elif p.shape == "chevron":
            pts = [(-0.9, -0.85), (0.1, -0.85), (0.95, 0), (0.1, 0.85), (-0.9, 0.85), (-0.05, 0)]
        elif p.shape == "star":
            import math

            pts = []
            for k in range(10):
                r = 1.0 if k % 2 == 0 else 0.45
                a = math.pi / 2 + k * math.pi / 5
                pts.append((r * math.cos(a), r * math.sin(a)))
        elif p.shape == "page":
            pts = [(-0.7, -0.95), (0.7, -0.95), (0.7, 0.45), (0.2, 0.95), (-0.7, 0.95)]
        elif p.shape == "check":
            pts = [(-0.95, 0.05), (-0.55, 0.45), (-0.2, 0.1), (0.6, 0.9), (0.95, 0.5), (-0.2, -0.7)]
        elif p.shape == "qr":
            for dx, dy in ((-1, 1), (1, 1), (-1, -1)):
                path.rect(x + dx * s * 0.55 - s * 0.4, y + dy * s * 0.55 - s * 0.4, s * 0.8, s * 0.8)
            path.rect(x + s * 0.25, y - s * 0.95, s * 0.7, s * 0.7)
            c.drawPath(path, stroke=0, fill=1)
            return
        else:
            pts = [(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]
        path.moveTo(x + pts[0][0] * s, y + pts[0][1] * s)
        for px, py in pts[1:]:
            path.lineTo(x + px * s, y + py * s)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
