"""Fonts and font stacks: registered once with reportlab, text shaped by HarfBuzz, measured with a cache.

A *stack* is a list of TrueType fonts under one name (the name layout code passes around as a text's
font). Every character goes to the first font of the stack that has it; marks, joiners and variation
selectors stay with the character they belong to. Text is normalised (NFC), split into runs of one font
and one direction (the Unicode bidi algorithm, python-bidi), each run shaped by HarfBuzz (kerning,
ligatures, Arabic joining, mark positioning), and the runs put in visual order. Widths are the shaped
advances, so what layout measures is what the PDF draws.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import OrderedDict
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from deck.kit.find import fonts_dir

# the bundled stack of each style: Latin, Greek and Cyrillic (Noto Sans), Arabic, Hebrew, emoji
BUNDLED = {
    "regular": (
        "NotoSans-Regular.ttf",
        "NotoSansArabic-Regular.ttf",
        "NotoSansHebrew-Regular.ttf",
        "NotoEmoji-Regular.ttf",
    ),
    "bold": ("NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Bold.ttf", "NotoEmoji-Regular.ttf"),
    "italic": (
        "NotoSans-Italic.ttf",
        "NotoSansArabic-Regular.ttf",
        "NotoSansHebrew-Regular.ttf",
        "NotoEmoji-Regular.ttf",
    ),
}
FONT_FILES = {style: files[0] for style, files in BUNDLED.items()}

# stack name -> the reportlab names of its fonts, first first
_STACKS: dict[str, tuple[str, ...]] = {}


# reportlab name -> its file, for the fonts of a stack not read yet: a fallback is read (parsed and
# registered with reportlab, about 0.05 s each) the first time a character needs it, not at every start
_LAZY: dict[str, str] = {}


@cache
def _rl_name(path: str) -> str:
    """The reportlab name deck gives a TrueType file (without reading it)."""
    file = Path(path)
    bundled = file.parent.resolve() == fonts_dir().resolve()
    return "deck-" + file.stem if bundled else f"deck-{file.stem}-{hashlib.sha1(str(file).encode()).hexdigest()[:8]}"


@cache
def register(path: str) -> str:
    """Register one TrueType file with reportlab (once); its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = _rl_name(path)
    if name not in pdfmetrics.getRegisteredFontNames():
        file = Path(path)
        font = TTFont(name, str(file))
        if file.parent.resolve() != fonts_dir().resolve():
            # the tables a PDF needs are read when it is written (its subsets): read them all now, so that a
            # damaged file (a glyf table past its end) is refused here, named, not when a PDF is half made
            font.face.makeSubset(sorted(font.face.charToGlyph))
        pdfmetrics.registerFont(font)
    _LAZY.pop(name, None)
    return name


def ensure(name: str) -> str:
    """A font of a stack, read and registered with reportlab if it was not yet; its name."""
    path = _LAZY.get(name)
    if path is not None:
        register(path)
    return name


def pending(name: str) -> str | None:
    """The file of a font of a stack that nothing has needed yet (not read), else None."""
    return _LAZY.get(name)


@cache
def ps_name(path: str) -> str | None:
    """The PostScript name reportlab gives a TrueType file (its name record 6, spaces made hyphens), read
    from the name table alone; None when the file is no font."""
    import re

    try:
        name = hb.Face(hb.Blob.from_file_path(str(path))).get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME)
    except Exception:
        name = None
    if name and re.fullmatch(r"[!-~]+", name.replace(" ", "-")) and not set(name) & set("[](){}<>/%"):
        return name.replace(" ", "-")
    try:  # a name reportlab makes otherwise (no record 6, odd characters): ask it
        from reportlab.pdfbase.ttfonts import TTFontFile

        got = TTFontFile(str(path)).name
    except Exception:
        return None
    return got.decode("latin-1") if isinstance(got, bytes) else str(got)


def bundled_files(style: str) -> list[str]:
    return [str(fonts_dir() / f) for f in BUNDLED[style]]


