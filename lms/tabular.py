"""Tables for spreadsheet programs: CSV and XLSX downloads, safe against formula injection.

A cell a spreadsheet program would read as a formula (text starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with a leading apostrophe, so a name typed into a roster
as ``=HYPERLINK(...)`` is shown as text and never runs. Numbers and dates are written as values.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value):
    """The value as a spreadsheet should store it: text that looks like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | datetime.date):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A UTF-8 CSV download with a byte-order mark (spreadsheet programs then read Japanese right)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return _attachment(response, filename)


def xlsx_bytes(*, sheet_title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """One worksheet, header in bold, written in openpyxl's streaming mode (memory stays flat)."""
    workbook = Workbook(write_only=True)
    # Excel refuses sheet titles over 31 characters and some punctuation.
    sheet = workbook.create_sheet(title="".join(c for c in sheet_title if c not in "[]:*?/\\")[:31] or "Sheet1")
    bold = Font(bold=True)
    header_cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
            if isinstance(cell.value, str):
                # Text stays text: openpyxl would otherwise take a leading "=" for a formula.
                cell.data_type = "s"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(*, filename: str, sheet_title: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheet_title=sheet_title, header=header, rows=rows), content_type=XLSX_CONTENT_TYPE
    )
    return _attachment(response, filename)
