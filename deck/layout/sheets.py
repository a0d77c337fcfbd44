"""Sheets on office paper, as geometry: the kit index, the QR scan sheet and the diagnostic sheet (quiz and
blank radar). Pages are lists of primitives; `extras.py` writes them through `pdf.PdfWriter`.

Long lists flow over as many pages as they need: every row is laid out by `text.layout` at the width of its
column, then rows are stacked page after page (`Pages`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from deck.layout.geometry import Circle, Icon, Rect, Seg, Text
from deck.layout.sketch import Sketch, readable_tint
from deck.layout.text import LEADING, Block, Fonts, layout
from deck.layout.typography import typeset
from deck.style.fonts import width
from deck.style.theme import Theme
from deck.units import MM

SHEET_MARGIN = 12 * MM
BODY = 9.5


@dataclass
class SheetStyle:
    paper: tuple
    theme: Theme
    fonts: Fonts
    lang: str
    labels: dict
    kit_title: str
    margin: float = SHEET_MARGIN  # left and right
    margin_y: float = SHEET_MARGIN  # top and bottom (larger when the page must print on A4 and Letter)

    @classmethod
    def inside(cls, area, paper, theme: Theme, fonts: Fonts, lang: str, labels: dict, kit_title: str) -> SheetStyle:
        """The style of sheets whose ink keeps inside `area` (x0, y0, x1, y1: the printable part of the
        page), at least SHEET_MARGIN from the edges."""
        mx = max(SHEET_MARGIN, area[0] + 1 * MM, paper[0] - area[2] + 1 * MM)
        my = max(SHEET_MARGIN, area[1] + 1 * MM, paper[1] - area[3] + 1 * MM)
        return cls(paper, theme, fonts, lang, labels, kit_title, margin=mx, margin_y=my)

    def t(self, text):
        return typeset(text, self.lang) if text else text

    @property
    def inner(self) -> float:
        return self.paper[0] - 2 * self.margin


@dataclass
class Pages:
    """Rows stacked from the top of the page down; a row that does not fit starts a new page."""

    style: SheetStyle
    name: str  # the sheet's name, in its running header
    pages: list = field(default_factory=list)  # Sketch per page
    y: float = 0.0

    def __post_init__(self):
        self.new_page()

    @property
    def page(self) -> Sketch:
        return self.pages[-1]

    @property
    def top(self) -> float:
        return self.style.paper[1] - self.style.margin_y - 7 * MM

    @property
    def bottom(self) -> float:
        return self.style.margin_y + 6 * MM

    def new_page(self) -> None:
        st = self.style
        sk = Sketch(st.fonts, st.lang, f'sheet "{self.name}"')
        self.pages.append(sk)
        self.y = self.top

    def room(self, h: float) -> bool:
        return self.y - h >= self.bottom - 0.01

    def need(self, h: float) -> None:
        """Start a new page unless `h` points are left (a row taller than a page still gets a page of its own)."""
        if not self.room(h) and self.y < self.top - 0.01:
            self.new_page()

    def furniture(self) -> None:
        """Running header and page numbers, once every page is known."""
        st = self.style
        muted = st.theme.colours["muted"]
        n = len(self.pages)
        for k, sk in enumerate(self.pages, 1):
            y = st.paper[1] - st.margin_y - 3 * MM
            sk.line(
                st.t(st.kit_title),
                st.margin,
                y,
                st.fonts.regular,
                8,
                6.5,
                muted,
                st.inner * 0.6,
                "running header",
                role="footer",
            )
            sk.line(
                st.t(self.name),
                st.paper[0] - st.margin,
                y,
                st.fonts.regular,
                8,
                6.5,
                muted,
                st.inner * 0.38,
                "running header",
                "right",
                "footer",
            )
            sk.add(Seg(st.margin, y - 2 * MM, st.paper[0] - st.margin, y - 2 * MM, st.theme.colours["rule"], 0.4))
            sk.line(
                f"{k}/{n}",
                st.paper[0] - st.margin,
                st.margin_y,
                st.fonts.regular,
                8,
                6.5,
                muted,
                30 * MM,
                "page number",
                "right",
                "footer",
            )
            sk.glyph_problems()


def draw_lines(sk: Sketch, lines, x: float, top: float, colour: str, role: str = "body") -> None:
    for line in lines:
        sk.add(Text(x + line.x, top - line.y, line.text, line.font, line.size, colour, role=role))


def title_block(pg: Pages, title: str, intro: str | None, colour_bar: str | None = None) -> None:
    """The sheet's title and introduction at the top of its first page."""
    st = pg.style
    c = st.theme.colours
    x, w = st.margin, st.inner
    if colour_bar:
        x, w = x + 5 * MM, w - 5 * MM
    r = pg.page.text(
        Block(st.t(title), "heading"),
        x,
        pg.y - 16 * MM,
        w,
        16 * MM,
        18,
        13,
        c["ink"],
        "sheet title",
        role="title",
        valign="top",
    )
    if colour_bar:
        pg.page.add(Rect(st.margin, pg.y - r.height, 3 * MM, r.height, fill=colour_bar))
    pg.y -= r.height + 3 * MM
    if intro:
        lines, h = layout([Block(st.t(intro))], st.fonts, BODY, st.inner, st.lang)
        draw_lines(pg.page, lines, st.margin, pg.y, c["ink"])
        pg.y -= h + 4 * MM


