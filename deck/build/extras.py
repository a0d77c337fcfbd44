"""What a build writes besides the card decks: boards (one large page each, and tiled over the office
paper), the kit index, the QR scan sheet, the diagnostic sheet and the facilitator guide.

`build_extras` is called by `pipeline.build` once the decks are in the staging folder; it lays out through
`boards`, `tiling`, `sheets` and `guide`, draws through `pdf.PdfWriter` and returns `options.Output` entries
of kinds `board`, `board-tiles`, `sheet` and `guide` (their `cards` count is 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deck import __version__
from deck.build.options import Output
from deck.errors import Diagnostics
from deck.impose import names
from deck.impose import tiling as tilemod
from deck.impose.names import Namer
from deck.layout.boards import (
    BoardStyle,
    blank_board,
    map_board,
    materials_resource,
    method_board,
    scenario_board,
)
from deck.layout.booklet import booklet_pages
from deck.layout.geometry import Place
from deck.layout.guide import PrintFacts, guide_pages
from deck.layout.modelling import modelling_pages
from deck.layout.sheets import IndexDeck, SheetStyle, diagnostic_sheet, index_sheet, qr_sheet
from deck.layout.sketch import Sketch
from deck.layout.typography import typeset
from deck.layout.worksheet import worksheet_pages
from deck.style.theme import contrast_problems, plural
from deck.units import CARD_SIZES_MM, MM, card_size, paper_label, paper_size, preset_name

BOARD_TYPES = ("stages", "scenarios", "actors", "modalities", "objects", "phases", "materials")
SHEET_TYPES = ("quiz", "resources")


def _report(problems, loc, diag: Diagnostics) -> None:
    for p in problems:  # a problem with a key (a text's missing characters): said where it is first printed
        (diag.error if p.severity == "error" else diag.warning)(loc, f"{p.where}: {p.message}", key=p.key)


def _writer(path, title: str):
    from deck.build.options import EXTRAS_WRITER  # (deck watch's, or None)
    from deck.render.pdf import PdfWriter

    return (EXTRAS_WRITER.get() or PdfWriter)(path, title, f"deck {__version__}", "none")


def _size_name(size) -> str:
    name = preset_name(size)
    if name:
        w, h = CARD_SIZES_MM[name]
        return f"{name} {w:g} × {h:g} mm"
    return f"{size[0] / MM:.0f} × {size[1] / MM:.0f} mm"


def build_extras(res, plans, outputs, options, staging, diag: Diagnostics) -> list:
    """Write the boards, tiles, sheets and guide of the kit into `staging`; return their Output entries."""
    ex = Extras(res, plans, options)
    return ex.finish([ex.run(i, staging) for i in range(len(ex.items))], outputs, staging, diag)


@dataclass
class Done:
    """What one item of the extras did, in the order it did it: `events` are ("name", file) for each file it
    named and ("said", Diagnostic) for each problem; its outputs, its lines of the guide's contents, the
    files it staged and, for a board, the overlap its tiles use (mm). It travels back from a worker (pickled)."""

    events: list = field(default_factory=list)
    outputs: list = field(default_factory=list)
    contents: list = field(default_factory=list)
    files: list = field(default_factory=list)
    overlaps: list = field(default_factory=list)


class _Said(Diagnostics):
    """The problems of one item, in order: merged into the build's diagnostics by Extras.finish."""


