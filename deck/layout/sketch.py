"""Helpers shared by boards, sheets and the guide: a page's primitives and problems, text fitted into boxes,
QR codes sized by the print rules, light tints of theme colours. Geometry only: `pdf.py` draws the result.

Every text goes through `text.fit` (or `text.layout` when a flow is paginated); what does not fit is
reported as a warning naming the page, and never drawn past its box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deck.layout import qr as qrmod
from deck.layout.geometry import Problem, Qr, Rect, Seg, Text
from deck.layout.text import Block, Fit, Fonts, _font_for, fit, glyph_message
from deck.style.contrast import contrast, rgb
from deck.style.fonts import missing_glyphs, width
from deck.units import MM


def tint(colour: str, k: float) -> str:
    """`colour` mixed with white: k = 0 gives the colour, k = 1 white."""
    mix = [round(c + (255 - c) * k) for c in rgb(colour)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def readable_tint(colour: str, ink: str, k: float = 0.82) -> str:
    """The lightest tint of `colour` from k on that keeps `ink` at a contrast of 4.5:1 or more."""
    while k < 1.0 and contrast(ink, tint(colour, k)) < 4.5:
        k += 0.03
    return tint(colour, min(k, 1.0))


@dataclass
class Sketch:
    """The primitives and problems of one board or sheet page."""

    fonts: Fonts
    lang: str
    where: str  # 'board "s1"', used in every problem
    prims: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    keep: list = field(default_factory=list)  # rectangles that must not be cut (QR codes with their quiet zone)
    texts: dict = field(default_factory=dict)  # what -> characters no font has (see glyph_problems)
    covered: set = field(default_factory=set)  # (line, font) of texts already checked whole

    def add(self, *prims) -> None:
        self.prims.extend(prims)

    def warn(self, message: str) -> None:
        self.problems.append(Problem("warning", self.where, message))

    def error(self, message: str) -> None:
        self.problems.append(Problem("error", self.where, message))

    # -- text ------------------------------------------------------------------------------------
    def text(
        self,
        blocks,
        x: float,
        y: float,
        w: float,
        h: float,
        max_size: float,
        min_size: float,
        colour: str,
        what: str,
        role: str = "body",
        align: str = "left",
        valign: str = "top",
        heading_ratio: float = 1.0,
        lang: str | None = None,
    ) -> Fit:
        """Blocks fitted into the box (x, y bottom-left, w, h) at the largest size in [min, max]."""
        if isinstance(blocks, Block):
            blocks = [blocks]
        r = fit(
            list(blocks), self.fonts, max(w, 1.0), max(h, 1.0), max_size, min_size, lang or self.lang, heading_ratio
        )
        for b in blocks:
            missing = missing_glyphs(b.text, _font_for(b, self.fonts))
            if missing:
                self.texts.setdefault((what, b.text), set()).update(missing)
        self.covered.update((line.text, line.font) for line in r.lines)
        if not r.fits:
            self.warn(
                f"{what} does not fit at {min_size:.1f} pt: {r.overflow / MM:.1f} mm too long; "
                "shorten it or choose a larger size"
            )
        top = y + h
        if valign == "centre":
            top = y + h / 2 + r.height / 2
        elif valign == "bottom":
            top = y + r.height
        for line in r.lines:
            base = top - line.y
            if base < y - 0.5:
                break  # reported above; never drawn past the box
            lx = x + line.x
            if align != "left":
                lw = width(line.text, line.font, line.size)
                lx = x + (w - lw) / 2 if align == "centre" else x + w - lw
            self.prims.append(Text(lx, base, line.text, line.font, line.size, colour, role=role))
        return r

    def line(
        self,
        text: str,
        x: float,
        y: float,
        font: str,
        size: float,
        min_size: float,
        colour: str,
        room: float,
        what: str,
        anchor: str = "left",
        role: str = "label",
    ) -> float:
        """One line of text (baseline y) in at most `room` points of width, shrunk down to min_size."""
        if role != "footer":  # kit-wide texts are checked once by the build
            missing = missing_glyphs(text, font)
            if missing:
                self.texts.setdefault((what, text), set()).update(missing)
        self.covered.add((text, font))
        w = width(text, font, size)
        if w > room:
            size = max(min_size, size * room / w)
            w = width(text, font, size)
        if w > room + 0.01:
            self.warn(
                f'{what} "{text}" is {w / MM:.0f} mm wide at {size:.1f} pt, the room is {room / MM:.0f} mm: shorten it'
            )
            return 0.0
        self.prims.append(Text(x, y, text, font, size, colour, anchor, role=role))
        return size

    # -- QR codes --------------------------------------------------------------------------------
    def qr(
        self,
        url: str,
        x: float,
        y: float,
        room: float,
        min_side: float,
        max_module: float = 1.2 * MM,
        colour: str = "#000000",
    ) -> float:
        """A QR code whose symbol and quiet zone fit a square of `room` with its bottom-left at (x, y).

        Returns the side of the symbol (0 when the URL cannot be encoded). Modules under 0.33 mm are an
        error, under 0.5 mm a warning; a symbol smaller than `min_side` (distance/10) is a warning."""
        if qrmod.too_long(url):
            self.error(f"URL of {len(url)} characters is too long for a QR code: give the resource a short_url")
            return 0.0
        m = qrmod.matrix(url)
        n = len(m)
        module = min(room / (n + 2 * qrmod.QUIET), max_module)
        side = module * n
        q = qrmod.QUIET * module
        mm = module / MM
        if mm < qrmod.MIN_MODULE_MM:
            self.error(
                f"QR code modules of {mm:.2f} mm ({len(url)} characters): phones need at least "
                f"{qrmod.MIN_MODULE_MM} mm; give the resource a short_url"
            )
        elif mm < qrmod.WARN_MODULE_MM:
            self.warn(
                f"QR code modules of {mm:.2f} mm: under {qrmod.WARN_MODULE_MM} mm some phones will not "
                "read it; give the resource a short_url"
            )
        if side < min_side - 0.01:
            self.warn(
                f"QR code of {side / MM:.0f} mm: at this reading distance it should be at least "
                f"{min_side / MM:.0f} mm; give the resource a short_url"
            )
        self.prims.append(Rect(x, y, side + 2 * q, side + 2 * q, fill="#FFFFFF"))
        self.prims.append(Qr(x + q, y + q, module, m, url, colour))
        self.keep.append((x, y, x + side + 2 * q, y + side + 2 * q))
        return side

    # -- checks ----------------------------------------------------------------------------------
    def glyph_problems(self) -> None:
        """Characters no font has: one error per text (a paragraph, not each of its lines), every character."""
        seen = set(self.covered)
        for p in self.prims:
            if isinstance(p, Text) and p.role != "footer" and (p.text, p.font) not in seen:
                seen.add((p.text, p.font))
                missing = missing_glyphs(p.text, p.font)
                if missing:
                    self.texts.setdefault((p.role, p.text), set()).update(missing)
        for (what, text), missing in self.texts.items():
            self.problems.append(Problem("error", self.where, glyph_message(what, sorted(missing)), key=text))
        self.texts = {}


def hatch(x: float, y: float, w: float, h: float, spacing: float, colour: str, lw: float = 0.5) -> list:
    """Diagonal lines (45°) filling the rectangle, as segments clipped to it."""
    out = []
    k = -h
    while k < w:
        # the line x' = x + k + t, y' = y + t for t in [0, h], clipped to [x, x + w]
        t0 = max(0.0, -k)
        t1 = min(h, w - k)
        if t1 > t0:
            out.append(Seg(x + k + t0, y + t0, x + k + t1, y + t1, colour, lw))
        k += spacing
    return out


def cross(cx: float, cy: float, arm: float, colour: str, lw: float = 0.5) -> list:
    """An alignment cross with a small circle, centred on (cx, cy)."""
    return [Seg(cx - arm, cy, cx + arm, cy, colour, lw), Seg(cx, cy - arm, cx, cy + arm, colour, lw)]
