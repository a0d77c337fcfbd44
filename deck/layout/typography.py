"""Language rules applied to text before layout: NFC, a number kept with its noun, French spacing and
apostrophes; hyphenation (three letters at least on each side)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NBSP = "\u00a0"
NNBSP = "\u202f"


_SPACES = re.compile(r"[ \t]+")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_COLON = re.compile(r"[ \u00a0]+:")
_HIGH_AFTER_WORD = re.compile(r"(?<=\w)[ \u00a0\u202f]*([;!?])")
_HIGH = re.compile(r"[ \u00a0]+([;!?])")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_UNIT = re.compile(r"(?<=\d) (?=(%|€|mm|cm|km|h|min)\b)")
_PERCENT = re.compile(r"(?<=\d) %")
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"(?<=\d) (?=[^\W\d_])")  # « 15 jours », « 3 mois »: a number keeps its noun


_DOUBLE_QUOTES = re.compile(r'(^|[\s(\[—–-])"([^"\n]+?)"(?=$|[\s.,;:!?)\]—–-])')
# the quotation marks each language opens and closes a quotation with, for a text typed with straight ones
_QUOTES = {"en": ("\u201c", "\u201d"), "de": ("\u201e", "\u201c"), "nl": ("\u201c", "\u201d")}
_LATIN = {"en", "de", "es", "it", "pt", "nl", "ca"}  # a straight apostrophe after a letter is a typed ’
_APOSTROPHE_AFTER = re.compile(r"(?<=\w)'")


def typeset(text: str, lang: str) -> str:
    """Normalise spaces and apply the punctuation rules of the text's own language: French spacing (espaces
    insécables) for French only; curly apostrophes and the language's quotation marks for a text typed with
    straight ones (en “…”, de „…“); a number kept with its noun everywhere.

    Each rule runs only when the text holds the character it needs (a text of ten thousand cards
    goes through here once per card)."""
    text = text.replace("\r\n", "\n")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # "Việt" typed as letters and combining marks
    base = lang.lower().split("-")[0].split("_")[0]
    if base != "fr":
        if base in _LATIN and "'" in text:
            text = _APOSTROPHE_AFTER.sub("\u2019", text)
        if base in _QUOTES and '"' in text:
            opening, closing = _QUOTES[base]
            text = _DOUBLE_QUOTES.sub(lambda m: m.group(1) + opening + m.group(2) + closing, text)
        if _DIGIT.search(text):
            text = _NUMBER_WORD.sub(NBSP, text)
        return text
    if "'" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    if "«" in text:
        text = _OPEN_QUOTE.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    if ":" in text:
        text = _COLON.sub(NBSP + ":", text)
    if ";" in text or "!" in text or "?" in text:
        text = _HIGH_AFTER_WORD.sub(NNBSP + r"\1", text)
        text = _HIGH.sub(NNBSP + r"\1", text)
    if _DIGIT.search(text):
        text = _THOUSANDS.sub(NNBSP, text)
        text = _UNIT.sub(NBSP, text)
        text = _PERCENT.sub(NBSP + "%", text)
        text = _NUMBER_WORD.sub(NBSP, text)
    return text


@lru_cache(maxsize=8)
def hyphenator(lang: str):
    """A pyphen dictionary for the language, or None when there is none."""
    import pyphen

    base = lang.replace("-", "_")
    for candidate in (base, base.split("_")[0]):
        try:
            return pyphen.Pyphen(lang=candidate, left=3, right=3)  # three letters each side
        except KeyError:
            continue
    return None


@lru_cache(maxsize=20000)
def hyphen_points(word: str, lang: str) -> tuple[int, ...]:
    h = hyphenator(lang)
    if h is None or len(word) < 6 or not word.isalpha():
        return ()
    return tuple(h.positions(word))