# -- URLs ------------------------------------------------------------------------------------------
_URL_BREAK = re.compile(r"(?<=[/?&=#])")


def url_lines(url: str, font: str, size: float, room: float) -> list[str]:
    """The URL in lines of at most `room` points, broken after / ? & = #, inside a long part after _ . - ,
    anywhere when it must. Nothing is added or removed: the lines joined give the URL back."""
    parts = [p for p in _URL_BREAK.split(url) if p]
    lines, cur = [], ""
    for part in parts:
        while width(cur + part, font, size) > room and width(part, font, size) > room * 0.5:
            k = len(part)
            while k > 1 and width(cur + part[:k], font, size) > room:
                k -= 1
            soft = max(part.rfind(ch, 0, k) for ch in "_.-")
            if soft > 0 and width(cur + part[: soft + 1], font, size) > room * 0.5:
                k = soft + 1
            if k <= 1 and cur:
                lines.append(cur)
                cur = ""
                continue
            lines.append(cur + part[:k])
            cur = ""
            part = part[k:]
        if width(cur + part, font, size) <= room:
            cur += part
        else:
            lines.append(cur)
            cur = part
    if cur:
        lines.append(cur)
    return lines


# -- the kit index ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndexDeck:
    deck_id: str
    title: str
    kind: str  # card source, for its icon and colour
    file: str
    info: str  # « 28 cartes · tarot 70 × 120 mm »
    rows: tuple  # (number, id, type, title, where)


