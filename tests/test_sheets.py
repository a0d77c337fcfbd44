"""Kits in spreadsheets: exported to XLSX and ODS, built from them (the same PDFs, byte for byte), read back
after LibreOffice saved them, broken in their cells, as CSV, and back to YAML."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CONTENT, EXAMPLE, run
from tests.pdfread import page_texts

KITS = sorted(p.name for p in CONTENT.iterdir() if (p / "kit.yaml").is_file())


def pdf_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.pdf"))}


def build(source, out: Path, *extra) -> Path:
    result = run("build", source, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def export(kit, path: Path) -> Path:
    result = run("sheet", "export", kit, "-o", path)
    assert result.exit_code == 0, result.output
    assert path.is_file()
    return path


def same_pdfs(a: Path, b: Path) -> None:
    ha, hb = pdf_hashes(a), pdf_hashes(b)
    assert ha and list(ha) == list(hb)
    different = [name for name in ha if ha[name] != hb[name]]
    assert not different, f"PDFs differ: {different}"


# -- round trip: YAML -> workbook -> the same PDFs --------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_example_kit_from_its_workbook_gives_the_same_pdfs(example_build, tmp_path, fmt):
    book = export(EXAMPLE, tmp_path / f"atelier.{fmt}")
    same_pdfs(example_build, build(book, tmp_path / "out"))


def test_fiches_and_quiz_kit_from_its_workbook_gives_the_same_pdfs(coop_build, tmp_path):
    book = export("cooperatives-numerique", tmp_path / "coop.xlsx")
    same_pdfs(coop_build, build(book, tmp_path / "out", "--strict"))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("kit", KITS)
def test_every_bundled_kit_from_its_workbook_gives_the_same_pdfs(tmp_path, kit, fmt):
    yaml_out = build(kit, tmp_path / "yaml")
    book = export(kit, tmp_path / f"{kit}.{fmt}")
    same_pdfs(yaml_out, build(book, tmp_path / "book"))
    back = run("sheet", "import", book, "-o", tmp_path / "yaml-again")
    assert back.exit_code == 0, back.output
    same_pdfs(yaml_out, build(tmp_path / "yaml-again", tmp_path / "again"))


def test_workbook_has_the_help_tab_first_headers_help_row_lists_and_frozen_panes(tmp_path):
    from openpyxl import load_workbook

    book = export("mise-en-dialogue", tmp_path / "kit.xlsx")
    wb = load_workbook(book)
    assert wb.sheetnames[:3] == ["Mode d’emploi", "Kit", "Paquets"]
    assert {"Acteurs", "Étapes", "Questions des étapes", "Scénarios"} <= set(wb.sheetnames)
    stages = wb["Questions des étapes"]
    assert [c.value for c in stages[1]] == ["scenario", "stage", "questions"]
    assert str(stages["A2"].value).startswith("# ")  # the help row, a note deck does not read
    assert stages.freeze_panes == "A3"
    assert stages.column_dimensions["C"].width > 20
    events = wb["Événements"]
    lists = {str(dv.sqref): dv.formula1 for dv in events.data_validations.dataValidation}
    assert lists["E3:E2000"] == "'Étapes'!$B$3:$B$2000"  # an event's stage: the ids of the stages tab
    decks = wb["Paquets"]
    choices = [dv.formula1 for dv in decks.data_validations.dataValidation if str(dv.sqref) == "C3:C2000"]
    assert choices and "actors" in choices[0] and "cards" in choices[0]


def test_import_writes_yaml_that_builds_the_same_pdfs(example_build, tmp_path):
    book = export(EXAMPLE, tmp_path / "atelier.ods")
    result = run("sheet", "import", book, "-o", tmp_path / "yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "yaml" / "kit.yaml").is_file() and (tmp_path / "yaml" / "cards.yaml").is_file()
    same_pdfs(example_build, build(tmp_path / "yaml", tmp_path / "out"))


def test_export_never_overwrites_a_workbook_without_force(tmp_path):
    book = tmp_path / "kit.xlsx"
    book.write_bytes(b"my edits")
    result = run("sheet", "export", EXAMPLE, "-o", book)
    assert result.exit_code == 1 and "--force" in result.output
    assert book.read_bytes() == b"my edits"
    assert run("sheet", "export", EXAMPLE, "-o", tmp_path / "kit.csv").exit_code == 1


# -- a real spreadsheet program ----------------------------------------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs it (libreoffice-calc-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return found


def convert(src: Path, fmt: str, outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir.parent / ".lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / f"{src.stem}.{fmt}"
    assert out.is_file(), f"LibreOffice wrote no {out.name}"
    return out


@pytest.mark.slow  # LibreOffice starts in about 7 s: run by CI's slow pass (.ci/run), and with --slow
def test_workbooks_saved_by_libreoffice_build_the_same_pdfs(example_build, tmp_path):
    """deck's XLSX -> LibreOffice's ODS -> LibreOffice's XLSX: both build the PDFs of the YAML kit. The workbook
    is first edited as a person would: a title typed as a formula, the card column of a card's items merged."""
    from openpyxl import load_workbook

    book = export(EXAMPLE, tmp_path / "atelier.xlsx")
    wb = load_workbook(book)
    cards = wb["Cartes"]
    assert cards["B3"].value == "Posez le décor"
    cards["B3"] = '="Posez le "&"décor"'
    items = wb["Éléments des cartes"]
    assert [items.cell(r, 1).value for r in (3, 4, 5)] == ["consigne-2"] * 3
    items["A4"], items["A5"] = None, None
    items.merge_cells("A3:A5")
    wb.save(book)
    ods = convert(book, "ods", tmp_path / "lo-ods")
    same_pdfs(example_build, build(ods, tmp_path / "from-ods"))
    xlsx = convert(ods, "xlsx", tmp_path / "lo-xlsx")
    same_pdfs(example_build, build(xlsx, tmp_path / "from-xlsx"))


