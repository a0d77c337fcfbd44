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