class Extras:
    """The boards (each with its tiles) and sheets of a kit as items that can be written in any order and by
    either process (each writes its own files; no item needs another's), then `finish`: their names and
    problems merged in the order of a serial build, and the guide, which lists them all, written last."""

    def __init__(self, res, plans, options):
        self.res, self.plans, self.options = res, plans, options
        kit = res.kit
        self.L = res.words["labels"]
        self.lang = kit.header.text_language
        self.paper_key = options.paper.lower()
        self.paper = paper_size(self.paper_key)
        self.paper_name = paper_label(self.paper)
        self.deck_types = {d.cards for d, _, _ in plans}
        self.items: list = []  # (group, run): group "boards", "sheets" or "guide", run(staging, said, done)
        self.sheet_lines: list = []  # the guide's line for each sheet
        if options.boards:
            self._board_items()
        self._sheet_items()
        if not any(group == "boards" for group, _ in self.items):  # the guide needs nothing they make
            self.items.append(("guide", lambda staging, said, done: self._guide([], (), staging, said, done)))

    # -- the items ---------------------------------------------------------------------------------
    def _board_items(self) -> None:
        kit, L, options = self.res.kit, self.L, self.options
        (bw, bh) = options.board_size
        footer = typeset(f"{kit.header.title} {kit.header.version}", self.lang)
        st = BoardStyle(bw, bh, self.res.theme, self.res.fonts, self.lang, L, footer)
        for sc in kit.scenarios:
            slot = _slot(sc, self.plans)
            self._board(
                lambda sc=sc, slot=slot: scenario_board(sc, kit, st, slot, materials_resource(kit, sc.resources)),
                sc.loc,
                sc.id,
            )
        if kit.scenarios:  # a timeline with nothing printed: the group's own path
            slot = _slot(kit.scenarios[0], self.plans)
            self._board(lambda: blank_board(kit, st, slot, materials_resource(kit)), kit.header.loc, L["file_blank"])
        if kit.method and kit.method.board and (kit.method.materials or kit.method.phases):
            self._board(lambda: method_board(kit, st, materials_resource(kit)), kit.method.loc, L["file_method"])
        if kit.objects or kit.object_themes:
            first = kit.object_themes[0].loc if kit.object_themes else kit.objects[0].loc
            self._board(lambda: map_board(kit, st), first, L["file_map"])

    def _board(self, lay_out, gloc, ident: str) -> None:
        self.items.append(
            ("boards", lambda staging, said, done: self._write_board(lay_out(), gloc, ident, staging, said, done))
        )

    def _write_board(self, g, gloc, ident: str, staging, said, done: Done) -> None:
        kit, L, options, paper, paper_name = self.res.kit, self.L, self.options, self.paper, self.paper_name
        _report(g.problems, gloc, said)
        single = _name(done, kit.id, L["file_board"], ident)
        w = _writer(staging.path(single), f"{kit.header.title} — {g.name}")
        w.page(g.size, [Place(g.prims, 0, 0, 0)], trim_box=(0, 0, g.size[0], g.size[1]))
        w.close()
        done.files.append(single)
        done.outputs.append(Output(single, "board", w.pages, 0, paper=paper_label(g.size)))
        tiles = _name(done, kit.id, L["file_board"], ident, L["file_tiles"], self.paper_key)
        area = options.sheet_rule().area(paper)  # tiles keep inside it whichever way they are turned
        t = tilemod.plan(g.size, paper, max(area[0], area[1]), options.overlap, g.keep)
        for _ in tilemod.split(t, g.keep):
            said.warning(
                gloc,
                f'board "{g.name}": a seam of the {paper_name} tiles runs through its QR code; '
                "scan it on the large print, or change --overlap",
            )
        sheets = plural(self.res.words, "sheets", len(t.tiles), paper=paper_name)  # "8 A4 sheets"
        n_tiles = _write_tiles(staging.path(tiles), g, t, self.res, L, paper_name, sheets, single, said, gloc)
        done.files.append(tiles)
        done.outputs.append(Output(tiles, "board-tiles", n_tiles, 0, paper=paper_name))
        done.overlaps.append(round(t.overlap / MM, 1))  # smaller than asked where that saves sheets
        done.contents.append(
            L["guide_item_board"].format(
                title=g.name,
                size=options.board_name,
                file=single,
                sheets=sheets,
                tiles=tiles,
            )
        )

    def _sheet_items(self) -> None:
        kit, L, options, res = self.res.kit, self.L, self.options, self.res
        lang, loc = self.lang, kit.header.loc
        sst = SheetStyle.inside(
            options.sheet_rule().area(self.paper),
            self.paper,
            res.theme,
            res.fonts,
            lang,
            L,
            typeset(kit.header.title, lang),
        )
        self.sst = sst
        if kit.quiz:
            self._sheet(
                (L["file_diagnostic"],), L["diagnostic_title"], lambda: diagnostic_sheet(sst, kit.quiz), kit.quiz.loc
            )
        decks = _index_decks(kit, self.plans, options, L, res.words)
        if decks:
            intro = L["index_intro"].format(paper=self.paper_name, duplex=_duplex_words(options, L))
            self._sheet((L["file_index"],), L["index_title"], lambda: index_sheet(sst, decks, intro), loc)
        if any(r.qr_url for r in kit.resources):  # no address at all: nothing to scan, no sheet
            self._sheet(
                (L["file_qr"],),
                L["qr_title"],
                lambda: qr_sheet(sst, kit.resources, L["qr_intro"]),
                kit.resources[0].loc,
            )
        for deck in kit.header.decks:
            cards = [c for c in kit.cards if not deck.type or c.type == deck.type]
            if deck.worksheet and deck.cards == "cards" and cards:
                self._sheet(
                    (L["file_worksheet"], deck.id),
                    deck.title,
                    lambda deck=deck, cards=cards: worksheet_pages(sst, deck.title, L["worksheet_intro"], cards, kit),
                    deck.loc,
                )
        m = kit.method
        if m and (m.registers or m.values):
            self._sheet((L["file_modelling"],), L["modelling_title"], lambda: modelling_pages(sst, m), m.loc)
        for sc in kit.scenarios:  # the facilitator's booklet of each scenario
            title = f"{L['booklet_title']} · {L['scenario']} {sc.number}"
            self._sheet((L["file_booklet"], sc.id), title, lambda sc=sc: booklet_pages(sst, kit, sc, res.words), sc.loc)

    def _sheet(self, parts: tuple, title: str, lay_out, sloc) -> None:
        line = self.L["guide_item_sheet"].format(title=title, file=names.extra_file(self.res.kit.id, *parts))
        self.sheet_lines.append(line)

        def run(staging, said, done: Done) -> None:
            kit = self.res.kit
            file = _name(done, kit.id, *parts)
            pages, problems = lay_out()
            _report(problems, sloc, said)
            _write_pages(staging.path(file), f"{kit.header.title} — {title}", self.paper, pages)
            done.files.append(file)
            done.outputs.append(Output(file, "sheet", len(pages), 0, paper=self.paper_name))
            done.contents.append(line)

        self.items.append(("sheets", run))

    def _deck_lines(self) -> list:
        kit, L, options = self.res.kit, self.L, self.options
        out = []
        for deck, cards, size in self.plans:
            file = names.deck_file(kit.id, deck.id, options.print_shop)
            n = len({c.id for c in cards})
            out.append(
                L["guide_item_deck"].format(
                    title=deck.title, n=n, cards=plural(self.res.words, "cards", n), size=_size_name(size), file=file
                )
            )
        return out

    def _guide(self, board_lines: list, overlaps, staging, said, done: Done) -> None:
        """The guide: what the kit holds (the decks, then `board_lines`, then the sheets), how to print it
        (the tiles' `overlaps`, mm, as the boards' tiles use them)."""
        kit, L, options = self.res.kit, self.L, self.options
        gfile = _name(done, kit.id, L["file_guide"])
        contents = [*self._deck_lines(), *board_lines, *self.sheet_lines]
        contents.append(L["guide_item_sheet"].format(title=L["guide_title"], file=gfile))
        size_name = options.board_name if options.boards else "A2"
        facts = PrintFacts(
            self.paper_name, options.duplex, options.print_shop, bool(board_lines), size_name, tuple(sorted(overlaps))
        )
        pages, problems = guide_pages(self.sst, kit, contents, facts)
        _report(problems, kit.header.loc, said)
        _write_pages(staging.path(gfile), f"{kit.header.title} — {L['guide_title']}", self.paper, pages)
        done.files.append(gfile)
        done.outputs.append(Output(gfile, "guide", len(pages), 0, paper=self.paper_name))

    def files(self) -> int:
        """How many boards, tiles and sheets the items write."""
        return sum({"boards": 2, "sheets": 1}.get(group, 0) for group, _ in self.items)

    # -- running them ------------------------------------------------------------------------------
    def run(self, i: int, staging) -> Done:
        """Write item i into `staging` (in this process, whichever it is)."""
        done, said = Done(), _Said()
        self.items[i][1](staging, said, done)
        done.events += [("said", d) for d in said.items]
        return done

    def finish(self, done: list, outputs, staging, diag: Diagnostics) -> list:
        """Merge what the items did (`done`, one per item, in order) into `diag` as a serial build says it,
        and write the guide if no item did; return the Output entries of every file, in order."""
        kit, theme, options = self.res.kit, self.res.theme, self.options
        namer = Namer(kit.id, [o.path for o in outputs], diag, kit.header.loc)
        of = {g: [d for (group, _), d in zip(self.items, done, strict=True) if group == g] for g in BOOK}
        if options.boards:
            for problem, where in contrast_problems(theme, sorted(set(BOARD_TYPES) - self.deck_types)):
                diag.error(where or kit.theme_loc, f"theme (boards): {problem}")
            for d in of["boards"]:  # a board's problems, its two names, its seams and its tiles' problems
                _replay(d.events, namer, diag, ("name", "said"))
        for problem, where in contrast_problems(theme, sorted(set(SHEET_TYPES) - self.deck_types)):
            diag.error(where or kit.header.loc, f"theme (sheets): {problem}")
        for d in of["sheets"]:  # every sheet is named before the problems of the first are said
            _replay(d.events, namer, diag, ("name",))
        for d in of["sheets"]:
            _replay(d.events, namer, diag, ("said",))
        if not of["guide"]:  # it lists the boards: written once they are
            guide, said = Done(), _Said()
            boards = of["boards"]
            overlaps = {o for d in boards for o in d.overlaps}
            self._guide([line for d in boards for line in d.contents], overlaps, staging, said, guide)
            guide.events += [("said", d) for d in said.items]
            of["guide"] = [guide]
        _replay(of["guide"][0].events, namer, diag, ("name", "said"))
        return [o for g in BOOK for d in of[g] for o in d.outputs]


