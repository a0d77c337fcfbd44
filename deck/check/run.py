"""deck check: a preflight that looks at the output itself, as the printer and the phone will see it.

The kit is built into a temporary directory (or an existing build directory is read), then every page
is rendered at print resolution and compared with the build's page plan (`deck.plan`):

- files: every file of the manifest is there, unchanged (sha256), with its number of pages;
- qr: every QR code decodes to its URL (http or https only), its modules measured on the page;
- text boxes: every text box shows all of its text inside the box (nothing cut, nothing spilling over);
- text size: no text under the box's minimum size (and none under 5 pt anywhere);
- glyphs: every character is in the font it is set in (no empty box, no character lost);
- contrast: every text against what is really behind it, at least 4.5:1 (WCAG 2.x);
- safe zone: no text of a card closer than 3 mm to its trim; no QR code either;
- marks: everything outside the cards (cut marks, labels, scale bar) inside the printable area and off
  the cards.

Every failure names the file, the page, the card and its side, and the reason. Uses pypdfium2 and
zxing-cpp, two of deck's dependencies.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from deck.build.plan import PLAN_NAME, SAFE_MM
from deck.build.staging import MANIFEST, sha256
from deck.errors import DeckError, display_path
from deck.layout import qr as qrmod
from deck.units import MM

CHECKS = ("build", "files", "pages", "qr", "text boxes", "text size", "glyphs", "contrast", "safe zone", "marks")
ABS_MIN_PT = 5.0  # nothing printed smaller than this is legible
CONTRAST_MIN = 4.5
TOL = 0.5  # points: rounding of coordinates in the PDF and of the rendering
BOX_TOL = 1.5  # points around a text box inside which its characters' centres may fall
_NOT_COUNTED = set("-\u2010\u2011\u00ad\x02")  # hyphens added by line breaking


class MissingLibrary(Exception):
    """pypdfium2 or zxing-cpp cannot be imported (a broken or partial installation)."""


def require_libraries():
    try:
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError as e:
        raise MissingLibrary(
            f"deck check renders the pages and reads the QR codes with pypdfium2 and zxing-cpp ({e.name} is "
            "missing): install them with  pip install pypdfium2 zxing-cpp"
        ) from None


@dataclass
class Finding:
    severity: str  # fail | warn
    check: str
    message: str
    file: str | None = None
    page: int | None = None  # 1-based
    card: str | None = None
    side: str | None = None
    deck: str | None = None
    loc: str | None = None  # file:line:col of the source, for build problems

    def where(self) -> str:
        parts = []
        if self.loc:
            parts.append(self.loc)
        if self.file:
            parts.append(self.file + (f" page {self.page}" if self.page else ""))
        if self.card:
            parts.append(f'card "{self.card}"' + (f" ({self.side})" if self.side else ""))
        return ", ".join(parts)


@dataclass
class Report:
    kit: str = ""
    source: str = ""
    dpi: float = 300.0
    counts: dict = field(default_factory=lambda: {c: {"checked": 0, "failed": 0, "warnings": 0} for c in CHECKS})
    findings: list = field(default_factory=list)
    strict: bool = False  # warnings fail too

    def checked(self, check: str, n: int = 1) -> None:
        self.counts[check]["checked"] += n

    def add(self, f: Finding) -> None:
        if self.strict and f.severity == "warn":
            f = replace(f, severity="fail")
        if f in self.findings:  # the same card twice on a page (copies): said once
            return
        self.findings.append(f)
        self.counts[f.check]["failed" if f.severity == "fail" else "warnings"] += 1

    @property
    def ok(self) -> bool:
        return not any(f.severity == "fail" for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "kit": self.kit,
            "source": self.source,
            "dpi": self.dpi,
            "checks": self.counts,
            "findings": [{k: v for k, v in asdict(f).items() if v is not None} for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


# -- entry points --------------------------------------------------------------------------------------
def check_kit(kit_dir: Path, options=None, dpi: float = 300.0, strict: bool = False) -> Report:
    """Build the kit into a temporary directory, whatever its problems, and check what came out."""
    require_libraries()
    from deck.build.pipeline import Options, build

    options = replace(options or Options(), draft=True, strict=False)
    report = Report(source="build", dpi=dpi, strict=strict)
    with tempfile.TemporaryDirectory(prefix="deck-check-") as tmp:
        out = Path(tmp) / "out"
        try:
            result = build(kit_dir, out, options)
        except DeckError as e:  # the kit could not be read: nothing to print, the problems say why
            _build_findings(report, e.diagnostics)
            report.checked("build")
            return report
        report.checked("build")
        _build_findings(report, result.diagnostics)
        check_directory(out, result.plan, report)
    return report


def check_directory(
    out_dir: Path, plan: dict | None = None, report: Report | None = None, dpi: float = 300.0, strict: bool = False
) -> Report:
    """Check a build directory (its manifest.json, its PDFs) against its page plan."""
    require_libraries()
    from deck.check import reader as rc

    report = report or Report(source=display_path(out_dir), dpi=dpi, strict=strict)
    manifest = _read_json(out_dir / MANIFEST)
    if not isinstance(manifest, dict) or not str(manifest.get("tool", "")).startswith("deck "):
        report.add(
            Finding(
                "fail",
                "files",
                f"no deck manifest.json in {display_path(out_dir)}: expected a build "
                "directory (deck build -o DIR) or a kit",
            )
        )
        return report
    kit = manifest.get("kit") or {}
    report.kit = f"{kit.get('id', '?')} {kit.get('version', '')}".strip()
    if plan is None:
        plan = _read_json(out_dir / PLAN_NAME)
        if not (isinstance(plan, dict) and str(plan.get("tool", "")).startswith("deck ")):
            plan = None
    fonts = dict(_bundled_fonts())
    fonts.update((plan or {}).get("fonts", {}))
    safe = (plan or {}).get("safe_mm", SAFE_MM) * MM
    for out in manifest.get("outputs", []):
        name = out.get("path", "")
        path = out_dir / name
        report.checked("files")
        if not isinstance(name, str) or Path(name).name != name:
            report.add(
                Finding("fail", "files", f"manifest.json lists {str(name)[:60]!r}: expected a file of this directory")
            )
            continue
        if not name or not path.is_file():
            report.add(Finding("fail", "files", "listed in manifest.json but missing", file=name))
            continue
        actual = sha256(path)
        if out.get("sha256") and actual != out["sha256"]:
            report.add(
                Finding(
                    "fail",
                    "files",
                    "differs from the file the build wrote (sha256): changed or damaged since; build again",
                    file=name,
                )
            )
        if not name.lower().endswith(".pdf"):
            continue
        fplan = (plan or {}).get("files", {}).get(name)
        if fplan is not None and fplan.get("sha256") not in (None, "", actual):
            fplan = None
        if fplan is None and plan is not None and out.get("kind") == "cards":
            report.add(
                Finding(
                    "warn",
                    "files",
                    "no page plan for this file: checked without knowing which card stands where",
                    file=name,
                )
            )
        try:
            n_pages = rc.page_count(path)
        except rc.Unreadable as e:
            report.add(Finding("fail", "files", f"cannot be opened as a PDF ({e})", file=name))
            continue
        if out.get("pages") not in (None, n_pages):
            report.add(Finding("fail", "files", f"has {n_pages} pages, the manifest says {out['pages']}", file=name))
        pages_plan = (fplan or {}).get("pages") or []
        if fplan is not None and len(pages_plan) != n_pages:
            report.add(
                Finding("fail", "files", f"has {n_pages} pages, the build laid out {len(pages_plan)}", file=name)
            )
            pages_plan = []
        try:
            for view in rc.pages(path, report.dpi):
                report.checked("pages")
                pplan = pages_plan[view.index] if view.index < len(pages_plan) else None
                PageCheck(report, name, view, pplan, (plan or {}).get("faces", []), fonts, safe).run()
        except Exception as e:  # the PDF engine failing on a damaged file: say so, check the other files
            report.add(Finding("fail", "files", f"cannot be rendered ({type(e).__name__}: {str(e)[:80]})", file=name))
    return report


def _build_findings(report: Report, diag) -> None:
    for d in diag.sorted():
        sev = "fail" if d.severity == "error" else "warn"
        loc = str(d.loc) if d.loc and d.loc.path else None
        report.add(Finding(sev, "build", d.message, loc=loc))


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -- fonts -----------------------------------------------------------------------------------------------
@cache
def _bundled_fonts() -> tuple:
    from deck.kit.find import fonts_dir

    out = []
    for p in sorted(fonts_dir().glob("*.ttf")):
        name = _ps_name(str(p))
        if name:
            out.append((name, str(p)))
    return tuple(out)


@cache
def _ps_name(path: str) -> str | None:
    try:
        from reportlab.pdfbase.ttfonts import TTFontFile

        name = TTFontFile(path).name
    except Exception:
        return None
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


@cache
def _cmap(path: str) -> frozenset | None:
    """The characters a font file has glyphs for (its own cmap, read from the file)."""
    try:
        from reportlab.pdfbase.ttfonts import TTFontFile

        return frozenset(TTFontFile(path).charToGlyph)
    except Exception:
        return None


# -- colour ----------------------------------------------------------------------------------------------
def _lum(rgb) -> float:
    def ch(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(fg, bg) -> float:
    a, b = sorted((_lum(fg), _lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


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
        l, b, r, t = box
        return _bbox([self.to_card(x, y) for x in (l, r) for y in (b, t)])

    @property
    def scale(self) -> float:
        return abs(self.det) ** 0.5


def _centre(box) -> tuple:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _counted(text: str) -> list:
    return [c for c in text if not c.isspace() and c not in _NOT_COUNTED]


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
        for ch in view.chars:
            cx, cy = _centre(ch.box)
            for i, s in enumerate(self.slots):
                t = s.trim
                if t[0] <= cx <= t[2] and t[1] <= cy <= t[3]:
                    self.by_slot.setdefault(i, []).append(ch)
                    break
            else:
                self.loose.append(ch)

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
            for ch in chars:
                self.report.checked("glyphs")
                if not ch.ch:
                    lost[ch.font or "?"] += 1
                    continue
                path = self.fonts.get(ch.font)
                cmap = _cmap(path) if path else None
                if cmap is not None and ord(ch.ch) not in cmap:
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
        out = []
        for ch in self.by_slot.get(i, []):
            u, v = slot.to_card(*_centre(ch.box))
            if x - BOX_TOL <= u <= x + w + BOX_TOL and y - BOX_TOL <= v <= y + h + BOX_TOL:
                out.append(ch)
        return out

    # text boxes: all of the text printed inside its box, at its minimum size or more
    def text_boxes(self) -> None:
        for i, slot in enumerate(self.slots):
            for box in slot.face.get("boxes", []):
                self.report.checked("text boxes")
                chars = self._box_chars(slot, i, box["rect"])
                want = Counter(_counted(box["text"]))
                got = Counter(c.ch for c in chars if c.ch)
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

    # safe zone: no text of a card closer than 3 mm to its trim
    def safe_zone(self) -> None:
        for i, slot in enumerate(self.slots):
            zone = (self.safe, self.safe, slot.w - self.safe, slot.h - self.safe)
            out = []
            for ch in self.by_slot.get(i, []):
                self.report.checked("safe zone")
                l, b, r, t = ch.box
                if r - l < 0.05 and t - b < 0.05:
                    continue  # an empty glyph box
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
            for word in _words(chars):
                fg = word[0].colour
                box = _bbox([(c.box[0], c.box[1]) for c in word] + [(c.box[2], c.box[3]) for c in word])
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
        for i, slot in enumerate(self.slots):
            for q in slot.face.get("qr", []):
                self.report.checked("qr")
                x, y, w, h = q["rect"]
                rect = slot.rect_to_page((x, y, x + w, y + h))
                match = None
                for k, code in enumerate(self.view.codes):
                    cx, cy = code.centre
                    if k not in used and rect[0] - 2 <= cx <= rect[2] + 2 and rect[1] - 2 <= cy <= rect[3] + 2:
                        match = k
                        break
                if match is None:
                    self.fail(
                        "qr",
                        f"the QR code for {q['url']} cannot be read from the page rendered at {self.report.dpi:g} dpi",
                        slot,
                    )
                    continue
                used.add(match)
                code = self.view.codes[match]
                expected = qrmod.ascii_uri(q["url"])  # what the code carries: an IRI as its ASCII URI
                if code.text != expected:
                    self.fail("qr", f"the QR code reads {code.text[:80]!r}, expected {expected[:80]!r}", slot)
                self._module(code, slot, q.get("n"))
                zone = (self.safe, self.safe, slot.w - self.safe, slot.h - self.safe)
                if not _inside(_bbox([slot.to_card(*p) for p in code.corners]), zone, 1.0):
                    self.fail("safe zone", "the QR code comes inside the safe zone: it may be cut off", slot)
        for k, code in enumerate(self.view.codes):
            if k in used:
                continue
            self.report.checked("qr")
            slot = next((s for s in self.slots if _inside(_bbox(code.corners), s.trim, 1.0)), None)
            if self.slots:
                self.fail("qr", f"a QR code the build did not place: it reads {code.text[:80]!r}", slot)
            if urlsplit(code.text).scheme.lower() not in ("http", "https"):
                self.fail("qr", f"the QR code reads {code.text[:80]!r}: expected an http:// or https:// address", slot)
            self._module(code, slot, None)

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


def _words(chars):
    """Runs of characters side by side (on one line, whatever its direction), in one colour and size."""
    word: list = []
    for c in chars:
        if not c.ch:
            continue
        if word:
            p = word[-1]
            d = 0.4 * c.size
            near = _overlaps((p.box[0] - d, p.box[1] - d, p.box[2] + d, p.box[3] + d), c.box)
            if near and c.colour == p.colour and abs(c.size - p.size) < 0.01:
                word.append(c)
                continue
            yield word
        word = [c]
    if word:
        yield word


# -- for people ------------------------------------------------------------------------------------------
def render_text(report: Report) -> str:
    lines = []
    head = f"deck check: {report.kit or '?'}"
    head += ", built in a temporary directory" if report.source == "build" else f", build directory {report.source}"
    lines.append(head + f"; pages rendered at {report.dpi:g} dpi")
    lines.append("")
    lines.append(f"{'check':<12} {'checked':>8} {'failed':>7} {'warnings':>9}")
    for name in CHECKS:
        c = report.counts[name]
        lines.append(f"{name:<12} {c['checked']:>8} {c['failed']:>7} {c['warnings']:>9}")
    lines.append("")
    order = sorted(
        report.findings, key=lambda f: (f.severity != "fail", CHECKS.index(f.check), f.file or "", f.page or 0)
    )
    for f in order:
        sev = "FAIL" if f.severity == "fail" else "warn"
        where = f.where()
        lines.append(f"{sev} [{f.check}] {where + ': ' if where else ''}{f.message}")
    fails = sum(f.severity == "fail" for f in report.findings)
    warns = len(report.findings) - fails
    lines.append("" if not report.findings else "")
    lines.append(
        "ok: every check passed" + (f" ({warns} warning(s))" if warns else "")
        if report.ok
        else f"FAILED: {fails} problem(s), {warns} warning(s)"
    )
    return "\n".join(lines)
