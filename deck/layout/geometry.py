"""Drawing primitives as plain data. Coordinates in points, origin bottom-left, y up.

Layout modules produce these; only `pdf.py` turns them into PDF operators.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.5
    dash: tuple = ()
    radius: float = 0.0


@dataclass(frozen=True)
class Seg:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = "#000000"
    width: float = 0.3
    dash: tuple = ()


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    font: str
    size: float
    colour: str
    anchor: str = "left"  # left | centre | right
    role: str = "body"  # what the text is, for checks: body, title, label, caption, footer, mark


@dataclass(frozen=True)
class Qr:
    x: float  # bottom-left of the symbol (quiet zone excluded)
    y: float
    module: float
    matrix: tuple  # rows (top first), each a bytes of 0 (light) and 1 (dark) per module (deck.layout.qr.matrix)
    url: str
    colour: str = "#000000"

    @property
    def side(self) -> float:
        return self.module * len(self.matrix)


@dataclass(frozen=True)
class Icon:
    shape: str
    cx: float
    cy: float
    size: float
    colour: str


@dataclass(frozen=True)
class Image:
    path: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.5


@dataclass(frozen=True)
class Problem:
    """Something wrong with what is printed: text that does not fit, a QR code too small, …"""

    severity: str  # error | warning
    where: str  # "card s1-e2 (front)"
    message: str
    loc: object = None
    key: str | None = None  # a problem with a key is said once per build (a text's missing characters)


def translate(prims, dx: float, dy: float) -> list:
    """The same primitives moved by (dx, dy)."""
    from dataclasses import replace

    out: list = []
    for p in prims:
        if isinstance(p, Seg):
            out.append(replace(p, x1=p.x1 + dx, y1=p.y1 + dy, x2=p.x2 + dx, y2=p.y2 + dy))
        elif isinstance(p, (Icon, Circle)):
            out.append(replace(p, cx=p.cx + dx, cy=p.cy + dy))
        else:
            out.append(replace(p, x=p.x + dx, y=p.y + dy))
    return out


@dataclass(frozen=True)
class Place:
    """Primitives drawn in a frame moved to (x, y) and turned by `angle` degrees (counter-clockwise).

    `key` names a reusable drawing (a form XObject): the same key always carries the same prims.
    """

    prims: tuple
    x: float
    y: float
    angle: int = 0
    key: str | None = None
    bbox: tuple = ()  # (x0, y0, x1, y1) of the prims, for forms
    scale: float = 1.0
    clip: tuple = ()  # (x0, y0, x1, y1) in the parent frame: nothing is drawn outside it (tiles of a board)
