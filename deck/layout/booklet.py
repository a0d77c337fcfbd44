"""A scenario's facilitator booklet, as geometry: pages on office paper for the facilitator alone.

What the cards only sum up is here in full: the context, the starting situation (its card, its long text,
its questions), every stage's narrative with its questions, actors and events, the arrival (its card, its
text, its questions, its new modalities and objects). Before them, phase by phase, which of the scenario's
cards are dealt (the phase's `cards`), what stays face down (its `hold`) and what is turned over at its
debrief (its `reveal`): the method is generative, so the stages and the arrival come after the group's own.
"""

from __future__ import annotations

from deck.kit.scenarios import scenario_cards
from deck.layout.card import scenario_mark
from deck.layout.flow import BODY, bullets, flow, heading, row, titled_rows
from deck.layout.geometry import Icon, Rect
from deck.layout.guide import minutes_of
from deck.layout.sheets import Pages, SheetStyle
from deck.layout.sketch import readable_tint
from deck.layout.text import Block
from deck.style.theme import plural
from deck.units import MM

BAND_H = 34 * MM
BADGE = 16 * MM  # the scenario's mark in the title band


def booklet_pages(st: SheetStyle, kit, sc, words: dict) -> tuple[list, list]:
    """(pages, problems) of scenario `sc`'s booklet; `words`: the locale's (its types name the kinds of cards,
    its plurals count them)."""
    L, types = st.labels, words["types"]
    name = f"{L['booklet_title']} · {L['scenario']} {sc.number}"
    pg = Pages(st, name)
    problems: list = []
    _title(pg, sc, name)
    flow(pg, [Block(st.t(L["booklet_intro"]), "italic")], before=1 * MM)
    flow(pg, [Block(st.t(L["booklet_mark"]))], before=1 * MM)

    heading(pg, L["booklet_context"])
    if sc.setting:
        flow(pg, [Block(st.t(sc.setting), "heading")], before=1 * MM)
    flow(pg, _paras(st, sc.summary), before=1 * MM)

    names = _card_names(st, kit, sc, types)
    m = kit.method
    if m and m.phases:
        heading(pg, L["booklet_run"])
        tint = readable_tint(st.theme.types["phases"].colour, st.theme.colours["ink"])
        minutes = minutes_of(L, m.phases)
        for k, p in enumerate(m.phases):
            title = L["guide_phase"].format(n=p.number, title=p.title)
            if minutes:
                title += " — " + L["minutes"].format(n=minutes[k])
            rows: list[tuple[str, list[Block], str | None]] = []
            for key, kinds in (("booklet_deal", p.cards), ("booklet_reveal", p.reveal)):
                listed = [names[x] for x in kinds if x in names]
                if key == "booklet_deal" and p.deal:
                    listed.append(p.deal)
                if listed:
                    rows.append((L[key], [Block(st.t(x), "bullet", "•") for x in listed], None))
                if key == "booklet_deal" and p.hold:
                    rows.append((L["guide_run_hold"], [Block(st.t(p.hold))], tint))
            titled_rows(pg, title, 11.5, 3.5 * MM, rows)

    heading(pg, L["booklet_start"])
    start = sc.start
    if start.title:
        flow(pg, [Block(st.t(start.title), "heading")], before=1 * MM)
    flow(pg, _paras(st, start.card, "italic") + _paras(st, start.text), before=1 * MM)
    _questions(pg, start.questions)

    pg.need(60 * MM)  # the heading, its note and the start of the first stage together
    heading(pg, L["booklet_stages"])
    flow(pg, [Block(st.t(L["booklet_stages_note"]), "italic")], 9.5, st.theme.colours["muted"], before=0.5 * MM)
    actors, events = kit.index("actors"), kit.index("events")
    for stage in sc.stages:
        title = f"{L['stage']} {stage.number} — {stage.title}"
        if stage.mark:
            title += f" ({stage.mark})"
        flow(pg, [Block(st.t(title), "heading")], 11.5, before=4 * MM, role="title")
        flow(pg, _paras(st, stage.narrative or stage.card), before=1 * MM)
        _questions(pg, stage.questions)
        who = [actors[a].name for a in stage.actors if a in actors]
        if who:
            row(pg, L["booklet_actors"], [Block(st.t(", ".join(who)))])
        what = [events[e].title for e in stage.events if e in events]
        if what:
            row(pg, L["booklet_events"], [Block(st.t(x), "bullet", "•") for x in what])

    pg.need(50 * MM)
    heading(pg, L["booklet_arrival"])
    flow(pg, [Block(st.t(L["booklet_arrival_note"]), "italic")], 9.5, st.theme.colours["muted"], before=0.5 * MM)
    arrival = sc.arrival
    if arrival.title:
        flow(pg, [Block(st.t(arrival.title), "heading")], before=1 * MM)
    flow(pg, _paras(st, arrival.card, "italic") + _paras(st, arrival.text), before=1 * MM)
    _questions(pg, arrival.questions)
    own = scenario_cards(kit, sc.id)
    for kind, key in (("modalities", "board_new_modalities"), ("objects", "board_new_objects")):
        items = own[kind]
        if items:
            flow(pg, [Block(st.t(L[key]), "heading")], 11, before=3 * MM, role="title")
            for x in items:
                text = L["booklet_named"].format(label=x.title, title=x.text) if x.text else x.title
                flow(pg, [Block(st.t(text), "bullet", "•")], 9.5, before=1 * MM)

    heading(pg, L["booklet_cards"])
    counts = [(types[k], len(own[k])) for k in ("actors", "events", "modalities", "objects")]
    counts[:0] = [(types["scenarios"], 1), (types["stages"], len(sc.stages) + 2)]
    bullets(pg, [L["booklet_named"].format(label=label, title=plural(words, "cards", n)) for label, n in counts if n])
    pg.furniture()
    return [p.prims for p in pg.pages], problems + [q for p in pg.pages for q in p.problems]


