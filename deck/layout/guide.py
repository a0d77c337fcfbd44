"""The facilitator guide, as geometry: a few pages on office paper that say what the kit holds, how to print
it and how to run the workshop. Its words come from the locale (`guide_*` labels) and from the kit.

The text flows: each paragraph is laid out by `text.layout` at the page's width, then its lines are set
page after page; a heading never ends a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from deck.layout.boards import phase_minutes
from deck.layout.card import scenario_mark
from deck.layout.flow import BODY, bullets, flow, heading, titled_rows
from deck.layout.geometry import Icon, Rect
from deck.layout.sheets import Pages, SheetStyle, draw_lines
from deck.layout.sketch import readable_tint
from deck.layout.text import Block, layout
from deck.units import MM


@dataclass(frozen=True)
class PrintFacts:
    """How this build was made, for the « how to print » section."""

    paper: str  # « A4 »
    duplex: str  # long | short | none | fold
    print_shop: bool
    boards: bool
    board_size: str  # « A2 »
    overlaps_mm: tuple  # the distinct overlaps of the boards' tiles, smallest first: (10.0,) or (8.0, 10.0)


def _span(values: tuple) -> str:
    """« 10 », or « 8–11 » from the smallest to the largest."""
    ends = (values[0], values[-1]) if values[0] != values[-1] else values[:1]
    return "–".join(f"{v:g}" for v in ends)


def _heading(pg: Pages, text: str) -> None:
    heading(pg, text)


def _bullets(pg: Pages, items, marker: str = "•") -> None:
    bullets(pg, items, marker)


def _flow(pg: Pages, blocks, size: float = BODY, colour: str | None = None, before: float = 0.0, **kw) -> None:
    flow(pg, blocks, size, colour, before, **kw)


def minutes_of(labels: dict, phases) -> list[int]:
    """Each phase's minutes: its own `minutes`, else the locale's `phase_minutes`; [] when some are unknown."""
    fallback = phase_minutes(labels, len(phases))
    out = []
    for k, p in enumerate(phases):
        if p.minutes is not None:
            out.append(p.minutes)
        elif fallback:
            out.append(fallback[k])
        else:
            return []
    return out


def run_sheet(pg: Pages, method) -> None:
    """The run sheet: phase by phase, its time, what goes on the table, the facilitator's words, the prompts,
    what stays face down, what comes out, the debrief; then when the map of dialogue objects is used."""
    st = pg.style
    L = st.labels
    minutes = minutes_of(L, method.phases)
    total = sum(minutes)
    prepare = method.run_intro or L["guide_prepare"]
    if total:
        prepare += " " + L["guide_total"].format(h=total // 60, m=f"{total % 60:02d}")
    _flow(pg, [Block(st.t(p.strip())) for p in prepare.split("\n\n") if p.strip()], before=1 * MM)
    if method.objectives:
        _flow(pg, [Block(st.t(L["objectives"]), "heading")], before=2 * MM)
        _bullets(pg, method.objectives)
    tint = readable_tint(st.theme.types["phases"].colour, st.theme.colours["ink"])
    for k, p in enumerate(method.phases):
        title = L["guide_phase"].format(n=p.number, title=p.title)
        if minutes:
            title += " — " + L["minutes"].format(n=minutes[k])
        rows: list[tuple[str, list[Block], str | None]] = []  # (label, blocks, tint)
        for key, text, style in (("guide_run_deal", p.deal, "body"), ("guide_run_words", p.words, "italic")):
            if text:
                rows.append((L[key], [Block(st.t(text), style)], None))
        if p.prompts:
            rows.append((L["guide_run_prompts"], [Block(st.t(x), "bullet", "–") for x in p.prompts], None))
        for key, text in (("guide_run_hold", p.hold), ("guide_run_output", p.output), ("guide_run_debrief", p.debrief)):
            if text:
                rows.append((L[key], [Block(st.t(text))], tint if key == "guide_run_hold" else None))
        intro = [Block(st.t(p.text), "italic")] if p.text and not (p.deal or p.words) else None
        titled_rows(pg, title, 12, 4 * MM, rows, intro)
    if method.map_use:
        _flow(pg, [Block(st.t(L["guide_run_map"]), "heading")], 12, before=4 * MM, role="title")
        _flow(pg, [Block(st.t(method.map_use))], before=0.5 * MM)


def _marks(pg: Pages, kit) -> None:
    """The legend of the scenario marks: each scenario's shape and colour, its number and title."""
    st = pg.style
    _heading(pg, st.labels["guide_marks"])
    _flow(pg, [Block(st.t(st.labels["guide_marks_text"]))], before=1 * MM)
    side = 4.2 * MM
    indent = side + 3 * MM
    ink = st.theme.colours["ink"]
    for sc in kit.scenarios:
        shape, colour = scenario_mark(sc.number)
        lines, h = layout([Block(st.t(f"{sc.number}. {sc.title}"))], st.fonts, BODY, st.inner - indent, st.lang)
        pg.y -= 1.5 * MM
        pg.need(h + BODY * 0.35)
        first = pg.y - lines[0].y  # the first line's baseline
        pg.page.add(Icon(shape, st.margin + side / 2, first + BODY * 0.33, side, colour))
        draw_lines(pg.page, lines, st.margin + indent, pg.y, ink)
        pg.y -= h + BODY * 0.35


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

    if kit.scenarios:
        _marks(pg, kit)

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
            L["guide_print_tiles"].format(overlap=_span(facts.overlaps_mm)),
        ]
    items.append(L["guide_print_sheets"].format(paper=facts.paper))
    _bullets(pg, items)

    has_run = bool(kit.method and any(p.deal or p.words or p.debrief for p in kit.method.phases))
    _heading(pg, L["guide_run_sheet"] if has_run else L["guide_run"])
    m = kit.method
    if m and m.phases:
        run_sheet(pg, m)
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
