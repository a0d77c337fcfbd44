"""QR code symbols (error correction M): their modules, computed once per distinct URL by zxing-cpp.

zxing-cpp (which encodes through libzint) chooses the segmentation (numeric, alphanumeric and byte runs),
the smallest version that holds the text at level M (the level is kept, never raised) and the mask with
the lowest ISO/IEC 18004 penalty of the eight. It is given ASCII only (`ascii_uri`): for other text it
would write Latin-1 without an ECI header, or a legacy code page, which phones read wrongly.

What is only about drawing the symbol (PDF path operators) is in deck.render.qr.
"""

from __future__ import annotations

import unicodedata
from typing import Any, cast
from urllib.parse import quote

QUIET = 4  # modules of quiet zone on every side (ISO/IEC 18004)
WARN_MODULE_MM = 0.5
MIN_MODULE_MM = 0.33

_DARK = bytes(1 if v < 128 else 0 for v in range(256))  # zxing-cpp's grey levels -> 1 dark, 0 light
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})  # dots UTS 46 maps to "."


def _escape(text: str) -> str:
    """Percent-encode the UTF-8 of every non-ASCII character; ASCII characters stay as they are."""
    return "".join(c if c.isascii() else quote(c, safe="") for c in text)


def _host(host: str) -> str:
    """A host name in ASCII: each non-ASCII label lowercased, NFC, Punycode with its xn-- prefix."""
    labels = []
    for label in host.translate(_DOTS).split("."):
        if not label.isascii():
            label = unicodedata.normalize("NFC", label.lower())
            try:
                label = "xn--" + label.encode("punycode").decode("ascii")
            except UnicodeError:
                label = _escape(label)
        labels.append(label)
    return ".".join(labels)


def ascii_uri(url: str) -> str:
    """The URI of an IRI, as a QR code carries it: non-ASCII characters of the path, query and fragment
    (and user name) percent-encoded as UTF-8, a non-ASCII host name in IDNA (xn--) form. An ASCII URL is
    returned unchanged, byte for byte. This is what a phone reads back from the code."""
    if url.isascii():
        return url
    head, sep, rest = url.partition("://")
    if not sep or not head.isascii():
        return _escape(url)
    end = len(rest)
    for c in "/?#":
        i = rest.find(c)
        if i >= 0:
            end = min(end, i)
    authority, tail = rest[:end], rest[end:]
    user, at, hostport = authority.rpartition("@")
    host, colon, port = hostport, "", ""
    if not hostport.startswith("[") and ":" in hostport:
        host, colon, port = hostport.rpartition(":")
    authority = _escape(user) + at + _host(host) + colon + _escape(port)
    return head + sep + authority + _escape(tail)


_MATRICES: dict = {}
MAX_CACHED = 16384  # about 2.5 kB each: a kit of ten thousand resources keeps all of its codes


def matrix(url: str) -> tuple:
    """The symbol of `url` (quiet zone excluded): a tuple of rows, top row first, each row a `bytes` of
    0 (light) and 1 (dark) per module. Computed once per distinct URL (the card, its check and the QR
    sheet ask for the same codes). ValueError when no QR version holds it at level M."""
    m = _MATRICES.get(url)
    if m is None:
        m = encode(url)
        remember(url, m)
    return m


def load_zxing():
    """zxing-cpp, imported with Ctrl-C (and SIGTERM, unwound the same way) held until its native module has
    loaded. A KeyboardInterrupt raised while nanobind initialises the module (it calls back into Python to make
    its enums) is a C++ exception nothing catches: the interpreter aborts ("terminate called after throwing …")
    instead of unwinding. Held, the signal arrives as soon as the import is done, in Python, and ends the
    command as any Ctrl-C does."""
    import sys

    done = sys.modules.get("zxingcpp")
    if done is not None:
        return done
    from deck.interrupts import INTERRUPTS, held

    with held(*INTERRUPTS):
        import zxingcpp
    return zxingcpp


def encode(url: str) -> tuple:
    """The symbol of `url`, computed now (see matrix)."""
    zxingcpp = load_zxing()

    try:
        code = zxingcpp.create_barcode(ascii_uri(url), zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    except ValueError as e:  # "Input too long for ECC level M, requires ... codewords"
        raise ValueError(f"{len(url)} characters do not fit in a QR code at level M ({e})") from None
    # zxingcpp.Image exports the buffer protocol (one byte a module), though its stubs do not say so
    image = memoryview(cast(Any, code.to_image(scale=1, add_quiet_zones=False)))
    n = image.shape[0] if image.shape else 0
    flat = image.tobytes().translate(_DARK)
    return tuple(flat[i : i + n] for i in range(0, n * n, n))


def remember(url: str, m: tuple) -> None:
    """Keep a matrix (computed here, or by a worker process) so that it is not computed again."""
    if url not in _MATRICES:
        if len(_MATRICES) >= MAX_CACHED:
            del _MATRICES[next(iter(_MATRICES))]
        _MATRICES[url] = m


def cached(url: str) -> bool:
    return url in _MATRICES


def too_long(url: str) -> bool:
    """True when no QR version holds the URL at level M."""
    try:
        matrix(url)
        return False
    except ValueError:
        return True
