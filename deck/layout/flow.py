"""Text that flows down pages of office paper (the guide, the facilitator booklets): paragraphs laid out by
`text.layout` at the page's width, their lines set page after page; a heading never ends a page (it keeps
three lines of what follows, or the whole row that follows, with it); a labelled row (a bold label in a
narrow column, its text beside it) is kept whole on one page.
"""

from __future__ import annotations

from deck.layout.geometry import Rect
from deck.layout.sheets import Pages, draw_lines
from deck.layout.text import Block, layout
from deck.units import MM

BODY = 10.5
HEADING = 13
LABEL_W = 34 * MM  # the label column of a row
LABEL_GAP = 3 * MM


def flow(
    pg: Pages,
    blocks,
    size: float = BODY,
    colour: str | None = None,
    before: float = 0.0,
    heading_ratio: float = 1.0,
    role: str = "body",
    indent: float = 0.0,
    keep: float | None = None,
) -> None:
    """Blocks at the page's width (less `indent`), line after line, over as many pages as they need. A
    heading is kept on the page of what follows it: `keep` points of it (a row's height: `row_height`),
    else three lines."""
    st = pg.style
    colour = colour or st.theme.colours["ink"]
    lines, h = layout(list(blocks), st.fonts, size, st.inner - indent, st.lang, heading_ratio)
    if not lines:
        return
    first = lines[0].size * 1.25
    if any(b.style == "heading" for b in blocks):
        pg.need(h + (3 * BODY * 1.3 if keep is None else keep) + before)
    pg.y -= before
    pg.need(first)
    offset = 0.0
    last = 0.0
    for line in lines:
        y = pg.y - (line.y - offset)
        if y - line.size * 0.3 < pg.bottom:
            pg.new_page()
            offset = line.y - line.size
            y = pg.y - (line.y - offset)
        draw_lines(pg.page, [line], st.margin + indent, y + line.y, colour, role)
        last = line.y - offset
    pg.y -= last + size * 0.35


def heading(pg: Pages, text: str, size: float = HEADING, before: float = 5 * MM) -> None:
    flow(pg, [Block(pg.style.t(text), "heading")], size, before=before, role="title")


def bullets(pg: Pages, items, marker: str = "•", size: float = BODY, indent: float = 0.0) -> None:
    st = pg.style
    for k, item in enumerate(items, 1):
        mark = f"{k}." if marker == "1." else marker
        flow(pg, [Block(st.t(item), "bullet", mark)], size, before=1.2 * MM, indent=indent)


def _row_lines(pg: Pages, label: str, blocks, size: float):
    st = pg.style
    llines, lh = layout([Block(st.t(label), "heading")], st.fonts, size * 0.92, LABEL_W, st.lang)
    blines, bh = layout(list(blocks), st.fonts, size, st.inner - LABEL_W - LABEL_GAP, st.lang)
    return llines, blines, max(lh, bh)


def row_height(pg: Pages, label: str, blocks, size: float = BODY, before: float = 1.8 * MM) -> float:
    """The room `row` takes on a page (for a row taller than a page, which flows on: three lines)."""
    h = _row_lines(pg, label, blocks, size)[2]
    return before + (h + size * 0.35 if h <= pg.top - pg.bottom else 3 * size * 1.3)


def titled_rows(pg: Pages, title: str, size: float, before: float, rows: list, intro=None) -> None:
    """A title, then its `intro` (blocks, if any), then its `rows` ((label, blocks, tint) each): the title kept
    on the page of the first row (or of its intro's first three lines)."""
    keep = row_height(pg, rows[0][0], rows[0][1]) if rows and not intro else None
    flow(pg, [Block(pg.style.t(title), "heading")], size, before=before, role="title", keep=keep)
    if intro:
        flow(pg, intro, before=0.5 * MM)
    for label, blocks, tint in rows:
        row(pg, label, blocks, tint=tint)


def row(pg: Pages, label: str, blocks, size: float = BODY, before: float = 1.8 * MM, tint: str | None = None) -> None:
    """A bold label in the left column, its blocks beside it; the row is kept on one page (a row taller than
    a page flows on, label first)."""
    st = pg.style
    ink = st.theme.colours["ink"]
    llines, blines, h = _row_lines(pg, label, blocks, size)
    pg.y -= before
    if h > pg.top - pg.bottom:
        flow(pg, [Block(st.t(label), "heading")], size * 0.92)
        flow(pg, blocks, size, indent=LABEL_W + LABEL_GAP)
        return
    pg.need(h + size * 0.35)
    if tint:
        pad = 1.2 * MM
        pg.page.add(Rect(st.margin - pad, pg.y - h - pad, st.inner + 2 * pad, h + 2 * pad, fill=tint))
    draw_lines(pg.page, llines, st.margin, pg.y, ink, "label")
    draw_lines(pg.page, blines, st.margin + LABEL_W + LABEL_GAP, pg.y, ink)
    pg.y -= h + size * 0.35
