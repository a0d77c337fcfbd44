"""Kits with very long texts, for tests/test_long_text.py and bench/long_text.py."""

from __future__ import annotations

import random
from pathlib import Path

HEADER = (
    'id: {id}\ntitle: "Long"\nlanguage: en\nversion: 1.0.0\ndecks:\n  - id: cards\n    title: Cards\n    cards: cards\n'
)


def words(n_chars: int, seed: int = 1) -> str:
    """About n_chars of words of 2 to 10 letters (a vocabulary of 3 000), separated by spaces."""
    rnd = random.Random(seed)
    vocab = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 10))) for _ in range(3000)]
    out: list[str] = []
    n = 0
    while n < n_chars:
        w = rnd.choice(vocab)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:n_chars].rstrip()


def write_kit(folder: Path, kit_id: str, text: str) -> Path:
    """A kit of two cards: one short, one whose text is `text` (a YAML double-quoted scalar)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kit.yaml").write_text(HEADER.format(id=kit_id), encoding="utf-8")
    (folder / "cards.yaml").write_text(
        f"cards:\n  - id: short\n    title: Short\n    text: Fine.\n"
        f'  - id: long\n    title: Long\n    text: "{text}"\n',
        encoding="utf-8",
    )
    return folder


def write_mixed_kit(folder: Path, seed: int = 7) -> Path:
    """A kit nobody would write: 40 cards whose titles, texts and items are drawn from long lowercase words,
    Arabic letters, one 34-letter word repeated, accented capitals and French quotes, emoji with ZWJ
    sequences and long URLs, half of them with a resource of a long address; a deck whose back text has
    three paragraphs (Latin, Arabic, emoji). JSON is YAML: written with json.dump."""
    import json

    rnd = random.Random(seed)

    def text(n: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz") -> str:
        out, k = [], 0
        while k < n:
            w = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(2, 11)))
            out.append(w)
            k += len(w) + 1
        return " ".join(out)[:n].strip()

    arabic = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    kinds = [
        lambda n: text(n).capitalize(),
        lambda n: text(n, arabic),
        lambda n: "Supercalifragilisticexpialidocious" * max(1, n // 34),
        lambda n: "Émile Ärger — « Œuvre » : " + text(n),
        lambda n: "\U0001f389 Team \U0001f469\u200d\U0001f4bb\U0001f468\u200d\U0001f469\u200d\U0001f467 " + text(n),
        lambda n: "https://example.org/" + "a" * n,
    ]
    cards = []
    for i in range(40):
        card = {"id": f"c{i}", "title": rnd.choice(kinds)(rnd.choice([5, 20, 45, 90]))}
        body = rnd.choice(kinds)(rnd.choice([0, 60, 200, 450]))
        if body:
            card["text"] = body
        if rnd.random() < 0.5:
            card["items"] = [rnd.choice(kinds)(rnd.choice([10, 40, 80])) for _ in range(rnd.randint(1, 5))]
        if rnd.random() < 0.5:
            card["resources"] = [f"r{i % 6}"]
        cards.append(card)
    resources = [
        {
            "id": f"r{k}",
            "title": rnd.choice(kinds)(rnd.choice([8, 30, 70])),
            "url": f"https://example.org/{'x' * (k * 20)}",
        }
        for k in range(6)
    ]
    back = text(80) + "\n\n" + text(120, arabic) + "\n\n\U0001f389 " + text(40)
    kit = {
        "id": "mixed",
        "title": "Mixed " + text(30),
        "language": "en",
        "version": "1.0.0",
        "decks": [
            {"id": "cards", "title": "Cards " + text(40), "cards": "cards", "back": back},
            {"id": "links", "title": "Links", "cards": "resources"},
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kit.yaml").write_text(json.dumps(kit, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "cards.yaml").write_text(
        json.dumps({"cards": cards, "resources": resources}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return folder
