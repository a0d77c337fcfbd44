"""Bad and hostile input: every case gets a clean located message, exit 1, no traceback, the output
directory untouched, within a few seconds.

The corpus is tests/hostile/<case>/: files laid over a copy of the example kit. Cases that need bytes
(random, invalid UTF-8, NUL, 10 MB) or symbolic links are made here at test time.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, run

CORPUS = Path(__file__).resolve().parent / "hostile"
LIMIT_S = 5.0

# case -> (file the message points at, regex of the message after "error: ", with a line:col?)
EXPECTED = {
    "malformed-yaml": ("contenu.yaml", r"this line is indented less than the one above", True),
    "wrong-types": ("contenu.yaml", r"name: expected a text, found a list", True),
    "unknown-keys": ("contenu.yaml", r'unknown key "rol" in actor "direction".*did you mean "role"\?', True),
    "duplicate-ids": ("contenu.yaml", r'duplicate id "direction" in actors: already used at .*contenu.yaml:2', True),
    "dangling-references": ("contenu.yaml", r'unknown actor "direktion".*did you mean "direction"\?', True),
    "empty-file": ("kit.yaml", r"the file is empty", True),
    "deep-nesting": ("contenu.yaml", r"nesting deeper than \d+ levels", True),
    "alias-bomb": ("contenu.yaml", r"expands to more than \d+ values", True),
    "recursive-alias": ("contenu.yaml", r"nesting deeper than \d+ levels|recursive", True),
    "python-tags": ("contenu.yaml", r"tag tag:yaml.org,2002:python/object/apply:os.system is not allowed", True),
    "escaped-control-characters": ("contenu.yaml", r"unprintable character U\+0007", True),
    "terminal-escapes": ("contenu.yaml", r'expected an id .*found "\\x1b\[2J', True),
    "missing-glyphs": ("contenu.yaml", r"no font of the stack has: .*U\+4F60", True),
    "url-javascript": (
        "contenu.yaml",
        r'expected an http:// or https:// address, found the scheme "javascript:"',
        True,
    ),
    "url-file": ("contenu.yaml", r'expected an http:// or https:// address, found the scheme "file:"', True),
    "url-data": ("contenu.yaml", r'expected an http:// or https:// address, found the scheme "data:"', True),
    "url-too-long-for-qr": ("contenu.yaml", r"QR code modules of 0\.\d+ mm .*phones need at least 0.33 mm", True),
    "logo-parent": ("kit.yaml", r"lies outside the kit directory", True),
    "logo-absolute": ("kit.yaml", r"lies outside the kit directory", True),
    "font-parent": ("kit.yaml", r"lies outside the kit directory", True),
    "content-file-outside": ("kit.yaml", r'content file "../../../etc/passwd" lies outside the kit directory', True),
    "not-a-font": ("kit.yaml", r"fonts.regular: fake.ttf is not a usable TrueType font", True),
    "too-many-copies": ("kit.yaml", r'deck "acteurs": copies: 100000000: expected a whole number from 1 to 100', True),
}


def _random_bytes(kit: Path) -> None:
    rng = random.Random(20240607)
    (kit / "kit.yaml").write_bytes(bytes(rng.randrange(256) for _ in range(64 * 1024)))


def _invalid_utf8(kit: Path) -> None:
    (kit / "contenu.yaml").write_bytes('actors:\n  - id: cafe\n    name: "Caf\xe9"\n'.encode("latin-1"))


def _nul_byte(kit: Path) -> None:
    (kit / "contenu.yaml").write_bytes(b'actors:\n  - id: a\n    name: "Dir\x00ection"\n')


def _control_character(kit: Path) -> None:
    (kit / "contenu.yaml").write_bytes(b'actors:\n  - id: a\n    name: "\x1b[31mDirection"\n')


def _ten_megabytes(kit: Path) -> None:
    line = b'  - id: direction\n    name: "Direction"\n'
    (kit / "contenu.yaml").write_bytes(b"actors:\n" + line * (10 * 1024 * 1024 // len(line) + 1))


def _long_field(kit: Path) -> None:
    (kit / "contenu.yaml").write_text(
        'actors:\n  - id: a\n    name: "Direction"\n    role: "' + "mot " * 25_000 + '"\n', encoding="utf-8"
    )


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), "#336699").save(path)


def _symlink_logo(kit: Path) -> None:
    outside = kit.parent / "outside"
    outside.mkdir()
    _png(outside / "secret.png")
    os.symlink(outside / "secret.png", kit / "logo.png")
    text = (kit / "kit.yaml").read_text(encoding="utf-8")
    (kit / "kit.yaml").write_text(
        text.replace("theme: default", "theme:\n  extends: default\n  logo: logo.png"), encoding="utf-8"
    )


def _symlink_folder(kit: Path) -> None:
    outside = kit.parent / "outside"
    outside.mkdir()
    _png(outside / "logo.png")
    os.symlink(outside, kit / "images")
    text = (kit / "kit.yaml").read_text(encoding="utf-8")
    (kit / "kit.yaml").write_text(
        text.replace("theme: default", "theme:\n  extends: default\n  logo: images/logo.png"), encoding="utf-8"
    )


def _symlink_content(kit: Path) -> None:
    outside = kit.parent / "outside.yaml"
    outside.write_text("actors: []\n", encoding="utf-8")
    os.symlink(outside, kit / "zz-lien.yaml")


GENERATED = {
    "random-bytes": (_random_bytes, "kit.yaml", r"invalid UTF-8 byte 0x[0-9A-F]{2}", True),
    "invalid-utf8": (_invalid_utf8, "contenu.yaml", r"invalid UTF-8 byte 0xE9", True),
    "nul-byte": (_nul_byte, "contenu.yaml", r"NUL byte", True),
    "control-character": (_control_character, "contenu.yaml", r"control character U\+001B", True),
    "ten-megabytes": (_ten_megabytes, "contenu.yaml", r"file is 10\.\d MB: expected a kit file under 2 MB", False),
    "field-of-100000-characters": (_long_field, "contenu.yaml", r"role: text of 100000 characters", True),
    "symlink-logo-out": (_symlink_logo, "kit.yaml", r"'logo.png' lies outside the kit directory", True),
    "symlink-folder-out": (_symlink_folder, "kit.yaml", r"'images/logo.png' lies outside the kit directory", True),
    "symlink-content-out": (
        _symlink_content,
        "kit.yaml",
        r'content file "zz-lien.yaml" lies outside the kit directory',
        False,
    ),
}


def test_the_corpus_has_one_directory_per_case():
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == sorted(EXPECTED)


def _previous_build(out: Path) -> dict:
    """An output directory holding a previous build and a file of the user's."""
    out.mkdir()
    (out / "atelier-exemple-acteurs.pdf").write_bytes(b"%PDF-1.4 previous build\n")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _assert_refused(kit: Path, out: Path, before: dict, target: str, pattern: str, located: bool) -> None:
    start = time.monotonic()
    result = run("build", kit, "-o", out)
    elapsed = time.monotonic() - start
    text = result.output
    assert result.exit_code == 1, text
    assert "Traceback" not in text and "Error:" not in text.replace("error:", "")
    assert elapsed < LIMIT_S, f"{elapsed:.1f} s"
    shown = re.escape(str(kit / target))
    where = shown + (r":\d+:\d+" if located else r"(:\d+:\d+)?")
    errors = [line for line in text.splitlines() if ": error: " in line]
    assert any(re.match(where + r": error: .*" + pattern, line) for line in errors), (pattern, errors)
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "the output directory changed"


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_case_is_refused_cleanly(case, tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(EXAMPLE, kit)
    for f in (CORPUS / case).iterdir():
        shutil.copy(f, kit / f.name)
    out = tmp_path / "out"
    before = _previous_build(out)
    target, pattern, located = EXPECTED[case]
    _assert_refused(kit, out, before, target, pattern, located)


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case_is_refused_cleanly(case, tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(EXAMPLE, kit)
    make, target, pattern, located = GENERATED[case]
    make(kit)
    out = tmp_path / "out"
    before = _previous_build(out)
    _assert_refused(kit, out, before, target, pattern, located)


def test_validate_agrees_with_build_on_the_corpus(tmp_path):
    """deck validate says the same as deck build (without the print problems it cannot see)."""
    for case in ("wrong-types", "alias-bomb", "url-javascript", "python-tags"):
        kit = tmp_path / case
        shutil.copytree(EXAMPLE, kit)
        for f in (CORPUS / case).iterdir():
            shutil.copy(f, kit / f.name)
        result = run("validate", kit)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert re.search(EXPECTED[case][1], result.output), result.output


def test_a_date_that_is_no_date_is_text(kit_copy, tmp_path):
    """2024-13-45 looks like a date to YAML: it used to crash the reader, it is now plain text."""
    (kit_copy / "contenu.yaml").write_text("actors:\n  - id: a\n    name: 2024-13-45\n", encoding="utf-8")
    result = run("build", kit_copy, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    from pdfread import page_texts

    assert "2024-13-45" in page_texts(tmp_path / "out" / "atelier-exemple-acteurs.pdf")[0]
