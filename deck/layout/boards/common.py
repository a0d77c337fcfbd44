"""What every board shares: its style and scale, its title band, its footer, its QR code column.

Every length here is in millimetres on an A2 board and scales with the board (`BoardStyle.mm`); every
text size is in points on A2 and scales the same way (`BoardStyle.pt`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from deck.layout.faces import qr_caption
from deck.layout.geometry import Circle, Seg
from deck.layout.sketch import Sketch
from deck.layout.text import Block, Fonts, layout
from deck.layout.typography import typeset
from deck.style.theme import Theme
from deck.units import MM

A2_SHORT = 420 * MM
BODY_MIN_A2 = 14.0  # the floor for body text on an A2 board (print.md §6: 1–2 m around a table)
MARGIN = 8  # mm: between the paper's edge and everything on the board

# A single line of text drawn with Sketch.line sits on its baseline: to centre it on a height y, its
# baseline goes this fraction of its size below y.
CENTRE_DROP = 0.35

# the title band at the top
HEADER_H = 17  # mm: height of the band
BADGE_R = 8.5  # mm: radius of the round badge before the title (a scenario's number)
BADGE_GAP = 4  # mm: between the badge and the title
HEADER_RIGHT_W = 150  # mm: width of the block at the right of the title, when there is one
TITLE_GAP = 4  # mm: between the title and that block
RULE_DROP = 1.5  # mm: from the band's bottom down to the rule under it
HEADER_SPACE = 3  # mm: from the band's bottom down to what comes under it
BADGE_PT = (24, 14)  # pt: the badge's number, at most and at least
TITLE_PT = (32, 18)  # pt: the title, at most and at least
RULE_PT = 1.0  # pt: width of the rule under the band

# the board's own line at the bottom
FOOTER_LIFT = 1  # mm: its baseline above the margin
FOOTER_BAND = 5  # mm: height of the band it takes above the margin
FOOTER_PT = (10, 8)  # pt

# a QR code to the workshop materials, its caption under it
QR_CAPTION_H = 24  # mm: height of the caption (what to scan, the title, the address)
QR_CAPTION_GAP = 1  # mm: left free under the caption
QR_MIN_ROOM = 20  # mm: under this much room no code is drawn (a warning says so)
QR_MIN_SIDE = 30  # mm: the smallest code asked of Sketch.qr
CAPTION_PT = (11, 8)  # pt: small captions and hints


@dataclass(frozen=True)
class BoardStyle:
    w: float
    h: float
    theme: Theme
    fonts: Fonts
    lang: str
    labels: dict
    footer: str = ""

    @property
    def s(self) -> float:
        """Scale of every text size and spacing, from the board's short side (1.0 on A2)."""
        return min(self.w, self.h) / A2_SHORT

    @property
    def body_max(self) -> float:
        return max(float(self.theme.sizes.get("board_body", 16.0)), BODY_MIN_A2) * self.s

    @property
    def body_min(self) -> float:
        return BODY_MIN_A2 * self.s

    @property
    def margin(self) -> float:
        return self.mm(MARGIN)

    def mm(self, n: float) -> float:
        """n millimetres on A2, in points on this board."""
        return n * MM * self.s

    def pt(self, n: float) -> float:
        """A size of n points on A2, on this board."""
        return n * self.s

    def sizes(self, pair: tuple[float, float]) -> tuple[float, float]:
        """(at most, at least) point sizes on A2, on this board."""
        return pair[0] * self.s, pair[1] * self.s

    def t(self, text):
        return typeset(text, self.lang) if text else text


@dataclass(frozen=True)
class BoardGeometry:
    id: str  # "s1", "method", "map"
    name: str  # « Plateau du scénario 1 »
    size: tuple
    prims: tuple
    problems: tuple
    keep: tuple  # rectangles (QR codes) that tiling must not cut


def need(blocks, fonts: Fonts, size: float, w: float, lang: str, heading_ratio: float = 1.0) -> float:
    """The height `blocks` take at `size` in a width w (0 for none)."""
    return layout(list(blocks), fonts, size, w, lang, heading_ratio)[1] if blocks else 0.0


def common_size(st: BoardStyle, fits) -> tuple[float, bool]:
    """The largest body size (quarter points, from body_max down to body_min) for which fits(size) holds."""
    q = math.floor(st.body_max * 4)
    lo = math.ceil(st.body_min * 4)
    while q >= lo:
        if fits(q / 4):
            return q / 4, True
        q -= 1
    return st.body_min, False


