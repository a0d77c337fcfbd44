"""Drawing a QR symbol (deck.layout.qr.matrix) in a PDF content stream: its runs of dark modules."""

from __future__ import annotations

import re

MAX_CACHED = 16384

_DARK = re.compile(rb"\x01+")
_SPAN = re.Match.span
_PATHS: dict = {}  # URL -> (matrix, its path operators)


def runs(m: tuple) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules: (row, first column, length), top row first."""
    w = len(m) + 1
    flat = b"\x00".join(map(bytes, m))
    return [(s // w, s % w, e - s) for s, e in map(_SPAN, _DARK.finditer(flat))]


def path_ops(m: tuple, url: str | None = None) -> str:
    """PDF path operators drawing the dark modules of m, one rectangle per horizontal run, in a frame of
    one module with its origin at the bottom left: small integers only. Kept per URL when it is given (a
    code is drawn on its card and again on the QR sheet).

    (Merging equal runs of successive rows into taller rectangles saves 20 % of the operators but nothing
    once the page is compressed, and costs half as much time again: not done.)"""
    if url is not None:
        hit = _PATHS.get(url)
        if hit is not None and (hit[0] is m or hit[0] == m):
            return hit[1]
    vals: list = []
    y = len(m)
    for row in m:
        y -= 1
        x = 0
        for part in bytes(row).split(b"\x00"):
            if part:
                k = len(part)
                vals += (x, y, k)
                x += k + 1
            else:
                x += 1
    ops = ("%d %d %d 1 re\n" * (len(vals) // 3)) % tuple(vals)
    if url is not None and len(_PATHS) < MAX_CACHED:
        _PATHS[url] = (m, ops)
    return ops


def remember(url: str, m: tuple, ops: str) -> None:
    """Keep the operators of a matrix computed elsewhere (a build's worker process)."""
    if len(_PATHS) < MAX_CACHED:
        _PATHS[url] = (m, ops)
