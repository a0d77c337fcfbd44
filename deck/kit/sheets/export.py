"""A kit -> the tabs of a workbook (plain data), in the order a trainer reads them; `book.py` writes them.

The rows come from the validated model, so what the workbook holds is what the kit prints: a cell is empty when
the field has its default, text stays text, whole numbers are numbers, true/false are booleans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deck.kit.model import Choice, Kit, Ref, Size, Text
from deck.kit.sheets.tables import (
    HELP_TABLE,
    KIT_TABLE,
    LABELS,
    Column,
    Table,
    by_key,
    kit_fields,
    parent_tables,
    tables,
)
from deck.kit.sheets.words import KIT_HEADERS, column_help, how_to
from deck.units import CARD_SIZES_MM, card_size

DATA_ROW = 3  # rows 1 and 2: the field names and what each takes
LIST_ROWS = 2000  # drop-down lists reach down to this row


@dataclass
class Tab:
    """One tab as plain data: header and help rows, value rows, widths (characters) and drop-down lists."""

    name: str
    headers: list[str]
    help: list[str]
    rows: list[list[Any]]
    widths: list[float]
    lists: dict[int, Any] = field(default_factory=dict)  # 0-based column -> options (tuple) or (tab, column)
    wrap: set[int] = field(default_factory=set)  # columns of long texts
    notes: bool = False  # the how-to tab: lines of text, no headers


def size_text(size: tuple[float, float]) -> str:
    """A card size (points) as a kit writes it: its preset's name, or WxH in mm that reads back the same."""
    for name in CARD_SIZES_MM:
        if card_size(name) == tuple(size):
            return name
    from deck.units import MM

    def mm(value: float, digits: int) -> str:
        # fixed-point, never an exponent ("6e+01" is no size a kit can read back)
        return f"{value / MM:.{digits}f}".rstrip("0").rstrip(".")

    for digits in range(0, 16):
        text = f"{mm(size[0], digits)}x{mm(size[1], digits)}"
        try:
            if card_size(text) == tuple(size):
                return text
        except ValueError:
            continue
    return f"{mm(size[0], 15)}x{mm(size[1], 15)}"


def cell(value: Any, column: Column | None = None) -> Any:
    """A model value as a cell: None when it is the default (an empty cell), ids joined by commas."""
    if column is not None and value == column.default:
        return None
    if isinstance(value, tuple) and column is not None and isinstance(column.kind, Size):
        return size_text(value)
    if isinstance(value, tuple):
        return ", ".join(value) if value else None
    return value


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def rows_of(table: Table, kit: Kit) -> list[tuple[tuple[str, ...], Any]]:
    """(the parents' ids, the item or text) of every row of a table, in the kit's order."""
    if table.parent is None:
        if table.key == "decks":
            return [((), d) for d in kit.header.decks]
        value = getattr(kit, table.collection)
        if table.single:
            return [] if value is None else [((), value)]
        return [((), x) for x in value]
    parent = by_key()[table.parent]
    sub = table.path[len(parent.path) :]
    out = []
    for ids, item in rows_of(parent, kit):
        own = ids if parent.single else ids + (item.id,)
        for child in _get(item, sub) or ():
            out.append((own, child))
    return out


def _width(values: list[Any], header: str, help_text: str) -> float:
    longest = max([len(header) + 2, min(len(help_text), 40)] + [len(str(v)) for v in values if v is not None])
    return float(min(max(longest, 8), 60))


def plan_tabs(kit: Kit, everything: bool = False) -> list[Tab]:
    """The tabs of the kit's workbook: how to use it, the Kit, then every list the kit has (all of them when
    `everything`, for a new kit)."""
    french = kit.header.language.lower().startswith("fr")
    lang = "fr" if french else "en"
    tab_names = {t.key: t.label(lang) for t in tables()}
    out = [
        Tab(LABELS[HELP_TABLE][0 if french else 1], [], [], [[line] for line in how_to(french)], [110.0], notes=True)
    ]
    out.append(_kit_tab(kit, french))
    written = set()
    for table in tables():
        rows = rows_of(table, kit)
        if not rows and not everything and table.key != "decks":
            continue
        written.add(table.key)
        out.append(_tab(table, rows, tab_names, french))
    shown = {tab_names[k] for k in written}
    for tab, table in zip(out[2:], [t for t in tables() if t.key in written], strict=True):
        for i, src in _lists(table).items():
            if isinstance(src, list):  # the ids of another tab: only when the workbook has it
                src = (tab_names[src[0]], src[1])
                if src[0] not in shown:
                    continue
            tab.lists[i] = src
    return out


