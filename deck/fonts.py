"""Bundled fonts: registered once with reportlab's metrics (no canvas needed), measured with a cache."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from deck.bundled import fonts_dir

# style -> font file; every style is a bundled, embeddable TrueType font
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
}


@lru_cache(maxsize=None)
def font_name(style: str, path: str | None = None) -> str:
    """Register the font of a style (or a kit's own file) once; return its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    file = Path(path) if path else fonts_dir() / FONT_FILES[style]
    name = "deck-" + file.stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(file)))
    return name


@lru_cache(maxsize=None)
def charset(name: str) -> frozenset:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


_widths: dict = {}


def width(text: str, name: str, size: float) -> float:
    """Width in points of `text` in font `name` at `size` (cached per word and font)."""
    key = (text, name)
    w = _widths.get(key)
    if w is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        w = _widths[key] = stringWidth(text, name, 1000.0)
    return w * size / 1000.0


def missing_glyphs(text: str, name: str) -> list[str]:
    have = charset(name)
    return sorted({c for c in text if ord(c) not in have and c not in "\n\r\t"})
