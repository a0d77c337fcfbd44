"""The vocabulary of a build: what it is asked (Options), what it writes (Output), what it returns."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from deck.errors import Diagnostics
from deck.impose.grid import SheetRule
from deck.kit.model import Kit
from deck.layout.text import Fonts
from deck.style.theme import Theme
from deck.units import BOARD_SIZES_MM, MM, Size, paper_size


@dataclass(frozen=True)
class Options:
    paper: str = "a4"  # a preset of deck.units.PAPER_SIZES_MM
    card: Size | None = None  # points; overrides every deck's size
    duplex: str = "long"  # long | short | none | fold
    margin: float = 5 * MM
    both_papers: bool = False  # keep the grid inside A4 ∩ Letter
    print_shop: bool = False
    bleed: float = 3 * MM
    crop_marks: bool = False
    cmyk: bool = False  # PDF/X-4 in CMYK (deck.style.cmyk, deck.render.pdfx): with print_shop
    changed_since: str | None = None  # a previous build (directory or manifest.json): reprint what changed
    back_offset: tuple[float, float] = (0.0, 0.0)  # points, applied to back pages only
    back_scale: float = 1.0
    strict: bool = False
    draft: bool = False  # write even when there are errors: deck check builds into a temporary directory
    tables: int = 0  # table sets (--tables N): every card N times, backs marked, a packing list; 0: none
    boards: bool = True  # boards and their tiles (deck.build.extras); sheets and the guide are always written
    board_size: Size = (BOARD_SIZES_MM["a2"][1] * MM, BOARD_SIZES_MM["a2"][0] * MM)  # (long, short) side
    board_name: str = "A2"  # how the guide names the board size
    overlap: float = 10 * MM  # tiles of a board overlap by this much
    scenario: int | None = None  # --scenario N: only that scenario's cards, boards and booklet (deck.kit.scenarios)
    language: str | None = None  # print the kit in this language (its source, or one of its translations)
    jobs: int = 1  # processes (at most 2, deck.build.workers); the command line asks for 2, a library call for 1
    force: bool = False  # replace files under an output's name that deck did not write (each said: BuildResult.forced)

    def sheet_rule(self) -> SheetRule:
        """The imposition rule of these options (one rule for decks, card index and packing list)."""
        return SheetRule(self.paper, self.duplex, self.layout_margin(), self.both_papers, self.print_shop)

    def layout_margin(self) -> float:
        """The margin the sheets are laid out in: the printer's (`margin`), grown by what a printer profile
        moves the back pages towards an edge (its offset, and its scale about the page's centre), so that the
        backs too keep every card, mark and label inside the part of the page the printer inks. Fronts take
        the same margin: a back's grid mirrors its front's."""
        dx, dy = self.back_offset
        if self.duplex not in ("long", "short") or self.print_shop or (not dx and not dy and self.back_scale == 1.0):
            return self.margin
        try:
            pw, ph = paper_size(self.paper)
        except ValueError:  # an unknown paper: said where the grid is chosen
            return self.margin
        room = max(side / 2 - (side / 2 - self.margin - abs(d)) / self.back_scale for side, d in ((pw, dx), (ph, dy)))
        return max(self.margin, room)


@dataclass
class Output:
    """One file of a build, as the manifest lists it; `paper` and `duplex` say how it is printed."""

    path: str
    kind: str
    pages: int
    cards: int
    sha256: str = ""
    paper: str = ""  # A4, Letter, A2…, or "W × H mm": the size of its pages
    duplex: str = "none"  # long | short | none


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    plan: dict = field(default_factory=dict)  # what each page was meant to show (deck.build.plan), for deck check
    cards: list = field(default_factory=list)  # the cards' fingerprints, as the manifest lists them
    reprint: object | None = None  # with --changed-since: what changed and was reprinted (deck.build.reprint)
    job_sheet: str | None = None  # with --print-shop: the job sheet's file name
    # the output directory besides this build's files (names in it): what the previous build wrote and this
    # one does not, removed; the same, changed since deck wrote it, kept; files deck did not write, kept
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    forced: list[tuple[str, str]] = field(default_factory=list)  # (name, why): not deck's, replaced (force)
    # per language: {"faces": n, "shrunk": [card ids], "overflow": [card ids]} (deck build's fit report)
    fit: dict = field(default_factory=dict)
    translation: dict | None = None  # a build in another language: how many texts were translated, stale, missing


@dataclass(frozen=True)
class Resolved:
    """A kit with its theme, fonts and words: everything layout needs."""

    kit: Kit
    theme: Theme
    fonts: Fonts
    words: dict
    complete: bool = True  # False: the kit had content errors and holds its valid items only (never written)
    layers: tuple = ()  # the kit's overlay stack (deck.kit.load.Layer), base first: where a change was made
    # the kit in the other languages its bilingual decks print: language -> (kit, words)
    editions: dict = field(default_factory=dict)
    translation: object = None  # deck.kit.translate.Translated of a build in another language, else None
    fit: dict = field(default_factory=dict)  # language -> {"faces", "shrunk", "overflow"}: filled as faces are laid out


# What draws the boards, sheets and guide (deck.build.extras): pdf.PdfWriter when None; deck watch sets, around
# a build, a stand-in that takes a file laid out the same as in its previous round from that round
# (deck.watch.ReusingWriter).
EXTRAS_WRITER: ContextVar = ContextVar("deck_extras_writer", default=None)
