"""The facilitator guide, as geometry: a few pages on office paper that say what the kit holds, how to print
it and how to run the workshop. Its words come from the locale (`guide_*` labels) and from the kit.

The text flows: each paragraph is laid out by `text.layout` at the page's width, then its lines are set
page after page; a heading never ends a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from deck.layout.boards import phase_minutes
from deck.layout.geometry import Rect
from deck.layout.sheets import Pages, SheetStyle, draw_lines
from deck.layout.text import Block, layout
from deck.units import MM

BODY = 10.5


@dataclass(frozen=True)
class PrintFacts:
    """How this build was made, for the « how to print » section."""

    paper: str  # « A4 »
    duplex: str  # long | short | none | fold
    print_shop: bool
    boards: bool
    board_size: str  # « A2 »
    overlap_mm: float


def _flow(
    pg: Pages,
    blocks,
    size: float = BODY,
    colour: str | None = None,
    before: float = 0.0,
    heading_ratio: float = 1.0,
    role: str = "body",
) -> None:
    st = pg.style
    colour = colour or st.theme.colours["ink"]
    lines, h = layout(list(blocks), st.fonts, size, st.inner, st.lang, heading_ratio)
    if not lines:
        return
    first = lines[0].size * 1.25
    if any(b.style == "heading" for b in blocks):  # keep a heading with three lines of what follows
        pg.need(h + 3 * BODY * 1.3 + before)
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
        draw_lines(pg.page, [line], st.margin, y + line.y, colour, role)
        last = line.y - offset
    pg.y -= last + size * 0.35


def _heading(pg: Pages, text: str) -> None:
    st = pg.style
    _flow(pg, [Block(st.t(text), "heading")], 13, before=5 * MM, role="title")


def _bullets(pg: Pages, items, marker: str = "•") -> None:
    st = pg.style
    for k, item in enumerate(items, 1):
        _flow(pg, [Block(st.t(item), "bullet", marker if marker != "1." else f"{k}.")], before=1.2 * MM)


def added_items(kit, labels: dict) -> list[tuple[str, str]]:
    """(title, why) of every item the kit marks as its own addition (`added:`), in the kit's order."""
    out: list[tuple[str, str]] = []

    def take(item, title: str) -> None:
        if getattr(item, "added", None):
            out.append((title, item.added))

    for a in kit.actors:
        take(a, a.name)
    for e in kit.events:
        take(e, e.title)
    for o in kit.objects:
        take(o, o.title)
    for m in kit.modalities:
        take(m, m.title)
    for sc in kit.scenarios:
        where = f"{labels['scenario']} {sc.number}"
        take(sc, sc.title)
        take(sc.start, f"{where} · {labels['start']}")
        for s in sc.stages:
            take(s, f"{where} · {labels['stage']} {s.number} · {s.title}")
        take(sc.arrival, f"{where} · {labels['arrival']}")
    if kit.method:
        for p in kit.method.phases:
            take(p, p.title)
        for mat in kit.method.materials:
            take(mat, mat.title)
    for f in kit.fiches:
        take(f, f.title)
        if f.case:
            take(f.case, f.case.title)
    if kit.quiz:
        for th in kit.quiz.themes:
            take(th, th.title)
    for r in kit.resources:
        take(r, r.title)
    for c in kit.cards:
        take(c, c.title)
    return out


def guide_pages(st: SheetStyle, kit, contents: list, facts: PrintFacts) -> tuple[list, list]:
    """(pages, problems) of the guide. `contents` lists the outputs of the build, one line each."""
    L = st.labels
    c = st.theme.colours
    h = kit.header
    pg = Pages(st, L["guide_title"])
    look = st.theme.types["phases"]
    pg.page.add(Rect(st.margin, pg.y - 34 * MM, st.inner, 34 * MM, fill=look.colour))
    pg.page.text(
        Block(st.t(L["guide_title"]), "heading"),
        st.margin + 5 * MM,
        pg.y - 11 * MM,
        st.inner - 10 * MM,
        8 * MM,
        12,
        9,
        look.text,
        "guide label",
        role="label",
        valign="centre",
    )
    pg.page.text(
        [Block(st.t(h.title), "heading")] + ([Block(st.t(h.subtitle))] if h.subtitle else []),
        st.margin + 5 * MM,
        pg.y - 32 * MM,
        st.inner - 10 * MM,
        21 * MM,
        20,
        11,
        look.text,
        "guide title",
        role="title",
        valign="centre",
        heading_ratio=1.35,
    )
    pg.y -= 40 * MM
    if h.description:
        _flow(pg, [Block(st.t(p.strip())) for p in h.description.split("\n\n") if p.strip()])

    _heading(pg, L["guide_contents"])
    _bullets(pg, contents)

    _heading(pg, L["guide_print"])
    items = [L["guide_print_scale"]]
    if facts.print_shop:
        items.append(L["guide_print_shop"])
    elif facts.duplex == "fold":
        items.append(L["guide_print_fold"].format(paper=facts.paper))
    elif facts.duplex == "none":
        items.append(L["guide_print_backs"].format(paper=facts.paper))
    else:
        items.append(L["guide_print_duplex"].format(paper=facts.paper, duplex=L[f"duplex_{facts.duplex}"]))
    if not facts.print_shop:
        items += [L["guide_print_stock"], L["guide_print_cut"]]
    if facts.boards:
        items += [
            L["guide_print_boards"].format(size=facts.board_size, paper=facts.paper),
            L["guide_print_tiles"].format(overlap=f"{facts.overlap_mm:g}"),
        ]
    items.append(L["guide_print_sheets"].format(paper=facts.paper))
    _bullets(pg, items)

    _heading(pg, L["guide_run"])
    m = kit.method
    if m and m.phases:
        minutes = phase_minutes(L, len(m.phases))
        total = sum(minutes)
        prepare = L["guide_prepare"]
        if total:
            prepare += " " + L["guide_total"].format(h=total // 60, m=f"{total % 60:02d}")
        _flow(pg, [Block(st.t(prepare))], before=1 * MM)
        if m.objectives:
            _flow(pg, [Block(st.t(L["objectives"]), "heading")], before=2 * MM)
            _bullets(pg, m.objectives)
        for k, p in enumerate(m.phases):
            title = L["guide_phase"].format(n=p.number, title=p.title)
            if minutes:
                title += " — " + L["minutes"].format(n=minutes[k])
            _flow(pg, [Block(st.t(title), "heading")], before=3 * MM)
            if p.prompts:
                _bullets(pg, p.prompts, "–")
    else:
        steps = [x.strip() for x in L["guide_steps"].split("|") if x.strip()]
        _bullets(pg, steps, "1.")
    if kit.quiz:
        _flow(pg, [Block(st.t(L["guide_quiz"]))], before=2 * MM)

    added = added_items(kit, L)
    if added:
        _heading(pg, L["guide_added_title"])
        _flow(pg, [Block(st.t(L["guide_added"]))], before=1 * MM)
        _bullets(pg, [L["guide_added_item"].format(title=t, why=why) for t, why in added], "–")

    if h.credits or h.licence:
        _heading(pg, L["guide_credits"])
        _bullets(pg, list(h.credits))
        if h.licence:
            _flow(pg, [Block(st.t(h.licence), "italic")], 9.5, c["muted"], before=2 * MM)
    pg.furniture()
    return [p.prims for p in pg.pages], [q for p in pg.pages for q in p.problems]
