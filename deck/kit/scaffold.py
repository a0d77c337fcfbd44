"""`deck new`: a kit directory ready to build, every field commented, never overwriting a file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from deck.errors import DeckError, Loc, display_path
from deck.files import create_file

MODELINE = "# yaml-language-server: $schema=kit.schema.json\n"


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "mon-kit"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def plan_new(target: Path, base=None, extends: str | None = None) -> dict[str, str]:
    """File name -> text of a new kit in `target`; `base` is the loaded Kit it extends (named `extends`)."""
    from deck.kit.schema import kit_schema

    kit_id = _slug(target.name)
    files: dict[str, str] = {
        "kit.schema.json": json.dumps(kit_schema(base is not None), indent=2, ensure_ascii=False) + "\n"
    }
    if base is None:
        files["kit.yaml"] = (
            MODELINE
            + f"""# A kit: what it is and what it prints. The format: docs/format.md of deck.
id: {kit_id}                       # the kit's id: lower-case words joined by -
title: "Mon atelier"               # printed on every sheet and card footer
# subtitle: "Une phrase de présentation"
language: fr                       # fr, en, … : the words deck prints and the typography
version: 0.1.0
# description: >
#   Ce que contient le kit, pour le guide de l'animateur.
# credits: ["Textes : …"]
# licence: "CC BY-SA 4.0"
theme: default                     # or a mapping: {{extends: default, colours: {{ink: "#000000"}}, logo: images/logo.png}}
decks:
  - id: cartes
    title: "Cartes"
    cards: cards                   # actors, events, objects, modalities, scenarios, stages, fiches, resources, cards…
    # size: poker                  # poker, bridge, tarot, large, mini, square, a6, a7 or "80x120" (mm)
    # copies: 1
    # back: "Texte du dos commun"
"""  # noqa: E501 (the template's theme line shows a whole mapping)
        )
        files["cartes.yaml"] = (
            MODELINE
            + """# Content files hold collections: cards, actors, events, resources, …
cards:
  - id: exemple-1
    type: "Consigne"               # the label of the card's header
    title: "Première carte"
    text: "Remplacez ce texte par le vôtre. Une ligne vide commence un nouveau paragraphe."
    # items: ["Une question ?", "Une autre ?"]
    # back: "Le texte du dos de cette carte"
    # resources: [un-lien]
  - id: exemple-2
    type: "Consigne"
    title: "Deuxième carte"
    text: "Ajoutez autant de cartes que vous voulez."

# resources:
#   - id: un-lien
#     title: "Une page à lire"
#     publisher: "Qui la publie"
#     url: "https://example.org/page"
#     short_url: "https://ex.org/p"   # shorter address for the QR code, if you have one
"""
        )
        return files
    h = base.header
    first = lambda items: items[0].id if items else None  # noqa: E731
    examples = []
    for collection, field in (
        ("actors", "role"),
        ("events", "text"),
        ("cards", "text"),
        ("fiches", "context"),
        ("resources", "title"),
    ):
        ident = first(getattr(base, collection))
        if ident:
            examples.append((collection, ident, field))
    lines = [
        MODELINE,
        "# Changes to the kit this one extends. An item with an existing id changes only the fields\n",
        "# given here; an item with a new id is added. Uncomment and edit.\n",
        f'x-note: "Modifications de « {h.title} »"   # keys starting with x- are notes, never printed\n',
    ]
    for collection, ident, field in examples:
        lines.append(f'\n# {collection}:\n#   - id: {ident}\n#     {field}: "Votre texte"\n')
    files["changes.yaml"] = "".join(lines)
    decks = "\n".join(f"#   - id: {d.id}          # {d.title} ({d.cards})" for d in h.decks) or "#   (none)"
    files["kit.yaml"] = (
        MODELINE
        + f"""# A kit that changes the bundled kit "{h.id}": only what differs goes here.
extends: {extends or h.id}
id: {kit_id}
title: {_q(h.title + " (version adaptée)")}
# language: {h.language}                      # en: English labels and typography
# version: 0.1.0
# description: >
#   Ce qui change par rapport à « {h.title} ».
# credits: ["Adapté de « {h.title} »"]
# theme:                                      # your colours and logo
#   extends: default
#   logo: images/logo.png                     # PNG or JPEG inside this directory
#   colours: {{ink: "#1A1A1A"}}
#   types:
#     actors: {{colour: "#0072B2", text: "#FFFFFF"}}
# remove:                                     # ids to drop from the extended kit
#   actors: [un-acteur]
# decks:                                      # change a deck by its id, or add one
{decks}
"""
    )
    return files


def write_new(target: Path, files: dict[str, str]) -> list[Path]:
    """Write the files; refuse (and write nothing) if the directory holds a kit or any of the files."""
    shown = display_path(target)
    if (target / "kit.yaml").exists():
        raise DeckError(
            f"{shown} already holds a kit (kit.yaml): expected a new or empty directory; nothing written", Loc(shown)
        )
    clashes = [n for n in files if (target / n).exists()]
    if clashes:
        raise DeckError(
            f"{shown} already has {', '.join(clashes)}: deck never overwrites a file; nothing written", Loc(shown)
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = target / name
        create_file(path, text.encode("utf-8"))  # through a temporary name; never over an existing file
        written.append(path)
    return written
