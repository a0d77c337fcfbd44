"""deck check: the preflight reads the PDFs themselves (rendered, decoded, measured) and names the card,
the page and the reason of every failure."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_OUTPUT, EXAMPLE, ROOT, run

from deck.kit.find import DEFAULT_KIT, bundled_kits

KITS = Path(__file__).resolve().parent / "kits"
# Fast enough for every run and fine enough for what the check measures: a QR module of 0.5 mm is 3 pixels,
# and every defect kit of tests/kits still fails at it (see the tests below). 300 dpi runs with --slow.
FAST_DPI = 150


@pytest.fixture(autouse=True, scope="module")
def _own_check_key(tmp_path_factory):
    """deck check seals its cache with a key of the user's ($XDG_CACHE_HOME/deck): the tests' own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def _fails(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("FAIL ")]


def _passes(kit, *args):
    result = run("check", kit, *args)
    assert result.exit_code == 0, result.output
    assert "ok: every check passed" in result.output
    counts = {
        m.group(1).strip(): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"^(\w[\w ]*?)\s+(\d+)\s+(\d+)\s+\d+$", result.output, re.M)
    }
    # it really looked: pages rendered, texts boxes and glyphs read, every card QR code decoded
    for name in ("pages", "text boxes", "glyphs", "contrast", "safe zone"):
        assert counts[name][0] > 0 and counts[name][1] == 0, (name, counts)
    return result


def test_check_passes_on_the_default_kit(default_build):
    """`deck check KIT` is a build, its warnings, then `deck check DIR` of it: the default kit, which the
    session builds anyway, is checked as its build directory, the build having printed no warning.
    Every bundled kit is checked at 300 dpi with --slow (CI); the layout of every one of them is guarded
    on every run by test_golden.py."""
    output = BUILD_OUTPUT[default_build]
    assert ": warning: " not in output and ": error: " not in output, output
    result = _passes(default_build, "--dpi", FAST_DPI)
    assert "build directory" in result.output and f"deck check: {DEFAULT_KIT} " in result.output
    assert f"QR codes read at up to {FAST_DPI} dpi" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("kit", sorted(bundled_kits()))
def test_check_passes_on_every_bundled_kit_at_print_resolution(kit):
    result = _passes(kit)  # the default, 300 dpi
    assert "QR codes read at up to 300 dpi" in result.output


def test_overlong_text_fails_naming_card_page_and_reason():
    result = run("check", KITS / "check-overflow", "--dpi", FAST_DPI)
    assert result.exit_code == 1
    fails = _fails(result.output)
    assert any(
        f.startswith('FAIL [text boxes] check-overflow-cards.pdf page 1, card "trop-long" (front): body text:')
        and "not printed inside its box" in f
        and "END-OF-TEXT" in f
        for f in fails
    ), fails
    assert not any('card "court"' in f for f in fails), fails


@pytest.mark.parametrize("dpi", [300, FAST_DPI])
def test_qr_code_too_small_fails_with_the_measured_module(dpi):
    result = run("check", KITS / "check-qr-small", "--dpi", dpi)
    assert result.exit_code == 1
    fails = _fails(result.output)
    m = [
        re.search(
            r'^FAIL \[qr\] check-qr-small-cards.pdf page 1, card "scan-me" \(front\): QR code modules of '
            r"(0\.\d\d) mm measured on the page",
            f,
        )
        for f in fails
    ]
    measured = [float(x.group(1)) for x in m if x]
    assert measured, fails
    assert 0.15 < measured[0] < 0.33  # measured on the rendered page, not taken from the layout


def test_missing_glyph_fails_naming_the_card():
    result = run("check", KITS / "check-glyph", "--dpi", FAST_DPI)
    assert result.exit_code == 1
    fails = _fails(result.output)
    assert any(
        f.startswith('FAIL [glyphs] check-glyph-cards.pdf page 1, card "emoji" (front):')
        and ("no glyph" in f or "missing from the font" in f)
        for f in fails
    ), fails
    # the emoji print (the bundled stack has Noto Emoji); the Chinese characters have no font
    assert any('card "emoji"' in f and "U+4F60" in f for f in fails), fails
    assert not any("U+1F389" in f for f in fails), fails
    assert not any('card "plain"' in f for f in fails), fails


def test_low_contrast_theme_fails_with_the_colours_seen_on_the_page():
    result = run("check", KITS / "check-contrast", "--dpi", FAST_DPI)
    assert result.exit_code == 1
    fails = _fails(result.output)
    assert any(
        f.startswith('FAIL [contrast] check-contrast-cards.pdf page 1, card "grey" (front):')
        and "#BDBDBD on #8A8A8A" in f
        and "contrast 1.84:1" in f
        for f in fails
    ), fails


