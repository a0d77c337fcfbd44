"""QR code matrices (error correction M), computed once per distinct URL."""

from __future__ import annotations

from functools import lru_cache

MM = 72 / 25.4
QUIET = 4  # modules of quiet zone on every side (ISO/IEC 18004)
WARN_MODULE_MM = 0.5
MIN_MODULE_MM = 0.33


@lru_cache(maxsize=4096)
def matrix(url: str) -> tuple:
    """Rows of booleans (top row first), quiet zone excluded."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(url.encode("utf-8"), optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(v) for v in row) for row in code.get_matrix())


def runs(m: tuple) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules: (row, first column, length)."""
    out = []
    for r, row in enumerate(m):
        c = 0
        n = len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                out.append((r, start, c - start))
            else:
                c += 1
    return out


def too_long(url: str) -> bool:
    """True when no QR version holds the URL at level M."""
    try:
        matrix(url)
        return False
    except Exception:  # qrcode raises DataOverflowError
        return True
