"""What an office sheet carries besides cards: cut marks, a 100 mm scale bar, the print-at-100 % notice
and a sheet label. Placed in the margins around the card grid, turned when only the sides have room."""

from __future__ import annotations

from deck.layout.geometry import Place, Rect, Seg, Text
from deck.style.fonts import width
from deck.units import MM

PRINTABLE = 5 * MM  # office printers do not print closer to the edge than this
MARK_OFFSET = 1.0 * MM  # cut marks start this far from the grid
MARK_LENGTH = 3.0 * MM
CLEAR = MARK_OFFSET + MARK_LENGTH + 0.8 * MM  # furniture keeps clear of the cut marks


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
    paper, bounds, label: str, scale_label: str, notice: str, font: str, colour: str, with_scale: bool = True
) -> tuple[list, list[str]]:
    """Label and scale bar around the grid `bounds` (x0, y0, x1, y1). Returns (prims, problems)."""
    pw, ph = paper
    gx0, gy0, gx1, gy1 = bounds
    prims: list = []
    problems: list[str] = []
    size = 6.5
    bands = {
        "bottom": (gy0 - PRINTABLE - CLEAR, pw - 2 * PRINTABLE),
        "top": (ph - gy1 - PRINTABLE - CLEAR, pw - 2 * PRINTABLE),
        "right": (pw - gx1 - PRINTABLE - CLEAR, ph - 2 * PRINTABLE),
        "left": (gx0 - PRINTABLE - CLEAR, ph - 2 * PRINTABLE),
    }
    used = set()

    def place(local: list, w: float, h: float, prefer) -> bool:
        for band in prefer:
            depth, length = bands[band]
            if band in used or depth < h or length < w:
                continue
            used.add(band)
            if band == "bottom":
                prims.append(Place(tuple(local), (pw - w) / 2, gy0 - CLEAR - h, 0))
            elif band == "top":
                prims.append(Place(tuple(local), (pw - w) / 2, gy1 + CLEAR + 0.6 * MM, 0))
            elif band == "right":
                # turned a quarter counter-clockwise: reads bottom to top
                prims.append(Place(tuple(local), gx1 + CLEAR + h, (ph - w) / 2, 90))
            else:
                prims.append(Place(tuple(local), gx0 - CLEAR - 0.6 * MM, (ph - w) / 2, 90))
            return True
        return False

    if with_scale:
        bar, bw, bh = scale_bar(scale_label, notice, font, colour)
        if not place(bar, bw, bh, ("bottom", "right", "top", "left")):
            bar, bw, bh = scale_bar(scale_label, "", font, colour)
            if not place(bar, bw, bh, ("bottom", "right", "top", "left")):
                problems.append("no room in the margins for the 100 mm scale bar")
    lw = width(label, font, size)
    if not place(
        [Text(0, 0, label, font, size, colour, role="footer")], lw, size * 0.8, ("top", "left", "bottom", "right")
    ):
        problems.append("no room in the margins for the sheet label")
    return prims, problems


def mark_segments(segs, colour: str) -> list:
    return [Seg(s[0], s[1], s[2], s[3], colour=colour, width=0.35) for s in segs]


def fold_line(paper, label: str, font: str, colour: str) -> list:
    pw, ph = paper
    x = pw / 2
    prims: list = [Seg(x, PRINTABLE, x, ph - PRINTABLE, colour, 0.5, (3, 2))]
    prims.append(Place((Text(0, 0, label, font, 6.5, colour),), x - 1 * MM, PRINTABLE + 2 * MM, 90))
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
