"""The blank roster HR downloads: the header row and one example row, as CSV or XLSX."""

import csv
import datetime
import io

from lms.organisation.models import EmployeeCategory, OrgUnit

from .columns import COLUMN_KEYS


def roster_template_rows() -> list[list]:
    """Header and one example row; the example names a real company and unit when there is one."""
    company = OrgUnit.objects.companies().first()
    unit = None
    if company is not None:
        unit = OrgUnit.objects.filter(path__startswith=company.path).exclude(pk=company.pk).first() or company
    category = EmployeeCategory.objects.filter(code="regular").first() or EmployeeCategory.objects.first()
    example = {
        "company_code": company.code if company else "COMPANY",
        "employee_number": "100001",
        "full_name": "山田 太郎",
        "name_reading": "ヤマダ タロウ",
        "unit_code": unit.code if unit else "UNIT",
        "category": category.code if category else "regular",
        "is_key_person": "no",
        "preferred_language": "ja",
        "has_pc": "yes",
        "reads_japanese": "yes",
        "joined_via": "regular_intake",
        "hire_date": datetime.date(2026, 4, 1),
        "leaving_date": "",
        "email": "",
    }
    return [list(COLUMN_KEYS), [example[key] for key in COLUMN_KEYS]]


def roster_template_csv(*, bom: bool = True) -> str:
    """CSV text; the BOM makes Excel open the Japanese example correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in roster_template_rows():
        writer.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def roster_template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "roster"
    for row in roster_template_rows():
        sheet.append(row)
    for cell in sheet[2]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
