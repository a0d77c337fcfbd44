"""What a facilitator needs to run the workshop from the default build alone (issue 17): the run sheet in the
guide, one booklet per scenario with every stage narrative and the full start and arrival texts, the scenario
marks on the cards, blank cards, the blank timeline and the events zone, the phase-5 modelling sheet with the
seed's six registers and five values; `--scenario N`; the cooperatives' diagnostic script. Read back from the
PDFs (text, and text inside the band of each card as the page plan places it)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import CONTENT, run
from pdfread import last_lines, page_texts

from deck.kit.load import read_kit
from deck.kit.scenarios import memberships

DIALOGUE = "mise-en-dialogue"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_8d61bd8a239584d5.txt"
# the seed's lists (000, « ces modalités de dialogue ont à chaque fois composé avec différents registres » and
# « devront assurer à la fois l'équité, l'inclusion, la reconnaissance, la protection et la performance »)
REGISTERS = (
    "le management traditionnel, hiérarchique",
    "la collaboration autogérée",
    "l’expression directe des salariés",
    "l’appui et l’articulation sur les instances représentatives du personnel (délégués du personnel, CHSCT, CE), "
    "et les délégués syndicaux",
    "la négociation collective",
    "le dialogue avec les parties prenantes externes",
)
VALUES = ("l’équité", "l’inclusion", "la reconnaissance", "la protection", "la performance")


def _squash(text: str) -> str:
    """Letters and digits only, lower case: line breaks, hyphenation, spaces and apostrophes set aside."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return re.sub(r"[\W_]+", "", text).lower()


def _text(path: Path) -> str:
    return "\n".join(page_texts(path))


def _flowing(path: Path) -> str:
    """The text of a sheet's pages without their running header and page number (drawn last on each page), so
    that a paragraph running over a page break reads as one."""
    pages = []
    for text in page_texts(path):
        lines = text.split("\r\n")
        while lines and (re.fullmatch(r"\d+/\d+", lines[-1].strip()) or lines[-1].startswith("La mise en dialogue")):
            lines.pop()
        pages.append("\n".join(lines))
    return "\n".join(pages)


@pytest.fixture(scope="module")
def kit():
    return read_kit(CONTENT / DIALOGUE).kit


def test_guide_has_the_run_sheet_phase_by_phase(default_build, kit):
    guide = _flowing(default_build / f"{DIALOGUE}-guide-animation.pdf")
    assert "Feuille de route" in guide
    for p in kit.method.phases:
        assert f"Phase {p.number} — {p.title}" in guide.replace("\r\n", " ") or _squash(p.title) in _squash(guide)
        for field in (p.deal, p.words, p.output, p.debrief):
            assert field and _squash(field) in _squash(guide), (p.id, field[:40])
    for label in ("Sur la table", "Pour lancer", "Ce qui en sort", "Débriefing", "Face cachée"):
        assert guide.count(label) >= 4, label
    assert "Quand utiliser la cartographie des objets de dialogue" in guide
    assert "Trier les cartes par scénario" in guide  # the legend of the scenario marks
    for sc in kit.scenarios:
        assert _squash(f"{sc.number}. {sc.title}") in _squash(guide)
    assert _squash(kit.method.map_use) in _squash(guide)
    assert "Durée indicative : 2 h 35" in guide.replace("\u202f", " ").replace("\u00a0", " ")


def test_no_page_of_the_guide_or_a_booklet_ends_with_a_heading(default_build, coop_build):
    """A phase's title stays with its first row: the guide's page 2 ended with « Phase 1 — Présenter la situation
    de départ », its rows on page 3 (a row is kept whole, and the title kept only three lines' room)."""
    files = [
        f
        for b in (default_build, coop_build)
        for f in sorted(b.glob("*.pdf"))
        if "guide" in f.name or "livret" in f.name
    ]
    assert len(files) == 6
    for f in files:
        pages = last_lines(f)
        for k, (text, size) in enumerate(pages[:-1], 1):
            assert size < 11, f"{f.name} page {k} ends with a heading: {text}"