def index_sheet(st: SheetStyle, decks: list, intro: str) -> tuple[list, list]:
    """Every card of the kit: its id, type, title and where it is printed. Returns (pages, problems)."""
    L = st.labels
    c = st.theme.colours
    pg = Pages(st, L["index_title"])
    title_block(pg, L["index_title"], intro)
    cols = [("n", 9 * MM), ("id", 0.22), ("type", 0.2), ("title", 0.38), ("where", 0.2)]
    fixed = sum(w for _, w in cols if w > 1)
    rest = st.inner - fixed - 4 * 2 * MM
    widths = [w if w > 1 else w * rest for _, w in cols]
    xs = [st.margin]
    for w in widths[:-1]:
        xs.append(xs[-1] + w + 2 * MM)
    heads = [L["index_n"], L["index_id"], L["index_type"], L["index_card"], L["index_col_where"]]
    size = 8.5

    def head_row():
        pg.page.add(Rect(st.margin, pg.y - 6 * MM, st.inner, 6 * MM, fill=readable_tint(c["rule"], c["ink"], 0.7)))
        for x, w, h in zip(xs, widths, heads, strict=True):
            pg.page.line(
                st.t(h), x + 0.5 * MM, pg.y - 4.2 * MM, st.fonts.bold, size, 6.5, c["ink"], w, "column heading"
            )
        pg.y -= 6 * MM + 1 * MM

    for d in decks:
        look = st.theme.types[d.kind]
        hh = 11 * MM
        pg.need(hh + 6 * MM + 12 * MM)
        pg.y -= 2 * MM
        sk = pg.page
        sk.add(Rect(st.margin, pg.y - hh, st.inner, hh, fill=look.colour))
        sk.add(Icon(look.icon, st.margin + 4 * MM, pg.y - hh / 2, 4.2 * MM, look.text))
        sk.line(
            st.t(d.title),
            st.margin + 8 * MM,
            pg.y - 4.6 * MM,
            st.fonts.bold,
            11,
            8,
            look.text,
            st.inner - 10 * MM,
            "deck title",
        )
        sk.line(
            st.t(d.info) + " · " + d.file,
            st.margin + 8 * MM,
            pg.y - 9 * MM,
            st.fonts.regular,
            8.5,
            6.5,
            look.text,
            st.inner - 10 * MM,
            "deck file",
        )
        pg.y -= hh + 1 * MM
        head_row()
        for k, row in enumerate(d.rows):
            cells = []
            for text, w, style in zip(row, widths, ("body", "body", "body", "heading", "body"), strict=True):
                lines, h = layout(
                    [Block(st.t(str(text)) if text else "", style)],
                    st.fonts,
                    size,
                    w - 1 * MM,
                    "none" if style != "heading" else st.lang,
                )
                cells.append((lines, h))
            rh = max(h for _, h in cells) + 1.6 * MM
            if not pg.room(rh):
                pg.new_page()
                head_row()
            if k % 2:
                pg.page.add(Rect(st.margin, pg.y - rh, st.inner, rh, fill="#F4F4F4"))
            for x, (lines, _) in zip(xs, cells, strict=True):
                draw_lines(pg.page, lines, x + 0.5 * MM, pg.y - 0.8 * MM, c["ink"])
            pg.y -= rh
    pg.furniture()
    return [p.prims for p in pg.pages], [q for p in pg.pages for q in p.problems]


# -- the QR scan sheet -------------------------------------------------------------------------------
QR_MODULE = 0.6 * MM  # hand-held, 20–30 cm: ≥ 0.5 mm modules, ≥ 20 mm symbols (print.md §4.4)


def qr_sheet(st: SheetStyle, resources, intro: str) -> tuple[list, list]:
    """Every resource: title, publisher, full address and QR code; also the kit's offline reading list."""
    from deck.layout import qr as qrmod

    L = st.labels
    c = st.theme.colours
    pg = Pages(st, L["qr_title"])
    title_block(pg, L["qr_title"], intro, st.theme.types["resources"].colour)
    qr_col = 46 * MM
    tx = st.margin + qr_col + 4 * MM
    tw = st.paper[0] - st.margin - tx
    for k, r in enumerate(resources, 1):
        url = r.qr_url
        n = 0
        side = 0.0
        if url and not qrmod.too_long(url):
            n = len(qrmod.matrix(url))
            side = min(max(22 * MM, n * QR_MODULE), qr_col * n / (n + 2 * qrmod.QUIET))
        blocks = [Block(st.t(f"{k}. {r.title}"), "heading")]
        if r.publisher:
            blocks.append(Block(st.t(r.publisher), "italic"))
        lines, h = layout(blocks, st.fonts, 10.5, tw, st.lang)
        url_font, url_size = st.fonts.regular, 8.5
        ulines = url_lines(r.url, url_font, url_size, tw) if r.url else []
        extra = []
        if r.short_url and r.short_url != r.url:
            extra.append(st.t(L["qr_short"].format(url=r.short_url)))
        if not r.url:
            extra.append(st.t(L["no_url"]))
        th = h + 1.5 * MM + (len(ulines) + len(extra)) * url_size * LEADING
        qh = side * (n + 2 * qrmod.QUIET) / n if n else 0.0
        rh = max(th, qh) + 3 * MM
        pg.need(rh)
        sk = pg.page
        top = pg.y
        if n:
            sk.qr(url, st.margin, top - qh, qh, min_side=20 * MM, max_module=side / n)
        draw_lines(sk, lines, tx, top - 1 * MM, c["ink"])
        y = top - 1 * MM - h - 1.5 * MM
        for u in ulines:
            y -= url_size * LEADING
            sk.add(Text(tx, y + url_size * 0.25, u, url_font, url_size, c["ink"], role="body"))
        for e in extra:
            y -= url_size * LEADING
            sk.line(
                e,
                tx,
                y + url_size * 0.25,
                st.fonts.italic,
                url_size,
                7,
                c["muted"],
                tw,
                "resource note",
                role="caption",
            )
        pg.y -= rh
        sk.add(Seg(st.margin, pg.y + 1.5 * MM, st.paper[0] - st.margin, pg.y + 1.5 * MM, c["rule"], 0.4))
    pg.furniture()
    return [p.prims for p in pg.pages], [q for p in pg.pages for q in p.problems]


