"""Where the bundled kits, layouts and fonts are, from a wheel or from a source checkout."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # the deck package
DEFAULT_KIT = "mise-en-dialogue"


def data_dir(name: str) -> Path:
    """`content` or `layouts`: inside the package once installed, beside it in a checkout."""
    for candidate in (HERE / name, HERE.parent / name):
        if candidate.is_dir():
            return candidate
    return HERE / name


def fonts_dir() -> Path:
    return HERE / "fonts"


def bundled_kits() -> dict[str, Path]:
    """Bundled kit id -> directory. The id is the directory name (checked equal to kit.yaml's id)."""
    root = data_dir("content")
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / "kit.yaml").is_file()}


def bundled_layouts() -> dict[str, Path]:
    root = data_dir("layouts")
    out = {}
    if root.is_dir():
        for p in sorted(root.rglob("*.yaml")):
            out[f"{p.parent.name}/{p.stem}"] = p
    return out
