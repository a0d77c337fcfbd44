"""The diagnostic sheet of a quiz whose themes have 2, 5 and 40 statements: each theme on its own scale
(the share of its best score), four rings, labels off the axes, statement numbers apart from their text."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from conftest import run
from pdfread import page_texts

from deck.build.pipeline import resolve
from deck.layout.geometry import Circle, Seg, Text
from deck.layout.sheets import RINGS, SheetStyle, diagnostic_sheet
from deck.style.fonts import width
from deck.units import paper_size

KIT = Path(__file__).resolve().parent / "kits" / "quiz-unequal"


@pytest.fixture(scope="module")
def sheet():
    res, diag = resolve(KIT)
    assert res is not None, [str(d) for d in diag.items]
    st = SheetStyle(paper_size("a4"), res.theme, res.fonts, "en", res.words["labels"], res.kit.header.title)
    pages, problems = diagnostic_sheet(st, res.kit.quiz)
    assert problems == []
    return pages


def _box(t: Text) -> tuple:
    w = width(t.text, t.font, t.size)
    x = t.x - (w / 2 if t.anchor == "centre" else w if t.anchor == "right" else 0.0)
    return (x, t.y - 0.25 * t.size, x + w, t.y + 0.95 * t.size)


def _crosses(seg: Seg, box: tuple) -> bool:
    for k in range(201):
        x = seg.x1 + (seg.x2 - seg.x1) * k / 200
        y = seg.y1 + (seg.y2 - seg.y1) * k / 200
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            return True
    return False


def test_each_theme_on_its_own_scale_with_four_rings(sheet):
    radar = sheet[-1]
    centre = next(p for p in radar if isinstance(p, Circle))
    cx, cy = centre.cx, centre.cy
    segs = [p for p in radar if isinstance(p, Seg)]
    axes = [s for s in segs if math.hypot(s.x1 - cx, s.y1 - cy) < 0.01]
    assert len(axes) == 3
    radius = math.hypot(axes[0].x2 - cx, axes[0].y2 - cy)
    # rings: segments between two vertices at the same distance from the centre, on the axes' directions
    rings = {
        round(math.hypot(s.x1 - cx, s.y1 - cy) / radius, 3)
        for s in segs
        if s not in axes
        and abs(math.hypot(s.x1 - cx, s.y1 - cy) - math.hypot(s.x2 - cx, s.y2 - cy)) < 0.01
        and math.hypot(s.x2 - s.x1, s.y2 - s.y1) > 0.2 * radius  # not a tick across an axis
        and math.hypot(s.x1 - cx, s.y1 - cy) <= radius * 1.01  # not the page's header rule
    }
    assert sorted(rings) == [r / 100 for r in RINGS]
    texts = [p for p in radar if isinstance(p, Text)]
    grads = [t.text.replace("\xa0", " ") for t in texts if t.role == "caption"]
    assert grads == ["25 %", "50 %", "75 %", "100 %"]  # once each, not on every axis
    titles = " ".join(t.text for t in texts if t.role == "label")
    assert "(/2)" in titles and "(/5)" in titles and "(/40)" in titles  # each theme's own best score


def test_no_label_crosses_an_axis(sheet):
    radar = sheet[-1]
    centre = next(p for p in radar if isinstance(p, Circle))
    axes = [p for p in radar if isinstance(p, Seg) and math.hypot(p.x1 - centre.cx, p.y1 - centre.cy) < 0.01]
    labels = [p for p in radar if isinstance(p, Text) and p.role in ("caption", "label")]
    assert labels
    for t in labels:
        for a in axes:
            assert not _crosses(a, _box(t)), (t.text, a)


def test_statement_numbers_stand_apart_from_their_text(sheet):
    for page in sheet[:-1]:
        texts = [p for p in page if isinstance(p, Text)]
        for num in (t for t in texts if t.role == "caption" and t.text.count(".") == 1):
            end = _box(num)[2]
            same_line = [t for t in texts if t is not num and abs(t.y - num.y) < 3 and t.x > num.x]
            assert same_line and min(t.x for t in same_line) - end >= 5.0, num.text  # 2 mm at least


def test_the_sheet_prints_legibly(tmp_path):
    result = run("build", KIT, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    text = page_texts(tmp_path / "quiz-unequal-diagnostic-sheet.pdf")[-1]
    # the graduation once (and the help's « 100 % at the edge »): no smear of tick labels
    assert sorted(re.findall(r"(\d+)\s%", text)) == ["100", "100", "25", "50", "75"], text
    assert "3.40 Statement 40" in page_texts(tmp_path / "quiz-unequal-diagnostic-sheet.pdf")[1].replace("\r\n", " ")
