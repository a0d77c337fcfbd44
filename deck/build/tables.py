"""Table sets (`deck build --tables N`): every deck printed once per table, each back marked with its
table, and a packing list sheet that says what to print and what goes to which table.

The packing list is laid out here as geometry (text through `text.fit`) and drawn by `pdf.PdfWriter`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from deck.build.options import Output
from deck.errors import Diagnostics, Loc, display_path
from deck.impose import names
from deck.layout.geometry import Icon, Rect, Seg, Text
from deck.layout.text import Block, Fit, fit
from deck.layout.typography import typeset
from deck.style.theme import plural
from deck.units import MM, paper_label, paper_size


def table_sets(cards: list, tables: int, mark: str) -> list:
    """The cards of one deck for `tables` tables, table by table, each back marked (`mark` holds {n})."""
    if not tables:
        return cards
    return [replace(c, back=replace(c.back, table=mark.format(n=t))) for t in range(1, tables + 1) for c in cards]


# -- what the list says ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrintRow:
    file: str
    sheets: str
    pages: str
    printing: str
    paper: str


@dataclass(frozen=True)
class TableRow:
    kind: str  # card type, for the icon and its colour
    deck: str
    n: int  # cards of this deck for one table
    where: str  # file and sheets (or pages) holding this table's cards


def _range(words: dict, key_one: str, key_range: str, a: int, b: int) -> str:
    return words[key_one].format(a=a) if a == b else words[key_range].format(a=a, b=b)


def _count(words: dict, n: int) -> str:
    """ "1 card", "9 cards": in the plural form of the words' language (`words`: all of them, not only labels)."""
    return plural(words, "cards", n)


