"""What each card says: kit items -> card specs (plain data, no geometry yet)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import overload
from urllib.parse import urlsplit

from deck.errors import Loc
from deck.kit.model import DeckSpec, Kit
from deck.layout.text import Block
from deck.layout.typography import typeset


@dataclass(frozen=True)
class QrSpec:
    url: str
    caption: str
    title: str | None = None


@dataclass(frozen=True)
class FaceContent:
    kind: str
    label: str
    title: str | None = None
    number: str | None = None
    mark: str | None = None
    blocks: tuple = ()
    qr: QrSpec | None = None
    common: bool = False  # a deck's common back
    table: str | None = None  # table-set mark on a back (« Table 2 »), see deck build --tables
    added: bool = False  # the item is the kit's addition, not the source's: the card carries the provenance mark


@dataclass(frozen=True)
class CardSpec:
    id: str
    deck_id: str
    front: FaceContent
    back: FaceContent  # the card's own back, or its deck's common back
    loc: Loc = field(default=Loc(""), compare=False)


# A card as a source gives it: its id, where it is written, its front, its own back (None: the deck's
# common back).
Item = tuple[str, Loc, FaceContent, FaceContent | None]


def qr_caption(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or url
    host = host[4:] if host.startswith("www.") else host
    return host


class Views:
    """Builds card specs for one kit, in its language."""

    def __init__(self, kit: Kit, words: dict):
        self.kit = kit
        self.lang = kit.header.text_language
        self.types = words["types"]
        self.labels = words["labels"]
        self.resources = kit.index("resources")

    # -- helpers ---------------------------------------------------------------------------------
    @overload
    def t(self, text: str) -> str: ...

    @overload
    def t(self, text: str | None) -> str | None: ...

    def t(self, text: str | None) -> str | None:
        return typeset(text, self.lang) if text else text

    def para(self, text: str | None, style: str = "body") -> list[Block]:
        if not text:
            return []
        return [Block(self.t(p.strip()), style) for p in text.split("\n\n") if p.strip()]

    def heading(self, key: str) -> Block:
        return Block(self.t(self.labels[key]), "heading")

    def bullets(self, items, marker: str = "•") -> list[Block]:
        return [Block(self.t(x), "bullet", marker) for x in items]

    def numbered(self, items) -> list[Block]:
        return [Block(self.t(x), "number", f"{i}.") for i, x in enumerate(items, 1)]

    def qr_for(self, resource_ids) -> QrSpec | None:
        for rid in resource_ids:
            r = self.resources.get(rid)
            if r and r.qr_url:
                return QrSpec(r.qr_url, qr_caption(r.short_url or r.url), self.t(r.title))
        return None

    def face(self, kind: str, **kw) -> FaceContent:
        kw.setdefault("label", self.types[kind])
        for key in ("title", "mark"):
            kw[key] = self.t(kw.get(key))
        kw["blocks"] = tuple(kw.get("blocks", ()))
        return FaceContent(kind=kind, **kw)

    def questions_back(
        self, kind: str, title: str, questions, label_key: str = "questions", added: bool = False
    ) -> FaceContent | None:
        if not questions:
            return None
        return self.face(kind, title=title, label=self.labels[label_key], blocks=self.numbered(questions), added=added)

    # -- the deck's cards, from the source its `cards:` names ----------------------------------------
    def items(self, deck: DeckSpec) -> Iterator[Item]:
        """(id, source location, front, own back or None) for each card of the deck, once each."""
        cards_of = SOURCES.get(deck.cards)
        if cards_of is not None:
            yield from cards_of(self, deck)

    def common_back(self, deck: DeckSpec) -> FaceContent:
        kind = deck.cards
        return self.face(
            kind,
            title=deck.title,
            blocks=self.para(deck.back, "small"),
            common=True,
            mark=self.t(self.kit.header.title),
        )

    def cards(self, deck: DeckSpec) -> list[CardSpec]:
        common = self.common_back(deck)
        out = []
        for ident, loc, front, back in self.items(deck):
            for _ in range(max(1, deck.copies)):
                out.append(CardSpec(ident, deck.id, front, back or common, loc))
        return out


# -- card sources: one function per value of a deck's `cards:` ------------------------------------------
# Adding a card source: its name in deck.kit.model.CARD_SOURCES (what a kit may write) and one function
# here, registered under that name.
SOURCES: dict[str, Callable[[Views, DeckSpec], Iterator[Item]]] = {}


def source(cards: str):
    """Register a function as the source of the decks whose `cards:` is `cards`."""

    def register(fn):
        SOURCES[cards] = fn
        return fn

    return register


def _in_scenario(v: Views, actor, scen: str | None) -> bool:
    """An actor belongs to a scenario deck when it names the scenario, or names none and the scenario
    lists it."""
    if not scen:
        return True
    if actor.scenarios:
        return scen in actor.scenarios
    sc = v.kit.index("scenarios").get(scen)
    return not sc or actor.id in sc.actors


@source("actors")
def actor_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    for a in v.kit.actors:
        if not _in_scenario(v, a, deck.scenario):
            continue
        blocks = ([Block(v.t(a.full_name), "italic")] if a.full_name else []) + v.para(a.role)
        front = v.face("actors", title=a.name, blocks=blocks, qr=v.qr_for(a.resources), added=bool(a.added))
        yield a.id, a.loc, front, None


@source("events")
def event_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    scen = deck.scenario
    for e in v.kit.events:
        if scen and e.scenario != scen:
            continue
        added = bool(e.added)
        front = v.face("events", title=e.title, blocks=v.para(e.text), qr=v.qr_for(e.resources), added=added)
        yield e.id, e.loc, front, v.questions_back("events", e.title, e.questions, added=added)


@source("objects")
def object_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    scen = deck.scenario
    themes = v.kit.index("object_themes")
    for o in v.kit.objects:
        if scen and scen not in o.scenarios:
            continue
        mark = themes[o.theme].title if o.theme in themes else None
        front = v.face(
            "objects", title=o.title, mark=mark, blocks=v.para(o.text), qr=v.qr_for(o.resources), added=bool(o.added)
        )
        yield o.id, o.loc, front, None


@source("modalities")
def modality_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    scen = deck.scenario
    for m in v.kit.modalities:
        if scen and m.scenario != scen:
            continue
        blocks = v.para(m.text) + v.bullets(m.features)
        front = v.face("modalities", title=m.title, blocks=blocks, qr=v.qr_for(m.resources), added=bool(m.added))
        yield m.id, m.loc, front, None


def _scenarios(v: Views, deck: DeckSpec):
    return [s for s in v.kit.scenarios if not deck.scenario or s.id == deck.scenario]


@source("scenarios")
def scenario_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    for s in _scenarios(v, deck):
        blocks = ([Block(v.t(s.setting), "italic")] if s.setting else []) + v.para(s.summary)
        front = v.face(
            "scenarios",
            title=s.title,
            number=str(s.number),
            blocks=blocks,
            qr=v.qr_for(s.resources),
            added=bool(s.added),
        )
        back = v.face(
            "scenarios",
            label=v.labels["start"],
            title=s.start.title or s.title,
            blocks=v.para(s.start.card) + v.numbered(s.start.questions),
            added=bool(s.added or s.start.added),
        )
        yield s.id, s.loc, front, back


@source("stages")
def stage_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    """A scenario's starting point, its stages, its arrival: a card each."""
    for s in _scenarios(v, deck):
        sc_label = f"{v.labels['scenario']} {s.number}"
        yield _end_card(v, s, "start", s.start, sc_label)
        for st in s.stages:
            face = v.face(
                "stages",
                label=f"{sc_label} · {v.labels['stage']} {st.number}",
                title=st.title,
                number=str(st.number),
                mark=st.mark,
                blocks=v.para(st.card),
                added=bool(st.added),
            )
            yield st.id, st.loc, face, v.questions_back("stages", st.title, st.questions)
        yield _end_card(v, s, "arrival", s.arrival, sc_label)


