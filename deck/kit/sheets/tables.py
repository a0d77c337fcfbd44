"""How a kit lies in a workbook: one table (a tab, or a CSV file) per list of the model, read from its annotations.

Every list of mappings of the format is a table with one row per item: the collections (actors, cards, …), the
lists inside them (a scenario's stages, the method's phases, the quiz's themes) and the lists of texts (a stage's
questions, a card's items), whose rows carry their parent's id in the first columns (`scenario`, `stage`). A
mapping inside an item (a scenario's `start`, a fiche's `case`) is flattened into dotted columns (`start.card`);
a list of ids (`actors: [a, b]`) is one cell, the ids separated by commas. The kit's own settings (kit.yaml) are
the Kit tab, one `field | value` row each; its decks are the decks tab.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

from deck.kit.model import (
    COLLECTIONS,
    DeckSpec,
    FormatField,
    Id,
    Kind,
    KitHeader,
    Nested,
    NestedList,
    Texts,
    format_fields,
)

KIT_TABLE = "kit"
HELP_TABLE = "help"
SINGULAR = {
    "scenarios": "scenario",
    "stages": "stage",
    "events": "event",
    "modalities": "modality",
    "phases": "phase",
    "fiches": "fiche",
    "themes": "theme",
    "cards": "card",
}

# table key -> (French tab name, English tab name); both are read whatever the kit's language
LABELS: dict[str, tuple[str, str]] = {
    KIT_TABLE: ("Kit", "Kit"),
    HELP_TABLE: ("Mode d’emploi", "How to use"),
    "decks": ("Paquets", "Decks"),
    "resources": ("Ressources", "Resources"),
    "actors": ("Acteurs", "Actors"),
    "events": ("Événements", "Events"),
    "events.questions": ("Questions des événements", "Event questions"),
    "object_themes": ("Thèmes des objets", "Object themes"),
    "objects": ("Objets", "Objects"),
    "modalities": ("Modalités", "Modalities"),
    "modalities.features": ("Traits des modalités", "Modality features"),
    "scenarios": ("Scénarios", "Scenarios"),
    "scenarios.start.questions": ("Questions de départ", "Start questions"),
    "scenarios.stages": ("Étapes", "Stages"),
    "scenarios.stages.questions": ("Questions des étapes", "Stage questions"),
    "scenarios.arrival.questions": ("Questions d’arrivée", "Arrival questions"),
    "method": ("Méthode", "Method"),
    "method.objectives": ("Objectifs", "Objectives"),
    "method.materials": ("Matériaux", "Materials"),
    "method.phases": ("Phases", "Method phases"),
    "method.phases.prompts": ("Relances des phases", "Phase prompts"),
    "method.phases.cards": ("Cartes des phases", "Phase cards"),
    "method.phases.reveal": ("Cartes révélées", "Cards revealed"),
    "method.registers": ("Registres de dialogue", "Dialogue registers"),
    "method.values": ("Valeurs à garantir", "Values to guarantee"),
    "fiches": ("Fiches", "Sheets"),
    "fiches.questions": ("Questions des fiches", "Fiche questions"),
    "fiches.opportunities": ("Opportunités", "Opportunities"),
    "fiches.risks": ("Risques", "Risks"),
    "quiz": ("Quiz", "Diagnostic quiz"),
    "quiz.scale": ("Échelle du quiz", "Quiz scale"),
    "quiz.themes": ("Thèmes du quiz", "Quiz themes"),
    "quiz.themes.statements": ("Affirmations du quiz", "Quiz statements"),
    "cards": ("Cartes", "Cards"),
    "cards.items": ("Éléments des cartes", "Card items"),
}


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, where its value goes in the item, what it takes."""

    name: str  # the header: a field name, dotted inside a nested mapping (start.card)
    path: tuple[str, ...]
    kind: Kind
    required: bool  # the item cannot go without it (a required field of a required mapping)
    doc: str
    default: Any = None  # the field's default: a cell left empty means it


