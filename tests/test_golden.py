"""Layout drift: what deck lays out for each bundled kit (every card face, board, sheet and the guide)
is the snapshot in tests/golden/<kit>.json, to 0.01 mm. A change that is meant is taken in with
`python -m pytest tests/test_golden.py --refresh-golden` (see tests/README.md)."""

from __future__ import annotations

from dataclasses import replace

import golden
import pytest

from deck.units import MM

KITS = golden.bundled()
REFRESH = "python -m pytest tests/test_golden.py --refresh-golden"


@pytest.mark.parametrize("kit", sorted(KITS))
def test_layout_is_the_golden_one(kit, request):
    current = golden.kit_geometry(KITS[kit])
    if request.config.getoption("--refresh-golden"):
        golden.refresh(kit, current)
    stored = golden.load(kit)
    assert stored is not None, f"no snapshot {golden.path_of(kit)}: make it with {REFRESH}"
    differences = golden.compare(kit, stored, golden.loads(golden.dumps(current)))
    if differences:
        pytest.fail(
            f"the layout of kit {kit} is not the one in tests/golden/{kit}.json:\n  "
            + "\n  ".join(differences)
            + f"\nIf the change is meant, refresh the snapshots: {REFRESH}",
            pytrace=False,
        )


def test_snapshot_files_are_what_refresh_writes():
    """The committed files are exactly the writer's output: a refresh without a change changes nothing."""
    for kit in KITS:
        text = golden.path_of(kit).read_text(encoding="utf-8")
        assert golden.dumps(golden.loads(text)) == text, kit


def _title_face(kit: str = "atelier-exemple"):
    """The first card of the kit whose front has a title: (deck id, card spec, style, resolved kit)."""
    from deck.build.pipeline import _decks, card_style, resolve
    from deck.layout.faces import Views
    from deck.units import parse_card_size

    res, _ = resolve(KITS[kit])
    views = Views(res.kit, res.words)
    for deck in _decks(res.kit):
        for card in views.cards(deck):
            if card.front.title and not card.front.common:
                (w, h), _ = parse_card_size(deck.size or "poker")
                return deck.id, card, card_style(res, deck, (w * MM, h * MM)), res
    raise AssertionError("no card with a title")


def _front(style, card) -> list:
    from deck.layout.card import layout_face

    plain = golden.Plain({name: s for s, name in vars(style.fonts).items()})
    return golden.loads(
        golden.dumps({"cards": {"d": {"f": plain.face(layout_face(card.front, style, "t"))}}, "pages": {}})
    )["cards"]["d"]["f"]


def test_a_title_moved_by_1_mm_is_caught_and_said():
    """A shifted copy of the geometry: only the title's lines 1 mm to the right. The comparison names the
    kit, deck, card and side, the title, and how far it moved; nothing else."""
    deck_id, card, _, _ = _title_face()
    stored = golden.load("atelier-exemple")
    face = stored["cards"][deck_id][f"{card.id}/front"]
    shifted = [p[:2] + [round(p[2] + 1, 2)] + p[3:] if p[0] == "text" and p[1] == "title" else p for p in face]
    moved = {"cards": {**stored["cards"], deck_id: {**stored["cards"][deck_id], f"{card.id}/front": shifted}}}
    found = golden.compare("atelier-exemple", stored, {**stored, **moved})
    titles = [p for p in face if p[0] == "text" and p[1] == "title"]
    assert titles and len(found) == len(titles), found
    for line in found:
        assert line.startswith(f"kit atelier-exemple, deck {deck_id}, card {card.id}, front: title text ")
        assert "moved by (+1.00, +0.00) mm, from (" in line, line


def test_a_theme_that_lowers_the_title_by_1_mm_fails_the_comparison():
    """Laid out for real with a header band 1 mm taller (the title sits under it): the guard sees the
    title 1 mm lower, as a user would on the printed card."""
    deck_id, card, style, _ = _title_face()
    assert _front(style, card) == golden.load("atelier-exemple")["cards"][deck_id][f"{card.id}/front"]
    theme = style.theme
    taller = replace(style, theme=replace(theme, layout={**theme.layout, "band": theme.layout["band"] + 1}))
    found = []
    golden.diff_prims(
        golden.load("atelier-exemple")["cards"][deck_id][f"{card.id}/front"], _front(taller, card), "here", found, 100
    )
    title = [line for line in found if " title text " in line]
    assert title and all("moved by (+0.00, -1.00) mm" in line for line in title), found


def test_a_text_that_changes_and_a_code_that_grows_are_said():
    old = [["text", "body", 4, 50, "regular", 9, "left", "un"], ["qr", 40, 10, 0.6, 25, "https://a.org/"]]
    new = [["text", "body", 4, 50, "regular", 9, "left", "deux"], ["qr", 40, 10, 0.7, 25, "https://a.org/"]]
    new.append(["rect", 0, 0, 63, 88, "#FFFFFF", None, 0.5, 0])
    found = []
    golden.diff_prims(old, new, "kit k, deck d, card c, back", found, 10)
    assert found == [
        'kit k, deck d, card c, back: body text "un": now "deux"',
        "kit k, deck d, card c, back: QR code for https://a.org/: module +0.10 mm (0.6 -> 0.7)",
        "kit k, deck d, card c, back: rect #FFFFFF is new (at 0, 0 mm)",
    ], found
