"""Reading and validating a roster file into a RosterPlan. Writes nothing."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.organisation.models import Employee, EmployeeCategory, OrgUnit
from lms.organisation.selectors import handled_unit_roots

from ..columns import (
    COLUMNS,
    CellError,
    cell_is_empty,
    column_for_header,
    normalise_text,
    read_date,
    read_email,
    read_joined_via,
    read_language,
    read_yes_no,
)
from ..models import RosterImport
from ..reading import RosterFileError, roster_table_read


class RosterRejected(Exception):
    """A roster that cannot be applied; nothing was written. The message is for the uploader."""


class RosterAlreadyImported(RosterRejected):
    def __init__(self, record: RosterImport):
        super().__init__(_("This upload was already imported; nothing was changed."))
        self.record = record


@dataclass(frozen=True)
class RosterProblem:
    row: int  # the spreadsheet row (the header is row 1); 0 for the file as a whole
    column: str  # the header as written in the file
    message: str


@dataclass
class PlannedCreate:
    row: int
    employee: Employee  # unsaved


@dataclass
class PlannedUpdate:
    row: int
    employee: Employee  # as stored; ``changes`` holds the new values
    changes: dict[str, tuple]  # field → (old, new)


@dataclass
class RosterPlan:
    file_name: str
    sha256: str
    full: bool = False
    dry_run: bool = False
    rows: int = 0
    companies: list[OrgUnit] = field(default_factory=list)
    creates: list[PlannedCreate] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    unchanged: int = 0
    flags: list[Employee] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def leaving_dates_given(self) -> int:
        """Rows that give an employee a leaving date they did not have. Not a count of leavers: a
        leaving date still to come (or today) leaves the person active (``EmploymentStatus``)."""
        created = sum(1 for c in self.creates if c.employee.leaving_date)
        updated = sum(1 for u in self.updates if u.changes.get("leaving_date", (None, None))[1])
        return created + updated


# Text columns: (model field, maximum length).
_TEXT_FIELDS = {"full_name": ("full_name", 200), "name_reading": ("name_reading", 200)}
_CELL_READERS = {
    "is_key_person": ("is_key_person", read_yes_no),
    "has_pc": ("has_pc", read_yes_no),
    "reads_japanese": ("reads_japanese", read_yes_no),
    "preferred_language": ("preferred_language", read_language),
    "joined_via": ("joined_via", read_joined_via),
    "hire_date": ("hire_date", read_date),
    "leaving_date": ("leaving_date", read_date),
    "email": ("email", read_email),
}
# An empty cell in these columns means the default, not a missing value (an empty e-mail cell removes the
# address: the roster is the source; a file without the column leaves every address as it is).
_BLANK_MEANS = {
    "name_reading": "",
    "is_key_person": False,
    "preferred_language": "ja",
    "leaving_date": None,
    "email": "",
}


class _Reference:
    """Units, companies and categories loaded once per import (three queries)."""

    def __init__(self):
        self.units = {u.code: u for u in OrgUnit.objects.only("id", "code", "name", "path", "depth", "kind")}
        self.units_by_id = {u.pk: u for u in self.units.values()}
        self.companies = {code: u for code, u in self.units.items() if u.kind == OrgUnit.Kind.COMPANY}
        self.categories_by_id = {}
        self.categories = {}
        for category in EmployeeCategory.objects.all():
            self.categories_by_id[category.pk] = category
            names = [category.name, *category.translated_names.values()]
            for name in names:
                self.categories.setdefault(normalise_text(name).lower(), category)
        # Codes win over names.
        for category in self.categories_by_id.values():
            self.categories[category.code.lower()] = category


def _scope_for(actor) -> list[OrgUnit] | None:
    """None when the actor may import anywhere (administrators, the command line)."""
    return None if actor is None else handled_unit_roots(user=actor)


def _in_scope(unit: OrgUnit, scope: list[OrgUnit] | None) -> bool:
    return scope is None or any(unit.path.startswith(s.path) for s in scope)


def _header_map(headers: list[str], *, company_given: bool, problems: list[RosterProblem]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        if not header:
            continue
        key = column_for_header(header)
        if key is None:
            problems.append(RosterProblem(1, header, _("Unknown column “%(header)s”.") % {"header": header}))
        elif key in index:
            problems.append(RosterProblem(1, header, _("The column “%(header)s” appears twice.") % {"header": header}))
        else:
            index[key] = position
    for column in COLUMNS:
        if column.required and column.key not in index and not (column.key == "company_code" and company_given):
            problems.append(
                RosterProblem(1, column.key, _("The required column “%(column)s” is missing.") % {"column": column.key})
            )
    return index


def roster_plan(
    *,
    data: bytes,
    file_name: str,
    actor,
    full: bool = False,
    dry_run: bool = False,
    company_code: str | None = None,
    today: datetime.date | None = None,
) -> RosterPlan:
    """Read and validate a roster file; writes nothing. The plan's problems are in the current language."""
    today = today or timezone.localdate()
    plan = RosterPlan(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), full=full, dry_run=dry_run)
    try:
        table = roster_table_read(data)
    except RosterFileError as error:
        plan.problems.append(RosterProblem(0, "", str(error)))
        return plan
    plan.rows = len(table.rows)
    index = _header_map(table.headers, company_given=bool(company_code), problems=plan.problems)
    if plan.problems:
        return plan
    if not table.rows:
        plan.problems.append(RosterProblem(0, "", _("The file has a header but no employees.")))
        return plan

    ref = _Reference()
    scope = _scope_for(actor)
    limit_company = None
    if company_code:
        limit_company = ref.companies.get(normalise_text(company_code))
        if limit_company is None:
            plan.problems.append(RosterProblem(0, "", _("Unknown company “%(code)s”.") % {"code": company_code}))
            return plan
    headers = {key: table.headers[position] for key, position in index.items()}
    read_rows = []
    covered: dict[int, OrgUnit] = {limit_company.pk: limit_company} if limit_company else {}
    for row_number, cells in table.rows:
        values = _row_read(row_number, cells, index, headers, ref, scope, limit_company, plan.problems)
        if values is not None:
            covered[values["company"].pk] = values["company"]
            read_rows.append((row_number, values))
    plan.companies = sorted(covered.values(), key=lambda u: u.code)
    _plan_changes(plan, read_rows, headers, ref, scope, today)
    return plan


