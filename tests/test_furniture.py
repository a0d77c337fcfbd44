"""Sheet furniture the printer keeps, read back from the built PDFs (pdfium page objects and renders, not
deck's own plan): every cut line marked, no ink in the printer's margin, QR quiet zones of 4 modules,
--both-papers sheets inside A4 and Letter, alignment crosses off text and quiet zones, the fold line
clear of the furniture."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, EXAMPLE, run
from sheetink import MM, ink_outside, page_objects, unmarked_cuts
from tilecross import tile_pages, touching

from deck.units import CARD_SIZES_MM, paper_size

PAPERS = ("a4", "letter", "a3", "legal", "tabloid")
CARDS = tuple(CARD_SIZES_MM)
DUPLEX = ("long", "short", "none", "fold")


def _build(tmp_path: Path, kit: Path, *args) -> tuple[Path, str]:
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    r = run("build", kit, "-o", out, *args)
    return out, r.output if r.exit_code == 0 else "FAILED " + r.output


def _deck_pdfs(out: Path) -> list[Path]:
    manifest = json.loads((out / "manifest.json").read_text())
    return [out / o["path"] for o in manifest["outputs"] if o["kind"] == "cards"]


def _check_sheets(out: Path, card: str, margin_mm: float) -> list[str]:
    problems = []
    for pdf in _deck_pdfs(out):
        for i, (size, objs) in enumerate(page_objects(pdf)):
            pw, ph = size
            m = margin_mm * MM
            for b in ink_outside(objs, (m, m, pw - m, ph - m)):
                problems.append(f"{pdf.name} p{i + 1}: ink at {[round(v / MM, 1) for v in b]} mm, in the margin")
            problems += [f"{pdf.name} p{i + 1}: {u}" for u in unmarked_cuts(objs, CARD_SIZES_MM[card])]
    return problems


def _matrix_case(tmp_path, paper, card, duplex, margin="5mm"):
    out, said = _build(
        tmp_path, EXAMPLE, "--no-boards", "--paper", paper, "--card", card, "--duplex", duplex, "--margin", margin
    )
    if said.startswith("FAILED"):
        assert "do not fit" in said, said  # a card larger than the sheet: said so, nothing to mark
        return
    assert "no room for the cut marks" not in said, said
    assert _check_sheets(out, card, float(margin[:-2])) == []


@pytest.mark.parametrize(
    "paper,card,duplex,margin",
    [
        ("a4", "bridge", "long", "5mm"),  # the audit's case: vertical cuts at 16, 105, 194 mm were unmarked
        ("a4", "poker", "short", "10mm"),  # --margin 10mm: no horizontal marks at all
        ("letter", "bridge", "fold", "5mm"),
        ("tabloid", "a7", "none", "10mm"),
    ],
)
def test_every_cut_line_is_marked_and_no_ink_lies_in_the_margin(tmp_path, paper, card, duplex, margin):
    _matrix_case(tmp_path, paper, card, duplex, margin)


@pytest.mark.slow
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("card", CARDS)
def test_every_cut_line_is_marked_for_every_paper_card_and_duplex(tmp_path, paper, card):
    for duplex in DUPLEX:
        for margin in ("5mm", "10mm"):
            _matrix_case(tmp_path, paper, card, duplex, margin)


# -- --both-papers ---------------------------------------------------------------------------------------
def _areas(size, margin=5 * MM):
    """The printable part of a page of `size` printed on A4 and on Letter (centred), in its own frame."""
    pw, ph = size
    out = []
    for name in ("a4", "letter"):
        cw, ch = paper_size(name)
        if pw > ph:  # a landscape page (turned tiles) prints on a turned sheet
            cw, ch = ch, cw
        dx, dy = (pw - cw) / 2, (ph - ch) / 2
        out.append(
            (name, (max(0, dx) + margin, max(0, dy) + margin, pw - max(0, dx) - margin, ph - max(0, dy) - margin))
        )
    return out


@pytest.mark.parametrize("paper", ["a4", pytest.param("letter", marks=pytest.mark.slow)])
def test_both_papers_keeps_every_kind_of_sheet_inside_a4_and_letter(tmp_path, paper):
    out, said = _build(tmp_path, CONTENT / "mise-en-dialogue", "--both-papers", "--paper", paper)
    assert not said.startswith("FAILED"), said
    manifest = json.loads((out / "manifest.json").read_text())
    kinds, problems = set(), []
    for o in manifest["outputs"]:
        if o["kind"] == "board":
            continue  # the large board is for a print shop
        kinds.add(o["kind"])
        for i, (size, objs) in enumerate(page_objects(out / o["path"])):
            if o["kind"] == "board-tiles":  # the board is one drawing clipped to each tile's window: rendered
                problems += [f"{o['path']} p{i + 1}: {p}" for p in _rendered_outside(out / o["path"], i)]
                objs = [(t, b) for t, b in objs if t != 5]
            for name, area in _areas(size):
                for b in ink_outside(objs, area):
                    problems.append(f"{o['path']} p{i + 1}: outside {name}: {[round(v / MM, 1) for v in b]}")
    assert kinds >= {"cards", "sheet", "guide", "board-tiles"}
    assert problems == []


def _rendered_outside(path: Path, index: int, dpi: float = 100) -> list[str]:
    """Where a page rendered at `dpi` has ink (a pixel under 250 in a channel) out of the printable part of
    A4 and of Letter (one pixel of tolerance)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        size = page.get_size()
        image = page.render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    s, (W, H), out = dpi / 72, image.size, []
    ink = image.point(lambda v: 255 if v < 250 else 0)
    for name, (x0, y0, x1, y1) in _areas(size):
        left, right = int(x0 * s) - 1, int(x1 * s + 0.999) + 1
        top, bottom = int((size[1] - y1) * s) - 1, int((size[1] - y0) * s + 0.999) + 1
        for box in ((0, 0, W, top), (0, bottom, W, H), (0, 0, left, H), (right, 0, W, H)):
            if box[2] > box[0] and box[3] > box[1] and ink.crop(box).getbbox():
                out.append(f"ink outside {name}'s printable area in {box} px")
    return out


