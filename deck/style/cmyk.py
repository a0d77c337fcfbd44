"""CMYK for print shops: the bundled output profile, the one rule that turns a colour of the kit into
inks, and the parsing of colours a theme gives in CMYK.

The rule (docs/print-shop.md), applied once per distinct colour:

- a colour the theme gave in CMYK (`cmyk(0, 60, 100, 0)`) keeps its inks exactly;
- a grey (R = G = B) is printed with black ink alone: the tint of K whose lightness through the profile
  is the grey's, scaled between the paper and 100 % K (black point compensation) — greys and black text
  never depend on the four plates lining up;
- any other colour goes through an ICC transform from sRGB to the profile (FOGRA39), relative
  colorimetric with black point compensation;
- inks are rounded to whole percents;
- text in a grey of 90 % K or more is printed in plain K (100 % K alone);
- a near black (K alone, at least 95 %) filling a large area (AREA_MIN or more) becomes rich black
  (RICH_BLACK), deeper than K alone; text, lines, QR codes and small shapes keep plain K.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from deck.style.contrast import rgb

ICC_DIR = Path(__file__).resolve().parent.parent / "icc"
PROFILE = ICC_DIR / "FOGRA39L_coated.icc"
CONDITION = "FOGRA39"  # OutputConditionIdentifier: the ICC characterization data registry's name
CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), sheet-fed offset, coated paper"
REGISTRY = "http://www.color.org"
RICH_BLACK = (60, 40, 40, 100)  # total ink 240 %, well under FOGRA39's 300 %
AREA_MIN = 100 * (72 / 25.4) ** 2  # 1 cm², in square points

Cmyk = tuple[int, int, int, int]  # percents


@cache
def profile_bytes() -> bytes:
    return PROFILE.read_bytes()


@cache
def _transforms():
    from PIL import ImageCms

    out = ImageCms.ImageCmsProfile(str(PROFILE))
    srgb = ImageCms.createProfile("sRGB")
    lab = ImageCms.createProfile("LAB")
    rel = ImageCms.Intent.RELATIVE_COLORIMETRIC
    bpc = ImageCms.Flags.BLACKPOINTCOMPENSATION
    return {
        "to_cmyk": ImageCms.buildTransform(srgb, out, "RGB", "CMYK", rel, flags=bpc),
        "to_rgb": ImageCms.buildTransform(out, srgb, "CMYK", "RGB", rel, flags=bpc),
        "to_lab": ImageCms.buildTransform(out, lab, "CMYK", "LAB", rel),
    }


def _pixel(transform: str, mode: str, value):
    from PIL import Image, ImageCms

    im = ImageCms.applyTransform(Image.new(mode, (1, 1), value), _transforms()[transform])
    assert im is not None
    return tuple(im.getpixel((0, 0)))  # type: ignore[arg-type]


@cache
def _k_ramp() -> list[float]:
    """L* (0–100) of K alone at 0, 1, … 100 %, through the profile."""
    from PIL import Image, ImageCms

    im = Image.new("CMYK", (101, 1))
    im.putdata([(0, 0, 0, round(k * 2.55)) for k in range(101)])
    lab = ImageCms.applyTransform(im, _transforms()["to_lab"])
    assert lab is not None
    return [lab.getpixel((k, 0))[0] * 100 / 255 for k in range(101)]  # type: ignore[index]


def _srgb_lightness(v: int) -> float:
    c = v / 255
    y = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def _grey(v: int) -> Cmyk:
    ramp = _k_ramp()
    black, white = ramp[100], ramp[0]
    target = black + _srgb_lightness(v) / 100 * (white - black)
    for k in range(100):  # the ramp darkens as K grows
        lo, hi = ramp[k], ramp[k + 1]
        if lo >= target >= hi:
            t = 0.0 if lo == hi else (lo - target) / (lo - hi)
            return (0, 0, 0, round(k + t))
    return (0, 0, 0, 100 if target < black else 0)


@cache
def from_hex(hex_colour: str) -> Cmyk:
    """The inks of an sRGB colour "#RRGGBB" by the rule above (not a theme's own CMYK: see Converter)."""
    r, g, b = rgb(hex_colour)
    if r == g == b:
        return _grey(r)
    c, m, y, k = _pixel("to_cmyk", "RGB", (r, g, b))
    return (round(c / 2.55), round(m / 2.55), round(y / 2.55), round(k / 2.55))


@cache
def to_hex(cmyk: Cmyk) -> str:
    """The sRGB colour that shows inks on screen and on office printers (the profile's, relative
    colorimetric): what an RGB build draws for a colour the theme gave in CMYK."""
    r, g, b = _pixel("to_rgb", "CMYK", tuple(round(v * 2.55) for v in cmyk))
    return f"#{r:02X}{g:02X}{b:02X}"


_CMYK_TEXT = re.compile(r"^\s*cmyk\s*\((.*)\)\s*$", re.I)
EXPECTED = 'a colour like "#0072B2", cmyk(0, 60, 100, 0) or {c: 0, m: 60, y: 100, k: 0} (inks in percent)'


def parse_cmyk(value) -> tuple[Cmyk | None, str | None]:
    """A theme's colour in CMYK: `cmyk(c, m, y, k)` or a mapping {c, m, y, k}, percents 0–100.
    (inks, None), or (None, what is wrong), or (None, None) when the value is no CMYK colour at all."""
    if isinstance(value, dict):
        keys = {str(k).lower() for k in value}
        if keys != {"c", "m", "y", "k"}:
            missing = sorted({"c", "m", "y", "k"} - keys)
            extra = sorted(keys - {"c", "m", "y", "k"})
            what = (f"missing {', '.join(missing)}" if missing else "") + (
                ("; " if missing and extra else "") + (f"unknown {', '.join(extra)}" if extra else "")
            )
            return None, f"expected the four inks c, m, y and k in percent ({what})"
        lower = {str(k).lower(): v for k, v in value.items()}
        parts = [lower[k] for k in "cmyk"]
    elif isinstance(value, str) and _CMYK_TEXT.match(value):
        raw = _CMYK_TEXT.match(value).group(1).split(",")  # type: ignore[union-attr]
        if len(raw) != 4:
            return None, f"expected four inks in cmyk(c, m, y, k), found {len(raw)}"
        parts = []
        for p in raw:
            p = p.strip().removesuffix("%").strip()
            try:
                parts.append(float(p))
            except ValueError:
                return None, f"expected numbers from 0 to 100 in cmyk(c, m, y, k), found {p!r}"
    else:
        return None, None
    inks = []
    for name, v in zip("cmyk", parts, strict=True):
        v = getattr(v, "value", v)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
            return None, f"ink {name}: expected a percent from 0 to 100, found {v!r}"
        if v != round(v):
            return None, f"ink {name}: expected a whole percent, found {v!r}"
        inks.append(int(round(v)))
    return (inks[0], inks[1], inks[2], inks[3]), None


class Converter:
    """The inks of every colour a CMYK file draws, each worked out once: the theme's own CMYK colours
    (`own`: their sRGB stand-in "#RRGGBB" -> inks) as given, every other colour by the rule."""

    def __init__(self, own: dict | None = None):
        self.own = dict(own or {})
        self._ops: dict = {}

    def inks(self, hex_colour: str, area: float = 0.0, text: bool = False) -> Cmyk:
        own = self.own.get(hex_colour.upper())
        if own is not None:
            return own
        inks = from_hex(hex_colour.upper())
        if inks[:3] == (0, 0, 0) and text and inks[3] >= 90:
            return (0, 0, 0, 100)
        if inks[:3] == (0, 0, 0) and area >= AREA_MIN and inks[3] >= 95:
            return RICH_BLACK
        return inks

    def op(self, hex_colour: str, stroke: bool = False, area: float = 0.0, text: bool = False) -> str:
        """`c m y k k` (fill) or `c m y k K` (stroke), values from 0 to 1."""
        key = (hex_colour, stroke, area >= AREA_MIN, text)
        s = self._ops.get(key)
        if s is None:
            inks = self.inks(hex_colour, area, text)
            nums = " ".join(f"{v / 100:.2f}".rstrip("0").rstrip(".") for v in inks)
            s = self._ops[key] = f"{nums} {'K' if stroke else 'k'}"
        return s

    def image(self, path: str):
        """The image as CMYK (colour) or gray (a gray image), its transparency kept as a soft mask: a
        reportlab ImageReader that writes DeviceCMYK or DeviceGray samples."""
        from PIL import Image, ImageCms
        from reportlab.lib.utils import ImageReader

        with Image.open(path) as src:
            src.load()
            im = src.convert("RGBA") if src.mode not in ("L", "LA", "RGB", "RGBA") else src.copy()
        alpha = im.getchannel("A") if im.mode in ("LA", "RGBA") else None
        if im.mode in ("L", "LA"):
            body = im.convert("L")
        else:
            body = ImageCms.applyTransform(im.convert("RGB"), _transforms()["to_cmyk"])
        reader = ImageReader(body)
        reader.getRGBData()  # its samples as they are (CMYK or L), before the mask is set
        reader._dataA = ImageReader(alpha) if alpha is not None and alpha.getextrema() != (255, 255) else None
        return reader
