"""What the kit adds to its source is marked on paper: each card of an item with `added:` carries the
provenance mark (« ajout du kit »), no other card does; the guide says what the mark means and lists the
additions; the map board tells the source's 27 objects (solid chips) from the kit's (dashed)."""

from __future__ import annotations

import pytest
from conftest import CONTENT
from pdfread import page_texts

from deck.build.pipeline import resolve
from deck.kit.load import load_kit
from deck.layout.boards import BoardStyle, map_board
from deck.layout.geometry import Place, Rect
from deck.layout.sketch import readable_tint
from deck.units import board_size

DIALOGUE = CONTENT / "mise-en-dialogue"
MARK = "ajout du kit"


def _marks(path) -> int:
    return sum(t.count(MARK) for t in page_texts(path))


@pytest.fixture(scope="module")
def kit():
    k, _ = load_kit(DIALOGUE)
    return k


def test_the_bundled_kit_marks_what_it_adds(kit):
    assert sum(1 for o in kit.objects if o.added) == 11
    assert sum(1 for o in kit.objects if not o.added) == 27  # the source's map
    assert all(e.added for e in kit.events)  # deduced from the narratives, with the kit's questions
    assert {a.id for a in kit.actors if a.added} == {"service-autogere", "services-integres", "managers", "drh"}
    assert {m.id for m in kit.modalities if m.added} >= {"s1-grenelle-2", "s1-sie"}
    marked = [s for sc in kit.scenarios for s in sc.stages if s.mark]
    assert marked and all(s.added for s in marked)  # where a timeline mark stands is the kit's choice


def test_each_added_item_carries_the_mark_on_its_printed_card(default_build, kit):
    name = kit.header.id
    stages = [s for sc in kit.scenarios for s in sc.stages]
    want = {
        "evenements": sum(1 + bool(e.questions) for e in kit.events if e.added),  # front and questions back
        "objets": sum(1 for o in kit.objects if o.added),
        "acteurs": sum(1 for a in kit.actors if a.added),
        "modalites": sum(1 for m in kit.modalities if m.added),
        "etapes": sum(
            1 for s in stages if s.added
        ),  # the front, where the timeline mark is; the questions are the source's
        "phases": 0,
        "ressources": 0,
    }
    for deck, n in want.items():
        assert _marks(default_build / f"{name}-{deck}.pdf") == n, deck


def test_the_guide_says_what_the_mark_means_and_lists_the_additions(default_build, kit):
    text = " ".join(page_texts(default_build / f"{kit.header.id}-guide-animation.pdf")).replace("\n", " ")
    assert "Ce que le kit ajoute au matériau source" in text
    assert "« ajout du kit »" in text
    for o in kit.objects:
        if o.added:
            assert o.title.split()[0] in text


def _prims(prims):
    for p in prims:
        if isinstance(p, Place):
            yield from _prims(p.prims)
        else:
            yield p


def test_the_map_board_tells_the_sources_objects_from_the_kits():
    res, diag = resolve(DIALOGUE)
    assert res is not None, diag.items
    (w, h), _ = board_size("a2")
    st = BoardStyle(w, h, res.theme, res.fonts, res.kit.header.language, res.words["labels"], "footer")
    g = map_board(res.kit, st)
    colour = res.theme.types["objects"].colour
    paper = res.theme.colours["paper"]
    chips = [p for p in _prims(g.prims) if isinstance(p, Rect) and p.radius]
    dashed = [p for p in chips if p.dash and p.stroke == colour and p.fill == paper]
    tint = readable_tint(colour, res.theme.colours["ink"], 0.75)  # the chips' plate
    solid = [p for p in chips if not p.dash and not p.stroke and p.fill == tint]
    assert len(dashed) == 11 + 1  # the kit's objects, and the legend's sample
    assert len(solid) == 27 + 1  # the source's map, and the legend's sample
    texts = " ".join(t.text for t in _prims(g.prims) if hasattr(t, "text") and isinstance(t.text, str))
    assert "27" in texts and "pointillés" in texts
