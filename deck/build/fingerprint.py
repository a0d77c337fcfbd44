"""Per-card fingerprints for the manifest: a hash of what each face draws (its laid-out geometry: texts,
fonts, sizes, colours, shapes, QR codes, images by their bytes — never the PDF's bytes), and where the
card sits (file, sheet, slot). Two builds of the same kit give the same fingerprints; a change of what a
card shows changes its own. `deck build --changed-since` compares them (deck.build.reprint)."""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path

from deck.files import sha256
from deck.layout.geometry import Image, Place, Text


def _canon(p, out: list, images: dict) -> None:
    """A primitive as plain text, numbers rounded to a thousandth of a point, an image as its bytes' hash."""
    if isinstance(p, Place):
        out.append(f"Place({_n(p.x)},{_n(p.y)},{p.angle},{_n(p.scale)},{[_n(v) for v in p.clip]})[")
        for q in p.prims:
            _canon(q, out, images)
        out.append("]")
        return
    if isinstance(p, Image):
        digest = images.get(p.path)
        if digest is None:
            digest = images[p.path] = sha256(Path(p.path))
        out.append(f"Image({digest},{_n(p.x)},{_n(p.y)},{_n(p.w)},{_n(p.h)})")
        return
    names = _fields_of(type(p))
    if names is not None:
        vals = []
        for name in names:
            v = getattr(p, name)
            if type(v) is float:
                vals.append(_n(v))
            elif name == "font" and isinstance(p, Text):
                vals.append(repr(_font_id(v)))
            else:
                vals.append(repr(v))
        out.append(f"{type(p).__name__}({','.join(vals)})")
        return
    out.append(repr(p))


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _fields_of(cls: type) -> tuple[str, ...] | None:
    """The field names of a primitive's dataclass (read once per class), None for anything else."""
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None
    return _FIELDS[cls]


@cache
def _font_id(name: str) -> str:
    """A font stack by its files' bytes: a kit's own font is named after its path, which moves with the kit."""
    from reportlab.pdfbase import pdfmetrics

    from deck.style.fonts import members, pending

    out = []
    for m in members(name):
        # a fallback nothing has needed yet is not registered (deck.style.fonts reads it lazily): its file
        # is known all the same; asking reportlab for it would send it searching the disk for AFM files
        path = pending(m)
        if path is None and m in pdfmetrics.getRegisteredFontNames():
            path = getattr(pdfmetrics.getFont(m).face, "filename", None)
        out.append(sha256(Path(path))[:16] if path else m)
    return "+".join(out)


@cache
def _n(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _texts(prims, out: list) -> None:
    for p in prims:
        if isinstance(p, Place):
            _texts(p.prims, out)
        elif isinstance(p, Text):
            out.append(p.text)


class FaceHasher:
    """(hash of all it draws, hash of its texts) of each face, worked out once per face."""

    def __init__(self):
        self.done: dict = {}
        self.images: dict = {}

    def __call__(self, face, geo) -> tuple[str, str]:
        got = self.done.get(face)
        if got is None:
            parts: list = []
            for p in geo.prims:
                _canon(p, parts, self.images)
            texts: list = []
            _texts(geo.prims, texts)
            got = self.done[face] = (_digest("\n".join(parts)), _digest("\n".join(texts)))
        return got


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Fingerprints:
    """Collects the cards of a build while their decks are written (its calls are plain data: `deck watch`
    replays them for a deck it keeps)."""

    def __init__(self):
        self.cards: dict = {}  # (deck, card) -> its entry

    def _entry(self, deck_id: str, card_id: str) -> dict:
        e = self.cards.get((deck_id, card_id))
        if e is None:
            e = self.cards[(deck_id, card_id)] = {"deck": deck_id, "card": card_id, "copies": 0}
        return e

    def face(self, deck_id: str, card_id: str, side: str, full: str, text: str) -> None:
        e = self._entry(deck_id, card_id)
        e.setdefault(side, full)
        e.setdefault(f"{side}_text", text)

    def at(self, deck_id: str, card_id: str, file: str, sheet: int, slot: int) -> None:
        """A copy of the card placed (its front): the first one gives its file, sheet and slot."""
        e = self._entry(deck_id, card_id)
        e["copies"] += 1
        e.setdefault("file", file)
        e.setdefault("sheet", sheet)
        e.setdefault("slot", slot)

    def data(self) -> list:
        keys = ("deck", "card", "front", "back", "front_text", "back_text", "file", "sheet", "slot", "copies")
        return [{k: e[k] for k in keys if k in e} for e in self.cards.values()]
