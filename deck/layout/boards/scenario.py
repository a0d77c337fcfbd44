"""A scenario's timeline board: marks along a timeline, a column per stage with a card slot and its
questions, one lane per actor, the starting and arrival zones, a QR code to the materials."""

from __future__ import annotations

from dataclasses import dataclass

from deck.layout.boards.common import (
    CAPTION_PT,
    CENTRE_DROP,
    BoardGeometry,
    BoardStyle,
    common_size,
    finish,
    footer,
    header,
    need,
    qr_column,
)
from deck.layout.geometry import Circle, Rect, Seg
from deck.layout.sketch import Sketch, readable_tint
from deck.layout.text import Block
from deck.units import MM

ZEBRA = "#F3F3F3"  # every other lane

# Lengths in mm on A2, text sizes in pt on A2 (see common).
LABEL_COL_W = 60  # the left column: timeline label, QR code, lane labels
LABEL_GAP = 2  # mm kept free at the right of what the left column holds
GUTTER = 1  # either side of a column's band, card slot and questions
# the timeline
AXIS_DROP = 7.5  # from the top of the board's body down to the timeline's axis
AXIS_START = 0.2  # of a column's width: where the axis starts in the first column
AXIS_END = 1  # the axis' arrow ends this far inside the right margin
ARROW_HEAD = 3.5  # length of the arrow's head (its half-width: 0.6 of it)
AXIS_PT = 2.2  # pt: width of the axis
DOT_R = 2.4  # radius of a column's dot on the axis
DOT_PT = 1.2  # pt: width of its outline
MARK_RISE = 3.6  # baseline of a stage's mark above the axis
MARK_ROOM = 4  # a mark is kept this much narrower than its column
TIMELINE_PT = (16, 14)  # pt: the timeline's label and the column labels
TIMELINE_DROP_PT = 14  # pt: the label is centred on the axis as if set at this size
MARK_PT = (18, 14)  # pt: a stage's mark
# the row of columns: a band with the column's name, then a card slot
ROW_DROP = 11  # from the top of the board's body down to the bands
BAND_H = 9  # height of a column's band
BAND_R = 1.5  # radius of its corners
BAND_ROOM = 2  # its label is kept this much narrower than the band
SLOT_DROP = 1.5  # from a band down to its card slot
SLOT_R = 3  # radius of a slot's corners
SLOT_PAD = 4  # inside a slot, left and right of its texts
SLOT_HINT_LIFT = 2  # the slot's hint above its bottom edge
SLOT_PT = 1.0  # pt: width of a slot's dashed outline
SLOT_DASH_PT = (4, 3)  # pt: its dashes
SLOT_TITLE_PT = (16, 11)  # pt: the title of the card the slot is for
SLOT_SPACE = 2  # from the bottom of the slots down to what comes under them
# questions under the slots, lanes under the questions
QUESTION_PAD = 2.2  # inside a box of questions
QUESTION_SPACE = 1  # from the row of slots down to the boxes of questions
QUESTION_GAP = 2  # under the boxes of questions
QUESTION_R = 2  # radius of a box's corners
LANE_MIN = 14  # the lowest a lane may be (14 mm: seven lanes leave room for the source's longest questions)
LANE_LABEL_GAP = 1  # between a lane's label and the lane
LANE_LABEL_PAD = 2  # left and right of a lane's label, inside its tinted band
LANE_LABEL_V = 0.8  # above and under a lane's label
LINE_PT = 0.6  # pt: lines between lanes and between columns
LINE_DASH_PT = (3, 3)  # pt: dashes of the lines between columns
# the arrival column: its questions, then two zones for what emerged
ZONE_GAP = 2  # between the arrival's questions and the zones, and between the zones
ZONE_BAND = 17  # height of a zone's band (never more than 0.4 of the zone)
ZONE_BAND_SHARE = 0.4
ZONE_R = 2  # radius of a zone's corners
ZONE_PAD = 2  # left and right of a zone's title
ZONE_PT = 1.6  # pt: width of a zone's dashed outline
ZONE_DASH_PT = (5, 3)  # pt: its dashes


@dataclass(frozen=True)
class _Columns:
    """The start, each stage and the arrival side by side, right of the label column."""

    items: list  # (key, label, mark, title, questions)
    x0: float  # left of the first column
    w: float  # width of a column
    lab_w: float  # width of the label column

    def x(self, i: int) -> float:
        return self.x0 + i * self.w

    @property
    def n(self) -> int:
        return len(self.items)


