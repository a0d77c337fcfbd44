"""What each card says: kit items -> card specs (plain data, no geometry yet)."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class CardSpec:
    id: str
    deck_id: str
    front: FaceContent
    back: FaceContent  # the card's own back, or its deck's common back
    loc: Loc = field(default=Loc(""), compare=False)


def qr_caption(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or url
    host = host[4:] if host.startswith("www.") else host
    return host


class Views:
    """Builds card specs for one kit, in its language."""

    def __init__(self, kit: Kit, words: dict):
        self.kit = kit
        self.lang = kit.header.language
        self.types = words["types"]
        self.labels = words["labels"]
        self.resources = kit.index("resources")

    # -- helpers ---------------------------------------------------------------------------------
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

    def questions_back(self, kind: str, title: str, questions, label_key: str = "questions") -> FaceContent | None:
        if not questions:
            return None
        return self.face(kind, title=title, label=self.labels[label_key], blocks=self.numbered(questions))

    # -- one method per deck source ---------------------------------------------------------------
    def items(self, deck: DeckSpec):
        k = self.kit
        scen = deck.scenario
        if deck.cards == "actors":
            for a in k.actors:
                if scen and a.scenarios and scen not in a.scenarios:
                    continue
                if scen and not a.scenarios:
                    sc = k.index("scenarios").get(scen)
                    if sc and a.id not in sc.actors:
                        continue
                blocks = ([Block(self.t(a.full_name), "italic")] if a.full_name else []) + self.para(a.role)
                yield a.id, a.loc, self.face("actors", title=a.name, blocks=blocks, qr=self.qr_for(a.resources)), None
        elif deck.cards == "events":
            for e in k.events:
                if scen and e.scenario != scen:
                    continue
                yield (
                    e.id,
                    e.loc,
                    self.face("events", title=e.title, blocks=self.para(e.text), qr=self.qr_for(e.resources)),
                    self.questions_back("events", e.title, e.questions),
                )
        elif deck.cards == "objects":
            themes = k.index("object_themes")
            for o in k.objects:
                if scen and scen not in o.scenarios:
                    continue
                mark = themes[o.theme].title if o.theme in themes else None
                yield (
                    o.id,
                    o.loc,
                    self.face(
                        "objects", title=o.title, mark=mark, blocks=self.para(o.text), qr=self.qr_for(o.resources)
                    ),
                    None,
                )
        elif deck.cards == "modalities":
            for m in k.modalities:
                if scen and m.scenario != scen:
                    continue
                blocks = self.para(m.text) + self.bullets(m.features)
                yield (
                    m.id,
                    m.loc,
                    self.face("modalities", title=m.title, blocks=blocks, qr=self.qr_for(m.resources)),
                    None,
                )
        elif deck.cards == "scenarios":
            for s in k.scenarios:
                if scen and s.id != scen:
                    continue
                blocks = ([Block(self.t(s.setting), "italic")] if s.setting else []) + self.para(s.summary)
                back = self.face(
                    "scenarios",
                    label=self.labels["start"],
                    title=s.start.title or s.title,
                    blocks=self.para(s.start.card) + self.numbered(s.start.questions),
                )
                yield (
                    s.id,
                    s.loc,
                    self.face(
                        "scenarios", title=s.title, number=str(s.number), blocks=blocks, qr=self.qr_for(s.resources)
                    ),
                    back,
                )
        elif deck.cards == "stages":
            for s in k.scenarios:
                if scen and s.id != scen:
                    continue
                sc_label = f"{self.labels['scenario']} {s.number}"
                start = self.face(
                    "stages",
                    label=f"{sc_label} · {self.labels['start']}",
                    title=s.start.title or self.labels["start"],
                    blocks=self.para(s.start.card),
                )
                yield (
                    f"{s.id}-start",
                    s.start.loc,
                    start,
                    self.questions_back("stages", self.labels["start"], s.start.questions),
                )
                for st in s.stages:
                    face = self.face(
                        "stages",
                        label=f"{sc_label} · {self.labels['stage']} {st.number}",
                        title=st.title,
                        number=str(st.number),
                        mark=st.mark,
                        blocks=self.para(st.card),
                    )
                    yield st.id, st.loc, face, self.questions_back("stages", st.title, st.questions)
                arrival = self.face(
                    "stages",
                    label=f"{sc_label} · {self.labels['arrival']}",
                    title=s.arrival.title or self.labels["arrival"],
                    blocks=self.para(s.arrival.card),
                )
                yield (
                    f"{s.id}-arrival",
                    s.arrival.loc,
                    arrival,
                    self.questions_back("stages", self.labels["arrival"], s.arrival.questions),
                )
        elif deck.cards == "phases" and k.method:
            for p in k.method.phases:
                yield (
                    p.id,
                    p.loc,
                    self.face(
                        "phases",
                        title=p.title,
                        number=str(p.number),
                        blocks=self.para(p.text),
                        qr=self.qr_for(k.method.resources),
                    ),
                    self.questions_back("phases", p.title, p.prompts, "prompts"),
                )
        elif deck.cards == "materials" and k.method:
            for m in k.method.materials:
                yield m.id, m.loc, self.face("materials", title=m.title, blocks=self.para(m.text)), None
        elif deck.cards == "fiches":
            for f in k.fiches:
                blocks = (
                    [self.heading("context")] + self.para(f.context) + [self.heading("stakes")] + self.para(f.stakes)
                )
                back = self.face(
                    "fiches",
                    title=f.title,
                    label=self.labels["five_questions"],
                    blocks=self.numbered(f.questions),
                    qr=self.qr_for(f.resources),
                )
                yield f.id, f.loc, self.face("fiches", title=f.title, number=str(f.number), blocks=blocks), back
        elif deck.cards == "cases":
            for f in k.fiches:
                if not f.case:
                    continue
                c = f.case
                blocks = ([Block(self.t(c.organisation), "italic")] if c.organisation else []) + self.para(c.text)
                back_blocks = []
                if f.opportunities:
                    back_blocks += [self.heading("opportunities")] + self.bullets(f.opportunities, "+")
                if f.risks:
                    back_blocks += [self.heading("risks")] + self.bullets(f.risks, "–")
                back = (
                    self.face("cases", title=f.title, label=f"{self.types['fiches']} {f.number}", blocks=back_blocks)
                    if back_blocks
                    else None
                )
                yield (
                    f"{f.id}-case",
                    c.loc,
                    self.face("cases", title=c.title, number=str(f.number), blocks=blocks),
                    back,
                )
        elif deck.cards == "quiz" and k.quiz:
            q = k.quiz
            scale = " · ".join(f"{s.label} = {s.points}" for s in q.scale)
            for th in q.themes:
                blocks = self.bullets(th.statements, "☐")
                back = self.face(
                    "quiz",
                    title=q.title,
                    label=self.labels["answers"],
                    blocks=self.para(q.intro) + [Block(self.t(scale), "heading")],
                )
                yield th.id, th.loc, self.face("quiz", title=th.title, blocks=blocks), back
        elif deck.cards == "resources":
            for r in k.resources:
                blocks = [Block(self.t(r.publisher), "italic")] if r.publisher else []
                if not r.url:
                    blocks.append(Block(self.t(self.labels["no_url"]), "small"))
                qr = QrSpec(r.qr_url, qr_caption(r.short_url or r.url), None) if r.url else None
                yield r.id, r.loc, self.face("resources", title=r.title, blocks=blocks, qr=qr), None
        elif deck.cards == "cards":
            for c in k.cards:
                if deck.type and c.type != deck.type:
                    continue
                front = self.face(
                    "cards",
                    label=self.t(c.type) or self.types["cards"],
                    title=c.title,
                    number=c.number,
                    blocks=self.para(c.text) + self.bullets(c.items),
                    qr=self.qr_for(c.resources),
                )
                back = (
                    self.face(
                        "cards", label=self.t(c.type) or self.types["cards"], title=c.title, blocks=self.para(c.back)
                    )
                    if c.back
                    else None
                )
                yield c.id, c.loc, front, back

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