# -- the diagnostic sheet: quiz and radar -------------------------------------------------------------
def diagnostic_sheet(st: SheetStyle, quiz) -> tuple[list, list]:
    """The quiz as a table (a row per statement, a box per answer, a score line per theme), then a blank
    radar with one axis per theme, graduated from 0 to the best score, to draw the team's result."""
    L = st.labels
    c = st.theme.colours
    ink, muted, rule = c["ink"], c["muted"], c["rule"]
    look = st.theme.types["quiz"]
    name = L["diagnostic_title"]
    pg = Pages(st, name)
    title_block(pg, quiz.title, quiz.intro, look.colour)
    scale = list(quiz.scale)
    box_col = 13 * MM
    boxes_w = box_col * len(scale)
    tw = st.inner - boxes_w - 4 * MM
    top_pts = max((s.points for s in scale), default=1) or 1
    best = max((len(t.statements) for t in quiz.themes), default=1) * top_pts
    tint_q = readable_tint(look.colour, ink)
    unsure = [s for s in scale[:-1] if not s.points]
    maxima = {len(t.statements) * top_pts for t in quiz.themes}
    points = next(iter(maxima)) if len(maxima) == 1 and 1 <= next(iter(maxima)) <= POINT_RINGS_MAX else 0
    # the statement numbers (« 2.10 ») in a column of their own, as wide as the widest, 2 mm before the text
    num_w = max(
        (
            width(f"{k}.{j}", st.fonts.regular, 8.5)
            for k, th in enumerate(quiz.themes, 1)
            for j in range(1, len(th.statements) + 1)
        ),
        default=0.0,
    )
    text_x = 1 * MM + num_w + 2 * MM
    for k, th in enumerate(quiz.themes, 1):
        rows = [layout([Block(st.t(x))], st.fonts, 10, tw - text_x, st.lang) for x in th.statements]
        band = 9 * MM
        total = band + sum(h + 3 * MM for _, h in rows) + 10 * MM
        pg.need(total)
        sk = pg.page
        sk.add(Rect(st.margin, pg.y - band, st.inner, band, fill=look.colour))
        sk.line(
            st.t(f"{k}. {th.title}"),
            st.margin + 2 * MM,
            pg.y - band / 2 - 11 * 0.35,
            st.fonts.bold,
            11,
            8,
            look.text,
            tw,
            "theme title",
        )
        bx = st.margin + st.inner - boxes_w
        for j, step in enumerate(scale):
            sk.line(
                st.t(step.label),
                bx + j * box_col + box_col / 2,
                pg.y - band / 2 - 10 * 0.35,
                st.fonts.bold,
                10,
                7,
                look.text,
                box_col - 1 * MM,
                "answer label",
                "centre",
            )
        pg.y -= band
        for j, (lines, h) in enumerate(rows, 1):
            rh = h + 3 * MM
            if j % 2 == 0:
                sk.add(Rect(st.margin, pg.y - rh, st.inner, rh, fill=tint_q))
            sk.line(
                f"{k}.{j}",
                st.margin + 1 * MM,
                pg.y - 1.5 * MM - 10 * 0.95,
                st.fonts.regular,
                8.5,
                7,
                muted,
                num_w + 0.5,
                "statement number",
                role="caption",
            )
            draw_lines(sk, lines, st.margin + text_x, pg.y - 1.5 * MM, ink)
            b = 4.5 * MM
            for q in range(len(scale)):
                sk.add(
                    Rect(
                        bx + q * box_col + (box_col - b) / 2,
                        pg.y - rh / 2 - b / 2,
                        b,
                        b,
                        fill="#FFFFFF",
                        stroke=ink,
                        width=0.8,
                    )
                )
            pg.y -= rh
            sk.add(Seg(st.margin, pg.y, st.margin + st.inner, pg.y, rule, 0.3))
        # a count box for each answer that scores nothing but is not the last (« ? »): points to clear up
        cx_ = st.margin
        for step in unsure:
            label = st.t(L["diagnostic_count"].format(label=step.label))
            lw = min(width(label, st.fonts.bold, 10), st.inner / 3)
            sk.line(label, cx_, pg.y - 6.5 * MM, st.fonts.bold, 10, 7.5, ink, lw + 0.5, "count line")
            sk.add(Rect(cx_ + lw + 2 * MM, pg.y - 8.5 * MM, 16 * MM, 7.5 * MM, stroke=ink, width=0.8))
            cx_ += lw + 22 * MM
        # the score line
        score = st.t(L["diagnostic_score"].format(theme=th.title, max=len(th.statements) * top_pts))
        sk.line(
            score,
            st.margin + st.inner - 24 * MM,
            pg.y - 6.5 * MM,
            st.fonts.bold,
            10,
            7.5,
            ink,
            st.inner - 26 * MM,
            "score line",
            "right",
        )
        sk.add(Rect(st.margin + st.inner - 22 * MM, pg.y - 8.5 * MM, 22 * MM, 7.5 * MM, stroke=ink, width=0.8))
        pg.y -= 10 * MM + 3 * MM
    # the radar, on its own page when there is not room enough
    size = min(st.inner, 150 * MM)
    prio_h = PRIORITY_H if unsure or points else 0.0
    need = size + 30 * MM + prio_h
    if not pg.room(need):
        pg.new_page()
    sk = pg.page
    sk.text(
        Block(st.t(L["radar_title"]), "heading"),
        st.margin,
        pg.y - 10 * MM,
        st.inner,
        10 * MM,
        14,
        10,
        ink,
        "radar title",
        role="title",
        valign="centre",
    )
    pg.y -= 12 * MM
    help_key = "radar_help_points" if points else "radar_help"
    lines, h = layout([Block(st.t(L[help_key].format(max=points or best)))], st.fonts, BODY, st.inner, st.lang)
    draw_lines(sk, lines, st.margin, pg.y, ink)
    pg.y -= h + 4 * MM
    label_room = 42 * MM
    avail_h = pg.y - pg.bottom - prio_h
    n = max(len(quiz.themes), 3)
    side = max((abs(math.cos(math.pi / 2 - 2 * math.pi * k / n)) for k in range(n)), default=1.0)
    radius = max(20 * MM, min((st.inner / 2 - 4 * MM - label_room) / max(side, 0.3), (avail_h - 2 * 18 * MM) / 2))
    cx, cy = st.margin + st.inner / 2, pg.y - avail_h / 2
    axes = [st.t(f"{t.title} (/{len(t.statements) * top_pts})") for t in quiz.themes]
    if points:  # one ring per point, graduated in points: the score goes on its axis as it is
        rings = tuple(100 * k / points for k in range(1, points + 1))
        radar(sk, st, axes, cx, cy, radius, label_room, rings, [str(k) for k in range(1, points + 1)])
    else:
        radar(sk, st, axes, cx, cy, radius, label_room)
    if prio_h:
        _priorities(sk, st, pg.bottom, prio_h, unsure[0].label if unsure else "?")
    pg.furniture()
    return [p.prims for p in pg.pages], [q for p in pg.pages for q in p.problems]


