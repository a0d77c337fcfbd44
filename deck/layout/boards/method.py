"""The method board: the method's text and objectives, the kinds of material, the phases with their
prompts, a suggested time and room for notes."""

from __future__ import annotations

import math
from dataclasses import dataclass

from deck.layout.boards.common import (
    CENTRE_DROP,
    BoardGeometry,
    BoardStyle,
    common_size,
    finish,
    footer,
    header,
    need,
    paragraphs,
    qr_column,
)
from deck.layout.geometry import Circle, Icon, Rect, Seg
from deck.layout.sketch import Sketch, readable_tint
from deck.layout.text import Block

# Lengths in mm on A2, text sizes in pt on A2 (see common).
GAP = 5  # between the introduction, the materials and the phases, and between their columns
# the introduction
QR_W = 46  # width of the QR code's column, when the kit has materials to link to
QR_MIN_H = 70  # the introduction is at least this high when it holds the QR code
QR_GAP = 2  # under the QR code's column
TEXT_SHARE = 0.58  # of the width left of the QR code: the method's text (the rest: its objectives)
INTRO_SHARE = 0.3  # of the board's height: the introduction at most
OBJ_PAD = 3  # inside the objectives' box
BOX_R = 2  # radius of the corners of boxes and zones
# a section's title
SECTION_H = 10  # height of its band
SECTION_SPACE = 1.5  # under it
SECTION_PT = (22, 14)  # pt
# the kinds of material, in rows of zones
MATERIAL_MIN_W = 55  # a zone is at least this wide (so many per row)
MATERIAL_GAP = 3  # between zones, across and down
MATERIAL_PAD = 2.5  # inside a zone
MATERIAL_SHARE = 0.38  # of the height left: the materials at most
# the phases, left to right
ARROW = 8  # between two phases, a chevron 0.8 of it wide
PHASE_PAD = 3  # inside a phase
BADGE_R = 6  # radius of a phase's number badge
BADGE_GAP = 2  # between the badge and the title
BADGE_PT = (20, 14)  # pt: the number
PHASE_PT = 0.8  # pt: width of a phase's outline
BADGE_LINE_PT = 1.2  # pt: width of the badge's outline
PROMPT_SHARE = 0.75  # of a phase's height: its title and prompts at most (the rest: notes)
NOTES_DROP = 3  # from the prompts down to the notes
NOTES_MIN = 20  # no notes in less than this
NOTES_PT = (11, 9)  # pt: the notes label, its baseline its size under the notes' top
RULED_FIRST = 14  # from the notes' top down to the first ruled line
RULED_STEP = 12  # between ruled lines
RULED_FLOOR = 5  # no ruled line closer than this to the phase's bottom
RULED_PT = 0.5  # pt: width of a ruled line
RULED_DASH_PT = (1.5, 2.5)  # pt: its dots


def phase_minutes(labels: dict, count: int) -> list:
    """Suggested minutes for each phase (the locale's `phase_minutes`), or [] when they do not match."""
    try:
        values = [int(x) for x in str(labels.get("phase_minutes", "")).replace(",", " ").split()]
    except ValueError:
        return []
    return values if len(values) == count else []


def method_board(kit, st: BoardStyle, resource) -> BoardGeometry:
    """The method: its text and objectives, the kinds of material, the phases with their prompts."""
    m = kit.method
    name = st.labels["board_method"]
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    sk.add(Rect(0, 0, st.w, st.h, fill=st.theme.colours["paper"]))
    title = [Block(st.t(kit.header.title), "heading")]
    top = header(sk, st, None, "", "", st.t(m.title), title, st.h - st.margin)
    bottom = footer(sk, st, f"{st.footer} · {name}")
    top = _intro(sk, st, m, resource, top, bottom)
    if m.materials:
        top = _materials(sk, st, list(m.materials), _section(sk, st, st.labels["board_materials"], top), bottom)
    if m.phases:
        _phases(sk, st, list(m.phases), _section(sk, st, st.labels["board_phases"], top), bottom)
    return finish(sk, "method", name, st)


