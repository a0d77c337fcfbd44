"""Boards as geometry: a scenario's timeline board, the method board and the dialogue-object map.

A board is laid out at its real size (A2 landscape by default). Text sizes follow the board so that it reads
from 1–2 m around a table: on A2 body text is at most the theme's `board_body` (16 pt) and never under
14 pt; other sizes scale these by their short side / 420 mm (A1: 19.8 pt at least, A3: 9.9 pt). Card slots
keep the real size of the cards they hold (smaller only when the board is too small, with a warning).
Everything is fitted by `text.fit`; what does not fit is a warning naming the board.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from deck.layout.faces import qr_caption
from deck.layout.geometry import Circle, Icon, Rect, Seg
from deck.layout.sketch import Sketch, readable_tint
from deck.layout.text import Block, Fonts, layout
from deck.layout.typography import typeset
from deck.style.theme import Theme
from deck.units import MM

A2_SHORT = 420 * MM
BODY_MIN_A2 = 14.0  # the floor for body text on an A2 board (print.md §6: 1–2 m around a table)
ZEBRA = "#F3F3F3"


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
        return 8 * MM * self.s

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


def _need(blocks, fonts: Fonts, size: float, w: float, lang: str, heading_ratio: float = 1.0) -> float:
    return layout(list(blocks), fonts, size, w, lang, heading_ratio)[1] if blocks else 0.0


def _common_size(st: BoardStyle, fits) -> tuple[float, bool]:
    """The largest body size (quarter points, from body_max down to body_min) for which fits(size) holds."""
    q = math.floor(st.body_max * 4)
    lo = math.ceil(st.body_min * 4)
    while q >= lo:
        if fits(q / 4):
            return q / 4, True
        q -= 1
    return st.body_min, False


def _header(
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
    s, M, c = st.s, st.margin, st.theme.colours
    hh = 17 * MM * s
    x = M
    if badge:
        r = 8.5 * MM * s
        sk.add(Circle(M + r, top - hh / 2, r, fill=badge_colour))
        sk.line(
            badge,
            M + r,
            top - hh / 2 - 24 * s * 0.35,
            st.fonts.bold,
            24 * s,
            14 * s,
            badge_text,
            2 * r,
            "badge",
            "centre",
            "title",
        )
        x = M + 2 * r + 4 * MM * s
    right_w = 150 * MM * s if right else 0.0
    sk.text(
        Block(title, "heading"),
        x,
        top - hh,
        st.w - M - right_w - x - 4 * MM * s,
        hh,
        32 * s,
        18 * s,
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
    sk.add(Seg(M, top - hh - 1.5 * MM * s, st.w - M, top - hh - 1.5 * MM * s, c["rule"], 1.0 * s))
    return top - hh - 3 * MM * s


def _footer(sk: Sketch, st: BoardStyle, text: str) -> float:
    """The board's own line at the bottom left; returns the top of the band it takes."""
    s = st.s
    if text:
        sk.line(
            text,
            st.margin,
            st.margin + 1 * MM * s,
            st.fonts.regular,
            10 * s,
            8 * s,
            st.theme.colours["muted"],
            st.w - 2 * st.margin,
            "footer",
            role="footer",
        )
    return st.margin + 5 * MM * s


def _qr_column(sk: Sketch, st: BoardStyle, resource, x: float, top: float, w: float, bottom: float) -> None:
    """A QR code to the workshop materials, with its title and address under it, in a column of width w."""
    if resource is None or not resource.qr_url:
        return
    s, c = st.s, st.theme.colours
    cap_h = 24 * MM * s
    room = min(w, top - bottom - cap_h)
    if room < 20 * MM * s:
        sk.warn("no room for the QR code to the workshop materials: choose a larger board")
        return
    y = top - room
    side = sk.qr(resource.qr_url, x + (w - room) / 2, y, room, min_side=30 * MM * s)
    if not side:
        return
    sk.text(
        [
            Block(st.t(st.labels["board_scan"]), "heading"),
            Block(st.t(resource.title)),
            Block(qr_caption(resource.qr_url), "small"),
        ],
        x,
        y - cap_h,
        w,
        cap_h - 1 * MM * s,
        11 * s,
        8 * s,
        c["muted"],
        "QR code caption",
        role="caption",
        align="centre",
    )