BOOK = ("boards", "sheets", "guide")  # the groups of items, in the order a build lists their files


def _name(done: Done, kit_id: str, *parts: str) -> str:
    name = names.extra_file(kit_id, *parts)
    done.events.append(("name", name))
    return name


def _replay(events: list, namer: Namer, diag: Diagnostics, kinds: tuple) -> None:
    for kind, what in events:
        if kind not in kinds:
            continue
        if kind == "name":
            namer.take(what)
        else:
            diag.add(what)


def _slot(sc, plans) -> tuple[float, float]:
    """The size of this scenario's stage cards (its stages deck), or a poker card's."""
    for deck, _, size in plans:
        if deck.cards == "stages" and deck.scenario in (None, sc.id):
            return size
    return card_size("poker")


def _duplex_words(options, L) -> str:
    if options.print_shop:
        return L["index_print_shop"]
    return {"long": L["duplex_long"], "short": L["duplex_short"], "none": L["duplex_none"], "fold": L["fold_sheets"]}[
        options.duplex
    ]


def _index_decks(kit, plans, options, L, words) -> list:
    types = words["types"]
    out = []
    rule = options.sheet_rule()
    for deck, cards, size in plans:
        file = names.deck_file(kit.id, deck.id, options.print_shop)
        per = rule.per_sheet(size)
        rows: list[tuple] = []
        seen: set[str] = set()
        for i, card in enumerate(cards):
            if card.id in seen:
                continue
            seen.add(card.id)
            if options.print_shop or not per:
                where = L["index_page"].format(page=2 * i + 1)
            else:
                where = L["index_where"].format(sheet=i // per + 1, place=i % per + 1)
            rows.append((len(rows) + 1, card.id, card.front.label, card.front.title or "", where))
        info = L["index_deck"].format(
            n=len(rows),
            cards=plural(words, "cards", len(rows)),
            size=_size_name(size),
            type=types.get(deck.cards, deck.cards),
        )
        out.append(IndexDeck(deck.id, deck.title, deck.cards, file, info, tuple(rows)))
    return out


def _write_pages(path, title: str, paper, pages) -> None:
    w = _writer(path, title)
    for prims in pages:
        w.page(paper, prims)
    w.close()


def _write_tiles(path, g, t, res, L, paper_name: str, sheets: str, single: str, diag, loc) -> int:
    """The assembly page, then one page per tile, each with the part of the board its window shows."""
    fonts, colours = res.fonts, res.theme.colours
    board = Place(g.prims, 0, 0, 0, f"board-{g.id}", (0, 0, g.size[0], g.size[1]))
    w = _writer(path, f"{res.kit.header.title} — {g.name} — {L['tiles_title']}")
    sk = Sketch(fonts, res.kit.header.text_language, f'tiles of board "{g.name}"')
    tilemod.assembly_page(t, board, sk, colours, L, g.name, paper_name, sheets, single, fonts.bold, fonts.regular)
    w.page(t.paper, sk.prims)
    problems = list(sk.problems)
    avoid = tilemod.obstacles(g.prims)  # the board's text and quiet zones: no alignment cross on them
    parts = tilemod.bounded(g.prims)  # each tile page holds what reaches its window, not the whole board
    for tile in t.tiles:
        sk = Sketch(fonts, res.kit.header.text_language, f'tile {tile.label} of board "{g.name}"')
        tilemod.tile_page(t, tile, board, sk, colours, L, g.name, fonts.bold, fonts.regular, avoid, parts)
        w.page(t.paper, sk.prims)
        problems += sk.problems
    w.close()
    _report(problems, loc, diag)
    return w.pages
