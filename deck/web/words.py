"""The words of the site and of the editor, in the kit's language (French or English; English otherwise)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to the content",
        "home": "Home",
        "decks": "Decks",
        "boards": "Boards",
        "resources": "Resources",
        "cards_n": "{n} cards",
        "card_n": "1 card",
        "front": "Front",
        "back": "Back",
        "front_of": "Front of the card “{title}”",
        "back_of": "Back of the card “{title}”",
        "board_image": "The board “{name}”, as printed",
        "board_full": "The board as an image ({w} × {h} px), to use as the background of an online whiteboard",
        "board_cards": "Cards to place on this board",
        "board_help": "For Miro, Mural or Klaxoon: drop the board image as the background, then the card images "
        "beside it (each image is a link to its file).",
        "card_resources": "Further reading",
        "scan": "Address of the QR code",
        "previous": "Previous card",
        "next": "Next card",
        "in_deck": "Deck: {deck}",
        "credits": "Credits",
        "licence": "Licence",
        "made_by": "Made with deck {version} from the kit “{kit}” version {kit_version}.",
        "resources_intro": "Every resource of the kit, with its address.",
        "none": "none",
        "download": "image file",
    },
    "fr": {
        "skip": "Aller au contenu",
        "home": "Accueil",
        "decks": "Paquets de cartes",
        "boards": "Plateaux",
        "resources": "Ressources",
        "cards_n": "{n} cartes",
        "card_n": "1 carte",
        "front": "Recto",
        "back": "Verso",
        "front_of": "Recto de la carte « {title} »",
        "back_of": "Verso de la carte « {title} »",
        "board_image": "Le plateau « {name} », tel qu’imprimé",
        "board_full": "Le plateau en image ({w} × {h} px), comme fond d’un tableau blanc en ligne",
        "board_cards": "Les cartes à poser sur ce plateau",
        "board_help": "Pour Miro, Mural ou Klaxoon : déposez l’image du plateau comme fond, puis les images des "
        "cartes à côté (chaque image est un lien vers son fichier).",
        "card_resources": "Pour aller plus loin",
        "scan": "Adresse du QR code",
        "previous": "Carte précédente",
        "next": "Carte suivante",
        "in_deck": "Paquet : {deck}",
        "credits": "Crédits",
        "licence": "Licence",
        "made_by": "Fait avec deck {version} à partir du kit « {kit} » version {kit_version}.",
        "resources_intro": "Toutes les ressources du kit, avec leur adresse.",
        "none": "aucune",
        "download": "fichier image",
    },
}


def words(language: str) -> dict[str, str]:
    """The words for a BCP 47 language code (fr, fr-CA → French; anything else → English)."""
    return WORDS.get(language.split("-")[0].lower(), WORDS["en"])
