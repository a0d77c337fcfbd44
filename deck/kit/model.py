"""The typed kit model: frozen dataclasses whose annotations are the one definition of the format.

A field's Python type is what mypy and the code see (`str | None`, `tuple[str, ...]`, `tuple[Stage, ...]`). When
the type alone does not say what a kit file writes there, an `Annotated` marker does: `Id`, `Text`, `Url`, `Lang`,
`Size`, `Ref("scenarios")`, `Refs("actors")`, `Choice(...)`; `Doc` only describes a field whose type says it all.
A field without a default is required. The validator (`validate.py`) and the JSON Schema (`schema.py`) read the
annotations through `format_fields`, so the format has one definition.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Union

from deck.errors import Loc

NOWHERE = Loc("")


# -- markers: what a kit file writes in a field ---------------------------------------------------------------------
class Kind:
    """Base of the markers. `doc` describes the field: schema descriptions, "missing key" hints, docs/format.md."""

    doc: str


@dataclass(frozen=True)
class Doc(Kind):
    """A description only: the field's Python type says what it takes."""

    doc: str = ""


@dataclass(frozen=True)
class Str(Kind):
    """A one-line text (what a `str` field takes unless a marker says otherwise)."""

    doc: str = ""


@dataclass(frozen=True)
class Text(Kind):
    """A text that may run to paragraphs (checked as `Str` is; kept apart for the reader of the model)."""

    doc: str = ""


@dataclass(frozen=True)
class Int(Kind):
    """A whole number (what an `int` field takes)."""

    doc: str = ""


@dataclass(frozen=True)
class Bool(Kind):
    """true or false (what a `bool` field takes)."""

    doc: str = ""


@dataclass(frozen=True)
class Texts(Kind):
    """A list of texts (what a `tuple[str, ...]` field takes)."""

    doc: str = ""


@dataclass(frozen=True)
class Id(Kind):
    """An item's own id."""

    doc: str = ""


@dataclass(frozen=True)
class Url(Kind):
    """An http(s) address."""

    doc: str = ""


@dataclass(frozen=True)
class Lang(Kind):
    """A language code (BCP 47)."""

    doc: str = ""


@dataclass(frozen=True)
class Size(Kind):
    """A card size, written as a preset name or WxH in mm, held in points (`tuple[float, float]`)."""

    doc: str = ""


@dataclass(frozen=True)
class ThemeSpec(Kind):
    """A theme name or a theme mapping (resolved later, by deck.style)."""

    doc: str = ""


@dataclass(frozen=True)
class Remove(Kind):
    """A mapping of collection names to lists of ids (an overlay's removals)."""

    doc: str = ""


@dataclass(frozen=True)
class Ref(Kind):
    """The id of one item of `collection`."""

    collection: str
    doc: str = ""


@dataclass(frozen=True)
class Refs(Kind):
    """A list of ids of items of `collection`."""

    collection: str
    doc: str = ""


@dataclass(frozen=True)
class Choice(Kind):
    """One of `options`."""

    options: tuple[str, ...]
    doc: str = ""


@dataclass(frozen=True)
class Nested(Kind):
    """A mapping read as a `cls` (what a field typed with a model class takes)."""

    cls: type
    doc: str = ""


@dataclass(frozen=True)
class NestedList(Kind):
    """A list of mappings, each read as a `cls` (what a `tuple[Cls, ...]` field takes)."""

    cls: type
    doc: str = ""


@dataclass(frozen=True)
class FormatField:
    """One key of a kit file's mapping, as the annotations of its model class define it."""

    name: str
    kind: Kind
    required: bool
    doc: str


_NONE = type(None)
_TEXT_KINDS = (Str, Text, Id, Url, Lang, Ref, Choice)  # held as a `str`
_TEXTS_KINDS = (Texts, Refs)  # held as a `tuple[str, ...]`


def _strip_none(tp: Any) -> Any:
    """`X | None` -> X (optionality is the default's business, not the kind's)."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not _NONE]
        if len(args) == 1:
            return args[0]
    return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _item_type(tp: Any) -> Any:
    """`tuple[X, ...]` -> X, anything else -> None."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _implied(tp: Any) -> Kind | None:
    """The kind a plain type implies, or None when it implies none."""
    if tp is str:
        return Str()
    if tp is bool:
        return Bool()
    if tp is int:
        return Int()
    if _is_model(tp):
        return Nested(tp)
    item = _item_type(tp)
    if item is str:
        return Texts()
    if _is_model(item):
        return NestedList(item)
    return None


