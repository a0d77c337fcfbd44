"""Workbooks and CSV files -> grids of cell values, each cell with its location.

XLSX and ODS are read with python-calamine (formula cells give the value the spreadsheet computed and saved);
merged cells give their value to every cell they cover, as a person reads them. CSV: UTF-8 with or without
a BOM, comma, semicolon or tab separated (the separator the header line uses), quoted newlines kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from deck.errors import DeckError, Loc

BOOKS = (".xlsx", ".xlsm", ".ods")
SHEETS = BOOKS + (".csv",)
MAX_BOOK_BYTES = 30 * 1024 * 1024
MAX_ROWS = 100_000


def is_sheet(path: Path) -> bool:
    return path.suffix.lower() in SHEETS


def is_book(path: Path) -> bool:
    return path.suffix.lower() in BOOKS


@dataclass
class Grid:
    """The non-empty rows of one tab (or CSV file): (row number, values), a value None where the cell is empty."""

    shown: str  # the file, as messages print it
    name: str  # the tab ("" for a CSV file)
    rows: list[tuple[int, list[Any]]]

    def loc(self, row: int = 0, col: int = 0) -> Loc:
        if not self.name:
            return Loc(self.shown, row, col)
        return Loc(self.shown, row, col, sheet=self.name)

    @property
    def csv(self) -> bool:
        return not self.name


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value if value.strip() else None
    return value


def _rows(values: list[list[Any]], first: int = 1) -> list[tuple[int, list[Any]]]:
    out = []
    for n, row in enumerate(values, start=first):
        cells = [_clean(v) for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            out.append((n, cells))
    return out


def read_grids(path: Path, shown: str) -> list[Grid]:
    """Every tab of a workbook, or the one grid of a CSV file; DeckError when the file cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DeckError(f"cannot read the file: {e.strerror or e}", Loc(shown)) from None
    if size > MAX_BOOK_BYTES:
        raise DeckError(
            f"file is {size / 1e6:.1f} MB: expected a kit workbook under {MAX_BOOK_BYTES // (1024 * 1024)} MB",
            Loc(shown),
        )
    if path.suffix.lower() == ".csv":
        return [_read_csv(path, shown)]
    return _read_book(path, shown)


# -- CSV ----------------------------------------------------------------------------------------------------------
def _read_csv(path: Path, shown: str) -> Grid:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DeckError(
            f"invalid UTF-8 byte 0x{data[e.start]:02X}: expected a CSV file in UTF-8 "
            "(in Excel: Save As, « CSV UTF-8 »; in LibreOffice: character set Unicode (UTF-8))",
            Loc(shown, line, 1),
        ) from None
    if "\x00" in text:
        raise DeckError(
            "NUL byte in the file: expected a CSV text file (is this a workbook saved as .csv?)", Loc(shown)
        )
    head = _first_lines(text)
    delimiter = max(";,\t", key=lambda d: _count_outside_quotes(head, d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    values: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for record in reader:
            if len(values) > MAX_ROWS:
                raise DeckError(f"more than {MAX_ROWS} rows: expected a kit's content", Loc(shown, start, 1))
            values += _rows([record], start)
            start = reader.line_num + 1
    except csv.Error as e:
        raise DeckError(f"CSV: {e}", Loc(shown, start, 1)) from None
    return Grid(shown, "", values)


def _first_lines(text: str) -> str:
    """The first lines that hold a separator (a CSV may start with the name of its list alone on a line)."""
    lines = [line for line in text.split("\n")[:20] if any(d in line for d in ";,\t")]
    return "\n".join(lines[:2])


def _count_outside_quotes(line: str, ch: str) -> int:
    return re.sub(r'"[^"]*"', "", line).count(ch)


# -- XLSX and ODS -------------------------------------------------------------------------------------------------
def _read_book(path: Path, shown: str) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        grids = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            values = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            if len(values) > MAX_ROWS:
                raise DeckError(f"more than {MAX_ROWS} rows: expected a kit's content", Loc(shown, sheet=name))
            merged = sheet.merged_cell_ranges
            if merged:
                _spread(values, [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged])
            grids.append((name, values))
    except DeckError:
        raise
    except Exception as e:  # calamine's errors: not a workbook, a password, a broken zip
        kind = "OpenDocument spreadsheet (.ods)" if path.suffix.lower() == ".ods" else "Excel workbook (.xlsx)"
        raise DeckError(
            f"cannot read the workbook ({str(e)[:120] or type(e).__name__}): expected an {kind} "
            "saved by a spreadsheet program, without a password",
            Loc(shown),
        ) from None
    if path.suffix.lower() == ".ods":
        spans = _ods_spans(path)
        for name, values in grids:
            _spread(values, spans.get(name, []))
    return [Grid(shown, name, _rows(values)) for name, values in grids]


def _spread(values: list[list[Any]], ranges) -> None:
    """Each merged range's top-left value into every cell it covers (0-based, inclusive)."""
    for r0, c0, r1, c1 in ranges:
        if r0 >= len(values):
            continue
        top = values[r0][c0] if c0 < len(values[r0]) else None
        for r in range(r0, min(r1, len(values) - 1) + 1):
            row = values[r]
            while len(row) <= c1:
                row.append(None)
            for c in range(c0, c1 + 1):
                row[c] = top


_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_spans(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """The merged ranges of each table of an ODS file (calamine does not give them for ODS)."""
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as f:
            table, row = "", 0
            col = 0
            for event, el in ElementTree.iterparse(f, events=("start", "end")):
                tag = el.tag
                if event == "start":
                    if tag == _T + "table":
                        table, row = el.get(_T + "name", ""), 0
                    elif tag == _T + "table-row":
                        col = 0
                    elif tag in (_T + "table-cell", _T + "covered-table-cell"):
                        rows = int(el.get(_T + "number-rows-spanned", "1"))
                        cols = int(el.get(_T + "number-columns-spanned", "1"))
                        if rows > 1 or cols > 1:
                            out.setdefault(table, []).append((row, col, row + rows - 1, col + cols - 1))
                        col += int(el.get(_T + "number-columns-repeated", "1"))
                elif tag == _T + "table-row":
                    row += int(el.get(_T + "number-rows-repeated", "1"))
                    el.clear()
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return out


# -- cell values as text ------------------------------------------------------------------------------------------
def as_text(value: Any) -> str:
    """A cell's value as the text a person sees in it: 3 (not 3.0), 2024-05-01, TRUE."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" + (":%S" if value.second else ""))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()[: 5 if isinstance(value, dt.time) and not value.second else None]
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)
