"""Line breaking and shrink-to-fit, as pure geometry: no canvas, only font metrics.

Breaks happen at ordinary spaces only (never at U+00A0 or U+202F, so French punctuation never starts a
line), then inside long words at the language's hyphenation points, and as a last resort anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from deck.layout.typography import hyphen_points
from deck.style.fonts import measure, width


@dataclass(frozen=True)
class Block:
    """A piece of text in a text box: a paragraph, a heading, or a list item."""

    text: str
    style: str = "body"  # body | heading | bullet | number | small
    marker: str = ""  # list marker: "•", "1.", "☐"


@dataclass(frozen=True)
class Line:
    x: float  # from the box's left edge
    y: float  # baseline, measured down from the box's top edge
    text: str
    font: str
    size: float


@dataclass(frozen=True)
class Fit:
    size: float
    lines: tuple
    height: float
    fits: bool
    overflow: float  # points of text that do not fit (0 when it fits)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


LEADING = 1.22


def glyph_message(field: str, missing) -> str:
    """The report of the characters of one text that no font of its stack has: every one of them."""
    shown = ", ".join(f"{c!r} U+{ord(c):04X}" for c in missing)
    return (
        f"{field}: characters no font of the stack has: {shown}; replace them or add a font that has them "
        "to the theme's fonts (docs/format.md, Fonts)"
    )


def _font_for(block: Block, fonts: Fonts) -> str:
    return fonts.bold if block.style == "heading" else (fonts.italic if block.style == "italic" else fonts.regular)


def _split_word(word: str, room: float, font: str, size: float, lang: str) -> tuple[str, str] | None:
    """Split `word` so its head plus a hyphen fits in `room`; None when no split point fits."""
    core = word.rstrip(".,;:!?»)\u00a0\u202f")
    for pos in reversed(hyphen_points(core, lang)):
        head = word[:pos] + "-"
        if width(head, font, size) <= room:
            return head, word[pos:]
    return None


@lru_cache(maxsize=512)
def _paragraphs(text: str, font: str) -> tuple:
    """The paragraphs of text, each as (words, their widths at 1000 pt): split and measured once for all
    the sizes that fitting tries (the width at a size is w * size / 1000, as fonts.width computes it)."""
    out = []
    for para in text.split("\n"):
        words = tuple(para.split(" "))
        out.append((para, words, tuple(measure(w, font) if w else 0.0 for w in words)))
    return tuple(out)


def wrap(text: str, font: str, size: float, max_width: float, lang: str) -> list[str]:
    """Greedy line breaking of one paragraph (explicit newlines kept)."""
    lines: list[str] = []
    space = width(" ", font, size)
    for para, words, measured in _paragraphs(text, font):
        words = list(words)
        widths = list(measured)  # None once a word was cut: its rest is measured again
        current = ""
        current_w = 0.0
        i = 0
        while i < len(words):
            word = words[i]
            if not word:
                i += 1
                continue
            w = widths[i]
            w = width(word, font, size) if w is None else w * size / 1000.0
            if not current:
                if w <= max_width:
                    current, current_w = word, w
                    i += 1
                    continue
                split = _split_word(word, max_width, font, size, lang) or _hard_split(word, max_width, font, size)
                lines.append(split[0])
                words[i], widths[i] = split[1], None
                continue
            if current_w + space + w <= max_width:
                current += " " + word
                current_w += space + w
                i += 1
                continue
            part = _split_word(word, max_width - current_w - space, font, size, lang) if len(word) >= 8 else None
            if part and len(part[0]) > 3:
                lines.append(current + " " + part[0])
                words[i], widths[i] = part[1], None
            else:
                lines.append(current)
            current, current_w = "", 0.0
        if current or not lines or para == "":
            lines.append(current)
    return lines


def _hard_split(word: str, room: float, font: str, size: float) -> tuple[str, str]:
    for n in range(len(word) - 1, 0, -1):
        if width(word[:n], font, size) <= room:
            return word[:n], word[n:]
    return word[:1], word[1:]


def layout(
    blocks: list[Block],
    fonts: Fonts,
    size: float,
    box_w: float,
    lang: str,
    heading_ratio: float = 1.0,
    gap: float = 0.45,
) -> tuple[list[Line], float]:
    """Lines of all blocks at one body size; returns the lines and the total height used."""
    out: list[Line] = []
    y = 0.0
    prev_style = None
    for block in blocks:
        bsize = size * (heading_ratio if block.style == "heading" else (0.9 if block.style == "small" else 1.0))
        font = _font_for(block, fonts)
        lead = bsize * LEADING
        if prev_style is not None:
            same_list = block.style in ("bullet", "number") and prev_style == block.style
            y += bsize * (0.2 if same_list else gap)
        indent = 0.0
        if block.marker:
            mw = bsize * 0.72 if block.marker == "\u2610" else width(block.marker, fonts.regular, bsize)
            indent = max(mw + bsize * 0.4, bsize * 1.1)
        for k, text in enumerate(wrap(block.text, font, bsize, box_w - indent, lang)):
            y += lead if not (k == 0 and not out) else bsize * 0.95
            if k == 0 and block.marker:
                out.append(Line(0.0, y, block.marker, fonts.bold if block.style == "number" else fonts.regular, bsize))
            out.append(Line(indent, y, text, font, bsize))
        prev_style = block.style
    descent = size * 0.27
    return out, (y + descent if out else 0.0)


def fit(
    blocks: list[Block],
    fonts: Fonts,
    box_w: float,
    box_h: float,
    max_size: float,
    min_size: float,
    lang: str,
    heading_ratio: float = 1.0,
) -> Fit:
    """The largest size in [min_size, max_size] (0.25 pt steps, by bisection) at which blocks fit."""
    lines, h = layout(blocks, fonts, max_size, box_w, lang, heading_ratio)
    if h <= box_h and _widths_ok(lines, box_w):
        return Fit(max_size, tuple(lines), h, True, 0.0)
    lo, hi = round(min_size * 4), round(max_size * 4)  # quarter points
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        size = mid / 4
        lines, h = layout(blocks, fonts, size, box_w, lang, heading_ratio)
        if h <= box_h and _widths_ok(lines, box_w):
            best = Fit(size, tuple(lines), h, True, 0.0)
            lo = mid + 1
        else:
            hi = mid - 1
    if best:
        return best
    lines, h = layout(blocks, fonts, min_size, box_w, lang, heading_ratio)
    return Fit(min_size, tuple(lines), h, False, max(0.0, h - box_h))


def _widths_ok(lines: list[Line], box_w: float) -> bool:
    return all(line.x + width(line.text, line.font, line.size) <= box_w + 0.01 for line in lines)
