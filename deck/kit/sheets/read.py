"""Grids of cells -> the located YMap/YList tree a YAML kit file gives, so that the validator, the overlays and
the messages work on a workbook as they do on YAML: every value knows its cell (`contenu.xlsx:Acteurs!C7`).

The structure is the tables' (`tables.py`). A cell takes what its column's field takes: a number where text is
expected is text, ids are trimmed, a list of ids is split at commas, whole numbers and true/false are read as
such (`VRAI`, `oui`, 1 too). Problems of the workbook itself (an unknown tab or column, a row naming a parent
that is not there) are collected, all of them; the rest is the validator's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deck.errors import DeckError, Diagnostics, Loc, did_you_mean
from deck.kit.model import Bool, Choice, Id, Int, Kind, Lang, Ref, Refs, Size, Texts, Url
from deck.kit.sheets.cells import Grid, as_text, read_grids
from deck.kit.sheets.tables import (
    HELP_TABLE,
    KIT_TABLE,
    LABELS,
    Column,
    Table,
    by_key,
    kit_fields,
    names,
    normal,
    parent_tables,
    tables,
)
from deck.kit.yamlio import YList, YMap, _Raw

TRUE = {"true", "vrai", "yes", "oui", "1", "x"}
FALSE = {"false", "faux", "no", "non", "0"}
_TRIMMED = (Id, Ref, Choice, Lang, Url, Size, Int, Bool)
_INT = re.compile(r"^[+-]?\d+$")


def new_map(loc: Loc) -> YMap:
    m = YMap()
    m.loc, m.key_locs, m.value_locs = loc, {}, {}
    return m


def new_list(loc: Loc) -> YList:
    seq = YList()
    seq.loc, seq.locs = loc, []
    return seq


def _raw(text: str, value: object) -> _Raw:
    r = _Raw(text)
    r.value = value
    return r


def cell_value(kind: Kind, value: Any, loc: Loc) -> Any:
    """A cell's value as a YAML file would give it for a field of this kind."""
    if isinstance(kind, Refs):
        out = new_list(loc)
        for ident in re.split(r"[,;\s]+", as_text(value).strip()):
            if ident:
                out.append(ident)
                out.locs.append(loc)
        return out
    if isinstance(kind, Int):
        if isinstance(value, float) and value.is_integer():
            return _raw(str(int(value)), int(value))
        text = as_text(value).strip()
        return _raw(text, int(text)) if _INT.match(text) else text
    if isinstance(kind, Bool):
        if isinstance(value, bool):
            return _raw(str(value).lower(), value)
        text = as_text(value).strip().lower()
        if text in TRUE or text in FALSE:
            return _raw(text, text in TRUE)
        return as_text(value)
    text = as_text(value)
    return text.strip() if isinstance(kind, _TRIMMED) else text


def _note(text: Any) -> bool:
    return isinstance(text, str) and text.lstrip().startswith(("#", "x-"))


@dataclass
class _Head:
    """A grid's header row: which column of the grid feeds which of the table's."""

    row: int
    at: dict[int, str]  # 0-based grid column -> header name
    locs: dict[str, Loc]
    data: list[tuple[int, list[Any]]] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)  # required columns the header lacks (already reported)


