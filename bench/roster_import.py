"""Roster import speed: 20,000 employees created, then re-imported with 10% changes.

Run: .venv/bin/python bench/roster_import.py [--rows 20000]
Uses its own temporary SQLite file (migrated from scratch, ~25 s) and removes it at the end.
"""

import argparse
import csv
import io
import random
import time

from scratch import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()

    with scratch_database("roster"):
        run(args.rows)


def build_units() -> list[str]:
    from lms.organisation.models import OrgUnit

    group = OrgUnit.add_root(code="BG", name="Bench group", kind=OrgUnit.Kind.GROUP)
    company = group.add_child(code="BC", name="Bench company", kind=OrgUnit.Kind.COMPANY)
    codes = []
    for s in range(10):
        site = company.add_child(code=f"BC-S{s}", name=f"Site {s}", kind=OrgUnit.Kind.SITE, site_kind="plant")
        codes.append(site.code)
        for d in range(5):
            codes.append(site.add_child(code=f"BC-S{s}-D{d}", name=f"Dept {d}", kind=OrgUnit.Kind.DEPARTMENT).code)
    return codes


def roster_rows(count: int, unit_codes: list[str], rng: random.Random) -> list[list[str]]:
    categories = ["regular", "part_timer", "agency", "executive", "mid_career"]
    languages = ["ja", "ja", "ja", "en", "pt-br", "vi", "zh-hans", "fil", "id"]
    rows = []
    for n in range(count):
        rows.append(
            [
                "BC",
                f"{100000 + n}",
                f"社員 {n}",
                f"シャイン {n}",
                rng.choice(unit_codes),
                rng.choice(categories),
                rng.choice(["yes", "no", "no", "no"]),
                rng.choice(languages),
                rng.choice(["yes", "no"]),
                rng.choice(["yes", "yes", "no"]),
                rng.choice(["regular_intake", "mid_career", "irregular", "agency"]),
                f"20{rng.randint(0, 25):02d}-04-01",
                "",
            ]
        )
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    from lms.roster.columns import COLUMN_KEYS

    writer.writerow(COLUMN_KEYS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def timed_import(label: str, data: bytes, rows: int) -> None:
    from lms.roster.services import roster_apply, roster_plan

    started = time.perf_counter()
    plan = roster_plan(data=data, file_name=f"{label}.csv", actor=None)
    planned = time.perf_counter()
    assert not plan.problems, plan.problems[:5]
    record = roster_apply(plan=plan, actor=None)
    applied = time.perf_counter()
    plan_s, apply_s, total_s = planned - started, applied - planned, applied - started
    print(
        f"{label}: {rows} rows ({len(data) / 1e6:.1f} MB) · created {record.created_count}, "
        f"updated {record.updated_count}, unchanged {record.unchanged_count}"
    )
    print(f"  parse+validate {plan_s:6.2f} s  {rows / plan_s:9,.0f} rows/s")
    print(f"  apply          {apply_s:6.2f} s  {rows / apply_s:9,.0f} rows/s")
    print(f"  total          {total_s:6.2f} s  {rows / total_s:9,.0f} rows/s")


def run(count: int) -> None:
    from lms.organisation.models import Employee

    rng = random.Random(2026)
    unit_codes = build_units()
    rows = roster_rows(count, unit_codes, rng)
    timed_import("create", to_csv(rows), count)
    assert Employee.objects.count() == count

    for row in rng.sample(rows, count // 10):
        row[8] = "no" if row[8] == "yes" else "yes"  # has_pc
        row[4] = rng.choice(unit_codes)
    timed_import("re-import with 10% changed", to_csv(rows), count)


if __name__ == "__main__":
    main()
