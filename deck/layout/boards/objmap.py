"""The dialogue-object map: the kit's object themes as zones holding their objects, and a zone for the
objects the groups add."""

from __future__ import annotations

import math

from deck.layout.boards.common import (
    CAPTION_PT,
    BoardGeometry,
    BoardStyle,
    common_size,
    finish,
    footer,
    header,
    need,
)
from deck.layout.geometry import Icon, Rect
from deck.layout.sketch import Sketch, readable_tint
from deck.layout.text import Block

# Lengths in mm on A2, text sizes in pt on A2 (see common).
INTRO_LINES = 2  # the introduction is given room for this many lines of body text
INTRO_LEADING = 1.22  # of the body size: a line's height
INTRO_PAD = 2  # added to the introduction's room
INTRO_SPACE = 4  # under the introduction
ZONE_GAP = 4  # between zones
ZONE_PAD = 2.5  # inside a zone
ZONE_R = 3  # radius of a zone's corners
ZONE_PT = 1.6  # pt: width of a zone's outline
OTHER_DASH_PT = (5, 3)  # pt: the dashes of the outline of the zone for added objects
ITEM_GAP = 2  # between the band, the theme's text and the chips, and between chips
CHIP_PAD = 1.8  # inside an object's chip
CHIP_R = 1.5  # radius of a chip's corners
CHIP_ICON = 4  # size of the object icon at the chip's right
CHIP_ICON_ROOM = 5  # kept free for the icon at the chip's right
CHIP_ICON_INSET = 2  # from the chip's inner right edge (inside its padding) to the icon's centre
NOTES_MIN = 22  # no sticky-note hint in less room than this
NOTES_HINT_H = 16  # the hint's height at most
LEGEND_H = 9  # the legend's row (solid chips: the source's objects; dashed: the kit's additions)
LEGEND_CHIP_W = 16  # a sample chip in the legend
LEGEND_GAP = 3  # between a sample and its words, and under the row
ADDED_PT = 1.2  # pt: the dashed outline of an object the kit adds
ADDED_DASH_PT = (4, 2.5)  # pt


def map_board(kit, st: BoardStyle) -> BoardGeometry:
    """The themes as zones holding their objects, plus a zone for the objects the groups add."""
    name = st.labels["board_map"]
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    M = st.margin
    sk.add(Rect(0, 0, st.w, st.h, fill=st.theme.colours["paper"]))
    kit_title = [Block(st.t(kit.header.title), "heading")]
    top = header(sk, st, None, "", "", st.t(st.labels["board_map_title"]), kit_title, st.h - M)
    bottom = footer(sk, st, f"{st.footer} · {name}")
    ih = st.body_max * INTRO_LEADING * INTRO_LINES + st.mm(INTRO_PAD)
    intro = Block(st.t(st.labels["board_map_intro"]))
    r = sk.text(
        intro, M, top - ih, st.w - 2 * M, ih, st.body_max, st.body_min, st.theme.colours["ink"], "map introduction"
    )
    top -= r.height + st.mm(INTRO_SPACE)
    if any(o.added for o in kit.objects):
        top = _legend(sk, st, kit, top)
    _zones(sk, st, _zone_list(kit, st), top, bottom)
    return finish(sk, "map", name, st)


def _legend(sk: Sketch, st: BoardStyle, kit, top: float) -> float:
    """A row under the introduction: a solid chip for the source's objects, a dashed one for the kit's
    additions, each with its words; returns the y under it."""
    c = st.theme.colours
    h, cw, gap = st.mm(LEGEND_H) * 0.7, st.mm(LEGEND_CHIP_W), st.mm(LEGEND_GAP)
    y = top - st.mm(LEGEND_H)
    size = st.body_min
    seed = sum(1 for o in kit.objects if not o.added)
    half = (st.w - 2 * st.margin) / 2
    for k, (key, added) in enumerate((("board_map_seed", False), ("board_map_added", True))):
        x = st.margin + k * half
        _chip_box(sk, st, x, y + (st.mm(LEGEND_H) - h) / 2, cw, h, added)
        words = st.t(st.labels[key].format(n=seed))
        base = y + st.mm(LEGEND_H) / 2 - 0.35 * size
        sk.line(
            words,
            x + cw + gap,
            base,
            st.fonts.regular,
            size,
            size * 0.8,
            c["ink"],
            half - cw - 2 * gap,
            "map legend",
            role="caption",
        )
    return y - gap


def _chip_box(sk: Sketch, st: BoardStyle, x: float, y: float, w: float, h: float, added: bool) -> None:
    """An object's chip: a tinted plate for the source's objects, a dashed outline on paper for the kit's."""
    c, look = st.theme.colours, st.theme.types["objects"]
    if added:
        dash = st.sizes(ADDED_DASH_PT)
        sk.add(
            Rect(
                x, y, w, h, fill=c["paper"], stroke=look.colour, width=st.pt(ADDED_PT), dash=dash, radius=st.mm(CHIP_R)
            )
        )
    else:
        sk.add(Rect(x, y, w, h, fill=readable_tint(look.colour, c["ink"], 0.75), radius=st.mm(CHIP_R)))


def _zone_list(kit, st: BoardStyle) -> list:
    """(id, title, text, objects) of each theme, then of the zone for objects of no theme and added ones."""
    zones = [(t.id, t.title, t.text, [o for o in kit.objects if o.theme == t.id]) for t in kit.object_themes]
    loose = [o for o in kit.objects if o.theme not in {t.id for t in kit.object_themes}]
    zones.append(("other", st.labels["board_other_objects"], None, loose))
    return zones


