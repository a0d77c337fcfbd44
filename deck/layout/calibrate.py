"""The duplex calibration sheet: verniers that read the front/back offset in 0.5 mm steps.

Front lines stand every 5 mm, back lines every 5.5 mm, both centred on the same point of the sheet when
the printer is exact. Held against the light, the pair that lines up tells the offset; the number printed
by the front line is the value to enter in the printer profile (back_offset_x / back_offset_y).
"""

from __future__ import annotations

from deck.layout.geometry import Place, Rect, Seg, Text
from deck.units import MM

STEPS = range(-5, 6)  # ±2.5 mm in 0.5 mm steps
FRONT = 6 * MM
BACK = 6.5 * MM


def correction(k: int, axis: str, duplex: str) -> float:
    """Profile value (mm, back-page coordinates) when front line k lines up with its back line."""
    mirrored = (axis == "x" and duplex == "long") or (axis == "y" and duplex == "short")
    return -0.5 * k if mirrored else 0.5 * k


def to_back(x: float, y: float, paper, duplex: str) -> tuple[float, float]:
    pw, ph = paper
    return (pw - x, y) if duplex == "long" else (x, ph - y)


def _vernier(cx: float, cy: float, axis: str, side: str, paper, duplex: str, font: str, bold: str) -> list:
    prims: list = []
    pitch = FRONT if side == "front" else BACK
    for k in STEPS:
        length = 9 * MM if k == 0 else 6 * MM
        if axis == "x":
            x, y0, y1 = cx + k * pitch, cy, cy + (length if side == "front" else -length)
            a, b = (x, y0), (x, y1)
        else:
            y, x0, x1 = cy + k * pitch, cx, cx + (length if side == "front" else -length)
            a, b = (x0, y), (x1, y)
        if side == "back":
            a, b = to_back(*a, paper, duplex), to_back(*b, paper, duplex)
        prims.append(Seg(a[0], a[1], b[0], b[1], "#000000", 0.5 if k else 0.9))
        if side == "front":
            value = correction(k, axis, duplex)
            label = "0" if value == 0 else f"{value:+.1f}"
            if axis == "x":
                prims.append(Text(b[0], b[1] + 1.5 * MM, label, bold if k == 0 else font, 6, "#000000", "centre"))
            else:
                prims.append(Text(b[0] + 1.5 * MM, b[1] - 2.1, label, bold if k == 0 else font, 6, "#000000"))
    return prims


def sheet(paper, duplex: str, font: str, bold: str, words: dict) -> tuple[list, list]:
    """Prims of the front page and of the back page of the calibration sheet."""
    pw, ph = paper
    front: list = []
    back: list = []
    # three rows (top, middle, bottom of the sheet), each with a scale for x and one for y
    for cy in (ph * 0.68, ph * 0.43, ph * 0.18):
        for axis, cx in (("x", pw * 0.38), ("y", pw * 0.78)):
            front += _vernier(cx, cy, axis, "front", paper, duplex, font, bold)
            back += _vernier(cx, cy, axis, "back", paper, duplex, font, bold)
    # a frame 10 mm inside the sheet on both sides shows rotation and scale at a glance
    front.append(Rect(10 * MM, 10 * MM, pw - 20 * MM, ph - 20 * MM, stroke="#000000", width=0.4))
    back.append(Rect(10 * MM, 10 * MM, pw - 20 * MM, ph - 20 * MM, stroke="#000000", width=0.4))
    y = ph - 16 * MM
    for line in words["calibrate_help"].split("\n"):
        front.append(Text(15 * MM, y, line, font, 8.5, "#000000"))
        y -= 11
    front.append(Text(15 * MM, 14 * MM, words["calibrate_mode"].format(mode=duplex), bold, 8.5, "#000000"))
    back.append(Place((Text(0, 0, words["calibrate_back"], font, 8.5, "#000000"),), 15 * MM, 14 * MM))
    return front, back