def test_json_report_is_the_same_as_the_table():
    result = run("check", KITS / "check-overflow", "--json")  # at the default resolution
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["dpi"] == 300
    assert report["checks"]["text boxes"]["failed"] == 1
    (finding,) = [f for f in report["findings"] if f["severity"] == "fail"]
    assert finding == {
        **finding,
        "check": "text boxes",
        "file": "check-overflow-cards.pdf",
        "page": 1,
        "card": "trop-long",
        "side": "front",
    }
    ok = json.loads(run("check", EXAMPLE, "--json", "--dpi", FAST_DPI).output)
    assert ok["ok"] is True and all(c["failed"] == 0 for c in ok["checks"].values())


def test_an_existing_build_directory_is_checked_and_tampering_is_seen(tmp_path, example_build):
    out = tmp_path / "out"
    shutil.copytree(example_build, out)  # the session's build of the example kit, to tamper with
    result = run("check", out, "--dpi", FAST_DPI)
    assert result.exit_code == 0, result.output
    assert "build directory" in result.output
    # the plan says a QR code points elsewhere: the code on the page does not read that
    plan_path = out / ".deck-plan.json"
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    for face in plan["faces"]:
        for q in face["qr"]:
            q["url"] = q["url"].replace("anact", "example")
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    fails = _fails(run("check", out, "--dpi", FAST_DPI).output)
    assert any(
        "[qr] atelier-exemple-ressources.pdf page 1" in f and "expected 'https://www.example.fr/'" in f for f in fails
    ), fails
    # a PDF replaced after the build
    pdf = out / "atelier-exemple-acteurs.pdf"
    pdf.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 2])
    fails = _fails(run("check", out, "--dpi", FAST_DPI).output)
    assert any(
        f.startswith("FAIL [files] atelier-exemple-acteurs.pdf: differs from the file the build wrote") for f in fails
    ), fails


def _defect_build(tmp_path, kit="check-overflow"):
    out = tmp_path / "out"
    assert run("build", KITS / kit, "-o", out).exit_code == 0
    return out


def test_a_second_check_takes_unchanged_pages_from_the_cache_and_still_fails(tmp_path):
    """The cache keeps each page's findings: an unchanged defective page fails again without being read."""
    out = _defect_build(tmp_path)
    first = run("check", out, "--dpi", FAST_DPI)
    assert first.exit_code == 1 and "unchanged since the last check" not in first.output
    assert (out / ".deck-check-cache.json").is_file()
    second = run("check", out, "--dpi", FAST_DPI)
    assert second.exit_code == 1
    pages = re.search(r"^pages\s+(\d+)", second.output, re.M).group(1)
    assert f"; {pages} page(s) unchanged since the last check" in second.output
    assert _fails(second.output) == _fails(first.output)
    assert any('card "trop-long" (front): body text:' in f for f in _fails(second.output))
    # another resolution is another check: every page read again
    other = run("check", out, "--dpi", 200)
    assert other.exit_code == 1 and "unchanged since the last check" not in other.output
    # and --no-cache reads every page
    assert "unchanged since the last check" not in run("check", out, "--dpi", FAST_DPI, "--no-cache").output


def test_a_cache_edited_to_hide_a_defect_is_not_trusted(tmp_path):
    out = _defect_build(tmp_path)
    assert run("check", out, "--dpi", FAST_DPI).exit_code == 1
    path = out / ".deck-check-cache.json"
    cache = json.loads(path.read_text(encoding="utf-8"))
    for entry in cache["pages"].values():  # every page said clean
        entry["result"]["findings"] = []
    path.write_text(json.dumps(cache), encoding="utf-8")
    again = run("check", out, "--dpi", FAST_DPI)  # the edited entries' seals fail: those pages are read
    assert again.exit_code == 1, again.output
    assert any('card "trop-long" (front): body text:' in f for f in _fails(again.output))
    path.write_text("{ not json", encoding="utf-8")  # a damaged cache: ignored (not replaced: not deck's)
    assert run("check", out, "--dpi", FAST_DPI).exit_code == 1
    assert path.read_text(encoding="utf-8") == "{ not json"


