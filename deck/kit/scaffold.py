"""`deck new`: a kit directory ready to build, every field commented, never overwriting a file."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from deck.errors import DeckError, Loc, display_path
from deck.files import create_file

MODELINE = "# yaml-language-server: $schema=kit.schema.json\n"


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "mon-kit"


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's, which YAML reads), its line breaks and controls escaped: YAML also
    breaks lines at U+0085, U+2028 and U+2029, which JSON leaves as they are."""
    return re.sub(
        r"[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
    )


def _plain_or_q(text: str) -> str:
    """A kit id or a path as it is when YAML reads it back as that very text (mise-en-dialogue, ../kit),
    else quoted ("kit #2", "yes", "1.0")."""
    import yaml

    plain = re.fullmatch(r"[A-Za-z0-9_.][A-Za-z0-9_./-]*", text) is not None
    return text if plain and yaml.safe_load(text) == text else _q(text)


def _c(text: str) -> str:
    """Text for a comment line: on one line (a base title with a line break would start a YAML line)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text)


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
id: {_plain_or_q(kit_id)}                       # the kit's id: lower-case words joined by -
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
        f"x-note: {_q(f'Modifications de « {h.title} »')}   # keys starting with x- are notes, never printed\n",
    ]
    for collection, ident, field in examples:
        lines.append(f'\n# {collection}:\n#   - id: {ident}\n#     {field}: "Votre texte"\n')
    files["changes.yaml"] = "".join(lines)
    decks = "\n".join(f"#   - id: {d.id}          # {_c(d.title)} ({d.cards})" for d in h.decks) or "#   (none)"
    files["kit.yaml"] = (
        MODELINE
        + f"""# A kit that changes the bundled kit "{_c(h.id)}": only what differs goes here.
extends: {_plain_or_q(extends or h.id)}
id: {_plain_or_q(kit_id)}
title: {_q(h.title + " (version adaptée)")}
# language: {h.language}                      # en: English labels and typography
# version: 0.1.0
# description: >
#   Ce qui change par rapport à « {_c(h.title)} ».
# credits: ["Adapté de « {_c(h.title)} »"]
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


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)  # a link counts, even one that leads nowhere


def write_new(target: Path, files: Mapping[str, str | bytes], kit_dir: bool = True) -> list[Path]:
    """Write the files in `target` (a kit directory unless `kit_dir` is false); refuse, and write nothing,
    if it holds a kit or any of the names (a link too, even a dangling one). On any failure the files and
    folders made so far are removed: nothing is left behind."""
    shown = display_path(target)
    if _lexists(target) and not target.is_dir():
        what = "a link that leads nowhere" if target.is_symlink() and not target.exists() else "a file"
        raise DeckError(f"{shown} is {what}: expected a new or empty directory; nothing written", Loc(shown))
    if kit_dir and _lexists(target / "kit.yaml"):
        raise DeckError(
            f"{shown} already holds a kit (kit.yaml): expected a new or empty directory; nothing written", Loc(shown)
        )
    clashes = [n for n in files if _lexists(target / n)]
    if clashes:
        raise DeckError(
            f"{shown} already has {', '.join(clashes)}: deck never overwrites a file; nothing written", Loc(shown)
        )
    made: list[Path] = []  # folders this call created, outermost first
    written: list[Path] = []
    try:
        missing = []
        folder = target
        while not _lexists(folder) and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        if not folder.is_dir():
            raise NotADirectoryError(20, "it is under a file, not a folder", str(folder))
        for d in reversed(missing):
            os.mkdir(d)
            made.append(d)
        for name, text in files.items():
            path = target / name
            create_file(
                path, text.encode("utf-8") if isinstance(text, str) else text
            )  # through a temporary name; never over an existing file
            written.append(path)
    except OSError as e:
        for path in reversed(written):
            with contextlib.suppress(OSError):
                path.unlink()
        for d in reversed(made):
            with contextlib.suppress(OSError):
                d.rmdir()
        where = display_path(Path(e.filename)) if isinstance(e.filename, str) else shown
        why = "the name is taken" if isinstance(e, FileExistsError) else (e.strerror or str(e))
        raise DeckError(f"cannot create {shown}: {why} ({where}); nothing written", Loc(shown)) from None
    return written
