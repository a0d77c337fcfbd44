"""Reading the furniture of built office sheets back from the PDF: the cards (their background
rectangles), the cut marks (thin strokes in line with card edges) and the bounds of every piece of ink."""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4


def page_objects(path: Path) -> list[tuple[tuple[float, float], list[tuple[int, tuple]]]]:
    """For each page: (page size, [(pdfium object type, (x0, y0, x1, y1)), …] of its top-level objects)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            objs = []
            for o in page.get_objects(max_depth=0):
                try:
                    objs.append((o.type, tuple(o.get_bounds())))
                except Exception:
                    continue
            out.append((tuple(page.get_size()), objs))
            page.close()
    finally:
        pdf.close()
    return out


def ink_outside(objs, area, tol: float = 0.05 * MM) -> list[tuple]:
    """Bounds of the objects that reach out of `area` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = area
    return [b for _, b in objs if b[0] < x0 - tol or b[1] < y0 - tol or b[2] > x1 + tol or b[3] > y1 + tol]


def unmarked_cuts(objs, card_mm: tuple[float, float]) -> list[str]:
    """The cut lines of the page (edges of its cards, found as card-sized paths or forms) with no mark at one of
    their ends: a thin stroke in line with the cut, outside every card."""
    w, h = card_mm[0] * MM, card_mm[1] * MM
    cards = []
    for t, b in objs:
        bw, bh = b[2] - b[0], b[3] - b[1]
        if t in (2, 5) and (abs(bw - w) < 0.3 or abs(bw - h) < 0.3) and (abs(bh - h) < 0.3 or abs(bh - w) < 0.3):
            cards.append(b)
    if not cards:
        return ["no card found"]
    thin = [b for t, b in objs if t == 2 and min(b[2] - b[0], b[3] - b[1]) < 0.5 * MM]

    def outside(b):
        return not any(
            b[0] < c[2] - 0.3 and b[2] > c[0] + 0.3 and b[1] < c[3] - 0.3 and b[3] > c[1] + 0.3 for c in cards
        )

    missing = []
    # each half of a gutter-fold sheet is a grid of its own: group the cards by their row and column lines
    for c in cards:
        for x in (c[0], c[2]):
            col = [d for d in cards if d[0] - 0.3 <= x <= d[2] + 0.3]
            top, bottom = max(d[3] for d in col), min(d[1] for d in col)
            ends = [m for m in thin if abs((m[0] + m[2]) / 2 - x) < 0.3 and m[3] - m[1] > 1.4 * MM and outside(m)]
            if not any(m[1] >= top - 0.3 for m in ends):
                missing.append(f"vertical cut at x={x / MM:.1f} mm: no mark above")
            if not any(m[3] <= bottom + 0.3 for m in ends):
                missing.append(f"vertical cut at x={x / MM:.1f} mm: no mark below")
        for y in (c[1], c[3]):
            row = [d for d in cards if d[1] - 0.3 <= y <= d[3] + 0.3]
            left, right = min(d[0] for d in row), max(d[2] for d in row)
            ends = [m for m in thin if abs((m[1] + m[3]) / 2 - y) < 0.3 and m[2] - m[0] > 1.4 * MM and outside(m)]
            if not any(m[2] <= left + 0.3 for m in ends):
                missing.append(f"horizontal cut at y={y / MM:.1f} mm: no mark left")
            if not any(m[0] >= right - 0.3 for m in ends):
                missing.append(f"horizontal cut at y={y / MM:.1f} mm: no mark right")
    return sorted(set(missing))
