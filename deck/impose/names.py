"""Output file names, computed here only: `<kit>-<deck>.pdf` and its kin, and the names of what a build
writes beside the decks. Two outputs never share a name: the Namer reports the second one."""

from __future__ import annotations

from deck.errors import Diagnostics, Loc

PRINT_SHOP = "print-shop"
PACKING_LIST = "packing-list"
REPRINT = "reprint"
JOB_SHEET = "print-shop-job.txt"


def deck_file(kit_id: str, deck_id: str, print_shop: bool = False) -> str:
    """The deck's main PDF: its fronts (and backs, when duplex), or its print-shop file."""
    return f"{kit_id}-{deck_id}" + (f"-{PRINT_SHOP}" if print_shop else "") + ".pdf"


def backs_file(kit_id: str, deck_id: str, backs_word: str) -> str:
    """The backs of a deck printed with `--duplex none` (`backs_word`: the locale's, e.g. versos)."""
    return f"{kit_id}-{deck_id}-{backs_word}.pdf"


def deck_files(kit_id: str, deck_id: str, *, print_shop: bool, duplex: str, backs_word: str) -> list[str]:
    """Every file a deck is written to, main file first."""
    if print_shop:
        return [deck_file(kit_id, deck_id, True)]
    if duplex == "none":
        return [deck_file(kit_id, deck_id), backs_file(kit_id, deck_id, backs_word)]
    return [deck_file(kit_id, deck_id)]


def reprint_files(kit_id: str, deck_id: str, *, print_shop: bool, duplex: str, backs_word: str) -> list[str]:
    """The reprint of a deck's changed cards (`--changed-since`): each of its files, `-reprint` added."""
    return [
        n.removesuffix(".pdf") + f"-{REPRINT}.pdf"
        for n in deck_files(kit_id, deck_id, print_shop=print_shop, duplex=duplex, backs_word=backs_word)
    ]


def changes_files(kit_id: str) -> tuple[str, str]:
    """The change list of `--changed-since`: as text, and as JSON."""
    return f"{kit_id}-{REPRINT}-changes.txt", f"{kit_id}-{REPRINT}-changes.json"


def job_sheet_file(kit_id: str) -> str:
    """What a print shop asks on the phone, for every file of a `--print-shop` build."""
    return f"{kit_id}-{JOB_SHEET}"


def extra_file(kit_id: str, *parts: str) -> str:
    """A board, tiles, sheet or guide: the kit's id, then words of the locale."""
    return "-".join((kit_id, *parts)) + ".pdf"


def packing_file(kit_id: str) -> str:
    return extra_file(kit_id, PACKING_LIST)


def face_png(deck_id: str, card_id: str, side: str) -> str:
    """One card face exported as an image (`deck export png`)."""
    return f"{deck_id}-{card_id}-{side}.png"


class Namer:
    """Hands out the names of one build's outputs, each once: a name already taken is an error in `diag`."""

    def __init__(self, kit_id: str, taken, diag: Diagnostics, loc: Loc):
        self.kit_id = kit_id
        self.taken = set(taken)
        self.diag = diag
        self.loc = loc

    def __call__(self, *parts: str) -> str:
        return self.take(extra_file(self.kit_id, *parts))

    def take(self, name: str) -> str:
        if name in self.taken:
            self.diag.error(self.loc, f'two outputs would be called "{name}": rename the deck whose id makes that name')
        self.taken.add(name)
        return name