def _intro(sk: Sketch, st: BoardStyle, m, resource, top: float, bottom: float) -> float:
    """The method's text, its objectives, a QR code; returns the top of what comes under them."""
    M, gap, ink = st.margin, st.mm(GAP), st.theme.colours["ink"]
    qr_w = st.mm(QR_W) if resource is not None and resource.qr_url else 0.0
    text_blocks = paragraphs(st, m.text)
    obj_blocks = (
        [Block(st.t(st.labels["objectives"]), "heading")] + [Block(st.t(o), "bullet", "•") for o in m.objectives]
        if m.objectives
        else []
    )
    room = st.w - 2 * M - qr_w - (gap if qr_w else 0)
    tw = room * TEXT_SHARE if obj_blocks else room
    ow = room - tw - gap if obj_blocks else 0.0
    intro_max = (top - bottom) * INTRO_SHARE
    pad2 = st.mm(2 * OBJ_PAD)

    def height(t):
        return max(
            need(text_blocks, st.fonts, t, tw, st.lang), need(obj_blocks, st.fonts, t, ow - pad2, st.lang) + pad2
        )

    size, _ = common_size(st, lambda t: height(t) <= intro_max)
    ih = max(
        need(text_blocks, st.fonts, size, tw, st.lang),
        need(obj_blocks, st.fonts, size, ow - pad2, st.lang) + pad2,
        st.mm(QR_MIN_H) if qr_w else 0.0,
    )
    ih = min(ih, intro_max)
    if text_blocks:
        sk.text(text_blocks, M, top - ih, tw, ih, size, st.body_min, ink, "method text")
    if obj_blocks:
        ox, pad = M + tw + gap, st.mm(OBJ_PAD)
        tint = readable_tint(st.theme.types["phases"].colour, ink)
        sk.add(Rect(ox, top - ih, ow, ih, fill=tint, radius=st.mm(BOX_R)))
        sk.text(obj_blocks, ox + pad, top - ih + pad, ow - pad2, ih - pad2, size, st.body_min, ink, "objectives")
    if qr_w:
        qr_column(sk, st, resource, st.w - M - qr_w, top, qr_w, top - ih - st.mm(QR_GAP))
    return top - (ih + gap)


def _section(sk: Sketch, st: BoardStyle, label: str, top: float) -> float:
    """A section's title across the board; returns the top of the section's content."""
    sh = st.mm(SECTION_H)
    sk.text(
        Block(st.t(label), "heading"),
        st.margin,
        top - sh,
        st.w - 2 * st.margin,
        sh,
        *st.sizes(SECTION_PT),
        st.theme.colours["ink"],
        "section title",
        role="title",
        valign="centre",
    )
    return top - (sh + st.mm(SECTION_SPACE))