def _field_kind(owner: type, name: str, hint: Any) -> tuple[Kind, str] | None:
    """(kind, doc) of one annotation; None for fields that are not in the format (a `Loc`)."""
    markers: tuple[Any, ...] = ()
    if typing.get_origin(hint) is Annotated:
        hint, *rest = typing.get_args(hint)
        markers = tuple(m for m in rest if isinstance(m, Kind))
    tp = _strip_none(hint)
    if tp is Loc:
        return None
    if len(markers) > 1:
        raise TypeError(f"{owner.__name__}.{name}: one marker per field, found {markers}")
    marker = markers[0] if markers else Doc()
    kind = _implied(tp) if isinstance(marker, Doc) else marker
    if kind is None:
        raise TypeError(f"{owner.__name__}.{name}: {tp!r} says nothing of the kit format: annotate it with a marker")
    if isinstance(kind, _TEXT_KINDS) and tp is not str or isinstance(kind, _TEXTS_KINDS) and _item_type(tp) is not str:
        raise TypeError(f"{owner.__name__}.{name}: {type(kind).__name__} does not describe a {tp!r}")
    return kind, marker.doc


@functools.cache
def format_fields(cls: type) -> tuple[FormatField, ...]:
    """The keys a kit file may give for a `cls`, in the order of its fields."""
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for f in dataclasses.fields(cls):
        described = _field_kind(cls, f.name, hints[f.name])
        if described is not None:
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            out.append(FormatField(f.name, described[0], required, described[1]))
    return tuple(out)


def loc_field() -> Loc:
    """Where the item stands: not a key of the format, and not part of the item's value."""
    return field(default=NOWHERE, compare=False, repr=False)


ADDED = Text(
    "what the kit adds here that the source material does not have, and why (e.g. « placé sur la carte par le kit »); "
    "the printed card carries the provenance mark and the guide lists it"
)


# -- the model ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resource:
    id: Annotated[str, Id()]
    title: str
    publisher: str | None = None
    url: Annotated[str | None, Url("http(s) address; omit when the resource has none")] = None
    short_url: Annotated[str | None, Url("shorter address encoded in the QR code instead")] = None
    plain_http: Annotated[bool, Doc("the site has no https: silences that warning")] = False
    note: str | None = None
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()

    @property
    def qr_url(self) -> str | None:
        return self.short_url or self.url