def _end_card(v: Views, s, key: str, end, sc_label: str) -> Item:
    """The card of a scenario's starting point (key "start") or arrival ("arrival")."""
    L = v.labels
    added = bool(end.added)
    face = v.face(
        "stages", label=f"{sc_label} · {L[key]}", title=end.title or L[key], blocks=v.para(end.card), added=added
    )
    return f"{s.id}-{key}", end.loc, face, v.questions_back("stages", L[key], end.questions, added=added)


@source("phases")
def phase_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    method = v.kit.method
    if not method:
        return
    for p in method.phases:
        front = v.face(
            "phases",
            title=p.title,
            number=str(p.number),
            blocks=v.para(p.text),
            qr=v.qr_for(method.resources),
            added=bool(p.added),
        )
        yield p.id, p.loc, front, v.questions_back("phases", p.title, p.prompts, "prompts", added=bool(p.added))


@source("materials")
def material_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    if not v.kit.method:
        return
    for m in v.kit.method.materials:
        yield m.id, m.loc, v.face("materials", title=m.title, blocks=v.para(m.text), added=bool(m.added)), None


@source("fiches")
def fiche_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    for f in v.kit.fiches:
        blocks = [v.heading("context")] + v.para(f.context) + [v.heading("stakes")] + v.para(f.stakes)
        back = v.face(
            "fiches",
            title=f.title,
            label=v.labels["five_questions"],
            blocks=v.numbered(f.questions),
            qr=v.qr_for(f.resources),
            added=bool(f.added),
        )
        front = v.face("fiches", title=f.title, number=str(f.number), blocks=blocks, added=bool(f.added))
        yield f.id, f.loc, front, back


