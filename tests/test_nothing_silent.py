"""Nothing silent: whatever `deck check` finds wrong on a card, the build that made it has already said of that
card (or of its deck's common back). Builds nobody had looked at — the bundled kits on cards smaller or larger
than their own, a kit of mixed scripts, one of texts nobody would write — once had backs whose deck name ran off
the card, paragraphs drawn over each other, accents in the safe zone and 6 pt print that only the check saw."""

from __future__ import annotations

import json

import pytest
from conftest import CONTENT, ROOT, run
from long_kits import write_mixed_kit

SIZES = ("bridge", "mini", "square")
KITS = sorted(p.name for p in CONTENT.iterdir() if (p / "kit.yaml").is_file()) + ["scripts", "mixed"]


def _deck_of(file: str, kit_id: str) -> str:
    name = file.removesuffix(".pdf").removesuffix("-print-shop").removesuffix("-versos")
    return name[len(kit_id) + 1 :]


OPTIONS = (
    ("--card", "mini", "--duplex", "fold"),
    ("--card", "mini", "--print-shop"),
    ("--card", "mini", "--tables", "2"),
    ("--card", "mini", "--paper", "letter", "--both-papers"),
    ("--card", "tarot", "--duplex", "none"),
    ("--printer", "shifted"),  # a profile moving the backs by 8 and -6 mm
)


@pytest.mark.slow
@pytest.mark.parametrize("card", SIZES)
@pytest.mark.parametrize("kit", KITS)
def test_what_the_check_finds_on_a_card_the_build_has_said(kit, card, tmp_path):
    _all_said(kit, tmp_path, "--card", card)


@pytest.mark.slow
@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
@pytest.mark.parametrize("kit", ["cooperatives-numerique", "mixed"])
def test_what_the_check_finds_on_a_card_the_build_has_said_with_options(kit, options, tmp_path):
    _all_said(kit, tmp_path, *options)


def _all_said(kit: str, tmp_path, *options: str) -> None:
    source = {"scripts": ROOT / "tests" / "kits" / "scripts", "mixed": None}.get(kit, CONTENT / kit)
    if source is None:
        source = write_mixed_kit(tmp_path / "mixed")
    kit_id = kit  # each bundled kit's folder is named by its id; so are the two others
    out = tmp_path / "out"
    profiles = tmp_path / "printers.yaml"
    profiles.write_text("printers:\n  shifted:\n    back_offset_x: 8\n    back_offset_y: -6\n", encoding="utf-8")
    built = run("build", source, "-o", out, *options, "--no-boards", env={"DECK_PRINTERS": str(profiles)})
    assert built.exit_code == 0, built.output
    report = json.loads(run("check", out, "--no-cache", "--json").output)
    silent = []
    for f in report["findings"]:
        if f["severity"] != "fail" or f["check"] == "build":
            continue
        if not f.get("card"):  # a page's own problem (a mark off the paper, a file changed): the build's fault
            silent.append((f["check"], f.get("file"), None, None, f["message"]))
            continue
        said_of_card = f'card "{f["card"]}"' in built.output
        said_of_back = f.get("side") == "back" and f'back of deck "{_deck_of(f["file"], kit_id)}"' in built.output
        if not (said_of_card or said_of_back):
            silent.append((f["check"], f["file"], f["card"], f.get("side"), f["message"]))
    assert not silent, silent
    print(f"{kit} {' '.join(options)}: {len(report['findings'])} findings, each said by the build")