@dataclass(frozen=True)
class Actor:
    id: Annotated[str, Id()]
    name: Annotated[str, Doc("label as printed")]
    full_name: str | None = None
    role: Annotated[str | None, Text()] = None
    kind: str | None = None
    scenarios: Annotated[tuple[str, ...], Refs("scenarios")] = ()
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Event:
    id: Annotated[str, Id()]
    title: str
    text: Annotated[str, Text()]
    scenario: Annotated[str | None, Ref("scenarios")] = None
    stage: Annotated[str | None, Ref("stages")] = None
    questions: tuple[str, ...] = ()
    actors: Annotated[tuple[str, ...], Refs("actors")] = ()
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    note: str | None = None
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class ObjectTheme:
    id: Annotated[str, Id()]
    title: str
    text: Annotated[str | None, Text()] = None
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class DialogueObject:
    id: Annotated[str, Id()]
    title: str
    theme: Annotated[str | None, Ref("object_themes")] = None
    text: Annotated[str | None, Text()] = None
    scenarios: Annotated[tuple[str, ...], Refs("scenarios")] = ()
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Modality:
    id: Annotated[str, Id()]
    title: str
    text: Annotated[str, Text()]
    features: tuple[str, ...] = ()
    scenario: Annotated[str | None, Ref("scenarios")] = None
    stage: Annotated[str | None, Ref("stages")] = None
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Situation:
    card: Annotated[str, Text("short text for the card")]
    title: str | None = None
    text: Annotated[str | None, Text("longer text for boards and guides")] = None
    questions: tuple[str, ...] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Stage:
    id: Annotated[str, Id()]
    number: int
    title: str
    card: Annotated[str, Text("card-sized summary")]
    mark: Annotated[str | None, Doc("timeline mark: T0, 6 mois, …")] = None
    narrative: Annotated[str | None, Text()] = None
    questions: tuple[str, ...] = ()
    actors: Annotated[tuple[str, ...], Refs("actors")] = ()
    events: Annotated[tuple[str, ...], Refs("events")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Scenario:
    id: Annotated[str, Id()]
    number: int
    title: str
    start: Situation
    stages: tuple[Stage, ...]
    arrival: Situation
    setting: str | None = None
    summary: Annotated[str | None, Text()] = None
    actors: Annotated[tuple[str, ...], Refs("actors")] = ()
    modalities: Annotated[tuple[str, ...], Refs("modalities")] = ()
    objects: Annotated[tuple[str, ...], Refs("objects")] = ()
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Material:
    id: Annotated[str, Id()]
    title: str
    text: Annotated[str | None, Text()] = None
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Phase:
    id: Annotated[str, Id()]
    number: int
    title: str
    text: Annotated[str | None, Text("what the group does in this phase")] = None
    prompts: tuple[str, ...] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Method:
    title: str
    text: Annotated[str | None, Text()] = None
    objectives: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    phases: tuple[Phase, ...] = ()
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Case:
    title: str
    text: Annotated[str, Text()]
    organisation: str | None = None
    label: Annotated[
        str | None, Doc("header label as the source gives it (« Cas pratique », « Témoignage »); default: the locale's")
    ] = None
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Fiche:
    id: Annotated[str, Id()]
    number: int
    title: str
    context: Annotated[str, Text()]
    stakes: Annotated[str, Text()]
    questions: Annotated[tuple[str, ...], Doc("exactly five questions « à se poser »")]
    opportunities: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    case: Case | None = None
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class ScaleStep:
    label: str
    points: int = 0
    loc: Loc = loc_field()


@dataclass(frozen=True)
class QuizTheme:
    id: Annotated[str, Id()]
    title: str
    statements: tuple[str, ...]
    fiche: Annotated[str | None, Ref("fiches")] = None
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Quiz:
    id: Annotated[str, Id()]
    title: str
    scale: tuple[ScaleStep, ...]
    themes: tuple[QuizTheme, ...]
    intro: Annotated[str | None, Text()] = None
    loc: Loc = loc_field()


@dataclass(frozen=True)
class Card:
    id: Annotated[str, Id()]
    title: str
    type: Annotated[str | None, Doc("label in the card's header")] = None
    number: Annotated[str | None, Doc("number shown in a badge beside the title")] = None
    text: Annotated[str | None, Text()] = None
    items: tuple[str, ...] = ()
    back: Annotated[str | None, Text("text of this card's own back")] = None
    resources: Annotated[tuple[str, ...], Refs("resources")] = ()
    added: Annotated[str | None, ADDED] = None
    loc: Loc = loc_field()


CARD_SOURCES: tuple[str, ...] = (
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
    id: Annotated[str, Id()]
    title: str
    cards: Annotated[str, Choice(CARD_SOURCES, "which content becomes cards")]
    scenario: Annotated[str | None, Ref("scenarios")] = None
    type: Annotated[str | None, Doc("generic cards only: keep the cards of this type")] = None
    size: Annotated[tuple[float, float] | None, Size("card size: preset name or WxH in mm (held in points)")] = None
    copies: int = 1
    back: Annotated[str | None, Doc("text on the common back of this deck")] = None
    worksheet: Annotated[
        bool, Doc("generic cards only: also print them as a worksheet on office paper, with lines to write on")
    ] = False
    loc: Loc = loc_field()


@dataclass(frozen=True)
class KitHeader:
    id: Annotated[str, Id()]
    title: str
    language: Annotated[str, Lang()]
    version: str
    content_language: Annotated[
        str | None, Lang("the language the content is written in, for its typography (default: language)")
    ] = None
    format: int = 1
    subtitle: str | None = None
    description: Annotated[str | None, Text()] = None
    credits: tuple[str, ...] = ()
    licence: str | None = None
    theme: Annotated[str | Mapping[str, Any], ThemeSpec("theme name or mapping")] = "default"
    files: tuple[str, ...] = ()
    decks: tuple[DeckSpec, ...] = ()
    extends: Annotated[str | None, Doc("a bundled kit id or the path of a kit this one changes")] = None
    remove: Annotated[Mapping[str, Any] | None, Remove("ids to remove from the extended kit, per collection")] = None
    loc: Loc = loc_field()

    @property
    def text_language(self) -> str:
        """The language the content is typeset in (its own, which can differ from the labels')."""
        return self.content_language or self.language


# Collections a content file may hold: key -> (item class, one item or a list)
COLLECTIONS: dict[str, tuple[type, bool]] = {
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
    resources: tuple[Resource, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    object_themes: tuple[ObjectTheme, ...] = ()
    objects: tuple[DialogueObject, ...] = ()
    modalities: tuple[Modality, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    method: Method | None = None
    fiches: tuple[Fiche, ...] = ()
    quiz: Quiz | None = None
    cards: tuple[Card, ...] = ()
    theme_loc: Loc = NOWHERE  # where kit.yaml names its theme

    @property
    def id(self) -> str:
        return self.header.id

    def index(self, collection: str) -> dict[str, Any]:
        if collection == "stages":
            return {s.id: s for sc in self.scenarios for s in sc.stages}
        items = getattr(self, collection)
        return {x.id: x for x in items} if isinstance(items, tuple) else {}
