"""The reference: a plain reportlab program that prints the same cards as `deck build` on a synthetic kit.

Same bundled fonts (embedded, subset), 9 poker cards per A4 sheet, duplex (each front page followed by its
back page, mirrored for a long-edge flip), cut marks. A front has a coloured band with the category, the
title and the body text wrapped greedily with stringWidth, a vector QR code (the qrcode matrix as one path
of rectangles, one per horizontal run) and a footer; every back is the same drawing, reused as a form.

Usage: python bench/reference.py KIT_DIR OUT.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path

import qrcode
import yaml
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
FONTS = Path(__file__).resolve().parent.parent / "deck" / "fonts"
CARD_W, CARD_H = 63 * MM, 88 * MM
PAGE_W, PAGE_H = 210 * MM, 297 * MM
COLS, ROWS = 3, 3
X0, Y0 = (PAGE_W - COLS * CARD_W) / 2, (PAGE_H - ROWS * CARD_H) / 2
SAFE = 4 * MM
COLOURS = {"Question": "#CC79A7", "Défi": "#E69F00", "Ressource": "#56B4E9", "Témoignage": "#009E73"}


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def qr_runs(url: str):
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(url.encode("utf-8"), optimize=0)
    code.make(fit=True)
    m = code.get_matrix()
    runs = []
    for r, row in enumerate(m):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return len(m), runs


def front(c: Canvas, card: dict, url: str, res_title: str, title: str) -> None:
    colour = COLOURS.get(card.get("type"), "#CC79A7")
    c.setFillColor(HexColor("#FFFFFF"))
    c.rect(0, 0, CARD_W, CARD_H, stroke=0, fill=1)
    band = 10 * MM
    c.setFillColor(HexColor(colour))
    c.rect(0, CARD_H - band, CARD_W, band, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    c.setFont("ref-bold", 8)
    c.drawString(SAFE, CARD_H - band / 2 - 2.8, card.get("type", ""))
    y = CARD_H - band - 2.5 * MM
    c.setFillColor(HexColor("#1A1A1A"))
    c.setFont("ref-bold", 12)
    for line in wrap(card["title"], "ref-bold", 12, CARD_W - 2 * SAFE):
        y -= 12 * 1.22
        c.drawString(SAFE, y, line)
    y -= 2.2 * MM
    c.setFont("ref-regular", 9)
    for line in wrap(card.get("text", ""), "ref-regular", 9, CARD_W - 2 * SAFE):
        y -= 9 * 1.22
        c.drawString(SAFE, y, line)
    # QR code, bottom right, on a white quiet zone
    n, runs = qr_runs(url)
    side = 18 * MM
    m = side / n
    x, yq = CARD_W - SAFE - side, 3 * MM + SAFE + 9
    c.setFillColor(HexColor("#FFFFFF"))
    c.rect(x - 4 * m, yq - 4 * m, side + 8 * m, side + 8 * m, stroke=0, fill=1)
    path = c.beginPath()
    for r, col, length in runs:
        path.rect(x + col * m, yq + (n - 1 - r) * m, length * m, m)
    c.setFillColor(HexColor("#000000"))
    c.drawPath(path, stroke=0, fill=1)
    c.setFillColor(HexColor("#595959"))
    c.setFont("ref-regular", 7)
    c.drawCentredString(x + side / 2, 3 * MM + SAFE, "exemple.fr")
    c.setFont("ref-bold", 8)
    c.drawString(SAFE, yq + side - 8, res_title)
    c.setFont("ref-regular", 7.2)
    c.drawString(SAFE, yq + side - 18, "Scannez pour en savoir plus")
    c.setFont("ref-regular", 6.5)
    c.drawString(SAFE, SAFE, title)


def back(c: Canvas, title: str) -> None:
    c.setFillColor(HexColor("#CC79A7"))
    c.rect(0, 0, CARD_W, CARD_H, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    c.circle(CARD_W / 2, CARD_H * 0.58, CARD_W * 0.36 / 2 * 0.9, stroke=0, fill=1)
    c.setFont("ref-bold", 11)
    c.drawCentredString(CARD_W / 2, CARD_H * 0.58 - CARD_W * 0.18 - 6 * MM, "Cartes")
    c.setFont("ref-regular", 10)
    c.drawCentredString(CARD_W / 2, CARD_H * 0.58 - CARD_W * 0.18 - 12 * MM, title)


def furniture(c: Canvas, label: str, scale: bool) -> None:
    c.setFillColor(HexColor("#595959"))
    c.setFont("ref-regular", 6.5)
    c.drawCentredString(PAGE_W / 2, Y0 + ROWS * CARD_H + 5.5 * MM, label)
    if scale:
        c.setStrokeColor(HexColor("#595959"))
        c.setLineWidth(0.6)
        y = Y0 - 7.5 * MM
        c.line(X0, y, X0 + 100 * MM, y)
        c.setLineWidth(0.4)
        for k in range(11):
            c.line(X0 + k * 10 * MM, y, X0 + k * 10 * MM, y + (1.6 if k % 5 == 0 else 0.9) * MM)
        c.drawString(X0 + 101.5 * MM, y, "100 mm  Imprimer à 100 % (taille réelle)")


def marks(c: Canvas) -> None:
    c.setStrokeColor(HexColor("#8C8C8C"))
    c.setLineWidth(0.35)
    for i in range(COLS + 1):
        x = X0 + i * CARD_W
        c.line(x, Y0 - 1 * MM, x, Y0 - 4 * MM)
        c.line(x, Y0 + ROWS * CARD_H + 1 * MM, x, Y0 + ROWS * CARD_H + 4 * MM)
    for j in range(ROWS + 1):
        y = Y0 + j * CARD_H
        c.line(X0 - 1 * MM, y, X0 - 4 * MM, y)
        c.line(X0 + COLS * CARD_W + 1 * MM, y, X0 + COLS * CARD_W + 4 * MM, y)


def main(kit_dir: Path, out: Path) -> None:
    load = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    header = yaml.load((kit_dir / "kit.yaml").read_text(encoding="utf-8"), Loader=load)
    cards, urls = [], {}
    for name in header["files"]:
        data = yaml.load((kit_dir / name).read_text(encoding="utf-8"), Loader=load)
        cards += data.get("cards", [])
        urls.update({r["id"]: (r["url"], r["title"]) for r in data.get("resources", [])})
    for style in ("Regular", "Bold"):
        pdfmetrics.registerFont(TTFont(f"ref-{style.lower()}", str(FONTS / f"NotoSans-{style}.ttf")))
    c = Canvas(str(out), pageSize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    title = header["title"]
    per = COLS * ROWS
    has_back = False
    sheets = (len(cards) + per - 1) // per
    for s in range(0, len(cards), per):
        sheet = cards[s : s + per]
        marks(c)
        furniture(c, f"{title} · Cartes · feuille {s // per + 1}/{sheets} · recto", True)
        for i, card in enumerate(sheet):
            r, col = divmod(i, COLS)
            c.saveState()
            c.translate(X0 + col * CARD_W, Y0 + (ROWS - 1 - r) * CARD_H)
            url, res_title = urls[card["resources"][0]]
            front(c, card, url, res_title, f"{title} · Cartes")
            c.restoreState()
        c.showPage()
        marks(c)
        furniture(c, f"{title} · Cartes · feuille {s // per + 1}/{sheets} · verso", False)
        for i in range(len(sheet)):
            r, col = divmod(i, COLS)
            c.saveState()
            c.translate(PAGE_W - X0 - (col + 1) * CARD_W, Y0 + (ROWS - 1 - r) * CARD_H)
            if not has_back:
                c.beginForm("back", 0, 0, CARD_W, CARD_H)
                back(c, title)
                c.endForm()
                has_back = True
            c.doForm("back")
            c.restoreState()
        c.showPage()
    c.save()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
