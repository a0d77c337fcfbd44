"""sRGB colours as deck's files write them ("#RRGGBB"), and the WCAG 2.x contrast ratio: the theme's colour
pairs (deck.style.theme), the layout's tints (deck.layout.sketch) and deck check's words against what is behind
them on the page (deck.check.pages) are measured by the same sums."""

from __future__ import annotations

from functools import cache, lru_cache


@cache
def rgb(hex_colour: str) -> tuple[int, int, int]:
    """The (r, g, b) channels, 0 to 255, of a validated "#RRGGBB" colour."""
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _lum(rgb: tuple) -> float:
    def ch(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


@lru_cache(maxsize=4096)  # deck check asks it for thousands of words in a handful of colour pairs
def contrast_rgb(a: tuple, b: tuple) -> float:
    """The contrast ratio of two (r, g, b) colours (0 to 255), from 1 to 21."""
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two "#RRGGBB" colours."""
    return contrast_rgb(rgb(a), rgb(b))
