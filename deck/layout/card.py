"""Card faces as geometry: a FaceContent and a card size -> drawing primitives and problems."""

from __future__ import annotations

from dataclasses import dataclass

from deck.layout import qr as qrmod
from deck.layout.faces import FaceContent
from deck.layout.geometry import Circle, Icon, Image, Problem, Qr, Rect, Seg, Text
from deck.layout.text import LEADING, SMALL, Block, Fonts, _font_for, fit, glyph_message
from deck.style.fonts import missing_glyphs, width
from deck.style.theme import Theme
from deck.units import MM, SAFE_MM


@dataclass(frozen=True)
class CardStyle:
    w: float  # trim size in points
    h: float
    theme: Theme
    fonts: Fonts
    lang: str
    bleed: float = 0.0  # how far backgrounds run past the trim
    safe: float = 4 * MM  # text stays this far inside the trim
    footer: str = ""
    min_body: float | None = None
    scan_label: str = "Scan to read more"  # the invitation beside a QR code, in the kit's language
    added_label: str = "added by the kit"  # the provenance mark's word, in the kit's language


@dataclass(frozen=True)
class FaceGeometry:
    prims: tuple
    problems: tuple
    boxes: tuple = ()  # TextBox: where each text box is and what it must show (read by deck check)
    shrunk: bool = False  # the body text is set below its theme's size, to fit


@dataclass(frozen=True)
class TextBox:
    """A text box of a face, in the card's frame: the text it must show and the smallest size allowed."""

    role: str  # title | body | back
    x: float
    y: float
    w: float
    h: float
    min_size: float
    text: str


def _smallest(blocks) -> float:
    """How much smaller than the box's size its smallest block is set (see text.layout)."""
    return SMALL if any(b.style == "small" for b in blocks) else 1.0


def _box_text(blocks) -> str:
    """What a list of blocks prints, markers included (tick boxes are drawn, not printed)."""
    return "\n".join((b.marker + " " if b.marker and b.marker != BOX else "") + b.text for b in blocks)


def _glyph_problems(where: str, face: FaceContent, fonts: Fonts) -> list[Problem]:
    """Characters no font has, once per text of the face, naming the text (the kit-wide footer is checked
    once per deck by the build)."""
    texts = [
        ("header label", face.label, fonts.bold),
        ("title", face.title, fonts.bold),
        ("number", face.number, fonts.bold),
        ("mark", face.mark, fonts.regular),
        ("blank card hint", face.blank, fonts.italic),
    ]
    for b in face.blocks:
        texts.append(("text", b.marker + " " + b.text if b.marker and b.marker != BOX else b.text, _font_for(b, fonts)))
    if face.qr:
        texts += [("resource title", face.qr.title, fonts.bold), ("QR caption", face.qr.caption, fonts.regular)]
    missing: dict[str, set] = {}
    keys: dict[str, list] = {}
    for field, text, font in texts:
        if text:
            got = missing_glyphs(text, font)
            if got:
                missing.setdefault(field, set()).update(got)
                keys.setdefault(field, []).append(text)
    return [Problem("error", where, glyph_message(f, sorted(m)), key="\n".join(keys[f])) for f, m in missing.items()]


# what each primitive is, as a problem names it
_ELEMENTS = {
    "title": "title",
    "body": "text",
    "label": "header label",
    "mark": "mark",
    "caption": "QR caption",
    "resource title": "resource title",
    "scan label": "invitation to scan",
    "footer": "footer",
    "number": "number",
    "provenance": "provenance mark",
}


