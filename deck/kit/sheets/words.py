"""The words of a workbook deck writes: the help row under each header and the how-to tab, in French or English."""

from __future__ import annotations

from deck.kit.model import Bool, Choice, Id, Int, Kind, Lang, Ref, Refs, Size, Str, Text, Texts, ThemeSpec, Url

# what a field is, where the field's name alone does not say it (French; English falls back on the model's doc)
FIELD_FR: dict[str, str] = {
    "id": "identifiant unique",
    "name": "nom imprimé sur la carte",
    "full_name": "nom complet",
    "role": "rôle, en quelques phrases",
    "kind": "famille de l’acteur",
    "title": "titre",
    "text": "texte",
    "card": "texte court de la carte",
    "narrative": "récit de l’étape",
    "mark": "repère sur la frise : T0, 6 mois, …",
    "number": "numéro",
    "setting": "cadre : secteur, taille",
    "summary": "résumé",
    "publisher": "éditeur",
    "url": "adresse https:// (le code QR)",
    "short_url": "adresse plus courte pour le code QR",
    "plain_http": "le site n’a pas de https",
    "note": "note",
    "context": "contexte",
    "stakes": "enjeux",
    "organisation": "organisation",
    "intro": "introduction",
    "label": "réponse de l’échelle",
    "points": "points de cette réponse",
    "type": "étiquette de l’en-tête de la carte",
    "back": "texte du dos",
    "cards": "ce qui devient des cartes",
    "size": "taille des cartes",
    "copies": "exemplaires de chaque carte",
    "questions": "une question par ligne",
    "items": "un élément par ligne",
    "features": "un trait par ligne",
    "objectives": "un objectif par ligne",
    "prompts": "une relance par ligne",
    "opportunities": "une opportunité par ligne",
    "risks": "un risque par ligne",
    "statements": "une affirmation par ligne",
    "scenarios": "scénarios",
    "resources": "ressources",
    "actors": "acteurs",
    "events": "événements",
    "modalities": "modalités",
    "objects": "objets",
    "scenario": "scénario",
    "stage": "étape",
    "theme": "thème",
    "fiche": "fiche",
}

PARENT_FR = "l’id de la ligne à laquelle elle appartient, dans l’onglet {tab}"
PARENT_EN = "the id of the row it belongs to, in the {tab} tab"


def kind_help(kind: Kind, french: bool) -> str:
    match kind:
        case Id():
            return "minuscules, chiffres, - _ ." if french else "lower-case letters, digits, - _ ."
        case Text():
            return "texte ; Alt+Entrée va à la ligne" if french else "text; Alt+Enter starts a new line"
        case Str():
            return "texte" if french else "text"
        case Int():
            return "nombre entier" if french else "whole number"
        case Bool():
            return "VRAI ou FAUX" if french else "TRUE or FALSE"
        case Url():
            return "https://…"
        case Lang():
            return "code de langue : fr, en" if french else "language code: fr, en"
        case Size():
            return "poker, tarot, bridge, … ou LxH en mm" if french else "poker, tarot, bridge, … or WxH in mm"
        case Ref(collection=c):
            return f"id d’un des {c} (liste)" if french else f"id of one of the {c} (drop-down)"
        case Refs(collection=c):
            return f"ids des {c}, séparés par des virgules" if french else f"ids of {c}, separated by commas"
        case Choice(options=options):
            return ("un de : " if french else "one of: ") + ", ".join(options)
        case Texts():
            return "texte" if french else "text"
        case ThemeSpec():
            return "nom d’un thème (default)" if french else "a theme's name (default)"
    return ""


def column_help(name: str, doc: str, kind: Kind, required: bool, french: bool) -> str:
    leaf = name.rsplit(".", 1)[-1]
    what = FIELD_FR.get(leaf, "") if french else doc
    parts = [p for p in (what, kind_help(kind, french)) if p]
    text = " — ".join(parts)
    if required:
        text += " (obligatoire)" if french else " (required)"
    return text


HOW_TO_FR = [
    "Ce classeur est un kit deck : chaque onglet est une liste (acteurs, cartes, étapes…), une ligne par élément.",
    "",
    "1. L’onglet Kit donne le titre, la langue et la version du kit ; l’onglet Paquets, les paquets à imprimer.",
    "2. Ligne 1 : le nom de chaque colonne (ne le changez pas). Ligne 2 (commence par #) : ce que la colonne attend.",
    "   Une ligne dont la première case commence par # est une note : deck ne la lit pas.",
    "3. Une ligne par élément, à partir de la ligne 3. Une case vide : la valeur par défaut.",
    "4. Les listes (les questions d’une étape, les éléments d’une carte) ont leur onglet : une ligne par question,",
    "   avec dans les premières colonnes l’id de l’élément auquel elle appartient (scenario, stage, card…).",
    "5. Les ids : minuscules, chiffres et tirets (direction, s1-e0). Plusieurs ids dans une case : séparés par",
    "   des virgules.",
    "   Les listes déroulantes proposent les ids des autres onglets.",
    "6. Enregistrez, puis : deck build CE-FICHIER.xlsx -o sortie (ou .ods). Chaque problème est donné par sa case :",
    "   contenu.xlsx:Acteurs!C7: error: … ; tous les problèmes d’un coup.",
    "7. Pour revenir au YAML : deck sheet import CE-FICHIER.xlsx -o dossier.",
]

HOW_TO_EN = [
    "This workbook is a deck kit: each tab is a list (actors, cards, stages…), one row per item.",
    "",
    "1. The Kit tab gives the kit's title, language and version; the Decks tab, the decks to print.",
    "2. Row 1: each column's name (keep it as it is). Row 2 (starts with #): what the column takes.",
    "   A row whose first cell starts with # is a note: deck does not read it.",
    "3. One row per item, from row 3 on. An empty cell: the default value.",
    "4. Lists (a stage's questions, a card's items) have their own tab: one row per question, its first columns",
    "   naming the item it belongs to (scenario, stage, card…).",
    "5. Ids: lower-case letters, digits and dashes (direction, s1-e0). Several ids in a cell: separated by commas.",
    "   The drop-down lists offer the ids of the other tabs.",
    "6. Save, then: deck build THIS-FILE.xlsx -o out (or .ods). Every problem is given by its cell:",
    "   contenu.xlsx:Actors!C7: error: …; all of them at once.",
    "7. Back to YAML: deck sheet import THIS-FILE.xlsx -o folder.",
]


def how_to(french: bool) -> list[str]:
    return HOW_TO_FR if french else HOW_TO_EN


KIT_HEADERS = ("field", "value")