def _materials(sk: Sketch, st: BoardStyle, mats: list, top: float, bottom: float) -> float:
    """The kinds of material in rows of zones, a title band on each; returns the top of what follows."""
    inner, gap = st.w - 2 * st.margin, st.mm(GAP)
    per_row = max(1, min(len(mats), int((inner + gap) // (st.mm(MATERIAL_MIN_W) + gap))))
    rows = math.ceil(len(mats) / per_row)
    zw = (inner - st.mm((per_row - 1) * MATERIAL_GAP)) / per_row
    pad = st.mm(MATERIAL_PAD)
    titles = [[Block(st.t(x.title), "heading")] for x in mats]
    bodies = [paragraphs(st, x.text) for x in mats]
    mat_max = (top - bottom) * MATERIAL_SHARE / rows

    def heights(t):
        bh = max(need(b, st.fonts, t, zw - 2 * pad, "none") for b in titles) + 2 * pad
        return bh, max(need(b, st.fonts, t, zw - 2 * pad, st.lang) for b in bodies) + 2 * pad

    size, _ = common_size(st, lambda t: sum(heights(t)) <= mat_max)
    bh, bdh = heights(size)
    zh = min(bh + bdh, mat_max)
    for k, (x, tb, bb) in enumerate(zip(mats, titles, bodies, strict=True)):
        r_, c_ = divmod(k, per_row)
        zx = st.margin + c_ * (zw + st.mm(MATERIAL_GAP))
        zy = top - (r_ + 1) * zh - st.mm(r_ * MATERIAL_GAP)
        _material(sk, st, x.id, tb, bb, (zx, zy, zw, zh), bh, size)
    return top - (rows * zh + st.mm((rows - 1) * MATERIAL_GAP) + gap)


def _material(sk: Sketch, st: BoardStyle, ident: str, title, body, zone: tuple, bh: float, size: float) -> None:
    zx, zy, zw, zh = zone
    look, ink = st.theme.types["materials"], st.theme.colours["ink"]
    pad, r = st.mm(MATERIAL_PAD), st.mm(BOX_R)
    sk.add(Rect(zx, zy, zw, zh, fill=readable_tint(look.colour, ink), radius=r))
    sk.add(Rect(zx, zy + zh - bh, zw, bh, fill=look.colour, radius=r))
    sk.text(
        title,
        zx + pad,
        zy + zh - bh + pad,
        zw - 2 * pad,
        bh - 2 * pad,
        size,
        st.body_min,
        look.text,
        f'title of material "{ident}"',
        role="label",
        valign="centre",
        lang="none",
    )
    sk.text(
        body, zx + pad, zy + pad, zw - 2 * pad, zh - bh - 2 * pad, size, st.body_min, ink, f'text of material "{ident}"'
    )


@dataclass(frozen=True)
class _PhaseCols:
    """The phases side by side down to the footer: one column each, a chevron between two."""

    w: float  # width of a column
    h: float  # height of a column
    band: float  # height of the title band
    prompts: float  # height of the prompts under it
    title_w: float  # width of the title, right of the badge
    size: float  # body size of titles and prompts
    bottom: float


def _phases(sk: Sketch, st: BoardStyle, phases: list, top: float, bottom: float) -> None:
    """The phases, left to right, with their prompts and a suggested time; room for notes under them."""
    arrow, pad, badge = st.mm(ARROW), st.mm(PHASE_PAD), st.mm(BADGE_R)
    zw = (st.w - 2 * st.margin - (len(phases) - 1) * arrow) / len(phases)
    minutes = phase_minutes(st.labels, len(phases))
    titles = [[Block(st.t(p.title), "heading")] for p in phases]
    prompts = []
    for k, p in enumerate(phases):
        blocks = [Block(st.t(x), "bullet", "•") for x in p.prompts]
        if minutes:
            blocks.append(Block(st.t(st.labels["minutes"].format(n=minutes[k])), "italic"))
        prompts.append(blocks)
    zh = top - bottom
    tw_ = zw - 2 * pad - 2 * badge - st.mm(BADGE_GAP)

    def heights(t):
        bh = max(max(need(b, st.fonts, t, tw_, "none") for b in titles), 2 * badge) + 2 * pad
        return bh, max(need(b, st.fonts, t, zw - 2 * pad, st.lang) for b in prompts) + 2 * pad

    size, _ = common_size(st, lambda t: sum(heights(t)) <= zh * PROMPT_SHARE)
    bh, ph = heights(size)
    cols = _PhaseCols(zw, zh, bh, min(ph, zh - bh - 1), tw_, size, bottom)
    for k, (p, tb, pb) in enumerate(zip(phases, titles, prompts, strict=True)):
        zx = st.margin + k * (zw + arrow)
        _phase(sk, st, cols, p, tb, pb, zx)
        if k < len(phases) - 1:
            sk.add(Icon("chevron", zx + zw + arrow / 2, bottom + zh - bh / 2, arrow * 0.8, st.theme.colours["ink"]))


def _phase(sk: Sketch, st: BoardStyle, cols: _PhaseCols, p, title, prompts, zx: float) -> None:
    """One phase: a band with its number and title, its prompts on a tint, ruled lines for notes."""
    c, look = st.theme.colours, st.theme.types["phases"]
    pad, badge, r = st.mm(PHASE_PAD), st.mm(BADGE_R), st.mm(BOX_R)
    zy, zw, zh, bh, ph = cols.bottom, cols.w, cols.h, cols.band, cols.prompts
    sk.add(Rect(zx, zy, zw, zh, fill=c["paper"], stroke=c["rule"], width=st.pt(PHASE_PT), radius=r))
    sk.add(Rect(zx, zy + zh - bh, zw, bh, fill=look.colour, radius=r))
    cy = zy + zh - bh / 2
    sk.add(Circle(zx + pad + badge, cy, badge, fill=c["paper"], stroke=c["ink"], width=st.pt(BADGE_LINE_PT)))
    size = st.sizes(BADGE_PT)
    y = cy - size[0] * CENTRE_DROP
    sk.line(
        str(p.number), zx + pad + badge, y, st.fonts.bold, *size, c["ink"], 2 * badge, "phase number", "centre", "title"
    )
    sk.text(
        title,
        zx + pad + 2 * badge + st.mm(BADGE_GAP),
        zy + zh - bh + pad,
        cols.title_w,
        bh - 2 * pad,
        cols.size,
        st.body_min,
        look.text,
        f'title of phase "{p.id}"',
        role="label",
        valign="centre",
        lang="none",
    )
    py = zy + zh - bh - ph
    sk.add(Rect(zx, py, zw, ph, fill=readable_tint(look.colour, c["ink"])))
    args = (zx + pad, py + pad, zw - 2 * pad, ph - 2 * pad, cols.size, st.body_min, c["ink"])
    sk.text(prompts, *args, f'prompts of phase "{p.id}"')
    _notes(sk, st, zx, zw, py - st.mm(NOTES_DROP), zy)


def _notes(sk: Sketch, st: BoardStyle, zx: float, zw: float, notes_top: float, zy: float) -> None:
    """Ruled lines to write on, under a label, when there is room for them."""
    if notes_top - zy <= st.mm(NOTES_MIN):
        return
    c, pad = st.theme.colours, st.mm(PHASE_PAD)
    size = st.sizes(NOTES_PT)
    room = zw - 2 * pad
    sk.line(
        st.t(st.labels["notes"]),
        zx + pad,
        notes_top - size[0],
        st.fonts.regular,
        *size,
        c["muted"],
        room,
        "notes label",
        role="caption",
    )
    yy = notes_top - st.mm(RULED_FIRST)
    while yy > zy + st.mm(RULED_FLOOR):
        sk.add(Seg(zx + pad, yy, zx + zw - pad, yy, c["rule"], st.pt(RULED_PT), st.sizes(RULED_DASH_PT)))
        yy -= st.mm(RULED_STEP)