def element_boxes(prims) -> list[tuple[str, tuple]]:
    """(element, (x0, y0, x1, y1)) of everything a face draws that must stay readable: text lines (from a
    little under the baseline to the height of capitals), QR codes, logos, number badges."""
    out = []
    for p in prims:
        if isinstance(p, Text):
            if not p.text.strip():
                continue
            lw = width(p.text, p.font, p.size)
            x = p.x - (lw / 2 if p.anchor == "centre" else lw if p.anchor == "right" else 0.0)
            out.append((_ELEMENTS.get(p.role, p.role), (x, p.y - 0.2 * p.size, x + lw, p.y + 0.72 * p.size)))
        elif isinstance(p, Qr):
            out.append(("QR code", (p.x, p.y, p.x + p.side, p.y + p.side)))
        elif isinstance(p, Image):
            out.append(("logo", (p.x, p.y, p.x + p.w, p.y + p.h)))
        elif isinstance(p, Circle):
            out.append(("number", (p.cx - p.r, p.cy - p.r, p.cx + p.r, p.cy + p.r)))
    return out


def overlaps(prims, where: str) -> list[Problem]:
    """Two elements of a face drawn over each other: an error naming both (the layout's rules are meant to
    leave none; this is the proof, from the geometry)."""
    boxes = element_boxes(prims)
    found: dict[tuple, str] = {}
    tol = 0.3
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1 :]:
            if a == b or (a, b) in found or (b, a) in found:
                continue
            if ra[0] < rb[2] - tol and rb[0] < ra[2] - tol and ra[1] < rb[3] - tol and rb[1] < ra[3] - tol:
                found[(a, b)] = ""
    return [
        Problem("error", where, f"the {a} is drawn over the {b}: shorten the text or use a larger card")
        for a, b in found
    ]


def layout_face(face: FaceContent, style: CardStyle, where: str) -> FaceGeometry:
    if face.common:
        return _common_back(face, style, where)
    return _text_face(face, style, where)


ACCENTED_TOP = 0.95  # how far above its baseline an accented capital reaches (É: 0.934–0.944 of the size)