# -- the fold line ---------------------------------------------------------------------------------------
def test_the_fold_line_crosses_no_furniture(tmp_path):
    out, said = _build(tmp_path, EXAMPLE, "--no-boards", "--duplex", "fold", "--card", "bridge")
    assert not said.startswith("FAILED"), said
    for pdf in _deck_pdfs(out):
        for size, objs in page_objects(pdf):
            x = size[0] / 2
            fold = [b for t, b in objs if t == 2 and abs((b[0] + b[2]) / 2 - x) < 0.5 and b[3] - b[1] > 10 * MM]
            assert fold, "no fold line"
            texts = [b for t, b in objs if t == 1]
            crossing = [t for t in texts for f in fold if t[0] < x < t[2] and t[1] < f[3] and f[1] < t[3]]
            assert crossing == []


# -- QR quiet zones --------------------------------------------------------------------------------------
def _quiet_zones(out: Path, kinds) -> list[tuple[str, float]]:
    """Quiet zones of every code of the files of `kinds` (whole page: nothing is cut there)."""
    from deck.check import reader
    from deck.check.pages import quiet_zone

    manifest = json.loads((out / "manifest.json").read_text())
    found = []
    for o in manifest["outputs"]:
        if o["kind"] in kinds:
            for view in reader.pages(out / o["path"], 300):
                for code in view.codes:
                    found.append((f"{o['path']} p{view.index + 1}", quiet_zone(view, code, code.modules or 25)))
    return found


def _card_quiet_zones(out: Path) -> list[tuple[str, float]]:
    """Quiet zones of the codes of the card decks, within the trim of their card (read from the page)."""
    from deck.check import reader
    from deck.check.pages import quiet_zone

    found = []
    for pdf in _deck_pdfs(out):
        objs = page_objects(pdf)
        for view in reader.pages(pdf, 300):
            rects = [b for t, b in objs[view.index][1] if t == 2 and b[2] - b[0] > 30 * MM and b[3] - b[1] > 30 * MM]
            for code in view.codes:
                cx, cy = code.centre
                around = [r for r in rects if r[0] <= cx <= r[2] and r[1] <= cy <= r[3]]
                clip = min(around, key=lambda r: (r[2] - r[0]) * (r[3] - r[1])) if around else None
                found.append((f"{pdf.name} p{view.index + 1}", quiet_zone(view, code, code.modules or 25, clip)))
    return found


