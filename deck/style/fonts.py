"""Bundled fonts: registered once with reportlab's metrics (no canvas needed), measured with a cache."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from deck.kit.find import fonts_dir

# style -> font file; every style is a bundled, embeddable TrueType font
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
}


@cache
def font_name(style: str, path: str | None = None) -> str:
    """Register the font of a style (or a kit's own file) once; return its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    file = Path(path) if path else fonts_dir() / FONT_FILES[style]
    name = "deck-" + file.stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(file)))
    return name


@cache
def charset(name: str) -> frozenset:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


_widths: dict = {}
_advances: dict = {}


class _Advances(dict):
    """Character -> advance width (1/1000 em) of one TrueType font, the default width for the others."""

    def __init__(self, face):
        super().__init__((chr(code), w) for code, w in face.charWidths.items())
        self.default = face.defaultWidth

    def __missing__(self, char):
        return self.default


def measure(text: str, name: str) -> float:
    """Width at 1000 pt, as reportlab's stringWidth gives it (the same sum, in the same order)."""
    table = _advances.get(name)
    if table is None:
        from reportlab.pdfbase import pdfmetrics

        font = pdfmetrics.getFont(name)
        face = getattr(font, "face", None)
        if not getattr(font, "_dynamicFont", False) or not hasattr(face, "charWidths"):
            return pdfmetrics.stringWidth(text, name, 1000.0)
        table = _advances[name] = _Advances(face)
    return 0.001 * 1000.0 * sum(map(table.__getitem__, text))


def width(text: str, name: str, size: float) -> float:
    """Width in points of `text` in font `name` at `size` (cached per word and font; lines are summed)."""
    if len(text) > 24:  # a line: measured each time (cheap), so the cache stays the size of the vocabulary
        return measure(text, name) * size / 1000.0
    key = (text, name)
    w = _widths.get(key)
    if w is None:
        w = _widths[key] = measure(text, name)
    return w * size / 1000.0


@cache
def _drawable(name: str) -> frozenset:
    return frozenset(map(chr, charset(name))) | frozenset("\n\r\t")


def missing_glyphs(text: str, name: str) -> list[str]:
    if _drawable(name).issuperset(text):  # the usual case, in one set operation
        return []
    have = charset(name)
    return sorted({c for c in text if ord(c) not in have and c not in "\n\r\t"})