def _band(
    face: FaceContent, style: CardStyle, top: float, prims: list, problems: list, where: str
) -> tuple[float, str | None]:
    """Header band with icon, label and mark; returns its height."""
    look = style.theme.types[face.kind]
    w, b = style.w, style.bleed
    band_h = style.theme.layout["band"] * MM
    if style.w < 60 * MM:
        band_h = min(band_h, 9 * MM)
    prims.append(Rect(-b, top - band_h, w + 2 * b, band_h + b, fill=look.colour))
    icon = 4.6 * MM
    cy = top - band_h / 2
    prims.append(Icon(look.icon, style.safe + icon / 2, cy, icon, look.text))
    x = style.safe + icon + 1.8 * MM
    avail = w - style.safe - x
    right = w - style.safe
    if face.table:  # the table-set mark takes the right end of the band
        badge, bw = _table_badge(face.table, style, right, cy, look.colour, problems, where)
        prims += badge
        avail -= bw + 2 * MM
        right -= bw + 2 * MM
    if face.scenarios:  # the scenario marks, left of the table mark
        badge, bw = scenario_badge(face.scenarios, style, right, cy, look.colour)
        prims += badge
        avail -= bw + 2 * MM
    size = 8.0
    label = face.label
    mark = face.mark
    lw = width(label, style.fonts.bold, size)
    mw = width(mark, style.fonts.regular, size) if mark else 0.0
    if mark and lw + mw + 3 * MM > avail:
        mark = None  # the mark moves into the body (see _text_face)
        mw = 0.0
    if lw > avail:  # narrow cards: the label shrinks a little before it is reported
        size = max(6.5, size * avail / lw)
        lw = width(label, style.fonts.bold, size)
    if lw > avail:  # cut, never drawn under the marks at the band's right end
        cut = label
        while len(cut) > 1 and width(cut + "…", style.fonts.bold, size) > avail:
            cut = cut[:-1].rstrip()
        problems.append(
            Problem(
                "warning",
                where,
                f'header label "{label}" is {lw / MM:.1f} mm wide, the band has {avail / MM:.1f} mm: '
                f"printed « {cut}… »; shorten it",
            )
        )
        label = cut + "…"
    # centred in the band, but an accented capital's top (0.94 of the size in the bundled fonts) kept out of
    # the print's safe zone: a narrow card's band is 9 mm high, and « Étude de cas » came 2.9 mm from the trim
    base = min(cy - size * 0.35, top - SAFE_MM * MM - ACCENTED_TOP * size)
    prims.append(Text(x, base, label, style.fonts.bold, size, look.text, role="label"))
    if mark:
        prims.append(Text(x + avail, base, mark, style.fonts.regular, size, look.text, "right", role="mark"))
    return band_h, (face.mark if face.mark and not mark else None)


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _qr_block(
    face: FaceContent, style: CardStyle, bottom: float, prims: list, problems: list, where: str, boxes: list
) -> float:
    """QR code at the bottom right with its caption; returns the height it takes from the bottom."""
    theme = style.theme
    assert face.qr is not None  # called for a face with a QR code only
    try:
        m = qrmod.matrix(face.qr.url)
    except Exception:
        problems.append(
            Problem(
                "error",
                where,
                f"URL of {len(face.qr.url)} characters is too long for a QR code: give the resource a short_url",
            )
        )
        return 0.0
    n = len(m)
    if face.kind == "resources":  # the code is what the card is for: let it take the room
        max_side = min(style.w * 0.62, style.h * 0.45)
    else:
        max_side = min(style.theme.layout["qr_max"] * MM, style.w * 0.42, style.h * 0.3)
    side = min(max(18 * MM, n * 0.6 * MM), max_side)
    module = side / n
    side = module * n
    mm = module / MM
    if mm < qrmod.MIN_MODULE_MM:
        problems.append(
            Problem(
                "error",
                where,
                f"QR code modules of {mm:.2f} mm (version {(n - 17) // 4}, "
                f"{len(face.qr.url)} characters): phones need at least "
                f"{qrmod.MIN_MODULE_MM} mm; give the resource a short_url or a larger card",
            )
        )
    elif mm < qrmod.WARN_MODULE_MM:
        problems.append(
            Problem(
                "warning",
                where,
                f"QR code modules of {mm:.2f} mm: under {qrmod.WARN_MODULE_MM} mm "
                "some phones will not read it; give the resource a short_url",
            )
        )
    cap_size = 7.0
    # the symbol sits 4 modules (the quiet zone) or the safe margin from the edges, whichever is more
    inset = max(style.safe, qrmod.QUIET * module)
    x = style.w - inset - side
    # the caption's capitals stay a whole quiet zone (4 modules) under the symbol
    y = bottom + inset + 0.75 * cap_size + qrmod.QUIET * module
    prims.append(
        Rect(
            x - qrmod.QUIET * module,
            y - qrmod.QUIET * module,
            side + 2 * qrmod.QUIET * module,
            side + 2 * qrmod.QUIET * module,
            fill="#FFFFFF",
        )
    )
    prims.append(Qr(x, y, module, m, face.qr.url))
    cap = face.qr.caption
    cw = width(cap, style.fonts.regular, cap_size)
    room = side + 2 * qrmod.QUIET * module
    if cw > room:
        cap_size = max(6.0, cap_size * room / cw)
    cap_x, anchor = x + side / 2, "centre"
    while len(cap) > 2 and width(cap, style.fonts.regular, cap_size) > style.w - 2 * style.safe:
        cap = cap[:-2] + "…"  # never past the safe zone
    if cap_x + width(cap, style.fonts.regular, cap_size) / 2 > style.w - style.safe:
        cap_x, anchor = style.w - style.safe, "right"
    prims.append(
        Text(cap_x, bottom + inset, cap, style.fonts.regular, cap_size, theme.colours["muted"], anchor, role="caption")
    )
    # to the left of the code: the resource title and the invitation to scan. Rule: both; else the title
    # alone (the invitation left out); else the invitation alone (the title left out); each time said.
    left_w = x - qrmod.QUIET * module - style.safe - 1 * MM
    scan = Block(style.scan_label, "small")
    title = Block(face.qr.title, "heading") if face.qr.title else None
    tries = [[title, scan], [title], [scan]] if title else [[scan]]
    r = None
    shown: list = []
    if left_w > 14 * MM:
        for blocks in tries:
            # the invitation is a small block: never under the title's 6.5 pt minimum either
            low = 6.5 / SMALL if scan in blocks else 6.5
            got = fit(blocks, style.fonts, left_w, side, 8.0, low, "none" if title in blocks else style.lang)
            if got.fits:
                r, shown = got, blocks
                break
    if title is not None:
        boxes.append(TextBox("resource title", style.safe, y, max(left_w, 1.0), side, 6.5, title.text))
        if title not in shown:
            problems.append(
                Problem(
                    "warning",
                    where,
                    f'resource title "{_short(title.text)}" left out: it does not fit beside the QR code at 6.5 pt '
                    f"({max(left_w, 0) / MM:.0f} mm wide); shorten it or use a larger card",
                )
            )
        elif scan not in shown:
            problems.append(
                Problem(
                    "warning",
                    where,
                    f'the invitation "{scan.text}" left out: the resource title takes the room beside the QR code',
                )
            )
    ytop = y + side
    for line in r.lines if r else ():
        prims.append(
            Text(
                style.safe + line.x,
                ytop - line.y,
                line.text,
                line.font,
                line.size,
                theme.colours["muted"],
                role="resource title" if line.font == style.fonts.bold else "scan label",
            )
        )
    return y - bottom + side + max(1.5 * MM, qrmod.QUIET * module + 0.6 * MM)  # the text above: off the quiet zone


