"""Imposition as pure geometry: where each card face lands on each sheet, and the marks around them.

Page coordinates are points, origin bottom-left. A card of size (w, h) placed with `angle` 90 occupies a
slot of size (h, w). Backs are placed so that, after the sheet is flipped the chosen way, each back's
trim rectangle lies exactly behind its front's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from deck.units import MM, paper_size

EPS = 1e-6

A4_LETTER = (210.0 * MM, 279.4 * MM)  # the part of the page common to A4 and Letter

# Cut marks: 3 mm long, 1 mm from the grid; where the printable margin is tighter they shorten down to
# MARK_MIN at MARK_MIN_OFFSET from the grid. The grid always leaves MARK_ROOM on each side inside the
# printable area, so that every cut line can be marked (a grid that would not leave it has a row or a
# column less).
MARK_LENGTH = 3.0 * MM
MARK_OFFSET = 1.0 * MM
MARK_MIN = 1.5 * MM
MARK_MIN_OFFSET = 0.5 * MM
MARK_ROOM = MARK_MIN_OFFSET + MARK_MIN + 0.25 * MM  # and the marks' inset (MARK_INSET)


def printable(paper, margin: float, both_papers: bool = False) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the part of the page a printer inks: the page less its `margin`; with
    `both_papers`, the part common to A4 and Letter (each centred on the other, as printers do)."""
    pw, ph = paper
    x0, y0 = margin, margin
    if both_papers:
        x0 += max(0.0, (pw - A4_LETTER[0]) / 2)
        y0 += max(0.0, (ph - A4_LETTER[1]) / 2)
    return (x0, y0, pw - x0, ph - y0)


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    angle: int  # 0 upright, 90 turned
    slot_w: float  # slot size on the page (card size, swapped when turned)
    slot_h: float
    x0: float  # bottom-left of the grid
    y0: float
    gutter: float = 0.0

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    def slot(self, i: int) -> tuple[float, float, float, float]:
        """Rectangle (x, y, w, h) of slot i, counted row by row from the top left."""
        r, c = divmod(i, self.cols)
        x = self.x0 + c * (self.slot_w + self.gutter)
        y = self.y0 + (self.rows - 1 - r) * (self.slot_h + self.gutter)
        return (x, y, self.slot_w, self.slot_h)


def _fit(avail: float, size: float, gutter: float) -> int:
    return max(0, int(math.floor((avail + gutter + EPS) / (size + gutter))))


def choose_grid(
    paper: tuple[float, float],
    card: tuple[float, float],
    margin: float = 5 * MM,
    gutter: float = 0.0,
    area: tuple[float, float] | None = None,
    x_range: tuple[float, float] | None = None,
) -> Grid | None:
    """Most cards that fit inside the printable area, upright or turned (upright wins a tie), centred,
    leaving MARK_ROOM on every side for the cut marks.

    `area` limits the printable size (e.g. the part common to A4 and Letter); `x_range` limits the grid
    to a band of the page (a half page for gutter-fold sheets).
    """
    pw, ph = paper
    aw, ah = area or paper
    aw, ah = min(aw, pw) - 2 * margin, min(ah, ph) - 2 * margin
    left, right = x_range or (0.0, pw)
    if x_range:
        aw = min(aw, right - left)
    aw, ah = aw - 2 * MARK_ROOM, ah - 2 * MARK_ROOM  # room for the cut marks on every side
    best = None
    for angle, (sw, sh) in ((0, card), (90, (card[1], card[0]))):
        cols, rows = _fit(aw, sw, gutter), _fit(ah, sh, gutter)
        if cols * rows > (best[0] * best[1] if best else 0):
            best = (cols, rows, angle, sw, sh)
    if not best:
        return None
    cols, rows, angle, sw, sh = best
    gw, gh = cols * sw + (cols - 1) * gutter, rows * sh + (rows - 1) * gutter
    x0 = left + ((right - left) - gw) / 2
    return Grid(cols, rows, angle, sw, sh, x0, (ph - gh) / 2, gutter)


