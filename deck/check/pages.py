"""One rendered page against the build's plan for it: the rules deck check applies to each page.

PageCheck takes a page as the reader saw it (`deck.check.reader`) and the plan's slots for it (which card
stands where, its text boxes and QR codes) and adds to the report what fails: glyphs, text size, text
boxes, safe zone, contrast, marks, QR codes.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

from deck.check.report import Finding, Report
from deck.layout import qr as qrmod
from deck.style.contrast import contrast_rgb as contrast
from deck.style.fonts import ignorable, nfc
from deck.units import MM

ABS_MIN_PT = 5.0  # nothing printed smaller than this is legible
CONTRAST_MIN = 4.5
TOL = 0.5  # points: rounding of coordinates in the PDF and of the rendering
BOX_TOL = 1.5  # points around a text box inside which its characters' centres may fall
_NOT_COUNTED = set("-\u2010\u2011\u00ad\x02")  # hyphens added by line breaking


# -- fonts -----------------------------------------------------------------------------------------------
@cache
def _cmap(path: str) -> frozenset | None:
    """The characters a font file has glyphs for (its own cmap, read from the file by HarfBuzz: a
    hundredth of the time reportlab takes to parse the whole font, in every worker)."""
    try:
        import uharfbuzz as hb

        got = frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)
        if got:
            return got
    except Exception:
        pass
    try:  # not a font HarfBuzz reads a character map from
        from reportlab.pdfbase.ttfonts import TTFontFile

        return frozenset(TTFontFile(path).charToGlyph)
    except Exception:
        return None


# -- colour ----------------------------------------------------------------------------------------------
def _hex(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


# -- geometry --------------------------------------------------------------------------------------------
def _bbox(points) -> tuple:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _inside(inner, outer, tol: float = TOL) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _shrink(r, d: float) -> tuple:
    return (r[0] + d, r[1] + d, r[2] - d, r[3] - d)


class Slot:
    """A card placed on a page: the matrix from its own frame to the page, and back."""

    def __init__(self, data: dict, faces: list):
        self.data = data
        self.card, self.side, self.deck = data["card"], data["side"], data.get("deck")
        self.face = faces[data["face"]] if 0 <= data.get("face", -1) < len(faces) else {"boxes": [], "qr": []}
        a, b, c, d, e, f = data["matrix"]
        self.m = (a, b, c, d, e, f)
        self.det = a * d - b * c
        self.w, self.h = data["size"]
        bl = data.get("bleed", 0.0)
        self.trim = self.rect_to_page((0, 0, self.w, self.h))
        self.upright = (b == 0 and c == 0) or (a == 0 and d == 0)  # turned by a multiple of 90 degrees
        self.bleed_box = self.rect_to_page((-bl, -bl, self.w + bl, self.h + bl))

    def to_page(self, u: float, v: float) -> tuple:
        a, b, c, d, e, f = self.m
        return (a * u + c * v + e, b * u + d * v + f)

    def to_card(self, x: float, y: float) -> tuple:
        a, b, c, d, e, f = self.m
        x, y = x - e, y - f
        return ((d * x - c * y) / self.det, (-b * x + a * y) / self.det)

    def rect_to_page(self, r) -> tuple:
        x0, y0, x1, y1 = r
        return _bbox([self.to_page(u, v) for u in (x0, x1) for v in (y0, y1)])

    def box_to_card(self, box) -> tuple:
        left, b, r, t = box
        return _bbox([self.to_card(x, y) for x in (left, r) for y in (b, t)])

    @property
    def scale(self) -> float:
        return abs(self.det) ** 0.5


def _centre(box) -> tuple:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _counted(text: str) -> list:
    """The characters of a text that print something of their own: not spaces (whatever their width),
    hyphens that line breaking adds, joiners, selectors and other default-ignorables (soft hyphens,
    zero-width spaces), compared in NFC (a ligature or a shaped cluster reads back as its letters)."""
    return [c for c in nfc(text) if not (c.isspace() or c in _NOT_COUNTED or (c >= "\xad" and ignorable(c)))]


def _shorten(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else "…" + text[-n:]


# -- one page --------------------------------------------------------------------------------------------
class PageCheck:
    def __init__(self, report: Report, file: str, view, pplan: dict | None, faces: list, fonts: dict, safe: float):
        self.report, self.file, self.view = report, file, view
        self.page = view.index + 1
        self.pplan = pplan
        self.slots = [Slot(s, faces) for s in (pplan or {}).get("slots", [])]
        self.fonts = fonts
        self.safe = safe
        self.by_slot: dict = {}
        self.loose: list = []
        trims = [s.trim for s in self.slots]
        # cards that do not overlap: a glyph strictly inside the card of the glyph before is on that card
        apart = all(not _overlaps(a, b) for k, a in enumerate(trims) for b in trims[k + 1 :])
        by_slot, loose = self.by_slot, self.loose
        put = None  # the list of the card of the glyph before, when cards do not overlap
        x0 = y0 = 0.0
        x1 = y1 = -1.0  # that card's trim (none yet)
        for ch in view.chars:
            left, bottom, right, top = ch.box
            cx, cy = (left + right) / 2, (bottom + top) / 2
            if put is not None and x0 < cx < x1 and y0 < cy < y1:
                put(ch)
                continue
            for i, t in enumerate(trims):
                if t[0] <= cx <= t[2] and t[1] <= cy <= t[3]:
                    on = by_slot.setdefault(i, [])
                    on.append(ch)
                    if apart:
                        put = on.append
                        x0, y0, x1, y1 = t
                    break
            else:
                loose.append(ch)
                put = None
        self._card_centres: dict = {}  # slot index -> the centre of each of its glyphs in the card's frame

    def fail(self, check: str, message: str, slot: Slot | None = None, severity: str = "fail") -> None:
        self.report.add(
            Finding(
                severity,
                check,
                message,
                self.file,
                self.page,
                slot.card if slot else None,
                slot.side if slot else None,
                slot.deck if slot else None,
            )
        )

    @property
    def _planless(self) -> str:
        return "" if self.pplan is not None else " (no page plan for this page: a reduced overview?)"

    @property
    def _planless_severity(self) -> str:
        """Without a plan, nothing tells a reduced overview (a board's assembly map) from the real thing."""
        return "fail" if self.pplan is not None else "warn"

    def run(self) -> None:
        self.glyphs()
        self.sizes()
        self.text_boxes()
        self.overlaps()
        self.safe_zone()
        self.contrast()
        self.marks()
        self.qr_codes()

    def _slot_items(self):
        yield None, self.loose
        for i, s in enumerate(self.slots):
            yield s, self.by_slot.get(i, [])

    # glyphs: every character is in the font it is set in
    def glyphs(self) -> None:
        for slot, chars in self._slot_items():
            lost: Counter = Counter()
            absent: dict = {}
            self.report.checked("glyphs", len(chars))
            cmaps: dict = {}
            for ch in chars:
                if not ch.ch:
                    lost[ch.font or "?"] += 1
                    continue
                if ch.font in cmaps:
                    cmap = cmaps[ch.font]
                else:
                    path = self.fonts.get(ch.font)
                    cmap = cmaps[ch.font] = _cmap(path) if path else None
                if cmap is not None and ord(ch.ch) not in cmap and not ignorable(ch.ch):
                    absent.setdefault(ch.font, Counter())[ch.ch] += 1
            for font, n in lost.items():
                self.fail(
                    "glyphs",
                    f"{n} character(s) set in {font} have no glyph in it: they print as nothing "
                    "(emoji or a script the font lacks?); replace them or use a font that has them",
                    slot,
                )
            for font, chars_ in absent.items():
                shown = ", ".join(f"{c!r} U+{ord(c):04X}" for c in sorted(chars_)[:5])
                self.fail(
                    "glyphs",
                    f"characters missing from the font {font}: {shown}: they print as empty boxes; "
                    "replace them or use a font that has them",
                    slot,
                )

    # text size: nothing under 5 pt anywhere, nothing under a box's minimum
    def sizes(self) -> None:
        for slot, chars in self._slot_items():
            small = [c for c in chars if c.size < ABS_MIN_PT - 0.01]
            self.report.checked("text size", len(chars))
            if small:
                word = "".join(c.ch for c in small[:20])
                self.fail(
                    "text size",
                    f"text at {min(c.size for c in small):.1f} pt (« {word} »): "
                    f"under {ABS_MIN_PT:g} pt nothing is legible in print" + self._planless,
                    slot,
                    self._planless_severity,
                )

    def _box_chars(self, slot: Slot, i: int, rect) -> list:
        x, y, w, h = rect
        centres = self._card_centres.get(i)
        if centres is None:  # slot.to_card(*_centre(ch.box)) of each, the same sums written out
            a, b, c, d, e, f = slot.m
            det = slot.det
            centres = self._card_centres[i] = []
            for ch in self.by_slot.get(i, []):
                q = ch.box
                px, py = (q[0] + q[2]) / 2 - e, (q[1] + q[3]) / 2 - f
                centres.append(((d * px - c * py) / det, (-b * px + a * py) / det, ch))
        x0, y0, x1, y1 = x - BOX_TOL, y - BOX_TOL, x + w + BOX_TOL, y + h + BOX_TOL
        return [ch for u, v, ch in centres if x0 <= u <= x1 and y0 <= v <= y1]

    # text boxes: all of the text printed inside its box, at its minimum size or more
    def text_boxes(self) -> None:
        for i, slot in enumerate(self.slots):
            for box in slot.face.get("boxes", []):
                self.report.checked("text boxes")
                chars = self._box_chars(slot, i, box["rect"])
                want = Counter(_counted(box["text"]))
                got = Counter(_counted("".join(c.ch for c in chars if c.ch)))
                missing = want - got
                n = sum(missing.values())
                total = sum(want.values())
                no_glyph = sorted(
                    c for c in missing if not any(ord(c) in (_cmap(f) or ()) for f in self.fonts.values())
                )
                if no_glyph:
                    shown = ", ".join(f"{c!r} U+{ord(c):04X}" for c in no_glyph[:5])
                    self.fail(
                        "text boxes",
                        f"{box['role']} text: {shown} not printed: no font of the card has "
                        "them; replace them or use a font that has them",
                        slot,
                    )
                elif n:
                    self.fail(
                        "text boxes",
                        f"{box['role']} text: {n} of {total} characters are not printed inside "
                        f"its box (the text ends « {_shorten(box['text'])} »): shorten it or use "
                        "a larger card",
                        slot,
                    )
                # a printer profile's back_scale makes up for the printer's own scaling: compare the set size
                small = [c for c in chars if c.ch and c.size / slot.scale < box["min"] - 0.01]
                if small:
                    self.fail(
                        "text size",
                        f"{box['role']} text at {min(c.size for c in small) / slot.scale:.2f} pt, under its "
                        f"minimum of {box['min']:g} pt",
                        slot,
                    )

    # overlap: nothing drawn over a QR code, no text over other text
    def _element(self, slot: Slot, ch) -> str:
        """The planned text box a character stands in (title, body, resource title, …), else "text"."""
        u, v = slot.to_card(*_centre(ch.box))
        for box in slot.face.get("boxes", []):
            x, y, w, h = box["rect"]
            if x - BOX_TOL <= u <= x + w + BOX_TOL and y - BOX_TOL <= v <= y + h + BOX_TOL:
                return box["role"]
        return "text"

    def overlaps(self) -> None:
        for i, slot in enumerate(self.slots):
            chars = [c for c in self.by_slot.get(i, []) if c.ch and c.box[2] - c.box[0] > 0.05]
            self.report.checked("overlap")
            for q in slot.face.get("qr", []):
                x, y, w, h = q["rect"]
                rect = _shrink(slot.rect_to_page((x, y, x + w, y + h)), TOL)
                over = [c for c in chars if _overlaps(c.box, rect)]
                if over:
                    word = "".join(c.ch for c in over[:24])
                    self.fail(
                        "overlap",
                        f"{self._element(slot, over[0])} « {word} » is drawn over the QR code: "
                        "it hides modules and the text is unreadable",
                        slot,
                    )
            for a, b in _crossing(chars)[:1]:
                self.fail(
                    "overlap",
                    f"{self._element(slot, a)} « {a.ch} » and {self._element(slot, b)} « {b.ch} » are drawn "
                    "over each other",
                    slot,
                )

    # safe zone: no text of a card closer than 3 mm to its trim
    def safe_zone(self) -> None:
        for i, slot in enumerate(self.slots):
            zone = (self.safe, self.safe, slot.w - self.safe, slot.h - self.safe)
            # on a card turned by a multiple of 90 degrees, a box inside the zone's rectangle on the page is
            # inside the zone: the exact test below only for the others
            on_page = slot.rect_to_page(zone) if slot.upright else (0.0, 0.0, -1.0, -1.0)
            out = []
            self.report.checked("safe zone", len(self.by_slot.get(i, [])))
            for ch in self.by_slot.get(i, []):
                left, b, r, t = ch.box
                if r - left < 0.05 and t - b < 0.05:
                    continue  # an empty glyph box
                if on_page[0] <= left and on_page[1] <= b and r <= on_page[2] and t <= on_page[3]:
                    continue
                if not _inside(slot.box_to_card(ch.box), zone, 0.25):
                    out.append(ch)
            if out:
                worst = min(
                    min(
                        slot.box_to_card(c.box)[0],
                        slot.box_to_card(c.box)[1],
                        slot.w - slot.box_to_card(c.box)[2],
                        slot.h - slot.box_to_card(c.box)[3],
                    )
                    for c in out
                )
                word = "".join(c.ch for c in out[:24])
                self.fail(
                    "safe zone",
                    f"text « {word} » comes {max(worst, -99) / MM:.1f} mm from the trim, inside the "
                    f"{self.safe / MM:g} mm safe zone: it may be cut off",
                    slot,
                )

    # contrast: every word against what is really behind it on the rendered page
    def contrast(self) -> None:
        seen: set = set()
        for slot, chars in self._slot_items():
            for word, box in _words(chars):
                fg = word[0].colour
                if box[2] - box[0] < 0.2 or box[3] - box[1] < 0.2:
                    continue
                bg = self.view.background(box)
                if bg is None:
                    continue
                self.report.checked("contrast")
                ratio = contrast(fg, bg)
                if ratio < CONTRAST_MIN - 0.005:
                    key = (id(slot), fg, bg)
                    if key in seen:
                        continue
                    seen.add(key)
                    text = "".join(c.ch for c in word)
                    self.fail(
                        "contrast",
                        f"text « {text} » in {_hex(fg)} on {_hex(bg)}: contrast {ratio:.2f}:1, "
                        f"expected at least {CONTRAST_MIN}:1",
                        slot,
                    )

    # marks: everything outside the cards inside the printable area, and off the cards
    def marks(self) -> None:
        if self.pplan is None:
            return  # without a plan nothing tells a mark from a drawing clipped on purpose (board tiles)
        pw, ph = self.view.size
        m = self.pplan.get("margin", 0.0)
        area = (m, m, pw - m, ph - m)
        outside: list = []
        crossing: dict = {}
        for obj in self.view.objects:
            if any(_inside(obj.bounds, s.bleed_box, TOL) for s in self.slots):
                continue  # part of a card
            self.report.checked("marks")
            hit = next((k for k, s in enumerate(self.slots) if _overlaps(obj.bounds, _shrink(s.trim, TOL))), None)
            if hit is not None:
                crossing.setdefault(hit, Counter())[obj.kind] += 1
            elif not _inside(obj.bounds, area, TOL):
                outside.append(obj)
        for k, kinds in crossing.items():
            what = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            self.fail(
                "marks",
                f"drawing crosses the edge of the card ({what} object(s)): a mark over the card, "
                "or something of the card spilling out of it",
                self.slots[k],
            )
        if outside:
            gap = min(min(o.bounds[0], o.bounds[1], pw - o.bounds[2], ph - o.bounds[3]) for o in outside)
            kinds = Counter(o.kind for o in outside)
            what = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
            self.fail(
                "marks",
                f"{what} object(s) of the sheet come {max(gap, 0) / MM:.1f} mm from the edge of the "
                f"paper, outside the printable area ({m / MM:.1f} mm margin): the printer will cut them",
            )

    # QR codes: decoded from the rendered page, compared with their URL, their modules measured
    def qr_codes(self) -> None:
        used: set = set()
        for slot in self.slots:
            for q in slot.face.get("qr", []):
                self.report.checked("qr")
                match = self._find_code(slot, q["rect"], used)
                if match is None:
                    self.fail(
                        "qr",
                        f"the QR code for {q['url']} cannot be read from the page rendered at {self.report.dpi:g} dpi",
                        slot,
                    )
                    continue
                used.add(match)
                self._planned_code(self.view.codes[match], slot, q)
        for k, code in enumerate(self.view.codes):
            if k not in used:
                self._stray_code(code)

    def _find_code(self, slot: Slot, rect, used: set) -> int | None:
        """The index of the first code not yet matched whose centre is on the planned rectangle (2 pt around)."""
        x, y, w, h = rect
        page_rect = slot.rect_to_page((x, y, x + w, y + h))
        for k, code in enumerate(self.view.codes):
            cx, cy = code.centre
            inside = page_rect[0] - 2 <= cx <= page_rect[2] + 2 and page_rect[1] - 2 <= cy <= page_rect[3] + 2
            if k not in used and inside:
                return k
        return None

    def _planned_code(self, code, slot: Slot, q: dict) -> None:
        """A code the build placed: its URL, its modules, the safe zone."""
        expected = qrmod.ascii_uri(q["url"])  # what the code carries: an IRI as its ASCII URI
        if code.text != expected:
            self.fail("qr", f"the QR code reads {code.text[:80]!r}, expected {expected[:80]!r}", slot)
        self._module(code, slot, q.get("n"))
        self._quiet_zone(code, slot, q.get("n"))
        zone = (self.safe, self.safe, slot.w - self.safe, slot.h - self.safe)
        if not _inside(_bbox([slot.to_card(*p) for p in code.corners]), zone, 1.0):
            self.fail("safe zone", "the QR code comes inside the safe zone: it may be cut off", slot)

    def _stray_code(self, code) -> None:
        """A code on the page the plan does not place (or any code, without a plan)."""
        self.report.checked("qr")
        slot = next((s for s in self.slots if _inside(_bbox(code.corners), s.trim, 1.0)), None)
        if self.slots:
            self.fail("qr", f"a QR code the build did not place: it reads {code.text[:80]!r}", slot)
        if urlsplit(code.text).scheme.lower() not in ("http", "https"):
            self.fail("qr", f"the QR code reads {code.text[:80]!r}: expected an http:// or https:// address", slot)
        self._module(code, slot, None)
        self._quiet_zone(code, slot, None)

    def _quiet_zone(self, code, slot, planned_n) -> None:
        """The blank border around the symbol, measured on the rendered page: 4 modules free of ink on
        every side (within the card's trim, where the card is cut)."""
        n = code.modules or planned_n
        if not n or self.view.page is None:
            return
        quiet = quiet_zone(self.view, code, n, slot.trim if slot is not None else None)
        if quiet < qrmod.QUIET - 0.25:
            self.fail(
                "qr",
                f"the QR code for {code.text[:60]!r} has {quiet:.1f} modules of blank border on the page, "
                f"under the {qrmod.QUIET} it needs: move what is printed next to it away",
                slot,
            )

    def _module(self, code, slot, planned_n) -> None:
        n = code.modules or planned_n
        if not n:
            return
        mm = code.side / n / MM / (slot.scale if slot is not None else 1.0)
        if mm < qrmod.MIN_MODULE_MM - 0.005:
            self.fail(
                "qr",
                f"QR code modules of {mm:.2f} mm measured on the page: phones need at least "
                f"{qrmod.MIN_MODULE_MM} mm; give the resource a short_url or use a larger card" + self._planless,
                slot,
                self._planless_severity,
            )
        elif mm < qrmod.WARN_MODULE_MM - 0.005:
            self.fail(
                "qr",
                f"QR code modules of {mm:.2f} mm measured on the page: under {qrmod.WARN_MODULE_MM} mm "
                "some phones will not read it; give the resource a short_url",
                slot,
                severity="warn",
            )


def quiet_zone(view, code, n: int, clip=None) -> float:
    """Modules of blank border around a decoded code on the rendered page: the distance, in modules, from
    the symbol's edge to the nearest dark pixel (luminance under 160) on any side, up to 4.5 modules;
    `clip` (x0, y0, x1, y1, page points) bounds the search (a card's trim). Only the code's surroundings are
    rendered, at the page's `dpi`; a code read at a coarser resolution is located again there first."""
    s = view.dpi / 72
    module = code.side / n
    reach = 4.5 * module
    W, H = view.pixel_size
    r = int(reach * s)
    slack = math.ceil(2 * view.dpi / code.dpi) if code.dpi else 0  # the corners' uncertainty, in pixels here
    bx0, by0, bx1, by1 = view.to_px(_bbox(code.corners))
    grab = (
        max(0, bx0 - r - slack - 1),
        max(0, by0 - r - slack - 1),
        min(W, bx1 + r + slack + 2),
        min(H, by1 + r + slack + 2),
    )
    if grab[2] <= grab[0] or grab[3] <= grab[1]:
        return reach / module
    grey = view.grey(grab)
    code = view.locate(code, grey, grab[:2])
    px0, py0, px1, py1 = view.to_px(_bbox(code.corners))
    edge = 2  # pixels of the symbol's own anti-aliased edge
    limits = grab
    if clip is not None:
        cx0, cy0, cx1, cy1 = view.to_px(clip)
        limits = (max(limits[0], cx0), max(limits[1], cy0), min(limits[2], cx1), min(limits[3], cy1))
    around = (px0 - r - 1, py0 - r - 1, px1 + r + 2, py1 + r + 2)  # only the code's surroundings are read
    limits = (
        max(limits[0], around[0]),
        max(limits[1], around[1]),
        min(limits[2], around[2]),
        min(limits[3], around[3]),
    )
    if limits[2] <= limits[0] or limits[3] <= limits[1]:
        return reach / module
    window = (limits[0] - grab[0], limits[1] - grab[1], limits[2] - grab[0], limits[3] - grab[1])
    ink = grey.crop(window).point(_INK)  # dark pixels, within the clip
    # the rings k pixels out from the symbol (the quiet zone is a square border) are the pixels at a
    # distance k (the larger of the horizontal and vertical distances) from the symbol's box: with the
    # symbol and its own anti-aliased edge blanked, the first ring with ink is the smallest k for which the
    # box grown by k holds ink, found by halving the range of k
    inner = _clipped((px0 - edge + 1, py0 - edge + 1, px1 + edge, py1 + edge), limits, limits[:2])
    if inner[2] > inner[0] and inner[3] > inner[1]:
        ink.paste(0, inner)

    def dark_within(k: int) -> bool:
        box = _clipped((px0 - k, py0 - k, px1 + k + 1, py1 + k + 1), limits, limits[:2])
        return box[2] > box[0] and box[3] > box[1] and ink.crop(box).getbbox() is not None

    if r < edge or not dark_within(r):
        return reach / module
    lo, hi = edge, r  # ink within hi; none within lo - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if dark_within(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo / s / module


_INK = [255 if v < 160 else 0 for v in range(256)]  # luminance under 160: ink


def _clipped(box: tuple, limits: tuple, origin: tuple) -> tuple:
    """`box` (page pixels) within `limits`, in the pixels of an image whose first pixel is `origin`."""
    a, b = max(box[0], limits[0]), max(box[1], limits[1])
    c, d = min(box[2], limits[2]), min(box[3], limits[3])
    return (a - origin[0], b - origin[1], max(a, c) - origin[0], max(b, d) - origin[1])


def _lines_apart(chars) -> bool:
    """True when no two lines (glyphs of one baseline) have boxes that meet, and no line's glyphs are wider
    together than the line (two texts set on one baseline, one over the other): then no glyph can be drawn
    over another, and `_crossing` has nothing to find (the usual page: a quick look, not a search)."""
    lines: dict = {}
    for c in chars:
        x0, y0, x1, y1 = c.box
        got = lines.get(c.baseline)
        if got is None:
            lines[c.baseline] = [x0, y0, x1, y1, x1 - x0, y1 - y0, 1]
        else:
            if x0 < got[0]:
                got[0] = x0
            if y0 < got[1]:
                got[1] = y0
            if x1 > got[2]:
                got[2] = x1
            if y1 > got[3]:
                got[3] = y1
            got[4] += x1 - x0
            got[5] += y1 - y0
            got[6] += 1
    for x0, y0, x1, y1, widths, heights, n in lines.values():
        if n >= 4 and (widths > 1.1 * (x1 - x0) if x1 - x0 >= y1 - y0 else heights > 1.1 * (y1 - y0)):
            return False  # glyphs side by side cover their line's length once (kerned neighbours touch)
    boxes = sorted(lines.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b[0] >= a[2]:
                break  # sorted by left edge: the lines after start right of this one
            if b[1] < a[3] and a[1] < b[3]:
                return False
    return True


NEIGHBOURS = 3  # glyphs this close in a page's order may overlap on one line: a ligature's, a mark on its letter


def _crossing(chars) -> list:
    """Pairs of glyphs drawn over each other: of different lines, boxes covering each other by more than a
    third of the smaller (neighbours on one line may touch; lines apart never do); of one line, boxes covering
    more than half of each other both ways, the glyphs not neighbours in the page's order (a text set over
    another on the same baseline). A grid of 6 pt cells keeps it near linear."""
    if _lines_apart(chars):
        return []
    cells: dict = {}
    for k, c in enumerate(chars):
        x0, y0, x1, y1 = c.box
        for gx in range(int(x0 // 6), int(x1 // 6) + 1):
            for gy in range(int(y0 // 6), int(y1 // 6) + 1):
                cells.setdefault((gx, gy), []).append((k, c))
    out = []
    seen: set = set()
    for group in cells.values():
        for i, (ka, a) in enumerate(group):
            for kb, b in group[i + 1 :]:
                key = (ka, kb)
                if key in seen:
                    continue
                seen.add(key)
                ix = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
                iy = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
                if ix <= 0 or iy <= 0:
                    continue
                wa, wb = a.box[2] - a.box[0], b.box[2] - b.box[0]
                ha, hb = a.box[3] - a.box[1], b.box[3] - b.box[1]
                if abs(a.baseline - b.baseline) < 0.25 * min(a.size, b.size):  # one line
                    if a.box == b.box:
                        continue  # one glyph for several characters (an emoji sequence joined by ZWJ)
                    if abs(ka - kb) > NEIGHBOURS and ix > 0.5 * min(wa, wb) and iy > 0.5 * min(ha, hb):
                        out.append((a, b))
                    continue
                area = min(wa * ha, wb * hb)
                if area > 0 and ix * iy > area / 3:
                    out.append((a, b))
    return out


def _words(chars):
    """Runs of characters side by side (on one line, whatever its direction), in one colour and size, each
    with its box (the smallest and largest of all its glyphs' edges): (characters, (x0, y0, x1, y1))."""
    word: list = []
    x0 = y0 = x1 = y1 = 0.0
    pl = pb = pr = pt = 0.0  # the box of the character before
    colour = size = None
    for c in chars:
        if not c.ch:
            continue
        box, s, col = c.box, c.size, c.colour
        left, b, r, t = box
        if colour is not None:
            d = 0.4 * s
            if pl - d < r and left < pr + d and pb - d < t and b < pt + d and col == colour and abs(s - size) < 0.01:
                word.append(c)
                if left < x0:  # a box is (left, bottom, right, top), left <= right, bottom <= top (reader)
                    x0 = left
                if b < y0:
                    y0 = b
                if r > x1:
                    x1 = r
                if t > y1:
                    y1 = t
                pl, pb, pr, pt, size = left, b, r, t, s
                continue
            yield word, (x0, y0, x1, y1)
        word = [c]
        x0, y0, x1, y1 = pl, pb, pr, pt = box
        colour, size = col, s
    if word:
        yield word, (x0, y0, x1, y1)