@dataclass(frozen=True)
class Table:
    key: str  # scenarios.stages.questions
    collection: str  # the top-level key the rows end up in: scenarios (or decks, in the kit's settings)
    path: tuple[str, ...]  # from the top-level item down to this list: (stages, questions); () for a collection
    cls: type | None  # the class of one row; None for a list of texts
    single: bool  # a collection of one item (method, quiz): one row
    parents: tuple[str, ...]  # the columns naming the parent items, outermost first: (scenario, stage)
    parent: str | None  # the key of the parent table
    columns: tuple[Column, ...]  # the value columns (after the parents' ones)

    @property
    def headers(self) -> tuple[str, ...]:
        return self.parents + tuple(c.name for c in self.columns)

    def label(self, language: str) -> str:
        fr, en = LABELS[self.key]
        return fr if language.lower().startswith("fr") else en


def _default(cls: Any, name: str) -> Any:
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _flatten(cls: type, prefix: tuple[str, ...], required: bool, out: list, lists: list) -> None:
    for f in format_fields(cls):
        path = prefix + (f.name,)
        if isinstance(f.kind, Nested):
            _flatten(f.kind.cls, path, required and f.required, out, lists)
        elif isinstance(f.kind, (NestedList, Texts)):
            lists.append((path, f))
        else:
            out.append(Column(".".join(path), path, f.kind, required and f.required, f.doc, _default(cls, f.name)))


def _walk(cls: type, key: str, collection: str, path, single: bool, parents, parent, out: list) -> None:
    columns: list[Column] = []
    lists: list[tuple[tuple[str, ...], FormatField]] = []
    _flatten(cls, (), True, columns, lists)
    out.append(Table(key, collection, path, cls, single, parents, parent, tuple(columns)))
    has_id = any(isinstance(c.kind, Id) and c.name == "id" for c in columns)
    if lists and not (has_id or single):
        raise TypeError(f"{key}: its items hold lists but have no id for their rows to name")
    own = parents + ((SINGULAR.get(key.rsplit(".", 1)[-1], key.rsplit(".", 1)[-1]),) if has_id and not single else ())
    for sub, f in lists:
        sub_key = f"{key}.{'.'.join(sub)}"
        if isinstance(f.kind, NestedList):
            _walk(f.kind.cls, sub_key, collection, path + sub, False, own, key, out)
        else:
            column = Column(sub[-1], (), f.kind, False, f.doc)
            out.append(Table(sub_key, collection, path + sub, None, False, own, key, (column,)))


@functools.cache
def tables() -> tuple[Table, ...]:
    """Every table, parents before their children: the decks, then the collections in the format's order."""
    out: list[Table] = []
    _walk(DeckSpec, "decks", "decks", (), False, (), None, out)
    for key, (cls, many) in COLLECTIONS.items():
        _walk(cls, key, key, (), not many, (), None, out)
    missing = [t.key for t in out if t.key not in LABELS]
    if missing:
        raise TypeError(f"no tab name for {missing}: add them to LABELS")
    return tuple(out)


@functools.cache
def by_key() -> dict[str, Table]:
    return {t.key: t for t in tables()}


def parent_tables(table: Table) -> list[str]:
    """The keys of the tables its parent columns name, outermost first (the same length as `table.parents`)."""
    chain: list[str] = []
    key = table.parent
    while key is not None and not by_key()[key].single:
        chain.insert(0, key)
        key = by_key()[key].parent
    return chain


def kit_fields() -> tuple[FormatField, ...]:
    """The rows of the Kit tab: kit.yaml's fields but the decks (their own tab)."""
    return tuple(f for f in format_fields(KitHeader) if f.name != "decks")


def normal(name: str) -> str:
    """A tab, file or column name as compared: case, accents, spaces, '-' and '_' left out."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().casefold()
    return "".join(ch for ch in text.replace("’", "").replace("'", "") if ch.isalnum() or ch == ".")


@functools.cache
def names() -> dict[str, str]:
    """Every name a tab or a CSV file may have (normalised) -> its table key."""
    out: dict[str, str] = {}
    for key, labels in LABELS.items():
        short = key.split(".", 1)[1] if key.startswith(("scenarios.stages", "method.")) else key
        for name in (key, short, *labels):
            out.setdefault(normal(name), key)
    return out


def spoken_names(language: str) -> list[str]:
    """The tab names in the kit's language, for messages."""
    i = 0 if language.lower().startswith("fr") else 1
    return [labels[i] for key, labels in LABELS.items() if key != HELP_TABLE]
