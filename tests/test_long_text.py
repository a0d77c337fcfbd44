"""Line breaking takes time in proportion to the text: a word of 200 000 characters, or 1 MB of words in
one field, is laid out in a second or two and reported as an overflow by card; a build refuses such a field
(the validator's limit) at once, with its place. The margins are generous: `bench/long_text.py` times the
same on this machine."""

from __future__ import annotations

import time

from conftest import run
from long_kits import words, write_kit

from deck.layout.text import Block, Fonts, fit
from deck.style.fonts import font_name
from deck.units import MM

FONTS = Fonts(font_name("regular"), font_name("bold"), font_name("italic"))
LIMIT = 10.0  # seconds; each takes under 2 s on the 2-core development machine


def _fit(text: str):
    t0 = time.perf_counter()
    r = fit([Block(text)], FONTS, 55 * MM, 50 * MM, 11, 8, "en")
    return r, time.perf_counter() - t0


def test_a_word_of_200000_characters_is_laid_out_in_linear_time():
    r, took = _fit("x" * 200_000)
    assert took < LIMIT, took
    assert not r.fits and r.overflow > 1000 * MM  # reported as an overflow, all of it counted
    assert "".join(line.text for line in r.lines) == "x" * 200_000  # every character on some line
    small, took_small = _fit("x" * 20_000)
    assert took_small < LIMIT / 5


def test_a_megabyte_of_words_is_laid_out_in_linear_time():
    text = words(1_000_000)
    r, took = _fit(text)
    assert took < LIMIT, took
    assert not r.fits and r.overflow > 1000 * MM
    printed = "".join(line.text.removesuffix("-") for line in r.lines)  # (hyphenated at line ends)
    assert printed.replace(" ", "") == text.replace(" ", "")  # every word on some line


def test_builds_of_huge_fields_fail_at_once_with_their_place(tmp_path):
    for name, text in (("word", "x" * 200_000), ("words", words(1_000_000))):
        kit = write_kit(tmp_path / name, name, text)
        t0 = time.perf_counter()
        result = run("build", kit, "-o", tmp_path / f"out-{name}")
        assert time.perf_counter() - t0 < LIMIT
        assert result.exit_code == 1
        assert "cards.yaml:" in result.output and "expected at most" in result.output, result.output


def test_a_word_as_long_as_a_field_may_be_builds_and_is_reported_by_card(tmp_path):
    kit = write_kit(tmp_path / "kit", "word", "x" * 20_000)
    t0 = time.perf_counter()
    result = run("build", kit, "-o", tmp_path / "out")
    assert time.perf_counter() - t0 < LIMIT
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert any('card "long" front' in w and "does not fit" in w and "mm too long" in w for w in warnings), warnings
    assert not any('card "short"' in w for w in warnings)
