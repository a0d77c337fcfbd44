"""Reprints of only what changed (`deck build KIT -o NEW --changed-since OLD`).

The cards of this build are compared with those of OLD's manifest by their fingerprints
(deck.build.fingerprint): a card whose front or back draws something else, and a new card, is reprinted.
Each deck with such cards gets a reprint file of those cards only (every copy), imposed like the deck
itself — as few sheets as the grid allows, each back behind its front for the chosen duplex — and a change
list (text and JSON) says what changed on each card (text, layout, back), where the old card sat (file,
sheet, slot), which cards were removed, and how many sheets the reprint saves against the whole deck.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from deck.build.options import Output
from deck.errors import DeckError, Diagnostics, Loc, display_path
from deck.files import MANIFEST
from deck.impose import names

FIELDS = ("front", "back", "front_text", "back_text")


@dataclass
class Change:
    deck: str
    card: str
    what: list  # text, layout (the front), back; or new, removed
    old: dict = field(default_factory=dict)  # file, sheet, slot of the card in OLD
    new: dict = field(default_factory=dict)  # the same in this build


@dataclass
class DeckReprint:
    deck: str
    files: list
    cards: int  # cards reprinted (copies counted)
    sheets: int  # sheets of the reprint
    full: int  # sheets of the whole deck

    @property
    def saved(self) -> int:
        return self.full - self.sheets


@dataclass
class Reprint:
    since: str  # OLD, as the user named it
    changes: list = field(default_factory=list)
    decks: list = field(default_factory=list)  # DeckReprint
    lists: tuple = ()  # the change list's files (none when nothing changed)


def load_old(path: Path) -> list[dict]:
    """The card fingerprints of a previous build: its directory or its manifest.json."""
    file = path / MANIFEST if path.is_dir() else path
    where = Loc(display_path(file))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as e:
        raise DeckError(
            f"--changed-since: cannot read it ({e.strerror or e}): expected a previous build directory or its "
            "manifest.json",
            where,
        ) from None
    except (ValueError, RecursionError):
        raise DeckError("--changed-since: not a manifest (not JSON): expected deck's manifest.json", where) from None
    if not isinstance(data, dict) or not str(data.get("tool", "")).startswith("deck "):
        raise DeckError("--changed-since: not a manifest deck wrote: expected a build directory's manifest.json", where)
    cards = data.get("cards")
    if not isinstance(cards, list) or not all(
        isinstance(c, dict) and isinstance(c.get("deck"), str) and isinstance(c.get("card"), str) for c in cards
    ):
        raise DeckError(
            "--changed-since: this manifest has no card fingerprints (written by an older deck): "
            "build the old version of the kit again with this deck, then compare",
            where,
        )
    return cards


def _where(entry: dict) -> dict:
    return {k: entry[k] for k in ("file", "sheet", "slot") if k in entry}


def compare(old: list[dict], new: list[dict]) -> list[Change]:
    """What changed from `old` to `new` (manifest card entries): the new build's order, removed cards last."""
    before = {(c["deck"], c["card"]): c for c in old}
    after = {(c["deck"], c["card"]) for c in new}
    out: list[Change] = []
    for c in new:
        o = before.get((c["deck"], c["card"]))
        if o is None:
            out.append(Change(c["deck"], c["card"], ["new"], {}, _where(c)))
            continue
        what = []
        if o.get("front") != c.get("front"):
            what.append("text" if o.get("front_text") != c.get("front_text") else "layout")
        if o.get("back") != c.get("back"):
            what.append("back")
        if what:
            out.append(Change(c["deck"], c["card"], what, _where(o), _where(c)))
    for key, o in before.items():
        if key not in after:
            out.append(Change(o["deck"], o["card"], ["removed"], _where(o), {}))
    return out


def sheets(outputs, options) -> int:
    """Sheets of paper the files take: duplex (and print-shop) files have two pages a sheet."""
    two = options.print_shop or options.duplex in ("long", "short")
    return sum((o.pages + 1) // 2 if two else o.pages for o in outputs)


def file_names(res, deck, options) -> list[str]:
    return names.reprint_files(
        res.kit.id,
        deck.id,
        print_shop=options.print_shop,
        duplex=options.duplex,
        backs_word=res.words["labels"]["backs_file"],
    )


def reprint(res, plans, options, staging, outputs, cards: list, old: list[dict], since: str, write, plan):
    """Compare this build's `cards` (its manifest entries) with `old`, write each deck's reprint and the
    change list into `staging`; returns (Reprint, their Outputs)."""
    report = Reprint(since, compare(old, cards))
    made: list[Output] = []
    redo = {(c.deck, c.card) for c in report.changes if "removed" not in c.what}
    labels = res.words["labels"]
    for deck, deck_cards, size in plans:
        chosen = [c for c in deck_cards if (deck.id, c.id) in redo]
        if not chosen:
            continue
        files = file_names(res, deck, options)
        quiet = Diagnostics()  # the faces' problems were said by the full build

        def names_of(side: str, files=files) -> str:
            return files[1] if side == "back" and len(files) > 1 else files[0]

        outs = write(res, deck, chosen, size, options, staging, quiet, plan=plan, names_of=names_of)
        for o in outs:
            o.kind = "reprint"
        own = set(
            names.deck_files(
                res.kit.id,
                deck.id,
                print_shop=options.print_shop,
                duplex=options.duplex,
                backs_word=labels["backs_file"],
            )
        )
        full = sheets([o for o in outputs if o.path in own], options)
        report.decks.append(DeckReprint(deck.id, [o.path for o in outs], len(chosen), sheets(outs, options), full))
        made.extend(outs)
    if report.changes:
        text_name, json_name = names.changes_files(res.kit.id)
        staging.path(text_name).write_text(change_text(report), encoding="utf-8")
        staging.write_json(json_name, change_data(report))
        report.lists = (text_name, json_name)
        made += [Output(text_name, "changes", 0, 0), Output(json_name, "changes", 0, 0)]
    return report, made


def change_data(report: Reprint) -> dict:
    return {
        "changed_since": report.since,
        "changes": [asdict(c) for c in report.changes],
        "reprints": [{**asdict(d), "saved": d.saved} for d in report.decks],
    }


def _at(w: dict) -> str:
    if not w:
        return ""
    return f"{w.get('file', '?')}, sheet {w.get('sheet', '?')}, slot {w.get('slot', '?')}"


def change_text(report: Reprint) -> str:
    lines = [f"Cards changed since {report.since}", ""]
    for d in report.decks:
        lines.append(
            f"deck {d.deck}: {d.cards} card(s) to reprint in {', '.join(d.files)}: "
            f"{d.sheets} sheet(s) instead of {d.full} ({d.saved} saved)"
        )
    if report.decks:
        lines.append("")
    dw = max((len(c.deck) for c in report.changes), default=0)
    cw = max((len(c.card) for c in report.changes), default=0)
    for c in report.changes:
        what = ", ".join(c.what)
        was = f"was {_at(c.old)}" if c.old else f"now {_at(c.new)}"
        lines.append(f"{c.deck:<{dw}}  {c.card:<{cw}}  {what:<14}  {was}")
    return "\n".join(lines) + "\n"
