"""Nothing hidden, nothing drawn over: a title too long for the room above its QR code, and a resource
title too long to stand beside the code, are reported by the build (from the geometry) and by deck check
(on the rendered page), naming the card, the side and the element; text really drawn over a QR code or
over other text in a PDF is seen by deck check."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import run
from pdfread import page_chars, page_texts
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from deck.layout.card import overlaps
from deck.layout.geometry import Qr, Text
from deck.style.fonts import font_name

KITS = Path(__file__).resolve().parent / "kits"
KIT = KITS / "check-overlap"
DPI = "100"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("overlap") / "out"
    result = run("build", KIT, "-o", out)
    assert result.exit_code == 0, result.output
    return out, result.output


def _lines(output: str, start: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(start)]


def test_the_build_says_what_it_left_out_and_why(built):
    _, output = built
    warnings = [line for line in output.splitlines() if ": warning: " in line]
    title = [w for w in warnings if 'card "long-title" front' in w and "title: its last" in w]
    assert len(title) == 1 and "would run over the QR code" in title[0], warnings
    assert "cards.yaml:12:5" in title[0]
    body = [w for w in warnings if 'card "long-title" front' in w and "text left out" in w]
    assert len(body) == 1, warnings
    dropped = [w for w in warnings if 'card "dropped" front' in w and "resource title" in w]
    assert len(dropped) == 1 and "left out" in dropped[0] and "beside the QR code" in dropped[0], warnings
    assert not any('card "plain"' in w for w in warnings)


def test_deck_check_sees_the_same_on_the_page(built):
    out, _ = built
    result = run("check", out, "--dpi", DPI)
    assert result.exit_code == 1
    fails = _lines(result.output, "FAIL ")
    assert any(
        f.startswith('FAIL [text boxes] check-overlap-cards.pdf page 1, card "long-title" (front): title text:')
        and "not printed" in f
        for f in fails
    ), fails
    assert any('card "dropped" (front): resource title text:' in f and "not printed" in f for f in fails), fails
    assert not any('card "plain"' in f for f in fails), fails
    assert not any("[overlap]" in f for f in fails), fails  # the layout drew nothing over anything


def _plant(out: Path, card: str, where: str) -> None:
    """Draw a word (Helvetica) in the PDF over the QR code or the title of `card`'s front, as the plan
    places them on the page: a defect in the file itself, for deck check to find."""
    plan = json.loads((out / ".deck-plan.json").read_text(encoding="utf-8"))
    name = "check-overlap-cards.pdf"
    slot = next(s for s in plan["files"][name]["pages"][0]["slots"] if s["card"] == card and s["side"] == "front")
    face = plan["faces"][slot["face"]]
    x, y, w, h = (
        face["qr"][0]["rect"] if where == "qr" else next(b["rect"] for b in face["boxes"] if b["role"] == "title")
    )
    a, b, c, d, e, f = slot["matrix"]
    u, v = x + w / 2, y + h / 2
    px, py = a * u + c * v + e, b * u + d * v + f
    _plant_text(out, name, px - 18, py - 3, 9, "OVERLAP")


def _plant_text(out: Path, name: str, x: float, y: float, size: float, text: str) -> None:
    """Draw `text` (Helvetica) on the first page of `name` with its baseline's start at (x, y), and make the
    plan and the manifest name the new file, as if the build had written the defect."""
    path = out / name
    writer = PdfWriter(clone_from=str(path))
    page = writer.pages[0]
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page["/Resources"]["/Font"][NameObject("/Fplanted")] = writer._add_object(font)
    old = page.get_contents().get_data()
    stream = DecodedStreamObject()
    stream.set_data(old + f"\nq 0 0 0 rg BT /Fplanted {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ({text}) Tj ET Q".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as fh:
        writer.write(fh)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    plan = json.loads((out / ".deck-plan.json").read_text(encoding="utf-8"))
    plan["files"][name]["sha256"] = digest
    (out / ".deck-plan.json").write_text(json.dumps(plan), encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for o in manifest["outputs"]:
        if o["path"] == name:
            o["sha256"] = digest
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_deck_check_sees_text_drawn_over_a_qr_code_and_over_text(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    _plant(out, "dropped", "qr")
    _plant(out, "plain", "title")
    result = run("check", out, "--dpi", DPI)
    assert result.exit_code == 1
    fails = _lines(result.output, "FAIL [overlap]")
    assert any('card "dropped" (front)' in f and "OVERLAP" in f and "drawn over the QR code" in f for f in fails), fails
    assert any('card "plain" (front)' in f and "drawn over each other" in f for f in fails), fails


def test_the_geometry_check_names_both_elements():
    font = font_name("bold")
    qr = Qr(50.0, 20.0, 1.0, tuple(bytes(21) for _ in range(21)), "https://example.org")
    title = Text(40.0, 30.0, "A title over the code", font, 10.0, "#000000", role="title")
    caption = Text(10.0, 100.0, "Far away", font, 7.0, "#000000", role="caption")
    problems = overlaps([qr, title, caption], 'card "x" front')
    assert [p.message for p in problems] == [
        "the QR code is drawn over the title: shorten the text or use a larger card"
    ]
    assert problems[0].severity == "error" and problems[0].where == 'card "x" front'
    assert overlaps([qr, caption], "card") == []


def test_a_small_back_keeps_the_decks_name_on_the_card(tmp_path):
    """On mini cards the deck's name under the icon ran off the foot of the back (deck check: « Atelier exemple »
    0.0 mm from the trim) and the build said nothing: the icon now moves up and shrinks to make room; on a
    back too small even so, the build names the deck and by how much, and deck check fails the same backs."""
    from conftest import EXAMPLE

    mini = tmp_path / "mini"
    r = run("build", EXAMPLE, "-o", mini, "--card", "mini")
    assert r.exit_code == 0 and "the deck's name comes" not in r.output, r.output
    report = json.loads(run("check", mini, "--no-cache", "--json").output)
    assert report["checks"]["safe zone"]["failed"] == 0, [f for f in report["findings"] if f["check"] == "safe zone"]
    tiny = tmp_path / "tiny"
    r = run("build", EXAMPLE, "-o", tiny, "--card", "25x35")
    named = {
        line.split('back of deck "')[1].split('"')[0]
        for line in r.output.splitlines()
        if "the deck's name comes" in line
    }
    assert named == {"acteurs", "evenements", "ressources", "consignes"}, r.output
    report = json.loads(run("check", tiny, "--no-cache", "--json").output)
    backs = {f["file"] for f in report["findings"] if f["check"] == "safe zone" and f["side"] == "back"}
    assert backs == {f"atelier-exemple-{deck}.pdf" for deck in named}, backs


def test_a_decks_back_text_of_two_paragraphs_prints_one_under_the_other(kit_copy, tmp_path):
    """Both paragraphs of a deck's `back:` were drawn at the same place, one over the other, and neither the
    build nor deck check said a word."""
    kit_yaml = kit_copy / "kit.yaml"
    text = kit_yaml.read_text(encoding="utf-8")
    old = '    title: "Acteurs"\n    cards: actors\n'
    assert old in text
    back = '    back: "Première ligne du verso.\\n\\nDeuxième paragraphe du verso."\n'
    kit_yaml.write_text(text.replace(old, old + back), encoding="utf-8")
    out = tmp_path / "out"
    r = run("build", kit_copy, "-o", out)
    assert r.exit_code == 0 and "back text does not fit" not in r.output, r.output
    lines = [line.strip() for line in page_texts(out / "atelier-exemple-acteurs.pdf")[1].splitlines()]
    assert lines.count("Première ligne du verso.") == lines.count("Deuxième paragraphe du verso.") == 3, lines
    checked = run("check", out, "--no-cache")
    assert checked.exit_code == 0, checked.output


def test_deck_check_sees_a_text_set_over_another_on_its_own_line(tmp_path):
    """A word set over a card's title on the title's own baseline (as two texts drawn at one place are):
    deck check took the glyphs for kerned neighbours of one line and said nothing."""
    from conftest import EXAMPLE

    out = tmp_path / "out"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    assert run("check", out, "--no-cache").exit_code == 0
    name = "atelier-exemple-acteurs.pdf"
    chars = page_chars(out / name)[0]
    _, ox, oy, size, _ = chars["".join(c[0] for c in chars).index("Direction")]  # the title's first letter
    _plant_text(out, name, ox + size, oy, size, "Direction")
    checked = run("check", out, "--no-cache")
    fails = _lines(checked.output, "FAIL [overlap]")
    assert any('card "direction" (front)' in f and "drawn over each other" in f for f in fails), checked.output


def test_a_narrow_cards_band_label_keeps_its_accents_out_of_the_safe_zone(tmp_path):
    """Bridge cards have a 9 mm band: the É of « Étude de cas » came 2.9 mm from the trim, inside the print's
    3 mm safe zone, and only deck check said so."""
    out = tmp_path / "out"
    assert run("build", "pari-collaboratif", "-o", out, "--card", "bridge").exit_code == 0
    report = json.loads(run("check", out, "--no-cache", "--json").output)
    assert report["checks"]["safe zone"]["failed"] == 0, [f for f in report["findings"] if f["check"] == "safe zone"]


@pytest.mark.parametrize("card", ["bridge", "mini"])
def test_small_cards_keep_their_small_print_legible_and_inside(tmp_path, card):
    """Found by checking builds nobody had looked at: on bridge cards the invitation to scan was set at 6.07 pt,
    under the 6.5 pt the resource title's box allows; on mini cards a blank card's hint ran 1.3 mm from the
    trim. Neither was said by the build: the invitation is left out (and said), the hint wraps."""
    out = tmp_path / "out"
    r = run("build", "mise-en-dialogue", "-o", out, "--scenario", "1", "--no-boards", "--card", card)
    assert r.exit_code == 0, r.output
    report = json.loads(run("check", out, "--no-cache", "--json").output)
    bad = [
        f
        for f in report["findings"]
        if f["check"] == "text size" or (f["check"] == "safe zone" and "vierge" in (f.get("card") or ""))
    ]
    assert not bad, bad
    if card == "bridge":
        assert 'card "phase-1" front (deck phases): the invitation "Scannez pour en savoir plus" left out' in r.output
