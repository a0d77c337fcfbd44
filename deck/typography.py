"""Language rules applied to text before layout: French spacing, apostrophes; hyphenation."""

from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
NNBSP = "\u202f"


def typeset(text: str, lang: str) -> str:
    """Normalise spaces and apply the punctuation rules of the language (fr: espaces insécables)."""
    text = re.sub(r"[ \t]+", " ", text.replace("\r\n", "\n"))
    if lang.lower().split("-")[0].split("_")[0] != "fr":
        return text
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", text)
    text = re.sub(r"[ \u00a0]+:", NBSP + ":", text)
    text = re.sub(r"(?<=\w)[ \u00a0\u202f]*([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"[ \u00a0]+([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", NNBSP, text)
    text = re.sub(r"(?<=\d) (?=(%|€|mm|cm|km|h|min)\b)", NBSP, text)
    text = re.sub(r"(?<=\d) %", NBSP + "%", text)
    return text


@lru_cache(maxsize=8)
def hyphenator(lang: str):
    """A pyphen dictionary for the language, or None when there is none."""
    import pyphen

    base = lang.replace("-", "_")
    for candidate in (base, base.split("_")[0]):
        try:
            return pyphen.Pyphen(lang=candidate, left=2, right=3)
        except KeyError:
            continue
    return None


@lru_cache(maxsize=20000)
def hyphen_points(word: str, lang: str) -> tuple[int, ...]:
    h = hyphenator(lang)
    if h is None or len(word) < 6 or not word.isalpha():
        return ()
    return tuple(h.positions(word))