REF_TABLE = {
    "scenarios": "scenarios",
    "stages": "scenarios.stages",
    "actors": "actors",
    "events": "events",
    "object_themes": "object_themes",
    "fiches": "fiches",
    "resources": "resources",
    "modalities": "modalities",
    "objects": "objects",
}


def _id_column(key: str) -> int:
    return by_key()[key].headers.index("id")


def _lists(table: Table) -> dict[int, Any]:
    """Drop-down lists: the parents' ids, the ids a reference names, the options of a choice."""
    out: dict[int, Any] = {}
    for i, parent in enumerate(parent_tables(table)):
        out[i] = [parent, _id_column(parent)]
    for j, column in enumerate(table.columns, start=len(table.parents)):
        if isinstance(column.kind, Ref) and column.kind.collection in REF_TABLE:
            target = REF_TABLE[column.kind.collection]
            out[j] = [target, _id_column(target)]
        elif isinstance(column.kind, Choice):
            out[j] = tuple(column.kind.options)
    return out


def _tab(table: Table, rows, tab_names: dict[str, str], french: bool) -> Tab:
    helps = []
    for parent in parent_tables(table):
        tab = tab_names[parent]
        helps.append(f"l’id de l’élément, dans l’onglet {tab}" if french else f"the item's id, in the {tab} tab")
    helps += [column_help(c.name, c.doc, c.kind, c.required, french) for c in table.columns]
    values: list[list[Any]] = []
    for ids, item in rows:
        if table.cls is None:
            values.append(list(ids) + [item])
        else:
            values.append(list(ids) + [cell(_get(item, c.path), c) for c in table.columns])
    headers = list(table.headers)
    helps[0] = "# " + helps[0]
    widths = [_width([r[i] for r in values], headers[i], helps[i]) for i in range(len(headers))]
    wrap = {
        i
        for i, c in enumerate(table.columns, start=len(table.parents))
        if isinstance(c.kind, Text) or table.cls is None or widths[i] >= 60
    }
    return Tab(tab_names[table.key], headers, helps, values, widths, wrap=wrap)


def _kit_tab(kit: Kit, french: bool) -> Tab:
    h = kit.header
    rows: list[list[Any]] = []
    helps: dict[str, str] = {}
    for f in kit_fields():
        if f.name in ("files", "extends", "remove"):
            continue  # the workbook holds the whole kit: nothing to extend, no other file
        value = getattr(h, f.name)
        helps[f.name] = column_help(f.name, f.doc, f.kind, f.required, french)
        if f.name == "theme" and not isinstance(value, str):
            rows += [[f"theme.{k}", v] for k, v in _dotted(value)]
        elif isinstance(value, tuple):
            rows += [[f.name, v] for v in value]
        elif value is not None and not (f.name == "format" and value == 1):
            rows.append([f.name, value])
    values = [r + [helps.get(r[0].split(".")[0], "")] for r in rows]
    help_row = ["# champ" if french else "# field", "valeur" if french else "value", ""]
    tab = Tab(LABELS[KIT_TABLE][0], [*KIT_HEADERS, "#"], help_row, values, [16.0, 80.0, 50.0], wrap={1})
    return tab


def _dotted(mapping, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for k, v in mapping.items():
        if isinstance(v, dict):
            out += _dotted(v, f"{prefix}{k}.")
        else:
            out.append((f"{prefix}{k}", v.value if _is_number(v) else str(v)))
    return out


def _is_number(v: Any) -> bool:
    return hasattr(v, "value") and isinstance(v.value, (int, float)) and not isinstance(v.value, bool)
