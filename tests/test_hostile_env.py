"""Hostile inputs and environments (the cases of the "keep every promise" issue), one per category:
each ends in located, one-line errors and exit 1 (or a build that is right), never a traceback, and
nothing is written on failure."""

from __future__ import annotations

import errno
import os
import shutil

import pytest
from conftest import EXAMPLE, ROOT, run

from deck.build.pipeline import Options
from deck.watch import Watcher


def _kit(tmp_path, old=None, new=None, name="kit"):
    kit = tmp_path / name
    shutil.copytree(EXAMPLE, kit)
    if old is not None:
        text = (kit / "kit.yaml").read_text(encoding="utf-8")
        assert old in text
        (kit / "kit.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return kit


def _fails(result, *said):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for s in said:
        assert s in result.output, result.output
    return result.output


@pytest.mark.parametrize(
    "ident, said",
    [
        ("e" * 300, "at most 64"),  # was OSError: file name too long
        ('"acteurs\\n"', 'found "acteurs\\x0a"'),  # was a file name with a newline in it
    ],
)
def test_ids_that_make_no_safe_file_name(tmp_path, ident, said):
    kit = _kit(tmp_path, "  - id: evenements\n", f"  - id: {ident}\n")
    out = tmp_path / "out"
    _fails(run("build", kit, "-o", out), "kit.yaml:18:", said)
    assert not out.exists()


def test_remove_of_a_list_the_base_lacks(tmp_path):
    kit = tmp_path / "overlay"
    kit.mkdir()
    (kit / "kit.yaml").write_text(
        "extends: atelier-exemple\nid: mine\ntitle: Mine\nremove:\n  scenarios: [nope]\n", encoding="utf-8"
    )
    _fails(run("validate", kit), 'remove.scenarios: no scenarios "nope" to remove')  # was AttributeError


@pytest.mark.parametrize(
    "locale, said",
    [
        ("labels: [a, b]\n", "labels: expected a mapping of words"),  # was AttributeError
        ("labels:\n  table_mark: 'Table {x}'\n", "{x} is not a placeholder of this word"),  # was KeyError
        ('labels:\n  sheet: "fiche\\u2028x"\n', "found a line break"),
        (
            "plurals:\n  cards: {one: '{n} carte', other: '{x} cartes'}\n",
            "plurals.cards.other: {x} is not a",
        ),  # KeyError
        ("- just a list\n", "expected a locale"),
    ],
)
def test_a_kit_locale_of_the_wrong_shape(tmp_path, locale, said):
    kit = _kit(tmp_path)
    (kit / "locales").mkdir()
    (kit / "locales" / "fr.yaml").write_text(locale, encoding="utf-8")
    _fails(run("build", kit, "-o", tmp_path / "out", "--tables", "2"), said)


@pytest.mark.parametrize("extends", ['"/etc/x"', '"../../../../../../tmp/x"', "outside"])
def test_a_theme_never_reads_outside_the_kit(tmp_path, extends):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "outside.yaml").write_text("colours: {ink: '#123456'}\n", encoding="utf-8")
    kit = _kit(tmp_path, "theme: default", f"theme:\n  extends: {extends}")
    (kit / "themes").symlink_to(secret)  # a themes/ folder that is a link out of the kit
    result = run("build", kit, "-o", tmp_path / "out")
    _fails(result)
    assert "theme" in result.output


def test_a_locales_folder_linked_out_of_the_kit_is_not_read(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "fr.yaml").write_text("labels: {sheet: 'SECRET-TEXT'}\n", encoding="utf-8")
    kit = _kit(tmp_path)
    (kit / "locales").symlink_to(secret)
    out = tmp_path / "out"
    assert run("build", kit, "-o", out).exit_code == 0
    from pdfread import page_texts

    assert not any("SECRET-TEXT" in t for t in page_texts(out / "atelier-exemple-acteurs.pdf"))


def test_a_logo_that_is_a_link_loop(tmp_path):
    kit = _kit(tmp_path, "theme: default", "theme:\n  extends: default\n  logo: a.png")
    (kit / "a.png").symlink_to("b.png")
    (kit / "b.png").symlink_to("a.png")
    _fails(run("build", kit, "-o", tmp_path / "out"), "kit.yaml:15:9: error: 'a.png' is a link that leads back")


def test_an_output_directory_through_a_link_loop(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    _fails(run("build", EXAMPLE, "-o", tmp_path / "a" / "out"), "cannot create the output directory")


def test_a_printer_offset_that_is_not_a_number(tmp_path, monkeypatch):
    profiles = tmp_path / "printers.yaml"
    profiles.write_text("printers:\n  bureau:\n    back_offset_x: .nan\n", encoding="utf-8")
    monkeypatch.setenv("DECK_PRINTERS", str(profiles))
    _fails(run("build", EXAMPLE, "-o", tmp_path / "out", "--printer", "bureau"), "expected a finite number")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EIO])
def test_the_environment_failing_is_one_line_exit_1(monkeypatch, capsys, code):
    """What the disk or the system says (a full disk while a PDF is written) is told in one line."""
    from deck import cli

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(ROOT / "out" / "x.pdf"))

    monkeypatch.setattr(cli.cli, "main", failing)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"x.pdf: error: {os.strerror(code)}" in err


def test_watch_with_links_to_its_own_folder_builds_and_settles(kit_copy, tmp_path):
    (kit_copy / "again").symlink_to(".")
    (kit_copy / "more").symlink_to(".")
    w = Watcher(kit_copy, tmp_path / "out", Options())
    first = w.poll()
    assert first is not None and first.ok
    assert w.poll() is None  # nothing changed: no rebuild, and the look at the files ends
