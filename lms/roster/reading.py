"""Turning uploaded bytes into rows of cells, refusing anything that is not a roster.

The type is decided by the content, never by the file name: an XLSX workbook
is a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml``; anything
else must be text in UTF-8 (with or without BOM) or Shift_JIS/CP932, the two
encodings Japanese HR systems export. Zip bombs are refused from the sizes the
zip directory declares before openpyxl opens the workbook (Python's zipfile
stops reading a member at its declared size, so the declaration cannot lie).
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# A worksheet of real data compresses about 5-20 times; a bomb, thousands of times.
MAX_COMPRESSION_RATIO = 200

XLSX_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class RosterFileError(ValueError):
    """The file cannot be read as a roster at all; the message is for the uploader."""


@dataclass
class RosterTable:
    """The header row and the data rows; rows keep their spreadsheet row number (header = 1)."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)
    file_format: str = "csv"
    encoding: str = ""


def max_bytes() -> int:
    return settings.MAMORI_ROSTER_MAX_BYTES


def max_rows() -> int:
    return getattr(settings, "MAMORI_ROSTER_MAX_ROWS", DEFAULT_MAX_ROWS)


def roster_table_read(data: bytes) -> RosterTable:
    """Read CSV or XLSX bytes. Raises ``RosterFileError`` with a message for the uploader."""
    if len(data) > max_bytes():
        raise RosterFileError(
            _("The file is too large (%(size)d bytes; the limit is %(limit)d bytes).")
            % {"size": len(data), "limit": max_bytes()}
        )
    if not data.strip():
        raise RosterFileError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return _xlsx_read(data)
    if data.startswith(OLE2_MAGIC):
        raise RosterFileError(_("Old Excel files (.xls) are not accepted. Save the file as .xlsx or CSV."))
    return _csv_read(data)


# --- CSV ---------------------------------------------------------------------------


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise RosterFileError(
            _("The file is in UTF-16 or UTF-32. Save it as CSV in UTF-8 or Shift_JIS, or as an .xlsx workbook.")
        )
    if b"\x00" in data:
        raise RosterFileError(
            _("This is not a text file (it contains binary data). Upload a CSV file or an .xlsx workbook.")
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise RosterFileError(_("The file starts as UTF-8 but contains invalid bytes.")) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    # Python's CP932 decoder maps bytes no Japanese text uses (0xA0, 0xFD-0xFF) and
    # vendor gaiji to the private use area: a sign of Latin-1 or another encoding.
    if text is not None and not _PRIVATE_USE.search(text):
        return text, "cp932"
    raise RosterFileError(
        _("The file's text encoding is not recognised. Save it as CSV in UTF-8 or Shift_JIS, or as an .xlsx workbook.")
    )


def _csv_read(data: bytes) -> RosterTable:
    text, encoding = _decode(data)
    if any(ch in text for ch in "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x1a\x1b\x7f"):
        raise RosterFileError(
            _("This is not a text file (it contains binary data). Upload a CSV file or an .xlsx workbook.")
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: RosterTable | None = None
    limit = max_rows()
    try:
        for index, record in enumerate(reader, start=1):
            if table is None:
                table = RosterTable(headers=[h.strip() for h in record], file_format="csv", encoding=encoding)
                continue
            if not any(cell.strip() for cell in record):
                continue
            if len(table.rows) >= limit:
                raise RosterFileError(_("The file has more than %(limit)d rows.") % {"limit": limit})
            table.rows.append((index, record))
    except csv.Error as error:
        raise RosterFileError(_("The CSV file is malformed: %(error)s") % {"error": error}) from error
    if table is None:
        raise RosterFileError(_("The file is empty."))
    return table


# --- XLSX --------------------------------------------------------------------------


def _xlsx_check(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise RosterFileError(_("The file is a damaged zip archive, not an .xlsx workbook.")) from error
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if not all(part in names for part in XLSX_REQUIRED_PARTS):
            raise RosterFileError(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
        limit = getattr(settings, "MAMORI_ROSTER_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)
        total = sum(info.file_size for info in infos)
        too_compressed = any(
            info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            for info in infos
        )
        if total > limit or too_compressed:
            raise RosterFileError(_("The workbook expands to an unreasonable size and was refused."))


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_read(data: bytes) -> RosterTable:
    from openpyxl import load_workbook

    _xlsx_check(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a broken workbook.
        raise RosterFileError(_("The Excel workbook cannot be opened: it may be damaged.")) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise RosterFileError(_("The workbook has no worksheet."))
        table: RosterTable | None = None
        limit = max_rows()
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if table is None:
                if not any(cells):
                    continue
                table = RosterTable(headers=[str(c).strip() for c in cells], file_format="xlsx")
                continue
            if not any(c != "" and not (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if len(table.rows) >= limit:
                raise RosterFileError(_("The file has more than %(limit)d rows.") % {"limit": limit})
            table.rows.append((index, cells))
    finally:
        workbook.close()
    if table is None:
        raise RosterFileError(_("The file is empty."))
    return table
