"""Translating kits: the English editions of the seed kits, stale and missing translations, the exported
catalogues (polib, msgfmt, XLIFF), deck new --language, unknown languages, bilingual decks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner

from deck.build.options import Options
from deck.build.pipeline import build
from deck.cli import cli
from deck.kit.find import bundled_kits
from deck.style.theme import PLURAL_RULES

LOCALES = Path(__file__).resolve().parents[1] / "layouts" / "locales"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def plain(text: str) -> str:
    """Text as compared here: spaces plain and single, quotes and apostrophes straight."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    text = re.sub("[\u201c\u201d\u201e]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def french_labels() -> list[str]:
    """The phrases of fr.yaml that English never prints (two words or more, placeholders cut out)."""
    fr = yaml.safe_load((LOCALES / "fr.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((LOCALES / "en.yaml").read_text(encoding="utf-8"))
    out = []
    for section in ("types", "labels"):
        for key, value in fr[section].items():
            if value == en[section].get(key):
                continue
            for part in re.split(r"\{[^}]*\}|\||\n", str(value)):
                part = plain(part).strip(" .,:;·–-")
                if len(part.split()) >= 2:
                    out.append(part)
    return out


CARD_FIELDS = re.compile(
    r"^(actors|events|objects|modalities|stages|phases|materials|fiches|themes|cards):[^.]+\."
    r"(title|name|text|card|role|questions\.\d+|features\.\d+|prompts\.\d+|statements\.\d+|context|stakes"
    r"|opportunities\.\d+|risks\.\d+)$"
)


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """Both seed kits built in English, once."""
    out = {}
    for kit in ("mise-en-dialogue", "cooperatives-numerique"):
        target = tmp_path_factory.mktemp(kit)
        out[kit] = (build(bundled_kits()[kit], target, Options(language="en")), target)
    return out


@pytest.mark.parametrize("kit", ["mise-en-dialogue", "cooperatives-numerique"])
def test_english_editions_are_complete(english, kit):
    result, target = english[kit]
    assert result.translation is not None
    assert result.translation["stale"] == 0 and result.translation["missing"] == 0, result.translation
    assert not [d for d in result.diagnostics.items if "translation" in d.message], result.diagnostics.items
    assert "en" in result.fit and result.fit["en"]["faces"] > 0 and not result.fit["en"]["overflow"]
    text = plain("\n".join(pdf_text(target / o.path) for o in result.outputs))
    left = [p for p in french_labels() if re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text)]
    assert not left, f"French labels in the English {kit}: {left}"
    assert "Facilitator guide" in text
    po = polib.pofile(str(bundled_kits()[kit] / "translations" / "en.po"))
    printed = plain("\n".join(b["text"] for f in result.plan["faces"] for b in f["boxes"]))
    on_cards = {c["card"] for c in json.loads((target / "manifest.json").read_text(encoding="utf-8"))["cards"]}
    fields = [e for e in po if e.msgctxt and CARD_FIELDS.match(e.msgctxt)]
    # a session phase of the cooperatives is no card: its title is printed in the guide's run sheet
    cards = [e for e in fields if e.msgctxt.split(":", 1)[1].split(".", 1)[0] in on_cards]
    in_guide = [e for e in fields if e not in cards]
    assert len(cards) > 100 if kit == "mise-en-dialogue" else len(cards) > 50
    missing = [e.msgctxt for e in cards if plain(e.msgstr) not in printed]
    assert not missing, f"card texts of the PO not printed: {missing[:10]}"
    missing = [e.msgctxt for e in in_guide if plain(e.msgstr) not in text]
    assert not missing, f"texts of the PO printed in no file: {missing[:10]}"
    french = [e.msgctxt for e in cards if len(e.msgid) > 25 and e.msgid != e.msgstr and plain(e.msgid) in printed]
    french += [e.msgctxt for e in in_guide if len(e.msgid) > 25 and e.msgid != e.msgstr and plain(e.msgid) in text]
    assert not french, f"French card texts printed: {french[:10]}"


def test_english_says_fact_sheet_and_never_fiche(english):
    """One English word for a fiche, the card type's: the worksheet and the diagnostic sheet said "Fiche 1 —"
    and "fiche no." beside "Fact sheet" cards and the kit's own "fact sheets"."""
    result, target = english["cooperatives-numerique"]
    raw = "\n".join(pdf_text(target / o.path) for o in result.outputs)
    text = plain(re.sub("\ufffe\\s*", "", raw))  # a word hyphenated at a line's end, joined again
    fiche = re.compile(r"(?<![-\w])fiches?(?![-\w.])", re.IGNORECASE)  # ids and file names (fiche-1) aside
    assert not fiche.findall(text), [m.group(0) for m in re.finditer(r".{0,30}\bfiches?\b.{0,30}", text, re.I)]
    assert "Fact sheet 1 — " in text and "fact sheet no." in text and "the fact sheets concerned" in text
    en = yaml.safe_load((LOCALES / "en.yaml").read_text(encoding="utf-8"))
    words = [v for section in en.values() if isinstance(section, dict) for v in section.values()]
    assert not [w for w in words if isinstance(w, str) and fiche.search(w)]


def _edit_line(kit: Path, entry, new: str | None) -> int:
    """Change (or, new None, remove) the source line of a catalogue entry, found by its occurrence."""
    name, line = entry.occurrences[0]
    path = kit / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = int(line)
    assert entry.msgid in lines[n - 1], (entry.msgid, lines[n - 1])
    if new is None:
        del lines[n - 1]
    else:
        lines[n - 1] = lines[n - 1].replace(entry.msgid, new)
    path.write_text("".join(lines), encoding="utf-8")
    return n


def _first(po, pattern: str):
    return next(e for e in po if e.msgctxt and re.fullmatch(pattern, e.msgctxt) and not e.obsolete)


def test_a_changed_french_text_is_reported_stale(tmp_path):
    kit = tmp_path / "coop"
    shutil.copytree(bundled_kits()["cooperatives-numerique"], kit)
    entry = _first(polib.pofile(str(kit / "translations" / "en.po")), r"fiches:[^.]+\.risks\.\d+")
    line = _edit_line(kit, entry, entry.msgid + " (bis)")
    fiche, field = entry.msgctxt[len("fiches:") :].split(".", 1)
    r = run("build", kit, "--language", "en", "--no-boards", "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    stale = [x for x in r.output.splitlines() if "stale" in x and "warning" in x]
    assert len(stale) == 1, r.output
    assert re.match(rf".*{entry.occurrences[0][0]}:{line}:\d+: warning: fiche \"{fiche}\", {field}: stale en", stale[0])
    summary = [x for x in r.output.splitlines() if x.startswith("translation (en): ")]
    assert len(summary) == 1 and re.fullmatch(
        r"translation \(en\): \d+ texts translated, 1 stale, 0 missing", summary[0]
    )
    # what changed is printed as it was translated (not dropped, not French), and reported
    printed = plain(pdf_text(tmp_path / "out" / "cooperatives-numerique-cas.pdf"))
    assert plain(entry.msgstr) in printed and plain(entry.msgid) not in printed


def test_exported_catalogues_open_with_polib_msgfmt_and_merge(tmp_path):
    kit = tmp_path / "coop"
    shutil.copytree(bundled_kits()["cooperatives-numerique"], kit)
    po_path = tmp_path / "de.po"
    r = run("translate", "export", kit, "--to", "de", "-o", po_path)
    assert r.exit_code == 0 and re.search(r"\(\d+ new, 0 changed", r.output), r.output
    po = polib.pofile(str(po_path))
    assert len(po) > 150 and po.metadata["Language"] == "de" and "nplurals=2" in po.metadata["Plural-Forms"]
    entry = _first(po, r"fiches:[^.]+\.risks\.\d+")
    fiche, field = entry.msgctxt[len("fiches:") :].split(".", 1)
    assert f'fiche "{fiche}", {field}' in entry.comment and "source-hash: " in entry.comment
    assert entry.occurrences[0][0] == "fiches.yaml"
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed (apt-get install gettext)")
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    # a translator fills two entries; then the French changes one and loses the other: merged as msgmerge does
    entry.msgstr = "Eine Übersetzung"
    last = [e for e in po if re.fullmatch(r"fiches:[^.]+\.opportunities\.\d+", e.msgctxt or "")]
    gone = next(
        e
        for e, after in zip(last, last[1:] + [None], strict=True)
        if e.msgctxt.rsplit(".", 1)[1] != "1"
        and (after is None or after.msgctxt.rsplit(".", 2)[0] != e.msgctxt.rsplit(".", 2)[0])
    )  # a fiche's last one
    gone.msgstr = "Bessere Zusammenarbeit"
    po.save()
    old_source = entry.msgid
    _edit_line(kit, entry, entry.msgid + " (bis)")
    _edit_line(kit, gone, None)
    r = run("translate", "export", kit, "--to", "de", "-o", po_path)
    assert r.exit_code == 0 and "1 changed since (fuzzy)" in r.output and "1 obsolete" in r.output, r.output
    po = polib.pofile(str(po_path))
    changed = po.find(old_source + " (bis)", msgctxt=entry.msgctxt)
    assert changed.msgstr == "Eine Übersetzung" and changed.fuzzy and changed.previous_msgid == old_source
    assert [e.msgstr for e in po.obsolete_entries()] == ["Bessere Zusammenarbeit"]
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    xlf = tmp_path / "de.xlf"
    assert run("translate", "export", kit, "--to", "de", "-o", xlf).exit_code == 0
    units = [u for u in ET.parse(xlf).iter() if u.tag.endswith("trans-unit")]
    assert {u.get("id") for u in units} == {e.msgctxt for e in po if not e.obsolete}


def test_new_german_scaffold_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("new", "mykit", "--language", "de")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "mykit" / "karten.yaml").is_file() and not (tmp_path / "mykit" / "cartes.yaml").exists()
    kit_yaml = (tmp_path / "mykit" / "kit.yaml").read_text(encoding="utf-8")
    assert "language: de" in kit_yaml and "Mein Workshop" in kit_yaml and "die Kennung des Kits" in kit_yaml
    r = run("build", "mykit", "-o", "out")
    assert r.exit_code == 0, r.output
    cards = plain(pdf_text(tmp_path / "out" / "mykit-karten.pdf"))
    assert "Erste Karte" in cards and "Anleitung" in cards and "Vorderseite" in cards
    guide = plain(pdf_text(tmp_path / "out" / "mykit-moderationsleitfaden.pdf"))
    assert "Moderationsleitfaden" in guide and "2 Karten" in guide
    assert run("new", "other", "--language", "xx").exit_code == 1


def test_unknown_language_warns_and_fails_with_strict(tmp_path):
    assert run("new", tmp_path / "kit", "--language", "en").exit_code == 0
    kit_yaml = tmp_path / "kit" / "kit.yaml"
    text = kit_yaml.read_text(encoding="utf-8")
    kit_yaml.write_text(text.replace("language: en", "language: xx"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("language:"))
    r = run("validate", tmp_path / "kit")
    assert r.exit_code == 0, r.output
    assert re.search(rf"kit\.yaml:{line}:\d+: warning: language: xx: deck has no words for \"xx\"", r.output)
    assert "printed in English" in r.output
    assert run("validate", tmp_path / "kit", "--strict").exit_code == 1
    kit_yaml.write_text(text.replace("language: en", "language: pt-BR"), encoding="utf-8")
    r = run("validate", tmp_path / "kit", "--strict")
    assert r.exit_code == 0 and "warning" not in r.output, r.output  # pt-BR: the Portuguese words
    # a kit's labels: change the tool's words; an unknown one is an error
    kit_yaml.write_text(text + 'labels:\n  scan: "Scan me"\n  scna: "x"\n', encoding="utf-8")
    r = run("validate", tmp_path / "kit")
    assert (
        r.exit_code == 1 and 'labels.scna: deck prints no word "scna"' in r.output and 'did you mean "scan"' in r.output
    )


BILINGUAL_KIT = """id: duo
title: Duo
language: fr
version: "1"
translations: {en: en.po}
decks:
  - id: cartes
    title: Cartes
    cards: cards
    bilingual: en
"""
CARDS = [
    ("c1", "Le droit à la déconnexion", "Qui répond aux messages après dix-huit heures ?", "The right to disconnect"),
    ("c2", "La charge de travail", "Comment la mesurer sans surveiller chacun ?", "Workload"),
    ("c3", "Les tiers-lieux", "Travailler ailleurs qu’au bureau : pour qui ?", "Third places"),
]
ENGLISH_TEXT = {
    "c1": "Who answers messages after six in the evening?",
    "c2": "How to measure it without watching everyone?",
    "c3": "Working away from the office: for whom?",
}


def test_bilingual_deck_backs_are_the_translations_of_their_fronts(tmp_path):
    kit = tmp_path / "duo"
    kit.mkdir()
    (kit / "kit.yaml").write_text(BILINGUAL_KIT, encoding="utf-8")
    lines = ["cards:"]
    for ident, title, text, _ in CARDS:
        lines += [f"  - id: {ident}", '    type: "Question"', f'    title: "{title}"', f'    text: "{text}"']
    (kit / "cartes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("translate", "export", kit, "--to", "en", "-o", kit / "en.po").exit_code == 0
    po = polib.pofile(str(kit / "en.po"))
    english = {f"cards:{i}.title": t for i, _, _, t in CARDS}
    english.update({f"cards:{i}.text": t for i, t in ENGLISH_TEXT.items()})
    english.update({"kit.title": "Duo", "decks:cartes.title": "Cards"})
    for e in po:
        e.msgstr = english.get(e.msgctxt, "Question" if e.msgctxt.endswith(".type") else e.msgstr)
    po.save()
    result = build(kit, tmp_path / "out", Options())
    assert result.fit.keys() == {"fr", "en"}, result.fit
    faces = result.plan["faces"]
    slots = [s for f in result.plan["files"].values() for p in f["pages"] for s in p["slots"]]
    for ident, title, text, en_title in CARDS:
        front = "\n".join(
            b["text"] for s in slots if s["card"] == ident and s["side"] == "front" for b in faces[s["face"]]["boxes"]
        )
        back = "\n".join(
            b["text"] for s in slots if s["card"] == ident and s["side"] == "back" for b in faces[s["face"]]["boxes"]
        )
        assert plain(title) in plain(front) and plain(text) in plain(front)
        assert en_title in back and ENGLISH_TEXT[ident] in back and title not in back
    backs = plain(pdf_text(tmp_path / "out" / "duo-cartes.pdf"))
    assert all(t in backs for _, _, _, t in CARDS)


@pytest.mark.slow
@pytest.mark.parametrize("kit", ["mise-en-dialogue", "cooperatives-numerique"])
def test_english_editions_pass_deck_check(kit):
    """The preflight (every page rendered, every text box, glyph, QR code) on the English editions."""
    from deck.check.run import check_kit

    report = check_kit(bundled_kits()[kit], Options(language="en"), dpi=150)
    assert report.ok, [f for f in report.findings if f.severity == "fail"][:5]


def test_the_tiles_and_the_guide_count_a_board_s_sheets_in_the_locale_s_plural_forms(tmp_path):
    # "{n} ورقة {paper}" was printed for every number of tiles: Arabic says أوراق from 3 to 10 sheets
    kit = tmp_path / "kit"
    shutil.copytree(bundled_kits()["voix-management"], kit)
    text = (kit / "kit.yaml").read_text(encoding="utf-8")
    (kit / "kit.yaml").write_text(text.replace("language: fr\n", "language: ar\ncontent_language: fr\n"), "utf-8")
    out = tmp_path / "out"
    build(kit, out, Options())
    tiles = pdfium.PdfDocument(next(out.glob("*-tiles-a4.pdf")))
    try:
        n = len(tiles) - 1  # the assembly page, then one page per sheet
        first = tiles[0].get_textpage().get_text_range()
    finally:
        tiles.close()
    assert 3 <= n <= 10
    guide = pdf_text(next(out.glob("*-guide.pdf")))
    for text in (first, guide):
        assert f"{n} أوراق" in text and f"{n} ورقة" not in text


def test_every_bundled_locale_has_every_word_with_the_same_placeholders():
    # a word missing from a bundled locale used to be filled in English without a word said: the
    # German guide printed English headings after a branch added labels to fr and en only
    import yaml

    folder = Path(__file__).resolve().parent.parent / "layouts" / "locales"
    english = yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8"))
    slots = re.compile(r"\{[a-z_]*\}")
    for path in sorted(folder.glob("*.yaml")):
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in ("types", "labels"):
            missing = sorted(set(english[section]) - set(words[section]))
            extra = sorted(set(words[section]) - set(english[section]))
            assert not missing and not extra, (path.name, section, missing, extra)
            for key, text in english[section].items():
                assert sorted(slots.findall(words[section][key])) == sorted(slots.findall(text)), (path.name, key)
        assert set(words.get("plurals", {})) == set(english.get("plurals", {})), path.name
        rule = PLURAL_RULES.get(path.stem, lambda n: "one" if n == 1 else "other")
        for key, forms in words.get("plurals", {}).items():
            assert {rule(n) for n in range(200)} <= set(forms), (path.name, key)  # a form for every number
            others = set(slots.findall(english["plurals"][key]["other"])) - {"{n}"}
            for form in forms.values():  # each with the placeholders of the English (the number may be a word)
                assert set(slots.findall(form)) - {"{n}"} == others, (path.name, key, form)


def test_an_empty_catalogue_reports_each_missing_text_once(kit_copy, tmp_path):
    # a text read twice (a resource on its card and on the QR sheet) was counted missing twice: the summary
    # said "-2 texts translated"
    (kit_copy / "translations").mkdir()
    (kit_copy / "translations" / "en.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    kit_yaml = kit_copy / "kit.yaml"
    kit_yaml.write_text(
        kit_yaml.read_text(encoding="utf-8") + "translations:\n  en: translations/en.po\n", encoding="utf-8"
    )
    r = run("build", kit_copy, "--language", "en", "--no-boards", "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    missing = [x for x in r.output.splitlines() if "warning:" in x and "no en translation" in x]
    assert missing and len(missing) == len(set(missing)), r.output
    assert f"translation (en): 0 texts translated, 0 stale, {len(missing)} missing (printed in fr)" in r.output


def _cut_after(text: str, mark: str) -> str:
    return text[: text.index(mark) + len(mark)]


@pytest.mark.parametrize(
    "damage, said",
    [
        # a header line's closing quote lost: polib read the rest (and a Language of "en\MIME-Version: 1.0")
        (lambda t: t.replace('"Language: en\\n"', '"Language: en\\n', 1), 'a string that is not closed: expected a "'),
        # a truncated file: polib kept the entries before the cut and dropped the rest without a word
        (lambda t: _cut_after(t, 'msgid "Un kit'), 'a string that is not closed: expected a "'),
        (lambda t: _cut_after(t, 'msgctxt "kit.subtitle"'), "the file ends inside this entry (no msgstr)"),
        (lambda t: t.replace('msgstr ""\n\n', "\n", 1), "this entry has no msgstr: expected one before the next"),
    ],
    ids=["unterminated header string", "cut inside a string", "cut after a msgctxt", "an entry with no msgstr"],
)
def test_a_damaged_catalogue_is_an_error_at_its_line(kit_copy, tmp_path, damage, said):
    po_path = kit_copy / "translations" / "en.po"
    assert run("translate", "export", kit_copy, "--to", "en", "-o", po_path).exit_code == 0
    text = damage(po_path.read_text(encoding="utf-8"))
    po_path.write_text(text, encoding="utf-8")
    kit_yaml = kit_copy / "kit.yaml"
    kit_yaml.write_text(
        kit_yaml.read_text(encoding="utf-8") + "translations:\n  en: translations/en.po\n", encoding="utf-8"
    )
    r = run("build", kit_copy, "--language", "en", "--no-boards", "-o", tmp_path / "out")
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    errors = [x for x in r.output.splitlines() if ": error: " in x]
    assert len(errors) == 1, r.output
    where = re.match(rf"{re.escape(str(po_path))}:(\d+):(\d+): error: damaged PO file: (.*)", errors[0])
    assert where and said in where.group(3), errors[0]
    line = text.splitlines()[int(where.group(1)) - 1]
    assert line.startswith(("msgctxt", "msgid", '"')), (line, errors[0])  # the line of the damage itself
    assert "no en translation" not in r.output and not (tmp_path / "out").exists()
    # merging the kit into it would drop what polib could not read: refused, the file as it was
    r = run("translate", "export", kit_copy, "--to", "en", "-o", po_path)
    assert r.exit_code == 1 and "damaged PO file" in r.output, r.output
    assert po_path.read_text(encoding="utf-8") == text
    if shutil.which("msgfmt") is not None:  # gettext agrees that the file is damaged
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True)
        assert checked.returncode != 0