def _row_read(row_number, cells, index, headers, ref: _Reference, scope, limit_company, problems) -> dict | None:
    """The model values of one row, or None after recording its problems."""
    found: list[RosterProblem] = []

    def cell(key):
        position = index.get(key)
        if position is None or position >= len(cells):
            return "" if position is not None else None
        return cells[position]

    def problem(key, message):
        found.append(RosterProblem(row_number, headers.get(key, key), message))

    raw = {key: cell(key) for key in index}
    for column in COLUMNS:
        if column.key in raw and column.required and cell_is_empty(raw[column.key]):
            problem(column.key, _("A value is required."))
    for key in ("has_pc", "reads_japanese"):
        if key in raw and cell_is_empty(raw[key]):
            problem(key, _("A value is required."))

    values: dict = {}
    company = limit_company
    if not cell_is_empty(raw.get("company_code")):
        code = normalise_text(str(raw["company_code"]))
        company = ref.companies.get(code)
        if company is None:
            problem("company_code", _("Unknown company “%(code)s”.") % {"code": code})
        elif limit_company is not None and company != limit_company:
            problem(
                "company_code",
                _("This import is limited to the company “%(limit)s”.") % {"limit": limit_company.code},
            )
            company = None
    values["company"] = company

    if not cell_is_empty(raw.get("employee_number")):
        number = normalise_text(str(raw["employee_number"]))
        if len(number) > 32:
            problem("employee_number", _("Too long (at most %(limit)d characters).") % {"limit": 32})
        values["number"] = number

    for key, (field_name, limit) in _TEXT_FIELDS.items():
        if key in raw and not cell_is_empty(raw[key]):
            text = str(raw[key]).strip()
            if key == "name_reading":
                text = normalise_text(text)  # half-width katakana become full-width
            if len(text) > limit:
                problem(key, _("Too long (at most %(limit)d characters).") % {"limit": limit})
            values[field_name] = text

    if not cell_is_empty(raw.get("unit_code")):
        code = normalise_text(str(raw["unit_code"]))
        unit = ref.units.get(code)
        if unit is None:
            problem("unit_code", _("Unknown unit “%(code)s”.") % {"code": code})
        elif company is not None and not unit.path.startswith(company.path):
            problem(
                "unit_code",
                _("The unit “%(unit)s” does not belong to the company “%(company)s”.")
                % {"unit": code, "company": company.code},
            )
        elif not _in_scope(unit, scope):
            problem("unit_code", _("The unit “%(unit)s” is outside the units you may manage.") % {"unit": code})
        else:
            values["unit"] = unit

    if not cell_is_empty(raw.get("category")):
        text = normalise_text(str(raw["category"]))
        category = ref.categories.get(text.lower())
        if category is None:
            problem("category", _("Unknown category “%(value)s”.") % {"value": text})
        values["category"] = category

    for key, (field_name, reader) in _CELL_READERS.items():
        if key not in raw:
            continue
        if cell_is_empty(raw[key]):
            if key in _BLANK_MEANS:
                values[field_name] = _BLANK_MEANS[key]
            continue
        try:
            values[field_name] = reader(raw[key])
        except CellError as error:
            problem(key, str(error))

    hire, leaving = values.get("hire_date"), values.get("leaving_date")
    if hire and leaving and leaving < hire:
        problem("leaving_date", _("The leaving date is before the hire date."))

    problems.extend(found)
    return None if found else values


