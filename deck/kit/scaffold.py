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
from deck.kit.scaffold_words import SCAFFOLDS

MODELINE = "# yaml-language-server: $schema=kit.schema.json\n"
THEME_EXAMPLE = '{extends: default, colours: {ink: "#000000"}, logo: images/logo.png}'


def _slug(name: str, default: str = "mon-kit") -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or default


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
id: {_plain_or_q(kit_id)}                       # {w["id"]}
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
