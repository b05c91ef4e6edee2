"""python manage.py import_roster: all or nothing, dry run, the template."""

import io

import pytest
from django.core.management import CommandError, call_command

from lms.organisation.models import Employee
from lms.roster.models import RosterImport
from lms.roster.services import roster_plan
from tests.roster.rosters import HEADER, person, roster_csv, roster_xlsx


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def roster_file(tmp_path):
    def write(data: bytes, name: str = "roster.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_command_imports_a_good_file(units, roster_file):
    out, _err = run(roster_file(roster_csv([person("1001"), person("1002")])), "--language", "en")
    assert "2 new" in out
    assert set(Employee.objects.values_list("number", flat=True)) == {"1001", "1002"}
    assert RosterImport.objects.get().status == RosterImport.Status.APPLIED


def test_command_imports_xlsx(units, roster_file):
    run(roster_file(roster_xlsx([person("1001", hire_date="2019-04-01")]), "roster.xlsx"))
    assert Employee.objects.get().hire_date.isoformat() == "2019-04-01"


def test_one_bad_row_among_good_ones_writes_nothing(units, roster_file):
    people = [person(str(n)) for n in range(1000, 1050)]
    people[30]["unit_code"] = "NOPE"
    path = roster_file(roster_csv(people))
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_roster", path, "--language", "en", stdout=out, stderr=err)
    assert "1 problem; nothing was imported" in str(raised.value)
    assert "Row 32, column unit_code: Unknown unit “NOPE”." in err.getvalue()
    assert Employee.objects.count() == 0
    assert RosterImport.objects.count() == 0


def test_command_exit_code_is_non_zero_on_problems(units, roster_file, monkeypatch, capsys):
    from lms.roster.management.commands.import_roster import Command

    # run_from_argv closes the connections at the end, which would end the test's transaction.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    path = roster_file(roster_csv([person("1001", hire_date="tomorrow")]))
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_roster", path, "--language", "en"])
    assert exited.value.code != 0
    assert "nothing was imported" in capsys.readouterr().err
    assert Employee.objects.count() == 0


def test_wrong_encoding_is_an_error(units, roster_file):
    path = roster_file(roster_csv([person("1001")]).decode().encode("utf-16"))
    with pytest.raises(CommandError):
        run(path, "--language", "en")
    assert Employee.objects.count() == 0


def test_dry_run_writes_no_employee(units, roster_file):
    out, _err = run(roster_file(roster_csv([person("1001")])), "--dry-run", "--language", "en")
    assert "Dry run, nothing changed." in out
    assert Employee.objects.count() == 0
    assert RosterImport.objects.get().dry_run is True


def test_full_and_company_options(units, roster_file):
    run(roster_file(roster_csv([person("1001"), person("1002"), person("9001", company_code="OVR", unit_code="OVR")])))
    # The file names no company: --company supplies it.
    columns = [c for c in HEADER if c != "company_code"]
    run(roster_file(roster_csv([person("1001")], columns=columns), "acme.csv"), "--full", "--company", "ACME")
    assert Employee.objects.get(number="1002").absent_from_roster_since is not None
    assert Employee.objects.get(number="1001").absent_from_roster_since is None
    assert Employee.objects.get(number="9001").absent_from_roster_since is None


def test_company_option_refuses_rows_of_another_company(units, roster_file):
    path = roster_file(roster_csv([person("1001"), person("9001", company_code="OVR", unit_code="OVR")]))
    with pytest.raises(CommandError):
        run(path, "--company", "ACME")
    assert Employee.objects.count() == 0


def test_template_output_parses_back(units):
    out, _err = run("--template")
    lines = out.strip().splitlines()
    assert lines[0].startswith("company_code,employee_number,full_name")
    assert len(lines) == 2
    plan = roster_plan(data=out.encode(), file_name="template.csv", actor=None)
    assert plan.problems == []
    assert plan.creates[0].employee.full_name == "山田 太郎"
    assert plan.creates[0].employee.unit.code == "ACME-PA"
