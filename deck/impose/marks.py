"""What an office sheet carries besides cards: cut marks, a 100 mm scale bar, the print-at-100 % notice
and a sheet label. Placed in the margins around the card grid, turned when only the sides have room."""

from __future__ import annotations

from deck.impose.grid import MARK_LENGTH, MARK_MIN, MARK_MIN_OFFSET, MARK_OFFSET
from deck.layout.geometry import Place, Rect, Seg, Text
from deck.style.fonts import width
from deck.units import MM

PRINTABLE = 5 * MM  # office printers do not print closer to the edge than this (the default --margin)
CLEAR = MARK_OFFSET + MARK_LENGTH + 0.8 * MM  # furniture keeps clear of the cut marks
SHORT_CLEAR = MARK_MIN_OFFSET + MARK_MIN + 0.4 * MM  # … of the short ones
FOLD_CLEAR = 1.5 * MM  # the fold line stops this far from the furniture it would cross


def scale_bar(label: str, notice: str, font: str, colour: str) -> tuple[list, float, float]:
    """A 100 mm bar with 10 mm ticks, its label and the notice; local frame, returns (prims, w, h)."""
    prims: list = [Seg(0, 0, 100 * MM, 0, colour, 0.6)]
    for k in range(11):
        t = 1.6 * MM if k % 5 == 0 else 0.9 * MM
        prims.append(Seg(k * 10 * MM, 0, k * 10 * MM, t, colour, 0.4))
    size = 6.5
    prims.append(Text(100 * MM + 1.5 * MM, 0, label, font, size, colour))
    notice_x = 100 * MM + 3 * MM + width(label, font, size)
    prims.append(Text(notice_x, 0, notice, font, size, colour))
    w = notice_x + width(notice, font, size)
    return prims, w, 2.6 * MM


def furniture(
    paper,
    bounds,
    label: str,
    scale_label: str,
    notice: str,
    font: str,
    colour: str,
    with_scale: bool = True,
    area=None,
    short_marks: bool = False,
) -> tuple[list, list[str], list[tuple[float, float, float, float]]]:
    """Label and scale bar around the grid `bounds` (x0, y0, x1, y1), inside `area` (the printable part
    of the page, x0, y0, x1, y1; by default the page less PRINTABLE). Returns (prims, problems, the
    rectangles they take on the page). `short_marks`: the cut marks are the short ones (cut_marks' `short`)."""
    pw, ph = paper
    clear = SHORT_CLEAR if short_marks else CLEAR
    ax0, ay0, ax1, ay1 = area or (PRINTABLE, PRINTABLE, pw - PRINTABLE, ph - PRINTABLE)
    gx0, gy0, gx1, gy1 = bounds
    prims: list = []
    problems: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    size = 6.5
    cx, cy = (ax0 + ax1) / 2, (ay0 + ay1) / 2
    bands = {
        "bottom": (gy0 - ay0 - clear, ax1 - ax0),
        "top": (ay1 - gy1 - clear, ax1 - ax0),
        "right": (ax1 - gx1 - clear, ay1 - ay0),
        "left": (gx0 - ax0 - clear, ay1 - ay0),
    }
    used = set()

    def place(local: list, w: float, up: float, down: float, prefer) -> bool:
        """Into the first free band of `prefer`: what reaches `up` above its baseline and `down` below
        lies between `clear` from the grid and the edge of the area."""
        for band in prefer:
            depth, length = bands[band]
            if band in used or depth < up + down or length < w:
                continue
            used.add(band)
            if band == "bottom":
                x, y = cx - w / 2, gy0 - clear - up
                prims.append(Place(tuple(local), x, y, 0))
                boxes.append((x, y - down, x + w, y + up))
            elif band == "top":
                x, y = cx - w / 2, gy1 + clear + down
                prims.append(Place(tuple(local), x, y, 0))
                boxes.append((x, y - down, x + w, y + up))
            elif band == "right":
                # turned a quarter counter-clockwise: reads bottom to top
                x, y = gx1 + clear + up, cy - w / 2
                prims.append(Place(tuple(local), x, y, 90))
                boxes.append((x - up, y, x + down, y + w))
            else:
                x, y = gx0 - clear - down, cy - w / 2
                prims.append(Place(tuple(local), x, y, 90))
                boxes.append((x - up, y, x + down, y + w))
            return True
        return False

    up, down = max(1.6 * MM, 0.75 * size), 0.3 * size  # the bar's ticks or its text's capitals; descenders
    if with_scale:
        bar, bw, _ = scale_bar(scale_label, notice, font, colour)
        if not place(bar, bw, up, down, ("bottom", "right", "top", "left")):
            bar, bw, _ = scale_bar(scale_label, "", font, colour)
            if not place(bar, bw, up, down, ("bottom", "right", "top", "left")):
                problems.append("no room in the margins for the 100 mm scale bar")
    lw = width(label, font, size)
    if not place(
        [Text(0, 0, label, font, size, colour, role="footer")],
        lw,
        0.75 * size,
        down,
        ("top", "left", "bottom", "right"),
    ):
        problems.append("no room in the margins for the sheet label")
    return prims, problems, boxes


def mark_segments(segs, colour: str) -> list:
    return [Seg(s[0], s[1], s[2], s[3], colour=colour, width=0.35) for s in segs]


def fold_line(paper, label: str, font: str, colour: str, area=None, avoid=()) -> list:
    """The dashed fold line down the middle of the page, inside `area` (x0, y0, x1, y1), broken where it
    would cross the rectangles of `avoid` (the sheet label, the scale bar); its label in the longest
    stretch, at its foot."""
    pw, ph = paper
    x = pw / 2
    _, ay0, _, ay1 = area or (PRINTABLE, PRINTABLE, pw - PRINTABLE, ph - PRINTABLE)
    ay0, ay1 = ay0 + 0.5 * MM, ay1 - 0.5 * MM  # the dashes' stroke stays inside too
    cuts = sorted((b[1] - FOLD_CLEAR, b[3] + FOLD_CLEAR) for b in avoid if b[0] - FOLD_CLEAR < x < b[2] + FOLD_CLEAR)
    runs, y = [], ay0
    for lo, hi in cuts:
        if lo > y:
            runs.append((y, min(lo, ay1)))
        y = max(y, hi)
    if y < ay1:
        runs.append((y, ay1))
    prims: list = [Seg(x, a, x, b, colour, 0.5, (3, 2)) for a, b in runs if b - a > 1 * MM]
    if runs:
        a, b = max(runs, key=lambda r: r[1] - r[0])
        if b - a > width(label, font, 6.5) + 4 * MM:
            prims.append(Place((Text(0, 0, label, font, 6.5, colour),), x - 1 * MM, a + 2 * MM, 90))
    return prims


def crop_marks(trim, bleed: float, length: float = 5 * MM, colour: str = "#000000") -> list:
    """Print-shop crop marks: in line with the trim edges, starting outside the bleed."""
    x0, y0, x1, y1 = trim
    off = bleed + 1 * MM
    segs = []
    for x in (x0, x1):
        segs += [(x, y0 - off, x, y0 - off - length), (x, y1 + off, x, y1 + off + length)]
    for y in (y0, y1):
        segs += [(x0 - off, y, x0 - off - length, y), (x1 + off, y, x1 + off + length, y)]
    return [Seg(*s, colour=colour, width=0.25) for s in segs]


def blank(paper, colour="#FFFFFF") -> Rect:
    return Rect(0, 0, paper[0], paper[1], fill=colour)
