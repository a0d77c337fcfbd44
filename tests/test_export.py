"""`deck export png`: one PNG per card face, at the card's size in pixels, for slides and whiteboards."""

from __future__ import annotations

import json
import sys

from conftest import run
from PIL import Image


def test_one_png_per_face_copies_left_out(kit_copy, tmp_path, example_build):
    kit_yaml = kit_copy / "kit.yaml"
    text = kit_yaml.read_text(encoding="utf-8")
    kit_yaml.write_text(text.replace("    cards: actors\n", "    cards: actors\n    copies: 3\n"), encoding="utf-8")
    out = tmp_path / "png"
    r = run("export", "png", kit_copy, "-o", out, "--dpi", "100")
    assert r.exit_code == 0, r.output
    pngs = sorted(p.name for p in out.glob("*.png"))
    # the example kit's decks hold 9 distinct cards (one print of each in a plain build): 18 faces
    manifest = json.loads((example_build / "manifest.json").read_text(encoding="utf-8"))
    distinct = sum(o["cards"] for o in manifest["outputs"] if o["kind"] == "cards")
    assert len(pngs) == 2 * distinct == 18
    assert [n for n in pngs if n.startswith("acteurs-")] == [
        "acteurs-cse-back.png",
        "acteurs-cse-front.png",
        "acteurs-direction-back.png",
        "acteurs-direction-front.png",
        "acteurs-equipe-back.png",
        "acteurs-equipe-front.png",
    ]
    assert "18 PNG files" in r.output


def test_png_has_the_card_size_in_pixels_and_a_readable_qr_code(tmp_path):
    import zxingcpp
    from conftest import EXAMPLE

    out = tmp_path / "png"
    assert run("export", "png", EXAMPLE, "-o", out, "--dpi", "150").exit_code == 0
    front = Image.open(out / "ressources-anact-front.png")
    assert front.size == (372, 520)  # a poker card, 63 x 88 mm, at 150 dpi
    assert Image.open(out / "ressources-anact-back.png").size == (372, 520)
    codes = [c.text for c in zxingcpp.read_barcodes(front.convert("L"))]
    assert codes == ["https://www.anact.fr/"]
    # the front is a card face, not a blank page: its header band is dark, its body light
    grey = front.convert("L")
    assert grey.getpixel((186, 10)) < 128 < grey.getpixel((186, 300))


def test_without_pypdfium2_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 -> ImportError
    r = run("export", "png", "atelier-exemple", "-o", tmp_path / "png")
    assert r.exit_code == 1
    assert "pip install pypdfium2" in r.output
    assert not (tmp_path / "png").exists()