# -- scenario board ------------------------------------------------------------------------------
def scenario_board(sc, kit, st: BoardStyle, slot: tuple, resource) -> BoardGeometry:
    """The timeline board of one scenario: marks, a column per stage with a card slot and its questions,
    one lane per actor, the starting and arrival zones, a QR code to the materials."""
    W, H, s = st.w, st.h, st.s
    c, types, L = st.theme.colours, st.theme.types, st.labels
    ink, muted, rule, paper = c["ink"], c["muted"], c["rule"], c["paper"]
    look = types["stages"]
    stage_tint = readable_tint(look.colour, ink)
    actor_tint = readable_tint(types["actors"].colour, ink)
    name = L["board_scenario"].format(n=sc.number)
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    M = st.margin
    sk.add(Rect(0, 0, W, H, fill=paper))
    right = [Block(st.t(sc.setting), "italic")] if sc.setting else []
    top = _header(
        sk, st, str(sc.number), types["scenarios"].colour, types["scenarios"].text, st.t(sc.title), right, H - M
    )
    bottom = _footer(sk, st, f"{st.footer} · {name}")

    lab_w = 60 * MM * s
    columns = [("start", L["start_short"], None, sc.start.title or L["start"], sc.start.questions)]
    columns += [(st_.id, f"{L['stage']} {st_.number}", st_.mark, st_.title, st_.questions) for st_ in sc.stages]
    columns.append(("arrival", L["arrival_short"], None, sc.arrival.title or L["arrival"], sc.arrival.questions))
    n = len(columns)
    col_w = (W - 2 * M - lab_w) / n
    x0 = M + lab_w

    def xc(i):
        return x0 + i * col_w

    # timeline: an arrow through the columns, a dot per column, the kit's marks above the dots
    ax_y = top - 7.5 * MM * s
    sk.line(
        st.t(L["timeline"]),
        M,
        ax_y - 14 * s * 0.35,
        st.fonts.bold,
        16 * s,
        14 * s,
        muted,
        lab_w - 2 * MM * s,
        "timeline label",
    )
    sk.add(Seg(x0 + col_w * 0.2, ax_y, W - M - 1 * MM * s, ax_y, ink, 2.2 * s))
    head = 3.5 * MM * s
    sk.add(
        Seg(W - M - 1 * MM * s, ax_y, W - M - 1 * MM * s - head, ax_y + head * 0.6, ink, 2.2 * s),
        Seg(W - M - 1 * MM * s, ax_y, W - M - 1 * MM * s - head, ax_y - head * 0.6, ink, 2.2 * s),
    )
    for i, (_, _, mark, _, _) in enumerate(columns):
        cx = xc(i) + col_w / 2
        sk.add(Circle(cx, ax_y, 2.4 * MM * s, fill=look.colour, stroke=ink, width=1.2 * s))
        if mark:
            sk.line(
                st.t(mark),
                cx,
                ax_y + 3.6 * MM * s,
                st.fonts.bold,
                18 * s,
                14 * s,
                ink,
                col_w - 4 * MM * s,
                "timeline mark",
                "centre",
            )
    row_top = top - 11 * MM * s

    # column bands and card slots
    band_h = 9 * MM * s
    g = 1 * MM * s
    sw, sh = slot
    room_w = col_w - 2 * g
    if sw > room_w:
        k = room_w / sw
        sk.warn(
            f"card slots of {sw / MM:.0f}×{sh / MM:.0f} mm do not fit the {col_w / MM:.0f} mm columns: drawn at "
            f"{k:.0%}; choose a larger board (--board-size) for full-size slots"
        )
        sw, sh = sw * k, sh * k
    slot_top = row_top - band_h - 1.5 * MM * s
    for i, (key, label, _, title, _) in enumerate(columns):
        sk.add(Rect(xc(i) + g, row_top - band_h, col_w - 2 * g, band_h, fill=look.colour, radius=1.5 * MM * s))
        sk.line(
            st.t(label),
            xc(i) + col_w / 2,
            row_top - band_h / 2 - 16 * s * 0.35,
            st.fonts.bold,
            16 * s,
            14 * s,
            look.text,
            col_w - 2 * g - 2 * MM * s,
            "column label",
            "centre",
        )
        sx = xc(i) + (col_w - sw) / 2
        sy = slot_top - sh
        sk.add(Rect(sx, sy, sw, sh, fill=paper, stroke=rule, width=1.0 * s, dash=(4 * s, 3 * s), radius=3 * MM * s))
        pad = 4 * MM * s
        sk.text(
            Block(st.t(title), "heading"),
            sx + pad,
            sy + sh * 0.3,
            sw - 2 * pad,
            sh * 0.55,
            16 * s,
            11 * s,
            muted,
            f'title of "{key}" in its card slot',
            role="caption",
            align="centre",
            valign="centre",
        )
        sk.text(
            Block(st.t(L["board_place_card"]), "small"),
            sx + pad,
            sy + 2 * MM * s,
            sw - 2 * pad,
            sh * 0.2,
            11 * s,
            8 * s,
            muted,
            "card slot hint",
            role="caption",
            align="centre",
            valign="bottom",
        )
    row_bottom = slot_top - sh - 2 * MM * s
    _qr_column(sk, st, resource, M, slot_top, lab_w - 2 * MM * s, row_bottom)

    # questions under the slots: the start zone also takes the lane-label column
    pad = 2.2 * MM * s
    boxes = []
    for i, (key, _, _, _, questions) in enumerate(columns):
        if not questions:
            continue
        x, w = (M, lab_w + col_w) if i == 0 else (xc(i) + g, col_w - 2 * g)
        boxes.append((key, x, w, [Block(st.t(q), "number", f"{k}.") for k, q in enumerate(questions, 1)]))
    lanes = [a for a in (kit.index("actors").get(aid) for aid in sc.actors) if a is not None]
    n_lanes = max(1, len(lanes))
    lane_min = 15 * MM * s
    area_top = row_bottom - 1 * MM * s
    avail = area_top - bottom
    d_max = avail - n_lanes * lane_min - 2 * MM * s

    def need(size):
        return max(
            (_need(b, st.fonts, size, w - 2 * pad, st.lang) + 2 * pad for key, _, w, b in boxes if key != "arrival"),
            default=0.0,
        )

    size, _ = _common_size(st, lambda t: need(t) <= d_max)
    d = min(need(size), d_max)
    for key, x, w, blocks in boxes:
        if key == "arrival":
            continue
        sk.add(Rect(x, area_top - d, w, d, fill=stage_tint, radius=2 * MM * s))
        sk.text(
            blocks,
            x + pad,
            area_top - d + pad,
            w - 2 * pad,
            d - 2 * pad,
            size,
            st.body_min,
            ink,
            f'questions of "{key}"',
        )

    # lanes: one per actor, across the starting zone and the stages
    lanes_top = area_top - d - (2 * MM * s if d else 0.0)
    lane_h = (lanes_top - bottom) / n_lanes
    right_x = xc(n - 1)
    labels = [a.name for a in lanes] or [L["notes"]]
    for k, who in enumerate(labels):
        y = lanes_top - (k + 1) * lane_h
        sk.add(Rect(x0, y, right_x - x0, lane_h, fill=ZEBRA if k % 2 else paper))
        sk.add(Rect(M, y, lab_w - 1 * MM * s, lane_h, fill=actor_tint))
        sk.text(
            Block(st.t(who), "heading"),
            M + 2 * MM * s,
            y + 0.8 * MM * s,
            lab_w - 5 * MM * s,
            lane_h - 1.6 * MM * s,
            st.body_max,
            st.body_min,
            ink,
            f'lane "{who}"',
            role="label",
            valign="centre",
            lang="none",
        )
        sk.add(Seg(M, y, right_x, y, rule, 0.6 * s))
    sk.add(Seg(M, lanes_top, right_x, lanes_top, rule, 0.6 * s))
    for i in range(n - 1):
        sk.add(Seg(xc(i), bottom, xc(i), lanes_top, rule, 0.6 * s, (3 * s, 3 * s)))
    sk.add(Seg(right_x, bottom, right_x, lanes_top, rule, 0.6 * s))

    # arrival: its questions, then the two zones for what emerged
    zx, zw = xc(n - 1) + g, col_w - 2 * g
    ztop = area_top
    for key, x, w, blocks in boxes:
        if key == "arrival":
            h = min(_need(blocks, st.fonts, size, w - 2 * pad, st.lang) + 2 * pad, (area_top - bottom) / 3)
            sk.add(Rect(x, area_top - h, w, h, fill=stage_tint, radius=2 * MM * s))
            sk.text(
                blocks,
                x + pad,
                area_top - h + pad,
                w - 2 * pad,
                h - 2 * pad,
                size,
                st.body_min,
                ink,
                'questions of "arrival"',
            )
            ztop = area_top - h - 2 * MM * s
    zh = (ztop - bottom - 2 * MM * s) / 2
    for k, (kind, text) in enumerate((("modalities", L["board_new_modalities"]), ("objects", L["board_new_objects"]))):
        y = ztop - (k + 1) * zh - k * 2 * MM * s
        tl = types[kind]
        hh = min(17 * MM * s, zh * 0.4)
        sk.add(Rect(zx, y, zw, zh, fill=paper, stroke=tl.colour, width=1.6 * s, dash=(5 * s, 3 * s), radius=2 * MM * s))
        sk.add(Rect(zx, y + zh - hh, zw, hh, fill=tl.colour, radius=2 * MM * s))
        sk.text(
            Block(st.t(text), "heading"),
            zx + 2 * MM * s,
            y + zh - hh,
            zw - 4 * MM * s,
            hh,
            st.body_max,
            st.body_min,
            tl.text,
            f'zone "{text}"',
            role="label",
            valign="centre",
            lang="none",
        )
    sk.glyph_problems()
    return BoardGeometry(sc.id, name, (W, H), tuple(sk.prims), tuple(sk.problems), tuple(sk.keep))


