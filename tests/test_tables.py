"""Table sets: `deck build --tables N` prints every deck once per table, marks each back with its table,
and writes a packing list that says what to print and what goes to which table."""

from __future__ import annotations

import json
import re

import pytest
from conftest import EXAMPLE, run
from pdfread import page_texts


def _text(pdf) -> str:
    """All pages' text, French spaces (narrow and non-breaking) read as plain ones."""
    return " ".join(page_texts(pdf)).replace("\u202f", " ").replace("\u00a0", " ")


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def three_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables3")
    r = run("build", EXAMPLE, "-o", out, "--tables", "3")
    assert r.exit_code == 0, r.output
    return out


def test_three_tables_triple_every_deck(three_tables, example_build):
    single = {o["path"]: o["cards"] for o in _manifest(example_build)["outputs"] if o["kind"] == "cards"}
    tripled = {o["path"]: o["cards"] for o in _manifest(three_tables)["outputs"] if o["kind"] == "cards"}
    assert single and tripled == {path: 3 * n for path, n in single.items()}
    assert not list(example_build.glob("*packing-list*")), "no packing list without --tables"


def test_every_back_names_its_table_and_fronts_stay_clean(three_tables, example_build):
    # 3 actors x 3 tables = 9 cards: one sheet, front page then back page
    front, back = page_texts(three_tables / "atelier-exemple-acteurs.pdf")
    for t in (1, 2, 3):
        assert back.count(f"Table {t}") == 3, back
    assert "Table" not in front
    assert "Table" not in page_texts(example_build / "atelier-exemple-acteurs.pdf")[1]


def test_packing_list_says_what_to_print_and_what_goes_to_each_table(three_tables):
    entries = {o["path"]: o for o in _manifest(three_tables)["outputs"]}
    packing = entries["atelier-exemple-packing-list.pdf"]
    assert packing["kind"] == "sheet" and packing["pages"] == 1
    text = _text(three_tables / "atelier-exemple-packing-list.pdf")
    assert "Liste de colisage" in text and "3 tables, 27 cartes en tout" in text
    for path, o in entries.items():
        if o["kind"] == "cards":  # one duplex sheet (two pages) per deck
            assert f"{path} 1 2 recto verso, bord long A4" in text
        elif path != "atelier-exemple-packing-list.pdf":  # what else the build wrote is listed too
            assert path in text
    total = re.search(r"En tout : (\d+) feuilles A4", text)
    assert total and int(total.group(1)) >= 4
    for t in (1, 2, 3):
        assert f"Table {t}" in text
    assert text.count("3 cartes") == 3 and text.count("9 cartes") == 3  # actors, and all decks, per table


def test_packing_list_sheet_numbers_match_the_printed_backs(tmp_path):
    # 4 tables x 3 actors = 12 cards, 9 per sheet: table 4 is alone on sheet 2, backs on single-sided pages
    out = tmp_path / "out"
    r = run("build", EXAMPLE, "-o", out, "--tables", "4", "--duplex", "none")
    assert r.exit_code == 0, r.output
    text = _text(out / "atelier-exemple-packing-list.pdf")
    assert "atelier-exemple-acteurs.pdf, feuilles 1 à 2" not in text  # no table straddles here
    assert "atelier-exemple-acteurs.pdf, feuille 2" in text
    assert "atelier-exemple-acteurs-versos.pdf" in text and "retournez la pile" in text
    backs = page_texts(out / "atelier-exemple-acteurs-versos.pdf")
    assert len(backs) == 2
    assert "Table 4" not in backs[0] and "Table 3" in backs[0]
    assert backs[1].count("Table 4") == 3 and "Table 3" not in backs[1]


def test_packing_list_reports_text_that_does_not_fit(kit_copy, tmp_path):
    kit_yaml = kit_copy / "kit.yaml"
    long_title = "Acteurs " + "et partenaires sociaux de l’entreprise " * 12
    kit_yaml.write_text(
        kit_yaml.read_text(encoding="utf-8").replace('title: "Acteurs"', f'title: "{long_title}"'), encoding="utf-8"
    )
    r = run("build", kit_copy, "-o", tmp_path / "out", "--tables", "2")
    assert "packing list:" in r.output and "does not fit" in r.output
    strict = run("build", kit_copy, "-o", tmp_path / "strict", "--tables", "2", "--strict")
    assert strict.exit_code == 1
    assert not (tmp_path / "strict" / "atelier-exemple-packing-list.pdf").exists()


def test_tables_must_be_a_positive_number(tmp_path):
    assert run("build", EXAMPLE, "-o", tmp_path, "--tables", "0").exit_code == 2


def test_one_table_is_counted_in_the_singular(tmp_path):
    """Counts take the locale's plural forms: the packing list said "1 tables, 9 cartes en tout"."""
    out = tmp_path / "out"
    r = run("build", EXAMPLE, "-o", out, "--tables", "1", "--no-boards")
    assert r.exit_code == 0, r.output
    text = _text(out / "atelier-exemple-packing-list.pdf")
    assert "1 table, 9 cartes en tout" in text, text
    assert re.search(r"En tout : \d+ feuilles A4", text) and "Acteurs 3 cartes" in text, text
