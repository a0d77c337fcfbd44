"""Messages a trainer understands: the typos people make in YAML, all the problems of a kit in one run,
an overlay's problems told at the overlay, no error caused by another; and an output folder that holds
exactly the build. Each test runs the real CLI on a copy of the example kit and reads what it says."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLE, run

JARGON = ("<block end>", "block mapping", "scalar", "while parsing", "while scanning", "token")
ROOT = Path(__file__).resolve().parent.parent
LOGO = ROOT / "tests" / "kits" / "overlay" / "logo.png"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(output: str, severity: str = "error") -> list[str]:
    return [line for line in output.splitlines() if f": {severity}: " in line and not line.startswith(" ")]


# typo -> (the line as the trainer leaves it, in place of which line of contenu.yaml, line:col of the mistake)
TYPOS = {
    "extra indent": ('    name: "Direction"', '     name: "Direction"', "13:6"),
    "missing indent": ('    name: "Direction"', '   name: "Direction"', "13:4"),
    "tab": ('    name: "Direction"', '\tname: "Direction"', "13:1"),
    "unclosed quote": ('    name: "Direction"', '    name: "Direction', "13:11"),
    "duplicate key": ('    name: "CSE"', '    name: "CSE"\n    name: "CSE bis"', "18:5"),
    "colon in a text": ('    title: "Posez le décor"', "    title: Posez le décor: lisez", "41:26"),
    "item without its dash": ('      - "Qui décide ?"', '      "Qui décide ?"', "50:7"),
}


@pytest.mark.parametrize("typo", list(TYPOS))
def test_each_typo_gives_one_plain_error_on_its_line_quoted(kit_copy, typo):
    old, new, where = TYPOS[typo]
    _edit(kit_copy / "contenu.yaml", old, new)
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    errors = _problems(result.output)
    assert len(errors) == 1, result.output
    assert f"contenu.yaml:{where}: error: " in errors[0], result.output
    assert not any(word in result.output for word in JARGON), result.output
    typo_line = new.split("\n")[-1].replace("\t", "→")
    line = int(where.split(":")[0])
    assert re.search(rf"^\s+{line} \| {re.escape(typo_line)}$", result.output, re.M), result.output
    caret = re.search(r"^(\s+)\| (\s*)\^$", result.output, re.M)
    assert caret and len(caret.group(2)) == int(where.split(":")[1]) - 1, result.output
    assert not _problems(result.output, "warning"), result.output  # no "the kit has no actors"


def test_a_quote_left_over_is_a_warning_at_the_quote(kit_copy):
    """`name: Direction"` is valid YAML, and prints « Direction" »: said at the quote, in kit.yaml too;
    a text with its quotes paired (`12 "pouces"`) or quoted whole is left alone."""
    _edit(kit_copy / "contenu.yaml", '    name: "Direction"', '    name: Direction"')
    _edit(kit_copy / "contenu.yaml", '    name: "CSE"', '    name: CSE "élu"')
    _edit(kit_copy / "kit.yaml", 'title: "Atelier exemple"', 'title: Atelier exemple"')
    result = run("validate", kit_copy)
    assert result.exit_code == 0, result.output
    warnings = _problems(result.output, "warning")
    assert len(warnings) == 2, result.output
    assert any("/contenu.yaml:13:20: warning: " in w for w in warnings), warnings
    assert any("/kit.yaml:3:23: warning: " in w and 'Atelier exemple"' in w for w in warnings), warnings
    assert "remove it, or put the whole text in quotes" in result.output
    assert re.search(r"^\s+13 \|     name: Direction\"\n\s+\| {20}\^$", result.output, re.M), result.output
    strict = run("validate", kit_copy, "--strict")
    assert strict.exit_code == 1


def test_the_indentation_message_says_how_to_fix_it(kit_copy):
    _edit(kit_copy / "contenu.yaml", '    name: "Direction"', '     name: "Direction"')
    result = run("validate", kit_copy)
    assert 'indented more than the one above: indent it by 4 spaces, as "id:" on line 12' in result.output
    assert "nothing else in contenu.yaml was read" in result.output


def test_a_file_that_cannot_be_read_causes_no_unknown_items_elsewhere(kit_copy):
    """The actors in a file of their own, broken: the events that name them are not reported."""
    content = kit_copy / "contenu.yaml"
    text = content.read_text(encoding="utf-8")
    start, end = text.index("actors:"), text.index("events:")
    (kit_copy / "acteurs.yaml").write_text(text[start:end].replace("   name:", "  name:", 1), encoding="utf-8")
    content.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run("validate", kit_copy)
    assert result.exit_code == 1
    assert len(_problems(result.output)) == 1, result.output
    assert "acteurs.yaml:3:" in result.output
    assert "unknown actor" not in result.output and "no actors" not in result.output
    assert "nothing else in acteurs.yaml was read: its actors will be checked once this is fixed" in result.output


def test_a_file_that_is_not_yaml_is_said_unsupported(kit_copy):
    # spreadsheets (.csv, .xlsx, .ods) are read (tests/test_sheets.py); a JSON file is not
    (kit_copy / "acteurs.json").write_text('{"actors": [{"id": "rh"}]}\n', encoding="utf-8")
    _edit(kit_copy / "kit.yaml", "theme: default", "files: [contenu.yaml, acteurs.json]\ntheme: default")
    result = run("validate", kit_copy)
    errors = _problems(result.output)
    assert len(errors) == 1 and "acteurs.json" in errors[0], result.output
    assert "this kind of file is not supported here" in errors[0]
    assert "mapping of collections" not in result.output


def test_content_error_missing_logo_and_missing_font_in_one_run(kit_copy, tmp_path):
    _edit(kit_copy / "contenu.yaml", "actors: [direction, cse]", "actors: [direktion, cse]")
    _edit(
        kit_copy / "kit.yaml",
        "theme: default",
        "theme:\n  extends: default\n  logo: images/logo.png\n  fonts:\n    regular: fonts/MaPolice.ttf",
    )
    out = tmp_path / "out"
    result = run("build", kit_copy, "-o", out)
    assert result.exit_code == 1
    errors = _problems(result.output)
    assert any('unknown actor "direktion"' in e and "contenu.yaml:30:" in e for e in errors), result.output
    assert any("kit.yaml:15:9: error: 'images/logo.png' not found" in e for e in errors), result.output
    assert any("kit.yaml:17:14: error: 'fonts/MaPolice.ttf' not found" in e for e in errors), result.output
    assert len(errors) == 3, result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_bad_colour_is_one_error_and_a_contrast_error_points_at_its_colour(kit_copy, tmp_path):
    _edit(
        kit_copy / "kit.yaml",
        "theme: default",
        "theme:\n  extends: default\n  types:\n    actors: {colour: purple}\n    events: {colour: '#222222'}",
    )
    result = run("validate", kit_copy)
    errors = _problems(result.output)
    assert any("kit.yaml:16:22: error: colour: expected a colour like" in e for e in errors), result.output
    # the events' dark grey is the trainer's: its contrast with the default black text is told on its line
    assert any("kit.yaml:17:22: error: theme: colours types.events.text" in e for e in errors), result.output
    assert len(errors) == 2, result.output  # the default colour that replaced purple is not checked


def test_a_language_written_by_its_name_gets_its_code(kit_copy):
    _edit(kit_copy / "kit.yaml", "language: fr", "language: english")
    result = run("validate", kit_copy)
    assert 'language: expected a language code such as fr or en, found "english" (did you mean "en"?)' in (
        result.output
    )


# -- a kit that extends another -------------------------------------------------------------------------
def _base_and_overlay(tmp_path: Path, overlay: str) -> tuple[Path, Path]:
    base = tmp_path / "base"
    shutil.copytree(EXAMPLE, base)
    back = "Chaque acteur défend ses intérêts et écoute ceux des autres. " * 2
    _edit(base / "kit.yaml", "    cards: actors\n", f'    cards: actors\n    back: "{back.strip()}"\n')
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(LOGO, mine / "logo.png")
    (mine / "kit.yaml").write_text(overlay, encoding="utf-8")
    return base, mine


def test_an_overlay_logo_that_pushes_a_back_text_out_is_told_at_the_overlay(tmp_path):
    overlay = 'extends: ../base\nid: mon-atelier\ntitle: "Mon atelier"\ntheme:\n  extends: default\n  logo: logo.png\n'
    base, mine = _base_and_overlay(tmp_path, overlay)
    result = run("build", base, "-o", tmp_path / "out-base")
    assert result.exit_code == 0 and not _problems(result.output, "warning"), result.output  # fits without it
    result = run("build", mine, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    warnings = _problems(result.output, "warning")
    assert len(warnings) == 1, result.output
    assert warnings[0].startswith(f"{mine / 'kit.yaml'}:6:9: warning: the logo added here"), result.output
    assert 'deck "acteurs"' in warnings[0] and f"{base / 'kit.yaml'}:15:5" in warnings[0]


def test_an_overlays_new_item_is_named_by_its_id_at_the_overlay(tmp_path):
    overlay = "extends: ../base\nid: mon-atelier\ntitle: Mon atelier\n"
    base, mine = _base_and_overlay(tmp_path, overlay)
    (mine / "ajouts.yaml").write_text("actors:\n  - id: mutuelle\n    role: Complémentaire santé\n", encoding="utf-8")
    result = run("validate", mine)
    errors = _problems(result.output)
    assert errors == [
        f'{mine / "ajouts.yaml"}:2:5: error: actor "mutuelle": missing key "name": expected a text (label as printed)'
    ], result.output


# -- the output folder holds exactly the build ------------------------------------------------------------
FRENCH = ("atelier-exemple-guide-animation.pdf", "atelier-exemple-index-des-cartes.pdf", "atelier-exemple-codes-qr.pdf")


def test_a_language_switch_leaves_no_file_of_the_first_language(kit_copy, tmp_path):
    out = tmp_path / "out"
    assert run("build", kit_copy, "-o", out).exit_code == 0
    assert all((out / name).is_file() for name in FRENCH)
    (out / "notes.txt").write_text("à imprimer jeudi\n", encoding="utf-8")
    _edit(kit_copy / "kit.yaml", "language: fr", "language: en")

    # a failed build removes nothing
    _edit(kit_copy / "contenu.yaml", "actors: [direction, cse]", "actors: [direktion, cse]")
    assert run("build", kit_copy, "-o", out).exit_code == 1
    assert all((out / name).is_file() for name in FRENCH)

    _edit(kit_copy / "contenu.yaml", "actors: [direktion, cse]", "actors: [direction, cse]")
    result = run("build", kit_copy, "-o", out)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"] for o in manifest["outputs"]}
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == listed | {"manifest.json", "notes.txt"}
    for name in FRENCH:
        assert f"removed: {out / name}" in result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "à imprimer jeudi\n"
    assert f"warning: {out / 'notes.txt'} was not written by deck: left as it is" in result.output


def test_a_previous_file_changed_since_is_kept_and_named(kit_copy, tmp_path):
    out = tmp_path / "out"
    assert run("build", kit_copy, "-o", out).exit_code == 0
    guide = out / "atelier-exemple-guide-animation.pdf"
    guide.write_bytes(guide.read_bytes() + b"% annotated\n")
    _edit(kit_copy / "kit.yaml", "language: fr", "language: en")
    result = run("build", kit_copy, "-o", out)
    assert result.exit_code == 0, result.output
    assert guide.is_file() and f"{guide} was written by a previous build and changed since" in result.output
    assert not (out / "atelier-exemple-codes-qr.pdf").exists()
    # the next build still knows it for deck's (it said "was not written by deck"), and never removes it
    again = run("build", kit_copy, "-o", out)
    assert f"{guide} was written by a previous build and changed since" in again.output, again.output
    assert "not written by deck" not in again.output and guide.read_bytes().endswith(b"% annotated\n")
    guide.unlink()  # gone: no longer named
    assert "changed since" not in run("build", kit_copy, "-o", out).output


def test_new_files_get_the_users_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        result = run("new", tmp_path / "kit")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "kit").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
