"""QR code matrices (error correction M), computed once per distinct URL.

A small encoder of our own (ISO/IEC 18004, model 2): numeric, alphanumeric or byte mode for the whole text,
the smallest version that holds it, the mask with the lowest penalty. It gives exactly the matrices of the
`qrcode` package (same mode, version and mask choices; a test compares them) about twenty times faster:
the penalty of each of the eight masks is computed on whole matrices packed into big integers and byte
strings, not module by module. A kit of ten thousand cards has ten thousand codes.
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter

QUIET = 4  # modules of quiet zone on every side (ISO/IEC 18004)
WARN_MODULE_MM = 0.5
MIN_MODULE_MM = 0.33

# Level M, per version: (EC codewords per block, blocks, data codewords[, blocks, data codewords])
_BLOCKS = (
    (10, 1, 16),
    (16, 1, 28),
    (26, 1, 44),
    (18, 2, 32),
    (24, 2, 43),
    (16, 4, 27),
    (18, 4, 31),
    (22, 2, 38, 2, 39),
    (22, 3, 36, 2, 37),
    (26, 4, 43, 1, 44),
    (30, 1, 50, 4, 51),
    (22, 6, 36, 2, 37),
    (22, 8, 37, 1, 38),
    (24, 4, 40, 5, 41),
    (24, 5, 41, 5, 42),
    (28, 7, 45, 3, 46),
    (28, 10, 46, 1, 47),
    (26, 9, 43, 4, 44),
    (26, 3, 44, 11, 45),
    (26, 3, 41, 13, 42),
    (26, 17, 42),
    (28, 17, 46),
    (28, 4, 47, 14, 48),
    (28, 6, 45, 14, 46),
    (28, 8, 47, 13, 48),
    (28, 19, 46, 4, 47),
    (28, 22, 45, 3, 46),
    (28, 3, 45, 23, 46),
    (28, 21, 45, 7, 46),
    (28, 19, 47, 10, 48),
    (28, 2, 46, 29, 47),
    (28, 10, 46, 23, 47),
    (28, 14, 46, 21, 47),
    (28, 14, 46, 23, 47),
    (28, 12, 47, 26, 48),
    (28, 6, 47, 34, 48),
    (28, 29, 46, 14, 47),
    (28, 13, 46, 32, 47),
    (28, 40, 47, 7, 48),
    (28, 18, 47, 31, 48),
)
_ALIGN = (
    (),
    (6, 18),
    (6, 22),
    (6, 26),
    (6, 30),
    (6, 34),
    (6, 22, 38),
    (6, 24, 42),
    (6, 26, 46),
    (6, 28, 50),
    (6, 30, 54),
    (6, 32, 58),
    (6, 34, 62),
    (6, 26, 46, 66),
    (6, 26, 48, 70),
    (6, 26, 50, 74),
    (6, 30, 54, 78),
    (6, 30, 56, 82),
    (6, 30, 58, 86),
    (6, 34, 62, 90),
    (6, 28, 50, 72, 94),
    (6, 26, 50, 74, 98),
    (6, 30, 54, 78, 102),
    (6, 28, 54, 80, 106),
    (6, 32, 58, 84, 110),
    (6, 30, 58, 86, 114),
    (6, 34, 62, 90, 118),
    (6, 26, 50, 74, 98, 122),
    (6, 30, 54, 78, 102, 126),
    (6, 26, 52, 78, 104, 130),
    (6, 30, 56, 82, 108, 134),
    (6, 34, 60, 86, 112, 138),
    (6, 30, 58, 86, 114, 142),
    (6, 34, 62, 90, 118, 146),
    (6, 30, 54, 78, 102, 126, 150),
    (6, 24, 50, 76, 102, 128, 154),
    (6, 28, 54, 80, 106, 132, 158),
    (6, 32, 58, 84, 110, 136, 162),
    (6, 26, 54, 82, 110, 138, 166),
    (6, 30, 58, 86, 114, 142, 170),
)
_DATA_BITS = [0] + [8 * sum(b[i] * b[i + 1] for i in range(1, len(b), 2)) for b in _BLOCKS]
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_RE = re.compile(r"[0-9A-Z $%*+\-./:]*\Z")
_NUMERIC, _ALPHANUMERIC, _BYTE = 1, 2, 4
_COUNT_BITS = {_NUMERIC: (10, 12, 14), _ALPHANUMERIC: (9, 11, 13), _BYTE: (8, 16, 16)}

# GF(256) with the polynomial 0x11D
_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@cache
def _generator(n: int) -> tuple:
    """For each byte f, f times the RS generator polynomial of degree n (leading term dropped), as an int."""
    g = [1]
    for i in range(n):
        nxt = [0] * (len(g) + 1)
        for j, c in enumerate(g):
            nxt[j] ^= c
            if c:
                nxt[j + 1] ^= _EXP[_LOG[c] + i]
        g = nxt
    logs = [_LOG[c] for c in g[1:]]
    assert all(g), "a zero coefficient"  # true of every degree QR codes use
    table = [0]
    for f in range(1, 256):
        lf = _LOG[f]
        table.append(int.from_bytes(bytes(_EXP[lf + lg] for lg in logs), "big"))
    return tuple(table)


def _ec(data: list, n: int) -> list:
    """The n error correction codewords of a block: the remainder of data * x^n by the generator."""
    table = _generator(n)
    top = 8 * (n - 1)
    mask = (1 << (8 * n)) - 1
    rem = 0
    for byte in data:
        rem = ((rem << 8) & mask) ^ table[byte ^ (rem >> top)]
    return list(rem.to_bytes(n, "big"))


def _bch(data: int, poly: int, shift: int) -> int:
    d = data << shift
    top = poly.bit_length()
    while d.bit_length() >= top:
        d ^= poly << (d.bit_length() - top)
    return (data << shift) | d


def _format_bits(mask: int) -> int:
    return _bch(mask, 0b10100110111, 10) ^ 0b101010000010010  # level M is 00


_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)


class _Version:
    """Everything about one version that does not depend on the data, computed once."""

    def __init__(self, version: int):
        self.version = version
        n = self.n = 17 + 4 * version
        grid: list[list] = [[None] * n for _ in range(n)]

        def finder(row, col):
            for r in range(-1, 8):
                for c in range(-1, 8):
                    if 0 <= row + r < n and 0 <= col + c < n:
                        grid[row + r][col + c] = int(
                            (0 <= r <= 6 and c in (0, 6))
                            or (0 <= c <= 6 and r in (0, 6))
                            or (2 <= r <= 4 and 2 <= c <= 4)
                        )

        finder(0, 0)
        finder(n - 7, 0)
        finder(0, n - 7)
        pos = _ALIGN[version - 1]
        for row in pos:
            for col in pos:
                if grid[row][col] is not None:
                    continue
                for r in range(-2, 3):
                    for c in range(-2, 3):
                        grid[row + r][col + c] = int(r in (-2, 2) or c in (-2, 2) or (r == 0 and c == 0))
        for i in range(8, n - 8):
            if grid[i][6] is None:
                grid[i][6] = int(i % 2 == 0)
            if grid[6][i] is None:
                grid[6][i] = int(i % 2 == 0)
        # format and version areas, and the dark module: light while masks are compared
        self.format_cells = []
        for i in range(15):
            v = (i, 8) if i < 6 else (i + 1, 8) if i < 8 else (n - 15 + i, 8)
            h = (8, n - i - 1) if i < 8 else (8, 15 - i) if i < 9 else (8, 15 - i - 1)
            self.format_cells.append((v, h))
        self.version_cells = []
        if version >= 7:
            for i in range(18):
                self.version_cells.append(((i // 3, i % 3 + n - 11), (i % 3 + n - 11, i // 3)))
        self.dark = (n - 8, 8)
        for v, h in self.format_cells + self.version_cells:
            grid[v[0]][v[1]] = 0
            grid[h[0]][h[1]] = 0
        grid[n - 8][8] = 0
        # data modules in placement order
        order = []
        row, step = n - 1, -1
        for right in range(n - 1, 0, -2):
            col = right - 1 if right <= 6 else right  # the vertical timing pattern is skipped
            while 0 <= row < n:
                for c in (col, col - 1):
                    if grid[row][c] is None:
                        order.append((row, c))
                row += step
            row -= step
            step = -step
        self.order = order
        nd = len(order)
        # framed layouts: a row (or column) of separators (2) first, then each line behind a separator,
        # so that runs and patterns never cross lines. Source: data bits, then the constants 2, 0, 1.
        sep, zero, one = nd, nd + 1, nd + 2
        index = [[None] * n for _ in range(n)]
        for k, (r, c) in enumerate(order):
            index[r][c] = k
        for r in range(n):
            for c in range(n):
                if index[r][c] is None:
                    index[r][c] = one if grid[r][c] else zero
        w = n + 1
        rows = [sep] * w
        cols = [sep] * w
        for r in range(n):
            rows.append(sep)
            rows.extend(index[r])
            cols.append(sep)
            cols.extend(index[c][r] for c in range(n))
        self.by_rows = itemgetter(*rows)
        self.by_cols = itemgetter(*cols)
        self.size = w * w
        self.masks = []
        for fn in _MASKS:
            bits = bytes(int(fn(r, c)) for r, c in order) + b"\x00\x00\x00"
            rows_bits = bytes(self.by_rows(bits))
            self.masks.append(
                (int.from_bytes(rows_bits, "big"), int.from_bytes(rows_bits + bytes(self.by_cols(bits)), "big"))
            )
        self.nd = nd
        self.ones = (_ones(2 * self.size), _ones(self.size))


@cache
def _version(v: int) -> _Version:
    return _Version(v)


_BITS = [bytes((b >> (7 - k)) & 1 for k in range(8)) for b in range(256)]
_FINDER_A = bytes((1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0))
_FINDER_B = bytes((0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1))


def _ones(nbytes: int) -> int:
    return int.from_bytes(b"\x01" * nbytes, "big")


def _penalty(both: int, size: int, rows_int: int, n: int, ones: tuple) -> int:
    """The four penalty rules of ISO/IEC 18004, counted as the qrcode package counts them.

    `both` is the framed rows then the framed columns of one masked matrix, one byte per module, as an
    int of 2 * size bytes; `rows_int` the rows alone. Shifted XORs compare every module with its
    neighbours at once; the bytes that differ (values 1 to 3) are counted with one popcount.
    """
    nbytes = 2 * size
    ones_both, ones_rows = ones
    # rule 1: a run of L >= 5 equal modules costs L - 2 = 3 * (windows of 5) - 2 * (windows of 6) per run;
    # each framing row (n + 2 separators in a row) adds n, taken off
    d = both ^ (both >> 8)
    z5 = d | (d >> 8) | (d >> 16) | (d >> 24)
    z6 = z5 | (d >> 32)
    w5 = nbytes - ((z5 | (z5 >> 1)) & ones_both).bit_count()
    w6 = nbytes - ((z6 | (z6 >> 1)) & ones_both).bit_count()
    p = 3 * w5 - 2 * w6 - 2 * n
    # rule 2: 2 x 2 blocks of one colour
    stride = 8 * (n + 1)
    h = rows_int ^ (rows_int >> 8)
    same = h | (rows_int ^ (rows_int >> stride)) | (h >> stride)
    p += 3 * (size - ((same | (same >> 1)) & ones_rows).bit_count())
    # rule 3: finder-like patterns in rows and columns
    raw = both.to_bytes(nbytes, "big")
    p += 40 * (raw.count(_FINDER_A) + raw.count(_FINDER_B))
    # rule 4: balance of dark and light (the 2 n + 1 separators of the rows are one bit each)
    dark = rows_int.bit_count() - (2 * n + 1)
    p += int(abs(float(dark) / (n * n) * 100 - 50) / 5) * 10
    return p


def _bits_for(data: bytes) -> tuple[int, list]:
    """(mode, [(value, bit count)] of the payload) for the most compact single mode."""
    text = data.decode("latin-1")
    if data.isdigit():
        out = [(int(text[i : i + 3]), (4, 7, 10)[len(text[i : i + 3]) - 1]) for i in range(0, len(text), 3)]
        return _NUMERIC, out
    if _ALNUM_RE.match(text):
        out = []
        for i in range(0, len(text), 2):
            pair = text[i : i + 2]
            if len(pair) == 2:
                out.append((_ALNUM.index(pair[0]) * 45 + _ALNUM.index(pair[1]), 11))
            else:
                out.append((_ALNUM.index(pair), 6))
        return _ALPHANUMERIC, out
    return _BYTE, [(b, 8) for b in data]


def _codewords(data: bytes) -> tuple[int, list]:
    mode, payload = _bits_for(data)
    size = sum(b for _, b in payload)
    version = 0
    for v in range(1, 41):
        count_bits = _COUNT_BITS[mode][0 if v < 10 else 1 if v < 27 else 2]
        if 4 + count_bits + size <= _DATA_BITS[v]:
            version = v
            break
    if not version:
        raise ValueError(f"{len(data)} bytes do not fit in a QR code at level M")
    count_bits = _COUNT_BITS[mode][0 if version < 10 else 1 if version < 27 else 2]
    acc, nbits = mode, 4
    acc = (acc << count_bits) | len(data)
    nbits += count_bits
    for value, bits in payload:
        acc = (acc << bits) | value
        nbits += bits
    limit = _DATA_BITS[version]
    term = min(4, limit - nbits)
    acc <<= term
    nbits += term
    if nbits % 8:
        acc <<= 8 - nbits % 8
        nbits += 8 - nbits % 8
    body = list(acc.to_bytes(nbits // 8, "big")) if nbits else []
    pad = (0xEC, 0x11)
    body += [pad[i % 2] for i in range((limit - nbits) // 8)]
    spec = _BLOCKS[version - 1]
    ec_n = spec[0]
    blocks, ecs = [], []
    offset = 0
    for i in range(1, len(spec), 2):
        for _ in range(spec[i]):
            block = body[offset : offset + spec[i + 1]]
            offset += spec[i + 1]
            blocks.append(block)
            ecs.append(_ec(block, ec_n))
    out = []
    for i in range(max(map(len, blocks))):
        out += [b[i] for b in blocks if i < len(b)]
    for i in range(ec_n):
        out += [e[i] for e in ecs]
    return version, out


_MATRICES: dict = {}
MAX_CACHED = 16384  # about 2.5 kB each: a kit of ten thousand resources keeps all of its codes
PREPARE_MIN = 96  # fewer URLs: computed one by one where they are used, without a helper


def matrix(url: str) -> tuple:
    """The symbol of `url` (quiet zone excluded): a tuple of rows, top row first, each row a `bytes` of
    0 (light) and 1 (dark) per module. Computed once per distinct URL. ValueError when it is too long."""
    m = _MATRICES.get(url)
    if m is None:
        m = _encode(url)
        if len(_MATRICES) >= MAX_CACHED:
            del _MATRICES[next(iter(_MATRICES))]
        _MATRICES[url] = m
    return m


def prepare(urls) -> None:
    """Compute the matrices of many URLs at once, on both cores (deck.ahead): a build calls it with every
    URL of the kit before it forks its helpers, which then find them all here."""
    todo = list(dict.fromkeys(u for u in urls if u and u not in _MATRICES))
    if len(todo) < PREPARE_MIN:
        return
    from deck.build.ahead import Ahead

    with Ahead(todo, _attempt) as ahead:
        for i, url in enumerate(todo):
            done = ahead.get(i)
            if done is not None:
                remember(url, done[0])
                if len(_PATHS) < MAX_CACHED:
                    _PATHS[url] = done


def _attempt(url: str):
    try:
        m = _encode(url)
    except ValueError:  # too long: reported where it is used
        return None
    return m, path_ops(m)


def remember(url: str, m: tuple) -> None:
    """Keep a matrix computed elsewhere (by a helper process) so that it is not computed again here."""
    if url not in _MATRICES and len(_MATRICES) < MAX_CACHED:
        _MATRICES[url] = m


def _encode(url: str) -> tuple:
    version, words = _codewords(url.encode("utf-8"))
    ver = _version(version)
    n = ver.n
    bits = b"".join(map(_BITS.__getitem__, words))
    bits = bits.ljust(ver.nd, b"\x00") + b"\x02\x00\x01"
    rows = bytes(ver.by_rows(bits))
    cols = bytes(ver.by_cols(bits))
    size = ver.size
    r0 = int.from_bytes(rows, "big")
    both0 = int.from_bytes(rows + cols, "big")
    best, best_mask = None, 0
    ones = ver.ones
    for k, (mr, mboth) in enumerate(ver.masks):
        p = _penalty(both0 ^ mboth, size, r0 ^ mr, n, ones)
        if best is None or p < best:
            best, best_mask = p, k
    best_rows = (r0 ^ ver.masks[best_mask][0]).to_bytes(size, "big")
    w = n + 1
    grid = [bytearray(best_rows[(r + 1) * w + 1 : (r + 2) * w]) for r in range(n)]
    fmt = _format_bits(best_mask)
    for i, (v, h) in enumerate(ver.format_cells):
        bit = (fmt >> i) & 1
        grid[v[0]][v[1]] = bit
        grid[h[0]][h[1]] = bit
    if ver.version_cells:
        vbits = _bch(version, 0b1111100100101, 12)
        for i, (a, b) in enumerate(ver.version_cells):
            bit = (vbits >> i) & 1
            grid[a[0]][a[1]] = bit
            grid[b[0]][b[1]] = bit
    grid[ver.dark[0]][ver.dark[1]] = 1
    return tuple(map(bytes, grid))


_DARK = re.compile(rb"\x01+")
_SPAN = re.Match.span


def runs(m: tuple) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules: (row, first column, length), top row first."""
    w = len(m) + 1
    flat = b"\x00".join(map(bytes, m))
    return [(s // w, s % w, e - s) for s, e in map(_SPAN, _DARK.finditer(flat))]


_PATHS: dict = {}  # URL -> (matrix, its path operators)


def path_ops(m: tuple, url: str | None = None) -> str:
    """PDF path operators drawing the dark modules of m, one rectangle per horizontal run, in a frame of
    one module with its origin at the bottom left: small integers only. Kept per URL when it is given
    (prepare() computes them with the matrices; a copy of the matrix from a helper process finds them).

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


def too_long(url: str) -> bool:
    """True when no QR version holds the URL at level M."""
    try:
        matrix(url)
        return False
    except ValueError:
        return True
