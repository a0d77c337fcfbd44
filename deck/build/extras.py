"""What a build writes besides the card decks: boards (one large page each, and tiled over the office
paper), the kit index, the QR scan sheet, the diagnostic sheet and the facilitator guide.

`build_extras` is called by `pipeline.build` once the decks are in the staging folder; it lays out through
`boards`, `tiling`, `sheets` and `guide`, draws through `pdf.PdfWriter` and returns `options.Output` entries
of kinds `board`, `board-tiles`, `sheet` and `guide` (their `cards` count is 0).
"""

from __future__ import annotations

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
    kit, theme, fonts = res.kit, res.theme, res.fonts
    L = res.words["labels"]
    lang = kit.header.text_language
    loc = kit.header.loc
    name = Namer(kit.id, [o.path for o in outputs], diag, loc)
    paper_key = options.paper.lower()
    paper = paper_size(paper_key)
    paper_name = paper_label(paper)
    deck_types = {d.cards for d, _, _ in plans}
    outs: list = []
    contents: list = []
    for deck, cards, size in plans:
        file = names.deck_file(kit.id, deck.id, options.print_shop)
        n = len({c.id for c in cards})
        cards_n = plural(res.words, "cards", n)
        contents.append(
            L["guide_item_deck"].format(title=deck.title, n=n, cards=cards_n, size=_size_name(size), file=file)
        )

    # boards ------------------------------------------------------------------------------------
    size_name = "A2"
    made = []
    if options.boards:
        (bw, bh), size_name = options.board_size, options.board_name
        used = set(BOARD_TYPES) - deck_types
        for problem, where in contrast_problems(theme, sorted(used)):
            diag.error(where or kit.theme_loc, f"theme (boards): {problem}")
        footer = typeset(f"{kit.header.title} {kit.header.version}", lang)
        st = BoardStyle(bw, bh, theme, fonts, lang, L, footer)
        for sc in kit.scenarios:
            slot = _slot(sc, plans)
            made.append((scenario_board(sc, kit, st, slot, materials_resource(kit, sc.resources)), sc.loc, sc.id))
        if kit.scenarios:  # a timeline with nothing printed: the group's own path
            made.append(
                (blank_board(kit, st, _slot(kit.scenarios[0], plans), materials_resource(kit)), loc, L["file_blank"])
            )
        if kit.method and kit.method.board and (kit.method.materials or kit.method.phases):
            made.append((method_board(kit, st, materials_resource(kit)), kit.method.loc, L["file_method"]))
        if kit.objects or kit.object_themes:
            first = kit.object_themes[0].loc if kit.object_themes else kit.objects[0].loc
            made.append((map_board(kit, st), first, L["file_map"]))
        for g, gloc, ident in made:
            _report(g.problems, gloc, diag)
            single = name(L["file_board"], ident)
            w = _writer(staging.path(single), f"{kit.header.title} — {g.name}")
            w.page(g.size, [Place(g.prims, 0, 0, 0)], trim_box=(0, 0, g.size[0], g.size[1]))
            w.close()
            outs.append(Output(single, "board", w.pages, 0, paper=paper_label(g.size)))
            tiles = name(L["file_board"], ident, L["file_tiles"], paper_key)
            area = options.sheet_rule().area(paper)  # tiles keep inside it whichever way they are turned
            t = tilemod.plan(g.size, paper, max(area[0], area[1]), options.overlap, g.keep)
            for _ in tilemod.split(t, g.keep):
                diag.warning(
                    gloc,
                    f'board "{g.name}": a seam of the {paper_name} tiles runs through its QR code; '
                    "scan it on the large print, or change --overlap",
                )
            n_tiles = _write_tiles(staging.path(tiles), g, t, res, L, paper_name, single, diag, gloc)
            outs.append(Output(tiles, "board-tiles", n_tiles, 0, paper=paper_name))
            contents.append(
                L["guide_item_board"].format(
                    title=g.name, size=size_name, file=single, n=len(t.tiles), paper=paper_name, tiles=tiles
                )
            )

    # sheets ------------------------------------------------------------------------------------
    for problem, where in contrast_problems(theme, sorted(set(SHEET_TYPES) - deck_types)):
        diag.error(where or loc, f"theme (sheets): {problem}")
    sst = SheetStyle.inside(
        options.sheet_rule().area(paper), paper, theme, fonts, lang, L, typeset(kit.header.title, lang)
    )
    sheets = []
    if kit.quiz:
        sheets.append(
            (name(L["file_diagnostic"]), L["diagnostic_title"], diagnostic_sheet(sst, kit.quiz), kit.quiz.loc)
        )
    decks = _index_decks(kit, plans, options, L, res.words)
    if decks:
        intro = L["index_intro"].format(paper=paper_name, duplex=_duplex_words(options, L))
        sheets.append((name(L["file_index"]), L["index_title"], index_sheet(sst, decks, intro), loc))
    if any(r.qr_url for r in kit.resources):  # no address at all: nothing to scan, no sheet
        sheets.append(
            (name(L["file_qr"]), L["qr_title"], qr_sheet(sst, kit.resources, L["qr_intro"]), kit.resources[0].loc)
        )
    for deck in kit.header.decks:
        cards = [c for c in kit.cards if not deck.type or c.type == deck.type]
        if deck.worksheet and deck.cards == "cards" and cards:
            ws = worksheet_pages(sst, deck.title, L["worksheet_intro"], cards, kit)
            sheets.append((name(L["file_worksheet"], deck.id), deck.title, ws, deck.loc))
    m = kit.method
    if m and (m.registers or m.values):
        sheets.append((name(L["file_modelling"]), L["modelling_title"], modelling_pages(sst, m), m.loc))
    for sc in kit.scenarios:  # the facilitator's booklet of each scenario
        title = f"{L['booklet_title']} · {L['scenario']} {sc.number}"
        sheets.append((name(L["file_booklet"], sc.id), title, booklet_pages(sst, kit, sc, res.words), sc.loc))
    for file, title, (pages, problems), sloc in sheets:
        _report(problems, sloc, diag)
        _write_pages(staging.path(file), f"{kit.header.title} — {title}", paper, pages)
        outs.append(Output(file, "sheet", len(pages), 0, paper=paper_name))
        contents.append(L["guide_item_sheet"].format(title=title, file=file))

    # the guide ---------------------------------------------------------------------------------
    gfile = name(L["file_guide"])
    contents.append(L["guide_item_sheet"].format(title=L["guide_title"], file=gfile))
    facts = PrintFacts(paper_name, options.duplex, options.print_shop, bool(made), size_name, options.overlap / MM)
    pages, problems = guide_pages(sst, kit, contents, facts)
    _report(problems, loc, diag)
    _write_pages(staging.path(gfile), f"{kit.header.title} — {L['guide_title']}", paper, pages)
    outs.append(Output(gfile, "guide", len(pages), 0, paper=paper_name))
    return outs


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


def _write_tiles(path, g, t, res, L, paper_name: str, single: str, diag, loc) -> int:
    """The assembly page, then one page per tile, each with the part of the board its window shows."""
    fonts, colours = res.fonts, res.theme.colours
    board = Place(g.prims, 0, 0, 0, f"board-{g.id}", (0, 0, g.size[0], g.size[1]))
    w = _writer(path, f"{res.kit.header.title} — {g.name} — {L['tiles_title']}")
    sk = Sketch(fonts, res.kit.header.text_language, f'tiles of board "{g.name}"')
    tilemod.assembly_page(t, board, sk, colours, L, g.name, paper_name, single, fonts.bold, fonts.regular)
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
