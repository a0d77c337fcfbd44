"""Themes (colours, fonts, sizes, per-type look) and locales (the words the tool prints).

Both are YAML files under layouts/; a theme may `extends:` another (cycles are reported with the chain).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deck.errors import DeckError, Diagnostics, Loc, did_you_mean, display_path
from deck.kit.find import data_dir
from deck.kit.model import CARD_SOURCES
from deck.kit.yamlio import YMap, load_file
from deck.style.cmyk import EXPECTED as COLOUR_EXPECTED
from deck.style.cmyk import parse_cmyk, to_hex
from deck.style.contrast import contrast

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
ICONS = ("circle", "triangle", "diamond", "square", "hexagon", "chevron", "star", "page", "check", "qr")
THEME_KEYS = {
    "extends": None,
    "fonts": {"regular": "stack", "bold": "stack", "italic": "stack"},
    "colours": {"ink": "colour", "paper": "colour", "muted": "colour", "rule": "colour"},
    "sizes": {"title_max": "pt", "title_min": "pt", "body_max": "pt", "body_min": "pt", "board_body": "pt"},
    "types": {t: {"colour": "colour", "text": "colour", "icon": "icon"} for t in CARD_SOURCES},
    "logo": "image",
    "layout": {"band": "mm", "safe": "mm", "qr_max": "mm", "back": "back"},
}
BACKS = ("solid", "light")


@dataclass(frozen=True)
class TypeLook:
    colour: str
    text: str
    icon: str


@dataclass(frozen=True)
class Theme:
    name: str
    fonts: dict
    colours: dict
    sizes: dict
    types: dict  # card source -> TypeLook
    logo: str | None = None
    layout: dict = field(default_factory=dict)  # band, safe, qr_max (mm), back (solid | light)
    # where the kit set each value ("colours.ink", "logo"…: its line), and the colours it gave wrong
    # (replaced by the base theme's, so never checked for contrast): messages only, not the look
    locs: dict = field(default_factory=dict, repr=False, compare=False)
    invalid: frozenset = field(default=frozenset(), repr=False, compare=False)
    # the colours given in CMYK: their sRGB stand-in (in `colours`, `types`) -> the inks, in percent
    cmyk: dict = field(default_factory=dict)


@dataclass
class _Seen:
    """What checking the kit's own theme layers saw: the place of each value, the colours refused."""

    mine: bool = False  # the layer being checked is the kit's (kit.yaml or a theme file of the kit)
    locs: dict = field(default_factory=dict)
    invalid: set = field(default_factory=set)
    cmyk: dict = field(default_factory=dict)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # a theme's name: a file of a themes/ folder


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, its links followed, is a file inside `root` (a link loop, a link out: no)."""
    try:
        path.resolve(strict=True).relative_to(root.resolve(strict=True))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python before 3.13)
        return False
    return path.is_file()


def _find_theme(name: str, kit_root: Path | None) -> Path | None:
    """The file of a theme: the kit's own (inside the kit, links followed), else a bundled one; a name
    that is a path (`/abs/x`, `../../x`) is no theme's."""
    if not NAME_RE.fullmatch(name) or name.endswith(".yaml"):
        return None
    folders = ([(kit_root / "themes", kit_root)] if kit_root else []) + [
        (data_dir("layouts") / "themes", data_dir("layouts"))
    ]
    for folder, root in folders:
        p = folder / f"{name}.yaml"
        if p.is_file() and inside(p, root):
            return p
    return None


def _available(kit_root: Path | None) -> list[str]:
    names: set[str] = set()
    for folder in ([kit_root / "themes"] if kit_root else []) + [data_dir("layouts") / "themes"]:
        try:
            names.update(p.stem for p in folder.glob("*.yaml") if NAME_RE.fullmatch(p.stem))
        except OSError:
            continue
    return sorted(names)


