"""Synthetic kits for the benchmark: N generic cards, each with a title, ~250 characters of French text,
a category (`type`) and its own resource (its own QR URL). Deterministic: the same N gives the same kit.

Content files hold at most 1 000 cards each (the kit format caps a file at 2 MB).
"""

from __future__ import annotations

import random
from pathlib import Path

CATEGORIES = ("Question", "Défi", "Ressource", "Témoignage")
WORDS = [
    "atelier",
    "dialogue",
    "travail",
    "équipe",
    "organisation",
    "réunion",
    "collectif",
    "projet",
    "pratique",
    "usage",
    "santé",
    "charge",
    "numérique",
    "temps",
    "outil",
    "compétence",
    "reconnaissance",
    "autonomie",
    "confiance",
    "décision",
    "direction",
    "salarié",
    "représentant",
    "délégué",
    "accord",
    "négociation",
    "changement",
    "transformation",
    "écoute",
    "parole",
    "expérience",
    "règle",
    "cadre",
    "espace",
    "discussion",
    "situation",
    "proposition",
    "coopération",
    "entreprise",
    "service",
    "client",
    "métier",
    "formation",
    "apprentissage",
    "prévention",
    "risque",
    "qualité",
    "vie",
    "bureau",
    "télétravail",
    "horaire",
    "messagerie",
    "performance",
    "objectif",
    "évaluation",
    "entretien",
    "retour",
    "idée",
    "solution",
    "contrainte",
    "besoin",
    "priorité",
]
LINKS = ("de", "du", "la", "le", "les", "des", "et", "pour", "avec", "dans", "sur", "entre", "en")
PER_FILE = 1000


def sentence(rng: random.Random, n: int) -> str:
    words = []
    for i in range(n):
        words.append(rng.choice(WORDS) if i % 2 == 0 else rng.choice(LINKS))
    s = " ".join(words)
    return s[0].upper() + s[1:]


def card_text(rng: random.Random) -> str:
    """230 to 270 characters: sentences of words, a question with French punctuation."""
    while True:
        parts = []
        while sum(len(p) + 1 for p in parts) < 185:
            parts.append(sentence(rng, rng.randint(6, 11)) + ".")
        parts.append(f"Qu’en pensez-vous : {rng.choice(WORDS)} ou {rng.choice(WORDS)} ?")
        text = " ".join(parts)
        if 230 <= len(text) <= 270:
            return text


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cards(n: int, seed: int = 8):
    """(id, category, title, text, url) of each card."""
    rng = random.Random(seed)
    for i in range(n):
        title = sentence(rng, rng.randint(3, 5))
        url = f"https://exemple.fr/ressources/fiche-{i:05d}"
        yield f"c{i:05d}", CATEGORIES[i % len(CATEGORIES)], title, card_text(rng), url


def write_kit(root: Path, n: int) -> Path:
    """Write a kit of n cards into root (created); returns root."""
    root.mkdir(parents=True, exist_ok=True)
    files = []
    chunk: list[str] = []
    res: list[str] = []

    def flush():
        k = len(files) // 2
        for name, lines in (
            (f"cartes-{k:02d}.yaml", ["cards:"] + chunk),
            (f"ressources-{k:02d}.yaml", ["resources:"] + res),
        ):
            (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            files.append(name)
        chunk.clear()
        res.clear()

    for i, (cid, cat, title, text, url) in enumerate(cards(n)):
        chunk += [
            f"  - id: {cid}",
            f"    type: {q(cat)}",
            f"    title: {q(title)}",
            f"    text: {q(text)}",
            f"    resources: [r{cid[1:]}]",
        ]
        res += [f"  - id: r{cid[1:]}", f"    title: {q('Fiche ' + cid[1:])}", f"    url: {q(url)}"]
        if (i + 1) % PER_FILE == 0:
            flush()
    if chunk:
        flush()
    header = [
        "format: 1",
        f"id: bench-{n}",
        f'title: "Banc d’essai {n}"',
        "language: fr",
        "version: 1.0.0",
        "theme: default",
        "files: [" + ", ".join(files) + "]",
        "decks:",
        "  - id: cartes",
        '    title: "Cartes"',
        "    cards: cards",
        "    size: poker",
        '    back: "Banc d’essai"',
    ]
    (root / "kit.yaml").write_text("\n".join(header) + "\n", encoding="utf-8")
    return root


if __name__ == "__main__":
    import sys

    print(write_kit(Path(sys.argv[2]), int(sys.argv[1])))