def _columns(sc, st: BoardStyle) -> _Columns:
    L = st.labels
    items = [("start", L["start_short"], None, sc.start.title or L["start"], sc.start.questions)]
    items += [(x.id, f"{L['stage']} {x.number}", x.mark, x.title, x.questions) for x in sc.stages]
    items.append(("arrival", L["arrival_short"], None, sc.arrival.title or L["arrival"], sc.arrival.questions))
    lab_w = st.mm(LABEL_COL_W)
    M = st.margin
    return _Columns(items, M + lab_w, (st.w - 2 * M - lab_w) / len(items), lab_w)


def scenario_board(sc, kit, st: BoardStyle, slot: tuple, resource) -> BoardGeometry:
    """The timeline board of one scenario, at the board's size; `slot` is the size of the cards it holds."""
    types = st.theme.types
    name = st.labels["board_scenario"].format(n=sc.number)
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    M = st.margin
    sk.add(Rect(0, 0, st.w, st.h, fill=st.theme.colours["paper"]))
    right = [Block(st.t(sc.setting), "italic")] if sc.setting else []
    look = types["scenarios"]
    top = header(sk, st, str(sc.number), look.colour, look.text, st.t(sc.title), right, st.h - M)
    bottom = footer(sk, st, f"{st.footer} · {name}")

    cols = _columns(sc, st)
    _timeline(sk, st, cols, top - st.mm(AXIS_DROP))
    slot_top, slot_h = _slots(sk, st, cols, top - st.mm(ROW_DROP), slot)
    row_bottom = slot_top - slot_h - st.mm(SLOT_SPACE)
    qr_column(sk, st, resource, M, slot_top, cols.lab_w - st.mm(LABEL_GAP), row_bottom)

    area_top = row_bottom - st.mm(QUESTION_SPACE)
    lanes = [a for a in (kit.index("actors").get(aid) for aid in sc.actors) if a is not None]
    boxes = _question_boxes(st, cols)
    size, d = _questions(sk, st, boxes, area_top, area_top - bottom - max(1, len(lanes)) * st.mm(LANE_MIN))
    lanes_top = area_top - d - (st.mm(QUESTION_GAP) if d else 0.0)
    _lanes(sk, st, cols, [a.name for a in lanes] or [st.labels["notes"]], lanes_top, bottom)
    _arrival(sk, st, cols, boxes, size, area_top, bottom)
    return finish(sk, sc.id, name, st)


def _timeline(sk: Sketch, st: BoardStyle, cols: _Columns, ax_y: float) -> None:
    """An arrow through the columns, a dot per column, the kit's marks above the dots."""
    M, W, ink = st.margin, st.w, st.theme.colours["ink"]
    colour = st.theme.types["stages"].colour
    sk.line(
        st.t(st.labels["timeline"]),
        M,
        ax_y - st.pt(TIMELINE_DROP_PT) * CENTRE_DROP,
        st.fonts.bold,
        *st.sizes(TIMELINE_PT),
        st.theme.colours["muted"],
        cols.lab_w - st.mm(LABEL_GAP),
        "timeline label",
    )
    end = W - M - st.mm(AXIS_END)
    width = st.pt(AXIS_PT)
    sk.add(Seg(cols.x0 + cols.w * AXIS_START, ax_y, end, ax_y, ink, width))
    head = st.mm(ARROW_HEAD)
    sk.add(
        Seg(end, ax_y, end - head, ax_y + head * 0.6, ink, width),
        Seg(end, ax_y, end - head, ax_y - head * 0.6, ink, width),
    )
    for i, (_, _, mark, _, _) in enumerate(cols.items):
        cx = cols.x(i) + cols.w / 2
        sk.add(Circle(cx, ax_y, st.mm(DOT_R), fill=colour, stroke=ink, width=st.pt(DOT_PT)))
        if mark:
            room = cols.w - st.mm(MARK_ROOM)
            y = ax_y + st.mm(MARK_RISE)
            sk.line(st.t(mark), cx, y, st.fonts.bold, *st.sizes(MARK_PT), ink, room, "timeline mark", "centre")


