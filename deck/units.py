"""Card and paper sizes, lengths with units. Everything after parsing is in points."""

from __future__ import annotations

import re

MM = 72 / 25.4
SAFE_MM = 3.0  # the print trade's safe zone: no text or mark closer than this to the trim

CARD_SIZES_MM = {
    "poker": (63.0, 88.0),
    "bridge": (57.0, 89.0),
    "tarot": (70.0, 120.0),
    "large": (75.0, 125.0),
    "mini": (44.0, 63.0),
    "square": (70.0, 70.0),
    "a6": (105.0, 148.0),
    "a7": (74.0, 105.0),
}

PAPER_SIZES_MM = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "a3": (297.0, 420.0),
    "legal": (215.9, 355.6),
    "tabloid": (279.4, 431.8),
}

BOARD_SIZES_MM = {
    "a3": (297.0, 420.0),
    "a2": (420.0, 594.0),
    "a1": (594.0, 841.0),
    "a0": (841.0, 1189.0),
}

_UNITS = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$")
_WXH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×X]\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$")


def parse_length(text) -> float | None:
    """'3mm', '0.125in', '12pt', '3' (mm) -> points; None if not a length."""
    m = _LENGTH.match(str(text))
    if not m:
        return None
    return float(m.group(1)) * _UNITS[m.group(2) or "mm"]


Size = tuple[float, float]  # (width, height) in points


def card_size(text: str) -> Size:
    """A card preset or 'WxH' (mm) -> (w, h) in points, parsed once at the edge (CLI, validator).
    ValueError with the problem, said for a person, when it is not one."""
    size_mm, problem = parse_card_size(text)
    if size_mm is None:
        raise ValueError(problem)
    return (size_mm[0] * MM, size_mm[1] * MM)


def paper_size(name: str) -> Size:
    """An office paper preset (a4, letter, …) -> (w, h) in points; ValueError when unknown."""
    size_mm, problem = parse_paper(name)
    if size_mm is None or str(name).strip().lower() not in PAPER_SIZES_MM:
        raise ValueError(problem or f'unknown paper "{name}": expected one of {", ".join(PAPER_SIZES_MM)}')
    return (size_mm[0] * MM, size_mm[1] * MM)


def preset_name(size: Size, table=CARD_SIZES_MM) -> str | None:
    """The preset whose size this is (within half a point), or None."""
    for name, mm in table.items():
        if abs(mm[0] * MM - size[0]) < 0.5 and abs(mm[1] * MM - size[1]) < 0.5:
            return name
    return None


KNOWN_PAPERS_MM = {
    "A0": (841, 1189),
    "A1": (594, 841),
    "A2": (420, 594),
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "Tabloid": (279.4, 431.8),
}


def paper_label(size: Size) -> str:
    """A4, A2, Letter… for a page size in points (either way round), else its size in mm."""
    w, h = sorted((size[0] / MM, size[1] / MM))
    for name, (a, b) in KNOWN_PAPERS_MM.items():
        if abs(w - a) < 1 and abs(h - b) < 1:
            return name
    return f"{w:.0f} × {h:.0f} mm"


def board_size(text: str) -> tuple[Size, str]:
    """'a2' or 'WxH' (mm) -> ((long side, short side) in points, its name); ValueError when wrong."""
    size, problem = parse_paper(text, BOARD_SIZES_MM)
    if size is None:
        raise ValueError(str(problem).replace("unknown paper", "unknown board size"))
    w, h = max(size), min(size)
    if not (h >= 148 and w <= 5000):
        raise ValueError(f"board size {w:g}×{h:g} mm: expected sides between 148 mm and 5 m")
    name = str(text).strip().upper() if str(text).strip().lower() in BOARD_SIZES_MM else f"{w:g} × {h:g} mm"
    return (w * MM, h * MM), name


def parse_card_size(text: str) -> tuple[tuple[float, float] | None, str | None]:
    """A preset name or 'WxH' (mm) -> ((w, h) in mm, None) or (None, problem)."""
    name = str(text).strip().lower()
    if name in CARD_SIZES_MM:
        return CARD_SIZES_MM[name], None
    m = _WXH.match(name)
    if m:
        w, h = float(m.group(1)), float(m.group(2))
        if not (20 <= w <= 400 and 20 <= h <= 400):
            return None, f"card size {w:g}×{h:g} mm: expected each side between 20 and 400 mm"
        return (w, h), None
    from deck.errors import did_you_mean

    return None, (
        f'unknown card size "{text}": expected one of {", ".join(CARD_SIZES_MM)} or WxH in mm'
        + did_you_mean(name, CARD_SIZES_MM)
    )


def parse_paper(text: str, table=PAPER_SIZES_MM) -> tuple[tuple[float, float] | None, str | None]:
    name = str(text).strip().lower()
    if name in table:
        return table[name], None
    m = _WXH.match(name)
    if m:
        return (float(m.group(1)), float(m.group(2))), None
    from deck.errors import did_you_mean

    return None, (
        f'unknown paper "{text}": expected one of {", ".join(table)} or WxH in mm' + did_you_mean(name, table)
    )
