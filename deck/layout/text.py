"""Line breaking and shrink-to-fit, as pure geometry: no canvas, only font metrics.

Breaks happen at ordinary spaces only (never at U+00A0, U+202F or U+2011, so French punctuation never
starts a line), at soft hyphens and zero-width spaces, then inside long words at the language's
hyphenation points, and as a last resort anywhere (between clusters, in time proportional to the word).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from deck.layout.typography import hyphen_points
from deck.style.fonts import INVISIBLE, SHY, ZWSP, advances, is_rtl, width

RLM = "\u200f"


@dataclass(frozen=True)
class Block:
    """A piece of text in a text box: a paragraph, a heading, or a list item."""

    text: str
    style: str = "body"  # body | heading | bullet | number | small
    marker: str = ""  # list marker: "•", "1.", "☐"
    lang: str = ""  # the block's own language (a bilingual card's second one), for its hyphenation


@dataclass(frozen=True)
class Line:
    x: float  # from the box's left edge
    y: float  # baseline, measured down from the box's top edge
    text: str
    font: str
    size: float
    width: float = 0.0  # as measured by line breaking (the shaped widths of its words and spaces)


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
SMALL = 0.9  # a "small" block is set at this much of the size it is laid out at


def glyph_message(field: str, missing) -> str:
    """The report of the characters of one text that no font of its stack has: every one of them."""
    shown = ", ".join(f"{c!r} U+{ord(c):04X}" for c in missing)
    return (
        f"{field}: characters no font of the stack has: {shown}; replace them or add a font that has them "
        "to the theme's fonts (docs/format.md, Fonts)"
    )


def _font_for(block: Block, fonts: Fonts) -> str:
    return fonts.bold if block.style == "heading" else (fonts.italic if block.style == "italic" else fonts.regular)


_TRAILING = ".,;:!?»)\u00a0\u202f\u2019\"'"
_HYPHEN_MAX = 64  # longer than this is no word of a language (a URL, a code): never hyphenated by dictionary


def _visible(word: str) -> tuple[str, dict[int, str]]:
    """A word without its soft hyphens and zero-width spaces, and the break opportunities they mark:
    position in the visible word -> the character printed when the line breaks there ("-" or "")."""
    if not any(c in word for c in INVISIBLE):
        return word, {}
    out: list[str] = []
    marks: dict[int, str] = {}
    for c in word:
        if c == SHY:
            marks[len(out)] = "-"
        elif c == ZWSP:
            marks[len(out)] = ""
        elif c not in INVISIBLE:
            out.append(c)
    n = len(out)
    return "".join(out), {k: v for k, v in marks.items() if 0 < k < n}


def _points(word: str, marks: dict[int, str], lang: str, hyphenate: bool) -> dict[int, str]:
    """Where `word` (visible) may break and what the line then ends with: the author's soft hyphens and
    zero-width spaces when there are any, else the language's hyphenation points (at least three letters on
    each side), else the hyphens the word holds."""
    if any(v == "-" for v in marks.values()) or not hyphenate:
        return marks
    out = dict(marks)
    core = word.rstrip(_TRAILING)
    if len(core) <= _HYPHEN_MAX:
        for pos in hyphen_points(core, lang):
            out.setdefault(pos, "-")
    for i, c in enumerate(word[:-1]):
        if c in "-\u2010" and i > 0:  # after a hyphen the word breaks with no hyphen added
            out[i + 1] = ""
    return out


def _head(word: str, pos: int, end: str) -> str:
    return word[:pos] + end


def _split_word(word: str, points: dict[int, str], room: float, font: str, size: float) -> tuple[str, str] | None:
    """Split `word` at its last break point whose head fits in `room`; None when none fits."""
    for pos in sorted(points, reverse=True):
        head = _head(word, pos, points[pos])
        if width(head, font, size) <= room:
            return head, word[pos:]
    return None


_ADV: dict = {}


def _advances(word: str, font: str) -> list[float]:
    """Cumulative widths (1000 pt) of the word's characters: one shaping for a word of any length."""
    key = (word, font)
    got = _ADV.get(key)
    if got is None:
        if len(_ADV) > 64:
            _ADV.clear()
        acc = 0.0
        got = []
        for w in advances(word, font):
            acc += w
            got.append(acc)
        _ADV[key] = got
    return got


def _can_cut(word: str, i: int) -> bool:
    """A cut between word[i-1] and word[i] keeps every cluster whole (marks, joined emoji)."""
    c = word[i]
    return not (unicodedata.category(c)[0] == "M" or c in "\u200d\ufe0f" or word[i - 1] == "\u200d")


