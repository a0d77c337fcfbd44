"""Tiling a large board over office sheets, as pure geometry: no drawing here.

A board of W × H is cut into a grid of tiles. Each sheet prints a window of the board as large as the
sheet's printable area (the sheet minus the printer's margin on every side); neighbouring windows share
an overlap strip. Along one axis, with printable length p and overlap o, n tiles cover
n·(p − o) + o, so a board of length L needs

    n = ceil((L − o) / (p − o))

tiles (at least one). Both turns of the sheet are tried; the one with fewer sheets wins (upright on a tie).

Assembly convention: on each tile the overlap strip along its right and bottom edges is the glue strip
(shaded, « coller ici »); the tile to its right (below it) is cut along its left (top) window edge and laid
over that strip. The cut edges are the seams of the assembled board. Rows are lettered from the top
(A, B, …), columns numbered from the left (1, 2, …): tile "B3" is row B, column 3.

Coordinates are points in the board's frame, origin bottom-left, y up, like every geometry module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from deck.layout.geometry import Place
from deck.units import MM

EPS = 1e-6


@dataclass(frozen=True)
class Tile:
    row: int  # 0-based, from the top
    col: int  # 0-based, from the left
    label: str  # "B3"
    x: float  # the board rectangle this sheet shows (its window), board frame
    y: float
    w: float
    h: float
    glue_right: bool  # the right overlap strip is covered by the next tile
    glue_bottom: bool
    cut_left: bool  # cut along the left window edge and laid over the tile to the left
    cut_top: bool

    @property
    def rect(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


@dataclass(frozen=True)
class Tiling:
    board: tuple  # (W, H)
    paper: tuple  # (w, h) of the sheet as printed (turned when that takes fewer sheets)
    margin: float
    overlap: float
    cols: int
    rows: int
    shift: tuple  # (sx, sy): how far the grid starts left of / above the board's top-left corner
    tiles: tuple

    @property
    def window(self) -> tuple[float, float]:
        return (self.paper[0] - 2 * self.margin, self.paper[1] - 2 * self.margin)

    @property
    def step(self) -> tuple[float, float]:
        ww, wh = self.window
        return (ww - self.overlap, wh - self.overlap)

    @property
    def turned(self) -> bool:
        return self.paper[0] > self.paper[1]

    def seams_x(self) -> list[float]:
        """Board x of each vertical seam (the cut left edge of columns 2, 3, …)."""
        return [-self.shift[0] + c * self.step[0] for c in range(1, self.cols)]

    def seams_y(self) -> list[float]:
        """Board y of each horizontal seam (the cut top edge of rows B, C, …)."""
        return [self.board[1] + self.shift[1] - r * self.step[1] for r in range(1, self.rows)]

    def origin_on_page(self, tile: Tile) -> tuple[float, float]:
        """Where the board's origin lands on the tile's page (the window starts at the margin)."""
        return (self.margin - tile.x, self.margin - tile.y)

    def visible(self, tile: Tile) -> tuple[float, float, float, float]:
        """The part of the tile still seen once the board is assembled (its glue strips are covered)."""
        x0, y0, x1, y1 = tile.rect
        return (
            x0,
            y0 + (self.overlap if tile.glue_bottom else 0.0),
            x1 - (self.overlap if tile.glue_right else 0.0),
            y1,
        )

    def crosses(self, avoid=()) -> list[tuple[float, float]]:
        """Alignment crosses, board frame: in the middle of each overlap strip, two per seam and tile, so each
        cross is printed on both tiles of the seam and the two prints lie on top of each other. Each one
        starts at a quarter (three quarters) of its stretch and moves along it, in 2 mm steps, until it is
        CROSS_CLEAR away from every rectangle of `avoid` (the board's text and QR quiet zones, see
        `obstacles`) and inside the board; a cross with no free place along its half is left out.
        Worked out once for a tiling and its obstacles (every tile page of a board asks for the same)."""
        return list(_crosses(self, tuple(avoid)))


def _free_index(avoid: tuple, reach: float, cell: float) -> dict:
    """The rectangles of `avoid`, grown by `reach`, filed under every grid cell of size `cell` they touch:
    a point is tested against the few rectangles of its cell instead of all of them."""
    index: dict = {}
    for a in avoid:
        x0, y0, x1, y1 = a[0] - reach, a[1] - reach, a[2] + reach, a[3] + reach
        for i in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
            for j in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
                index.setdefault((i, j), []).append((x0, y0, x1, y1))
    return index


@lru_cache(maxsize=64)
def _crosses(self: Tiling, avoid: tuple) -> tuple[tuple[float, float], ...]:
    """Tiling.crosses, remembered."""
    o = self.overlap
    if o < 4 * MM:
        return ()
    out = []
    sx, sy = self.step
    W, H = self.board
    reach = CROSS_ARM + CROSS_CLEAR

    cell = 20 * MM
    index = _free_index(avoid, reach, cell)

    def free(x: float, y: float) -> bool:
        if not (reach <= x <= W - reach and reach <= y <= H - reach):
            return False
        near = index.get((math.floor(x / cell), math.floor(y / cell)), ())
        return not any(a[0] < x < a[2] and a[1] < y < a[3] for a in near)

    def search(lo: float, hi: float, at, k: float):
        """The free point nearest to k of the way from lo to hi, within that half of the stretch."""
        half = (lo, (lo + hi) / 2) if k < 0.5 else ((lo + hi) / 2, hi)
        start = lo + (hi - lo) * k
        step = 0
        while True:
            moved = False
            for t in (start + step * 2 * MM, start - step * 2 * MM) if step else (start,):
                if half[0] + reach <= t <= half[1] - reach:
                    moved = True
                    if free(*at(t)):
                        return at(t)
            if not moved and step:
                return None
            step += 1

    for x in self.seams_x():
        for r in range(self.rows):
            top = self.board[1] + self.shift[1] - r * sy
            h = self.window[1]
            lo = top - h + (o if r < self.rows - 1 else 0.0)
            hi = top - (o if r > 0 else 0.0)
            for k in (0.25, 0.75):
                p = search(lo, hi, lambda t, x=x: (x + o / 2, t), k)
                if p:
                    out.append(p)
    for y in self.seams_y():
        for c in range(self.cols):
            left = -self.shift[0] + c * sx
            w = self.window[0]
            lo = left + (o if c > 0 else 0.0)
            hi = left + w - (o if c < self.cols - 1 else 0.0)
            for k in (0.25, 0.75):
                p = search(lo, hi, lambda t, y=y: (t, y - o / 2), k)
                if p:
                    out.append(p)
    return tuple(out)


CROSS_ARM = 3 * MM  # half the span of an alignment cross
CROSS_CLEAR = 1 * MM  # what a cross keeps from text and quiet zones


def obstacles(prims, x: float = 0.0, y: float = 0.0, angle: int = 0, scale: float = 1.0) -> list[tuple]:
    """Rectangles (x0, y0, x1, y1, board frame) of the board's text and of its QR codes with their quiet
    zones: where no alignment cross may go."""
    from deck.layout.geometry import Qr, Text
    from deck.layout.qr import QUIET
    from deck.style.fonts import width

    def to(u: float, v: float) -> tuple[float, float]:
        u, v = u * scale, v * scale
        a = angle % 360
        u, v = {0: (u, v), 90: (-v, u), 180: (-u, -v), 270: (v, -u)}.get(a, (u, v))
        return (x + u, y + v)

    def rect(x0: float, y0: float, x1: float, y1: float) -> tuple:
        pts = [to(x0, y0), to(x1, y1)]
        return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))

    out: list[tuple] = []
    for p in prims:
        if isinstance(p, Place):
            ox, oy = to(p.x, p.y)
            out += obstacles(p.prims, ox, oy, (angle + p.angle) % 360, scale * p.scale)
        elif isinstance(p, Text) and p.text.strip():
            w = width(p.text, p.font, p.size)
            x0 = {"left": p.x, "centre": p.x - w / 2, "right": p.x - w}.get(p.anchor, p.x)
            out.append(rect(x0, p.y - 0.3 * p.size, x0 + w, p.y + 0.8 * p.size))
        elif isinstance(p, Qr):
            q = QUIET * p.module
            out.append(rect(p.x - q, p.y - q, p.x + p.side + q, p.y + p.side + q))
    return out


def tiles_along(length: float, printable: float, overlap: float) -> int:
    """Tiles needed along one axis: ceil((L − o) / (p − o)), at least 1."""
    if printable - overlap <= EPS:
        raise ValueError("the overlap must be smaller than the printable length of the sheet")
    if length <= printable + EPS:
        return 1
    return max(1, math.ceil((length - overlap) / (printable - overlap) - EPS))


def row_label(r: int) -> str:
    """A, B, …, Z, AA, AB, …"""
    out = ""
    r += 1
    while r:
        r, k = divmod(r - 1, 26)
        out = chr(65 + k) + out
    return out


def tile_label(row: int, col: int) -> str:
    return f"{row_label(row)}{col + 1}"


def count(board, paper, margin: float, overlap: float) -> tuple[int, int, tuple]:
    """(cols, rows, paper as printed) with the fewest sheets, the sheet upright or turned."""
    best: tuple[int, int, tuple[float, float]] | None = None
    for pw, ph in ((paper[0], paper[1]), (paper[1], paper[0])):
        cols = tiles_along(board[0], pw - 2 * margin, overlap)
        rows = tiles_along(board[1], ph - 2 * margin, overlap)
        if best is None or cols * rows < best[0] * best[1]:
            best = (cols, rows, (pw, ph))
    assert best is not None  # two orientations were tried
    return best


def _crosses_seam(lo: float, hi: float, seams, clear: float) -> bool:
    return any(lo - clear < s < hi + clear for s in seams)


def _shift(length: float, n: int, step: float, overlap: float, spans, clear: float, from_end: bool) -> float:
    """How far the grid starts before the board's edge: half the spare length (the board centred on its
    tiles, so that no tile carries a sliver of it), or, when a span (a QR code) would cross a seam there,
    the nearest shift within the spare length that keeps every span off the seams."""
    spare = max(0.0, n * step + overlap - length)
    centre = spare / 2
    k = 0
    while k * 0.5 * MM <= centre + EPS:
        for a in (centre - k * 0.5 * MM, centre + k * 0.5 * MM) if k else (centre,):
            a = min(max(a, 0.0), spare)
            seams = [(-a + i * step) for i in range(1, n)]
            if from_end:  # measured from the top edge down
                seams = [length + a - i * step for i in range(1, n)]
            if not any(_crosses_seam(lo, hi, seams, clear) for lo, hi in spans):
                return a
        k += 1
    return centre


OVERLAP_MIN = 6 * MM  # the overlap is made smaller, down to this or half of it, when that saves sheets


def plan(board, paper, margin: float, overlap: float, keep=(), clear: float = 3 * MM) -> Tiling:
    """The tiles of a board of size `board` on sheets of size `paper`: the fewest sheets, upright or
    turned, with the overlap asked for or, if that takes fewer sheets, a smaller one (in 1 mm steps, down
    to half the overlap asked for, but not under OVERLAP_MIN); the board centred on its tiles.

    `keep` lists rectangles (x0, y0, x1, y1, board frame) that must lie whole on one tile once assembled
    (QR codes): the grid is moved within its spare length so that no seam runs through them, when it can
    (see `split` for what is left)."""
    best = None
    o = overlap
    while True:
        cols, rows, turned = count(board, paper, margin, o)
        if best is None or cols * rows < best[0] * best[1]:
            best = (cols, rows, turned, o)
        if o - 1 * MM < min(overlap, max(OVERLAP_MIN, overlap / 2)) - EPS:
            break
        o -= 1 * MM
    cols, rows, (pw, ph), overlap = best
    return _plan(board, (pw, ph), margin, overlap, cols, rows, keep, clear)


def _plan(board, paper, margin: float, overlap: float, cols: int, rows: int, keep, clear: float) -> Tiling:
    W, H = board
    pw, ph = paper
    ww, wh = pw - 2 * margin, ph - 2 * margin
    sx, sy = ww - overlap, wh - overlap
    ax = _shift(W, cols, sx, overlap, [(k[0], k[2]) for k in keep], clear, False)
    ay = _shift(H, rows, sy, overlap, [(k[1], k[3]) for k in keep], clear, True)
    tiles = []
    for r in range(rows):
        for c in range(cols):
            x = -ax + c * sx
            top = H + ay - r * sy
            tiles.append(
                Tile(
                    r,
                    c,
                    tile_label(r, c),
                    x,
                    top - wh,
                    ww,
                    wh,
                    glue_right=c < cols - 1 and overlap > 0,
                    glue_bottom=r < rows - 1 and overlap > 0,
                    cut_left=c > 0,
                    cut_top=r > 0,
                )
            )
    return Tiling((W, H), (pw, ph), margin, overlap, cols, rows, (ax, ay), tuple(tiles))


def split(tiling: Tiling, keep, clear: float = 0.0) -> list[tuple]:
    """The rectangles of `keep` that a seam runs through."""
    xs, ys = tiling.seams_x(), tiling.seams_y()
    return [k for k in keep if _crosses_seam(k[0], k[2], xs, clear) or _crosses_seam(k[1], k[3], ys, clear)]


# -- the pages of a tiled board: primitives only ---------------------------------------------------------
HATCH = "#8C8C8C"


def tile_page(
    tiling: Tiling,
    tile: Tile,
    board: Place,
    sk,
    colours: dict,
    labels: dict,
    name: str,
    bold: str,
    regular: str,
    avoid=None,
    parts=None,
) -> None:
    """One sheet of a tiled board into the Sketch `sk`: the board's window (clipped), glue strips, cut lines,
    alignment crosses and the tile's label. `avoid`: the board's `obstacles` (computed when not given);
    `parts`: the board's primitives with their rectangles (`bounded`, computed when not given): the page
    holds only those that reach its window."""
    from deck.layout.geometry import Place, Rect, Seg
    from deck.layout.sketch import cross, hatch

    m, o = tiling.margin, tiling.overlap
    ww, wh = tiling.window
    pw, ph = tiling.paper
    ox, oy = tiling.origin_on_page(tile)
    clip = (m, m, m + ww, m + wh)
    seen = (m - ox, m - oy, m + ww - ox, m + wh - oy)  # the window, board frame
    shown = window_of(parts if parts is not None else bounded(board.prims), seen)
    key = f"{board.key}-{tile.label}" if board.key else None  # a drawing of its own, as the whole board was
    sk.add(Place(shown, ox, oy, 0, key, seen, clip=clip))
    ink, muted = colours["ink"], colours["muted"]
    marks: list = []
    pts: list[tuple[float, float]] = []  # the crosses on this page: the labels keep clear of them
    W, H = tiling.board
    if avoid is None:
        avoid = obstacles(board.prims, board.x, board.y, board.angle, board.scale)
    for x, y in tiling.crosses(avoid):
        px, py = x + ox, y + oy
        inside_page = m + 3 * MM <= px <= m + ww - 3 * MM and m + 3 * MM <= py <= m + wh - 3 * MM
        if inside_page and 0 <= x <= W and 0 <= y <= H:
            marks += cross(px, py, CROSS_ARM, ink, 0.6)
            pts.append((px, py))
    glue = labels["tiles_glue"]
    strips = []
    e = 0.3 * MM  # the strips' outlines and hatching keep inside the window (their strokes have a width)
    if tile.glue_right:
        strips.append((m + ww - o, m + e, o - e, wh - 2 * e, 90))
    if tile.glue_bottom:
        strips.append((m + e, m + e, ww - 2 * e, o - e, 0))
    for x, y, w, h, _angle in strips:
        sk.add(*hatch(x, y, w, h, 2.5 * MM, HATCH, 0.5))
        sk.add(Rect(x, y, w, h, stroke=HATCH, width=0.6))
    sk.add(*marks)
    for x, y, w, h, angle in strips:  # « coller ici » along the strip, on small white boxes
        length = h if angle else w
        size = min(7.0, o * 0.5)
        step = 70 * MM
        k = step / 2
        while k < length - 20 * MM:
            local = _label_box(sk, glue, regular, size, muted)
            lw_, lh_ = local[1], local[2]
            for shift in (0.0, 8 * MM, -8 * MM, 16 * MM, -16 * MM):  # off the crosses
                kk = k + shift
                if angle:
                    r = (x + o / 2 - lh_ / 2, y + kk - lw_ / 2, x + o / 2 + lh_ / 2, y + kk + lw_ / 2)
                else:
                    r = (x + kk - lw_ / 2, y + o / 2 - lh_ / 2, x + kk + lw_ / 2, y + o / 2 + lh_ / 2)
                if _clear(r, pts):
                    if angle:
                        sk.add(Place(tuple(local[0]), r[2], r[1], 90))
                    else:
                        sk.add(Place(tuple(local[0]), r[0], r[1], 0))
                    break
            k += step
    # the cut lines: dashed along the window's edge, solid over their last TICK at each end; all of it
    # inside the window (the printer's margin prints nothing)
    dash, tick, e = (3, 2), 5 * MM, 0.3 * MM
    if tile.cut_left:
        sk.add(
            Seg(m + e, m + tick, m + e, m + wh - tick, ink, 0.6, dash),
            Seg(m + e, m + wh - tick, m + e, m + wh - e, ink, 0.6),
            Seg(m + e, m + e, m + e, m + tick, ink, 0.6),
        )
    if tile.cut_top:
        sk.add(
            Seg(m + tick, m + wh - e, m + ww - tick, m + wh - e, ink, 0.6, dash),
            Seg(m + e, m + wh - e, m + tick, m + wh - e, ink, 0.6),
            Seg(m + ww - tick, m + wh - e, m + ww - e, m + wh - e, ink, 0.6),
        )
    # the label: in a glue strip (covered once assembled), else in the blank part past the board
    text = (
        f"{tile.label} · {labels['tiles_where'].format(row=tile.label.rstrip('0123456789'), col=tile.col + 1)} · {name}"
    )
    big, small = 11.0, 7.0
    from deck.style.fonts import width

    lw = width(tile.label, bold, big) + width(text[len(tile.label) :], regular, small) + 3 * MM
    bh = 6.5 * MM
    blank_bottom = oy - m
    blank_right = (m + ww) - (ox + tiling.board[0])
    if tile.glue_bottom and o >= 7 * MM:
        bx, by, angle = m + 3 * MM, m + (o - bh) / 2, 0
    elif tile.glue_right and o >= 7 * MM:
        bx, by, angle = m + ww - (o - bh) / 2, m + wh - 3 * MM - lw, 90
    elif blank_bottom >= bh + 2 * MM:
        bx, by, angle = m + 3 * MM, m + (blank_bottom - bh) / 2, 0
    elif blank_right >= bh + 2 * MM:
        bx, by, angle = m + ww - (blank_right - bh) / 2, m + 3 * MM, 90
    else:
        bx, by, angle = m + ww - lw - 2 * MM, m + 2 * MM, 0
    from deck.layout.geometry import Text

    room = (ww if angle == 0 else wh) - 6 * MM
    if lw > room:
        text, lw = tile.label, width(tile.label, bold, big) + 3 * MM
    local = [
        Rect(0, 0, lw, bh, fill="#FFFFFF", stroke=ink, width=0.6, radius=1 * MM),
        Text(1.5 * MM, bh / 2 - big * 0.35, tile.label, bold, big, ink, role="label"),
    ]
    if text != tile.label:
        local.append(
            Text(
                1.5 * MM + width(tile.label, bold, big),
                bh / 2 - big * 0.35,
                text[len(tile.label) :],
                regular,
                small,
                ink,
                role="caption",
            )
        )
    for k in range(0, 40):  # slid along its strip (right, or down when turned), off the crosses
        tx, ty = (bx + k * 4 * MM, by) if angle == 0 else (bx, by - k * 4 * MM)
        r = (tx, ty, tx + lw, ty + bh) if angle == 0 else (tx - bh, ty, tx, ty + lw)
        if not (m <= r[0] and r[2] <= m + ww and m <= r[1] and r[3] <= m + wh):
            break
        if _clear(r, pts):
            bx, by = tx, ty
            break
    sk.add(Place(tuple(local), bx, by, angle))


def _clear(rect, points, reach: float = CROSS_ARM + CROSS_CLEAR) -> bool:
    """No cross centred on one of `points` comes within CROSS_CLEAR of `rect` (x0, y0, x1, y1)."""
    return not any(
        rect[0] - reach < px < rect[2] + reach and rect[1] - reach < py < rect[3] + reach for px, py in points
    )


def _label_box(sk, text: str, font: str, size: float, colour: str):
    from deck.layout.geometry import Rect, Text
    from deck.style.fonts import width

    w = width(text, font, size) + 2 * MM
    h = size * 1.5
    return (
        [Rect(0, 0, w, h, fill="#FFFFFF"), Text(1 * MM, h / 2 - size * 0.35, text, font, size, colour, role="caption")],
        w,
        h,
    )


def _shapes(prims) -> list:
    """The board without its text and QR codes: in a thumbnail they would be too small to read or scan."""
    from deck.layout.geometry import Qr, Text

    out = []
    for p in prims:
        if isinstance(p, Place):
            out.append(Place(tuple(_shapes(p.prims)), p.x, p.y, p.angle, None, p.bbox, p.scale, p.clip))
        elif not isinstance(p, (Text, Qr)):
            out.append(p)
    return out


def extent(tiling: Tiling) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of everything the tiles cover, board frame."""
    xs = [t.x for t in tiling.tiles] + [t.x + t.w for t in tiling.tiles]
    ys = [t.y for t in tiling.tiles] + [t.y + t.h for t in tiling.tiles]
    return (min(xs), min(ys), max(xs), max(ys))