def _table_badge(
    text: str, style: CardStyle, right: float, cy: float, colour: str, problems: list, where: str
) -> tuple[list, float]:
    """A pill with the table-set mark (« Table 2 »), its right end at `right`, centred on `cy`."""
    pad = 1.6 * MM
    room = style.w * 0.45
    r = fit([Block(text, "heading")], style.fonts, room - 2 * pad, 8.0 * LEADING + 0.5, 8.0, 6.0, "none")
    if not r.fits or len(r.lines) != 1:
        problems.append(
            Problem(
                "warning",
                where,
                f'table mark "{text}" does not fit on one line of '
                f"{(room - 2 * pad) / MM:.1f} mm at 6 pt: shorten the locale's word",
            )
        )
    tw = max((line.x + width(line.text, line.font, line.size) for line in r.lines), default=0.0)
    bw, bh = tw + 2 * pad, r.size * 1.5
    prims: list = [
        Rect(
            right - bw, cy - bh / 2, bw, bh, fill=style.theme.colours["paper"], stroke=colour, width=0.8, radius=bh / 2
        )
    ]
    for line in r.lines:
        prims.append(
            Text(
                right - bw + pad + line.x,
                cy - r.size * 0.35 - (line.y - r.lines[0].y),
                line.text,
                line.font,
                line.size,
                style.theme.colours["ink"],
                role="label",
            )
        )
    return prims, bw


# A scenario's mark: a shape in a colour, and its number beside it, so that a black-and-white print still
# tells the scenarios apart (by shape and number); scenario n takes entry (n - 1) % 6.
SCENARIO_MARKS = (
    ("circle", "#0072B2"),
    ("square", "#D55E00"),
    ("triangle", "#009E73"),
    ("diamond", "#CC79A7"),
    ("hexagon", "#E69F00"),
    ("star", "#56B4E9"),
)
MARK_PT = 8.0  # the number's size in the badge
MARK_SHAPE = 3.4 * MM


def scenario_mark(number: int) -> tuple[str, str]:
    """(icon shape, colour) of scenario `number`."""
    return SCENARIO_MARKS[(number - 1) % len(SCENARIO_MARKS)]