def paragraphs(st: BoardStyle, text: str | None) -> list:
    """A text's paragraphs (split on blank lines) as body blocks."""
    return [Block(st.t(p.strip())) for p in (text or "").split("\n\n") if p.strip()]


def header(
    sk: Sketch,
    st: BoardStyle,
    badge: str | None,
    badge_colour: str,
    badge_text: str,
    title: str,
    right: list,
    top: float,
) -> float:
    """Title band at the top of a board: a round badge, the title, a right-hand block. Returns its bottom."""
    M, c = st.margin, st.theme.colours
    hh = st.mm(HEADER_H)
    x = M
    if badge:
        x = _badge(sk, st, badge, badge_colour, badge_text, top - hh / 2)
    right_w = st.mm(HEADER_RIGHT_W) if right else 0.0
    title_w = st.w - M - right_w - x - st.mm(TITLE_GAP)
    sk.text(
        Block(title, "heading"),
        x,
        top - hh,
        title_w,
        hh,
        *st.sizes(TITLE_PT),
        c["ink"],
        "board title",
        role="title",
        valign="centre",
    )
    if right:
        sk.text(
            right,
            st.w - M - right_w,
            top - hh,
            right_w,
            hh,
            st.body_max,
            st.body_min,
            c["ink"],
            "header",
            align="right",
            valign="centre",
        )
    y = top - hh - st.mm(RULE_DROP)
    sk.add(Seg(M, y, st.w - M, y, c["rule"], st.pt(RULE_PT)))
    return top - hh - st.mm(HEADER_SPACE)


def _badge(sk: Sketch, st: BoardStyle, text: str, colour: str, text_colour: str, cy: float) -> float:
    """The round badge at the left of the title band, centred on the height cy; returns where the title
    starts."""
    M, r = st.margin, st.mm(BADGE_R)
    size, least = st.sizes(BADGE_PT)
    sk.add(Circle(M + r, cy, r, fill=colour))
    sk.line(
        text, M + r, cy - size * CENTRE_DROP, st.fonts.bold, size, least, text_colour, 2 * r, "badge", "centre", "title"
    )
    return M + 2 * r + st.mm(BADGE_GAP)


def footer(sk: Sketch, st: BoardStyle, text: str) -> float:
    """The board's own line at the bottom left; returns the top of the band it takes."""
    if text:
        sk.line(
            text,
            st.margin,
            st.margin + st.mm(FOOTER_LIFT),
            st.fonts.regular,
            *st.sizes(FOOTER_PT),
            st.theme.colours["muted"],
            st.w - 2 * st.margin,
            "footer",
            role="footer",
        )
    return st.margin + st.mm(FOOTER_BAND)


def qr_column(sk: Sketch, st: BoardStyle, resource, x: float, top: float, w: float, bottom: float) -> None:
    """A QR code to the workshop materials, with its title and address under it, in a column of width w."""
    if resource is None or not resource.qr_url:
        return
    cap_h = st.mm(QR_CAPTION_H)
    room = min(w, top - bottom - cap_h)
    if room < st.mm(QR_MIN_ROOM):
        sk.warn("no room for the QR code to the workshop materials: choose a larger board")
        return
    y = top - room
    side = sk.qr(resource.qr_url, x + (w - room) / 2, y, room, min_side=st.mm(QR_MIN_SIDE))
    if not side:
        return
    caption = [
        Block(st.t(st.labels["board_scan"]), "heading"),
        Block(st.t(resource.title)),
        Block(qr_caption(resource.qr_url), "small"),
    ]
    sk.text(
        caption,
        x,
        y - cap_h,
        w,
        cap_h - st.mm(QR_CAPTION_GAP),
        *st.sizes(CAPTION_PT),
        st.theme.colours["muted"],
        "QR code caption",
        role="caption",
        align="centre",
    )


def finish(sk: Sketch, ident: str, name: str, st: BoardStyle) -> BoardGeometry:
    """The board as drawn so far, with the problems of characters its fonts lack."""
    sk.glyph_problems()
    return BoardGeometry(ident, name, (st.w, st.h), tuple(sk.prims), tuple(sk.problems), tuple(sk.keep))


def materials_resource(kit, ids=()):
    """The first resource with an address among `ids`, then the method's, then the kit's."""
    index = kit.index("resources")
    order = list(ids) + (list(kit.method.resources) if kit.method else []) + [r.id for r in kit.resources]
    for rid in order:
        r = index.get(rid)
        if r is not None and r.qr_url:
            return r
    return None