@dataclass
class Reader:
    """Assembles the tables of one or more files (one layer of a kit) into collections; problems into `diag`."""

    overlay: bool = False
    diag: Diagnostics = field(default_factory=Diagnostics)
    language: str = "fr"

    def __post_init__(self) -> None:
        self.grids: dict[str, list[tuple[Grid, _Head]]] = {}
        self.items: dict[str, dict[tuple[str, ...], YMap]] = {}  # table -> ids chain -> item
        self.out: YMap | None = None

    # -- which table is this grid ------------------------------------------------------------------
    def table_of(self, grid: Grid, stem: str) -> str | None:
        if grid.csv:
            key = names().get(normal(stem))
            if key is None and grid.rows and len([v for v in grid.rows[0][1] if v is not None]) == 1:
                key = names().get(normal(as_text(grid.rows[0][1][0])))
                if key is not None:
                    grid.rows = grid.rows[1:]
            if key is None:
                self.diag.error(
                    grid.loc(1, 1) if grid.rows else grid.loc(),
                    f'CSV file "{stem}": expected its name, or its first line alone, to say which list it holds: '
                    f"one of {', '.join(self._spoken(True))}" + did_you_mean(stem, self._spoken(True)),
                )
            return key
        if _note(grid.name):
            return None
        key = names().get(normal(grid.name))
        if key is None:
            self.diag.error(
                grid.loc(),
                f'unknown tab "{grid.name}": expected one of {", ".join(self._spoken(False))} '
                "(a tab whose name starts with # is a note, never read)" + did_you_mean(grid.name, self._spoken(False)),
            )
        return key

    def _spoken(self, csv: bool) -> list[str]:
        i = 0 if self.language.lower().startswith("fr") else 1
        out = [LABELS[t.key][i] for t in tables()]
        return out if not csv else out + [t.key for t in tables()]

    def add(self, grid: Grid, key: str) -> None:
        head = self._head(grid, by_key()[key])
        if head is not None:
            self.grids.setdefault(key, []).append((grid, head))

    def _head(self, grid: Grid, table: Table) -> _Head | None:
        rows = [(n, r) for n, r in grid.rows if not _note(r[0] if r else None)]
        if not rows:
            return None
        n, header = rows[0]
        known = {normal(h): h for h in table.headers}
        head = _Head(n, {}, {})
        unknown: list[str] = []
        for c, value in enumerate(header):
            loc = grid.loc(n, c + 1)
            if value is None:
                continue
            text = as_text(value).strip()
            if _note(text):
                continue
            name = known.get(normal(text))
            if name is None:
                unknown.append(text)
                self.diag.error(
                    loc,
                    f'unknown column "{text}" in {self._where(grid, table)}: expected one of '
                    f"{', '.join(table.headers)}" + did_you_mean(text, table.headers),
                )
            elif name in head.locs:
                self.diag.error(loc, f'a second column "{name}": first at {head.locs[name]}; expected each once')
            else:
                head.at[c], head.locs[name] = name, loc
        for p in table.parents:
            if p not in head.locs:
                self.diag.error(
                    grid.loc(n, 1),
                    f'{self._where(grid, table)}: no column "{p}": expected the id of the {p} each row belongs to',
                )
                return None
        head.data = rows[1:]
        for column in table.columns:  # said once here, not again for every row (which get a stand-in value)
            if not column.required or column.name in head.locs or not head.data:
                continue
            head.missing.append(column)
            if not any(did_you_mean(u, [column.name]) for u in unknown):
                hint = f" ({column.doc})" if column.doc else ""
                self.diag.error(
                    grid.loc(n, 1),
                    f'no column "{column.name}" in {self._where(grid, table)}: expected it in the header row, '
                    f"every row needs one{hint}",
                )
        width = max((len(r) for _, r in head.data), default=0)
        for c in range(width):  # values under no header: trailing blank columns are no problem, values are
            if c in head.at or (c < len(header) and header[c] is not None):
                continue
            filled = next((m for m, r in head.data if c < len(r) and r[c] is not None), None)
            if filled is not None:
                self.diag.error(
                    grid.loc(filled, c + 1),
                    f"a value in a column without a name, in {self._where(grid, table)}: "
                    "give the column its name in the header row, or clear it",
                )
        return head

    def _where(self, grid: Grid, table: Table) -> str:
        return f"the {grid.name} tab" if grid.name else "the file"

    # -- rows -> items ------------------------------------------------------------------------------
    def assemble(self, at: Loc) -> YMap:
        out = new_map(at)
        self.out = out
        for table in tables():
            if table.key == "decks":
                continue
            for grid, head in self.grids.get(table.key, []):
                for n, row in head.data:
                    self._row(table, grid, head, n, row)
        return out

    def _row(self, table: Table, grid: Grid, head: _Head, n: int, row: list[Any]) -> None:
        cells: dict[str, tuple[Any, Loc]] = {}
        for c, name in head.at.items():
            if c < len(row) and row[c] is not None:
                cells[name] = (row[c], grid.loc(n, c + 1))
        if not cells:
            return
        first = grid.loc(n, min(head.at) + 1 if head.at else 1)
        ids = []
        for p in table.parents:
            if p not in cells:
                self.diag.error(
                    grid.loc(n, next(c for c, h in head.at.items() if h == p) + 1),
                    f"{self._where(grid, table)}: the {p} is empty: expected the id of the {p} this row belongs to",
                )
                return
            ids.append(as_text(cells[p][0]).strip())
        parent = self._parent(table, tuple(ids), [cells[p][1] for p in table.parents], grid)
        if parent is None and table.parent is not None:
            return
        if table.cls is None:  # one text of a list of texts
            column = table.columns[0]
            if column.name not in cells:
                return
            value, loc = cells[column.name]
            self._append(parent, table, cell_value(column.kind, value, loc), loc, head.locs[column.name])
            return
        item = new_map(first)
        empty_required = None
        for column in table.columns:
            if column.name not in cells:
                if column.required and column.name in head.locs and empty_required is None:
                    empty_required = grid.loc(n, next(c for c, h in head.at.items() if h == column.name) + 1)
                continue
            value, loc = cells[column.name]
            _put(item, column, cell_value(column.kind, value, loc), head.locs[column.name], loc)
        for column in head.missing:  # a stand-in, never printed: the missing column is an error already
            _put(item, column, _stand_in(column, n), first, first)
        if "id" in item:
            item.loc = item.value_locs["id"]
        if empty_required is not None:
            item.loc = empty_required
        if not item:
            return
        if table.single:
            self.items.setdefault(table.key, {}).setdefault((), item)
        elif "id" in item:
            self.items.setdefault(table.key, {}).setdefault(tuple(ids) + (str(item["id"]),), item)
        self._append(parent, table, item, item.loc, first)

    def _append(self, parent: YMap | None, table: Table, value: Any, loc: Loc, key_loc: Loc) -> None:
        assert self.out is not None
        if table.parent is None:
            if table.single:
                if table.collection in self.out:
                    self.diag.error(
                        loc,
                        f"a second row in the {LABELS[table.key][0]} tab: expected one {table.collection} "
                        f"(first at {self.out.value_locs[table.collection]})",
                    )
                    return
                self.out[table.collection] = value
                self.out.key_locs[table.collection] = key_loc
                self.out.value_locs[table.collection] = loc
                return
            target, name = self.out, table.collection
        else:
            assert parent is not None
            sub = table.path[len(by_key()[table.parent].path) :]
            target = parent
            for step in sub[:-1]:  # a list inside a mapping of the item (a scenario's start)
                if step not in target:
                    target[step] = new_map(loc)
                    target.key_locs[step], target.value_locs[step] = key_loc, loc
                target = target[step]
            name = sub[-1]
        if name not in target:
            target[name] = new_list(loc)
            target.key_locs[name], target.value_locs[name] = key_loc, loc
        target[name].append(value)
        target[name].locs.append(loc)

    def _parent(self, table: Table, ids: tuple[str, ...], locs: list[Loc], grid: Grid) -> YMap | None:
        if table.parent is None:
            return None
        parent = by_key()[table.parent]
        if parent.single:  # the method's or the quiz's lists
            found = self.items.get(parent.key, {}).get(())
            if found is None:
                assert self.out is not None
                found = new_map(grid.loc())
                self.items.setdefault(parent.key, {})[()] = found
                self._append(None, parent, found, found.loc, found.loc)
            return found
        found = self.items.get(parent.key, {}).get(ids)
        if found is not None:
            return found
        chain = parent_tables(table)
        for depth in range(len(ids)):  # the first id of the chain that names no row
            key = chain[depth]
            if ids[: depth + 1] in self.items.get(key, {}):
                continue
            if self.overlay:  # an overlay's row changes an item of the kit it extends: the item by its id only
                grand = self._parent(by_key()[key], ids[:depth], locs[:depth], grid) if depth else None
                stub = new_map(locs[depth])
                stub["id"] = ids[depth]
                stub.key_locs["id"] = stub.value_locs["id"] = locs[depth]
                self.items.setdefault(key, {})[ids[: depth + 1]] = stub
                self._append(grand, by_key()[key], stub, locs[depth], locs[depth])
                continue
            known = [k[-1] for k in self.items.get(key, {}) if k[:depth] == ids[:depth]]
            tab = LABELS[key][0 if self.language.lower().startswith("fr") else 1]
            what = table.parents[depth]
            self.diag.error(
                locs[depth],
                f'unknown {what} "{ids[depth]}": expected the id of a row of the {tab} tab'
                + (f" ({', '.join(ids[:depth])})" if depth else "")
                + did_you_mean(ids[depth], known),
            )
            return None
        return self.items.get(parent.key, {}).get(ids)