def test_one_booklet_per_scenario_holds_every_narrative_and_the_full_start_and_arrival(default_build, kit):
    manifest = json.loads((default_build / "manifest.json").read_text())
    booklets = sorted(o["path"] for o in manifest["outputs"] if "-livret-" in o["path"])
    assert booklets == [f"{DIALOGUE}-livret-s{n}.pdf" for n in (1, 2, 3, 4)]
    for sc in kit.scenarios:
        text = _squash(_flowing(default_build / f"{DIALOGUE}-livret-{sc.id}.pdf"))
        assert _squash(sc.title) in text
        for stage in sc.stages:
            assert stage.narrative, stage.id
            assert _squash(stage.narrative) in text, stage.id
            for q in stage.questions:
                assert _squash(q) in text, (stage.id, q)
        for end in (sc.start, sc.arrival):
            for part in (end.card, end.text):
                if part:
                    assert _squash(part) in text, (sc.id, part[:40])
        assert _squash("face cachée") in text
    s2 = _squash(_flowing(default_build / f"{DIALOGUE}-livret-s2.pdf"))
    stakes = ("reconnaissance des compétences", "collaboration", "mobilité professionnelle")
    stakes += ("reconnaissance du salarié",)
    for stake in stakes:
        assert _squash(f"L’enjeu de la {stake}") in s2, stake
    assert _squash("comité d’interpellation") in _squash(_text(default_build / f"{DIALOGUE}-livret-s3.pdf"))


def test_booklet_says_which_cards_to_deal_and_reveal_at_which_phase(default_build, kit):
    text = _text(default_build / f"{DIALOGUE}-livret-s2.pdf").replace("\r\n", " ")
    phase2 = text[text.index("Phase 2") : text.index("Phase 3")]
    assert "À distribuer" in phase2 and "À révéler au débriefing" in phase2
    sc = kit.index("scenarios")["s2"]
    for stage in sc.stages:  # the stages are turned over at the debrief of phase 2
        assert _squash(stage.title) in _squash(phase2), stage.id


def _band_texts(build: Path, deck_file: str, band_mm: float = 12) -> dict[str, list[str]]:
    """card id -> the text inside the header band of each of its front faces, read from the PDF where the page
    plan places the card."""
    import pypdfium2 as pdfium

    plan = json.loads((build / ".deck-plan.json").read_text())
    pages = plan["files"][deck_file]["pages"]
    pdf = pdfium.PdfDocument(str(build / deck_file))
    out: dict[str, list[str]] = {}
    try:
        for k, page in enumerate(pages):
            tp = pdf[k].get_textpage()
            for s in page["slots"]:
                if s["side"] != "front":
                    continue
                a, b, c, d, e, f = s["matrix"]
                w, h = s["size"]
                corners = [(a * u + c * v + e, b * u + d * v + f) for u in (0, w) for v in (h - band_mm * 72 / 25.4, h)]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                out.setdefault(s["card"], []).append(tp.get_text_bounded(min(xs), min(ys), max(xs), max(ys)))
    finally:
        pdf.close()
    return out


@pytest.mark.parametrize(
    "kind,deck", [("actors", "acteurs"), ("events", "evenements"), ("modalities", "modalites"), ("objects", "objets")]
)
def test_every_scenario_specific_card_carries_its_scenario_numbers(default_build, kit, kind, deck):
    table = memberships(kit)[kind]
    numbers = {sc.id: sc.number for sc in kit.scenarios}
    bands = _band_texts(default_build, f"{DIALOGUE}-{deck}.pdf")
    marked = 0
    for ident, scenarios in table.items():
        digits = re.findall(r"\d+", " ".join(bands[ident]))
        assert sorted(int(x) for x in digits) == sorted(numbers[s] for s in scenarios), (ident, bands[ident])
        marked += bool(scenarios)
    assert marked >= {"actors": 21, "events": 15, "modalities": 21, "objects": 16}[kind]


def test_stage_cards_carry_their_scenario_mark(default_build, kit):
    bands = _band_texts(default_build, f"{DIALOGUE}-etapes.pdf")
    for sc in kit.scenarios:
        for stage in sc.stages:
            assert f"Scénario {sc.number}" in bands[stage.id][0]
            assert str(sc.number) in re.sub(r"Scénario \d|Étape \d", "", bands[stage.id][0]), stage.id


@pytest.mark.parametrize("deck", ["etapes", "acteurs", "evenements", "modalites", "objets"])
def test_each_participant_deck_has_four_blank_cards(default_build, deck):
    text = _text(default_build / f"{DIALOGUE}-{deck}.pdf")
    assert text.count("Carte vierge : à écrire par le groupe") == 4
    manifest = json.loads((default_build / "manifest.json").read_text())
    index = _text(default_build / f"{DIALOGUE}-index-des-cartes.pdf")
    assert f"{deck}-vierge-4" in index.replace("\r\n", "")
    assert any(o["path"] == f"{DIALOGUE}-{deck}.pdf" for o in manifest["outputs"])


