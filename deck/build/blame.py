"""Problems of a kit that extends another, told where the trainer made the change that causes them.

A card of the base kit that no longer fits once the overlay adds a logo is the overlay's doing: the
message points at the overlay's line (the logo, or the overlay's change to that card or deck) and names
the base kit's item by its id and place, instead of pointing into the installed base kit's files,
which the trainer never opened.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from deck.build.options import Resolved
from deck.errors import Loc
from deck.kit.yamlio import YList, YMap
from deck.layout.card import CardStyle, layout_face


def _inside(loc: Loc, root: Path) -> bool:
    try:
        return Path(loc.path).resolve().is_relative_to(root.resolve())
    except (OSError, ValueError):
        return False


def _changed_here(res: Resolved, ident: str, common: bool) -> Loc | None:
    """Where the top kit changes the item (or, for a deck's common back, the deck) of this id."""
    top = res.layers[-1]
    if common:
        decks = top.header.get("decks")
        if isinstance(decks, YList):
            for item, loc in zip(decks, decks.locs, strict=False):
                if isinstance(item, YMap) and str(item.get("id")) == ident:
                    return loc
        return None
    for _, value, _, _ in top.contents:
        if isinstance(value, YList):
            for item, loc in zip(value, value.locs, strict=False):
                if isinstance(item, YMap) and str(item.get("id")) == ident:
                    return loc
    return None


def overlay_cause(res: Resolved, style: CardStyle, face, card, where: str, problem, at: Loc) -> tuple[Loc, str] | None:
    """(the overlay's place, the message) for a layout problem of a base kit's item, or None when the
    problem is the top kit's own (or there is no overlay)."""
    if len(res.layers) < 2:
        return None
    top_root = Path(res.layers[-1].root)
    if _inside(at, top_root):
        return None
    deck = "" if face.common else f" (deck {card.deck_id})"
    base = f"{where}{deck}, from the kit this one extends ({at})"
    said = problem.message.removesuffix(": shorten it")
    ident = card.deck_id if face.common else card.id
    what = f'deck "{ident}"' if face.common else f'the item "{ident}"'
    fix = (
        f'give deck "{ident}" a shorter `back:` in this kit\'s decks'
        if face.common
        else f"shorten it in this kit (an item with id: {ident} changes only the fields it gives)"
    )
    logo_loc = res.theme.locs.get("logo")
    if res.theme.logo and logo_loc is not None and _inside(logo_loc, top_root):
        without = replace(style, theme=replace(style.theme, logo=None))
        if all(p.message != problem.message for p in layout_face(face, without, where).problems):
            return (
                logo_loc,
                f"the logo added here leaves too little room on the {base}: {said}; "
                f"{fix}, or use a smaller logo (or none)",
            )
    changed = _changed_here(res, ident, face.common)
    if changed is not None:
        return changed, f"this change to {what} of the kit this one extends: {base}: {problem.message}"
    extends = res.layers[-1].header.value_locs.get("extends")
    if extends is not None:
        return extends, f"{base}: {said}; {fix}"
    return None