def _stand_in(column: Column, row: int) -> Any:
    if isinstance(column.kind, Id):
        return f"row-{row}"
    if isinstance(column.kind, Int):
        return _raw("0", 0)
    if isinstance(column.kind, Choice):
        return column.kind.options[0]
    if isinstance(column.kind, Lang):
        return "en"
    return "?"


def _put(item: YMap, column: Column, value: Any, key_loc: Loc, loc: Loc) -> None:
    target = item
    for step in column.path[:-1]:  # a dotted column: a mapping inside the item
        if step not in target:
            target[step] = new_map(loc)
            target.key_locs[step], target.value_locs[step] = key_loc, loc
        target = target[step]
    name = column.path[-1]
    target[name] = value
    target.key_locs[name], target.value_locs[name] = key_loc, loc


# -- the kit's settings: the Kit and decks tabs ---------------------------------------------------------------------
def _kit_grids(grids: list[Grid]) -> tuple[Grid | None, Grid | None]:
    kit = next((g for g in grids if g.name and names().get(normal(g.name)) == KIT_TABLE), None)
    decks = next((g for g in grids if g.name and names().get(normal(g.name)) == "decks"), None)
    return kit, decks


def read_settings(grid: Grid, decks: Grid | None, diag: Diagnostics, language: str = "fr") -> YMap:
    """The Kit tab (one `field | value` row each; dotted fields for the theme, one row per credit) and the decks
    tab, as kit.yaml would give them."""
    out = new_map(grid.loc())
    fields = {f.name: f for f in kit_fields()}
    rows = [(n, r) for n, r in grid.rows if not _note(r[0] if r else None)]
    if rows and [normal(as_text(v)) for v in rows[0][1][:2] if v is not None] in (["field", "value"], ["field"]):
        rows = rows[1:]
    for n, row in rows:
        key = as_text(row[0]).strip() if row[0] is not None else ""
        value = row[1] if len(row) > 1 else None
        kloc, vloc = grid.loc(n, 1), grid.loc(n, 2)
        if not key:
            diag.error(vloc, "a value without its field: write the field's name (title, version, …) in column A")
            continue
        if value is None:
            continue
        head, _, rest = key.partition(".")
        f = fields.get(head)
        if f is None or (rest and head not in ("theme", "remove", "translations", "labels")):
            diag.error(
                kloc,
                f'unknown field "{key}" in the {grid.name} tab: expected one of {", ".join(fields)}'
                + did_you_mean(key, fields),
            )
            continue
        if head == "theme" and rest:
            if "theme" in out and not isinstance(out["theme"], YMap):
                diag.error(kloc, f'"{key}": the theme is already named ("theme" row above): expected one or the other')
                continue
            _put_dotted(out, key.split("."), _theme_value(value), kloc, vloc)
        elif head == "remove" and rest:
            _put_dotted(out, ["remove", rest], cell_value(Refs("x"), value, vloc), kloc, vloc)
        elif head in ("translations", "labels") and rest:  # translations.en, labels.scan, labels.types.fiches
            _put_dotted(out, [head, rest], as_text(value), kloc, vloc)
        elif isinstance(f.kind, Texts):
            if f.name not in out:
                out[f.name] = new_list(vloc)
                out.key_locs[f.name], out.value_locs[f.name] = kloc, vloc
            out[f.name].append(as_text(value))
            out[f.name].locs.append(vloc)
        elif f.name in out:
            diag.error(kloc, f'a second "{key}" row: first at {out.key_locs[f.name]}; expected each field once')
        else:
            out[f.name] = cell_value(f.kind, value, vloc)
            out.key_locs[f.name], out.value_locs[f.name] = kloc, vloc
    if decks is not None:
        reader = Reader(diag=diag, language=language)
        deck_head = reader._head(decks, by_key()["decks"])
        if deck_head is not None:
            holder = reader.assemble(decks.loc())
            for n, row in deck_head.data:
                reader._row(by_key()["decks"], decks, deck_head, n, row)
            if "decks" in holder:
                out["decks"] = holder["decks"]
                out.key_locs["decks"], out.value_locs["decks"] = decks.loc(), decks.loc()
    return out


