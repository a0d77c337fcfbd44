"""The phase-5 modelling sheet, as geometry: two pages of office paper a group fills in to model its path.

Page 1: the key steps of the path (numbered boxes along an arrow), the moments where things moved forward
or tipped over, the path made general. Page 2: the registers of dialogue (the method's `registers`, each
with a tick box and room to say how) and the values the frameworks must guarantee (its `values`, each with
room to say how the path ensures it). The lists are the kit's; the headings are the locale's.
"""

from __future__ import annotations

from deck.layout.geometry import Rect, Seg
from deck.layout.sheets import Pages, SheetStyle, title_block
from deck.layout.sketch import readable_tint
from deck.layout.text import Block
from deck.units import MM

STEPS = 5  # boxes for the key steps
PITCH = 7 * MM  # between writing lines
HEAD_H = 8 * MM  # a section's heading
GAP = 5 * MM  # between sections
ROW_GAP = 2 * MM
BOX_R = 2 * MM
LINE_DASH = (1.2, 1.8)


def modelling_pages(st: SheetStyle, method) -> tuple[list, list]:
    """(pages, problems) of the modelling sheet of `method`."""
    L = st.labels
    c = st.theme.colours
    look = st.theme.types["phases"]
    pg = Pages(st, L["modelling_title"])
    title_block(pg, L["modelling_title"], L["modelling_intro"], look.colour)
    x, w = st.margin, st.inner
    tint = readable_tint(look.colour, c["ink"])

    # page 1: the key steps along an arrow, the tipping points, the path made general
    y = _section(pg, L["modelling_steps"], pg.y)
    gap = 4 * MM
    bw = (w - (STEPS - 1) * gap) / STEPS
    bh = 62 * MM
    for k in range(STEPS):
        bx = x + k * (bw + gap)
        pg.page.add(Rect(bx, y - bh, bw, bh, stroke=c["rule"], width=0.8, radius=BOX_R))
        pg.page.add(Rect(bx, y - 8 * MM, bw, 8 * MM, fill=tint, radius=BOX_R))
        pg.page.line(
            str(k + 1), bx + bw / 2, y - 5.6 * MM, st.fonts.bold, 11, 11, c["ink"], bw, "step number", "centre"
        )
        _lines(pg, bx + 2 * MM, y - 8 * MM, bw - 4 * MM, y - bh)
        if k < STEPS - 1:  # an arrow to the next box
            ax, ay = bx + bw + 0.6 * MM, y - bh / 2
            pg.page.add(
                Seg(ax, ay, ax + gap - 1.2 * MM, ay, c["ink"], 1.2),
                Seg(ax + gap - 1.2 * MM, ay, ax + gap - 2.6 * MM, ay + 1.3 * MM, c["ink"], 1.2),
                Seg(ax + gap - 1.2 * MM, ay, ax + gap - 2.6 * MM, ay - 1.3 * MM, c["ink"], 1.2),
            )
    y -= bh + GAP
    y = _section(pg, L["modelling_tipping"], y)
    th = 62 * MM
    _box(pg, x, y, w, th)
    y -= th + GAP
    y = _section(pg, L["modelling_general"], y)
    _box(pg, x, y, w, max(y - pg.bottom, 20 * MM))

    # page 2: the registers and the values
    pg.new_page()
    y = _section(pg, L["modelling_registers"], pg.y, L["modelling_registers_hint"])
    n = max(1, len(method.registers))
    values = list(method.values)
    room = y - pg.bottom - (2 * HEAD_H + GAP) - len(values) * ROW_GAP - n * ROW_GAP
    rh = min(22 * MM, room / (n + max(1, len(values))))
    label_w = w * 0.5
    for reg in method.registers:
        _row(pg, reg, x, y, w, rh, label_w, tick=True)
        y -= rh + ROW_GAP
    y -= GAP - ROW_GAP
    y = _section(pg, L["modelling_values"], y, L["modelling_values_hint"])
    for value in values:
        _row(pg, value, x, y, w, rh, label_w * 0.55, tick=False, tint=tint)
        y -= rh + ROW_GAP
    pg.furniture()
    return [p.prims for p in pg.pages], [q for p in pg.pages for q in p.problems]


def _section(pg: Pages, text: str, y: float, hint: str | None = None) -> float:
    """A section's heading (and its hint, smaller, beside it); returns the top of what comes under it."""
    st = pg.style
    c = st.theme.colours
    r = pg.page.text(
        Block(st.t(text), "heading"),
        st.margin,
        y - HEAD_H,
        st.inner,
        HEAD_H,
        12,
        10,
        c["ink"],
        f'heading "{text}"',
        role="title",
        valign="centre",
    )
    y -= HEAD_H
    if hint:
        pg.page.text(
            Block(st.t(hint), "italic"),
            st.margin,
            y - 5 * MM,
            st.inner,
            5 * MM,
            9,
            8,
            c["muted"],
            f'hint "{hint}"',
            role="caption",
            valign="top",
        )
        y -= 5.5 * MM
    del r
    return y - 1 * MM


def _lines(pg: Pages, x: float, top: float, w: float, bottom: float) -> None:
    c = pg.style.theme.colours
    y = top - PITCH
    while y > bottom + 2 * MM:
        pg.page.add(Seg(x, y, x + w, y, c["rule"], 0.5, LINE_DASH))
        y -= PITCH


def _box(pg: Pages, x: float, top: float, w: float, h: float) -> None:
    c = pg.style.theme.colours
    pg.page.add(Rect(x, top - h, w, h, stroke=c["rule"], width=0.8, radius=BOX_R))
    _lines(pg, x + 3 * MM, top, w - 6 * MM, top - h)


def _row(pg: Pages, text: str, x: float, top: float, w: float, h: float, label_w: float, tick: bool, tint=None) -> None:
    """A register or a value: its name at the left (after a tick box), writing lines at the right."""
    st = pg.style
    c = st.theme.colours
    pg.page.add(Rect(x, top - h, w, h, fill=tint, stroke=c["rule"], width=0.6, radius=BOX_R))
    tx = x + 2.5 * MM
    if tick:
        s = 4 * MM
        pg.page.add(Rect(tx, top - h / 2 - s / 2, s, s, stroke=c["ink"], width=0.8))
        tx += s + 2.5 * MM
    pg.page.text(
        Block(st.t(text), "heading"),
        tx,
        top - h + 1.5 * MM,
        x + label_w - tx,
        h - 3 * MM,
        10.5,
        8,
        c["ink"],
        f'"{text[:30]}"',
        role="label",
        valign="centre",
    )
    lx = x + label_w + 2 * MM
    if tint:
        pg.page.add(Rect(lx - 1 * MM, top - h, x + w - lx + 1 * MM, h, fill=c["paper"], radius=BOX_R))
    pg.page.add(Seg(lx - 1 * MM, top - h + 1.5 * MM, lx - 1 * MM, top - 1.5 * MM, c["rule"], 0.6))
    _lines(pg, lx + 1 * MM, top + PITCH * 0.35, x + w - lx - 4 * MM, top - h)