def test_blank_timeline_and_the_events_zone(default_build, kit):
    blank = _text(default_build / f"{DIALOGUE}-plateau-frise-vierge.pdf").replace("\r\n", " ")
    assert "Notre chemin de dialogue" in blank and "Événements et tensions" in blank
    for stage in kit.scenarios[0].stages[1:]:  # nothing of a scenario on it (stage 0 is « Situation de départ »)
        assert stage.title not in blank
    for sc in kit.scenarios:
        board = _text(default_build / f"{DIALOGUE}-plateau-{sc.id}.pdf").replace("\r\n", " ")
        assert "Événements et tensions" in board, sc.id


def _seed_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The six registers and five values as the seed writes them (when the seed is here), else the list above."""
    if not SEED.exists():
        return REGISTERS, VALUES
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    start = seed.index("composé avec différents registres :")
    part = seed[start : seed.index("Elles montrent", start)]
    items = tuple(x.strip(" ,.") for x in re.split(r"\s-\s", part.split(":", 1)[1]) if x.strip(" ,."))
    values = re.search(r"assurer à la fois (.+?)\.", seed).group(1)
    vals = tuple(v.strip() for v in re.split(r",| et ", values) if v.strip())
    return items, vals


def test_modelling_sheet_lists_the_seeds_six_registers_and_five_values(default_build):
    registers, values = _seed_lists()
    assert len(registers) == 6 and len(values) == 5
    text = _squash(_text(default_build / f"{DIALOGUE}-modelisation.pdf"))
    for item in registers + values:
        assert _squash(item) in text, item
    for heading in ("Les étapes clés du chemin", "Les moments où tout a avancé ou basculé"):
        assert _squash(heading) in text


def test_build_of_one_scenario_holds_only_its_cards_board_and_booklet(tmp_path, kit):
    out = tmp_path / "s2"
    result = run("build", "-o", out, "--scenario", "2")
    assert result.exit_code == 0, result.output
    files = {p.name for p in out.iterdir()}
    assert f"{DIALOGUE}-livret-s2.pdf" in files and f"{DIALOGUE}-plateau-s2.pdf" in files
    assert not {f"{DIALOGUE}-livret-s{n}.pdf" for n in (1, 3, 4)} & files
    assert not {f"{DIALOGUE}-plateau-s{n}.pdf" for n in (1, 3, 4)} & files
    table = memberships(kit)
    actors = _squash(_text(out / f"{DIALOGUE}-acteurs.pdf"))
    for a in kit.actors:
        belongs = "s2" in table["actors"][a.id]
        assert (_squash(a.role) in actors) == belongs, a.id
    stages = _text(out / f"{DIALOGUE}-etapes.pdf")
    assert "Scénario 2" in stages and "Scénario 1" not in stages and "Scénario 3" not in stages


def test_unknown_scenario_is_an_error_naming_the_known_ones(tmp_path):
    out = tmp_path / "none"
    result = run("build", "-o", out, "--scenario", "9")
    assert result.exit_code == 1
    assert "--scenario 9" in result.output and "1, 2, 3, 4" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_cooperatives_guide_has_a_diagnostic_script_of_60_to_90_minutes(coop_build):
    guide = _text(coop_build / "cooperatives-numerique-guide-animation.pdf").replace("\r\n", " ")
    order = ["Répondre seul", "Mettre en commun en équipe", "Traiter les « ? »", "priorités", "fiches correspondantes"]
    spots = [guide.replace("\u202f", " ").replace("\u00a0", " ").index(x) for x in order]
    assert spots == sorted(spots)
    total = re.search(r"Durée indicative : (\d) h (\d\d)", guide.replace("\u202f", " ").replace("\u00a0", " "))
    assert total and 60 <= int(total.group(1)) * 60 + int(total.group(2)) <= 90
    manifest = json.loads((coop_build / "manifest.json").read_text())
    assert not [o for o in manifest["outputs"] if o["kind"] == "board"]  # a run sheet, no method board


def test_a_phase_naming_an_unknown_kind_of_card_is_an_error_at_its_line(tmp_path):
    import shutil

    kit = tmp_path / "kit"
    shutil.copytree(CONTENT / DIALOGUE, kit)
    method = kit / "method.yaml"
    method.write_text(method.read_text().replace("cards: [events]", "cards: [evenements]"))
    result = run("validate", kit)
    assert result.exit_code == 1
    assert 'phase "phase-2": cards: "evenements" is not a kind' in result.output
    assert "did you mean" in result.output.lower() and "events" in result.output


def test_a_booklet_counts_its_one_scenario_card_in_the_singular(default_build):
    text = _flowing(default_build / f"{DIALOGUE}-livret-s1.pdf")
    assert re.search(r"Scénario : 1 carte(?!s)", text) and "Étape : 7 cartes" in text, text[-600:]