@source("cases")
def case_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    """The case study of each fiche that has one; its back, the fiche's opportunities and risks."""
    for f in v.kit.fiches:
        c = f.case
        if not c:
            continue
        blocks = ([Block(v.t(c.organisation), "italic")] if c.organisation else []) + v.para(c.text)
        back_blocks = []
        if f.opportunities:
            back_blocks += [v.heading("opportunities")] + v.bullets(f.opportunities, "+")
        if f.risks:
            back_blocks += [v.heading("risks")] + v.bullets(f.risks, "–")
        back = None
        if back_blocks:
            back = v.face("cases", title=f.title, label=f"{v.types['fiches']} {f.number}", blocks=back_blocks)
        label = v.t(c.label) if c.label else v.types["cases"]
        front = v.face("cases", label=label, title=c.title, number=str(f.number), blocks=blocks, added=bool(c.added))
        yield f"{f.id}-case", c.loc, front, back


@source("quiz")
def quiz_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    q = v.kit.quiz
    if not q:
        return
    scale = " · ".join(f"{s.label} = {s.points}" for s in q.scale)
    for th in q.themes:
        back = v.face(
            "quiz",
            title=q.title,
            label=v.labels["answers"],
            blocks=v.para(q.intro) + [Block(v.t(scale), "heading")],
        )
        front = v.face("quiz", title=th.title, blocks=v.bullets(th.statements, "☐"), added=bool(th.added))
        yield th.id, th.loc, front, back


@source("resources")
def resource_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    for r in v.kit.resources:
        blocks = [Block(v.t(r.publisher), "italic")] if r.publisher else []
        if not r.url:
            blocks.append(Block(v.t(v.labels["no_url"]), "small"))
        qr = QrSpec(r.short_url or r.url, qr_caption(r.short_url or r.url), None) if r.url else None
        yield r.id, r.loc, v.face("resources", title=r.title, blocks=blocks, qr=qr, added=bool(r.added)), None


@source("cards")
def generic_cards(v: Views, deck: DeckSpec) -> Iterator[Item]:
    """Generic cards, those of the deck's `type:` only when it has one."""
    for c in v.kit.cards:
        if deck.type and c.type != deck.type:
            continue
        label = v.t(c.type) or v.types["cards"]
        front = v.face(
            "cards",
            label=label,
            title=c.title,
            number=c.number,
            blocks=v.para(c.text) + v.bullets(c.items),
            qr=v.qr_for(c.resources),
            added=bool(c.added),
        )
        back = (
            v.face("cards", label=label, title=c.title, blocks=v.para(c.back), added=bool(c.added)) if c.back else None
        )
        yield c.id, c.loc, front, back
