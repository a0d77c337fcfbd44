"""Tabs (plain data) -> the bytes of an XLSX workbook (openpyxl) or an OpenDocument spreadsheet (odfpy).

Both carry the same things: a bold header row and an italic help row, frozen; column widths; long texts wrapped;
drop-down lists for references (the ids of another tab) and fixed choices. Text is always written as text (a
title that starts with "=" is no formula, "1.0" no number).
"""

from __future__ import annotations

import io
from typing import Any

from deck.errors import column_letters
from deck.kit.sheets.export import DATA_ROW, LIST_ROWS, Tab

HEADER_FILL = "DDE6F0"
HELP_INK = "595959"


def _range_ref(tab: str, col: int) -> tuple[str, str]:
    letters = column_letters(col + 1)
    quoted = "'" + tab.replace("'", "''") + "'"
    return quoted, f"${letters}${DATA_ROW}:${letters}${LIST_ROWS}"


# -- XLSX ---------------------------------------------------------------------------------------------------------
def xlsx_bytes(tabs: list[Tab]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    bold, italic = Font(bold=True), Font(italic=True, color=HELP_INK)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for tab in tabs:
        ws = wb.create_sheet(tab.name)
        if tab.notes:
            for r, row in enumerate(tab.rows, start=1):
                _put(ws.cell(r, 1), row[0])
            ws["A1"].font = Font(bold=True, size=13)
            ws.column_dimensions["A"].width = tab.widths[0]
            continue
        for c, (head, help_text) in enumerate(zip(tab.headers, tab.help, strict=False), start=1):
            h = ws.cell(1, c)
            _put(h, head)
            h.font, h.fill = bold, fill
            hp = ws.cell(2, c)
            _put(hp, help_text)
            hp.font, hp.alignment = italic, wrap
        for r, row in enumerate(tab.rows, start=DATA_ROW):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                _put(cell, value)
                cell.alignment = wrap if (c - 1) in tab.wrap else top
        for c, width in enumerate(tab.widths, start=1):
            ws.column_dimensions[column_letters(c)].width = width
        ws.freeze_panes = f"A{DATA_ROW}"
        for col, src in tab.lists.items():
            if isinstance(src, tuple) and len(src) == 2 and isinstance(src[1], int):
                sheet, cells = _range_ref(*src)
                formula = f"{sheet}!{cells}"
            else:
                formula = '"' + ",".join(src) + '"'
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            letters = column_letters(col + 1)
            dv.add(f"{letters}{DATA_ROW}:{letters}{LIST_ROWS}")
            ws.add_data_validation(dv)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _put(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a text that starts with "=" stays a text


# -- ODS ----------------------------------------------------------------------------------------------------------
def ods_bytes(tabs: list[Tab]) -> bytes:
    from odf import teletype
    from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
    from odf.table import ContentValidation, ContentValidations, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    header = Style(name="deckHeader", family="table-cell")
    header.addElement(TableCellProperties(backgroundcolor="#" + HEADER_FILL))
    header.addElement(TextProperties(fontweight="bold"))
    helpst = Style(name="deckHelp", family="table-cell")
    helpst.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    helpst.addElement(TextProperties(fontstyle="italic", color="#" + HELP_INK))
    wrapst = Style(name="deckWrap", family="table-cell")
    wrapst.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    topst = Style(name="deckTop", family="table-cell")
    topst.addElement(TableCellProperties(verticalalign="top"))
    titlest = Style(name="deckTitle", family="table-cell")
    titlest.addElement(TextProperties(fontweight="bold", fontsize="13pt"))
    for st in (header, helpst, wrapst, topst, titlest):
        doc.automaticstyles.addElement(st)
    _ = ParagraphProperties
    widths: dict[float, Style] = {}

    def width_style(chars: float) -> Style:
        if chars not in widths:
            st = Style(name=f"deckCol{len(widths)}", family="table-column")
            st.addElement(TableColumnProperties(columnwidth=f"{chars * 0.21:.2f}cm"))
            doc.automaticstyles.addElement(st)
            widths[chars] = st
        return widths[chars]

    validations = ContentValidations()
    n_valid = 0

    def validation(src) -> str:
        nonlocal n_valid
        n_valid += 1
        name = f"deckList{n_valid}"
        if isinstance(src, tuple) and len(src) == 2 and isinstance(src[1], int):
            sheet, cells = _range_ref(*src)
            first, last = cells.split(":")
            condition = f"of:cell-content-is-in-list([${sheet}.{first}:.{last}])"
        else:
            condition = "of:cell-content-is-in-list(" + ";".join(f'"{o}"' for o in src) + ")"
        validations.addElement(
            ContentValidation(name=name, condition=condition, allowemptycell="true", displaylist="unsorted")
        )
        return name

    def text_cell(value: Any, style: Style | None = None, valid: str | None = None) -> Any:
        kw: dict[str, Any] = {}
        if style is not None:
            kw["stylename"] = style
        if valid is not None:
            kw["contentvalidationname"] = valid
        if value is None:
            return TableCell(**kw)
        if isinstance(value, bool):
            cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false", **kw)
            cell.addElement(P(text="TRUE" if value else "FALSE"))
            return cell
        if isinstance(value, (int, float)):
            cell = TableCell(valuetype="float", value=value, **kw)
            cell.addElement(P(text=str(value)))
            return cell
        cell = TableCell(valuetype="string", **kw)
        for line in str(value).split("\n"):
            p = P()
            teletype.addTextToElement(p, line)
            cell.addElement(p)
        return cell

    view_tables = ConfigItemMapNamed(name="Tables")
    tables_out = []
    for tab in tabs:
        table = Table(name=tab.name)
        tables_out.append(table)
        for width in tab.widths:
            table.addElement(TableColumn(stylename=width_style(width)))
        if tab.notes:
            for r, row in enumerate(tab.rows):
                tr = TableRow()
                tr.addElement(text_cell(row[0], titlest if r == 0 else None))
                table.addElement(tr)
            continue
        valid = {col: validation(src) for col, src in tab.lists.items()}
        for values, style in ((tab.headers, header), (tab.help, helpst)):
            tr = TableRow()
            for head in values:
                tr.addElement(text_cell(head, style))
            table.addElement(tr)
        n = len(tab.headers)
        for row in tab.rows:
            tr = TableRow()
            for c in range(n):
                tr.addElement(
                    text_cell(row[c] if c < len(row) else None, wrapst if c in tab.wrap else topst, valid.get(c))
                )
            table.addElement(tr)
        if valid:  # the drop-downs reach the rows still to be written
            spare = LIST_ROWS - DATA_ROW + 1 - len(tab.rows)
            if spare > 0:
                tr = TableRow(numberrowsrepeated=spare)
                for c in range(n):
                    tr.addElement(TableCell(contentvalidationname=valid[c]) if c in valid else TableCell())
                table.addElement(tr)
        entry = ConfigItemMapEntry(name=tab.name)
        for item, kind, value in (
            ("VerticalSplitMode", "short", "2"),
            ("VerticalSplitPosition", "int", str(DATA_ROW - 1)),
            ("ActiveSplitRange", "short", "2"),
            ("PositionTop", "int", "0"),
            ("PositionBottom", "int", str(DATA_ROW - 1)),
        ):
            ci = ConfigItem(name=item, type=kind)
            ci.addText(value)
            entry.addElement(ci)
        view_tables.addElement(entry)
    if n_valid:
        doc.spreadsheet.addElement(validations)
    for table in tables_out:
        doc.spreadsheet.addElement(table)
    view = ConfigItemMapEntry()
    view.addElement(view_tables)
    views = ConfigItemMapIndexed(name="Views")
    views.addElement(view)
    settings = ConfigItemSet(name="ooo:view-settings")
    settings.addElement(views)
    doc.settings.addElement(settings)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()