def _fit_slot(sk: Sketch, cols: _Columns, room_w: float, slot: tuple) -> tuple:
    """The card slots' size: the cards' own, smaller (with a warning) when a column is too narrow."""
    sw, sh = slot
    if sw > room_w:
        k = room_w / sw
        sk.warn(
            f"card slots of {sw / MM:.0f}×{sh / MM:.0f} mm do not fit the {cols.w / MM:.0f} mm columns: drawn at "
            f"{k:.0%}; choose a larger board (--board-size) for full-size slots"
        )
        sw, sh = sw * k, sh * k
    return sw, sh


def _slots(sk: Sketch, st: BoardStyle, cols: _Columns, row_top: float, slot: tuple) -> tuple:
    """Each column's band and card slot; returns the slots' top and height."""
    look = st.theme.types["stages"]
    g, band_h = st.mm(GUTTER), st.mm(BAND_H)
    sw, sh = _fit_slot(sk, cols, cols.w - 2 * g, slot)
    slot_top = row_top - band_h - st.mm(SLOT_DROP)
    size = st.sizes(TIMELINE_PT)
    for i, (key, label, _, title, _) in enumerate(cols.items):
        x = cols.x(i)
        sk.add(Rect(x + g, row_top - band_h, cols.w - 2 * g, band_h, fill=look.colour, radius=st.mm(BAND_R)))
        y = row_top - band_h / 2 - size[0] * CENTRE_DROP
        room = cols.w - 2 * g - st.mm(BAND_ROOM)
        sk.line(st.t(label), x + cols.w / 2, y, st.fonts.bold, *size, look.text, room, "column label", "centre")
        _slot(sk, st, key, title, x + (cols.w - sw) / 2, slot_top - sh, sw, sh)
    return slot_top, sh


def _slot(sk: Sketch, st: BoardStyle, key: str, title: str, sx: float, sy: float, sw: float, sh: float) -> None:
    """A dashed card slot with the title of the card it is for and a hint."""
    c = st.theme.colours
    dash = st.sizes(SLOT_DASH_PT)
    sk.add(
        Rect(sx, sy, sw, sh, fill=c["paper"], stroke=c["rule"], width=st.pt(SLOT_PT), dash=dash, radius=st.mm(SLOT_R))
    )
    pad = st.mm(SLOT_PAD)
    sk.text(
        Block(st.t(title), "heading"),
        sx + pad,
        sy + sh * 0.3,
        sw - 2 * pad,
        sh * 0.55,
        *st.sizes(SLOT_TITLE_PT),
        c["muted"],
        f'title of "{key}" in its card slot',
        role="caption",
        align="centre",
        valign="centre",
    )
    sk.text(
        Block(st.t(st.labels["board_place_card"]), "small"),
        sx + pad,
        sy + st.mm(SLOT_HINT_LIFT),
        sw - 2 * pad,
        sh * 0.2,
        *st.sizes(CAPTION_PT),
        c["muted"],
        "card slot hint",
        role="caption",
        align="centre",
        valign="bottom",
    )


def _question_boxes(st: BoardStyle, cols: _Columns) -> list:
    """(key, x, width, blocks) of each column with questions; the start's also takes the label column."""
    g = st.mm(GUTTER)
    boxes = []
    for i, (key, _, _, _, questions) in enumerate(cols.items):
        if not questions:
            continue
        x, w = (st.margin, cols.lab_w + cols.w) if i == 0 else (cols.x(i) + g, cols.w - 2 * g)
        boxes.append((key, x, w, [Block(st.t(q), "number", f"{k}.") for k, q in enumerate(questions, 1)]))
    return boxes


def _questions(sk: Sketch, st: BoardStyle, boxes: list, area_top: float, room: float) -> tuple:
    """The questions under the slots but the arrival's, all at one size, in boxes of one height of at most
    `room` less a gap; returns that size and height."""
    pad = st.mm(QUESTION_PAD)
    d_max = room - st.mm(QUESTION_GAP)

    def depth(size):
        return max(
            (need(b, st.fonts, size, w - 2 * pad, st.lang) + 2 * pad for key, _, w, b in boxes if key != "arrival"),
            default=0.0,
        )

    size, _ = common_size(st, lambda t: depth(t) <= d_max)
    d = min(depth(size), d_max)
    for key, x, w, blocks in boxes:
        if key != "arrival":
            _question_box(sk, st, key, blocks, x, area_top - d, w, d, size)
    return size, d


