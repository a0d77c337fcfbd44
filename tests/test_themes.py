"""Themes: extends with cycle detection, unknown keys refused, colour contrast checked, layout regions."""

from __future__ import annotations

from conftest import run
from pdfread import render


def _theme(kit, name, text):
    (kit / "themes").mkdir(exist_ok=True)
    (kit / "themes" / f"{name}.yaml").write_text(text, encoding="utf-8")


def _use(kit, theme_line):
    text = (kit / "kit.yaml").read_text(encoding="utf-8").replace("theme: default", theme_line)
    (kit / "kit.yaml").write_text(text, encoding="utf-8")


def test_theme_cycle_names_the_chain(kit_copy):
    _theme(kit_copy, "a", "extends: b\n")
    _theme(kit_copy, "b", "extends: a\n")
    _use(kit_copy, "theme: a")
    r = run("validate", kit_copy)
    assert r.exit_code == 1
    assert "theme extends itself: a -> b -> a" in r.output


def test_unknown_theme_key_gets_did_you_mean(kit_copy):
    _theme(kit_copy, "mine", "extends: default\ncolors:\n  ink: '#000000'\n")
    _use(kit_copy, "theme: mine")
    r = run("validate", kit_copy)
    assert r.exit_code == 1
    assert 'themes/mine.yaml:2:1: error: unknown key "colors"' in r.output
    assert 'did you mean "colours"?' in r.output


def test_low_contrast_theme_is_refused(kit_copy, tmp_path):
    _use(kit_copy, "theme:\n  extends: default\n  types:\n    actors: {colour: '#777777', text: '#888888'}")
    r = run("build", kit_copy, "-o", tmp_path)
    assert r.exit_code == 1
    assert (
        "kit.yaml:16:39: error: theme: colours types.actors.text #888888 on types.actors.colour #777777: contrast 1.2"
        in r.output
    )
    assert not any(tmp_path.glob("*.pdf"))


def test_unknown_theme_name(kit_copy):
    _use(kit_copy, "theme: hight-contrast")
    r = run("validate", kit_copy)
    assert r.exit_code == 1 and 'unknown theme "hight-contrast"' in r.output
    assert 'did you mean "high-contrast"?' in r.output


def test_light_backs_and_band_height_from_the_theme(kit_copy, tmp_path):
    _use(kit_copy, "theme:\n  extends: default\n  layout: {back: light, band: 14}")
    r = run("build", kit_copy, "-o", tmp_path)
    assert r.exit_code == 0, r.output
    pages = dict(render(tmp_path / "atelier-exemple-acteurs.pdf", 36))
    front, back = pages[0], pages[1]
    w, h = back.size
    # light back: the middle of a card back is mostly paper, not the type colour
    x0, y0 = int(w * 0.3), int(h * 0.2)
    assert back.getpixel((x0, y0)) > 240
    # a 14 mm band: 12 mm below the card's top edge is still in the band
    grid_top = (297 - 264) / 2  # mm, centred 3 x 3 poker grid
    y = int((grid_top + 12) / 25.4 * 36)
    assert front.getpixel((int(w * 0.2), y)) < 200