def _paras(st: SheetStyle, text: str | None, style: str = "body") -> list[Block]:
    return [Block(st.t(p.strip()), style) for p in (text or "").split("\n\n") if p.strip()]


def _questions(pg: Pages, questions) -> None:
    st = pg.style
    if questions:
        row(pg, st.labels["booklet_questions"], [Block(st.t(q), "number", f"{k}.") for k, q in enumerate(questions, 1)])


def _card_names(st: SheetStyle, kit, sc, types: dict) -> dict[str, str]:
    """What each kind a phase may name stands for in this scenario, as a line of the booklet."""
    L = st.labels
    own = scenario_cards(kit, sc.id)
    none = L["booklet_none"]

    def line(kind_label: str, titles) -> str:
        titles = [t for t in titles if t]
        return L["booklet_line"].format(label=kind_label, n=len(titles), items="; ".join(titles) if titles else none)

    def named(label: str, title: str) -> str:
        return L["booklet_named"].format(label=label, title=title)

    stages = [f"{s.number}. {s.title}" for s in sc.stages]
    return {
        "scenarios": named(f"{types['scenarios']} {sc.number}", sc.title),
        "start": named(L["start"], sc.start.title) if sc.start.title else L["start"],
        "stages": line(types["stages"], stages),
        "arrival": sc.arrival.title or L["arrival"],
        "actors": line(types["actors"], [a.name for a in own["actors"]]),
        "events": line(types["events"], [e.title for e in own["events"]]),
        "modalities": line(types["modalities"], [m.title for m in own["modalities"]]),
        "objects": line(types["objects"], [o.title for o in own["objects"]]),
    }


def _title(pg: Pages, sc, name: str) -> None:
    """The title band in the scenarios' colour, the scenario's mark (shape and number) at its right."""
    st = pg.style
    look = st.theme.types["scenarios"]
    top = pg.y
    pg.page.add(Rect(st.margin, top - BAND_H, st.inner, BAND_H, fill=look.colour))
    text_w = st.inner - BADGE - 14 * MM
    pg.page.text(
        Block(st.t(name), "heading"),
        st.margin + 5 * MM,
        top - 11 * MM,
        text_w,
        8 * MM,
        12,
        9,
        look.text,
        "booklet label",
        role="label",
        valign="centre",
    )
    pg.page.text(
        Block(st.t(sc.title), "heading"),
        st.margin + 5 * MM,
        top - 32 * MM,
        text_w,
        21 * MM,
        17,
        10,
        look.text,
        "booklet title",
        role="title",
        valign="centre",
    )
    shape, colour = scenario_mark(sc.number)
    cx, cy = st.margin + st.inner - 5 * MM - BADGE / 2, top - BAND_H / 2
    paper = st.theme.colours["paper"]
    pg.page.add(
        Rect(
            cx - BADGE / 2 - 2 * MM, cy - BADGE / 2 - 2 * MM, BADGE + 4 * MM, BADGE + 4 * MM, fill=paper, radius=3 * MM
        )
    )
    pg.page.add(Icon(shape, cx, cy + 2.5 * MM, BADGE * 0.62, colour))
    pg.page.line(
        str(sc.number),
        cx,
        cy - BADGE / 2 + 0.5 * MM,
        st.fonts.bold,
        13,
        13,
        st.theme.colours["ink"],
        BADGE,
        "scenario mark",
        "centre",
    )
    pg.y = top - BAND_H - 6 * MM


__all__ = ["BODY", "booklet_pages"]
