"""Typography of the content's language, read from the PDFs: no number left at a line end away from its
word, no hyphenated title or heading, no paragraph ending on a hyphenated fragment, no French line starting
with ; : ! ? ». The default kit on every run, every bundled kit with the slow tests."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from conftest import CONTENT, run

from deck.kit.find import bundled_kits
from deck.layout.typography import typeset

HYPHENS = ("-", "\u00ad", "\ufffe", "\x02")


def _lines(path: Path) -> list[tuple[str, bool, float]]:
    """Every line of text the PDF draws, in drawing order: (text, bold, size). One line = consecutive
    characters on one baseline in one size (deck draws each line as one text object)."""
    out: list[tuple[str, bool, float]] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            x, y = ctypes.c_double(), ctypes.c_double()
            flags = ctypes.c_int()
            buf = ctypes.create_string_buffer(128)
            current: list[str] = []
            key = None
            bold = False
            for k in range(tp.count_chars()):
                ch = chr(raw.FPDFText_GetUnicode(tp, k) or 32)
                if raw.FPDFText_IsGenerated(tp, k) == 1 and ch not in " \x02\ufffe":
                    continue
                if ch in "\r\n":
                    continue
                if ch.isspace():  # (a space's origin may be anywhere: it goes with the line it is in)
                    if current:
                        current.append(" ")
                    continue
                raw.FPDFText_GetCharOrigin(tp, k, x, y)
                s = round(raw.FPDFText_GetFontSize(tp, k), 1)
                here = (round(y.value), 0, s)
                if key is not None and (abs(here[0] - key[0]) > 1 or here[2] != key[2]):
                    out.append(("".join(current).strip(), bold, key[2]))
                    current = []
                raw.FPDFText_GetFontInfo(tp, k, buf, 128, flags)
                bold = b"Bold" in buf.value  # (of the line's last character: a list's marker is bold)
                key = here
                current.append(ch)
                if ch == "\ufffe":  # pdfium's end-of-line hyphen: the line ends here
                    out.append(("".join(current).strip(), bold, s))
                    current = []
                    key = None
            if current:
                out.append(("".join(current).strip(), bold, key[2] if key else 0.0))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return [line for line in out if line[0]]


def problems(folder: Path, french: bool) -> list[str]:
    found = []
    for pdf in sorted(folder.glob("*.pdf")):
        lines = _lines(pdf)
        for n, (text, bold, size) in enumerate(lines):
            nxt = lines[n + 1][0] if n + 1 < len(lines) else ""
            same = n + 1 < len(lines) and lines[n + 1][2] == size and lines[n + 1][1] == bold
            where = f"{pdf.name}: « {text} » / « {nxt} »"
            if same and re.search(r"(^|\s)\d+$", text) and re.match(r"[^\W\d_]", nxt) and nxt[:1].islower():
                found.append("number away from its word: " + where)
            if text.endswith(HYPHENS) and not text.endswith("--"):
                if bold:
                    found.append("hyphenated title or heading: " + where)
                elif same and re.fullmatch(r"[^\W\d_]+\W*[\u202f\u00a0 ]?[.?!:…»)]*", nxt) and nxt[-1:] in ".?!…":
                    found.append("paragraph ending on a hyphenated fragment: " + where)
            if french and text[:1] in ";:!?»":
                found.append("line starting with punctuation: " + where)
    return found


def _build(kit: str, out: Path) -> Path:
    result = run("build", kit, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_the_default_kit_is_typeset(default_build):
    assert problems(default_build, french=True) == []


@pytest.mark.slow
@pytest.mark.parametrize("kit", bundled_kits())
def test_every_bundled_kit_is_typeset(kit, tmp_path):
    assert problems(_build(kit, tmp_path / "out"), french=True) == []


def test_the_rules_are_those_of_the_content_language():
    # a number keeps its noun in every language; French punctuation keeps its thin space
    assert typeset("tous les 15 jours", "fr") == "tous les 15\u00a0jours"
    assert typeset("every 15 days", "en") == "every 15\u00a0days"
    assert typeset("Sommes-nous prêts ?", "fr").endswith("prêts\u202f?")


def test_french_content_under_english_labels_keeps_french_spacing(tmp_path):
    """An overlay that prints the labels in English over French content (docs/format.md): the content is
    still typeset as French, so no « ? » can start a line."""
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "kit.yaml").write_text(
        "extends: atelier-exemple\nid: english-labels\ntitle: Atelier\nlanguage: en\n", encoding="utf-8"
    )
    out = _build(kit, tmp_path / "out")
    assert problems(out, french=True) == []
    from deck.kit.load import load_kit

    loaded, _ = load_kit(kit)
    assert loaded is not None and loaded.header.language == "en" and loaded.header.text_language == "fr"


def test_bundled_kits_are_french():
    for kit in bundled_kits():
        assert "language: fr" in (CONTENT / kit / "kit.yaml").read_text(encoding="utf-8")
