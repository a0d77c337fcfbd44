"""`deck export png`: one PNG per card face, for slides and online whiteboards.

Each distinct card (copies and table sets left out) gives `<deck>-<card id>-front.png` and
`<deck>-<card id>-back.png`. The faces are laid out exactly as for printing (`cardlayout`), drawn one
per page into a temporary PDF by `pdf.PdfWriter`, then rasterised by pypdfium2 (a dependency
of deck). The PNGs are written atomically with a manifest, like a build.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from deck.errors import DeckError, Diagnostics, Loc

MISSING = "PNG export needs pypdfium2, which cannot be imported: install it with  pip install pypdfium2"


@dataclass
class ExportResult:
    files: list = field(default_factory=list)  # names written in the output directory
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    size_px: dict = field(default_factory=dict)  # name -> (width, height)


def pixels(length_pt: float, dpi: float) -> int:
    """A card edge in whole pixels at `dpi` (rounded: a 63 mm card at 150 dpi is 372 px)."""
    return max(1, round(length_pt / 72 * dpi))


@dataclass(frozen=True)
class Face:
    """One side of one distinct card, laid out as for printing: what `deck export png` saves as `name`."""

    name: str  # <deck>-<card id>-<side>.png
    deck: object  # the DeckSpec
    card: object  # the CardSpec (its front and back contents, its source location)
    side: str  # front | back
    size: tuple[float, float]  # points
    prims: list


def faces(res, every_card: tuple[float, float] | None, diag: Diagnostics, only=None):
    """Every face of every distinct card, deck by deck (`only`: a (deck id, card id) pair, that card's two)."""
    from deck.build.pipeline import DEFAULT_CARD, FaceCache, _decks, card_style
    from deck.impose.names import face_png
    from deck.layout.faces import Views
    from deck.layout.geometry import Place

    kit = res.kit
    views = Views(kit, res.words, res.editions)
    names: dict = {}
    for deck in _decks(kit):
        if only is not None and deck.id != only[0]:
            continue
        size = every_card or deck.size or DEFAULT_CARD
        style = card_style(res, deck, size)
        cache = FaceCache(style, diag)
        seen = set()
        for card in views.cards(deck):
            if card.id in seen:  # copies
                continue
            seen.add(card.id)
            if only is not None and card.id != only[1]:
                continue
            for side, face in (("front", card.front), ("back", card.back)):
                name = face_png(deck.id, card.id, side)
                if name in names:
                    raise DeckError(
                        f'two faces would both be saved as {name} (deck "{names[name]}" and deck '
                        f'"{deck.id}"): rename a deck or a card',
                        card.loc,
                    )
                names[name] = deck.id
                geo = cache.get(face, card, side)
                yield Face(name, deck, card, side, size, [Place(geo.prims, 0, 0)])


def rasterise(pages, dpi: float, title: str = "deck"):
    """(item, PIL image) for each (item, page size in points, primitives) of `pages`: drawn one per page
    into a temporary PDF by `pdf.PdfWriter`, rendered by pypdfium2 at `dpi`, each edge rounded (`pixels`)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise DeckError(MISSING, Loc("deck")) from None
    from deck import __version__
    from deck.render.pdf import PdfWriter

    pages = list(pages)
    if not pages:
        return
    with tempfile.TemporaryDirectory(prefix="deck-export-") as tmp:
        pdf_path = Path(tmp) / "faces.pdf"
        writer = PdfWriter(pdf_path, title, f"deck {__version__}")
        for _, size, prims in pages:
            writer.page(size, prims)
        writer.close()
        pdf = pdfium.PdfDocument(str(pdf_path))
        try:
            for i, (item, size, _) in enumerate(pages):
                want = (pixels(size[0], dpi), pixels(size[1], dpi))
                full = pdf[i].render(scale=dpi / 72)  # pdfium rounds each edge up: crop to the rounded size
                image = full.to_pil()
                if (full.width, full.height) != want:
                    image = image.crop((0, 0, want[0], want[1]))
                yield item, image
        finally:
            pdf.close()


def export_png(
    kit_dir: Path, out_dir: Path, dpi: float = 150, card: tuple[float, float] | None = None, strict: bool = False
) -> ExportResult:
    """Write one PNG per card face into out_dir. Raises DeckError (out_dir untouched) on errors."""
    try:
        import pypdfium2  # noqa: F401 (said before anything is laid out)
    except ImportError:
        raise DeckError(MISSING, Loc("deck")) from None
    from deck.build.pipeline import resolve
    from deck.build.staging import Staging
    from deck.files import sha256

    res, diag = resolve(kit_dir)
    if res is None or diag.failed(strict):
        raise DeckError(diag)
    result = ExportResult(diagnostics=diag)
    pages = [(f.name, f.size, f.prims) for f in faces(res, card, diag)]
    if diag.failed(strict):
        raise DeckError(diag)
    with Staging(out_dir) as staging:
        for name, image in rasterise(pages, dpi, f"{res.kit.header.title} — PNG"):
            image.save(staging.path(name), format="PNG", dpi=(dpi, dpi))
            result.files.append(name)
            result.size_px[name] = image.size
        staging.write_json("manifest.json", _manifest(res.kit, out_dir, staging, result.files, sha256))
        staging.commit()
    return result


def _manifest(kit, out_dir: Path, staging, files, sha256) -> dict:
    """The manifest of the directory: these PNGs, and what an earlier build of the same kit left there."""
    from deck import __version__

    entries = [
        {"path": name, "kind": "png", "pages": 1, "cards": 1, "sha256": sha256(staging.dir / name)} for name in files
    ]
    try:
        previous = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if isinstance(previous, dict) and (previous.get("kit") or {}).get("id") == kit.id:
        mine = set(files)
        kept = [
            o
            for o in previous.get("outputs", [])
            if isinstance(o, dict) and o.get("path") not in mine and (out_dir / str(o.get("path"))).is_file()
        ]
        entries = kept + entries
    return {
        "kit": {"id": kit.id, "title": kit.header.title, "version": kit.header.version},
        "tool": f"deck {__version__}",
        "outputs": entries,
    }