def _question_box(sk: Sketch, st: BoardStyle, key, blocks, x: float, y: float, w: float, h: float, size) -> None:
    ink = st.theme.colours["ink"]
    pad = st.mm(QUESTION_PAD)
    tint = readable_tint(st.theme.types["stages"].colour, ink)
    sk.add(Rect(x, y, w, h, fill=tint, radius=st.mm(QUESTION_R)))
    sk.text(blocks, x + pad, y + pad, w - 2 * pad, h - 2 * pad, size, st.body_min, ink, f'questions of "{key}"')


def _lanes(sk: Sketch, st: BoardStyle, cols: _Columns, labels: list, lanes_top: float, bottom: float) -> None:
    """A lane per actor (or one for notes) across the starting zone and the stages."""
    c, M, x0 = st.theme.colours, st.margin, cols.x0
    actor_tint = readable_tint(st.theme.types["actors"].colour, c["ink"])
    lane_h = (lanes_top - bottom) / len(labels)
    right_x = cols.x(cols.n - 1)
    line = st.pt(LINE_PT)
    for k, who in enumerate(labels):
        y = lanes_top - (k + 1) * lane_h
        sk.add(Rect(x0, y, right_x - x0, lane_h, fill=ZEBRA if k % 2 else c["paper"]))
        sk.add(Rect(M, y, cols.lab_w - st.mm(LANE_LABEL_GAP), lane_h, fill=actor_tint))
        sk.text(
            Block(st.t(who), "heading"),
            M + st.mm(LANE_LABEL_PAD),
            y + st.mm(LANE_LABEL_V),
            cols.lab_w - st.mm(LANE_LABEL_GAP + LANE_LABEL_PAD * 2),
            lane_h - st.mm(2 * LANE_LABEL_V),
            st.body_max,
            st.body_min,
            c["ink"],
            f'lane "{who}"',
            role="label",
            valign="centre",
            lang="none",
        )
        sk.add(Seg(M, y, right_x, y, c["rule"], line))
    sk.add(Seg(M, lanes_top, right_x, lanes_top, c["rule"], line))
    for i in range(cols.n - 1):
        sk.add(Seg(cols.x(i), bottom, cols.x(i), lanes_top, c["rule"], line, st.sizes(LINE_DASH_PT)))
    sk.add(Seg(right_x, bottom, right_x, lanes_top, c["rule"], line))


def _arrival(sk: Sketch, st: BoardStyle, cols: _Columns, boxes, size, area_top: float, bottom: float) -> None:
    """The arrival's questions (a third of the column at most), then the two zones for what emerged."""
    g, L = st.mm(GUTTER), st.labels
    pad = st.mm(QUESTION_PAD)
    ztop = area_top
    for key, x, w, blocks in boxes:
        if key == "arrival":
            h = min(need(blocks, st.fonts, size, w - 2 * pad, st.lang) + 2 * pad, (area_top - bottom) / 3)
            _question_box(sk, st, key, blocks, x, area_top - h, w, h, size)
            ztop = area_top - h - st.mm(ZONE_GAP)
    zh = (ztop - bottom - st.mm(ZONE_GAP)) / 2
    zones = (("modalities", L["board_new_modalities"]), ("objects", L["board_new_objects"]))
    for k, (kind, text) in enumerate(zones):
        y = ztop - (k + 1) * zh - st.mm(k * ZONE_GAP)
        _zone(sk, st, kind, text, cols.x(cols.n - 1) + g, y, cols.w - 2 * g, zh)


def _zone(sk: Sketch, st: BoardStyle, kind: str, text: str, zx: float, y: float, zw: float, zh: float) -> None:
    """A dashed zone in the colour of a kind of card, its title in a band at the top."""
    tl = st.theme.types[kind]
    hh = min(st.mm(ZONE_BAND), zh * ZONE_BAND_SHARE)
    r, dash = st.mm(ZONE_R), st.sizes(ZONE_DASH_PT)
    sk.add(
        Rect(zx, y, zw, zh, fill=st.theme.colours["paper"], stroke=tl.colour, width=st.pt(ZONE_PT), dash=dash, radius=r)
    )
    sk.add(Rect(zx, y + zh - hh, zw, hh, fill=tl.colour, radius=r))
    sk.text(
        Block(st.t(text), "heading"),
        zx + st.mm(ZONE_PAD),
        y + zh - hh,
        zw - st.mm(2 * ZONE_PAD),
        hh,
        st.body_max,
        st.body_min,
        tl.text,
        f'zone "{text}"',
        role="label",
        valign="centre",
        lang="none",
    )
