"""The typed kit model: frozen dataclasses, each field described once.

A field's metadata says what kind of value it takes and whether it is required; the validator
(`validate.py`) and the JSON Schema (`schema.py`) both read it, so the format has one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deck.errors import Loc

NOWHERE = Loc("")


def req(kind, doc: str = ""):
    return field(metadata={"kind": kind, "required": True, "doc": doc})


def opt(kind, default=None, doc: str = ""):
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata={"kind": kind, "required": False, "doc": doc})
    return field(default=default, metadata={"kind": kind, "required": False, "doc": doc})


def loc_field():
    return field(default=NOWHERE, compare=False, repr=False, metadata={"kind": None})


@dataclass(frozen=True)
class Resource:
    id: str = req("id")
    title: str = req("str")
    publisher: str | None = opt("str")
    url: str | None = opt("url", doc="http(s) address; omit when the resource has none")
    short_url: str | None = opt("url", doc="shorter address encoded in the QR code instead")
    plain_http: bool = opt("bool", False, doc="the site has no https: silences that warning")
    note: str | None = opt("str")
    loc: Loc = loc_field()

    @property
    def qr_url(self) -> str | None:
        return self.short_url or self.url


@dataclass(frozen=True)
class Actor:
    id: str = req("id")
    name: str = req("str", "label as printed")
    full_name: str | None = opt("str")
    role: str | None = opt("text")
    kind: str | None = opt("str")
    scenarios: tuple = opt(("refs", "scenarios"), ())
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Event:
    id: str = req("id")
    title: str = req("str")
    text: str = req("text")
    scenario: str | None = opt(("ref", "scenarios"))
    stage: str | None = opt(("ref", "stages"))
    questions: tuple = opt("strs", ())
    actors: tuple = opt(("refs", "actors"), ())
    resources: tuple = opt(("refs", "resources"), ())
    note: str | None = opt("str")
    loc: Loc = loc_field()


@dataclass(frozen=True)
class ObjectTheme:
    id: str = req("id")
    title: str = req("str")
    text: str | None = opt("text")
    loc: Loc = loc_field()


@dataclass(frozen=True)
class DialogueObject:
    id: str = req("id")
    title: str = req("str")
    theme: str | None = opt(("ref", "object_themes"))
    text: str | None = opt("text")
    scenarios: tuple = opt(("refs", "scenarios"), ())
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Modality:
    id: str = req("id")
    title: str = req("str")
    text: str = req("text")
    features: tuple = opt("strs", ())
    scenario: str | None = opt(("ref", "scenarios"))
    stage: str | None = opt(("ref", "stages"))
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Situation:
    card: str = req("text", "short text for the card")
    title: str | None = opt("str")
    text: str | None = opt("text", doc="longer text for boards and guides")
    questions: tuple = opt("strs", ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Stage:
    id: str = req("id")
    number: int = req("int")
    title: str = req("str")
    card: str = req("text", "card-sized summary")
    mark: str | None = opt("str", doc="timeline mark: T0, 6 mois, …")
    narrative: str | None = opt("text")
    questions: tuple = opt("strs", ())
    actors: tuple = opt(("refs", "actors"), ())
    events: tuple = opt(("refs", "events"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Scenario:
    id: str = req("id")
    number: int = req("int")
    title: str = req("str")
    start: Situation = req(Situation)
    stages: tuple = req(("list", Stage))
    arrival: Situation = req(Situation)
    setting: str | None = opt("str")
    summary: str | None = opt("text")
    actors: tuple = opt(("refs", "actors"), ())
    modalities: tuple = opt(("refs", "modalities"), ())
    objects: tuple = opt(("refs", "objects"), ())
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Material:
    id: str = req("id")
    title: str = req("str")
    text: str | None = opt("text")
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Phase:
    id: str = req("id")
    number: int = req("int")
    title: str = req("str")
    text: str | None = opt("text", doc="what the group does in this phase")
    prompts: tuple = opt("strs", ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Method:
    title: str = req("str")
    text: str | None = opt("text")
    objectives: tuple = opt("strs", ())
    materials: tuple = opt(("list", Material), ())
    phases: tuple = opt(("list", Phase), ())
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Case:
    title: str = req("str")
    text: str = req("text")
    organisation: str | None = opt("str")
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Fiche:
    id: str = req("id")
    number: int = req("int")
    title: str = req("str")
    context: str = req("text")
    stakes: str = req("text")
    questions: tuple = req("strs", "exactly five questions « à se poser »")
    opportunities: tuple = opt("strs", ())
    risks: tuple = opt("strs", ())
    case: Case | None = opt(Case)
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


@dataclass(frozen=True)
class ScaleStep:
    label: str = req("str")
    points: int = opt("int", 0)
    loc: Loc = loc_field()


@dataclass(frozen=True)
class QuizTheme:
    id: str = req("id")
    title: str = req("str")
    statements: tuple = req("strs")
    fiche: str | None = opt(("ref", "fiches"))
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Quiz:
    id: str = req("id")
    title: str = req("str")
    scale: tuple = req(("list", ScaleStep))
    themes: tuple = req(("list", QuizTheme))
    intro: str | None = opt("text")
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Card:
    id: str = req("id")
    title: str = req("str")
    type: str | None = opt("str", doc="label in the card's header")
    number: str | None = opt("str", doc="number shown in a badge beside the title")
    text: str | None = opt("text")
    items: tuple = opt("strs", ())
    back: str | None = opt("text", doc="text of this card's own back")
    resources: tuple = opt(("refs", "resources"), ())
    loc: Loc = loc_field()


CARD_SOURCES = (
    "actors",
    "events",
    "objects",
    "modalities",
    "scenarios",
    "stages",
    "phases",
    "materials",
    "fiches",
    "cases",
    "quiz",
    "resources",
    "cards",
)


@dataclass(frozen=True)
class DeckSpec:
    id: str = req("id")
    title: str = req("str")
    cards: str = req(("choice", CARD_SOURCES), "which content becomes cards")
    scenario: str | None = opt(("ref", "scenarios"))
    type: str | None = opt("str", doc="generic cards only: keep the cards of this type")
    size: tuple[float, float] | None = opt("size", doc="card size: preset name or WxH in mm (held in points)")
    copies: int = opt("int", 1)
    back: str | None = opt("str", doc="text on the common back of this deck")
    loc: Loc = loc_field()


@dataclass(frozen=True)
class KitHeader:
    id: str = req("id")
    title: str = req("str")
    language: str = req("lang")
    version: str = req("str")
    format: int = opt("int", 1)
    subtitle: str | None = opt("str")
    description: str | None = opt("text")
    credits: tuple = opt("strs", ())
    licence: str | None = opt("str")
    theme: object = opt("theme", "default", doc="theme name or mapping")
    files: tuple = opt("strs", ())
    decks: tuple = opt(("list", DeckSpec), ())
    extends: str | None = opt("str", doc="a bundled kit id or the path of a kit this one changes")
    remove: object = opt("remove", doc="ids to remove from the extended kit, per collection")
    loc: Loc = loc_field()


# Collections a content file may hold: key -> (item class, one item or a list)
COLLECTIONS = {
    "resources": (Resource, True),
    "actors": (Actor, True),
    "events": (Event, True),
    "object_themes": (ObjectTheme, True),
    "objects": (DialogueObject, True),
    "modalities": (Modality, True),
    "scenarios": (Scenario, True),
    "method": (Method, False),
    "fiches": (Fiche, True),
    "quiz": (Quiz, False),
    "cards": (Card, True),
}


@dataclass(frozen=True)
class Kit:
    header: KitHeader
    root: str  # directory of the kit
    resources: tuple = ()
    actors: tuple = ()
    events: tuple = ()
    object_themes: tuple = ()
    objects: tuple = ()
    modalities: tuple = ()
    scenarios: tuple = ()
    method: Method | None = None
    fiches: tuple = ()
    quiz: Quiz | None = None
    cards: tuple = ()
    theme_loc: Loc = NOWHERE  # where kit.yaml names its theme

    @property
    def id(self) -> str:
        return self.header.id

    def index(self, collection: str) -> dict:
        if collection == "stages":
            return {s.id: s for sc in self.scenarios for s in sc.stages}
        items = getattr(self, collection)
        return {x.id: x for x in items} if isinstance(items, tuple) else {}