def test_a_page_changed_after_its_check_is_read_again(tmp_path, example_build):
    """The fingerprint is the page's content: a PDF replaced by another build's (a fixed card, a broken
    one) is checked page by page, the pages it did not change taken from the cache."""
    out = tmp_path / "out"
    shutil.copytree(example_build, out)
    assert run("check", out, "--dpi", FAST_DPI).exit_code == 0
    kit = tmp_path / "kit"
    shutil.copytree(EXAMPLE, kit)
    yaml_path = kit / "contenu.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("Fixe le cap,", "Fixe le cap " + "et parle encore, " * 60 + "FIN,"), "utf-8")
    assert run("build", kit, "-o", out).exit_code == 0
    result = run("check", out, "--dpi", FAST_DPI)
    assert result.exit_code == 1
    assert any(
        'atelier-exemple-acteurs.pdf page 1, card "direction" (front): body text:' in f for f in _fails(result.output)
    )
    unchanged = int(re.search(r"; (\d+) page\(s\) unchanged", result.output).group(1))
    pages = int(re.search(r"^pages\s+(\d+)", result.output, re.M).group(1))
    assert 0 < unchanged < pages


def test_a_kit_checked_again_reads_only_the_pages_its_edit_changed(tmp_path):
    """`deck check KIT` builds into a temporary directory, and keeps its results in the user's cache: run
    again, it reads no page; after an edit, only the pages the edit changed, and the edit's defect fails."""
    kit = tmp_path / "kit"
    shutil.copytree(EXAMPLE, kit)
    first = run("check", kit, "--dpi", FAST_DPI)
    assert first.exit_code == 0 and "unchanged since the last check" not in first.output, first.output
    pages = int(re.search(r"^pages\s+(\d+)", first.output, re.M).group(1))
    again = run("check", kit, "--dpi", FAST_DPI)
    assert again.exit_code == 0 and f"; {pages} page(s) unchanged since the last check" in again.output
    yaml_path = kit / "contenu.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("Fixe le cap,", "Fixe le cap " + "et parle encore, " * 60 + "FIN,"), "utf-8")
    edited = run("check", kit, "--dpi", FAST_DPI)
    assert edited.exit_code == 1
    assert any('card "direction" (front): body text:' in f for f in _fails(edited.output)), edited.output
    unchanged = int(re.search(r"; (\d+) page\(s\) unchanged", edited.output).group(1))
    assert 0 < unchanged < pages
    assert "unchanged since the last check" not in run("check", kit, "--dpi", FAST_DPI, "--no-cache").output
    assert sorted(p.name for p in kit.iterdir()) == sorted(p.name for p in EXAMPLE.iterdir())  # nothing beside it


def test_the_user_s_cache_keeps_the_kits_checked_last_and_nothing_else_of_deck_s(tmp_path, monkeypatch):
    """One file per kit and options in ~/.cache/deck/check/: without an end, it grew with every kit ever
    checked. The oldest go beyond KITS_KEPT; a file of another name there is not deck's, and stays."""
    import os

    from deck.check.run import KITS_KEPT

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "deck" / "check"
    folder.mkdir(parents=True)
    old = []
    for k in range(KITS_KEPT + 5):  # kits checked long ago, the first the oldest
        f = folder / f"{k:032x}.json"
        f.write_text("{}", encoding="utf-8")
        os.utime(f, ns=(10**18 + k * 10**9, 10**18 + k * 10**9))
        old.append(f)
    mine = folder / "notes.json"
    mine.write_text("mine", encoding="utf-8")
    os.utime(mine, ns=(10**18, 10**18))
    assert run("check", EXAMPLE, "--dpi", FAST_DPI).exit_code == 0
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == KITS_KEPT + 1 and "notes.json" in left  # the kit just checked, KITS_KEPT - 1 others, mine
    assert [f.name for f in old[-(KITS_KEPT - 1) :]] == [n for n in left if n in {f.name for f in old}]
    assert run("check", EXAMPLE, "--dpi", FAST_DPI).output.count("unchanged since the last check") == 1


def test_a_directory_that_is_no_build_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"not": "deck"}', encoding="utf-8")
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert "no deck manifest.json" in result.output


def test_check_writes_nothing_beside_the_kit(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(EXAMPLE, kit)
    before = sorted(p.name for p in kit.iterdir())
    assert run("check", kit, "--dpi", FAST_DPI).exit_code == 0
    assert sorted(p.name for p in kit.iterdir()) == before


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_without_pypdfium2_the_message_says_what_to_install():
    code = (
        "import sys; sys.modules['pypdfium2'] = None\n"
        "from deck.cli import main; sys.argv = ['deck', 'check', 'atelier-exemple']; main()"
    )
    r = _python(code)
    assert r.returncode == 1, r.stderr
    assert "pip install pypdfium2 zxing-cpp" in r.stderr and "Traceback" not in r.stderr


def test_help_imports_neither_reportlab_nor_pypdfium2():
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom deck.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\nassert 'check' in r.output, r.output\n"
        "r = CliRunner().invoke(cli, ['check', '--help'])\nassert '--json' in r.output, r.output\n"
        "bad = [m for m in ('reportlab', 'pypdfium2', 'zxingcpp') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    r = _python(code)
    assert r.returncode == 0, r.stderr
