"""Reading built PDFs back: text, page sizes, fonts and QR codes (rendered with pypdfium2, decoded by zxing-cpp)."""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4


def page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [
        (round(float(p.mediabox.width) / MM, 1), round(float(p.mediabox.height) / MM, 1))
        for p in PdfReader(str(path)).pages
    ]


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font resource of every page."""
    from pypdf import PdfReader

    out = []
    seen = set()

    def walk(resources):
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            key = (str(font.get("/BaseFont")), embedded)
            if key not in seen:
                seen.add(key)
                out.append(key)
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in PdfReader(str(path)).pages:
        walk(page.get("/Resources"))
    return out


def render(path: Path, dpi: float = 150, pages=None):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)) if pages is None else pages:
            yield i, pdf[i].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()


def qr_codes(path: Path, dpi: float = 150, pages=None) -> list[tuple[int, str]]:
    """(page index, decoded text) of every QR code found on the rendered pages."""
    import zxingcpp

    out = []
    for i, image in render(path, dpi, pages):
        for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            out.append((i, r.text))
    return out


def page_chars(path: Path) -> list[list[tuple]]:
    """Per page, its printing characters in the page's order: (character, origin x, origin y, font size in
    points, box (left, bottom, right, top))."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            chars = []
            for k in range(tp.count_chars()):
                ch = tp.get_text_range(k, 1)
                if not ch.strip():
                    continue
                x, y = ctypes.c_double(), ctypes.c_double()
                raw.FPDFText_GetCharOrigin(tp.raw, k, ctypes.byref(x), ctypes.byref(y))
                chars.append((ch, x.value, y.value, raw.FPDFText_GetFontSize(tp.raw, k), tp.get_charbox(k)))
            out.append(chars)
            tp.close()
    finally:
        pdf.close()
    return out


def last_lines(path: Path) -> list[tuple[str, float]]:
    """Per page: the lowest line of text above the page number (its text, its largest font size in points)."""
    import re

    out = []
    for chars in page_chars(path):
        lines: dict = {}
        for ch, x, y, size, _ in chars:
            lines.setdefault(round(y), []).append((x, ch, size))  # the chars of one baseline
        texts = [
            ("".join(c for _, c, _ in sorted(line)), max(s for _, _, s in line)) for _, line in sorted(lines.items())
        ]
        texts = [t for t in texts if not re.fullmatch(r"\d+/\d+", t[0])]
        out.append(texts[0] if texts else ("", 0.0))
    return out