def scenario_badge(numbers, style: CardStyle, right: float, cy: float, colour: str) -> tuple[list, float]:
    """A pill on paper with each scenario's shape and number (« ● 1 ■ 3 »), its right end at `right`."""
    pad, gap = 1.3 * MM, 0.8 * MM
    parts = []
    for n in numbers:
        label = str(n)
        parts.append((n, label, width(label, style.fonts.bold, MARK_PT)))
    inner = sum(MARK_SHAPE + gap + lw for _, _, lw in parts) + 1.6 * MM * (len(parts) - 1)
    bw, bh = inner + 2 * pad, max(MARK_SHAPE + 1.4 * MM, MARK_PT * 1.45)
    ink = style.theme.colours["ink"]
    prims: list = [
        Rect(
            right - bw, cy - bh / 2, bw, bh, fill=style.theme.colours["paper"], stroke=colour, width=0.8, radius=bh / 2
        )
    ]
    x = right - bw + pad
    for n, label, lw in parts:
        shape, fill = scenario_mark(n)
        prims.append(Icon(shape, x + MARK_SHAPE / 2, cy, MARK_SHAPE, fill))
        x += MARK_SHAPE + gap
        prims.append(Text(x, cy - MARK_PT * 0.35, label, style.fonts.bold, MARK_PT, ink, role="label"))
        x += lw + 1.6 * MM
    return prims, bw


def _blank_lines(
    face: FaceContent, style: CardStyle, top: float, bottom: float, prims: list, problems: list, where: str
) -> None:
    """A blank card's writing lines from `top` down to `bottom`, its hint in small type over the first (in
    two lines at most, down to 6 pt, on a narrow card)."""
    c = style.theme.colours
    x0, x1 = style.safe, style.w - style.safe
    pitch = 7.5 * MM
    hint = face.blank or ""
    r = fit([Block(hint, "italic")], style.fonts, x1 - x0, 7.0 * LEADING * 2 + 0.5, 7.0, 6.0, style.lang)
    if not r.fits:
        problems.append(
            Problem("warning", where, f'the hint "{hint}" does not fit across the card in two lines: shorten it')
        )
    lines = r.lines[:2]
    top_line = top - r.size  # the first baseline one size under `top`
    for line in lines:
        base = top_line - (line.y - lines[0].y)
        prims.append(Text(x0 + line.x, base, line.text, line.font, line.size, c["muted"], role="caption"))
    y = top_line - (lines[-1].y - lines[0].y if lines else 0.0) - pitch
    first = True
    while y >= bottom + 2 * MM:  # the first line, solid, for the title; the others dotted
        prims.append(
            Seg(x0, y, x1, y, c["ink"] if first else c["rule"], 0.8 if first else 0.5, () if first else (1.2, 1.8))
        )
        y -= pitch
        first = False


