"""Dashboards and reports at 100,000 employees on PostgreSQL.

Builds 100,000 employees in about 2,000 units (5 companies, 50 sites, 1,950 departments), the
nine-rules course's campaigns of three fiscal years with their assignments and completions, then
times what real users do, each page about once and by distinct people:

* the group-wide dashboard (admin home) and completion report, for the secretariat and auditors;
* a plant manager's dashboard and report, for 20 different plant managers;
* a list of people behind a number, for 20 different departments;
* the XLSX export of one company's 10,000 people.

Run: .venv/bin/python bench/dashboard.py
It starts the throwaway PostgreSQL server of scripts/postgres (Debian's package) and uses a database
of its own, mamori_bench, created anew each run. Goal: every page under 300 ms warm with the same
number of queries for every user of a kind; the export under 10 s.
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "mamori_bench"
COMPANIES = 5
SITES_PER_COMPANY = 10
DEPARTMENTS_PER_SITE = 39
EMPLOYEES = 100_000
FIRST_COMPANY_EMPLOYEES = 10_000  # the export: one company's people, exactly 10,000
FISCAL_YEARS = (2024, 2025, 2026)
DONE_SHARE = {2024: 0.97, 2025: 0.93, 2026: 0.55}
PAGE_GOAL_MS = 300
EXPORT_GOAL_S = 10


def database_url(*, fresh: bool) -> str:
    started = subprocess.run(
        [str(ROOT / "scripts" / "postgres"), "start"], check=True, capture_output=True, text=True
    ).stdout.strip()
    import psycopg

    with psycopg.connect(started, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if fresh or not exists:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            connection.execute(f"CREATE DATABASE {DATABASE}")
    return started.rsplit("/", 1)[0] + f"/{DATABASE}"


def setup(*, reuse: bool) -> bool:
    """Django on the bench database; returns whether the data must be built."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mamori.settings.test"
    os.environ["DATABASE_URL"] = database_url(fresh=not reuse)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    # Loaded the way gunicorn loads it (mamori/wsgi.py: URL patterns imported, startup objects frozen).
    import mamori.wsgi  # noqa: F401
    from lms.organisation.models import Employee

    return not Employee.objects.exists()


