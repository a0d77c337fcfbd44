"""Generated kits (random texts, lengths, languages, scripts, card sizes and counts) never crash the
build, and every text either fits on its card or is reported."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzéèêàâçîïôûùœæ’ABCDEFGHIJKLMNOPQRSTUVWXYZÉ0123456789",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "missing": "中文字😀👍ᚠᛇ",  # no bundled font has these: they must be reported, never dropped silently
}
PUNCT = ["", "", "", ",", ".", " :", " ;", " ?", " !", " «", "»", "-", "—"]
SIZES = ["poker", "bridge", "tarot", "mini", "square", "a7", "a6", "50x70"]
LANGS = ["fr", "en", "de", "el", "ru", "zh", "pt-BR"]


def examples(n: int):
    """Hypothesis settings: n examples, the same ones on every run."""
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


FAST = examples(12)
# the tests that build or check whole kits: a few examples on every run, many more with --slow (CI)
FEW_KITS, MANY_KITS = examples(6), examples(24)
FEW_CHECKS, MANY_CHECKS = examples(4), examples(16)


@st.composite
def words(draw, script: str, max_words: int):
    alphabet = SCRIPTS[script]
    n = draw(st.integers(1, max_words))
    out = []
    for _ in range(n):
        w = draw(st.text(alphabet, min_size=1, max_size=draw(st.sampled_from([4, 9, 30]))))
        out.append(w + draw(st.sampled_from(PUNCT)))
    text = " ".join(out)
    if n > 8 and draw(st.booleans()):
        cut = draw(st.integers(1, len(text) - 1))
        text = text[:cut] + "\n\n" + text[cut:]
    return text


@st.composite
def kits(draw, allow_missing: bool = True):
    scripts = ["latin", "greek", "cyrillic"] + (["missing"] if allow_missing else [])
    script = draw(st.sampled_from(scripts))
    n_cards = draw(st.integers(1, 10))
    resources, cards = [], []
    for i in range(draw(st.integers(0, 3))):
        path = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789-/", max_size=draw(st.sampled_from([10, 80, 400]))))
        resources.append({"id": f"r{i}", "title": draw(words(script, 6)), "url": f"https://example.org/{path}"})
    for i in range(n_cards):
        card = {"id": f"c{i}", "title": draw(words(script, 12))}
        if draw(st.booleans()):
            card["text"] = draw(words(script, draw(st.sampled_from([5, 40, 160]))))
        if draw(st.booleans()):
            card["items"] = [draw(words(script, 10)) for _ in range(draw(st.integers(1, 6)))]
        if draw(st.booleans()):
            card["back"] = draw(words(script, 30))
        if resources and draw(st.booleans()):
            card["resources"] = [draw(st.sampled_from(resources))["id"]]
        cards.append(card)
    header = {
        "id": "generated",
        "title": draw(words(script, 6)),
        "language": draw(st.sampled_from(LANGS)),
        "version": "1.0.0",
        "decks": [
            {
                "id": "cartes",
                "title": draw(words(script, 4)),
                "cards": "cards",
                "size": draw(st.sampled_from(SIZES)),
                "copies": draw(st.integers(1, 3)),
            }
        ],
    }
    return header, {"resources": resources, "cards": cards} if resources else {"cards": cards}


def _write(kit: Path, header: dict, content: dict) -> None:
    """JSON is YAML: the generated strings go through the real YAML reader."""
    kit.mkdir()
    (kit / "kit.yaml").write_text(json.dumps(header, ensure_ascii=False, indent=1), encoding="utf-8")
    (kit / "content.yaml").write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")


def _never_crashes(kit_data):
    header, content = kit_data
    with tempfile.TemporaryDirectory() as tmp:
        kit, out = Path(tmp) / "kit", Path(tmp) / "out"
        _write(kit, header, content)
        result = run("build", kit, "-o", out)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            errors = [line for line in result.output.splitlines() if ": error: " in line]
            assert errors and all(re.match(r"^\S+\.yaml(:\d+:\d+)?: error: ", e) for e in errors), result.output
            assert not out.exists() or not any(p.suffix == ".pdf" for p in out.iterdir())
        else:
            assert (out / "manifest.json").is_file()
        uses_missing = any(c in json.dumps(kit_data, ensure_ascii=False) for c in SCRIPTS["missing"])
        if uses_missing:  # characters no font has are an error, never silently dropped
            assert result.exit_code == 1 and "characters no font of the stack has" in result.output


@FEW_KITS
@given(kits())
def test_generated_kits_never_crash_the_build(kit_data):
    _never_crashes(kit_data)


@pytest.mark.slow
@MANY_KITS
@given(kits())
def test_many_generated_kits_never_crash_the_build(kit_data):
    _never_crashes(kit_data)


@FEW_CHECKS
@given(kits(allow_missing=False))
def test_every_text_either_fits_or_is_reported(kit_data):
    """What the PDF shows (read back from it) agrees with what the build said: any card whose text is not
    all printed inside its box was named in a warning."""
    _fits_or_reported(kit_data)


@pytest.mark.slow
@MANY_CHECKS
@given(kits(allow_missing=False))
def test_every_text_of_many_kits_either_fits_or_is_reported(kit_data):
    _fits_or_reported(kit_data)


def _fits_or_reported(kit_data):
    from deck.check.run import check_kit

    header, content = kit_data
    with tempfile.TemporaryDirectory() as tmp:
        kit = Path(tmp) / "kit"
        _write(kit, header, content)
        report = check_kit(kit, dpi=72)
    said = " ".join(f.message for f in report.findings if f.check == "build")
    for f in report.findings:
        if f.check == "text boxes" and f.severity == "fail":
            assert f'card "{f.card}" {f.side}' in said or "back of deck" in said, (f, said)


@FAST
@given(
    st.lists(
        st.sampled_from([w for s in ("latin", "greek", "cyrillic") for w in SCRIPTS[s]] + [" "] * 12), max_size=900
    ).map("".join),
    st.floats(40, 200),
    st.floats(20, 300),
    st.sampled_from(LANGS),
)
def test_fit_reports_exactly_when_text_overflows(text, box_w, box_h, lang):
    from deck.layout.text import Block, Fonts, fit
    from deck.style.fonts import font_name, width

    fonts = Fonts(font_name("regular"), font_name("bold"), font_name("italic"))
    blocks = [Block(p, "body") for p in text.split("  ") if p.strip()] or [Block("x")]
    r = fit(blocks, fonts, box_w, box_h, 11.0, 8.0, lang)
    if r.fits:
        assert r.height <= box_h + 1e-6
        assert all(line.x + width(line.text, line.font, line.size) <= box_w + 0.01 for line in r.lines)
        assert 8.0 <= r.size <= 11.0
    else:
        assert r.size == 8.0 and r.overflow >= 0
        assert r.height > box_h or any(
            line.x + width(line.text, line.font, line.size) > box_w + 0.01 for line in r.lines
        )
