"""Tiling a board over office sheets: pure geometry, checked against the arithmetic of print.md §5."""

from __future__ import annotations

import math

import pytest

from deck.impose.tiling import count, plan, row_label, split, tile_label, tiles_along
from deck.units import BOARD_SIZES_MM, MM, PAPER_SIZES_MM

BOARDS = {name: (max(s) * MM, min(s) * MM) for name, s in BOARD_SIZES_MM.items()}  # boards lie landscape
PAPERS = {name: (PAPER_SIZES_MM[name][0] * MM, PAPER_SIZES_MM[name][1] * MM) for name in ("a4", "letter")}
CASES = [(b, p, o) for b in BOARDS for p in PAPERS for o in (10, 0, 15)]
EPS = 1e-6


def arithmetic(board, paper, margin, overlap) -> int:
    """Sheets for a board: n = ceil((L − o) / (p − o)) per axis, the better turn of the sheet."""
    best = None
    for pw, ph in ((paper[0], paper[1]), (paper[1], paper[0])):
        per_axis = []
        for length, printable in ((board[0], pw - 2 * margin), (board[1], ph - 2 * margin)):
            # rounded to 1e-9 first: 831 mm on 287 mm sheets with 10 mm overlap is exactly 3 sheets, not 3.0000001
            per_axis.append(
                1 if length <= printable else math.ceil(round((length - overlap) / (printable - overlap), 9))
            )
        n = per_axis[0] * per_axis[1]
        best = n if best is None else min(best, n)
    return best


@pytest.mark.parametrize("board,paper,overlap", CASES)
def test_tile_count_is_the_arithmetic(board, paper, overlap):
    t = plan(BOARDS[board], PAPERS[paper], 5 * MM, overlap * MM)
    # the overlap may be made smaller (not under half of it) when that saves sheets, never larger
    assert max(overlap * MM / 2, min(overlap * MM, 6 * MM)) - 1e-6 <= t.overlap <= overlap * MM + 1e-6
    assert len(t.tiles) == t.cols * t.rows == arithmetic(BOARDS[board], PAPERS[paper], 5 * MM, t.overlap)
    assert len(t.tiles) <= arithmetic(BOARDS[board], PAPERS[paper], 5 * MM, overlap * MM)


@pytest.mark.parametrize(
    "board,paper,margin,overlap,sheets",
    [
        # print.md §5.1, computed there independently
        ("a2", "a4", 5, 10, 8),
        ("a1", "a4", 5, 10, 12),
        ("a0", "a4", 5, 10, 21),
        ("a2", "letter", 5, 10, 6),
        ("a1", "letter", 5, 10, 12),
        ("a0", "letter", 5, 10, 25),
        ("a2", "a4", 10, 15, 8),
        ("a1", "a4", 10, 15, 15),
        ("a0", "a4", 10, 15, 25),
        ("a2", "letter", 10, 15, 8),
        ("a1", "letter", 10, 15, 15),
        ("a0", "letter", 10, 15, 25),
        ("a2", "a4", 5, 0, 6),
        ("a1", "a4", 5, 0, 9),
        ("a0", "a4", 5, 0, 18),
        ("a2", "letter", 5, 0, 6),
        ("a1", "letter", 5, 0, 12),
        ("a0", "letter", 5, 0, 24),
    ],
)
def test_tile_counts_match_the_reference_table(board, paper, margin, overlap, sheets):
    cols, rows, _ = count(BOARDS[board], PAPERS[paper], margin * MM, overlap * MM)
    assert cols * rows == sheets


def _covers(intervals, lo, hi) -> bool:
    """Do the intervals cover [lo, hi] without a gap?"""
    reach = lo
    for a, b in sorted(intervals):
        if a > reach + EPS:
            return False
        reach = max(reach, b)
    return reach >= hi - EPS