def frame_origin(rect: tuple[float, float, float, float], angle: int) -> tuple[float, float]:
    """Origin of a card's own frame, turned by angle, so the card fills `rect` on the page."""
    x, y, w, h = rect
    return {0: (x, y), 90: (x + w, y), 180: (x + w, y + h), 270: (x, y + h)}[angle % 360]


def back_rect(rect, paper, duplex: str):
    """Where the back of a card at `rect` goes on the back page."""
    x, y, w, h = rect
    pw, ph = paper
    if duplex == "long":
        return (pw - x - w, y, w, h)
    if duplex == "short":
        return (x, ph - y - h, w, h)
    raise ValueError(duplex)


def back_angle(angle: int, duplex: str) -> int:
    """Turn of a back so it reads upright when the cut card is turned over like a book page."""
    return (-angle) % 360 if duplex in ("long", "fold") else (180 - angle) % 360


def flip_point(x: float, y: float, paper, duplex: str) -> tuple[float, float]:
    """Where a point of the front page is seen on the back page after the sheet is flipped."""
    pw, ph = paper
    return (pw - x, y) if duplex == "long" else (x, ph - y)


@dataclass(frozen=True)
class Slot:
    card: int  # index into the card list
    face: str  # front | back
    rect: tuple  # trim rectangle on the page
    angle: int


@dataclass(frozen=True)
class SheetPage:
    side: str  # front | back | fold
    sheet: int  # 1-based sheet number
    slots: tuple


def duplex_pages(n_cards: int, grid: Grid, paper, duplex: str) -> list[SheetPage]:
    """Front page then back page for each sheet (`none`: fronts only, backs on their own pages after)."""
    pages = []
    per = grid.per_sheet
    sheets = max(1, math.ceil(n_cards / per))
    backs = []
    for s in range(sheets):
        fronts, bslots = [], []
        for i in range(per):
            card = s * per + i
            if card >= n_cards:
                break
            rect = grid.slot(i)
            fronts.append(Slot(card, "front", rect, grid.angle))
            # `none`: backs in their own file, for a stack turned over on the long edge by hand
            flip = "long" if duplex == "none" else duplex
            bslots.append(Slot(card, "back", back_rect(rect, paper, flip), back_angle(grid.angle, flip)))
        pages.append(SheetPage("front", s + 1, tuple(fronts)))
        if duplex == "none":
            backs.append(SheetPage("back", s + 1, tuple(bslots)))
        else:
            pages.append(SheetPage("back", s + 1, tuple(bslots)))
    return pages + backs


FOLD_GAP = 3 * MM


def fold_grid(paper, card, margin: float = 5 * MM, both_papers: bool = False) -> Grid | None:
    """Grid for the left half of a gutter-fold sheet (fronts); backs mirror it about the fold."""
    pw, _ = paper
    left = printable(paper, margin, both_papers)[0]
    area = A4_LETTER if both_papers else None
    return choose_grid(paper, card, margin, area=area, x_range=(left, pw / 2 - FOLD_GAP))


def fold_pages(n_cards: int, grid: Grid, paper) -> list[SheetPage]:
    pw, _ = paper
    per = grid.per_sheet
    pages = []
    for s in range(max(1, math.ceil(n_cards / per))):
        slots = []
        for i in range(per):
            card = s * per + i
            if card >= n_cards:
                break
            x, y, w, h = grid.slot(i)
            slots.append(Slot(card, "front", (x, y, w, h), grid.angle))
            slots.append(Slot(card, "back", (pw - x - w, y, w, h), back_angle(grid.angle, "fold")))
        pages.append(SheetPage("fold", s + 1, tuple(slots)))
    return pages


def mirrored(grid: Grid, paper) -> Grid:
    """The grid mirrored about the page's vertical centre line (the backs' half of a gutter-fold sheet)."""
    x0, _, x1, _ = grid_bounds(grid)
    return Grid(grid.cols, grid.rows, grid.angle, grid.slot_w, grid.slot_h, paper[0] - x1, grid.y0, grid.gutter)


