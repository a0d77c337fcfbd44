"""Card and paper sizes, lengths with units. Everything after parsing is in points."""

from __future__ import annotations

import re

MM = 72 / 25.4

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
