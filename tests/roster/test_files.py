"""What files are accepted: encodings, workbooks, and everything that must be refused."""

import io
import zipfile

import pytest

from lms.organisation.models import Employee
from lms.roster.services import roster_plan
from tests.roster.rosters import HEADER, person, roster_csv, roster_xlsx

JAPANESE_HEADER = [
    "会社コード",
    "社員番号",
    "氏名",
    "フリガナ",
    "所属コード",
    "区分",
    "キーマン",
    "言語",
    "PC",
    "日本語",
    "入社区分",
    "入社日",
    "退職日",
    "メールアドレス",
]


def plan_for(data: bytes, **kwargs):
    return roster_plan(data=data, file_name="roster.csv", actor=None, **kwargs)


def only_problem(plan):
    assert len(plan.problems) == 1, plan.problems
    return plan.problems[0]


def test_good_utf8_csv(units):
    plan = plan_for(roster_csv([person("1001"), person("1002", unit_code="ACME-PA-ASM")]))
    assert plan.problems == []
    assert [c.employee.number for c in plan.creates] == ["1001", "1002"]
    assert plan.creates[1].employee.unit == units["dept_a"]
    assert plan.creates[0].employee.company == units["acme"]


def test_utf8_with_bom(units):
    data = b"\xef\xbb\xbf" + roster_csv([person("1001", full_name="山田 太郎")])
    plan = plan_for(data)
    assert plan.problems == []
    assert plan.creates[0].employee.full_name == "山田 太郎"


def test_shift_jis_file_with_japanese_headers_and_values(units):
    people = [
        person(
            "2001",
            full_name="佐藤 花子",
            name_reading="ｻﾄｳ ﾊﾅｺ",
            category="一般従業員",
            is_key_person="○",
            has_pc="いいえ",
            reads_japanese="はい",
            joined_via="中途採用",
            hire_date="2020/10/01",
        ),
        person(
            "2002",
            full_name="高橋 一郎",
            category="パート従業員",
            is_key_person="×",
            preferred_language="pt_BR",
            email="ｔａｋａｈａｓｈｉ＠example.jp",
        ),
    ]
    data = roster_csv(people, header=JAPANESE_HEADER, encoding="shift_jis")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    plan = plan_for(data)
    assert plan.problems == []
    sato, takahashi = (c.employee for c in plan.creates)
    assert sato.full_name == "佐藤 花子"
    assert sato.name_reading == "サトウ ハナコ"  # half-width katakana normalised
    assert sato.category.code == "regular"
    assert sato.is_key_person is True
    assert sato.has_pc is False
    assert sato.reads_japanese is True
    assert sato.joined_via == "mid_career"
    assert sato.hire_date.isoformat() == "2020-10-01"
    assert takahashi.category.code == "part_timer"
    assert takahashi.is_key_person is False
    assert takahashi.preferred_language == "pt-br"
    assert takahashi.email == "takahashi@example.jp"  # full-width letters and ＠ made ASCII
    assert sato.email == ""


def test_xlsx_with_real_date_cells(units):
    data = roster_xlsx(
        [
            person("3001", hire_date="2024-04-01", preferred_language="zh_Hans"),
            person("3002", leaving_date="2026-03-31"),
        ]
    )
    plan = roster_plan(data=data, file_name="roster.xlsx", actor=None)
    assert plan.problems == []
    first, second = (c.employee for c in plan.creates)
    assert first.hire_date.isoformat() == "2024-04-01"
    assert first.preferred_language == "zh-hans"
    assert second.leaving_date.isoformat() == "2026-03-31"


def test_xlsx_numeric_employee_numbers_are_read_as_text(units):
    data = roster_xlsx([person(1001)])
    plan = roster_plan(data=data, file_name="roster.xlsx", actor=None)
    assert plan.problems == []
    assert plan.creates[0].employee.number == "1001"


def test_utf16_is_refused(units):
    data = roster_csv([person("1001")]).decode().encode("utf-16")
    problem = only_problem(plan_for(data))
    assert problem.row == 0
    assert "UTF-16" in problem.message


def test_utf16_without_bom_is_refused(units):
    data = roster_csv([person("1001")]).decode().encode("utf-16-le")
    problem = only_problem(plan_for(data))
    assert "binary" in problem.message


def test_latin1_bytes_invalid_in_utf8_and_shift_jis_are_refused(units):
    data = roster_csv([person("1001", full_name="Müller café")], encoding="latin-1")
    for encoding in ("utf-8", "cp932"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    problem = only_problem(plan_for(data))
    assert "encoding is not recognised" in problem.message


def test_latin1_bytes_that_cp932_maps_to_private_use_are_refused(units):
    # Python decodes 0xFF as CP932 without error, into the private use area.
    data = roster_csv([person("1001", full_name="Åsa Þórsdóttir ÿ")], encoding="latin-1")
    assert "\uf8f3" in data.decode("cp932")
    problem = only_problem(plan_for(data))
    assert "encoding is not recognised" in problem.message


def test_binary_file_is_refused(units):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    problem = only_problem(plan_for(png))
    assert "not a text file" in problem.message


def test_old_excel_file_is_refused(units):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    problem = only_problem(plan_for(data))
    assert ".xls" in problem.message


def test_other_zip_is_refused(units):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    problem = only_problem(plan_for(buffer.getvalue()))
    assert "not an Excel workbook" in problem.message


def test_zip_bomb_workbook_is_refused_before_opening(units, monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", must_not_open)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        # 40 MB of zeros compress to about 40 KB: a ratio no worksheet has.
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(40):
                member.write(block)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    problem = only_problem(plan_for(data))
    assert "unreasonable size" in problem.message


def test_oversized_file_is_refused(units, settings):
    data = roster_csv([person(str(n)) for n in range(1000, 1100)])
    settings.MAMORI_ROSTER_MAX_BYTES = len(data) - 1
    problem = only_problem(plan_for(data))
    assert "too large" in problem.message


def test_too_many_rows_are_refused(units, settings):
    settings.MAMORI_ROSTER_MAX_ROWS = 5
    problem = only_problem(plan_for(roster_csv([person(str(n)) for n in range(1000, 1006)])))
    assert "more than 5 rows" in problem.message


def test_a_csv_that_is_not_a_roster_lists_its_unknown_and_missing_columns(units):
    data = b"name,phone\nAda,555-0100\n"
    plan = plan_for(data)
    columns = {p.column for p in plan.problems}
    assert {"name", "phone", "employee_number", "unit_code", "hire_date"} <= columns
    assert all(p.row == 1 for p in plan.problems)
    assert Employee.objects.count() == 0


def test_header_only_file_is_a_problem(units):
    problem = only_problem(plan_for(",".join(HEADER).encode()))
    assert "no employees" in problem.message
