"""The « Voix » kit (seed 004, a round table on tomorrow's management), read back from its built PDFs: the four
participants, the questions put to them in the seed's words on the fronts, their answers on the backs, the
workshop in the guide, and no paragraph of the seed pasted."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, run
from pdfread import page_texts

from deck.kit.load import load_kit

KIT = "voix-management"
SEED = ROOT.parent / "shared" / "seeds" / "004_a4638eceec775891.txt"

# deck id -> (the participant's name, one question the seed puts to it, as the seed writes it, and a fact
# of its answer that only the back of the card gives)
VOICES = {
    "itg": ("ITG Portage salarial", "le portage salarial a-t-il le vent en poupe ?", "70 000"),
    "universite-du-nous": (
        "Université du Nous",
        "comment le sens est-il recherché dans le travail ?",
        "intelligence collective",
    ),
    "travailler-avec-le-coeur": (
        "Travailler avec le cœur",
        "comment accompagner à titre individuel des personnes souhaitant changer de cap ?",
        "bilan de compétences",
    ),
    "mug-coworking": (
        "Mug Coworking",
        "quand on adopte un mode de travail « différent », comment cela se ressent-il au quotidien ?",
        "facilitatrices",
    ),
}


def flat(text: str) -> str:
    """Text as compared: no spaces, line breaks or hyphens (a word hyphenated at a line's end, which pdfium
    reads as U+FFFE, reads the same as the word), straight apostrophes, lower case."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\u2010\u2011\ufffe-]+", "", text.replace("’", "'")).lower()


def unquoted(text: str) -> str:
    """The text without what it quotes (« … », quotes inside quotes included)."""
    out, depth = [], 0
    for c in text:
        if c == "«":
            depth += 1
        out.append(c if depth == 0 else " ")
        if c == "»" and depth:
            depth -= 1
    return "".join(out)


@pytest.fixture(scope="module")
def voix_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("voix")
    result = run("build", KIT, "-o", out, "--strict")
    assert result.exit_code == 0, result.output
    return out


def test_each_voice_deck_names_its_participant_and_asks_its_question_with_the_answer_on_the_back(voix_build):
    for deck, (name, question, answer) in VOICES.items():
        pages = page_texts(voix_build / f"{KIT}-{deck}.pdf")  # each sheet: its recto, then its verso
        assert all("recto" in p for p in pages[0::2]) and all("verso" in p for p in pages[1::2]), deck
        recto, verso = " ".join(pages[0::2]), " ".join(pages[1::2])
        assert flat(name) in flat(recto) and flat(name) in flat(verso), deck
        assert flat(question) in flat(recto), (deck, question)
        assert flat(answer) in flat(verso) and flat(answer) not in flat(recto), (deck, answer)


def test_the_four_participants_are_in_the_guide_and_the_guide_runs_the_workshop(voix_build):
    guide = flat(" ".join(page_texts(voix_build / f"{KIT}-guide-animation.pdf")))
    for name, _, _ in VOICES.values():
        assert flat(name) in guide, name
    for phase in ("Distribuer les voix", "Lire et réagir", "Comparer les voix", "Revenir au chemin du groupe"):
        assert flat(phase) in guide, phase
    assert flat("Laurence Besson, AgiSens") in guide


def test_questions_are_the_seeds_and_answers_are_not_pasted_from_it():
    if not SEED.is_file():
        pytest.skip("the seed documents are not beside this clone")
    seed = SEED.read_text(encoding="utf-8")
    for _, question, _ in VOICES.values():
        assert flat(question) in flat(seed), question
    kit, _ = load_kit(ROOT / "content" / KIT)
    assert kit is not None
    words = re.findall(r"\w+", seed.lower())
    runs = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    for card in kit.cards:
        for part in (card.text, card.back, *card.items):  # the titles are the seed's questions, or short
            # what is quoted (« … »: the seed's questions, short lines of the participants) may be the seed's
            ours = re.findall(r"\w+", unquoted(part or "").replace("’", "'").lower())
            pasted = [w for i in range(len(ours) - 7) if (w := tuple(ours[i : i + 8])) in runs]
            assert not pasted, (card.id, " ".join(pasted[0]))