RINGS = (25, 50, 75, 100)  # per cent of each theme's own best score
POINT_RINGS_MAX = 12  # themes of one best score up to this many points: one ring per point, graduated in points
PRIORITY_H = 34 * MM  # the box for the team's priorities under the radar


def _priorities(sk: Sketch, st: SheetStyle, bottom: float, h: float, unsure: str) -> None:
    """A framed box at the foot of the radar page: the team writes its one or two priorities and their fiches."""
    L, c = st.labels, st.theme.colours
    y0 = bottom
    sk.add(Rect(st.margin, y0, st.inner, h - 2 * MM, stroke=c["ink"], width=0.8, radius=1.5 * MM))
    x, w = st.margin + 3 * MM, st.inner - 6 * MM
    top = y0 + h - 2 * MM - 2.5 * MM
    sk.text(
        Block(st.t(L["diagnostic_priorities"]), "heading"),
        x,
        top - 6 * MM,
        w,
        6 * MM,
        11,
        9,
        c["ink"],
        "priorities title",
        role="title",
        valign="centre",
    )
    lines, lh = layout(
        [Block(st.t(L["diagnostic_priorities_help"].format(label=unsure)), "small")], st.fonts, 8.5, w, st.lang
    )
    draw_lines(sk, lines, x, top - 6.5 * MM, c["muted"])
    y = top - 6.5 * MM - lh - 6 * MM
    for n in (1, 2):
        sk.line(
            st.t(L["diagnostic_priority_line"].format(n=n)),
            x,
            y,
            st.fonts.regular,
            10,
            7.5,
            c["ink"],
            w,
            "priority line",
        )
        y -= 7 * MM