# -- problems, located in their cells -------------------------------------------------------------------------------
def test_a_broken_workbook_gets_one_located_error_per_problem_in_one_run(tmp_path):
    from openpyxl import load_workbook

    result = run("new", tmp_path / "kit", "--sheet", "--from", EXAMPLE)
    assert result.exit_code == 0, result.output
    book = tmp_path / "kit" / "kit.xlsx"
    wb = load_workbook(book)
    actors = wb["Acteurs"]
    actors["B1"] = "nmae"  # unknown column (the actors' names)
    actors.append(["cse", "CSE bis"])  # a duplicate id
    events = wb["Événements"]
    events["F3"] = "direction, cs"  # a missing actor
    wb["Fiches"].append(["f1", 1, "Une fiche", "Le contexte", "Les enjeux"])
    for i in range(4):  # a fiche with 4 questions
        wb["Questions des fiches"].append(["f1", f"Question {i + 1} ?"])
    kit = wb["Kit"]
    theme_row = next(r for r in kit.iter_rows() if r[0].value == "theme")
    theme_row[0].value = "theme.extends"
    kit.append(["theme.colours.ink", "rouge"])  # a bad colour
    wb.save(book)
    out = tmp_path / "out"
    result = run("build", book, "-o", out)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    where = [line.split(": error: ")[0] for line in errors]
    assert where == [
        f"{book}:Acteurs!B1",
        f"{book}:Acteurs!A6",
        f"{book}:Fiches!A3",
        f"{book}:Kit!B{kit.max_row}",
        f"{book}:Événements!F3",
    ], result.output
    text = "\n".join(errors)
    assert 'unknown column "nmae"' in text and 'did you mean "name"' in text
    assert 'duplicate id "cse"' in text and f"{book}:Acteurs!A4" in text
    assert 'unknown actor "cs"' in text and 'did you mean "cse"' in text
    assert "4 questions" in text and "expected exactly 5" in text
    assert "expected a colour" in text and "rouge" in text
    assert "5 error(s)" in result.output
    assert not out.exists()


def test_tab_and_parent_mistakes_are_located_with_did_you_mean(tmp_path):
    from openpyxl import load_workbook

    book = export(EXAMPLE, tmp_path / "atelier.xlsx")
    wb = load_workbook(book)
    wb["Acteurs"].title = "Acteur"
    items = wb["Éléments des cartes"]
    items["A4"] = "consigne-3"
    items["D5"] = "stray"
    wb.save(book)
    result = run("validate", book)
    assert result.exit_code == 1
    assert f'{book}:Acteur: error: unknown tab "Acteur"' in result.output
    assert 'did you mean "Acteurs"' in result.output
    assert f"{book}:'Éléments des cartes'!A4: error: unknown card \"consigne-3\"" in result.output
    assert f"{book}:'Éléments des cartes'!D5: error: a value in a column without a name" in result.output


# -- CSV ----------------------------------------------------------------------------------------------------------
def test_a_csv_of_1000_cards_semicolons_and_bom_builds(tmp_path):
    kit = tmp_path / "mille"
    kit.mkdir()
    (kit / "kit.yaml").write_text(
        "id: mille\ntitle: Mille cartes\nlanguage: fr\nversion: '1'\nfiles: [cartes.csv]\n"
        "decks:\n  - {id: cartes, title: Cartes, cards: cards}\n",
        encoding="utf-8",
    )
    rows = ["id;title;type;text"]
    rows += [f'c{i};Carte {i};Consigne;"Ligne {i}; avec un point-virgule\nSeconde ligne"' for i in range(1, 1001)]
    (kit / "cartes.csv").write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    out = build(kit, tmp_path / "out")
    import json

    manifest = json.loads((out / "manifest.json").read_text())
    assert [o["cards"] for o in manifest["outputs"] if o["kind"] == "cards"] == [1000]
    text = re.sub(r"\s*[\r\n]+\s*", " ", " ".join(page_texts(out / "mille-cartes.pdf")))
    assert "Carte 1000" in text and "Ligne 999\u202f; avec un point-virgule" in text and "Seconde ligne" in text