# -- method board --------------------------------------------------------------------------------
def phase_minutes(labels: dict, count: int) -> list:
    """Suggested minutes for each phase (the locale's `phase_minutes`), or [] when they do not match."""
    try:
        values = [int(x) for x in str(labels.get("phase_minutes", "")).replace(",", " ").split()]
    except ValueError:
        return []
    return values if len(values) == count else []


def method_board(kit, st: BoardStyle, resource) -> BoardGeometry:
    """The method: its text and objectives, the kinds of material, the phases with their prompts."""
    W, H, s = st.w, st.h, st.s
    m = kit.method
    c, types, L = st.theme.colours, st.theme.types, st.labels
    ink, muted, rule, paper = c["ink"], c["muted"], c["rule"], c["paper"]
    name = L["board_method"]
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    M = st.margin
    sk.add(Rect(0, 0, W, H, fill=paper))
    top = _header(sk, st, None, "", "", st.t(m.title), [Block(st.t(kit.header.title), "heading")], H - M)
    bottom = _footer(sk, st, f"{st.footer} · {name}")
    gap = 5 * MM * s
    inner = W - 2 * M

    # introduction: the method's text, its objectives, a QR code
    qr_w = 46 * MM * s if resource is not None and resource.qr_url else 0.0
    text_blocks = [Block(st.t(p.strip())) for p in (m.text or "").split("\n\n") if p.strip()]
    obj_blocks = (
        [Block(st.t(L["objectives"]), "heading")] + [Block(st.t(o), "bullet", "•") for o in m.objectives]
        if m.objectives
        else []
    )
    room = inner - qr_w - (gap if qr_w else 0)
    tw = room * 0.58 if obj_blocks else room
    ow = room - tw - gap if obj_blocks else 0.0
    intro_max = (top - bottom) * 0.3
    size, _ = _common_size(
        st,
        lambda t: (
            max(
                _need(text_blocks, st.fonts, t, tw, st.lang),
                _need(obj_blocks, st.fonts, t, ow - 6 * MM * s, st.lang) + 6 * MM * s,
            )
            <= intro_max
        ),
    )
    ih = max(
        _need(text_blocks, st.fonts, size, tw, st.lang),
        _need(obj_blocks, st.fonts, size, ow - 6 * MM * s, st.lang) + 6 * MM * s,
        70 * MM * s if qr_w else 0.0,
    )
    ih = min(ih, intro_max)
    if text_blocks:
        sk.text(text_blocks, M, top - ih, tw, ih, size, st.body_min, ink, "method text")
    if obj_blocks:
        ox = M + tw + gap
        sk.add(Rect(ox, top - ih, ow, ih, fill=readable_tint(types["phases"].colour, ink), radius=2 * MM * s))
        sk.text(
            obj_blocks,
            ox + 3 * MM * s,
            top - ih + 3 * MM * s,
            ow - 6 * MM * s,
            ih - 6 * MM * s,
            size,
            st.body_min,
            ink,
            "objectives",
        )
    if qr_w:
        _qr_column(sk, st, resource, W - M - qr_w, top, qr_w, top - ih - 2 * MM * s)
    top -= ih + gap

    # the kinds of material
    mats = list(m.materials)
    if mats:
        sh = 10 * MM * s
        sk.text(
            Block(st.t(L["board_materials"]), "heading"),
            M,
            top - sh,
            inner,
            sh,
            22 * s,
            14 * s,
            ink,
            "section title",
            role="title",
            valign="centre",
        )
        top -= sh + 1.5 * MM * s
        per_row = max(1, min(len(mats), int((inner + gap) // (55 * MM * s + gap))))
        rows = math.ceil(len(mats) / per_row)
        zw = (inner - (per_row - 1) * 3 * MM * s) / per_row
        look = types["materials"]
        pad = 2.5 * MM * s
        titles = [[Block(st.t(x.title), "heading")] for x in mats]
        bodies = [[Block(st.t(p.strip())) for p in (x.text or "").split("\n\n") if p.strip()] for x in mats]
        mat_max = (top - bottom) * 0.38 / rows

        def mat_need(t):
            bh = max(_need(b, st.fonts, t, zw - 2 * pad, "none") for b in titles) + 2 * pad
            return bh, max(_need(b, st.fonts, t, zw - 2 * pad, st.lang) for b in bodies) + 2 * pad

        size_m, _ = _common_size(st, lambda t: sum(mat_need(t)) <= mat_max)
        bh, bdh = mat_need(size_m)
        zh = min(bh + bdh, mat_max)
        tint_m = readable_tint(look.colour, ink)
        for k, (x, tb, bb) in enumerate(zip(mats, titles, bodies)):
            r_, c_ = divmod(k, per_row)
            zx = M + c_ * (zw + 3 * MM * s)
            zy = top - (r_ + 1) * zh - r_ * 3 * MM * s
            sk.add(Rect(zx, zy, zw, zh, fill=tint_m, radius=2 * MM * s))
            sk.add(Rect(zx, zy + zh - bh, zw, bh, fill=look.colour, radius=2 * MM * s))
            sk.text(
                tb,
                zx + pad,
                zy + zh - bh + pad,
                zw - 2 * pad,
                bh - 2 * pad,
                size_m,
                st.body_min,
                look.text,
                f'title of material "{x.id}"',
                role="label",
                valign="centre",
                lang="none",
            )
            sk.text(
                bb,
                zx + pad,
                zy + pad,
                zw - 2 * pad,
                zh - bh - 2 * pad,
                size_m,
                st.body_min,
                ink,
                f'text of material "{x.id}"',
            )
        top -= rows * zh + (rows - 1) * 3 * MM * s + gap

    # the phases, left to right, with their prompts and a suggested time; room for notes under them
    phases = list(m.phases)
    if phases:
        sh = 10 * MM * s
        sk.text(
            Block(st.t(L["board_phases"]), "heading"),
            M,
            top - sh,
            inner,
            sh,
            22 * s,
            14 * s,
            ink,
            "section title",
            role="title",
            valign="centre",
        )
        top -= sh + 1.5 * MM * s
        arrow = 8 * MM * s
        zw = (inner - (len(phases) - 1) * arrow) / len(phases)
        look = types["phases"]
        pad = 3 * MM * s
        badge = 6 * MM * s
        minutes = phase_minutes(L, len(phases))
        titles = [[Block(st.t(p.title), "heading")] for p in phases]
        prompts = []
        for k, p in enumerate(phases):
            blocks = [Block(st.t(x), "bullet", "•") for x in p.prompts]
            if minutes:
                blocks.append(Block(st.t(L["minutes"].format(n=minutes[k])), "italic"))
            prompts.append(blocks)
        zh = top - bottom
        tw_ = zw - 2 * pad - 2 * badge - 2 * MM * s

        def ph_need(t):
            bh = max(max(_need(b, st.fonts, t, tw_, "none") for b in titles), 2 * badge) + 2 * pad
            return bh, max(_need(b, st.fonts, t, zw - 2 * pad, st.lang) for b in prompts) + 2 * pad

        size_p, _ = _common_size(st, lambda t: sum(ph_need(t)) <= zh * 0.75)
        bh, ph = ph_need(size_p)
        ph = min(ph, zh - bh - 1)
        tint_p = readable_tint(look.colour, ink)
        for k, (p, tb, pb) in enumerate(zip(phases, titles, prompts)):
            zx = M + k * (zw + arrow)
            zy = bottom
            sk.add(Rect(zx, zy, zw, zh, fill=paper, stroke=rule, width=0.8 * s, radius=2 * MM * s))
            sk.add(Rect(zx, zy + zh - bh, zw, bh, fill=look.colour, radius=2 * MM * s))
            cy = zy + zh - bh / 2
            sk.add(Circle(zx + pad + badge, cy, badge, fill=paper, stroke=ink, width=1.2 * s))
            sk.line(
                str(p.number),
                zx + pad + badge,
                cy - 20 * s * 0.35,
                st.fonts.bold,
                20 * s,
                14 * s,
                ink,
                2 * badge,
                "phase number",
                "centre",
                "title",
            )
            sk.text(
                tb,
                zx + pad + 2 * badge + 2 * MM * s,
                zy + zh - bh + pad,
                tw_,
                bh - 2 * pad,
                size_p,
                st.body_min,
                look.text,
                f'title of phase "{p.id}"',
                role="label",
                valign="centre",
                lang="none",
            )
            py = zy + zh - bh - ph
            sk.add(Rect(zx, py, zw, ph, fill=tint_p))
            sk.text(
                pb,
                zx + pad,
                py + pad,
                zw - 2 * pad,
                ph - 2 * pad,
                size_p,
                st.body_min,
                ink,
                f'prompts of phase "{p.id}"',
            )
            # ruled lines to write on
            notes_top = py - 3 * MM * s
            if notes_top - zy > 20 * MM * s:
                sk.line(
                    st.t(L["notes"]),
                    zx + pad,
                    notes_top - 11 * s,
                    st.fonts.regular,
                    11 * s,
                    9 * s,
                    muted,
                    zw - 2 * pad,
                    "notes label",
                    role="caption",
                )
                yy = notes_top - 14 * MM * s
                while yy > zy + 5 * MM * s:
                    sk.add(Seg(zx + pad, yy, zx + zw - pad, yy, rule, 0.5 * s, (1.5 * s, 2.5 * s)))
                    yy -= 12 * MM * s
            if k < len(phases) - 1:
                sk.add(Icon("chevron", zx + zw + arrow / 2, zy + zh - bh / 2, arrow * 0.8, ink))
    sk.glyph_problems()
    return BoardGeometry("method", name, (W, H), tuple(sk.prims), tuple(sk.problems), tuple(sk.keep))


# -- dialogue-object map ---------------------------------------------------------------------------
def map_board(kit, st: BoardStyle) -> BoardGeometry:
    """The themes as zones holding their objects, plus a zone for the objects the groups add."""
    W, H, s = st.w, st.h, st.s
    c, types, L = st.theme.colours, st.theme.types, st.labels
    ink, muted, rule, paper = c["ink"], c["muted"], c["rule"], c["paper"]
    look = types["objects"]
    chip_tint = readable_tint(look.colour, ink, 0.75)
    name = L["board_map"]
    sk = Sketch(st.fonts, st.lang, f'board "{name}"')
    M = st.margin
    sk.add(Rect(0, 0, W, H, fill=paper))
    top = _header(sk, st, None, "", "", st.t(L["board_map_title"]), [Block(st.t(kit.header.title), "heading")], H - M)
    bottom = _footer(sk, st, f"{st.footer} · {name}")
    ih = st.body_max * 1.22 * 2 + 2 * MM * s
    r = sk.text(
        Block(st.t(L["board_map_intro"])), M, top - ih, W - 2 * M, ih, st.body_max, st.body_min, ink, "map introduction"
    )
    top -= r.height + 4 * MM * s

    themes = [(t.id, t.title, t.text, [o for o in kit.objects if o.theme == t.id]) for t in kit.object_themes]
    loose = [o for o in kit.objects if o.theme not in {t.id for t in kit.object_themes}]
    zones = [z for z in themes]
    zones.append(("other", L["board_other_objects"], None, loose))
    nz = len(zones)
    aspect = (W - 2 * M) / max(top - bottom, 1)
    cols = max(1, min(nz, round(math.sqrt(nz * aspect))))
    rows = math.ceil(nz / cols)
    gap = 4 * MM * s
    zw = (W - 2 * M - (cols - 1) * gap) / cols
    zh = (top - bottom - (rows - 1) * gap) / rows
    pad = 2.5 * MM * s
    cw = zw - 2 * pad
    chip_pad = 1.8 * MM * s

    def content(t):
        """(band height, per zone: [theme text height, chip heights]) at body size t."""
        band = max(_need([Block(st.t(z[1]), "heading")], st.fonts, t, cw, "none") for z in zones) + 2 * pad
        per = []
        for _, _, text, objs in zones:
            th = _need([Block(st.t(text), "italic")], st.fonts, t, cw, st.lang) if text else 0.0
            chips = [
                _need([Block(st.t(o.title))], st.fonts, t, cw - 2 * chip_pad - 5 * MM * s, st.lang) + 2 * chip_pad
                for o in objs
            ]
            per.append((th, chips))
        return band, per

    def used(t):
        band, per = content(t)
        return max(band + (th + 2 * MM * s if th else 0) + sum(ch) + 2 * MM * s * len(ch) for th, ch in per) + pad

    size, _ = _common_size(st, lambda t: used(t) <= zh)
    band, per = content(size)
    for k, ((zid, title, text, objs), (th, chips)) in enumerate(zip(zones, per)):
        r_, c_ = divmod(k, cols)
        zx = M + c_ * (zw + gap)
        zy = top - (r_ + 1) * zh - r_ * gap
        other = zid == "other"
        sk.add(
            Rect(
                zx,
                zy,
                zw,
                zh,
                fill=paper,
                stroke=look.colour if not other else rule,
                width=1.6 * s,
                dash=(5 * s, 3 * s) if other else (),
                radius=3 * MM * s,
            )
        )
        band_fill = look.colour if not other else readable_tint(look.colour, ink, 0.6)
        band_text = look.text if not other else ink
        sk.add(Rect(zx, zy + zh - band, zw, band, fill=band_fill, radius=3 * MM * s))
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
        y = zy + zh - band - 2 * MM * s
        if text:
            sk.text(
                Block(st.t(text), "italic"), zx + pad, y - th, cw, th, size, st.body_min, ink, f'text of theme "{zid}"'
            )
            y -= th + 2 * MM * s
        for o, ch in zip(objs, chips):
            if y - ch < zy + pad:
                sk.warn(
                    f'the objects of theme "{zid}" do not fit their zone from "{o.id}" on: '
                    "shorten their titles or choose a larger board"
                )
                break
            sk.add(Rect(zx + pad, y - ch, cw, ch, fill=chip_tint, radius=1.5 * MM * s))
            sk.add(
                Icon(types["objects"].icon, zx + pad + cw - chip_pad - 2 * MM * s, y - ch / 2, 4 * MM * s, look.colour)
            )
            sk.text(
                Block(st.t(o.title)),
                zx + pad + chip_pad,
                y - ch + chip_pad,
                cw - 2 * chip_pad - 5 * MM * s,
                ch - 2 * chip_pad,
                size,
                st.body_min,
                ink,
                f'object "{o.id}"',
            )
            y -= ch + 2 * MM * s
        # the rest of the zone is for sticky notes
        if y - (zy + pad) > 22 * MM * s:
            hint = L["board_other_hint"] if other else L["board_notes_hint"]
            sk.text(
                Block(st.t(hint), "small"),
                zx + pad,
                zy + pad,
                cw,
                min(y - zy - pad, 16 * MM * s),
                11 * s,
                8 * s,
                muted,
                "sticky-note hint",
                role="caption",
                align="centre",
                valign="bottom",
            )
    sk.glyph_problems()
    return BoardGeometry("map", name, (W, H), tuple(sk.prims), tuple(sk.problems), tuple(sk.keep))


def materials_resource(kit, ids=()):
    """The first resource with an address among `ids`, then the method's, then the kit's."""
    index = kit.index("resources")
    order = list(ids) + (list(kit.method.resources) if kit.method else []) + [r.id for r in kit.resources]
    for rid in order:
        r = index.get(rid)
        if r is not None and r.qr_url:
            return r
    return None
