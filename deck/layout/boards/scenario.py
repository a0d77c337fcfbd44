"""A scenario's timeline board: marks along a timeline, a column per stage with a card slot and its
questions, one lane per actor, a zone for the disruptive events and tensions under the lanes, the starting
and arrival zones, a QR code to the materials. The blank timeline board is the same with nothing of a
scenario printed: its columns, lanes and zones are for the group's own path."""

from __future__ import annotations

from dataclasses import dataclass

from deck.kit.model import Scenario, Situation, Stage
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
LANE_MIN = 14  # the lowest a lane is kept while the questions can be set at the smallest size or more
LANE_FLOOR = 10  # the lowest a lane may ever be, when the questions need the room (and its label allows)
LANE_LABEL_GAP = 1  # between a lane's label and the lane
LANE_LABEL_PAD = 2  # left and right of a lane's label, inside its tinted band
LANE_LABEL_V = 0.8  # above and under a lane's label
NEED_SLACK = 0.5  # pt: added to what a label needs, against rounding
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
# the events and tensions zone: one more lane, under the actors' lanes, across the start and the stages
EVENTS_SHARE = 1.6  # the zone is this many lanes high when the board has the room; one lane high when crowded
# the blank board
BLANK_STAGES = 4  # stage columns
BLANK_LANES = 5  # actor lanes, their labels left to write


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


def blank_board(kit, st: BoardStyle, slot: tuple, resource) -> BoardGeometry:
    """The blank timeline board: a start, BLANK_STAGES stages and an arrival, blank lanes, the zones."""
    L = st.labels
    stages = tuple(Stage(id=f"blank-{k}", number=k, title="", card="") for k in range(1, BLANK_STAGES + 1))
    sc = Scenario(
        id="blank",
        number=0,
        title=L["board_blank_title"],
        start=Situation(card="", title=""),
        stages=stages,
        arrival=Situation(card="", title=""),
        setting=L["board_blank_setting"],
    )
    return scenario_board(sc, kit, st, slot, resource, blank=True)


def scenario_board(sc, kit, st: BoardStyle, slot: tuple, resource, blank: bool = False) -> BoardGeometry:
    """The timeline board of one scenario, at the board's size; `slot` is the size of the cards it holds."""
    types = st.theme.types
    name = st.labels["board_blank"] if blank else st.labels["board_scenario"].format(n=sc.number)
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    M = st.margin
    sk.add(Rect(0, 0, st.w, st.h, fill=st.theme.colours["paper"]))
    right = [Block(st.t(sc.setting), "italic")] if sc.setting else []
    look = types["scenarios"]
    badge = None if blank else str(sc.number)
    top = header(sk, st, badge, look.colour, look.text, st.t(sc.title), right, st.h - M)
    bottom = footer(sk, st, f"{st.footer} · {name}")

    cols = _columns(sc, st)
    _timeline(sk, st, cols, top - st.mm(AXIS_DROP))
    slot_top, slot_h = _slots(sk, st, cols, top - st.mm(ROW_DROP), slot)
    row_bottom = slot_top - slot_h - st.mm(SLOT_SPACE)
    qr_column(sk, st, resource, M, slot_top, cols.lab_w - st.mm(LABEL_GAP), row_bottom)

    area_top = row_bottom - st.mm(QUESTION_SPACE)
    lanes = [a for a in (kit.index("actors").get(aid) for aid in sc.actors) if a is not None]
    labels = [""] * BLANK_LANES if blank else [a.name for a in lanes] or [st.labels["notes"]]
    boxes = _question_boxes(st, cols)
    label_w = cols.lab_w - st.mm(LANE_LABEL_GAP + LANE_LABEL_PAD * 2)
    needs = [_label_need(st, who, label_w) for who in labels]
    events_need = _label_need(st, st.labels["board_events"], label_w)
    size, d, share = _questions(sk, st, boxes, area_top, area_top - bottom, needs, events_need)
    lanes_top = area_top - d - (st.mm(QUESTION_GAP) if d else 0.0)
    heights, events_h = _heights(lanes_top - bottom, needs, events_need, share)
    events = st.labels["board_events"]
    label_size = _label_size(st, labels + [events], heights + [events_h], label_w)
    _lanes(sk, st, cols, labels, lanes_top, heights, label_size)
    _events(sk, st, cols, bottom + events_h, bottom, label_size)
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
    if title:
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


def _label_need(st: BoardStyle, who: str, label_w: float) -> float:
    """The height a lane needs for its label at the smallest size (LANE_FLOOR at least)."""
    text = need([Block(st.t(who), "heading")], st.fonts, st.body_min, label_w, "none") if who else 0.0
    return max(text + st.mm(2 * LANE_LABEL_V) + st.pt(NEED_SLACK), st.mm(LANE_FLOOR))


def _label_size(st: BoardStyle, labels: list, heights: list, label_w: float) -> float:
    """One size for the labels of the lanes and of the events zone: the largest at which each fits its
    height (the smallest when one does not: that label then says so)."""

    def fits(size):
        return all(
            need([Block(st.t(who), "heading")], st.fonts, size, label_w, "none") + st.mm(2 * LANE_LABEL_V) <= h
            for who, h in zip(labels, heights, strict=True)
            if who
        )

    return common_size(st, fits)[0]