def _text_face(face: FaceContent, style: CardStyle, where: str) -> FaceGeometry:
    theme = style.theme
    w, h, b, safe = style.w, style.h, style.bleed, style.safe
    prims: list = [Rect(-b, -b, w + 2 * b, h + 2 * b, fill=theme.colours["paper"])]
    problems: list = []
    band_h, moved_mark = _band(face, style, h, prims, problems, where)
    top = h - band_h - 2.5 * MM
    x0 = safe
    avail_w = w - 2 * safe
    # number badge
    if face.number:
        radius = 4.2 * MM
        look = theme.types[face.kind]
        prims.append(Circle(x0 + radius, top - radius, radius, fill=look.colour))
        nsize = 12.0 if len(face.number) < 3 else 9.0
        prims.append(
            Text(
                x0 + radius,
                top - radius - nsize * 0.35,
                face.number,
                style.fonts.bold,
                nsize,
                look.text,
                "centre",
                role="number",
            )
        )
        title_x = x0 + 2 * radius + 2 * MM
    else:
        title_x = x0
    title_w = w - safe - title_x
    sizes = theme.sizes
    boxes: list = []
    shrunk = False
    used = 0.0
    # bottom: the footer line, then the QR block above it (laid out first: the title may not run into it)
    footer_h = 3.0 * MM
    bottom = safe + footer_h
    lower: list = []
    mark_w = _provenance(style, lower) if face.added else 0.0
    if style.footer:
        _footer(style, lower, mark_w)
    if face.qr:
        bottom = max(bottom, footer_h + _qr_block(face, style, footer_h, lower, problems, where, boxes))
    if face.title:
        tmax, tmin = sizes["title_max"], sizes["title_min"]
        if w < 60 * MM:
            tmax = min(tmax, 12.0)
        t = fit([Block(face.title, "heading")], style.fonts, title_w, tmax * 1.22 * 3 + 1, tmax, tmin, "none")
        room = top - bottom  # a title never runs into the QR block or the footer
        boxes.append(
            TextBox("title", title_x, top - min(t.height, room), title_w, min(t.height, room), tmin, face.title)
        )
        kept = [line for line in t.lines if top - line.y - 0.27 * line.size >= bottom]
        if not t.fits:
            problems.append(Problem("warning", where, f"title does not fit in three lines at {tmin:g} pt: shorten it"))
        if len(kept) < len(t.lines):
            below = "the QR code" if face.qr else "the footer"
            problems.append(
                Problem(
                    "warning",
                    where,
                    f"title: its last {len(t.lines) - len(kept)} line(s) at {t.size:g} pt left out: they would run "
                    f"over {below}; shorten it",
                )
            )
        for line in kept:
            prims.append(
                Text(
                    title_x + line.x, top - line.y, line.text, line.font, line.size, theme.colours["ink"], role="title"
                )
            )
        used = min(t.height, room)
        if face.number:
            used = max(used, 8.4 * MM)
    body_top = top - used - 2.2 * MM
    prims += lower
    blocks = list(face.blocks)
    if moved_mark:
        blocks.insert(0, Block(moved_mark, "italic"))
    if blocks and body_top - bottom < (style.min_body or sizes["body_min"]) * 1.3:
        problems.append(
            Problem(
                "warning",
                where,
                "text left out: no room between the title and "
                + ("the QR code" if face.qr else "the footer")
                + "; shorten the title or the text, or use a larger card",
            )
        )
        boxes.append(TextBox("body", x0, bottom, avail_w, max(body_top - bottom, 1.0), 0.0, _box_text(blocks)))
        blocks = []
    if blocks:
        box_h = body_top - bottom
        bmax, bmin = sizes["body_max"], style.min_body or sizes["body_min"]
        if w < 60 * MM:
            bmax = min(bmax, 10.0)
        r = fit(blocks, style.fonts, avail_w, box_h, bmax, bmin, style.lang)
        shrunk = r.size < bmax
        boxes.append(TextBox("body", x0, bottom, avail_w, box_h, bmin * _smallest(blocks), _box_text(blocks)))
        if not r.fits:
            problems.append(
                Problem(
                    "warning",
                    where,
                    f"text does not fit at the minimum size {bmin:g} pt: "
                    f"{r.overflow / MM:.1f} mm too long; shorten it or use a larger card",
                )
            )
        for line in r.lines:
            if body_top - line.y < bottom - 0.5:
                break  # the rest is reported above; never drawn over the QR code or the footer
            prims.append(_line_prim(line, x0, body_top, theme.colours["ink"]))
    if face.blank is not None:
        _blank_lines(face, style, body_top if face.title else top, bottom, prims, problems, where)
    problems += _glyph_problems(where, face, style.fonts)
    problems += overlaps(prims, where)
    return FaceGeometry(tuple(prims), tuple(problems), tuple(boxes), shrunk)


BOX = "\u2610"  # a tick box, drawn as a square: fonts rarely carry the glyph


PROVENANCE_PT = 6.0  # the provenance mark's word
PROVENANCE_R = 1.1 * MM  # its ring