def _cut_long(
    word: str, points: dict[int, str], max_width: float, font: str, size: float
) -> tuple[list[tuple[str, float]], str, bool]:
    """A word wider than a whole line, cut into lines in one pass over its characters (time in proportion
    to its length): each line ends at the last break point that fits, else at the last character that fits
    (a forced cut). Returns the full lines, the rest of the word, and whether a cut was forced."""
    cum = _advances(word, font)
    k = size / 1000.0
    hyphen = width("-", font, size)
    lines: list[tuple[str, float]] = []
    forced = False
    start = 0
    base = 0.0
    n = len(word)
    ordered = sorted(points)
    pi = 0
    while start < n and (cum[-1] - base) * k > max_width:
        end = start
        best = -1
        while end < n and (cum[end] - base) * k <= max_width:
            end += 1
        # the last break point in (start, end] whose head (and its hyphen) fits
        while pi < len(ordered) and ordered[pi] <= start:
            pi += 1
        j = pi
        while j < len(ordered) and ordered[j] <= end:
            pos = ordered[j]
            if (cum[pos - 1] - base) * k + (hyphen if points[pos] else 0.0) <= max_width:
                best = pos
            j += 1
        if best > start:
            cut = best
            lines.append((word[start:cut] + points[cut], (cum[cut - 1] - base) * k + (hyphen if points[cut] else 0.0)))
        else:
            cut = max(end, start + 1)
            while cut - 1 > start and cut < n and not _can_cut(word, cut):
                cut -= 1
            lines.append((word[start:cut], (cum[cut - 1] - base) * k))
            forced = True
        base = cum[cut - 1]
        start = cut
    return lines, word[start:], forced


@lru_cache(maxsize=512)
def _paragraphs(text: str, font: str) -> tuple:
    """The paragraphs of text, each as (words, their widths at 1000 pt, their break marks): split and
    measured once for all the sizes that fitting tries (the width at a size is w * size / 1000)."""
    out = []
    for para in text.split("\n"):
        raw = para.split(" ")
        if any(c in para for c in INVISIBLE):
            seen = [_visible(w) for w in raw]
            words = tuple(w for w, _ in seen)
            marks = tuple(m for _, m in seen)
        else:
            words, marks = tuple(raw), ()
        measured = tuple(_word_width(w, font) for w in words)
        out.append((para, words, measured, marks))
    return tuple(out)


def _word_width(word: str, font: str) -> float:
    """Width at 1000 pt of a word (a word longer than a line is measured by its cumulative advances, which
    cutting it needs anyway)."""
    if not word:
        return 0.0
    if len(word) > _HYPHEN_MAX:
        return _advances(word, font)[-1]
    return width(word, font, 1000.0)


@lru_cache(maxsize=20000)
def _points_cached(word: str, marks: tuple, lang: str, hyphenate: bool, last: bool) -> dict[int, str]:
    points = _points(word, dict(marks), lang, hyphenate and not last)
    if last:  # never a hyphenated last line: only the author's own breaks in the last word
        points = {p: e for p, e in points.items() if e == "" or p in dict(marks)}
    return points


def wrap(
    text: str,
    font: str,
    size: float,
    max_width: float,
    lang: str,
    hyphenate: bool = True,
    max_lines: int | None = None,
) -> tuple[list[tuple[str, float]], bool]:
    """Greedy line breaking (explicit newlines kept): (line, its width) for each line, and whether a word
    had to be cut where it has no break point. With max_lines, it stops once it has that many lines.

    Breaks happen at spaces (never at U+00A0, U+202F, U+2011), at soft hyphens (printing a hyphen) and
    zero-width spaces (printing nothing), then at the language's hyphenation points when `hyphenate`; the
    last word of a paragraph is never hyphenated (no paragraph ends on a fragment).

    Remembered: fitting tries a text at the sizes it needs, a board measures its texts several times, and
    `deck watch` lays the same texts out again every round (a font is named by its files: see fonts.stack)."""
    lines, forced = _wrapped(text, font, size, max_width, lang, hyphenate, max_lines)
    return list(lines), forced


@lru_cache(maxsize=8192)
def _wrapped(text, font, size, max_width, lang, hyphenate, max_lines) -> tuple[tuple, bool]:
    lines, forced = _wrap(text, font, size, max_width, lang, hyphenate, max_lines)
    return tuple(lines), forced


def _wrap(text, font, size, max_width, lang, hyphenate, max_lines) -> tuple[list[tuple[str, float]], bool]:
    lines: list[tuple[str, float]] = []
    forced = False
    k = size / 1000.0
    space = width(" ", font, size)
    for para, words, measured, all_marks in _paragraphs(text, font):
        last = max((i for i, w in enumerate(words) if w), default=-1)
        current = ""
        current_w = 0.0
        for i, word in enumerate(words):
            if not word:
                continue
            if max_lines is not None and len(lines) > max_lines:
                return lines, forced
            marks = all_marks[i] if all_marks else {}
            w = measured[i] * k
            while True:
                if current and current_w + space + w <= max_width:
                    current, current_w = current + " " + word, current_w + space + w
                    break
                if not current and w <= max_width:
                    current, current_w = word, w
                    break
                points = (
                    _points_cached(word, tuple(sorted(marks.items())), lang, hyphenate, i == last)
                    if len(word) > 1
                    else {}
                )
                if current:
                    room = max_width - current_w - space
                    part = _split_word(word, points, room, font, size) if points and room > 0 else None
                    if part:
                        head, word = part
                        lines.append((current + " " + head, current_w + space + width(head, font, size)))
                        n = len(head) - (1 if head.endswith("-") and points.get(len(head) - 1) == "-" else 0)
                        marks = {p - n: e for p, e in marks.items() if p > n}
                        w = _word_width(word, font) * k
                    else:
                        lines.append((current, current_w))
                    current, current_w = "", 0.0
                    continue
                # alone on its line and still too wide: cut it into lines
                full, word, cut = _cut_long(word, points, max_width, font, size)
                forced = forced or cut
                lines += full
                marks = {}
                w = _word_width(word, font) * k
                current, current_w = word, w
                break
        if current or not lines or para == "":
            lines.append((current, current_w))
    return lines, forced