@pytest.mark.parametrize("card", [None, "mini"])
def test_card_codes_keep_a_quiet_zone_of_four_modules(tmp_path, card):
    out, said = _build(tmp_path, EXAMPLE, "--no-boards", *(("--card", card) if card else ()))
    assert not said.startswith("FAILED"), said
    zones = _card_quiet_zones(out)
    assert zones, "no QR code found"
    assert [(w, round(q, 2)) for w, q in zones if q < 3.75] == []


@pytest.mark.slow
@pytest.mark.parametrize("kit", sorted(p.name for p in CONTENT.iterdir() if (p / "kit.yaml").exists()))
def test_every_code_of_every_bundled_kit_keeps_its_quiet_zone(tmp_path, kit):
    out, said = _build(tmp_path, CONTENT / kit)
    assert not said.startswith("FAILED"), said
    zones = _card_quiet_zones(out) + _quiet_zones(out, ("sheet", "guide", "board-tiles", "board"))
    assert [(w, round(q, 2)) for w, q in zones if q < 3.75] == []


def test_deck_check_fails_a_caption_planted_against_a_code(tmp_path):
    """A QR sheet replaced by one whose caption sits 1 mm under the code: deck check says so."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen import canvas

    out, said = _build(tmp_path, EXAMPLE, "--no-boards")
    assert not said.startswith("FAILED"), said
    manifest = json.loads((out / "manifest.json").read_text())
    entry = next(o for o in manifest["outputs"] if o["kind"] == "sheet" and "qr" in o["path"])
    path = out / entry["path"]
    c = canvas.Canvas(str(path), pagesize=paper_size("a4"))
    w = QrCodeWidget("https://example.org/a", barBorder=0)
    x0, y0, x1, y1 = w.getBounds()
    side = 40 * MM
    d = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    d.add(w)
    renderPDF.draw(d, c, 80 * MM, 150 * MM)
    c.setFont("Helvetica", 9)
    c.drawString(80 * MM, 150 * MM - 1 * MM - 7, "https://example.org/a")
    c.showPage()
    c.save()
    entry["sha256"], entry["pages"] = hashlib.sha256(path.read_bytes()).hexdigest(), 1
    (out / "manifest.json").write_text(json.dumps(manifest))
    r = run("check", out)
    assert r.exit_code == 1
    assert "modules of blank border" in r.output and entry["path"] in r.output


# -- tiles -----------------------------------------------------------------------------------------------
def _cross_problems(out: Path, only=None) -> tuple[int, list[str]]:
    manifest = json.loads((out / "manifest.json").read_text())
    tiles = [out / o["path"] for o in manifest["outputs"] if o["kind"] == "board-tiles"]
    tiles = [t for t in tiles if only is None or any(k in t.name for k in only)]
    assert tiles
    n, bad = 0, []
    for pdf in tiles:
        for i, (crosses, chars, codes) in enumerate(tile_pages(pdf)):
            n += len(crosses)
            for p in crosses:
                zones = [(c[0] - 4 * c[4], c[1] - 4 * c[4], c[2] + 4 * c[4], c[3] + 4 * c[4]) for c in codes]
                if any(touching(p, b) for b in chars + zones):
                    bad.append(f"{pdf.name} tile page {i + 2}: cross at {[round(v / MM, 1) for v in p]} mm")
    return n, bad


def test_no_alignment_cross_of_the_method_board_touches_text_or_a_quiet_zone(default_build):
    """The audit's case: a cross on the method board's QR code, on the tile laid on top."""
    n, bad = _cross_problems(default_build, ("methode", "method"))
    assert n > 0
    assert bad == []


@pytest.mark.slow
def test_no_alignment_cross_of_any_bundled_board_touches_text_or_a_quiet_zone(tmp_path):
    for kit in sorted(p for p in CONTENT.iterdir() if (p / "kit.yaml").exists()):
        out, said = _build(tmp_path, kit)
        assert not said.startswith("FAILED"), said
        manifest = json.loads((out / "manifest.json").read_text())
        if any(o["kind"] == "board-tiles" for o in manifest["outputs"]):
            n, bad = _cross_problems(out)
            assert n > 0
            assert bad == []