def _provenance(style: CardStyle, prims: list) -> float:
    """The provenance mark at the bottom right, on the footer's line: a small ring with a plus and the word
    « ajout du kit », in the muted colour (legible, not alarming); returns the width it takes."""
    muted = style.theme.colours["muted"]
    size, r = PROVENANCE_PT, PROVENANCE_R
    label = style.added_label
    tw = width(label, style.fonts.italic, size)
    right = style.w - style.safe
    cy = style.safe + 0.35 * size
    cx = right - tw - 1.2 * MM - r
    prims.append(Circle(cx, cy, r, stroke=muted, width=0.5))
    arm = r * 0.55
    prims.append(Rect(cx - arm, cy - 0.15, 2 * arm, 0.3, fill=muted))
    prims.append(Rect(cx - 0.15, cy - arm, 0.3, 2 * arm, fill=muted))
    prims.append(Text(right, style.safe, label, style.fonts.italic, size, muted, "right", role="provenance"))
    return right - (cx - r)


def _footer(style: CardStyle, prims: list, reserved: float = 0.0) -> None:
    """The card's footer (deck name), on one line inside the safe zone, clear of `reserved` points at its
    right end (the provenance mark); shortened, never overflowing."""
    size = 6.5
    room = style.w - 2 * style.safe - (reserved + 2 * MM if reserved else 0.0)
    text = style.footer
    while width(text, style.fonts.regular, size) > room and " · " in text:
        text = text.split(" · ", 1)[1]
    if width(text, style.fonts.regular, size) > room:
        size = max(5.0, size * room / width(text, style.fonts.regular, size))
    if width(text, style.fonts.regular, size) <= room:
        prims.append(
            Text(style.safe, style.safe, text, style.fonts.regular, size, style.theme.colours["muted"], role="footer")
        )


def _line_prim(line, x0: float, top: float, colour: str):
    """A laid-out line as a primitive (tick-box markers become drawn squares)."""
    if line.text == BOX:
        s = line.size * 0.72
        return Rect(x0 + line.x, top - line.y - line.size * 0.05, s, s, stroke=colour, width=0.6)
    return Text(x0 + line.x, top - line.y, line.text, line.font, line.size, colour)


BACK_ICON_MIN = 8 * MM  # the deck's icon on a back, made smaller to keep the deck's name on the card


def _names_depth(names) -> float:
    """How far the deck's name lines reach below the first one's baseline (descenders included)."""
    depth, offset = 0.0, 0.0
    for r, _ in names:
        for line in r.lines:
            depth = max(depth, offset + line.y - r.size + 0.27 * line.size)
        offset += r.height + 2 * MM
    return depth


def _back_icon(names, depth: float, below: float, icon: float, cy: float, top: float, bottom: float) -> tuple:
    """(size, centre height) of the back's icon: as given when the deck's name (reaching `depth` under its
    first baseline), and the `below` points of the deck's back text under it, fit above `bottom`; else moved
    up (its top at most at `top`), then made smaller (down to BACK_ICON_MIN)."""
    need = depth
    if below:
        need = max(need, sum(r.height + 2 * MM for r, _ in names) + below)
    short = bottom - (cy - icon / 2 - 6 * MM - need)
    if short <= 0:
        return icon, cy
    up = min(short, max(0.0, top - (cy + icon / 2)))
    cy += up
    shrink = min(short - up, max(0.0, icon - BACK_ICON_MIN))
    return icon - shrink, cy - shrink / 2  # its top stays: the name moves up by what the icon loses