def contents(res, plans, outputs, options) -> tuple[list, str, list, int]:
    """(rows of files to print, total line, per-table rows, cards per table) for the packing list: the
    files as the build's Output entries describe them (their paper and duplex), no file is read."""
    kit, words = res.kit, res.words["labels"]
    tables = options.tables
    paper = paper_label(paper_size(options.paper))
    rule = options.sheet_rule()
    by_name = {o.path: o for o in outputs}
    rows: list[PrintRow] = []
    totals: dict[str, int] = {}

    def count(paper_text: str, n: int) -> None:
        totals[paper_text] = totals.get(paper_text, 0) + n

    deck_files: list[list[Output]] = []
    for deck, _cards, _size in plans:
        its_files = names.deck_files(
            kit.id, deck.id, print_shop=options.print_shop, duplex=options.duplex, backs_word=words["backs_file"]
        )
        deck_files.append([by_name[n] for n in its_files if n in by_name])
    known = {o.path for files in deck_files for o in files}
    for (_deck, _cards, size), files in zip(plans, deck_files, strict=True):
        for o in files:
            if options.print_shop:
                b = options.bleed / MM
                rows.append(
                    PrintRow(
                        o.path,
                        "—",
                        str(o.pages),
                        words["packing_print_shop"],
                        words["packing_bleed"].format(w=f"{size[0] / MM:.0f}", h=f"{size[1] / MM:.0f}", b=f"{b:g}"),
                    )
                )
            elif options.duplex in ("long", "short"):
                sheets = o.pages // 2
                count(paper, sheets)
                rows.append(PrintRow(o.path, str(sheets), str(o.pages), words[f"duplex_{options.duplex}"], paper))
            elif options.duplex == "fold":
                count(paper, o.pages)
                rows.append(PrintRow(o.path, str(o.pages), str(o.pages), words["packing_fold"], paper))
            elif o is files[0]:  # duplex none: the fronts
                count(paper, o.pages)
                rows.append(PrintRow(o.path, str(o.pages), str(o.pages), words["duplex_none"], paper))
            else:  # duplex none: the backs, on the same sheets
                rows.append(
                    PrintRow(
                        o.path,
                        words["packing_same_sheets"],
                        str(o.pages),
                        words["packing_backs"].format(file=files[0].path),
                        paper,
                    )
                )
    for o in outputs:  # boards, sheets and anything else built beside the decks: as their PDF says
        if o.path in known:
            continue
        its_paper, mode = o.paper or None, o.duplex
        sheets = -(-o.pages // 2) if mode in ("long", "short") else o.pages
        printing = words[f"duplex_{mode}"]
        if o.kind == "board-tiles":  # the same board on office paper: one or the other, not both
            printing = f"{printing}, {words['packing_tiles']}"
        else:
            count(its_paper or "?", sheets)
        rows.append(PrintRow(o.path, str(sheets), str(o.pages), printing, its_paper or "—"))
    total = ""
    if totals:
        parts = ", ".join(plural(res.words, "sheets", n, paper=p) for p, n in totals.items())
        total = words["packing_total"].format(sheets=parts)
    per_table = []
    n_cards = 0
    for (deck, cards, size), files in zip(plans, deck_files, strict=True):
        n = len(cards) // tables
        n_cards += n
        per = rule.per_sheet(size)
        rows_t = []
        for t in range(tables):
            first, last = t * n, t * n + n - 1  # indices of this table's cards in the deck's file
            if not files:
                where = ""
            elif per:
                where = f"{files[0].path}, " + _range(
                    words, "packing_sheet", "packing_sheet_range", first // per + 1, last // per + 1
                )
            else:  # print shop: front and back page per card
                where = f"{files[0].path}, " + words["packing_page_range"].format(a=2 * first + 1, b=2 * last + 2)
            rows_t.append(TableRow(deck.cards, deck.title, n, where))
        per_table.append(rows_t)
    tables_rows = [[per_table[d][t] for d in range(len(plans))] for t in range(tables)]
    return rows, total, tables_rows, n_cards


# -- how it looks --------------------------------------------------------------------------------------
class _Sheet:
    """Pages of the packing list, filled top to bottom; text always through `fit`, problems reported."""

    def __init__(self, res, paper, lang: str, diag: Diagnostics, loc: Loc):
        self.res, self.paper, self.lang, self.diag, self.loc = res, paper, lang, diag, loc
        self.fonts = res.fonts
        self.colours = res.theme.colours
        self.margin = 15 * MM
        self.pages: list[list] = []
        self.running = ""
        self.new_page()

    def new_page(self) -> None:
        self.prims: list = []
        self.pages.append(self.prims)
        self.y = self.paper[1] - self.margin
        if len(self.pages) > 1 and self.running:  # the title again, small, on the pages after the first
            self.y -= (
                self.text(self.running, self.margin, self.y, self.width, 8, colour=self.colours["muted"], lines=2)
                + 5 * MM
            )

    @property
    def width(self) -> float:
        return self.paper[0] - 2 * self.margin

    def room(self) -> float:
        return self.y - self.margin

    def fitted(
        self,
        text: str,
        w: float,
        size: float,
        *,
        bold: bool = False,
        lines: int = 3,
        min_size: float | None = None,
        one_line: float = 0.92,
    ) -> Fit:
        """Text fitted in a box `w` wide of `lines` lines at `size` (down to min_size), a warning if it does not.

        One line, down to `one_line` × size, is tried first (a file name is better a little smaller
        than broken), then `lines` lines.
        """
        blocks = [Block(typeset(text, self.lang), "heading" if bold else "body")]
        low = min_size or size * 0.8
        r = fit(blocks, self.fonts, w, size * 1.22 + 1, size, max(low, size * one_line), self.lang)
        if not r.fits or len(r.lines) > 1:
            r = fit(blocks, self.fonts, w, size * 1.22 * lines + 1, size, low, self.lang)
        if not r.fits:
            self.diag.warning(
                self.loc, f'packing list: "{text}" does not fit in {w / MM:.0f} mm ({r.overflow / MM:.1f} mm too long)'
            )
        return r

    def place(self, r: Fit, x: float, top: float, w: float, colour: str | None = None, anchor: str = "left") -> None:
        """The lines of a fitted text, their box's top left at (x, top)."""
        from deck.style.fonts import width

        for line in r.lines:
            lx = x + line.x
            if anchor == "right":
                lx = x + w - width(line.text, line.font, line.size)
            self.prims.append(Text(lx, top - line.y, line.text, line.font, line.size, colour or self.colours["ink"]))

    def text(
        self,
        text: str,
        x: float,
        top: float,
        w: float,
        size: float,
        *,
        bold: bool = False,
        colour: str | None = None,
        anchor: str = "left",
        lines: int = 3,
        min_size: float | None = None,
        measure: bool = False,
        one_line: float = 0.92,
    ) -> float:
        """Text fitted (`fitted`) and, unless `measure`, drawn; returns the height it takes."""
        r = self.fitted(text, w, size, bold=bold, lines=lines, min_size=min_size, one_line=one_line)
        if not measure:
            self.place(r, x, top, w, colour, anchor)
        return r.height


def _print_table(sheet: _Sheet, words: dict, rows: list) -> None:
    cols = (0.41, 0.08, 0.07, 0.25, 0.19)  # file, sheets, pages, printing, paper
    gap = 3 * MM
    xs, x = [], sheet.margin
    for i, c in enumerate(cols):
        # numbers are right-aligned: their gap goes after them, the text columns' before
        xs.append((x + (gap if i >= 3 else 0), sheet.width * c - gap))
        x += sheet.width * c
    head = (
        words["packing_file"],
        words["packing_sheets"],
        words["packing_pages"],
        words["packing_printing"],
        words["packing_paper"],
    )
    muted, rule = sheet.colours["muted"], sheet.colours["rule"]

    def row(cells, bold: bool, colour=None) -> None:
        fits = [
            sheet.fitted(c, xs[i][1], 8.5, bold=bold, lines=3, min_size=7, one_line=0.8 if i == 0 else 0.92)
            for i, c in enumerate(cells)
        ]
        h = max(r.height for r in fits)
        if h + 2 * MM > sheet.room():
            sheet.new_page()
            row(head, True, muted)
        for i, r in enumerate(fits):
            sheet.place(r, xs[i][0], sheet.y, xs[i][1], colour, anchor="right" if i in (1, 2) else "left")
        sheet.y -= h + 1.2 * MM
        sheet.prims.append(Seg(sheet.margin, sheet.y, sheet.margin + sheet.width, sheet.y, rule, 0.4))
        sheet.y -= 1.6 * MM

    row(head, True, muted)
    for r in rows:
        row((r.file, r.sheets, r.pages, r.printing, r.paper), False)


def _table_blocks(sheet: _Sheet, words: dict, tables_rows: list, n_cards: int, theme, measure: bool = False) -> float:
    """Draw one block per table, two side by side; with `measure`, only the height of the first row."""
    ncols = 2
    gap = 8 * MM
    col_w = (sheet.width - gap * (ncols - 1)) / ncols
    box = 3.2 * MM
    muted, rule = sheet.colours["muted"], sheet.colours["rule"]

    def block(t: int, rows, x: float, top: float, draw: bool) -> float:
        y = top
        h = sheet.text(words["table_mark"].format(n=t), x, y, col_w, 12, bold=True, lines=1, measure=not draw)
        y -= h + 1.5 * MM
        if draw:
            sheet.prims.append(Seg(x, y, x + col_w, y, rule, 0.6))
        y -= 2 * MM
        text_x = x + box + 2 * MM + 5 * MM
        count_w = 20 * MM
        for r in rows:
            if draw:
                sheet.prims.append(Rect(x, y - box - 0.3 * MM, box, box, stroke=sheet.colours["ink"], width=0.6))
                look = theme.types.get(r.kind)
                if look:
                    sheet.prims.append(
                        Icon(look.icon, x + box + 2 * MM + 1.6 * MM, y - box / 2 - 0.3 * MM, 3.2 * MM, look.colour)
                    )
            name_w = col_w - (text_x - x) - count_w
            h1 = sheet.text(r.deck, text_x, y, name_w, 9.5, bold=True, lines=2, measure=not draw)
            sheet.text(
                _count(sheet.res.words, r.n),
                text_x + name_w,
                y,
                count_w,
                9.5,
                lines=1,
                anchor="right",
                measure=not draw,
            )
            y -= h1 + 0.8 * MM
            if r.where:
                h2 = sheet.text(
                    r.where,
                    text_x,
                    y,
                    col_w - (text_x - x),
                    7.5,
                    colour=muted,
                    lines=2,
                    measure=not draw,
                    min_size=6.5,
                    one_line=0.85,
                )
                y -= h2
            y -= 2.2 * MM
        h = sheet.text(
            words["packing_total_cards"],
            text_x,
            y,
            col_w - (text_x - x) - count_w,
            9,
            bold=True,
            lines=1,
            measure=not draw,
        )
        sheet.text(
            _count(sheet.res.words, n_cards),
            text_x + col_w - (text_x - x) - count_w,
            y,
            count_w,
            9,
            bold=True,
            lines=1,
            anchor="right",
            measure=not draw,
        )
        y -= h
        return top - y

    heights = [block(t + 1, rows, 0, 0, False) for t, rows in enumerate(tables_rows)]
    if measure:
        return max(heights[:ncols], default=0.0)
    for start in range(0, len(tables_rows), ncols):
        h = max(heights[start : start + ncols])
        if h > sheet.room():
            sheet.new_page()
        for k, t in enumerate(range(start, min(start + ncols, len(tables_rows)))):
            block(t + 1, tables_rows[t], sheet.margin + k * (col_w + gap), sheet.y, True)
        sheet.y -= h + 7 * MM
    return 0.0


def packing_pages(res, plans, outputs, options, diag: Diagnostics, paper) -> list[list]:
    """The packing list as pages of primitives."""
    kit, words = res.kit, res.words["labels"]
    loc = Loc(display_path(Path(kit.root) / "kit.yaml"))
    sheet = _Sheet(res, paper, kit.header.language, diag, loc)
    rows, total, tables_rows, n_cards = contents(res, plans, outputs, options)
    muted = sheet.colours["muted"]
    m = sheet.margin
    sheet.running = f"{words['packing_title']} · {kit.header.title}"
    sheet.y -= sheet.text(sheet.running, m, sheet.y, sheet.width, 18, bold=True, lines=2, min_size=12)
    sheet.y -= 2 * MM
    sheet.y -= sheet.text(
        words["packing_tables"].format(
            tables=plural(res.words, "tables", options.tables), cards=_count(res.words, n_cards * options.tables)
        )
        + f" · {kit.id} {kit.header.version}",
        m,
        sheet.y,
        sheet.width,
        10,
        colour=muted,
        lines=2,
    )
    sheet.y -= 8 * MM
    sheet.y -= sheet.text(words["packing_print"], m, sheet.y, sheet.width, 13, bold=True, lines=1)
    sheet.y -= 3 * MM
    _print_table(sheet, words, rows)
    if total:
        sheet.y -= sheet.text(total, m, sheet.y, sheet.width, 9.5, bold=True, lines=2)
        sheet.y -= 2 * MM
    sheet.y -= sheet.text(words["packing_order"], m, sheet.y, sheet.width, 8.5, colour=muted, lines=4)
    sheet.y -= 9 * MM
    heading = sheet.text(words["packing_per_table"], m, sheet.y, sheet.width, 13, bold=True, lines=1, measure=True)
    if heading + 4 * MM + _table_blocks(sheet, words, tables_rows[:1], n_cards, res.theme, measure=True) > sheet.room():
        sheet.new_page()  # the heading stays with the first table
    sheet.y -= sheet.text(words["packing_per_table"], m, sheet.y, sheet.width, 13, bold=True, lines=1)
    sheet.y -= 4 * MM
    _table_blocks(sheet, words, tables_rows, n_cards, res.theme)
    pages = sheet.pages
    if len(pages) > 1:  # page numbers, on every page of a list that runs over
        for i, prims in enumerate(pages, 1):
            prims.append(Text(paper[0] - m, m - 6 * MM, f"{i}/{len(pages)}", res.fonts.regular, 8, muted, "right"))
    return pages


def write_packing_list(res, plans, outputs, options, staging, diag: Diagnostics):
    """Write `<kit>-packing-list.pdf` into the staging folder; returns its manifest entry (kind `sheet`)."""
    from deck import __version__
    from deck.render.pdf import PdfWriter

    paper = paper_size(options.paper)
    pages = packing_pages(res, plans, outputs, options, diag, paper)
    name = names.packing_file(res.kit.id)
    w = PdfWriter(
        staging.path(name),
        f"{res.kit.header.title} — {res.words['labels']['packing_title']}",
        f"deck {__version__}",
        "none",
    )
    for prims in pages:
        w.page(paper, prims)
    w.close()
    return Output(name, "sheet", w.pages, 0, paper=paper_label(paper))