@pytest.mark.parametrize("board,paper,overlap", CASES)
def test_every_point_of_the_board_lies_on_a_tile(board, paper, overlap):
    W, H = BOARDS[board]
    t = plan((W, H), PAPERS[paper], 5 * MM, overlap * MM)
    # the columns cover the width and the rows the height, so their products cover the board
    for r in range(t.rows):
        assert _covers([(x.x, x.x + x.w) for x in t.tiles if x.row == r], 0, W)
    for c in range(t.cols):
        assert _covers([(x.y, x.y + x.h) for x in t.tiles if x.col == c], 0, H)
    # and point by point, corners and edges included
    step = 7 * MM
    points = [(i * step, j * step) for i in range(int(W // step) + 1) for j in range(int(H // step) + 1)]
    points += [(0, 0), (W, 0), (0, H), (W, H), (W / 2, H / 2)]
    for x, y in points:
        assert any(tl.x - EPS <= x <= tl.x + tl.w + EPS and tl.y - EPS <= y <= tl.y + tl.h + EPS for tl in t.tiles)


@pytest.mark.parametrize("board,paper,overlap", CASES)
def test_neighbouring_tiles_overlap_by_the_overlap(board, paper, overlap):
    t = plan(BOARDS[board], PAPERS[paper], 5 * MM, overlap * MM)
    at = {(x.row, x.col): x for x in t.tiles}
    ww, wh = t.window
    for (r, c), a in at.items():
        assert a.w == pytest.approx(ww) and a.h == pytest.approx(wh)
        right, below = at.get((r, c + 1)), at.get((r + 1, c))
        if right:
            assert (a.x + a.w) - right.x == pytest.approx(t.overlap)
            assert right.y == pytest.approx(a.y)
            assert right.cut_left and a.glue_right == (overlap > 0)
        else:
            assert not a.glue_right
        if below:
            assert (below.y + below.h) - a.y == pytest.approx(t.overlap)
            assert below.x == pytest.approx(a.x)
            assert (a.glue_bottom and below.cut_top) == (overlap > 0)
        else:
            assert not a.glue_bottom


@pytest.mark.parametrize("board,paper", [(b, p) for b in BOARDS for p in PAPERS])
def test_tiles_are_labelled_row_letter_then_column_number(board, paper):
    t = plan(BOARDS[board], PAPERS[paper], 5 * MM, 10 * MM)
    labels = [x.label for x in t.tiles]
    assert len(set(labels)) == len(labels)
    assert labels[0] == "A1"
    for x in t.tiles:
        assert x.label == f"{'ABCDEFGHIJ'[x.row]}{x.col + 1}"
    # row A is the top row, column 1 the left one
    top = max(x.y for x in t.tiles)
    assert {x.row for x in t.tiles if x.y == top} == {0}
    assert {x.col for x in t.tiles if x.x == min(y.x for y in t.tiles)} == {0}


@pytest.mark.parametrize("board,paper", [(b, p) for b in BOARDS for p in PAPERS])
def test_the_visible_parts_of_the_tiles_pave_the_assembled_board(board, paper):
    t = plan(BOARDS[board], PAPERS[paper], 5 * MM, 10 * MM)
    x0, x1 = min(x.x for x in t.tiles), max(x.x + x.w for x in t.tiles)
    y0, y1 = min(x.y for x in t.tiles), max(x.y + x.h for x in t.tiles)
    area = sum((v[2] - v[0]) * (v[3] - v[1]) for v in map(t.visible, t.tiles))
    assert area == pytest.approx((x1 - x0) * (y1 - y0))


def test_a_qr_code_is_kept_off_the_seams_when_the_spare_length_allows():
    board, paper = BOARDS["a2"], PAPERS["a4"]
    plain = plan(board, paper, 5 * MM, 10 * MM)
    seam = plain.seams_x()[0]
    qr = (seam - 20 * MM, 300 * MM, seam + 20 * MM, 340 * MM)  # straddles the first vertical seam
    assert split(plain, [qr])
    moved = plan(board, paper, 5 * MM, 10 * MM, keep=[qr])
    assert not split(moved, [qr], clear=2.9 * MM)
    assert len(moved.tiles) == len(plain.tiles)
    for r in range(moved.rows):  # still covered
        assert _covers([(x.x, x.x + x.w) for x in moved.tiles if x.row == r], 0, board[0])


def test_crosses_lie_in_the_overlap_strips_of_both_tiles():
    t = plan(BOARDS["a1"], PAPERS["a4"], 5 * MM, 10 * MM)
    crosses = t.crosses()
    assert crosses
    for x, y in crosses:
        holders = [tl for tl in t.tiles if tl.x <= x <= tl.x + tl.w and tl.y <= y <= tl.y + tl.h]
        assert len(holders) >= 2


def test_labels_and_small_boards():
    assert [row_label(k) for k in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]
    assert tile_label(1, 2) == "B3"
    assert tiles_along(100 * MM, 200 * MM, 10 * MM) == 1
    assert tiles_along(200 * MM, 200 * MM, 10 * MM) == 1
    assert tiles_along(201 * MM, 200 * MM, 10 * MM) == 2
    with pytest.raises(ValueError):
        tiles_along(500 * MM, 10 * MM, 10 * MM)