def radar(
    sk: Sketch,
    st: SheetStyle,
    axes: list,
    cx: float,
    cy: float,
    radius: float,
    label_room: float,
    rings: tuple = RINGS,
    grads: list | None = None,
) -> None:
    """A blank radar: one axis per theme from the centre, each theme on its own scale (the share of its
    best score), so that a theme of 2 statements and one of 40 read alike; a few fixed rings (25, 50, 75,
    100 %), graduated once, between two axes, never over one; the theme titles at the ends."""
    c = st.theme.colours
    ink, muted, rule = c["ink"], c["muted"], c["rule"]
    n = max(len(axes), 3)
    angles = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]
    grads = grads or [f"{level} %" for level in rings]
    for level in rings:
        rr = radius * level / 100
        pts = [(cx + rr * math.cos(a), cy + rr * math.sin(a)) for a in angles]
        last = level == rings[-1]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
            sk.add(Seg(x1, y1, x2, y2, ink if last else rule, 1.0 if last else 0.4))
    # the graduation: on the bisector of the first gap between two axes, each label beside its ring
    gap = angles[0] - math.pi / n
    for level, grad in zip(rings, grads, strict=True):
        rr = radius * level / 100 * math.cos(math.pi / n)  # where the ring crosses the bisector
        tx, ty = cx + rr * math.cos(gap), cy + rr * math.sin(gap)
        sk.line(
            st.t(grad),
            tx + 1.2 * MM,
            ty - 7 * 0.35,
            st.fonts.regular,
            7,
            6,
            muted,
            12 * MM,
            "radar graduation",
            role="caption",
        )
    for k, a in enumerate(angles[: len(axes)]):
        ex, ey = cx + radius * math.cos(a), cy + radius * math.sin(a)
        sk.add(Seg(cx, cy, ex, ey, ink, 0.8))
        for level in rings:  # a tick across the axis at each ring
            rr = radius * level / 100
            tx, ty = cx + rr * math.cos(a), cy + rr * math.sin(a)
            px, py = -math.sin(a) * 1.2 * MM, math.cos(a) * 1.2 * MM
            sk.add(Seg(tx - px, ty - py, tx + px, ty + py, ink, 0.6))
        # the theme's title outside the end of its axis, on the side the axis points to
        lx, ly = cx + (radius + 4 * MM) * math.cos(a), cy + (radius + 4 * MM) * math.sin(a)
        bw, bh = label_room, 14 * MM
        cos, sin = math.cos(a), math.sin(a)
        if cos > 0.3:
            bx, align = lx, "left"
        elif cos < -0.3:
            bx, align = lx - bw, "right"
        else:
            bw = 2 * label_room
            bx, align = lx - bw / 2, "centre"
        if sin > 0.3:
            by = ly
        elif sin < -0.3:
            by = ly - bh
        else:
            by = ly - bh / 2
        sk.text(
            Block(f"{k + 1}. {axes[k]}", "heading"),
            bx,
            by,
            bw,
            bh,
            9.5,
            7.5,
            ink,
            "radar axis title",
            role="label",
            align=align,
            valign="bottom" if sin > 0.3 else ("top" if sin < -0.3 else "centre"),
        )
    sk.add(Circle(cx, cy, 0.8 * MM, fill=ink))
