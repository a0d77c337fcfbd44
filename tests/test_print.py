"""The print engine: backs land behind their fronts, every paper and card size, print-shop boxes, calibration."""

from __future__ import annotations

import math

import pytest
from conftest import EXAMPLE, run
from pdfread import fonts, page_chars, page_sizes_mm, page_texts, qr_codes

from deck.impose.grid import choose_grid, duplex_pages, fold_grid, fold_pages, frame_origin
from deck.units import CARD_SIZES_MM, MM, PAPER_SIZES_MM

TOL = 0.01 * MM


def _local_to_page(u, v, slot):
    """Where a point (u, v) of a card's own frame lands on the page, for a placed slot."""
    ox, oy = frame_origin(slot.rect, slot.angle)
    a = math.radians(slot.angle)
    return ox + u * math.cos(a) - v * math.sin(a), oy + u * math.sin(a) + v * math.cos(a)


def _physical(x, y, paper, mode, side):
    """Coordinates seen from the front of the sheet, for a point printed on `side`."""
    if side == "front":
        return x, y
    pw, ph = paper
    return {"long": (pw - x, y), "none": (pw - x, y), "short": (x, ph - y), "fold": (pw - x, y)}[mode]


@pytest.mark.parametrize("paper_name", sorted(PAPER_SIZES_MM))
@pytest.mark.parametrize("mode", ["long", "short", "fold", "none"])
def test_every_back_lands_behind_its_front(paper_name, mode):
    paper = tuple(v * MM for v in PAPER_SIZES_MM[paper_name])
    for card_name, size_mm in CARD_SIZES_MM.items():
        card = (size_mm[0] * MM, size_mm[1] * MM)
        grid = fold_grid(paper, card) if mode == "fold" else choose_grid(paper, card)
        if grid is None or grid.per_sheet == 0:
            assert mode == "fold" and card_name in ("a6",), (paper_name, card_name, mode)
            continue
        n = grid.per_sheet + max(1, grid.per_sheet // 2)  # a full sheet and a partial one
        pages = fold_pages(n, grid, paper) if mode == "fold" else duplex_pages(n, grid, paper, mode)
        fronts, backs = {}, {}
        for page in pages:
            for slot in page.slots:
                (fronts if slot.face == "front" else backs)[slot.card] = slot
        assert sorted(fronts) == sorted(backs) == list(range(n))
        w, h = card
        for i in range(n):
            f, b = fronts[i], backs[i]
            # the trim rectangle: every corner of the back, seen through the sheet, is a corner of the front
            fc = sorted(
                (round(x, 3), round(y, 3)) for x, y in (_local_to_page(u, v, f) for u in (0, w) for v in (0, h))
            )
            bc = sorted(
                (round(x, 3), round(y, 3))
                for x, y in (_physical(*_local_to_page(u, v, b), paper, mode, "back") for u in (0, w) for v in (0, h))
            )
            for (x1, y1), (x2, y2) in zip(fc, bc, strict=True):
                assert abs(x1 - x2) < TOL and abs(y1 - y2) < TOL, (paper_name, card_name, mode, i)
            # and the back reads upright when the cut card is turned over like a book page:
            # the back's top-left corner lies behind the front's top-right corner
            fx, fy = _local_to_page(w, h, f)
            bx, by = _physical(*_local_to_page(0, h, b), paper, mode, "back")
            assert abs(fx - bx) < TOL and abs(fy - by) < TOL, (paper_name, card_name, mode, i)


def test_grid_counts_match_the_arithmetic():
    a4 = (210 * MM, 297 * MM)
    letter = (215.9 * MM, 279.4 * MM)
    card = lambda name: tuple(v * MM for v in CARD_SIZES_MM[name])  # noqa: E731
    assert choose_grid(a4, card("poker")).per_sheet == 9
    assert choose_grid(letter, card("poker")).per_sheet == 9
    # turned 2 × 5 would leave 1 mm for the marks of the vertical cuts: upright 3 × 3, every cut marked
    assert choose_grid(a4, card("bridge")).per_sheet == 9
    assert choose_grid(a4, card("bridge")).angle == 0
    assert choose_grid(a4, card("tarot")).per_sheet == 4
    assert choose_grid(a4, card("square")).per_sheet == 8
    assert fold_grid(a4, card("poker")).per_sheet == 4
    g = choose_grid(a4, card("poker"))
    # centred
    assert abs(g.x0 - (210 * MM - 3 * 63 * MM) / 2) < TOL and abs(g.y0 - (297 * MM - 3 * 88 * MM) / 2) < TOL


def test_letter_paper(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path, "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert set(page_sizes_mm(tmp_path / "atelier-exemple-acteurs.pdf")) == {(215.9, 279.4)}


def test_print_shop_boxes(tmp_path):
    from pypdf import PdfReader

    result = run("build", EXAMPLE, "-o", tmp_path, "--print-shop", "--card", "tarot", "--bleed", "3mm")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "atelier-exemple-acteurs-print-shop.pdf"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 2 * 3  # one page per face
    for page in reader.pages:
        trim = [float(v) / MM for v in page.trimbox]
        bleed = [float(v) / MM for v in page.bleedbox]
        media = [float(v) / MM for v in page.mediabox]
        assert trim[2] - trim[0] == pytest.approx(70, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(120, abs=0.01)
        for t, b, sign in zip(trim, bleed, (-1, -1, 1, 1), strict=True):
            assert b - t == pytest.approx(3 * sign, abs=0.01)
        assert media == pytest.approx(bleed, abs=0.01)


def test_print_shop_backgrounds_run_into_the_bleed(tmp_path):

    run("build", EXAMPLE, "-o", tmp_path, "--print-shop", "--card", "poker")
    from pdfread import render

    # the header band of an actor card is blue up to the page edge (the bleed), not white
    for _i, image in render(tmp_path / "atelier-exemple-acteurs-print-shop.pdf", 72, pages=[0]):
        px = image.getpixel((1, 4))
        assert px < 200, px


def test_other_duplex_modes_build(tmp_path):
    r = run("build", EXAMPLE, "-o", tmp_path / "short", "--duplex", "short", "--card", "bridge")
    assert r.exit_code == 0, r.output
    r = run("build", EXAMPLE, "-o", tmp_path / "fold", "--duplex", "fold")
    assert r.exit_code == 0, r.output
    texts = page_texts(tmp_path / "fold" / "atelier-exemple-acteurs.pdf")
    assert len(texts) == 1 and "plier ici" in texts[0]
    r = run("build", EXAMPLE, "-o", tmp_path / "none", "--duplex", "none")
    assert r.exit_code == 0, r.output
    assert len(page_texts(tmp_path / "none" / "atelier-exemple-acteurs.pdf")) == 1
    assert "verso" in page_texts(tmp_path / "none" / "atelier-exemple-acteurs-versos.pdf")[0]


def test_calibration_sheet(tmp_path):
    out = tmp_path / "cal.pdf"
    r = run("calibrate", "-o", out)
    assert r.exit_code == 0, r.output
    front, back = page_texts(out)
    assert "back_offset_x" in front and "+2.5" in front and "-2.5" in front
    assert page_sizes_mm(out) == [(210.0, 297.0)] * 2


@pytest.mark.parametrize("mode", ["long", "short"])
@pytest.mark.parametrize("axis", ["x", "y"])
def test_calibration_reading_cancels_the_printer_shift(mode, axis):
    """A printer that shifts backs by d: the line that lines up gives the profile value that undoes d."""
    from deck.layout.calibrate import BACK, FRONT, STEPS, correction

    for d_mm in (-2.5, -1.0, -0.5, 0.0, 0.5, 1.5, 2.5):
        d = d_mm * MM  # physical shift of the back image, in front coordinates along the axis
        k = min(STEPS, key=lambda k: abs(k * FRONT - (k * BACK + d)))
        value = correction(k, axis, mode) * MM  # entered in the profile, in back-page coordinates
        mirrored = (axis == "x" and mode == "long") or (axis == "y" and mode == "short")
        physical_fix = -value if mirrored else value
        assert abs(d + physical_fix) < 1e-6, (d_mm, k)


def _card_text_boxes(path, page: int) -> list:
    """(character, rounded box) of the text on a page."""
    return [(ch, tuple(round(v, 2) for v in box)) for ch, _, _, _, box in page_chars(path)[page]]


@pytest.mark.parametrize("dx,dy", [(1.5, -0.5), (8, -6)])
def test_printer_profile_moves_the_backs_and_keeps_them_printable(tmp_path, monkeypatch, dx, dy):
    """The backs move by the profile's offset and keep every mark and label inside the printable area:
    `deck check` passes (an 8 mm offset pushed the backs' cut marks off the paper). A small offset leaves
    the fronts' cards where they were; 8 mm needs the room of a column (9 poker cards a sheet, then 8)."""
    cfg = tmp_path / "printers.yaml"
    cfg.write_text(f"printers:\n  bureau:\n    back_offset_x: {dx}\n    back_offset_y: {dy}\n", encoding="utf-8")
    monkeypatch.setenv("DECK_PRINTERS", str(cfg))
    plain, shifted = tmp_path / "a", tmp_path / "b"
    assert run("build", EXAMPLE, "-o", plain).exit_code == 0
    r = run("build", EXAMPLE, "-o", shifted, "--printer", "bureau")
    assert r.exit_code == 0, r.output
    a, b = plain / "atelier-exemple-acteurs.pdf", shifted / "atelier-exemple-acteurs.pdf"
    if dx < 5:
        fronts_a = [c for c in _card_text_boxes(a, 0) if c[1][3] < 800]  # below the sheet's label
        assert [c for c in _card_text_boxes(b, 0) if c[1][3] < 800] == fronts_a  # the cards' text, in place
        (ch_a, box_a), (ch_b, box_b) = _card_text_boxes(a, 1)[-1], _card_text_boxes(b, 1)[-1]
        assert ch_a == ch_b
        assert abs(box_b[0] - box_a[0] - dx * MM) < 0.02 and abs(box_b[1] - box_a[1] - dy * MM) < 0.02
    else:
        assert all(name in page_texts(b)[0] for name in ("Direction", "CSE", "Équipe projet"))  # every card
    checked = run("check", shifted, "--no-cache")
    assert checked.exit_code == 0, checked.output
    r = run("build", EXAMPLE, "-o", tmp_path / "c", "--printer", "burau")
    assert r.exit_code == 1 and 'did you mean "bureau"?' in r.output


def test_default_kit_fonts_embedded_and_every_card_qr_code_decodes_at_150_dpi(default_build):
    import json

    from deck.errors import Diagnostics
    from deck.kit.load import load_kit, resolve_kit
    from deck.layout.faces import Views
    from deck.layout.qr import ascii_uri
    from deck.style.theme import load_locale

    manifest = json.loads((default_build / "manifest.json").read_text(encoding="utf-8"))
    for out in manifest["outputs"]:
        for name, embedded in fonts(default_build / out["path"]):
            assert embedded, (out["path"], name)
    kit, _ = load_kit(resolve_kit(None))
    views = Views(kit, load_locale("fr", None, Diagnostics()))
    for deck in kit.header.decks:
        expected = sorted(ascii_uri(face.qr.url) for c in views.cards(deck) for face in (c.front, c.back) if face.qr)
        pdf = default_build / f"{kit.id}-{deck.id}.pdf"
        found = sorted(t for _, t in qr_codes(pdf, dpi=150))
        assert found == expected, deck.id


def test_text_that_cannot_fit_fails_strict_naming_the_card(kit_copy, tmp_path):
    text = (kit_copy / "contenu.yaml").read_text(encoding="utf-8")
    long = "Une phrase beaucoup trop longue pour une carte de jeu. " * 12
    text = text.replace(
        'role: "Fixe le cap, arbitre les moyens et porte le projet devant les équipes."', f'role: "{long}"'
    )
    (kit_copy / "contenu.yaml").write_text(text, encoding="utf-8")
    lax = run("build", kit_copy, "-o", tmp_path / "lax")
    assert lax.exit_code == 0
    assert 'warning: card "direction" front (deck acteurs): text does not fit at the minimum size 8 pt' in lax.output
    strict = run("build", kit_copy, "-o", tmp_path / "strict", "--strict")
    assert strict.exit_code == 1
    assert 'error: card "direction" front (deck acteurs): text does not fit' in strict.output
    assert "contenu.yaml:" in strict.output
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").glob("*.pdf"))
