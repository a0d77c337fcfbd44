"""Trainers customise kits without Python: `deck new`, overlays, JSON Schema for their editor."""

from __future__ import annotations

import json

import yaml
from conftest import CONTENT, ROOT, run
from pdfread import page_texts

OVERLAY = ROOT / "tests" / "kits" / "overlay"


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_new_from_default_kit_builds_and_never_overwrites(tmp_path):
    kit = tmp_path / "mykit"
    r = run("new", kit, "--from", "mise-en-dialogue")
    assert r.exit_code == 0, r.output
    text = (kit / "kit.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=kit.schema.json")
    assert "extends: mise-en-dialogue" in text
    r = run("build", kit, "-o", tmp_path / "out", "--strict")
    assert r.exit_code == 0, r.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit"]["id"] == "mykit"
    assert sum(o["cards"] for o in manifest["outputs"] if o["kind"] == "cards") > 100
    before = _snapshot(kit)
    again = run("new", kit, "--from", "mise-en-dialogue")
    assert again.exit_code == 1
    assert "already holds a kit" in again.output
    assert _snapshot(kit) == before


def test_new_empty_kit_builds_and_refuses_to_overwrite_any_file(tmp_path):
    kit = tmp_path / "vide"
    kit.mkdir()
    (kit / "cartes.yaml").write_text("# mine\n", encoding="utf-8")
    r = run("new", kit)
    assert r.exit_code == 1 and "never overwrites" in r.output
    assert (kit / "cartes.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (kit / "kit.yaml").exists()
    (kit / "cartes.yaml").unlink()
    assert run("new", kit).exit_code == 0
    r = run("build", kit, "-o", tmp_path / "out", "--strict")
    assert r.exit_code == 0, r.output
    assert "Première carte" in page_texts(tmp_path / "out" / "vide-cartes.pdf")[0]


def test_overlay_shows_every_change_in_the_pdf(tmp_path):
    r = run("build", OVERLAY, "-o", tmp_path, "--strict")
    assert r.exit_code == 0, r.output
    front, back = page_texts(tmp_path / "atelier-overlay-acteurs.pdf")
    # three cards reworded (two actors and an event), one removed, one added
    assert "Leadership" in front and "Sets the course" in front and "Direction" not in front
    assert "Speaks for the staff" in front and "Comité social et économique" in front
    assert "Trade union" in front
    assert "Équipe projet" not in front
    events = " ".join(page_texts(tmp_path / "atelier-overlay-evenements.pdf")[0].split())
    assert "Office move announced" in events and "Déménagement annoncé" not in events
    # English labels, its own deck title
    assert "Actor" in front and "Acteur\n" not in front
    assert "Actors · sheet 1/1 · front" in front
    # new colours: the header band of the first card is the overlay's purple
    grid_left, grid_top = (210 - 189) / 2, (297 - 264) / 2
    x, y = round((grid_left + 30) / 25.4 * 72), round((grid_top + 3) / 25.4 * 72)
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(tmp_path / "atelier-overlay-acteurs.pdf"))[0].render(scale=1).to_pil().convert("RGB")
    r_, g_, b_ = page.getpixel((x, y))
    assert abs(r_ - 0x5B) < 12 and abs(g_ - 0x2C) < 12 and abs(b_ - 0x83) < 12, (r_, g_, b_)
    # the logo is on the backs
    from pypdf import PdfReader

    back_page = PdfReader(str(tmp_path / "atelier-overlay-acteurs.pdf")).pages[1]
    assert len(back_page.images) >= 1 or _has_image_in_forms(back_page)


def _has_image_in_forms(page) -> bool:
    xobjects = page["/Resources"].get("/XObject") or {}
    for x in xobjects.values():
        x = x.get_object()
        inner = (x.get("/Resources") or {}).get("/XObject") or {}
        if any(i.get_object().get("/Subtype") == "/Image" for i in inner.values()):
            return True
    return False


def test_overlay_cycle_names_the_chain(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "kit.yaml").write_text("extends: ../b\nid: a\n", encoding="utf-8")
    (b / "kit.yaml").write_text("extends: ../a\nid: b\n", encoding="utf-8")
    r = run("validate", a)
    assert r.exit_code == 1
    assert "kits extend each other in a cycle:" in r.output and "a -> " in r.output


def test_overlay_remove_of_unknown_id_is_located(tmp_path):
    kit = tmp_path / "k"
    kit.mkdir()
    (kit / "kit.yaml").write_text("extends: atelier-exemple\nid: k\nremove:\n  actors: [directoin]\n", encoding="utf-8")
    r = run("validate", kit)
    assert r.exit_code == 1
    assert (
        'kit.yaml:4:12: error: remove.actors: no actors "directoin" to remove (did you mean "direction"?)' in r.output
    )


def test_schema_is_valid_and_accepts_bundled_kits_and_rejects_broken_ones():
    import jsonschema

    r = run("schema")
    assert r.exit_code == 0
    schema = json.loads(r.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(CONTENT.glob("*/*.yaml"))
    assert len(files) > 10
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path, errors[0].message)
    overlay = jsonschema.Draft202012Validator(json.loads(run("schema", "--overlay").output))
    for path in sorted(OVERLAY.glob("*.yaml")):
        errors = list(overlay.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path, errors[0].message)
    assert list(overlay.iter_errors({"actors": [{"name": "no id"}]}))
    kit = yaml.safe_load((CONTENT / "mise-en-dialogue" / "kit.yaml").read_text(encoding="utf-8"))
    for broken in (
        {**kit, "tilte": "x"},
        {k: v for k, v in kit.items() if k != "language"},
        {**kit, "decks": [{"id": "d", "title": "D", "cards": "acteurs"}]},
    ):
        assert list(validator.iter_errors(broken)), broken


def test_language_picks_the_words_deck_prints_and_a_kit_may_bring_its_own(kit_copy, tmp_path):
    text = (kit_copy / "kit.yaml").read_text(encoding="utf-8")
    (kit_copy / "kit.yaml").write_text(text.replace("language: fr", "language: de"), encoding="utf-8")
    (kit_copy / "locales").mkdir()
    (kit_copy / "locales" / "de.yaml").write_text(
        'types:\n  actors: "Akteur"\nlabels:\n  sheet: "Blatt"\n  front: "Vorderseite"\n', encoding="utf-8"
    )
    r = run("build", kit_copy, "-o", tmp_path)
    assert r.exit_code == 0, r.output
    front = page_texts(tmp_path / "atelier-exemple-acteurs.pdf")[0]
    assert "Akteur" in front and "Blatt 1/1 · Vorderseite" in front
    assert "In 100 % drucken" in front  # words the kit did not give are deck's own German ones
