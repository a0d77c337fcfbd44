"""Any script: a kit in Arabic, Hebrew, decomposed Vietnamese, Polish, Greek, Cyrillic, emoji with ZWJ
sequences, soft hyphens and zero-width spaces builds, and the PDF shows what HarfBuzz shapes: glyphs read
back from the embedded fonts, characters from the rendered page."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import uharfbuzz as hb
from conftest import run
from pypdf import PdfReader
from pypdf.generic import ContentStream

from deck.check.reader import pages
from deck.kit.find import fonts_dir

KITS = Path(__file__).resolve().parent / "kits"
ARABIC = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a \u0627\u0644\u0648\u0631\u0634\u0629"
HEBREW = "\u05e9\u05dc\u05d5\u05dd \u05dc\u05db\u05d5\u05dd \u05d1\u05e1\u05d3\u05e0\u05d4"


@pytest.fixture(scope="module")
def scripts_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("scripts")
    result = run("build", KITS / "scripts", "-o", out, "--strict")
    assert result.exit_code == 0, result.output
    assert "error" not in result.output and "warning" not in result.output, result.output
    return out / "scripts-cards.pdf"


def _hb_font(data: bytes) -> hb.Font:
    return hb.Font(hb.Face(data))


def _extents(font: hb.Font, gid: int) -> tuple:
    e = font.get_glyph_extents(gid)
    return (e.x_bearing, e.y_bearing, e.width, e.height) if e else (0, 0, 0, 0)


def _drawn(path: Path, page: int = 0) -> dict[str, list[tuple]]:
    """Per font (PostScript name, subset tag removed): the outline extents of every glyph the page's
    content stream draws, in order, read from the font program embedded in the PDF."""
    reader = PdfReader(str(path))
    pg = reader.pages[page]
    fonts = pg["/Resources"]["/Font"]
    programs: dict = {}
    out: dict[str, list[tuple]] = {}
    current = None
    for operands, op in ContentStream(pg.get_contents(), reader).operations:
        if op == b"Tf":
            current = operands[0]
            continue
        if op not in (b"Tj", b"TJ") or current is None:
            continue
        font = fonts[current].get_object()
        name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
        if current not in programs:
            data = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            programs[current] = _hb_font(data)
        f = programs[current]
        items = operands[0] if op == b"TJ" else [operands[0]]
        for item in items:
            if isinstance(item, (int, float)) or not hasattr(item, "original_bytes") and not isinstance(item, bytes):
                continue
            raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
            for code in raw:
                # reportlab's subsets map their byte codes with a (1, 0) cmap, which HarfBuzz reads through
                # Mac Roman: ask for the character that byte is in Mac Roman
                gid = f.get_nominal_glyph(ord(bytes([code]).decode("mac_roman"))) or 0
                out.setdefault(name, []).append(_extents(f, gid))
    return out


def _shaped(text: str, file: str, rtl: bool | None = None) -> list[tuple]:
    """What HarfBuzz draws for `text` in one of the bundled fonts: the extents of its glyphs."""
    font = _hb_font((fonts_dir() / file).read_bytes())
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    return [_extents(font, i.codepoint) for i in buf.glyph_infos]


def _visible(glyphs) -> Counter:
    return Counter(g for g in glyphs if g[2] or g[3])


def test_arabic_letters_are_joined_in_the_pdf(scripts_build):
    drawn = _drawn(scripts_build)["NotoSansArabic-Regular"]
    expected = [g for word in ARABIC.split() for g in _shaped(word, "NotoSansArabic-Regular.ttf")]
    isolated = [g for ch in ARABIC.replace(" ", "") for g in _shaped(ch, "NotoSansArabic-Regular.ttf")]
    assert _visible(drawn) == _visible(expected)  # the glyphs HarfBuzz chose: initial, medial, final forms
    assert _visible(drawn) != _visible(isolated)  # not the letters one by one
    assert len(_visible(expected) & _visible(isolated)) < len(_visible(expected))


def test_hebrew_prints_in_its_font_right_to_left(scripts_build):
    drawn = _drawn(scripts_build)["NotoSansHebrew-Regular"]
    assert _visible(drawn) == _visible(_shaped(HEBREW.replace(" ", ""), "NotoSansHebrew-Regular.ttf"))
    view = next(pages(scripts_build, dpi=72))
    hebrew = [c for c in view.chars if "\u0590" <= c.ch <= "\u05ff"]
    # first letter of the text (logically) is the rightmost one
    assert hebrew and max(hebrew, key=lambda c: c.box[2]).ch == HEBREW[0]
    arabic = [c for c in view.chars if "\u0600" <= c.ch <= "\u06ff"]
    titles = [c for c in view.chars if c.ch == "A" and c.size > 12]  # "Arabic", the title, flush left
    # the paragraph follows its direction: its right edge is on the box's right, right of the title's end
    assert max(c.box[2] for c in arabic) > titles[0].box[0] + 100


def test_combining_marks_sit_on_their_base_letter(scripts_build):
    view = next(pages(scripts_build, dpi=72))
    chars = view.chars
    text = "".join(c.ch for c in chars)
    assert "Việt" in text  # decomposed in the kit, composed (NFC) before it was shaped: one glyph
    pairs = [(a, b) for a, b in zip(chars, chars[1:], strict=False) if b.ch == "\u0302" and a.ch in "nx"]
    assert len(pairs) == 2, text  # n̂ and x̂ have no precomposed form: a letter and a mark
    for base, mark in pairs:
        centre = (mark.box[0] + mark.box[2]) / 2
        assert base.box[0] <= centre <= base.box[2], (base, mark)  # above its letter, not after it
        assert mark.box[1] >= base.box[1] + 0.5 * (base.box[3] - base.box[1])


def test_emoji_sequences_stay_whole(scripts_build):
    drawn = _visible(_drawn(scripts_build)["NotoEmoji-Regular"])
    # 🎉, 👩‍💻, 👨‍👩‍👧, 🏳️‍🌈, 👍🏽: five glyphs (a sequence broken at its joiners would draw more)
    assert sum(drawn.values()) == 5


def test_no_soft_hyphen_prints_in_mid_line(scripts_build):
    from pdfread import page_texts

    text = page_texts(scripts_build)[0]
    text = text[text.index("Soft hyphens") : text.index("Ligatures and spaces")]
    # a hyphen that ends a line: pdfium reads it as U+FFFE (and joins the lines), or "-" / U+00AD before
    # the line's end; there it is fine, and only there
    breaks = text.count("\ufffe") + text.count("-\r\n") + text.count("\u00ad\r\n")
    assert breaks == 1, text  # « incomprehensi-|bilities »
    joined = text.replace("\ufffe", "").replace("-\r\n", "").replace("\u00ad\r\n", "")
    assert "\u00ad" not in joined and "\u200b" not in joined and "-" not in joined, joined
    for word in ("Extraordinarily", "considerate", "participation", "incomprehensibilities", "workshop"):
        assert word in joined, joined
    # the zero-width spaces broke the address, with no hyphen
    assert "https://example.org/very/long/path/to/a/page" in joined.replace("\r\n", "")


def test_characters_no_font_has_are_one_error_per_text_listing_them_all(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "kit.yaml").write_text(
        'id: missing\ntitle: "Missing ᚠ"\nlanguage: en\nversion: 1.0.0\n'
        "decks:\n  - id: cards\n    title: Cards\n    cards: cards\n",
        encoding="utf-8",
    )
    (kit / "cards.yaml").write_text(
        "cards:\n"
        '  - id: one\n    title: "日本語のタイトル"\n    text: "नमस्ते दुनिया and 中文 and 한국어 and more नमस्ते"\n'
        '  - id: two\n    title: "Plain"\n    text: "Plain text"\n'
        '  - id: three\n    title: "Plain too"\n    text: "Plain text"\n',
        encoding="utf-8",
    )
    result = run("build", kit, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    title = [e for e in errors if 'card "one"' in e and "title: characters no font" in e]
    text = [e for e in errors if 'card "one"' in e and "text: characters no font" in e]
    assert len(title) == 1 and len(text) == 1, errors
    for ch in "日本語のタイトル":
        assert f"U+{ord(ch):04X}" in title[0]
    for ch in set("नमस्तेदुनिया中文한국어") - {"\u094d"}:  # (the virama is listed like any other)
        assert f"U+{ord(ch):04X}" in text[0], ch
    assert "cards.yaml" in text[0]
    kit_wide = [e for e in errors if "U+16A0" in e]  # the rune of the kit title, in every footer
    assert len(kit_wide) == 1 and "kit title" in kit_wide[0], errors
    assert not any('card "two"' in e or 'card "three"' in e for e in errors), errors


def test_deck_check_counts_what_is_printed(scripts_build):
    """Ligatures, special spaces, shaped clusters (Arabic, emoji sequences, marks) are printed: deck check
    reads them back as the letters they stand for, and finds nothing missing."""
    lig = _shaped("ffi", "NotoSans-Regular.ttf")
    assert len(lig) == 1  # HarfBuzz draws « ffi » as one glyph ...
    assert lig[0] in _drawn(scripts_build)["NotoSans-Regular"]  # ... and so does the PDF
    result = run("check", scripts_build.parent, "--dpi", "100")
    assert result.exit_code == 0, result.output
    assert "ok: every check passed" in result.output


def test_a_latin_kit_reads_no_fallback_font_and_gives_the_same_plan(tmp_path):
    """The Arabic, Hebrew and emoji fonts are read when a character needs them, not at every build: a
    French kit's build leaves them unread, and its page plan still names every font of the stack."""
    import json
    import subprocess
    import sys

    from conftest import EXAMPLE, ROOT

    code = (
        "import sys, pathlib; from deck.build.pipeline import build; from deck.style import fonts; "
        "build(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])); "
        "print(sorted(n for n in fonts._LAZY))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE), str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "deck-NotoSansArabic-Regular" in proc.stdout and "deck-NotoEmoji-Regular" in proc.stdout, proc.stdout
    plan = json.loads((tmp_path / "out" / ".deck-plan.json").read_text(encoding="utf-8"))
    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoEmoji-Regular"} <= set(
        plan["fonts"]
    )


def test_arabic_beside_a_joined_emoji_in_one_title_builds(kit_copy, tmp_path):
    # the bidi algorithm drops a zero-width joiner (type BN, rule X9) from its list of levels: a title
    # with Arabic and 👩🏽‍💻 ended in an IndexError traceback
    cards = kit_copy / "contenu.yaml"
    text = cards.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("title:") and "cards:" not in line)
    cards.write_text(
        text.replace(old, old.split("title:")[0] + 'title: "خطوات المشروع 👩🏽\u200d💻"', 1), encoding="utf-8"
    )
    result = run("build", kit_copy, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    plan = json.loads((tmp_path / "out" / ".deck-plan.json").read_text(encoding="utf-8"))
    boxes = [b["text"] for f in plan["faces"] for b in f["boxes"]]
    assert any("خطوات المشروع" in t for t in boxes), boxes[:20]