def _check(
    spec, data, loc: Loc, where: str, diag: Diagnostics, kit_root: Path | None, seen: _Seen | None = None
) -> dict:
    """Check a theme mapping against THEME_KEYS; return plain values."""
    seen = seen if seen is not None else _Seen()
    out: dict = {}
    for key, value in data.items():
        kloc = data.key_locs.get(key, loc) if isinstance(data, YMap) else loc
        vloc = data.value_locs.get(key, loc) if isinstance(data, YMap) else loc
        path = f"{where}.{key}".removeprefix("theme.")
        if seen.mine:
            seen.locs.setdefault(path, vloc)
        if key not in spec:
            diag.error(
                kloc, f'unknown key "{key}" in {where}: expected one of {", ".join(spec)}' + did_you_mean(key, spec)
            )
            continue
        kind = spec[key]
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                diag.error(vloc, f"{key}: expected a mapping")
                continue
            out[key] = _check(kind, value, vloc, f"{where}.{key}", diag, kit_root, seen)
        elif kind == "colour":
            inks, problem = parse_cmyk(value)
            if inks is not None:  # printed with these inks; drawn on screen and office printers as their sRGB
                out[key] = to_hex(inks)
                seen.cmyk[out[key]] = inks
            elif not (isinstance(value, str) and HEX.match(value)):
                found = dict(value) if isinstance(value, dict) else value
                diag.error(vloc, f"{key}: {problem or 'expected ' + COLOUR_EXPECTED}, found {found!r}")
                seen.invalid.add(path)
            else:
                out[key] = value.upper()
        elif kind == "pt":
            v = getattr(value, "value", value)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not 4 <= v <= 200:
                diag.error(vloc, f"{key}: expected a size in points between 4 and 200, found {value!r}")
            else:
                out[key] = float(v)
        elif kind == "mm":
            v = getattr(value, "value", value)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not 0 <= v <= 100:
                diag.error(vloc, f"{key}: expected a length in mm between 0 and 100, found {value!r}")
            else:
                out[key] = float(v)
        elif kind == "back":
            if value not in BACKS:
                diag.error(
                    vloc,
                    f"{key}: expected one of {', '.join(BACKS)}, found {value!r}" + did_you_mean(str(value), BACKS),
                )
            else:
                out[key] = str(value)
        elif kind == "icon":
            if value not in ICONS:
                diag.error(
                    vloc,
                    f"{key}: expected one of {', '.join(ICONS)}, found {value!r}" + did_you_mean(str(value), ICONS),
                )
            else:
                out[key] = str(value)
        elif kind == "stack":  # one font or a list, first first; "bundled" is the bundled stack of the style
            items = list(value) if isinstance(value, (list, tuple)) else [value]
            if not items or not all(isinstance(v, str) for v in items):
                diag.error(vloc, f"{key}: expected a .ttf file, bundled, or a list of them, found {value!r}")
                continue
            out[key] = [_asset(v, "font", vloc, diag, kit_root) if v != "bundled" else "bundled" for v in items]
        elif kind in ("font", "image"):
            out[key] = _asset(str(value), kind, vloc, diag, kit_root)
        else:
            out[key] = value
    return out


MAX_IMAGE_PIXELS = 16_000_000  # a logo: checked from the file's header, before it is decoded (a 9000² one took 1 GB)