def _theme_value(value: Any) -> Any:
    if isinstance(value, float):
        number = int(value) if value.is_integer() else value
        return _raw(as_text(value), number)
    text = as_text(value).strip()
    try:
        return _raw(text, float(text.replace(",", "."))) if re.match(r"^[+-]?\d+([.,]\d+)?$", text) else text
    except ValueError:
        return text


def _put_dotted(out: YMap, path: list[str], value: Any, kloc: Loc, vloc: Loc) -> None:
    target = out
    for step in path[:-1]:
        if step not in target or not isinstance(target[step], YMap):
            target[step] = new_map(vloc)
            target.key_locs[step], target.value_locs[step] = kloc, vloc
        target = target[step]
    target[path[-1]] = value
    target.key_locs[path[-1]], target.value_locs[path[-1]] = kloc, vloc


# -- entry points -------------------------------------------------------------------------------------------------
def read_book_settings(path: Path, shown: str) -> YMap:
    """A workbook that is a kit by itself: its Kit tab (and decks tab) as a kit.yaml. DeckError when it has none."""
    grids = read_grids(path, shown)
    kit, decks = _kit_grids(grids)
    if kit is None:
        raise DeckError(
            f"no {LABELS[KIT_TABLE][0]} tab: expected a tab named Kit with the kit's id, title, language and version "
            "(deck sheet export and deck new --sheet write one), or a kit.yaml that lists this workbook in files:",
            Loc(shown),
        )
    diag = Diagnostics()
    header = read_settings(kit, decks, diag, _language(kit))
    if diag.items:
        raise DeckError(diag)
    return header


