"""Boards, their tiles, the sheets and the guide: what `deck build` writes besides the cards, read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CONTENT, EXAMPLE, run
from pdfread import fonts, page_sizes_mm, page_texts, qr_codes

from deck.build.pipeline import resolve
from deck.impose.tiling import count
from deck.kit.load import load_kit
from deck.layout.boards import (
    BoardStyle,
    blank_board,
    map_board,
    materials_resource,
    method_board,
    scenario_board,
)
from deck.layout.geometry import Place, Text
from deck.layout.qr import ascii_uri
from deck.units import MM, PAPER_SIZES_MM, board_size

DIALOGUE = "mise-en-dialogue"
COOP = "cooperatives-numerique"


def _manifest(folder: Path) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def _kind(folder: Path, kind: str) -> list[dict]:
    return [o for o in _manifest(folder) if o["kind"] == kind]


def test_default_build_holds_the_boards_as_large_single_pages(default_build):
    boards = {o["path"]: o for o in _kind(default_build, "board")}
    for ident in ("s1", "s2", "s3", "s4", "methode", "cartographie"):
        assert f"{DIALOGUE}-plateau-{ident}.pdf" in boards
    assert len(boards) >= 6
    for path, o in boards.items():
        assert o["pages"] == 1 and o["cards"] == 0
        ((w, h),) = page_sizes_mm(default_build / path)
        assert max(w, h) >= 594 - 0.5 and min(w, h) >= 420 - 0.5, path  # A2 or larger


def test_every_board_has_its_tiles_on_the_chosen_paper(default_build):
    boards = _kind(default_build, "board")
    tiles = {o["path"]: o for o in _kind(default_build, "board-tiles")}
    a4 = (210.0, 297.0)
    for b in boards:
        name = b["path"].replace(".pdf", "-tuiles-a4.pdf")
        assert name in tiles, name
        sizes = page_sizes_mm(default_build / name)
        assert all(sorted(s) == sorted(a4) for s in sizes)
        cols, rows, _ = count((594 * MM, 420 * MM), (210 * MM, 297 * MM), 5 * MM, 10 * MM)
        assert len(sizes) == tiles[name]["pages"] == cols * rows + 1  # the assembly page, then the tiles
        texts = page_texts(default_build / name)
        assert "assemblage" in texts[0]
        for k, text in enumerate(texts[1:]):
            r, c = divmod(k, cols)
            assert re.search(rf"\b{'AB'[r]}{c + 1}\b", text) and f"ligne {'AB'[r]}, colonne {c + 1}" in text
            assert "coller ici" in text or (r == rows - 1 and c == cols - 1)


def _visible_chars(path: Path, first: int = 0, margin: float = 5 * MM) -> list:
    """Per page from `first`: the multiset of printing characters whose centre lies inside the page less
    `margin` (what the printer prints of a tile), and the number of characters the page's text holds."""
    from collections import Counter

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(first, len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        pw, ph = page.get_size()
        seen: Counter = Counter()
        n = tp.count_chars()
        for k in range(n):
            ch = tp.get_text_range(k, 1)
            b = tp.get_charbox(k)
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            if ch.strip() and margin < cx < pw - margin and margin < cy < ph - margin:
                seen[ch] += 1
        out.append((seen, n))
        tp.close()
    pdf.close()
    return out


def test_each_tile_holds_only_its_part_of_the_board_and_together_all_of_it(default_build):
    """A tile page carries the board's drawing that reaches its window, not the whole board clipped (a
    printer rasterises less, a reader of its text is not handed the whole board nine times): every
    character of the board is still printed on a tile."""
    from collections import Counter

    for ident in ("s1", "cartographie"):
        board = f"{DIALOGUE}-plateau-{ident}.pdf"
        ((whole, _),) = _visible_chars(default_build / board, margin=0)
        tiles = _visible_chars(default_build / board.replace(".pdf", "-tuiles-a4.pdf"), first=1)
        printed: Counter = sum((seen for seen, _ in tiles), Counter())
        assert whole - printed == Counter(), f"{board}: characters on no tile"
        total = sum(whole.values())
        assert all(n < 0.6 * total for _, n in tiles), (board, total, [n for _, n in tiles])


def test_default_build_holds_the_index_the_qr_sheet_and_the_guide(default_build):
    sheets = {o["path"] for o in _kind(default_build, "sheet")}
    assert {f"{DIALOGUE}-index-des-cartes.pdf", f"{DIALOGUE}-codes-qr.pdf"} <= sheets
    guides = [o["path"] for o in _kind(default_build, "guide")]
    assert guides == [f"{DIALOGUE}-guide-animation.pdf"]
    guide = "\n".join(page_texts(default_build / guides[0]))
    for words in (
        "Ce que contient le kit",
        "Imprimer le kit",
        "Feuille de route : l’atelier phase par phase",
        "recto verso, bord long",
        "Phase 1",
        "Phase 5",
        "environ 20 min",
        "mise-en-dialogue-plateau-s1-tuiles-a4.pdf",
    ):
        assert words in guide, words
    index = "\n".join(page_texts(default_build / f"{DIALOGUE}-index-des-cartes.pdf"))
    for ident in ("s1-e2", "chsct", "s1-arrival", "outils-atelier"):
        assert ident in index
    assert "feuille 1 · place 1" in index


def test_the_cooperatives_build_holds_the_diagnostic_sheet(coop_build):
    sheets = {o["path"]: o for o in _kind(coop_build, "sheet")}
    path = f"{COOP}-feuille-diagnostic.pdf"
    assert path in sheets
    texts = page_texts(coop_build / path)
    text = "\n".join(texts)
    kit, _ = load_kit(CONTENT / COOP)
    flat = re.sub(r"\s+", " ", text)
    for theme in kit.quiz.themes:
        assert theme.title in flat
        assert re.sub(r"\s+", " ", theme.statements[0])[:40] in flat
    assert flat.count("Score du thème, sur 5") == len(kit.quiz.themes)
    assert "Le radar de votre diagnostic" in texts[-1]
    assert not _kind(coop_build, "board")  # no scenario, method or objects: no board


def _resource_urls(kit_dir: Path) -> set:
    kit, _ = load_kit(kit_dir)
    return {ascii_uri(r.qr_url) for r in kit.resources if r.qr_url}  # what a phone reads


def test_every_code_of_the_qr_sheets_decodes_to_its_url(default_build, coop_build):
    found = {t for _, t in qr_codes(default_build / f"{DIALOGUE}-codes-qr.pdf", dpi=150)}
    assert found == _resource_urls(CONTENT / DIALOGUE)
    found = {t for _, t in qr_codes(coop_build / f"{COOP}-codes-qr.pdf", dpi=150)}
    expected = _resource_urls(CONTENT / COOP)
    assert found == expected
    latin1 = [u for u in expected if "%E9" in u]
    assert latin1 and latin1[0] in found  # byte for byte, not decoded nor re-encoded


def test_the_qr_sheet_prints_every_full_address(coop_build):
    text = "".join(page_texts(coop_build / f"{COOP}-codes-qr.pdf"))
    # pdfium reports a hyphen that ends a line as U+FFFE; in a URL it is the URL's own hyphen
    flat = re.sub(r"\s+", "", text.replace("\ufffe", "-"))
    kit, _ = load_kit(CONTENT / COOP)
    for r in kit.resources:
        if r.url:
            assert r.url in flat, r.url
        else:
            assert re.sub(r"\s+", "", r.title) in flat


def test_the_scenario_board_qr_code_decodes(default_build):
    found = {t for _, t in qr_codes(default_build / f"{DIALOGUE}-plateau-s1.pdf", dpi=100)}
    assert found == {materials_resource(load_kit(CONTENT / DIALOGUE)[0], ("outils-atelier",)).qr_url}


def test_every_font_of_the_boards_sheets_and_guide_is_embedded(default_build, coop_build):
    for folder in (default_build, coop_build):
        for o in _manifest(folder):
            if o["kind"] == "cards":
                continue
            used = fonts(folder / o["path"])
            assert used, o["path"]
            for name, embedded in used:
                assert embedded, f"{o['path']}: font {name} is not embedded"
                assert "Helvetica" not in name


def _texts(prims):
    for p in prims:
        if isinstance(p, Text):
            yield p
        elif isinstance(p, Place):
            yield from _texts(p.prims)


def _timeline_boards(size: str):
    """The style at that board size, the kit, and its scenario boards then the blank timeline."""
    res, diag = resolve(CONTENT / DIALOGUE)
    assert res is not None, diag.items
    (w, h), _ = board_size(size)
    st = BoardStyle(w, h, res.theme, res.fonts, res.kit.header.language, res.words["labels"], "footer")
    kit = res.kit
    slot = (70 * MM, 120 * MM)
    boards = [scenario_board(sc, kit, st, slot, materials_resource(kit, sc.resources)) for sc in kit.scenarios]
    return st, kit, boards + [blank_board(kit, st, slot, materials_resource(kit))]


@pytest.fixture(scope="module")
def a2_boards():
    st, kit, boards = _timeline_boards("a2")
    return boards + [method_board(kit, st, materials_resource(kit)), map_board(kit, st)]


def test_board_text_reads_from_a_table_on_a2(a2_boards):
    for g in a2_boards:
        assert not g.problems, (g.id, [p.message for p in g.problems])
        sizes = {}
        for t in _texts(g.prims):
            sizes.setdefault(t.role, []).append(t.size)
        assert min(sizes["body"]) >= 14.0, g.id  # print.md §6: 1–2 m around a table
        assert min(sizes["label"]) >= 14.0, g.id
        assert min(sizes["title"]) >= 14.0, g.id
        assert min(sizes.get("caption", [9.0]) + sizes.get("footer", [9.0])) >= 8.0, g.id


def test_the_timeline_boards_fit_on_a1_too():
    # the seven lanes of scenario 4, its long stage-0 questions and the events zone: nothing left over
    _, _, boards = _timeline_boards("a1")
    assert [g.id for g in boards] == ["s1", "s2", "s3", "s4", "blank"]
    for g in boards:
        assert not g.problems, (g.id, [p.message for p in g.problems])


def test_scenario_boards_carry_the_timeline_lanes_and_questions(a2_boards):
    kit, _ = load_kit(CONTENT / DIALOGUE)
    actors = kit.index("actors")
    for sc, g in zip(kit.scenarios, a2_boards, strict=False):
        words = " ".join(t.text for t in _texts(g.prims)).replace("\xa0", " ")  # a number keeps its noun (NBSP)
        for st in sc.stages:
            if st.mark:
                assert st.mark in words
            assert f"Étape {st.number}" in words
        for aid in sc.actors:
            assert actors[aid].name.split()[0] in words
        assert "Départ" in words and "Arrivée" in words
        assert "Nouveaux objets de" in words


def test_no_boards_leaves_sheets_and_guide(tmp_path):
    result = run("build", CONTENT / DIALOGUE, "-o", tmp_path, "--no-boards")
    assert result.exit_code == 0, result.output
    kinds = {o["kind"] for o in _manifest(tmp_path)}
    assert kinds == {"cards", "sheet", "guide"}


def test_board_size_and_overlap_are_checked_on_the_command_line(tmp_path):
    assert run("build", EXAMPLE, "-o", tmp_path, "--board-size", "a5").exit_code == 2
    assert run("build", EXAMPLE, "-o", tmp_path, "--overlap", "1m").exit_code == 2
    assert board_size("A1")[1] == "A1"
    (w, h), name = board_size("500x800")
    assert (round(w / MM), round(h / MM)) == (800, 500) and name == "800 × 500 mm"


def test_letter_tiles_follow_the_paper(tmp_path):
    kit = tmp_path / "kit"
    import shutil

    shutil.copytree(CONTENT / DIALOGUE, kit)
    result = run("build", kit, "-o", tmp_path / "out", "--paper", "letter", "--board-size", "a1")
    assert result.exit_code == 0, result.output
    tiles = [o for o in _kind(tmp_path / "out", "board-tiles")]
    paper = PAPER_SIZES_MM["letter"]
    cols, rows, _ = count((841 * MM, 594 * MM), (paper[0] * MM, paper[1] * MM), 5 * MM, 10 * MM)
    assert cols * rows == 12  # print.md §5.1
    for o in tiles:
        assert o["path"].endswith("-tuiles-letter.pdf")
        assert o["pages"] == cols * rows + 1


def test_the_guide_gives_the_overlap_the_tiles_use(tmp_path):
    """16 mm asked on Letter: the tiles take 11 mm, which saves sheets; the guide said 16 mm."""
    out = tmp_path / "out"
    result = run("build", CONTENT / DIALOGUE, "-o", out, "--paper", "letter", "--overlap", "16mm")
    assert result.exit_code == 0, result.output
    used = set()
    for o in _kind(out, "board-tiles"):
        used |= set(re.findall(r"(\d+) mm de recouvrement", page_texts(out / o["path"])[0].replace("\n", " ")))
    guide = " ".join(page_texts(out / "mise-en-dialogue-guide-animation.pdf")).replace("\n", " ")
    said = re.findall(r"\(([\d–]+) mm de recouvrement\)", guide)
    assert len(used) == 1 and used != {"16"}  # one board size: one overlap, smaller than asked
    assert said == [used.pop()]


def test_a_kit_without_boards_gets_sheets_and_a_guide_that_does_not_speak_of_boards(example_build):
    kinds = [o["kind"] for o in _manifest(example_build)]
    assert "board" not in kinds and "board-tiles" not in kinds
    assert kinds.count("sheet") == 2 and kinds.count("guide") == 1
    guide = "\n".join(page_texts(example_build / "atelier-exemple-guide-animation.pdf"))
    assert "Plateaux" not in guide and "Tuiles" not in guide
    assert "atelier-exemple-acteurs.pdf" in guide
