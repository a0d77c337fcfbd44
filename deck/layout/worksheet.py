"""A deck's cards as a worksheet on office paper (a deck with `worksheet: true`): each card a section (its
title, its text, each of its items followed by ruled lines to write on, its back's text), the cards of one
number (a fiche's) on pages of their own under the fiche's title, then a box for the team's decisions."""

from __future__ import annotations

from deck.layout.geometry import Rect, Seg
from deck.layout.sheets import BODY, Pages, SheetStyle, draw_lines, title_block
from deck.layout.text import Block, layout
from deck.units import MM

ITEM_LINES = 2  # ruled lines under each item
TEXT_LINES = 3  # under a card without items
LINE_GAP = 8 * MM  # between two ruled lines
DECIDE_LINES = 4  # in the decisions box that closes a group


def worksheet_pages(st: SheetStyle, title: str, intro: str | None, cards, kit) -> tuple[list, list]:
    """(pages, problems) of the worksheet of `cards` (generic cards, in their order)."""
    L, c = st.labels, st.theme.colours
    colour = st.theme.types["cards"].colour
    fiches = {str(f.number): f for f in kit.fiches}
    pg = Pages(st, title)
    title_block(pg, title, intro, colour)
    group: str | None = None
    first = True
    for card in cards:
        if card.number != group:
            if not first:
                _decide(pg)
                pg.new_page()
            group, first = card.number, False
            f = fiches.get(card.number or "")
            if f is not None:
                head = L["worksheet_fiche"].format(n=f.number, title=f.title)
                _para(pg, Block(st.t(head), "heading"), 13, c["ink"], 2 * MM)
        _para(pg, Block(st.t(card.title), "heading"), 11, c["ink"], 4 * MM, bar=colour)
        if card.text:
            _para(pg, Block(st.t(card.text)), BODY, c["ink"], 1.5 * MM)
        for item in card.items:
            _para(pg, Block(st.t(item), "bullet", "•"), BODY, c["ink"], 1.5 * MM, lines=ITEM_LINES)
        if not card.items:
            _ruled(pg, TEXT_LINES)
        if card.back:
            _para(pg, Block(st.t(card.back), "italic"), BODY - 1, c["muted"], 2 * MM)
    if not first:
        _decide(pg)
    pg.furniture()
    return [p.prims for p in pg.pages], [q for p in pg.pages for q in p.problems]


def _para(
    pg: Pages, block: Block, size: float, colour: str, before: float, lines: int = 0, bar: str | None = None
) -> None:
    """A paragraph at the page's width (and `lines` ruled lines under it, kept with it on one page)."""
    st = pg.style
    x = st.margin + (3 * MM if bar else 0.0)
    got, h = layout([block], st.fonts, size, st.inner - (x - st.margin), st.lang)
    pg.need(before + h + lines * LINE_GAP + (3 * LINE_GAP if block.style == "heading" else 0.0))
    pg.y -= before
    if bar:
        pg.page.add(Rect(st.margin, pg.y - h, 1.5 * MM, h, fill=bar))
    draw_lines(pg.page, got, x, pg.y, colour, "title" if block.style == "heading" else "body")
    pg.y -= h
    if lines:
        _ruled(pg, lines)


def _ruled(pg: Pages, n: int) -> None:
    st = pg.style
    for _ in range(n):
        pg.need(LINE_GAP)
        pg.y -= LINE_GAP
        pg.page.add(Seg(st.margin + 5 * MM, pg.y, st.margin + st.inner, pg.y, st.theme.colours["rule"], 0.6))


def _decide(pg: Pages) -> None:
    """A framed box: what the team decides, who does it, by when."""
    st = pg.style
    c = st.theme.colours
    h = 12 * MM + DECIDE_LINES * LINE_GAP
    pg.need(h + 6 * MM)
    pg.y -= 6 * MM
    top = pg.y
    pg.page.add(Rect(st.margin, top - h, st.inner, h, stroke=c["ink"], width=0.8, radius=1.5 * MM))
    got, th = layout([Block(st.t(st.labels["worksheet_decide"]), "heading")], st.fonts, 11, st.inner - 6 * MM, st.lang)
    draw_lines(pg.page, got, st.margin + 3 * MM, top - 3 * MM, c["ink"], "title")
    y = top - 3 * MM - th
    for _ in range(DECIDE_LINES):
        y -= LINE_GAP
        pg.page.add(Seg(st.margin + 3 * MM, y, st.margin + st.inner - 3 * MM, y, c["rule"], 0.6))
    pg.y = top - h
