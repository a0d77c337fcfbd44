"""Building kits: the files a facilitator gets, read back from the PDFs themselves."""

from __future__ import annotations

import json

from conftest import EXAMPLE, run
from pdfread import fonts, page_sizes_mm, page_texts, qr_codes


def test_default_build_writes_pdfs_and_manifest(default_build):
    manifest = json.loads((default_build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit"]["id"] == "mise-en-dialogue"
    assert manifest["kit"]["version"] and manifest["kit"]["title"]
    assert manifest["tool"].startswith("deck ")
    assert manifest["outputs"], "no output listed"
    for out in manifest["outputs"]:
        assert set(out) == {"path", "kind", "pages", "cards", "sha256"}
        pdf = default_build / out["path"]
        assert pdf.is_file()
        assert out["kind"] in {"cards", "board", "board-tiles", "sheet", "guide"}
        assert len(page_sizes_mm(pdf)) == out["pages"]
    import hashlib

    first = manifest["outputs"][0]
    assert hashlib.sha256((default_build / first["path"]).read_bytes()).hexdigest() == first["sha256"]


def test_cards_are_nine_up_on_a4_with_backs_after_fronts(example_build):
    pdf = example_build / "atelier-exemple-acteurs.pdf"
    assert page_sizes_mm(pdf) == [(210.0, 297.0), (210.0, 297.0)]
    front, back = page_texts(pdf)
    for name in ("Direction", "CSE", "Équipe projet"):
        assert name in front
    assert "recto" in front and "verso" in back
    assert "100 mm" in front


def test_card_text_and_french_spacing_are_printed(example_build):
    text = page_texts(example_build / "atelier-exemple-consignes.pdf")[0]
    assert "Posez le décor" in text
    # the space before « ? » is a non-breaking one: the question mark never starts a line
    assert "Qui décide\u202f?" in text


def test_every_qr_code_decodes_to_its_url(example_build):
    found = {t for _, t in qr_codes(example_build / "atelier-exemple-ressources.pdf")}
    assert found == {"https://www.anact.fr/", "https://fr.wikipedia.org/wiki/Dialogue_social"}
    found = {t for _, t in qr_codes(example_build / "atelier-exemple-consignes.pdf")}
    assert found == {"https://www.anact.fr/"}


def test_every_font_is_embedded_and_no_helvetica(example_build):
    for pdf in example_build.glob("*.pdf"):
        used = fonts(pdf)
        assert used, pdf
        for name, embedded in used:
            assert embedded, f"{pdf.name}: font {name} is not embedded"
            assert "Helvetica" not in name


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", EXAMPLE, "-o", a).exit_code == 0
    assert run("build", EXAMPLE, "-o", b).exit_code == 0
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_build_accepts_kit_yaml_path_and_bundled_id(tmp_path):
    assert run("build", EXAMPLE / "kit.yaml", "-o", tmp_path / "a").exit_code == 0
    assert (tmp_path / "a" / "atelier-exemple-acteurs.pdf").is_file()
    assert run("build", "atelier-exemple", "-o", tmp_path / "b").exit_code == 0
    assert (tmp_path / "b" / "manifest.json").is_file()


def test_unknown_kit_is_a_clear_error(tmp_path):
    result = run("build", "atelier-exemplr", "-o", tmp_path)
    assert result.exit_code == 1
    assert 'no kit "atelier-exemplr"' in result.output
    assert 'did you mean "atelier-exemple"?' in result.output


def test_a_file_that_is_not_a_kit_says_what_to_give_instead(kit_copy, tmp_path):
    """A CSV (one list of a kit), a PDF of a build, a text beside kit.yaml: each said for what it is."""
    from deck.errors import display_path

    (kit_copy / "cartes.csv").write_text("id,title\na,Une carte\n", encoding="utf-8")
    lone = tmp_path / "cartes.csv"
    lone.write_text("id,title\na,Une carte\n", encoding="utf-8")
    (kit_copy / "notes.txt").write_text("mes notes", encoding="utf-8")
    built = tmp_path / "out"
    assert run("build", kit_copy, "-o", built).exit_code == 0
    kit, out = display_path(kit_copy), display_path(built)
    cases = [
        (kit_copy / "cartes.csv", f"one list of a kit, not a whole kit: give the kit it belongs to instead: {kit}"),
        (lone, "a CSV file holds one list of a kit, not a whole kit: put it in a kit's folder, beside its kit.yaml"),
        (kit_copy / "notes.txt", "not a kit: expected a kit directory, a kit.yaml, a workbook (.xlsx, .ods) or a"),
        (kit_copy / "notes.txt", f"(the kit of this folder is {kit})"),
        (built / "manifest.json", f"(a file of the build in {out}: deck check {out} checks that build)"),
    ]
    for path, said in cases:
        for command in ("build", "check"):
            r = run(command, path, *(["-o", tmp_path / "x"] if command == "build" else []))
            assert r.exit_code == 1 and said in r.output and "Traceback" not in r.output, (command, path, r.output)
    assert not (tmp_path / "x").exists()


def test_version_list_and_usage_errors():
    from deck import __version__

    assert run("--version").output.strip() == f"deck {__version__}"
    listing = run("list").output
    assert "mise-en-dialogue" in listing and "(default)" in listing
    assert "themes/default" in listing
    assert run("build", "--paper", "a5").exit_code == 2