def layout(
    blocks: list[Block],
    fonts: Fonts,
    size: float,
    box_w: float,
    lang: str,
    heading_ratio: float = 1.0,
    gap: float = 0.45,
    limit: float | None = None,
) -> tuple[list[Line], float]:
    """Lines of all blocks at one body size; returns the lines and the total height used.

    Headings are never hyphenated. A paragraph in a right-to-left script is set flush right (its marker on
    the right). With `limit`, layout stops at the first line past that height (fitting needs no more)."""
    lines, h, _ = _layout(blocks, fonts, size, box_w, lang, heading_ratio, gap, limit)
    return lines, h


def _layout(blocks, fonts, size, box_w, lang, heading_ratio=1.0, gap=0.45, limit=None):
    out: list[Line] = []
    y = 0.0
    prev_style = None
    forced = False
    for block in blocks:
        bsize = size * (heading_ratio if block.style == "heading" else (SMALL if block.style == "small" else 1.0))
        font = _font_for(block, fonts)
        lead = bsize * LEADING
        if prev_style is not None:
            same_list = block.style in ("bullet", "number") and prev_style == block.style
            y += bsize * (0.2 if same_list else gap)
        indent = 0.0
        mw = 0.0
        if block.marker:
            mw = bsize * 0.72 if block.marker == "\u2610" else width(block.marker, fonts.regular, bsize)
            indent = max(mw + bsize * 0.4, bsize * 1.1)
        rtl = is_rtl(block.text)
        room = None if limit is None else int(max(0.0, limit - y) / lead) + 2
        got, cut = wrap(block.text, font, bsize, box_w - indent, block.lang or lang, block.style != "heading", room)
        forced = forced or cut
        for k, (text, w) in enumerate(got):
            y += lead if not (k == 0 and not out) else bsize * 0.95
            if rtl:
                if k == 0 and block.marker:
                    mfont = fonts.bold if block.style == "number" else fonts.regular
                    out.append(Line(box_w - mw, y, block.marker, mfont, bsize, mw))
                if text and not is_rtl(text):
                    text = RLM + text  # the paragraph's direction, for a line that starts with a Latin word
                out.append(Line(max(0.0, box_w - indent - w), y, text, font, bsize, w))
            else:
                if k == 0 and block.marker:
                    mfont = fonts.bold if block.style == "number" else fonts.regular
                    out.append(Line(0.0, y, block.marker, mfont, bsize, mw))
                out.append(Line(indent, y, text, font, bsize, w))
            if limit is not None and y > limit:
                return out, y + size * 0.27, forced
        prev_style = block.style
    descent = size * 0.27
    return out, (y + descent if out else 0.0), forced


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
    """The largest size in [min_size, max_size] (0.25 pt steps, by bisection) at which blocks fit, words
    cut only where they may break when some size allows it."""

    def attempt(size: float, allow_forced: bool):
        lines, h, forced = _layout(blocks, fonts, size, box_w, lang, heading_ratio, limit=box_h + size * 2)
        ok = h <= box_h and _widths_ok(lines, box_w) and (allow_forced or not forced)
        return ok, lines, h

    ok, lines, h = attempt(max_size, False)
    if ok:
        return Fit(max_size, tuple(lines), h, True, 0.0)
    ok_min, lines_min, h_min = attempt(min_size, True)
    if not ok_min:  # nothing fits: the whole text at the smallest size, for the overflow it reports
        lines, h, _ = _layout(blocks, fonts, min_size, box_w, lang, heading_ratio)
        return Fit(min_size, tuple(lines), h, False, max(0.0, h - box_h))
    for allow in (False, True):
        lo, hi = round(min_size * 4), round(max_size * 4)  # quarter points
        best = None
        while lo <= hi:
            mid = (lo + hi) // 2
            size = mid / 4
            ok, lines, h = attempt(size, allow)
            if ok:
                best = Fit(size, tuple(lines), h, True, 0.0)
                lo = mid + 1
            else:
                hi = mid - 1
        if best:
            return best
    return Fit(min_size, tuple(lines_min), h_min, True, 0.0)


def _widths_ok(lines: list[Line], box_w: float) -> bool:
    return all(line.x + line.width <= box_w + 0.01 for line in lines)