def _zones(sk: Sketch, st: BoardStyle, zones: list, top: float, bottom: float) -> None:
    """The zones in a grid as square as the room allows, all their texts at one size."""
    M, nz = st.margin, len(zones)
    aspect = (st.w - 2 * M) / max(top - bottom, 1)
    cols = max(1, min(nz, round(math.sqrt(nz * aspect))))
    rows = math.ceil(nz / cols)
    gap = st.mm(ZONE_GAP)
    zw = (st.w - 2 * M - (cols - 1) * gap) / cols
    zh = (top - bottom - (rows - 1) * gap) / rows
    pad, chip_pad = st.mm(ZONE_PAD), st.mm(CHIP_PAD)
    cw = zw - 2 * pad
    chip_w = cw - 2 * chip_pad - st.mm(CHIP_ICON_ROOM)

    def content(t):
        """(band height, per zone: (theme text height, chip heights)) at body size t."""
        band = max(need([Block(st.t(z[1]), "heading")], st.fonts, t, cw, "none") for z in zones) + 2 * pad
        per = []
        for _, _, text, objs in zones:
            th = need([Block(st.t(text), "italic")], st.fonts, t, cw, st.lang) if text else 0.0
            chips = [need([Block(st.t(o.title))], st.fonts, t, chip_w, st.lang) + 2 * chip_pad for o in objs]
            per.append((th, chips))
        return band, per

    def used(t):
        band, per = content(t)
        item = st.mm(ITEM_GAP)
        return max(band + (th + item if th else 0) + sum(ch) + item * len(ch) for th, ch in per) + pad

    size, _ = common_size(st, lambda t: used(t) <= zh)
    band, per = content(size)
    for k, (zone, (th, chips)) in enumerate(zip(zones, per, strict=True)):
        r_, c_ = divmod(k, cols)
        box = (M + c_ * (zw + gap), top - (r_ + 1) * zh - r_ * gap, zw, zh)
        _zone(sk, st, zone, box, band, th, chips, size)


def _zone(sk: Sketch, st: BoardStyle, zone, box: tuple, band: float, th: float, chips: list, size: float) -> None:
    """One zone: its band and title, the theme's text, a chip per object, a hint in the room left."""
    zid, title, text, objs = zone
    zx, zy, zw, zh = box
    c, look = st.theme.colours, st.theme.types["objects"]
    pad, r = st.mm(ZONE_PAD), st.mm(ZONE_R)
    cw = zw - 2 * pad
    other = zid == "other"
    stroke = look.colour if not other else c["rule"]
    dash = st.sizes(OTHER_DASH_PT) if other else ()
    sk.add(Rect(zx, zy, zw, zh, fill=c["paper"], stroke=stroke, width=st.pt(ZONE_PT), dash=dash, radius=r))
    band_fill = look.colour if not other else readable_tint(look.colour, c["ink"], 0.6)
    band_text = look.text if not other else c["ink"]
    sk.add(Rect(zx, zy + zh - band, zw, band, fill=band_fill, radius=r))
    sk.text(
        Block(st.t(title), "heading"),
        zx + pad,
        zy + zh - band + pad,
        cw,
        band - 2 * pad,
        size,
        st.body_min,
        band_text,
        f'title of theme "{zid}"',
        role="label",
        valign="centre",
        lang="none",
    )
    y = zy + zh - band - st.mm(ITEM_GAP)
    if text:
        sk.text(
            Block(st.t(text), "italic"), zx + pad, y - th, cw, th, size, st.body_min, c["ink"], f'text of theme "{zid}"'
        )
        y -= th + st.mm(ITEM_GAP)
    y = _chips(sk, st, zid, objs, chips, zx + pad, y, cw, zy + pad, size)
    # the rest of the zone is for sticky notes
    if y - (zy + pad) > st.mm(NOTES_MIN):
        hint = st.labels["board_other_hint"] if other else st.labels["board_notes_hint"]
        sk.text(
            Block(st.t(hint), "small"),
            zx + pad,
            zy + pad,
            cw,
            min(y - zy - pad, st.mm(NOTES_HINT_H)),
            *st.sizes(CAPTION_PT),
            c["muted"],
            "sticky-note hint",
            role="caption",
            align="centre",
            valign="bottom",
        )


def _chips(sk: Sketch, st: BoardStyle, zid, objs, chips, x: float, y: float, cw: float, floor: float, size) -> float:
    """A chip per object from y down, none under `floor` (a warning then); returns the y under the last."""
    c, look = st.theme.colours, st.theme.types["objects"]
    chip_pad = st.mm(CHIP_PAD)
    for o, ch in zip(objs, chips, strict=True):
        if y - ch < floor:
            sk.warn(
                f'the objects of theme "{zid}" do not fit their zone from "{o.id}" on: '
                "shorten their titles or choose a larger board"
            )
            break
        _chip_box(sk, st, x, y - ch, cw, ch, bool(o.added))
        icon_x = x + cw - chip_pad - st.mm(CHIP_ICON_INSET)
        sk.add(Icon(look.icon, icon_x, y - ch / 2, st.mm(CHIP_ICON), look.colour))
        sk.text(
            Block(st.t(o.title)),
            x + chip_pad,
            y - ch + chip_pad,
            cw - 2 * chip_pad - st.mm(CHIP_ICON_ROOM),
            ch - 2 * chip_pad,
            size,
            st.body_min,
            c["ink"],
            f'object "{o.id}"',
        )
        y -= ch + st.mm(ITEM_GAP)
    return y