def test_csv_problems_are_located_by_line_and_column_and_commas_work(tmp_path, kit_copy):
    (kit_copy / "kit.yaml").write_text(
        (kit_copy / "kit.yaml").read_text(encoding="utf-8") + "files: [contenu.yaml, cartes-bis.csv]\n",
        encoding="utf-8",
    )
    (kit_copy / "cartes-bis.csv").write_text(
        'id,title,text\nb1,Une,"deux\nlignes"\nb2,,texte\nb3,Trois,texte,\n', encoding="utf-8"
    )
    result = run("validate", kit_copy)
    assert result.exit_code == 1, result.output
    assert "cartes-bis.csv:" in result.output  # named by a header line, not the file: no such collection
    (kit_copy / "cartes-bis.csv").write_text(
        'cards\nid,title,text\nb1,Une,"deux\nlignes"\nb2,,texte\nb3,Trois,1.50\n', encoding="utf-8"
    )
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].split(": error: ")[0].endswith("cartes-bis.csv:5:2"), result.output
    assert 'missing key "title"' in errors[0]


def test_an_overlay_workbook_holds_only_the_rows_that_differ(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    kit = wb.active
    kit.title = "Kit"
    for row in (
        ["field", "value"],
        ["extends", str(EXAMPLE)],
        ["id", "mon-atelier"],
        ["title", "Mon atelier"],
    ):
        kit.append(row)
    actors = wb.create_sheet("Acteurs")
    actors.append(["id", "name"])
    actors.append(["cse", "Le CSE de l’usine"])
    items = wb.create_sheet("Éléments des cartes")
    items.append(["card", "items"])
    items.append(["consigne-1", "Qui parle en premier ?"])
    wb.save(tmp_path / "mon-atelier.xlsx")
    out = build(tmp_path / "mon-atelier.xlsx", tmp_path / "out")
    actors_text = " ".join(page_texts(out / "mon-atelier-acteurs.pdf"))
    assert "Le CSE de l’usine" in actors_text and "Direction" in actors_text
    cards_text = " ".join(" ".join(page_texts(out / "mon-atelier-consignes.pdf")).split())
    assert "Qui parle en premier ?" in cards_text and "Posez le décor" in cards_text


def test_new_sheet_starts_a_kit_as_a_workbook_that_builds(tmp_path):
    result = run("new", tmp_path / "atelier", "--sheet", "ods")
    assert result.exit_code == 0, result.output
    book = tmp_path / "atelier" / "atelier.ods"
    out = build(book, tmp_path / "out")
    assert "Première carte" in " ".join(page_texts(out / "atelier-cartes.pdf"))
    again = run("new", tmp_path / "atelier", "--sheet", "ods")
    assert again.exit_code == 1 and "never overwrites" in again.output


def test_numbers_dates_empty_rows_and_blank_columns_read_as_a_person_expects(tmp_path):
    import datetime

    from openpyxl import load_workbook

    book = export(EXAMPLE, tmp_path / "atelier.xlsx")
    wb = load_workbook(book)
    actors = wb["Acteurs"]
    actors["B3"] = 2024  # a number where a name is expected: the name "2024"
    actors["C3"] = datetime.date(2025, 3, 1)  # a date where a text is expected: that date
    actors.insert_rows(4, 2)  # empty rows between the actors
    actors["K4"] = "   "  # a blank cell far right: no column, no problem
    wb.save(book)
    out = build(book, tmp_path / "out")
    text = " ".join(page_texts(out / "atelier-exemple-acteurs.pdf"))
    assert "2024" in text and "2025-03-01" in text and "CSE" in text and "Équipe projet" in text


def test_a_deck_of_a_custom_size_exports_and_builds_the_same_pdfs(tmp_path, kit_copy):
    # a size in mm that is no preset (63 x 120) once left the workbook as "6e+01x1e+02", which no kit reads
    kit_yaml = kit_copy / "kit.yaml"
    kit_yaml.write_text(
        kit_yaml.read_text(encoding="utf-8").replace("cards: actors\n", 'cards: actors\n    size: "63x120"\n', 1),
        encoding="utf-8",
    )
    yaml_out = build(kit_copy, tmp_path / "yaml")
    book = export(kit_copy, tmp_path / "kit.xlsx")
    same_pdfs(yaml_out, build(book, tmp_path / "book"))