def _questions(sk: Sketch, st: BoardStyle, boxes: list, area_top: float, room: float, needs, events_need) -> tuple:
    """The questions under the slots but the arrival's, all at one size, in boxes of one height, drawn; the
    lanes and the events zone share what is left of `room` under them. The questions take the largest size
    that leaves every lane LANE_MIN (or what its label needs) and the events zone EVENTS_SHARE lanes. When
    even the smallest size does not leave that, the board is crowded: the questions are set at the smallest
    size and take all the height they need but what the lanes' and the zone's labels need, and the zone is
    one lane high. Returns the questions' size, their boxes' height and the zone's share."""
    pad, gap = st.mm(QUESTION_PAD), st.mm(QUESTION_GAP)

    def depth(size):
        return max(
            (need(b, st.fonts, size, w - 2 * pad, st.lang) + 2 * pad for key, _, w, b in boxes if key != "arrival"),
            default=0.0,
        )

    lanes = sum(max(n, st.mm(LANE_MIN)) for n in needs) + max(events_need, st.mm(LANE_MIN) * EVENTS_SHARE)
    size, roomy = common_size(st, lambda t: depth(t) <= room - lanes - gap)
    share = EVENTS_SHARE if roomy else 1.0
    d = depth(size)
    if not roomy:  # what still does not fit is reported by the boxes' text
        d = max(0.0, min(d, room - sum(needs) - events_need - gap))
    for key, x, w, blocks in boxes:
        if key != "arrival":
            _question_box(sk, st, key, blocks, x, area_top - d, w, d, size)
    return size, d, share


def _heights(room: float, needs: list, events_need: float, share: float) -> tuple:
    """The lanes' heights and the events zone's, filling `room`: each lane at least its need, the lanes as
    even as they can be (the height h of the lanes that need less), the zone `share` times h (at least its
    own need). When even the needs do not fit, each gets its share of them (their labels then say so)."""

    def total(h):
        return sum(max(n, h) for n in needs) + max(events_need, share * h)

    if total(0.0) >= room:
        k = room / total(0.0)
        return [n * k for n in needs], events_need * k
    lo, hi = 0.0, room
    for _ in range(60):  # bisection: total() grows with h
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) <= room else (lo, mid)
    heights = [max(n, lo) for n in needs]
    return heights, room - sum(heights)


def _question_box(sk: Sketch, st: BoardStyle, key, blocks, x: float, y: float, w: float, h: float, size) -> None:
    ink = st.theme.colours["ink"]
    pad = st.mm(QUESTION_PAD)
    tint = readable_tint(st.theme.types["stages"].colour, ink)
    sk.add(Rect(x, y, w, h, fill=tint, radius=st.mm(QUESTION_R)))
    sk.text(blocks, x + pad, y + pad, w - 2 * pad, h - 2 * pad, size, st.body_min, ink, f'questions of "{key}"')


def _lanes(
    sk: Sketch, st: BoardStyle, cols: _Columns, labels: list, lanes_top: float, heights: list, size: float
) -> None:
    """A lane per actor (or one for notes) across the starting zone and the stages, each of its height."""
    c, M, x0 = st.theme.colours, st.margin, cols.x0
    actor_tint = readable_tint(st.theme.types["actors"].colour, c["ink"])
    right_x = cols.x(cols.n - 1)
    line = st.pt(LINE_PT)
    y = lanes_top
    for k, (who, lane_h) in enumerate(zip(labels, heights, strict=True)):
        y -= lane_h
        sk.add(Rect(x0, y, right_x - x0, lane_h, fill=ZEBRA if k % 2 else c["paper"]))
        sk.add(Rect(M, y, cols.lab_w - st.mm(LANE_LABEL_GAP), lane_h, fill=actor_tint))
        if who:
            _left_label(sk, st, cols, who, y, lane_h, size, f'lane "{who}"')
        sk.add(Seg(M, y, right_x, y, c["rule"], line))
    sk.add(Seg(M, lanes_top, right_x, lanes_top, c["rule"], line))
    bottom = y
    for i in range(cols.n - 1):
        sk.add(Seg(cols.x(i), bottom, cols.x(i), lanes_top, c["rule"], line, st.sizes(LINE_DASH_PT)))
    sk.add(Seg(right_x, bottom, right_x, lanes_top, c["rule"], line))


def _left_label(
    sk: Sketch, st: BoardStyle, cols: _Columns, text: str, y: float, h: float, size: float, what: str
) -> None:
    """A band's label in the left column (an actor's lane, the events zone), centred in its tinted band."""
    sk.text(
        Block(st.t(text), "heading"),
        st.margin + st.mm(LANE_LABEL_PAD),
        y + st.mm(LANE_LABEL_V),
        cols.lab_w - st.mm(LANE_LABEL_GAP + LANE_LABEL_PAD * 2),
        h - st.mm(2 * LANE_LABEL_V),
        size,
        st.body_min,
        st.theme.colours["ink"],
        what,
        role="label",
        valign="centre",
        lang="none",
    )


def _events(sk: Sketch, st: BoardStyle, cols: _Columns, top: float, bottom: float, size: float) -> None:
    """The zone for the disruptive events and tensions: its label in the left column, a dashed band in the
    events' colour across the start and the stages (event cards and notes go under the stage they hit)."""
    tl = st.theme.types["events"]
    c = st.theme.colours
    M = st.margin
    h = top - bottom
    tint = readable_tint(tl.colour, c["ink"])
    sk.add(Rect(M, bottom, cols.lab_w - st.mm(LANE_LABEL_GAP), h, fill=tint))
    text = st.labels["board_events"]
    _left_label(sk, st, cols, text, bottom, h, size, f'zone "{text}"')
    x0, x1 = cols.x0, cols.x(cols.n - 1)
    g = st.mm(GUTTER)
    sk.add(
        Rect(
            x0 + g,
            bottom + g,
            x1 - x0 - 2 * g,
            h - 2 * g,
            stroke=tl.colour,
            width=st.pt(ZONE_PT),
            dash=st.sizes(ZONE_DASH_PT),
            radius=st.mm(ZONE_R),
        )
    )


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