def _language(kit: Grid | None) -> str:
    for _, row in kit.rows if kit else []:
        if row and row[0] == "language" and len(row) > 1 and row[1] is not None:
            return as_text(row[1]).strip()
    return "fr"


def read_content(files: list[tuple[Path, str]], overlay: bool = False, own: str | None = None):
    """The collections of the workbooks and CSV files of one kit (read together: a CSV of stage questions names
    the stages of another file), as a content file's mapping, and every problem. `own`: the workbook that is the
    kit itself, whose Kit and decks tabs are its settings; in any other, they are left out with a warning."""
    diag = Diagnostics()
    grids: list[tuple[Grid, str]] = []
    for path, shown in files:
        try:
            for g in read_grids(path, shown):
                grids.append((g, path.stem))
        except DeckError as e:
            diag.extend(e.diagnostics)
    kit_grid, _ = _kit_grids([g for g, _ in grids])
    reader = Reader(overlay=overlay, diag=diag, language=_language(kit_grid))
    for grid, stem in grids:
        key = reader.table_of(grid, stem)
        if key is None or key == HELP_TABLE:
            continue
        if key in (KIT_TABLE, "decks"):
            if grid.shown != own:
                diag.warning(
                    grid.loc(),
                    f"the {grid.name} tab is not read here: the kit's settings and decks are kit.yaml's "
                    "(a workbook with a Kit tab is a kit by itself: deck build this workbook)",
                )
            continue
        reader.add(grid, key)
    first = files[0][1] if files else ""
    content = reader.assemble(Loc(first))
    return (content if len(content) else None), diag
