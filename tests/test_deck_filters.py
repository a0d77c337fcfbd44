"""Decks of generic cards filtered by type, and numbered generic cards."""

from __future__ import annotations

from conftest import run
from pdfread import page_texts


def test_deck_type_filter_and_card_numbers(kit_copy, tmp_path):
    kit = (kit_copy / "kit.yaml").read_text(encoding="utf-8")
    kit = kit.replace("    cards: cards\n", "    cards: cards\n    type: Consigne\n")
    kit += "  - id: astuces\n    title: Astuces\n    cards: cards\n    type: Astuce\n"
    (kit_copy / "kit.yaml").write_text(kit, encoding="utf-8")
    with open(kit_copy / "contenu.yaml", "a", encoding="utf-8") as f:
        f.write(
            '  - id: astuce-1\n    type: "Astuce"\n    number: "7"\n    title: "Gardez le rythme"\n'
            '    text: "Un minuteur visible aide chaque groupe."\n'
        )
    r = run("build", kit_copy, "-o", tmp_path, "--no-boards")
    assert r.exit_code == 0, r.output
    consignes = page_texts(tmp_path / "atelier-exemple-consignes.pdf")[0]
    astuces = page_texts(tmp_path / "atelier-exemple-astuces.pdf")[0]
    assert "Posez le décor" in consignes and "Gardez le rythme" not in consignes
    assert "Gardez le rythme" in astuces and "Posez le décor" not in astuces
    assert "7" in astuces.split("Gardez")[0]


def test_deck_type_filter_names_the_types(kit_copy):
    kit = (
        (kit_copy / "kit.yaml")
        .read_text(encoding="utf-8")
        .replace("    cards: cards\n", "    cards: cards\n    type: Consigen\n")
    )
    (kit_copy / "kit.yaml").write_text(kit, encoding="utf-8")
    r = run("validate", kit_copy)
    assert r.exit_code == 1
    assert 'type "Consigen" filters generic cards' in r.output and 'did you mean "Consigne"?' in r.output


def test_every_card_source_a_kit_may_name_has_its_function():
    from deck.kit.model import CARD_SOURCES
    from deck.layout.faces import SOURCES

    assert set(SOURCES) == set(CARD_SOURCES)