def _asset(value: str, kind: str, loc: Loc, diag: Diagnostics, kit_root: Path | None):
    if kind == "font" and value == "bundled":
        return None
    suffixes = (".ttf",) if kind == "font" else (".png", ".jpg", ".jpeg")
    if not value.lower().endswith(suffixes):
        diag.error(loc, f"expected a {' or '.join(suffixes)} file inside the kit, found {value!r}")
        return None
    if kit_root is None:
        diag.error(loc, f"{kind} files are only allowed in a kit's own theme")
        return None
    path = Path(value)
    try:
        real = (kit_root / path).resolve()
        real.relative_to(kit_root.resolve())
    except RuntimeError:  # a symlink loop (Python before 3.13)
        diag.error(loc, f"{value!r} is a link that leads back to itself: expected a file inside the kit")
        return None
    except (ValueError, OSError):
        diag.error(loc, f"{value!r} lies outside the kit directory: expected a path inside it, such as images/logo.png")
        return None
    if path.is_absolute() or ".." in path.parts:
        diag.error(loc, f"{value!r} lies outside the kit directory: expected a path inside it, such as images/logo.png")
        return None
    if not real.is_file():
        diag.error(loc, f"{value!r} not found in the kit directory")
        return None
    if kind == "image":
        try:
            from PIL import Image as PILImage

            with PILImage.open(real) as im:  # reads the header only: the size is known before any decoding
                w, h = im.size
                if w * h > MAX_IMAGE_PIXELS:
                    diag.error(
                        loc,
                        f"{value!r} is {w} × {h} pixels ({w * h / 1e6:.0f} million): expected at most "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels (4000 × 4000; a logo printed 8 cm wide "
                        "at 600 dpi needs 1900): make it smaller",
                    )
                    return None
                im.verify()
        except Exception:
            diag.error(loc, f"{value!r} is not a readable PNG or JPEG image")
            return None
    return str(real)


def load_theme(spec, loc: Loc, kit_root: Path | None, diag: Diagnostics) -> Theme | None:
    """A theme name or mapping (with `extends`) -> Theme; problems go to diag."""
    chain: list[str] = []
    layers: list[dict] = []
    seen = _Seen()
    current = spec
    cur_loc = loc
    while True:
        if isinstance(current, str):
            name = current
            if name in chain:
                diag.error(cur_loc, "theme extends itself: " + " -> ".join(chain + [name]))
                return None
            chain.append(name)
            path = _find_theme(name, kit_root)
            if path is None and not NAME_RE.fullmatch(name):
                diag.error(
                    cur_loc,
                    f"theme: {name[:80]!r} is not a theme's name: expected the name of a theme in the kit's "
                    'themes/ folder or a bundled one, such as "default" (never a path)',
                )
                return None
            if path is None:
                diag.error(
                    cur_loc,
                    f'unknown theme "{name}": expected one of {", ".join(_available(kit_root))}'
                    + did_you_mean(name, _available(kit_root)),
                )
                return None
            try:
                data = load_file(path, display_path(path))
            except DeckError as e:
                diag.extend(e.diagnostics)
                return None
            if data is None:
                data = YMap()
                data.loc, data.key_locs, data.value_locs = Loc(display_path(path)), {}, {}
            if not isinstance(data, YMap):
                diag.error(Loc(display_path(path), 1, 1), "expected a theme mapping")
                return None
            owner = kit_root if kit_root and path.is_relative_to(kit_root) else None
        elif isinstance(current, dict):
            data, owner = current, kit_root
            chain.append("(kit.yaml)")
        else:
            diag.error(cur_loc, "theme: expected a theme name or a mapping")
            return None
        seen.mine = owner is not None
        layers.append(_check(THEME_KEYS, data, getattr(data, "loc", cur_loc), "theme", diag, owner, seen))
        parent = data.get("extends")
        if parent is None:
            break
        cur_loc = data.value_locs.get("extends", cur_loc) if isinstance(data, YMap) else cur_loc
        current = str(parent)
    merged: dict = {}
    for layer in reversed(layers):
        merged = _merge(merged, layer)
    try:
        types = {t: TypeLook(**merged["types"][t]) for t in CARD_SOURCES}
        return Theme(
            chain[0],
            merged.get("fonts", {}),
            merged["colours"],
            merged["sizes"],
            types,
            merged.get("logo"),
            merged["layout"],
            seen.locs,
            frozenset(seen.invalid),
            dict(seen.cmyk),
        )
    except (KeyError, TypeError) as e:
        diag.error(loc, f"theme {' -> '.join(chain)} is incomplete: missing {e}; extend the default theme")
        return None


def contrast_problems(theme: Theme, used_types) -> list[tuple[str, Loc | None]]:
    """Colour pairs that read badly, each with the line of the kit that set one of them (None when the
    kit set neither). A colour the kit gave wrong is not checked: it was replaced, and is reported."""
    out = []
    c = theme.colours
    pairs = [("ink", c["ink"], "paper", c["paper"]), ("muted", c["muted"], "paper", c["paper"])]
    for t in used_types:
        look = theme.types[t]
        pairs.append((f"types.{t}.text", look.text, f"types.{t}.colour", look.colour))
    for fn, fg, bn, bg in pairs:
        keys = [k if k.startswith("types.") else f"colours.{k}" for k in (fn, bn)]
        if any(k in theme.invalid for k in keys):
            continue
        r = contrast(fg, bg)
        if r < 4.5:
            loc = next((theme.locs[k] for k in keys if k in theme.locs), None)
            out.append((f"colours {fn} {fg} on {bn} {bg}: contrast {r:.2f}:1, expected at least 4.5:1", loc))
    return out


# -- locales --------------------------------------------------------------------------------------
def bundled_locales() -> list[str]:
    """The languages whose words deck bundles."""
    return sorted(p.stem for p in (data_dir("layouts") / "locales").glob("*.yaml"))


def load_locale(
    lang: str, kit_root: Path | None, diag: Diagnostics, loc: Loc | None = None, overrides: Mapping | None = None
) -> dict:
    """The words the tool prints, for the kit's language. A kit's own locale (`locales/<lang>.yaml`, inside the
    kit) and its `labels:` (`overrides`, for the kit's own language) change words one by one: each a one-line
    text with the placeholders of the English one at most; a word of the wrong shape is an error, English kept.

    A language with no words, bundled or the kit's, is a warning at `loc` naming the fallback: English. A
    regional code (pt-BR, fr-CA) uses its language's words (pt, fr) when there are none of its own."""
    code = lang.lower().replace("_", "-")
    base = code.split("-")[0]
    if not re.fullmatch(r"[a-z]{2,3}", base):
        base = "en"
    english = load_file(data_dir("layouts") / "locales" / "en.yaml")
    words: dict = {
        "types": dict(english["types"]),
        "labels": dict(english["labels"]),
        "plurals": {k: dict(v) for k, v in english.get("plurals", {}).items()},
        "language": "en",
    }
    names = [base] if base == code else [base, code]  # the language's words, then its region's
    candidates: list[tuple[Path, Path | None]] = [(data_dir("layouts") / "locales" / f"{n}.yaml", None) for n in names]
    if kit_root:
        candidates += [(kit_root / "locales" / f"{n}.yaml", kit_root) for n in names]
    found = False
    for path, root in candidates:
        if not path.is_file() or (root is not None and not inside(path, root)):
            continue
        found = True
        try:
            data = load_file(path, display_path(path))
        except DeckError as e:
            diag.extend(e.diagnostics)
            continue
        if data is None:
            continue
        shown = display_path(path)
        if not isinstance(data, YMap):
            diag.error(Loc(shown, 1, 1), "expected a locale: a mapping with types: and labels:")
            continue
        for section in ("types", "labels"):
            part = data.get(section)
            if part is None:
                continue
            if not isinstance(part, YMap):
                diag.error(data.value_locs.get(section, Loc(shown)), f"{section}: expected a mapping of words")
                continue
            for k, v in part.items():
                where = part.value_locs.get(k, Loc(shown))
                problem = _word_problem(v, english[section].get(k)) if root is not None else None
                if problem:
                    diag.error(where, f"{section}.{k}: {problem}")
                else:
                    words[section][k] = str(v)
        part = data.get("plurals")
        if isinstance(part, YMap):
            for k, forms in part.items():
                if isinstance(forms, YMap) and all(isinstance(f, str) for f in forms.values()):
                    other = english.get("plurals", {}).get(k, {}).get("other", "{n}")
                    problems = [(c, _word_problem(f, other)) for c, f in forms.items()] if root is not None else []
                    for c, problem in problems:
                        if problem:
                            diag.error(forms.value_locs.get(c, Loc(shown)), f"plurals.{k}.{c}: {problem}")
                    if not any(problem for _, problem in problems):
                        words["plurals"][k] = {str(c): str(f) for c, f in forms.items()}
                else:
                    diag.error(part.value_locs.get(k, Loc(shown)), f"plurals.{k}: expected a mapping of plural forms")
    if found:
        words["language"] = base
    elif base != "en":
        diag.warning(
            loc or Loc("deck"),
            f'language: {lang}: deck has no words for "{lang}" (it has {", ".join(bundled_locales())}): '
            f"its labels are printed in English; add locales/{base}.yaml to the kit to give them",
        )
    for k, v in (overrides or {}).items():
        where = getattr(overrides, "value_locs", {}).get(k, loc or Loc("deck"))
        section, name = ("types", k[6:]) if k.startswith("types.") else ("labels", k)
        if name not in english[section]:
            diag.error(
                where,
                f'labels.{k}: deck prints no word "{k}": expected one of the names of layouts/locales/en.yaml'
                + did_you_mean(k, list(english["labels"]) + [f"types.{t}" for t in english["types"]]),
            )
            continue
        problem = _word_problem(v, english[section].get(name))
        if problem:
            diag.error(where, f"labels.{k}: {problem}")
        else:
            words[section][name] = str(v)
    return words


PLURAL_RULES = {
    # CLDR's cardinal categories of whole numbers, for the languages deck has words for
    "fr": lambda n: "one" if n in (0, 1) else "other",
    "pt": lambda n: "one" if n in (0, 1) else "other",
    "ar": lambda n: (
        "zero"
        if n == 0
        else "one"
        if n == 1
        else "two"
        if n == 2
        else "few"
        if 3 <= n % 100 <= 10
        else "many"
        if 11 <= n % 100 <= 99
        else "other"
    ),
}


def plural(words: dict, key: str, n: int, **fields: str) -> str:
    """ "1 card", "2 cards", "1 A4 sheet": the plural form of `key` for the number n, in the words' language,
    with its other placeholders (`paper`) filled from `fields`."""
    forms = words.get("plurals", {}).get(key, {})
    rule = PLURAL_RULES.get(words.get("language", "en"), lambda n: "one" if n == 1 else "other")
    form = forms.get(rule(n)) or forms.get("other") or forms.get("one") or "{n}"
    return form.format(n=n, **fields)


def _word_problem(value, english) -> str | None:
    """What is wrong with a word of a kit's locale (None: nothing)."""
    import string

    if isinstance(value, (dict, list)) or value is None:
        return "expected a one-line text"
    text = str(value)
    one_line = "\n" not in str(english or "")
    if one_line and any(c in text for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        return "expected a one-line text, found a line break"
    allowed = {f for _, f, _, _ in string.Formatter().parse(str(english or "")) if f}
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return "a lone { or }: write {{ or }} for a brace"
    unknown = sorted(f for f in fields if f not in allowed)
    if unknown:
        return f"{{{unknown[0]}}} is not a placeholder of this word" + (
            f": expected {', '.join('{' + a + '}' for a in sorted(allowed))}" if allowed else ": it takes none"
        )
    return None