def stack(files) -> str:
    """Register a stack of font files (paths, first first); its name. The bundled stack of a style is named
    after its first font; any other after its files."""
    files = [str(f) for f in files]
    if not files:
        raise ValueError("a font stack needs at least one font")
    register(files[0])  # the first font of a stack is used; the others when a character needs them
    from reportlab.pdfbase import pdfmetrics

    registered = set(pdfmetrics.getRegisteredFontNames())
    for f in files[1:]:
        if _rl_name(f) not in registered:
            _LAZY.setdefault(_rl_name(f), f)
    names = tuple(dict.fromkeys(_rl_name(f) for f in files))
    if any(names == tuple(_rl_name(f) for f in bundled_files(s)) for s in BUNDLED):
        key = names[0]
    else:
        key = "deck-stack-" + hashlib.sha1("\n".join(names).encode()).hexdigest()[:10]
    _STACKS[key] = names
    return key


@cache
def font_name(style: str, path: str | None = None) -> str:
    """The stack of a style: a kit's own file first (when given), then the bundled stack."""
    return stack(([path] if path else []) + bundled_files(style))


def members(name: str) -> tuple[str, ...]:
    """The fonts of a stack (a lone font is a stack of one)."""
    return _STACKS.get(name) or (name,)


@cache
def charset(name: str) -> frozenset:
    """Code points of one font's cmap."""
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(ensure(name)).face.charToGlyph)


# -- characters --------------------------------------------------------------------------------------------
SHY = "\u00ad"  # soft hyphen: a break opportunity, printed (as a hyphen) only where a line breaks
ZWSP = "\u200b"  # zero-width space: a break opportunity, printed as nothing
ZWJ = "\u200d"
INVISIBLE = SHY + ZWSP + "\u2060\ufeff"  # removed from a line before it is shaped


def ignorable(ch: str) -> bool:
    """A default-ignorable code point (joiners, marks of direction, variation selectors, tags): it has no
    glyph of its own, and is never a missing character."""
    c = ord(ch)
    return (
        c == 0xAD
        or 0x200B <= c <= 0x200F
        or 0x202A <= c <= 0x202E
        or 0x2060 <= c <= 0x206F
        or c == 0x034F
        or c == 0x061C
        or 0xFE00 <= c <= 0xFE0F
        or c == 0xFEFF
        or 0xE0000 <= c <= 0xE0FFF
    )


def _attaches(ch: str) -> bool:
    """A character that belongs to the one before it (same font): marks, joiners, selectors, skin tones."""
    c = ord(ch)
    return (
        unicodedata.category(ch)[0] == "M"
        or c in (0x200C, 0x200D, 0x20E3)
        or 0xFE00 <= c <= 0xFE0F
        or 0x1F3FB <= c <= 0x1F3FF
        or 0xE0020 <= c <= 0xE007F
        or 0xE0100 <= c <= 0xE01EF
    )