def assembly_page(
    tiling: Tiling,
    board: Place,
    sk,
    colours: dict,
    labels: dict,
    name: str,
    paper_name: str,
    sheets: str,
    single_file: str,
    bold: str,
    regular: str,
) -> None:
    """The first page of a tiles file: the board in small (its shapes only) with the tiles over it, and how to
    assemble it."""
    from deck.impose.marks import scale_bar
    from deck.layout.geometry import Place, Rect
    from deck.layout.text import Block

    pw, ph = tiling.paper
    M = max(12 * MM, tiling.margin + 1 * MM)
    ink, muted = colours["ink"], colours["muted"]
    W, H = tiling.board
    top = ph - M
    sk.text(
        Block(f"{name} — {labels['tiles_title']}", "heading"),
        M,
        top - 10 * MM,
        pw - 2 * M,
        10 * MM,
        16,
        11,
        ink,
        "assembly title",
        role="title",
        valign="centre",
    )
    info = labels["tiles_info"].format(
        sheets=sheets,  # "8 A4 sheets": the locale's plural form of them
        cols=tiling.cols,
        rows=tiling.rows,
        overlap=f"{tiling.overlap / MM:g}",
        w=f"{W / MM:.0f}",
        h=f"{H / MM:.0f}",
    )
    r = sk.text(Block(info), M, top - 22 * MM, pw - 2 * M, 11 * MM, 10, 8, ink, "assembly summary")
    steps = [
        labels["tiles_step_print"].format(last=len(tiling.tiles) + 1, paper=paper_name),
        labels["tiles_step_cut"],
        labels["tiles_step_glue"],
        labels["tiles_step_trim"],
        labels["tiles_step_shop"].format(file=single_file),
    ]
    blocks = [Block(s, "number", f"{k}.") for k, s in enumerate(steps, 1)]
    steps_h = 52 * MM
    bar_h = 8 * MM
    sk.text(blocks, M, M + bar_h, pw - 2 * M, steps_h, 10, 7.5, ink, "assembly steps")
    # the board in small, the tiles as they lie once assembled, with their labels
    box_top = top - 12 * MM - max(r.height, 8 * MM) - 4 * MM
    box_bottom = M + bar_h + steps_h + 4 * MM
    x0, y0, x1, y1 = extent(tiling)
    k = min((pw - 2 * M) / (x1 - x0), (box_top - box_bottom) / (y1 - y0))
    bx = M + ((pw - 2 * M) - k * (x1 - x0)) / 2
    by = box_bottom + ((box_top - box_bottom) - k * (y1 - y0)) / 2

    def at(x, y):
        return bx + k * (x - x0), by + k * (y - y0)

    sk.add(Place(tuple(_shapes(board.prims)), bx - k * x0, by - k * y0, 0, scale=k))
    px, py = at(0, 0)
    sk.add(Rect(px, py, W * k, H * k, stroke=ink, width=0.8))
    for t in tiling.tiles:
        vx0, vy0, vx1, vy1 = tiling.visible(t)
        ax, ay = at(vx0, vy0)
        sk.add(Rect(ax, ay, (vx1 - vx0) * k, (vy1 - vy0) * k, stroke=colours["rule"], width=0.8, dash=(2, 2)))
        cx, cy = ax + (vx1 - vx0) * k / 2, ay + (vy1 - vy0) * k / 2
        size = max(7.0, min(14.0, (vy1 - vy0) * k / 3))
        from deck.style.fonts import width

        lw = width(t.label, bold, size) + 2 * MM
        sk.add(
            Rect(cx - lw / 2, cy - size * 0.75, lw, size * 1.5, fill="#FFFFFF", stroke=ink, width=0.5, radius=1 * MM)
        )
        sk.line(t.label, cx, cy - size * 0.35, bold, size, 6, ink, lw, "tile label", "centre")
    bar, bw, _ = scale_bar(labels["scale"], labels["print_notice"], regular, muted)
    if bw > pw - 2 * M:
        bar, bw, _ = scale_bar(labels["scale"], "", regular, muted)
    sk.add(Place(tuple(bar), M, M, 0))