def build_units():
    """Group → 5 companies → 10 sites each → 39 departments each, paths computed in one go."""
    from lms.organisation.models import OrgUnit

    group = OrgUnit.add_root(code="G", name="Bench group", kind=OrgUnit.Kind.GROUP)

    def child(parent_path: str, index: int, **fields) -> OrgUnit:
        depth = len(parent_path) // OrgUnit.steplen + 1
        path = OrgUnit._get_path(parent_path, depth, index + 1)
        return OrgUnit(path=path, depth=len(path) // OrgUnit.steplen, **fields)

    companies, sites, departments = [], [], []
    for c in range(COMPANIES):
        company = child(
            group.path, c, code=f"C{c}", name=f"会社 {c}", kind=OrgUnit.Kind.COMPANY, numchild=SITES_PER_COMPANY
        )
        companies.append(company)
        for s in range(SITES_PER_COMPANY):
            site = child(
                company.path,
                s,
                code=f"C{c}-S{s}",
                name=f"工場 {c}-{s}",
                kind=OrgUnit.Kind.SITE,
                site_kind=OrgUnit.SiteKind.PLANT,
                numchild=DEPARTMENTS_PER_SITE,
            )
            sites.append(site)
            for d in range(DEPARTMENTS_PER_SITE):
                departments.append(
                    child(site.path, d, code=f"C{c}-S{s}-D{d}", name=f"課 {c}-{s}-{d}", kind=OrgUnit.Kind.DEPARTMENT)
                )
    units = companies + sites + departments
    OrgUnit.objects.bulk_create(units, batch_size=2000)
    OrgUnit.objects.filter(pk=group.pk).update(numchild=COMPANIES)
    return {u.code: u for u in OrgUnit.objects.all()}


def build_people(units, rng: random.Random):
    from lms.organisation.models import Employee, EmployeeCategory, JoinedVia

    categories = list(EmployeeCategory.objects.all())
    weights = [6 if c.code == "regular" else 1 for c in categories]
    departments_of = {}
    for unit in units.values():
        if unit.kind == "department":
            departments_of.setdefault(unit.code.split("-")[0], []).append(unit)
    employees = []
    per_company = {"C0": FIRST_COMPANY_EMPLOYEES}
    rest = (EMPLOYEES - FIRST_COMPANY_EMPLOYEES) // (COMPANIES - 1)
    number = 0
    for c in range(COMPANIES):
        code = f"C{c}"
        company = units[code]
        depts = departments_of[code]
        count = per_company.get(code, rest)
        for n in range(count):
            number += 1
            employees.append(
                Employee(
                    company=company,
                    unit=depts[n % len(depts)],
                    number=f"{number:07d}",
                    full_name=f"社員 {number}",
                    category=rng.choices(categories, weights)[0],
                    joined_via=JoinedVia.REGULAR_INTAKE,
                    hire_date=datetime.date(2010, 4, 1),
                    has_pc=rng.random() < 0.7,
                )
            )
    Employee.objects.bulk_create(employees, batch_size=5000)
    return list(Employee.objects.values_list("pk", "has_pc"))


def build_training(people, rng: random.Random):
    from django.db import connection

    from lms.home.models import HomePage
    from lms.learning.models import CoursePage, LessonProgress
    from lms.training.counting import completion_counts_rebuild
    from lms.training.models import Assignment, Campaign, CompletionRecord, EvidenceKind, TrainingMethod

    course = HomePage.objects.first().add_child(instance=CoursePage(title="技術情報保護の9原則", slug="nine-rules"))
    for fiscal_year in FISCAL_YEARS:
        campaign = Campaign.objects.create(
            name=f"9原則 {fiscal_year}",
            course=course,
            fiscal_year=fiscal_year,
            due_date=datetime.date(fiscal_year + 1, 3, 31),
            status=Campaign.Status.LAUNCHED if fiscal_year == FISCAL_YEARS[-1] else Campaign.Status.CLOSED,
            launched_at=datetime.datetime(fiscal_year, 4, 10, tzinfo=datetime.UTC),
        )
        assignments = []
        for pk, has_pc in people:
            if has_pc:
                method = TrainingMethod.ELEARNING
            else:
                method = rng.choice(
                    [TrainingMethod.PRINTED_EXCERPT, TrainingMethod.PRINTED_EXCERPT, TrainingMethod.CLASSROOM]
                )
            assignments.append(Assignment(campaign=campaign, employee_id=pk, method=method))
        Assignment.objects.bulk_create(assignments, batch_size=10000)
        rows = list(Assignment.objects.filter(campaign=campaign).values_list("pk", "method", "employee_id"))
        done = [row for row in rows if rng.random() < DONE_SHARE[fiscal_year]]
        records = [
            CompletionRecord(
                assignment_id=pk,
                method=method,
                completed_on=datetime.date(fiscal_year, rng.randint(5, 12), rng.randint(1, 28)),
                evidence_kind=EvidenceKind.QUIZ_ATTEMPT if method == TrainingMethod.ELEARNING else EvidenceKind.SLIP,
            )
            for pk, method, _employee in done
        ]
        CompletionRecord.objects.bulk_create(records, batch_size=10000)
        done_ids = {pk for pk, _m, _e in done}
        if fiscal_year == FISCAL_YEARS[-1]:
            started = [
                (pk, employee)
                for pk, method, employee in rows
                if pk not in done_ids and method == TrainingMethod.ELEARNING and rng.random() < 0.4
            ]
            LessonProgress.objects.bulk_create(
                [
                    LessonProgress(
                        employee_id=employee, course_key=course.translation_key, lesson_key=course.translation_key
                    )
                    for _pk, employee in started
                ],
                batch_size=10000,
            )
            for chunk in range(0, len(started), 10000):
                Assignment.objects.filter(pk__in=[pk for pk, _e in started[chunk : chunk + 10000]]).update(
                    started_on=datetime.date(fiscal_year, 10, 1)
                )
    # What completion_record keeps on each assignment, for the bulk-created records.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE training_assignment a SET completed_on = c.completed_on FROM training_completionrecord c "
            "WHERE c.assignment_id = a.id"
        )
    # Then the pre-aggregated counts, as manage.py completion_counts_rebuild does.
    started = time.perf_counter()
    rows = completion_counts_rebuild()
    print(
        f"completion_counts_rebuild: {rows:,} rows for {len(FISCAL_YEARS) * len(people):,} assignments in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return course


def build_users(units):
    from lms.accounts.models import Role, User
    from lms.accounts.services import role_grant

    users = {}
    for role in (Role.AUDITOR, Role.TRAINER, Role.ADMIN):
        for n in range(5):
            user, created = User.objects.get_or_create(username=f"group-{role}-{n}")
            if created:
                role_grant(user=user, role=role, unit=None, actor=None)
            users.setdefault(role, []).append(user)
    sites = [u for u in units.values() if u.kind == "site"]
    for site in sites:
        user, created = User.objects.get_or_create(username=f"manager-{site.code}")
        if created:
            role_grant(user=user, role=Role.MANAGER, unit=site, actor=None)
        users.setdefault("managers", []).append((user, site))
    return users


def measure(client, user, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return elapsed * 1000, len(queries), len(response.content)


def report(name: str, samples: list[tuple[float, int, int]], goal_ms: float) -> bool:
    times = [t for t, _q, _s in samples]
    counts = sorted({q for _t, q, _s in samples})
    ok = max(times) < goal_ms and len(counts) == 1
    print(
        f"{name:<44} n={len(samples):>3}  median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
        f"queries {'/'.join(map(str, counts)):>7}  {'OK' if ok else 'OVER GOAL'}"
    )
    return ok


def run(seed: int, *, build: bool) -> int:
    from django.test import Client
    from django.urls import reverse

    from lms.accounts.models import Role
    from lms.learning.models import CoursePage
    from lms.organisation.models import Employee, OrgUnit
    from lms.training.models import Assignment

    rng = random.Random(seed)
    started = time.perf_counter()
    if build:
        units = build_units()
        people = build_people(units, rng)
        course = build_training(people, rng)
    else:
        units = {u.code: u for u in OrgUnit.objects.all()}
        people = list(Employee.objects.values_list("pk", "has_pc"))
        course = CoursePage.objects.get(slug="nine-rules")
    users = build_users(units)
    print(
        f"built {len(units):,} units, {len(people):,} employees, {Assignment.objects.count():,} assignments "
        f"over {len(FISCAL_YEARS)} fiscal years in {time.perf_counter() - started:.0f} s"
    )
    client = Client()
    home = reverse("wagtailadmin_home")
    report_url = reverse("mamori_completion_rates")
    people_url = reverse("mamori_completion_people")
    # "Warm": a process's first request of a kind (per role: its menus, templates, URL patterns)
    # loads what every later one reuses. One person per role, not measured, opens each page first.
    managers = rng.sample(users["managers"], 21)
    for user in [*(users[role][0] for role in (Role.AUDITOR, Role.TRAINER, Role.ADMIN)), managers.pop()[0]]:
        measure(client, user, home)
        measure(client, user, report_url)

    results = []
    # Each group-wide role has its own menus and panels: measured apart, four distinct people each.
    for role in (Role.AUDITOR, Role.TRAINER, Role.ADMIN):
        samples = [measure(client, user, home) for user in users[role][1:]]
        results.append(report(f"group dashboard (admin home), {role}", samples, PAGE_GOAL_MS))
    for role in (Role.AUDITOR, Role.TRAINER, Role.ADMIN):
        samples = [measure(client, user, report_url) for user in users[role][1:]]
        results.append(report(f"group completion report, {role}", samples, PAGE_GOAL_MS))
    results.append(
        report("plant manager dashboard (admin home)", [measure(client, u, home) for u, _s in managers], PAGE_GOAL_MS)
    )
    results.append(
        report("plant manager completion report", [measure(client, u, report_url) for u, _s in managers], PAGE_GOAL_MS)
    )
    lists = []
    for user, site in managers:
        department = rng.choice([u for u in units.values() if u.kind == "department" and u.path.startswith(site.path)])
        url = f"{people_url}?course={course.pk}&fiscal_year=2026&unit={department.pk}&status=open"
        lists.append(measure(client, user, url))
    results.append(report("drill-down list page (a department's open)", lists, PAGE_GOAL_MS))

    # The price of exact counts: a completion recorded recomputes its unit's and its site's and
    # company's rows in the same transaction. Twenty open assignments of different sites.
    from lms.training.models import TrainingMethod
    from lms.training.services import completion_record

    writes = []
    for assignment in (
        Assignment.objects.filter(campaign__fiscal_year=2026, completed_on__isnull=True)
        .select_related("employee")
        .order_by("employee__unit__path")[::2000][:20]
    ):
        started = time.perf_counter()
        completion_record(
            assignment=assignment,
            method=TrainingMethod.PRINTED_EXCERPT,
            completed_on=datetime.date(2026, 12, 1),
            recorded_by=None,
            evidence_kind="slip",
        )
        writes.append(((time.perf_counter() - started) * 1000, 0, 0))
    times = [t for t, _q, _s in writes]
    print(
        f"{'completion recorded (counts kept exact)':<44} n={len(writes):>3}  median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms"
    )

    company = units["C0"]
    client.force_login(users[Role.AUDITOR][0])
    url = f"{people_url}?course={course.pk}&fiscal_year=2026&unit={company.pk}&export=xlsx"
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    import io

    from openpyxl import load_workbook

    rows = sum(1 for _row in load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows()) - 1
    ok = elapsed < EXPORT_GOAL_S and rows == FIRST_COMPANY_EMPLOYEES
    print(
        f"{'XLSX export of one company':<44} rows={rows:,}  {elapsed:.2f} s  {len(response.content) / 1e6:.1f} MB  {'OK' if ok else 'OVER GOAL'}"
    )
    results.append(ok)
    return 0 if all(results) else 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--reuse", action="store_true", help="keep the data of the previous run if it is there")
    args = parser.parse_args()
    build = setup(reuse=args.reuse)
    try:
        sys.exit(run(args.seed, build=build))
    finally:
        from django.db import connections

        connections.close_all()


if __name__ == "__main__":
    main()