def _plan_changes(plan: RosterPlan, read_rows, headers, ref: _Reference, scope, today) -> None:
    """Match rows to stored employees by (company, number): creates, updates, duplicates, absentees."""
    company_ids = [c.pk for c in plan.companies]
    existing = {
        (e.company_id, e.number): e
        for e in Employee.objects.filter(company_id__in=company_ids).only(
            "id",
            "company_id",
            "unit_id",
            "number",
            "full_name",
            "name_reading",
            "category_id",
            "is_key_person",
            "preferred_language",
            "has_pc",
            "reads_japanese",
            "joined_via",
            "hire_date",
            "leaving_date",
            "email",
            "absent_from_roster_since",
        )
    }
    seen: dict[tuple[int, str], int] = {}
    number_header = headers.get("employee_number", "employee_number")
    for row_number, values in read_rows:
        key = (values["company"].pk, values["number"])
        if key in seen:
            plan.problems.append(
                RosterProblem(
                    row_number,
                    number_header,
                    _("The employee number %(number)s also appears in row %(row)d.")
                    % {"number": values["number"], "row": seen[key]},
                )
            )
            continue
        seen[key] = row_number
        employee = existing.get(key)
        if employee is None:
            _plan_create(plan, row_number, values)
            continue
        current_unit = ref.units_by_id.get(employee.unit_id)
        if current_unit is not None and not _in_scope(current_unit, scope):
            plan.problems.append(
                RosterProblem(
                    row_number,
                    number_header,
                    _("Employee %(number)s is currently in a unit outside the units you may manage.")
                    % {"number": values["number"]},
                )
            )
            continue
        changes = _changes(employee, values, ref)
        if employee.absent_from_roster_since is not None:
            changes["absent_from_roster_since"] = (employee.absent_from_roster_since, None)
        if changes:
            plan.updates.append(PlannedUpdate(row_number, employee, changes))
        else:
            plan.unchanged += 1
    if plan.full:
        for key, employee in existing.items():
            if key in seen or employee.absent_from_roster_since is not None:
                continue
            if employee.has_left(today):
                continue  # people who have left are expected to be missing
            unit = ref.units_by_id.get(employee.unit_id)
            if unit is not None and _in_scope(unit, scope):
                plan.flags.append(employee)


def _plan_create(plan: RosterPlan, row_number: int, values: dict) -> None:
    employee = Employee(**values)
    plan.creates.append(PlannedCreate(row_number, employee))


def _changes(employee: Employee, values: dict, ref: _Reference) -> dict[str, tuple]:
    changes = {}
    for name, new in values.items():
        if name in ("company", "number"):
            continue
        if name == "unit":
            old = ref.units_by_id.get(employee.unit_id)
        elif name == "category":
            old = ref.categories_by_id.get(employee.category_id)
        else:
            old = getattr(employee, name)
        if old != new:
            changes[name] = (old, new)
    return changes


def change_value(value) -> str | bool | None:
    """A stored value as the audit log and the preview name it: units and categories by code."""
    if isinstance(value, (OrgUnit, EmployeeCategory)):
        return value.code
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