def bounded(prims) -> list[tuple]:
    """Each primitive of a board with a rectangle (x0, y0, x1, y1, board frame) that holds all it may paint:
    its geometry, padded by its stroke, and for text a whole em around its advance (accents, marks and
    descenders stay inside). A Place counts as one primitive, its rectangle that of its contents."""
    return [(p, _bounds(p)) for p in prims]


def window_of(bounded_prims: list[tuple], rect) -> tuple:
    """The primitives of `bounded_prims` that may paint inside `rect` (x0, y0, x1, y1): what a tile shows.
    The others lie wholly outside the tile's window; drawn there they would be clipped away, yet still be
    in the page for a printer to rasterise and for a reader of the PDF's text to wade through."""
    x0, y0, x1, y1 = rect
    return tuple(p for p, b in bounded_prims if b is None or (b[0] < x1 and b[2] > x0 and b[1] < y1 and b[3] > y0))


def _bounds(p) -> tuple | None:
    """The rectangle `bounded` gives a primitive, or None when it cannot tell (the primitive is kept)."""
    from deck.layout.geometry import Circle, Icon, Image, Qr, Rect, Seg, Text

    t = type(p)
    if t is Text:
        from deck.style.fonts import width

        w = width(p.text, p.font, p.size)
        x0 = {"centre": p.x - w / 2, "right": p.x - w}.get(p.anchor, p.x)
        return (x0 - p.size, p.y - p.size, x0 + w + p.size, p.y + 2 * p.size)
    if t is Rect:
        e = (p.width if p.stroke else 0.0) + 1.0
        return (min(p.x, p.x + p.w) - e, min(p.y, p.y + p.h) - e, max(p.x, p.x + p.w) + e, max(p.y, p.y + p.h) + e)
    if t is Seg:
        e = p.width + 1.0
        return (min(p.x1, p.x2) - e, min(p.y1, p.y2) - e, max(p.x1, p.x2) + e, max(p.y1, p.y2) + e)
    if t is Circle:
        e = p.r + (p.width if p.stroke else 0.0) + 1.0
        return (p.cx - e, p.cy - e, p.cx + e, p.cy + e)
    if t is Icon:
        e = p.size + 1.0
        return (p.cx - e, p.cy - e, p.cx + e, p.cy + e)
    if t is Qr:
        return (p.x - 1.0, p.y - 1.0, p.x + p.side + 1.0, p.y + p.side + 1.0)
    if t is Image:
        return (
            min(p.x, p.x + p.w) - 1.0,
            min(p.y, p.y + p.h) - 1.0,
            max(p.x, p.x + p.w) + 1.0,
            max(p.y, p.y + p.h) + 1.0,
        )
    if t is Place:
        found = [_bounds(q) for q in p.prims]
        boxes = [b for b in found if b is not None]
        if not boxes or len(boxes) < len(found):
            return None
        cos, sin = math.cos(math.radians(p.angle)), math.sin(math.radians(p.angle))
        k = p.scale
        pts = [
            (p.x + k * (u * cos - v * sin), p.y + k * (u * sin + v * cos))
            for b in boxes
            for u in (b[0], b[2])
            for v in (b[1], b[3])
        ]
        box = (min(q[0] for q in pts), min(q[1] for q in pts), max(q[0] for q in pts), max(q[1] for q in pts))
        if p.clip:  # the clip is in the parent frame
            c = p.clip
            box = (max(box[0], c[0]), max(box[1], c[1]), min(box[2], c[2]), min(box[3], c[3]))
        return box
    return None