_RTL_TYPES = {"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}


def is_rtl(text: str) -> bool:
    """The direction of a paragraph (rules P2 and P3): its first strong character is right-to-left."""
    for ch in text:
        t = unicodedata.bidirectional(ch)
        if t in ("R", "AL"):
            return True
        if t == "L":
            return False
    return False


def nfc(text: str) -> str:
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# -- shaping -----------------------------------------------------------------------------------------------
class _Face:
    """One font as HarfBuzz sees it, with its cmap and the scale from font units to 1/1000 em."""

    def __init__(self, name: str):
        from reportlab.pdfbase import pdfmetrics

        rl = pdfmetrics.getFont(ensure(name))
        data = rl.face._ttf_data
        face = hb.Face(data)
        self.font = hb.Font(face)
        self.k = 1000.0 / face.upem
        self.cmap = rl.face.charToGlyph


_faces: dict[str, _Face] = {}


def _face(name: str) -> _Face:
    f = _faces.get(name)
    if f is None:
        f = _faces[name] = _Face(name)
    return f


class Run(tuple):
    """One shaped run: (font, rtl, glyphs, width). glyphs: (glyph id, advance, x offset, y offset, the text of
    its cluster) in visual order, every length in 1/1000 em; width: their advances."""

    __slots__ = ()

    @property
    def font(self) -> str:
        return self[0]

    @property
    def glyphs(self) -> tuple:
        return self[2]

    @property
    def width(self) -> float:
        return self[3]


_FEATURES = {"kern": True, "liga": True}


def _shape_run(text: str, font: str, rtl: bool) -> Run:
    f = _face(font)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(f.font, buf, _FEATURES)
    k = f.k
    glyphs = tuple(
        (i.codepoint, p.x_advance * k, p.x_offset * k, p.y_offset * k, i.cluster)
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    )
    return Run((font, rtl, glyphs, sum(g[1] for g in glyphs), text))


def cluster_texts(run: Run, first_only: bool = False) -> list[str]:
    """The text of each glyph's cluster (from its start to the next cluster's start, in logical order);
    first_only: only for the first glyph of each cluster, "" for the others."""
    text = run[4]
    starts = sorted({g[4] for g in run[2]})
    nxt = {s: (starts[j + 1] if j + 1 < len(starts) else len(text)) for j, s in enumerate(starts)}
    out = []
    seen: set = set()
    for g in run[2]:
        c = g[4]
        out.append("" if first_only and c in seen else text[c : nxt[c]])
        seen.add(c)
    return out


@cache
def _simple(name: str) -> frozenset:
    """Characters that the first font of a stack has and that need no itemising: left-to-right or neutral,
    no marks, no joiners."""
    first = members(name)[0]
    out = set()
    for code in charset(first):
        ch = chr(code)
        if ch in INVISIBLE or _attaches(ch) or ignorable(ch):
            continue
        if unicodedata.bidirectional(ch) in _RTL_TYPES:
            continue
        out.add(ch)
    return frozenset(out)


def _levels(text: str) -> list[int]:
    """Embedding level of each character (the bidi algorithm, rules P2 to I2)."""
    from bidi import algorithm as ba

    storage = ba.get_empty_storage()
    base = ba.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    ba.get_embedding_levels(text, storage)
    ba.explicit_embed_and_overrides(storage)
    ba.resolve_weak_types(storage, False)
    ba.resolve_neutral_types(storage, False)
    ba.resolve_implicit_levels(storage, False)
    # rule X9 drops the characters of type BN (a zero-width joiner in an emoji, a variation selector) from
    # the algorithm's list: each of them takes the level of the character before it, so that there is one
    # level per character of `text`
    chars = storage["chars"]
    levels = []
    j = 0
    for ch in text:
        if j < len(chars) and chars[j]["ch"] == ch:
            levels.append(chars[j]["level"])
            j += 1
        else:
            levels.append(levels[-1] if levels else base)
    # rule L1: trailing spaces at the paragraph level
    i = len(text) - 1
    while i >= 0 and text[i].isspace():
        levels[i] = base
        i -= 1
    return levels


def _font_of(ch: str, fonts: tuple[str, ...]) -> str:
    code = ord(ch)
    for f in fonts:
        if code in charset(f):
            return f
    return fonts[0]


def _itemise(text: str, name: str) -> list[tuple[str, int, str]]:
    """(text, level, font) runs in logical order."""
    fonts = members(name)
    chosen: list[str] = []
    prev = ""
    for i, ch in enumerate(text):
        if i and (_attaches(ch) or prev == ZWJ) and (ord(ch) in charset(chosen[-1]) or ignorable(ch)):
            chosen.append(chosen[-1])
        else:
            chosen.append(_font_of(ch, fonts))
        prev = ch
    bidi = any(unicodedata.bidirectional(ch) in _RTL_TYPES for ch in text)
    levels = _levels(text) if bidi else [0] * len(text)
    runs: list[tuple[str, int, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or chosen[i] != chosen[start] or levels[i] != levels[start]:
            runs.append((text[start:i], levels[start], chosen[start]))
            start = i
    return runs


def _visual(items: list) -> list:
    """Rule L2: from the highest level down to the lowest odd one, reverse every sequence at that level or
    higher. items: (level, x) in logical order."""
    if not items:
        return items
    levels = [lv for lv, _ in items]
    odd = [lv for lv in levels if lv % 2]
    if not odd:
        return items
    order = list(items)
    for lv in range(max(levels), min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if order[i][0] >= lv:
                j = i
                while j < len(order) and order[j][0] >= lv:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


_WORDS: dict = {}


def _word(word: str, font: str) -> Run:
    key = (word, font)
    run = _WORDS.get(key)
    if run is None:
        if len(_WORDS) > 200_000:
            _WORDS.clear()
        run = _WORDS[key] = _shape_run(word, font, False)
    return run


_SHAPED: OrderedDict = OrderedDict()
_SHAPED_MAX = 8192


def shape(text: str, name: str) -> tuple[Run, ...]:
    """The shaped runs of one line of text in a stack, in visual order (remembered for recent texts)."""
    key = (text, name)
    got = _SHAPED.get(key)
    if got is not None:
        return got
    line = nfc(text)
    if any(c in line for c in INVISIBLE):
        line = "".join(c for c in line if c not in INVISIBLE)
    if _simple(name).issuperset(line):
        # one font, left to right: the line is its words, each shaped once for the whole build, and spaces
        font = members(name)[0]
        out: list[Run] = []
        for j, word in enumerate(line.split(" ")):
            if j:
                out.append(_word(" ", font))
            if word:
                out.append(_word(word, font))
        runs: tuple[Run, ...] = tuple(out)
    else:
        items = _visual([(lv, (t, lv, f)) for t, lv, f in _itemise(line, name)])
        runs = tuple(_shape_run(t, f, lv % 2 == 1) for _, (t, lv, f) in items)
    if len(_SHAPED) >= _SHAPED_MAX:
        _SHAPED.popitem(last=False)
    _SHAPED[key] = runs
    return runs


def measure(text: str, name: str) -> float:
    """Width at 1000 pt: the sum of the shaped advances."""
    return sum(r[3] for r in shape(text, name))


_widths: dict = {}


def width(text: str, name: str, size: float) -> float:
    """Width in points of `text` in font (stack) `name` at `size` (cached per word and font)."""
    if len(text) > 24:  # a line: shaped each time (kept a while), so the cache stays the size of the vocabulary
        return measure(text, name) * size / 1000.0
    key = (text, name)
    w = _widths.get(key)
    if w is None:
        w = _widths[key] = measure(text, name)
    return w * size / 1000.0


def advances(text: str, name: str) -> list[float]:
    """Width at 1000 pt of each character of `text` (a cluster's width on its first character, 0 on the
    others), in logical order: what line breaking sums to find where a long word must be cut. One shaping of
    the whole text, so a word of any length costs time in proportion to its length."""
    out = [0.0] * len(text)
    line = nfc(text)
    if len(line) != len(text) or any(c in line for c in INVISIBLE):  # lengths differ: shared out evenly
        w = measure(text, name)
        return [w / len(text)] * len(text) if text else out
    items = [(line, 0, members(name)[0])] if _simple(name).issuperset(line) else _itemise(line, name)
    pos = 0
    for t, lv, font in items:
        f = _face(font)
        buf = hb.Buffer()
        buf.add_str(t)
        buf.guess_segment_properties()
        buf.direction = "rtl" if lv % 2 else "ltr"
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        hb.shape(f.font, buf, _FEATURES)
        k = f.k
        for info, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            out[pos + info.cluster] += p.x_advance * k
        pos += len(t)
    return out


def glyph_advance(name: str, gid: int) -> float:
    """The advance of one glyph (its hmtx width), in 1/1000 em."""
    f = _face(name)
    return f.font.get_glyph_h_advance(gid) * f.k


@cache
def blank(name: str, gid: int) -> bool:
    """A glyph without an outline (a space, a hidden joiner)."""
    e = _face(name).font.get_glyph_extents(gid)
    return not e or (e.width == 0 and e.height == 0)


@cache
def _drawable(name: str, first_only: bool = False) -> frozenset:
    have: set = set()
    for f in members(name)[:1] if first_only else members(name):
        have |= charset(f)
    return frozenset(map(chr, have)) | frozenset("\n\r\t")


def missing_glyphs(text: str, name: str) -> list[str]:
    """Every character of `text` that no font of the stack has (in order of code point)."""
    if _drawable(name, True).issuperset(text):  # the usual case, in one set operation (no fallback read)
        return []
    drawable = _drawable(name)
    if drawable.issuperset(text):
        return []
    return sorted({c for c in nfc(text) if c not in drawable and not ignorable(c)})
