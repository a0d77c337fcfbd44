"""Per-card fingerprints and `deck build --changed-since`: reprints of only the cards that changed."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLE, run
from pdfread import page_texts

EXTRA = "".join(
    f'  - id: acteur-{i}\n    name: "Acteur {i}"\n    role: "Un rôle de plus, le numéro {i}, pour une autre planche."\n'
    for i in range(1, 10)
)
REPRINT = "atelier-exemple-acteurs-reprint.pdf"


def _kit(dst):
    """The example kit with 12 actors: two sheets of poker cards on A4."""
    shutil.copytree(EXAMPLE, dst)
    content = dst / "contenu.yaml"
    content.write_text(content.read_text(encoding="utf-8").replace("\nevents:", EXTRA + "\nevents:"), encoding="utf-8")
    return dst


def _edit(kit, *pairs):
    content = kit / "contenu.yaml"
    text = content.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    content.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def old(tmp_path_factory):
    """(the kit, its first build)."""
    root = tmp_path_factory.mktemp("reprint")
    kit = _kit(root / "kit")
    out = root / "old"
    result = run("build", kit, "-o", out)
    assert result.exit_code == 0, result.output
    return kit, out


def _cards(out) -> dict:
    return {(c["deck"], c["card"]): c for c in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["cards"]}


def test_the_manifest_fingerprints_every_card_with_its_place(old):
    _, out = old
    cards = _cards(out)
    assert len(cards) == 12 + 2 + 2 + 2
    c = cards[("acteurs", "acteur-9")]  # the 12th actor: the second sheet's third slot
    assert (c["file"], c["sheet"], c["slot"], c["copies"]) == ("atelier-exemple-acteurs.pdf", 2, 3, 1)
    assert len({c["front"] for c in cards.values()}) == len(cards)  # every front draws something of its own


def test_no_change_gives_the_same_fingerprints_and_no_reprint(old, tmp_path):
    kit, out = old
    new = tmp_path / "new"
    result = run("build", kit, "-o", new, "--changed-since", out)
    assert result.exit_code == 0, result.output
    assert f"no card changed since {out}: no reprint written" in result.output
    assert _cards(new) == _cards(out)
    assert not list(new.glob("*reprint*"))


def test_three_reworded_cards_are_reprinted_alone_with_their_backs(old, tmp_path):
    kit, out = old
    changed = tmp_path / "kit"
    shutil.copytree(kit, changed)
    _edit(
        changed,
        ("Fixe le cap, arbitre", "Donne le cap, arbitre"),
        ("le numéro 4, pour", "le numéro quatre, pour"),
        ("le numéro 8, pour", "le numéro huit, pour"),
        (
            '  - id: acteur-9\n    name: "Acteur 9"\n'
            '    role: "Un rôle de plus, le numéro 9, pour une autre planche."\n',
            "",
        ),
    )
    new = tmp_path / "new"
    result = run("build", changed, "-o", new, "--changed-since", out / "manifest.json")
    assert result.exit_code == 0, result.output
    assert "reprint of deck acteurs: 3 card(s) on 1 sheet(s) instead of 2 (1 sheet(s) saved)" in result.output
    assert "removed since" in result.output and "acteur-9" in result.output
    assert [p.name for p in new.glob("*-reprint.pdf")] == [REPRINT]  # no other deck changed

    front, back = (" ".join(t.split()) for t in page_texts(new / REPRINT))  # one sheet: fronts, then backs
    for title in ("Direction", "Acteur 4", "Acteur 8"):
        assert title in front
    assert "Donne le cap" in front and "le numéro quatre" in front and "le numéro huit" in front
    for other in ("CSE", "Équipe projet", "Acteur 1 ", "Acteur 5", "Acteur 9"):
        assert other not in front
    assert "verso" in back

    # each back lies behind its front once the sheet is turned over its long edge (the page plan, per slot)
    plan = json.loads((new / ".deck-plan.json").read_text(encoding="utf-8"))["files"][REPRINT]["pages"]
    assert len(plan) == 2
    width = plan[0]["size"][0]
    fronts = {s["card"]: s for s in plan[0]["slots"]}
    backs = {s["card"]: s for s in plan[1]["slots"]}
    assert set(fronts) == set(backs) == {"direction", "acteur-4", "acteur-8"}
    for card, f in fronts.items():
        b = backs[card]
        assert f["side"] == "front" and b["side"] == "back"
        assert b["matrix"][4] == pytest.approx(width - f["matrix"][4] - f["size"][0], abs=0.01)  # mirrored in x
        assert b["matrix"][5] == pytest.approx(f["matrix"][5], abs=0.01)

    changes = json.loads((new / "atelier-exemple-reprint-changes.json").read_text(encoding="utf-8"))
    got = {(c["card"], tuple(c["what"])): c["old"] for c in changes["changes"]}
    assert set(got) == {
        ("direction", ("text",)),
        ("acteur-4", ("text",)),
        ("acteur-8", ("text",)),
        ("acteur-9", ("removed",)),
    }
    assert got[("acteur-8", ("text",))] == {"file": "atelier-exemple-acteurs.pdf", "sheet": 2, "slot": 2}
    assert changes["reprints"] == [
        {"deck": "acteurs", "files": [REPRINT], "cards": 3, "sheets": 1, "full": 2, "saved": 1}
    ]
    text = (new / "atelier-exemple-reprint-changes.txt").read_text(encoding="utf-8")
    for card in ("direction", "acteur-4", "acteur-8", "acteur-9"):
        assert card in text
    listed = {o["path"]: o["kind"] for o in json.loads((new / "manifest.json").read_text())["outputs"]}
    assert listed[REPRINT] == "reprint" and listed["atelier-exemple-reprint-changes.txt"] == "changes"


def test_a_theme_colour_change_changes_every_card(old, tmp_path):
    kit, out = old
    changed = tmp_path / "kit"
    shutil.copytree(kit, changed)
    (changed / "themes").mkdir()
    (changed / "themes" / "encre.yaml").write_text('extends: default\ncolours:\n  ink: "#202020"\n', encoding="utf-8")
    k = changed / "kit.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("theme: default", "theme: encre"), encoding="utf-8")
    new = tmp_path / "new"
    result = run("build", changed, "-o", new, "--changed-since", out)
    assert result.exit_code == 0, result.output
    before, after = _cards(out), _cards(new)
    assert before.keys() == after.keys()
    for key in before:
        assert after[key]["front"] != before[key]["front"], key
        assert after[key]["front_text"] == before[key]["front_text"], key  # the same words, drawn otherwise
    changes = json.loads((new / "atelier-exemple-reprint-changes.json").read_text(encoding="utf-8"))["changes"]
    assert len(changes) == len(before) and all("layout" in c["what"] for c in changes)


def test_a_deck_named_like_a_reprint_stops_the_build(old, tmp_path):
    kit, out = old
    changed = tmp_path / "kit"
    shutil.copytree(kit, changed)
    k = changed / "kit.yaml"
    k.write_text(
        k.read_text(encoding="utf-8").replace(
            "  - id: consignes\n",
            '  - id: acteurs-reprint\n    title: "Doublon"\n    cards: events\n  - id: consignes\n',
        ),
        encoding="utf-8",
    )
    result = run("build", changed, "-o", tmp_path / "new", "--changed-since", out)
    assert result.exit_code == 1
    assert "atelier-exemple-acteurs-reprint.pdf" in result.output and "reprint" in result.output
    assert not (tmp_path / "new").exists()


def test_an_old_build_without_a_manifest_is_an_error(old, tmp_path):
    kit, _ = old
    (tmp_path / "empty").mkdir()
    result = run("build", kit, "-o", tmp_path / "new", "--changed-since", tmp_path / "empty")
    assert result.exit_code == 1
    assert "manifest.json" in result.output and "--changed-since" in result.output
    assert not (tmp_path / "new").exists()


def test_a_manifest_of_the_wrong_shape_is_an_error(old, tmp_path):
    kit, _ = old
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text('{"tool": "deck 0", "cards": [{"deck": [1], "card": "x"}]}')
    result = run("build", kit, "-o", tmp_path / "new", "--changed-since", tmp_path / "bad")
    assert result.exit_code == 1 and "no card fingerprints" in result.output
