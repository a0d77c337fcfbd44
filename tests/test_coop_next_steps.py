"""After the diagnostic, the cooperatives' kit has the next step on paper: the « Comment » of all six
fiches as action cards (names, axes, dimensions and questions as the guide gives them), and a diagnostic
sheet with a « ? » count per theme, a priorities box and a radar graduated in the quiz's own points."""

from __future__ import annotations

from pdfread import page_texts

COMMENT = {  # per fiche, what its « Comment » names (as the source writes it)
    1: [
        "Avant-projet",
        "Préparation de la transformation",
        "Validation des solutions retenues",
        "Réalisation",
        "Suivi",
    ],
    2: [
        "Information utile à l’opérationnel",
        "Information utile à la vie collective de la structure",
        "« imposé »",
        "« accès libre »",
        "autre couleur",
    ],
    3: ["Le temps du marché", "Le temps de l’entreprise", "Les réalités du territoire", "Le temps des salariés"],
    4: [
        "Structuration du projet",
        "Analyse des enjeux et des besoins",
        "Mise en œuvre du projet",
        "Quels seront les usages demain ?",
        "Quels ajustements à faire ?",
    ],
    5: ["La conception des outils selon les utilisateurs", "Les règles d’usage partagées"],
    6: [
        "Pour échanger",
        "Pour travailler ensemble",
        "Pour s’informer",
        "Relations directes",
        "Évaluer la charge de travail au plus juste",
    ],
}


def _flat(text: str) -> str:
    """Spacing and line-break hyphens aside (the cards hyphenate their text)."""
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    for dash in ("-", "\ufffe", "\u00ad", "\u2010"):
        text = text.replace(dash, "")
    return "".join(text.split())


def _text(path) -> str:
    return _flat(" ".join(page_texts(path)))


def test_the_kit_prints_the_comment_material_of_all_six_fiches(coop_build):
    text = _text(coop_build / "cooperatives-numerique-comment.pdf")
    missing = [(n, w) for n, words in COMMENT.items() for w in words if _flat(w) not in text]
    assert not missing, missing


def test_the_diagnostic_sheet_counts_the_question_marks_and_holds_the_priorities(coop_build):
    pages = page_texts(coop_build / "cooperatives-numerique-feuille-diagnostic.pdf")
    text = " ".join(pages).replace("\u202f", " ").replace("\xa0", " ")
    assert text.count("Nombre de « ? »") == 6  # one per theme
    assert "Nos priorités" in pages[-1] and "Priorité 2" in pages[-1]
    assert "les plus bas" not in text  # the source says only « identifiez vos priorités »
    radar = pages[-1].split()
    assert all(str(k) in radar for k in range(1, 6)) and "%" not in radar  # graduated in points, 0 to 5


def test_case_cards_say_temoignage_where_the_source_does(coop_build):
    pages = page_texts(coop_build / "cooperatives-numerique-cas.pdf")
    text = " ".join(pages)
    assert text.count("Témoignage") == 5 and text.count("Cas pratique") >= 1


def test_the_comment_cards_are_also_a_worksheet_with_a_page_per_fiche(coop_build):
    path = coop_build / "cooperatives-numerique-feuille-de-travail-comment.pdf"
    pages = page_texts(path)
    firsts = [p.split("Fiche ", 1)[1][:1] for p in pages if "Fiche " in p and " — " in p.split("Fiche ", 1)[1][:4]]
    assert firsts == ["1", "2", "3", "4", "5", "6"]  # each fiche starts a page of its own
    text = _text(path)
    assert not [w for words in COMMENT.values() for w in words if _flat(w) not in text]
    assert " ".join(pages).count("Ce que nous décidons") == 6
