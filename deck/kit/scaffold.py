"""`deck new`: a kit directory ready to build, every field commented, never overwriting a file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from deck.errors import DeckError, Loc, display_path
from deck.files import create_file
from deck.kit.scaffold_words import SCAFFOLDS

MODELINE = "# yaml-language-server: $schema=kit.schema.json\n"
THEME_EXAMPLE = '{extends: default, colours: {ink: "#000000"}, logo: images/logo.png}'


def _slug(name: str, default: str = "mon-kit") -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or default


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scaffold_languages() -> list[str]:
    """The languages `deck new --language` writes a scaffold in."""
    return sorted(SCAFFOLDS)


def plan_new(target: Path, base=None, extends: str | None = None, language: str = "fr") -> dict[str, str]:
    """File name -> text of a new kit in `target`, in `language` (one of scaffold_languages()); `base` is the
    loaded Kit it extends (named `extends`)."""
    from deck.kit.schema import kit_schema

    kit_id = _slug(target.name)
    files: dict[str, str] = {
        "kit.schema.json": json.dumps(kit_schema(base is not None), indent=2, ensure_ascii=False) + "\n"
    }
    if base is None:
        w = SCAFFOLDS[language]
        kit_id = _slug(target.name, w["slug"])
        q = {k: _q(v) for k, v in w.items()}
        files["kit.yaml"] = (
            MODELINE
            + f"""# {w["kit"]}
id: {kit_id}                       # {w["id"]}
title: {q["title"]}               # {w["title_c"]}
# subtitle: {q["subtitle"]}
language: {language}                       # {w["lang_c"]}
version: 0.1.0
# description: >
#   {w["description"]}
# credits: [{q["credits"]}]
# licence: "CC BY-SA 4.0"
theme: default                     # {w["theme_c"]} {THEME_EXAMPLE}
# translations: {{en: translations/en.po}}   # {w["translations_c"]}
decks:
  - id: {w["deck_id"]}
    title: {q["deck_title"]}
    cards: cards                   # {w["cards_c"]}
    # size: poker                  # {w["size_c"]}
    # copies: 1
    # back: {q["back"]}
    # bilingual: en                # {w["bilingual_c"]}
"""
        )
        files[w["file"]] = (
            MODELINE
            + f"""# {w["content"]}
cards:
  - id: {w["example"]}-1
    type: {q["type"]}               # {w["type_c"]}
    title: {q["card1"]}
    text: {q["text1"]}
    # items: {w["items"]}
    # back: {q["own_back"]}
    # resources: [{w["link"]}]
  - id: {w["example"]}-2
    type: {q["type"]}
    title: {q["card2"]}
    text: {q["text2"]}

# resources:
#   - id: {w["link"]}
#     title: {q["page"]}
#     publisher: {q["publisher"]}
#     url: "https://example.org/page"
#     short_url: "https://ex.org/p"   # {w["short_c"]}
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
