"""Printer profiles: back-page offset and scale per printer, kept in the user's config file.

~/.config/deck/printers.yaml (or $XDG_CONFIG_HOME/deck/printers.yaml, or the file named by $DECK_PRINTERS):

    printers:
      bureau:
        back_offset_x: 0.5    # mm, as read on `deck calibrate`'s sheet
        back_offset_y: -1.0
        back_scale: 1.0       # 1.0 = no scaling
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from deck.errors import DeckError, Loc, did_you_mean, display_path
from deck.kit.yamlio import YMap, load_file
from deck.units import MM

KEYS = ("back_offset_x", "back_offset_y", "back_scale")


def config_path() -> Path:
    if os.environ.get("DECK_PRINTERS"):
        return Path(os.environ["DECK_PRINTERS"])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "deck" / "printers.yaml"


def load_profile(name: str) -> tuple[tuple[float, float], float]:
    """((dx, dy) in points, scale) of a named printer profile; DeckError with a location if wrong."""
    path = config_path()
    shown = display_path(path)
    if not path.is_file():
        raise DeckError(
            f'no printer profiles: expected a file {shown} with a "printers:" mapping '
            f'holding "{name}" (see `deck calibrate --help`)',
            Loc(shown),
        )
    data = load_file(path, shown)
    printers = data.get("printers") if isinstance(data, YMap) else None
    if not isinstance(printers, YMap):
        raise DeckError('expected a "printers:" mapping at the top of the file', Loc(shown, 1, 1))
    if name not in printers:
        raise DeckError(
            f'no printer profile "{name}": expected one of {", ".join(printers) or "(none)"}'
            + did_you_mean(name, printers),
            printers.loc,
        )
    prof = printers[name]
    if not isinstance(prof, YMap):
        raise DeckError(f'printer "{name}": expected a mapping of {", ".join(KEYS)}', printers.value_locs[name])
    values = {"back_offset_x": 0.0, "back_offset_y": 0.0, "back_scale": 1.0}
    for key, value in prof.items():
        if key not in KEYS:
            raise DeckError(
                f'unknown key "{key}": expected one of {", ".join(KEYS)}' + did_you_mean(key, KEYS), prof.key_locs[key]
            )
        v = getattr(value, "value", value)
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise DeckError(f"{key}: expected a number, found {value!r}", prof.value_locs[key])
        if not math.isfinite(v):
            raise DeckError(f"{key}: expected a finite number, found {v}", prof.value_locs[key])
        if key == "back_scale" and not 0.9 <= v <= 1.1:
            raise DeckError(f"back_scale: expected a correction between 0.9 and 1.1, found {v}", prof.value_locs[key])
        if key != "back_scale" and abs(v) > 10:
            raise DeckError(f"{key}: expected an offset under 10 mm, found {v}", prof.value_locs[key])
        values[key] = float(v)
    return (values["back_offset_x"] * MM, values["back_offset_y"] * MM), values["back_scale"]