def _common_back(face: FaceContent, style: CardStyle, where: str) -> FaceGeometry:
    theme = style.theme
    look = theme.types[face.kind]
    w, h, b = style.w, style.h, style.bleed
    light = theme.layout.get("back") == "light"
    fg = theme.colours["ink"] if light else look.text  # light backs: ink text, the icon in the type colour
    prims: list = [Rect(-b, -b, w + 2 * b, h + 2 * b, fill=theme.colours["paper"] if light else look.colour)]
    problems: list = []
    # a frame 3 mm inside the trim would show a misregistration: keep the back free of thin edges
    if face.table:  # same place as on the backs that have a band: the top right corner
        band_h = theme.layout["band"] * MM if w >= 60 * MM else min(theme.layout["band"] * MM, 9 * MM)
        badge, _ = _table_badge(face.table, style, w - style.safe, h - band_h / 2, look.colour, problems, where)
        prims += badge
    avail = w - 2 * style.safe
    names = []  # the deck's label, title and mark, each fitted in two lines at most
    for text, font, size, role in (
        (face.label, style.fonts.bold, 11.0, "label"),
        (face.title, style.fonts.regular, 10.0, "title"),
        (face.mark, style.fonts.regular, 8.0, "mark"),
    ):
        if not text:
            continue
        r = fit(
            [Block(text, "heading" if font == style.fonts.bold else "body")],
            style.fonts,
            avail,
            size * 1.22 * 2 + 1,
            size,
            min(size, 8.0),
            style.lang,
        )
        if not r.fits:
            problems.append(Problem("warning", where, f'"{text}" does not fit on the back in two lines: shorten it'))
        names.append((r, role))
    bottom = style.safe
    if theme.logo:
        logo_h = min(12 * MM, h * 0.14)
        prims.append(Image(theme.logo, w * 0.2, style.safe, w * 0.6, logo_h))
        bottom += logo_h + 2 * MM
    # the deck's back text, its paragraphs one under the other at 8 pt: laid out once, whatever room it gets
    back = fit(list(face.blocks), style.fonts, avail, 1e6, 8.0, 8.0, style.lang) if face.blocks else None
    depth = _names_depth(names)
    icon, cy = _back_icon(
        names, depth, back.height if back else 0.0, min(w, h) * 0.36, h * 0.58, h - style.safe, bottom
    )
    prims.append(Icon(look.icon, w / 2, cy, icon, look.colour if light else fg))
    y = cy - icon / 2 - 6 * MM
    if y - depth < bottom - 0.01:
        problems.append(
            Problem(
                "warning",
                where,
                f"the deck's name comes {(bottom - y + depth) / MM:.1f} mm into the "
                f"{'logo' if theme.logo else 'safe zone'} at the foot of the back: shorten its label, title or "
                "mark, or use a larger card",
            )
        )
    for r, role in names:
        for line in r.lines:
            lw = width(line.text, line.font, line.size)
            prims.append(
                Text(w / 2 - lw / 2 + line.x, y - line.y + r.size, line.text, line.font, line.size, fg, role=role)
            )
        y -= r.height + 2 * MM
    boxes = (
        [
            TextBox(
                "back",
                style.safe,
                bottom,
                avail,
                max(y - bottom, 1),
                8.0 * _smallest(face.blocks),
                _box_text(face.blocks),
            )
        ]
        if face.blocks
        else []
    )
    if back is not None:  # centred, under the deck's name, down to `bottom`
        kept = [line for line in back.lines if y - line.y - 0.27 * line.size >= bottom - 0.5]
        if not back.fits or back.height > max(y - bottom, 1):
            left = len(back.lines) - len(kept)
            room = "above the logo" if theme.logo else "under the deck's name"
            problems.append(
                Problem(
                    "warning",
                    where,
                    "the deck's back text does not fit: "
                    + (f"its last {left} line(s) left out (no room {room}); " if left else "")
                    + "shorten it",
                )
            )
        for line in kept:
            lw = width(line.text, line.font, line.size)
            prims.append(Text(w / 2 - lw / 2, y - line.y, line.text, line.font, line.size, fg))
    problems += _glyph_problems(where, face, style.fonts)
    problems += overlaps(prims, where)
    return FaceGeometry(tuple(prims), tuple(problems), tuple(boxes))