def _mark(room: float) -> tuple[float, float] | None:
    """(offset, length) of a cut mark with `room` points between the grid and the edge of the printable
    area: the full mark when it fits, else shorter and closer down to MARK_MIN; None when even that fails."""
    if room >= MARK_OFFSET + MARK_LENGTH - EPS:
        return MARK_OFFSET, MARK_LENGTH
    if room >= MARK_OFFSET + MARK_MIN - EPS:
        return MARK_OFFSET, room - MARK_OFFSET
    if room >= MARK_ROOM - EPS:
        return MARK_MIN_OFFSET, min(MARK_LENGTH, room - MARK_MIN_OFFSET)
    return None


MARK_INSET = 0.25 * MM  # marks stop this far inside the printable area (their stroke has a width)


def cut_marks(grid: Grid, area, short: bool = False) -> tuple[list[tuple[float, float, float, float]], list[str]]:
    """Short cut lines in line with every card edge, outside the grid and inside `area` (x0, y0, x1, y1:
    the printable part of the page), never over a card; `short`: all of MARK_MIN at MARK_MIN_OFFSET (to
    leave room for the scale bar and the label). Returns (segments, the sides that could not be marked:
    "top", "bottom", "left", "right")."""
    ax0, ay0, ax1, ay1 = (area[0] + MARK_INSET, area[1] + MARK_INSET, area[2] - MARK_INSET, area[3] - MARK_INSET)
    x0, y0, x1, y1 = grid_bounds(grid)
    xs = sorted(
        {round(x0 + c * (grid.slot_w + grid.gutter), 4) for c in range(grid.cols)}
        | {round(x0 + c * (grid.slot_w + grid.gutter) + grid.slot_w, 4) for c in range(grid.cols)}
    )
    ys = sorted(
        {round(y0 + r * (grid.slot_h + grid.gutter), 4) for r in range(grid.rows)}
        | {round(y0 + r * (grid.slot_h + grid.gutter) + grid.slot_h, 4) for r in range(grid.rows)}
    )
    segs: list[tuple[float, float, float, float]] = []
    missing: list[str] = []
    sides = {"top": _mark(ay1 - y1), "bottom": _mark(y0 - ay0), "left": _mark(x0 - ax0), "right": _mark(ax1 - x1)}
    for side, mark in sides.items():
        if short and mark is not None:
            mark = (MARK_MIN_OFFSET, MARK_MIN)
        if mark is None:
            missing.append(side)
            continue
        off, n = mark
        if side == "top":
            segs += [(x, y1 + off, x, y1 + off + n) for x in xs]
        elif side == "bottom":
            segs += [(x, y0 - off, x, y0 - off - n) for x in xs]
        elif side == "left":
            segs += [(x0 - off, y, x0 - off - n, y) for y in ys]
        else:
            segs += [(x1 + off, y, x1 + off + n, y) for y in ys]
    return segs, missing


def grid_bounds(grid: Grid) -> tuple[float, float, float, float]:
    gw = grid.cols * grid.slot_w + (grid.cols - 1) * grid.gutter
    gh = grid.rows * grid.slot_h + (grid.rows - 1) * grid.gutter
    return (grid.x0, grid.y0, grid.x0 + gw, grid.y0 + gh)


@dataclass(frozen=True)
class SheetRule:
    """How office sheets are filled: the one imposition rule, for the decks and for the sheets that tell
    where their cards land (card index, packing list)."""

    paper: str = "a4"
    duplex: str = "long"
    margin: float = 5 * MM
    both_papers: bool = False
    print_shop: bool = False

    def grid(self, size) -> tuple[tuple[float, float], Grid | None]:
        """(paper size, card grid) for cards of `size` (points); ValueError for an unknown paper."""
        paper = paper_size(self.paper)
        if self.duplex == "fold":
            return paper, fold_grid(paper, size, self.margin, self.both_papers)
        return paper, choose_grid(paper, size, self.margin, area=A4_LETTER if self.both_papers else None)

    def area(self, paper) -> tuple[float, float, float, float]:
        """The printable part of the page: what every mark, label and scale bar keeps inside."""
        return printable(paper, self.margin, self.both_papers)

    def per_sheet(self, size) -> int:
        """Cards per sheet of a deck of `size` (0 for print-shop files: one card per page)."""
        if self.print_shop:
            return 0
        grid = self.grid(size)[1]
        return grid.per_sheet if grid else 0
