"""Alignment crosses of built tiles, read back from the PDF: the crosses (two thin strokes of the same
length crossing at their middles), the text (pdfium's character boxes) and the QR codes (decoded from a
render) of each tile page."""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4
ARM = 3 * MM


def crosses(objs) -> list[tuple[float, float]]:
    """Centres of the crosses among the page's top-level path objects ((type, bounds), pdfium)."""
    h, v = [], []
    for t, b in objs:
        w, hh = b[2] - b[0], b[3] - b[1]
        if t != 2:
            continue
        if abs(w - 2 * ARM) < 0.8 * MM and hh < 0.8 * MM:
            h.append(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2))
        elif abs(hh - 2 * ARM) < 0.8 * MM and w < 0.8 * MM:
            v.append(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2))
    return [p for p in h if any(abs(p[0] - q[0]) < 0.3 and abs(p[1] - q[1]) < 0.3 for q in v)]


def tile_pages(path: Path, dpi: float = 100, margin: float = 5 * MM):
    """For each tile page (the first page, the assembly map, left out): (crosses, character boxes inside the
    printed window (the page less `margin`: the board's text past it is clipped away), QR codes as
    (x0, y0, x1, y1, module) in page points)."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for i in range(1, len(pdf)):
            page = pdf[i]
            objs = []
            for o in page.get_objects(max_depth=0):
                try:
                    objs.append((o.type, tuple(o.get_bounds())))
                except Exception:
                    continue
            tp = page.get_textpage()
            pw, ph = page.get_size()
            boxes = []
            for k in range(tp.count_chars()):
                b = tp.get_charbox(k)
                cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
                if b[2] - b[0] > 0.2 and b[3] - b[1] > 0.2 and margin < cx < pw - margin and margin < cy < ph - margin:
                    boxes.append(b)
            s = dpi / 72
            image = page.render(scale=s).to_pil().convert("L")
            codes = []
            for r in zxingcpp.read_barcodes(image):
                p = r.position
                pts = [(q.x / s, ph - q.y / s) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
                x0, y0 = min(q[0] for q in pts), min(q[1] for q in pts)
                x1, y1 = max(q[0] for q in pts), max(q[1] for q in pts)
                n = 17 + 4 * int(r.version) if getattr(r, "version", 0) else 25
                codes.append((x0, y0, x1, y1, (x1 - x0) / n))
            out.append((crosses(objs), boxes, codes))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return out


def touching(point, rect, reach: float = ARM) -> bool:
    x, y = point
    return rect[0] - reach < x < rect[2] + reach and rect[1] - reach < y < rect[3] + reach
