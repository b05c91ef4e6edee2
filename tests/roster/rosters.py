"""Building roster files for the tests: CSV in any encoding, XLSX with openpyxl."""

import csv
import datetime
import io

from openpyxl import Workbook

from lms.roster.columns import COLUMN_KEYS

HEADER = list(COLUMN_KEYS)


def person(number: str, **overrides) -> dict:
    values = {
        "company_code": "ACME",
        "employee_number": number,
        "full_name": f"Worker {number}",
        "name_reading": "",
        "unit_code": "ACME-PA",
        "category": "regular",
        "is_key_person": "no",
        "preferred_language": "ja",
        "has_pc": "yes",
        "reads_japanese": "yes",
        "joined_via": "regular_intake",
        "hire_date": "2015-04-01",
        "leaving_date": "",
    }
    values.update(overrides)
    return values


def roster_csv(
    people: list[dict], *, columns: list[str] = HEADER, header: list[str] | None = None, encoding: str = "utf-8"
) -> bytes:
    """CSV of ``columns``; ``header`` names them differently (e.g. in Japanese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header or columns)
    for values in people:
        writer.writerow([values.get(key, "") for key in columns])
    return buffer.getvalue().encode(encoding)


def roster_xlsx(people: list[dict], *, dates_as_cells: bool = True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for values in people:
        row = []
        for key in HEADER:
            value = values.get(key, "")
            if dates_as_cells and key.endswith("_date") and value:
                value = datetime.date.fromisoformat(value)
            row.append(value if value != "" else None)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
