"""The page plan of a build: what every page was meant to show, as plain data, for `deck check`.

Per output file and page: the page size and the printer's margin; per card slot: the card, its side, the
affine matrix that takes the card's own frame onto the page, the card size and bleed, and the face it
shows. Per face: its text boxes (rectangle in the card frame, smallest size allowed, the text they must
show) and its QR codes (rectangle in the card frame, module size, URL).

It is written beside the outputs as `.deck-plan.json`, so that `deck check DIR` can compare a build
directory with what the build intended. Coordinates are points; matrices are (a, b, c, d, e, f) with
page x = a*u + c*v + e and page y = b*u + d*v + f.
"""

from __future__ import annotations

import math
from pathlib import Path

from deck import __version__
from deck.layout.geometry import Qr
from deck.units import SAFE_MM

PLAN_NAME = ".deck-plan.json"


def _r(x: float) -> float:
    return round(x, 3)


def place_matrix(x: float, y: float, angle: int, scale: float = 1.0) -> tuple:
    a = math.radians(angle)
    cos, sin = round(math.cos(a), 12) * scale, round(math.sin(a), 12) * scale
    return (cos, sin, -sin, cos, x, y)


def then_adjust(m: tuple, centre: tuple, offset: tuple, scale: float) -> tuple:
    """A matrix followed by the back-page adjustment p' = (p - centre) * scale + centre + offset."""
    a, b, c, d, e, f = m
    cx, cy = centre
    return (
        a * scale,
        b * scale,
        c * scale,
        d * scale,
        (e - cx) * scale + cx + offset[0],
        (f - cy) * scale + cy + offset[1],
    )


class PlanRecorder:
    """Collects the plan while the pages are written; `data()` gives the plain dict."""

    def __init__(self, font_names=()):
        self.faces: list = []
        self._face_ids: dict = {}  # a face's plain data (as a hashable key) -> its index
        self.files: dict = {}
        self._slots: list = []
        self.fonts = _font_files(font_names)

    def _face(self, geo) -> int:
        """The index of a face's plain data; equal faces share one entry. Nothing of `geo` is kept."""
        boxes = tuple(
            (b.role, _r(b.x), _r(b.y), _r(b.w), _r(b.h), b.min_size, b.text) for b in getattr(geo, "boxes", ())
        )
        qrs = tuple(
            (p.url, _r(p.x), _r(p.y), _r(p.side), _r(p.module), len(p.matrix)) for p in geo.prims if isinstance(p, Qr)
        )
        key = (boxes, qrs)
        index = self._face_ids.get(key)
        if index is None:
            index = self._face_ids[key] = len(self.faces)
            self.faces.append(
                {
                    "boxes": [{"role": r, "rect": [x, y, w, h], "min": m, "text": t} for r, x, y, w, h, m, t in boxes],
                    "qr": [
                        {"url": u, "rect": [x, y, side, side], "module": mod, "n": n} for u, x, y, side, mod, n in qrs
                    ],
                }
            )
        return index

    def slot(
        self, card_id: str, deck_id: str, side: str, geo, x: float, y: float, angle: int, size, bleed: float
    ) -> None:
        """A card face placed on the page being written (its frame moved to (x, y), turned by angle)."""
        self._slots.append(
            {
                "card": card_id,
                "deck": deck_id,
                "side": side,
                "face": self._face(geo),
                "matrix": place_matrix(x, y, angle),
                "size": [_r(size[0]), _r(size[1])],
                "bleed": _r(bleed),
            }
        )

    def page(self, file: str, size, margin: float, back_adjust=None) -> None:
        """Close the page being written. back_adjust: (centre, offset, scale) applied to the whole page."""
        slots = self._slots
        self._slots = []
        for s in slots:
            m = s["matrix"]
            if back_adjust:
                m = then_adjust(m, *back_adjust)
            s["matrix"] = [_r(v) if abs(v) > 1e-9 else 0.0 for v in m]
        self.files.setdefault(file, []).append(
            {"size": [_r(size[0]), _r(size[1])], "margin": _r(margin), "slots": slots}
        )

    def data(self, sha256s: dict) -> dict:
        return {
            "tool": f"deck {__version__}",
            "safe_mm": SAFE_MM,
            "fonts": self.fonts,
            "faces": self.faces,
            "files": {name: {"sha256": sha256s.get(name, ""), "pages": pages} for name, pages in self.files.items()},
        }


def _font_files(names) -> dict:
    """PostScript name of each font used -> its file, so the check can read the font's own character map."""
    from reportlab.pdfbase import pdfmetrics

    from deck.style.fonts import members, pending, ps_name

    out = {}
    for name in (m for n in names for m in members(n)):
        path = pending(name)
        if path is not None:  # a fallback no text needed: its name without reading the whole font
            ps = ps_name(path)
            if ps:
                out[ps] = str(Path(path))
            continue
        try:
            face = pdfmetrics.getFont(name).face
        except Exception:  # not a registered TrueType font
            continue
        ps = face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)
        out[ps] = str(face.filename)
    return out
