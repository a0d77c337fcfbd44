"""Kits in spreadsheets: XLSX, ODS and CSV files read into the same located tree as YAML, and written back.

`tables` (how the model lies in tabs), `cells` (workbooks and CSV files -> located cells), `read` (cells -> the
located tree the validator reads), `export` and `book` (a kit -> an XLSX or ODS workbook), `yamlout` (a kit ->
YAML files).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from deck.errors import DeckError, Loc, display_path

FORMATS = ("xlsx", "ods")


def workbook_bytes(kit, fmt: str, everything: bool = False) -> bytes:
    """The kit as a workbook: `fmt` xlsx or ods."""
    from deck.kit.sheets.book import ods_bytes, xlsx_bytes
    from deck.kit.sheets.export import plan_tabs

    tabs = plan_tabs(kit, everything)
    return xlsx_bytes(tabs) if fmt == "xlsx" else ods_bytes(tabs)


def format_of(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DeckError(
            f'"{path.name}": expected a workbook name ending in .xlsx (Excel) or .ods (LibreOffice)',
            Loc(display_path(path)),
        )
    return fmt


def new_book(target: Path, base=None, fmt: str = "xlsx") -> tuple[Path, bytes]:
    """`deck new --sheet`: a kit as one workbook in `target` (the starter kit, or a copy of `base` under the new
    kit's id), every tab there to fill."""
    from deck.kit.load import load_kit
    from deck.kit.scaffold import _slug, plan_new

    kit_id = _slug(target.name)
    if base is None:
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in plan_new(Path(tmp) / target.name).items():
                (Path(tmp) / name).write_text(text, encoding="utf-8")
            kit, diag = load_kit(Path(tmp))
            if kit is None:
                raise DeckError(diag)
    else:
        french = base.header.language.lower().startswith("fr")
        title = base.header.title + (" (version adaptée)" if french else " (adapted)")
        header = dataclasses.replace(base.header, id=kit_id, title=title)
        kit = dataclasses.replace(base, header=header)
    return target / f"{kit_id}.{fmt}", workbook_bytes(kit, fmt, everything=True)
