"""The "Pledges missing" report HR use: who has not signed, scope, filters, exports, query count."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from pledges.models import SignedPledge
from pledges.services.signing import pledge_record_paper, pledge_withdraw
from pledges.views.missing import menu_items
from tests.factories import EmployeeFactory
from tests.refusals import assert_forbidden

URL = "/admin/mamori/pledges/missing/"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def since(today):
    """A "hired since" a year back, so the rows do not depend on where in the fiscal year we are."""
    return today - datetime.timedelta(days=365)


@pytest.fixture
def hr_client(client, hr_a, english_admin, pledge_texts):
    client.force_login(hr_a)
    return client


def days_ago(today, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def report(client, **params):
    return client.get(URL, params)


def rows_of(response) -> dict[str, dict]:
    """The table rows by employee number: purpose and days overdue."""
    html = response.content.decode()
    return {
        number: {"purpose": purpose, "days": int(days)}
        for number, purpose, days in re.findall(
            r'data-employee="([^"]+)" data-purpose="(\w+)">.*?data-days-overdue="(-?\d+)"', html, re.S
        )
    }


def paper_record(hr, employee, version, today):
    return pledge_record_paper(
        actor=hr,
        employee=employee,
        version=version,
        language="ja",
        signed_on=today,
        scan=SimpleUploadedFile("s.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        note="",
    )


def test_hire_without_pledge_is_listed_with_days_overdue_and_links(hr_client, units, since, today):
    hire = EmployeeFactory(
        unit=units["plant_a"], number="H-001", full_name="Hoshino New", hire_date=days_ago(today, 12)
    )

    response = report(hr_client, hired_since=since.isoformat())

    assert response.status_code == 200
    assert rows_of(response) == {"H-001": {"purpose": "hire", "days": 12}}
    html = response.content.decode()
    assert "Hoshino New" in html
    assert "At hiring" in html
    assert "1 person missing a hire pledge, 0 missing a leaving pledge" in html
    assert f'href="{reverse("employee:inspect", args=[hire.pk])}"' in html
    paper = reverse("pledges_admin:record_paper")
    assert f'href="{paper}?employee={hire.pk}&amp;purpose=hire"' in html
    assert "Record on paper" in html


def test_signed_hire_pledge_removes_the_person_and_withdrawal_brings_them_back(
    hr_client, hr_a, units, pledge_texts, private_files, since, today
):
    hire = EmployeeFactory(unit=units["plant_a"], number="H-002", hire_date=days_ago(today, 5))
    assert "H-002" in rows_of(report(hr_client, hired_since=since.isoformat()))

    pledge = paper_record(hr_a, hire, pledge_texts["hire"], today)
    response = report(hr_client, hired_since=since.isoformat())
    assert rows_of(response) == {}
    assert "Nobody is missing a hire or leaving pledge for these filters." in response.content.decode()

    pledge_withdraw(pledge=pledge, actor=hr_a, reason="Signed the wrong form")
    assert SignedPledge.objects.valid().filter(employee=hire).count() == 0
    assert rows_of(report(hr_client, hired_since=since.isoformat())) == {"H-002": {"purpose": "hire", "days": 5}}


def test_past_and_upcoming_leavers_without_a_leaving_pledge_are_listed(hr_client, units, since, today):
    EmployeeFactory(unit=units["plant_a"], number="L-PAST", leaving_date=days_ago(today, 3))
    EmployeeFactory(unit=units["dept_a"], number="L-SOON", leaving_date=today + datetime.timedelta(days=5))

    response = report(hr_client, hired_since=since.isoformat())

    assert rows_of(response) == {
        "L-PAST": {"purpose": "leaving", "days": 3},
        "L-SOON": {"purpose": "leaving", "days": -5},
    }
    html = response.content.decode()
    assert "due in 5 days" in html
    assert "At leaving" in html
    assert "0 people missing a hire pledge, 2 missing a leaving pledge" in html


def test_hires_before_hired_since_are_not_listed(hr_client, units, today):
    EmployeeFactory(unit=units["plant_a"], number="OLD", hire_date=days_ago(today, 40))
    EmployeeFactory(unit=units["plant_a"], number="NEW", hire_date=days_ago(today, 20))

    response = report(hr_client, hired_since=days_ago(today, 30).isoformat())

    assert set(rows_of(response)) == {"NEW"}


def test_hired_since_defaults_to_the_start_of_the_fiscal_year(hr_client, today):
    start = fiscal_year_bounds(fiscal_year_of(today))[0]

    response = report(hr_client)

    assert response.status_code == 200
    assert f'value="{start.isoformat()}"' in response.content.decode()


def test_hr_sees_only_their_units(hr_client, units, since, today):
    EmployeeFactory(unit=units["plant_a"], number="A-NEW", hire_date=days_ago(today, 2))
    EmployeeFactory(unit=units["plant_b"], number="B-NEW", full_name="Bessho Plant-B", hire_date=days_ago(today, 2))

    assert set(rows_of(report(hr_client, hired_since=since.isoformat()))) == {"A-NEW"}

    for params in ({"unit": units["plant_b"].pk}, {"company": units["other"].pk}):
        response = report(hr_client, hired_since=since.isoformat(), **params)
        assert response.status_code == 400
        assert rows_of(response) == {}
        assert "Bessho Plant-B" not in response.content.decode()
        assert "Select a valid choice" in response.content.decode()
    response = report(hr_client, hired_since=since.isoformat(), unit=units["plant_b"].pk, export="csv")
    assert response.status_code == 400
    assert "B-NEW" not in response.content.decode()


def test_the_filters_offer_only_the_users_units_and_their_companies(hr_client, units):
    form = report(hr_client).context["form"]

    assert set(form.fields["unit"].queryset) == {units["plant_a"], units["dept_a"]}
    assert set(form.fields["company"].queryset) == {units["acme"]}


def test_administrators_see_every_unit_and_company(
    client, admin_user, english_admin, pledge_texts, units, since, today
):
    EmployeeFactory(unit=units["plant_b"], number="B-NEW", hire_date=days_ago(today, 2))
    client.force_login(admin_user)

    response = report(client, hired_since=since.isoformat())

    assert set(rows_of(response)) == {"B-NEW"}
    assert set(response.context["form"].fields["company"].queryset) == {units["acme"], units["other"]}


@pytest.mark.parametrize("role_user", ["manager_a", "trainer", "auditor"])
def test_other_roles_are_refused(client, role_user, request, pledge_texts):
    client.force_login(request.getfixturevalue(role_user))
    assert_forbidden(report(client))


def test_anonymous_and_learners_go_to_the_login_page(client, signer):
    response = report(client)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(signer.user)
    response = report(client)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unit_company_and_kind_filters(client, admin_user, english_admin, pledge_texts, units, since, today):
    EmployeeFactory(unit=units["plant_a"], number="PA", hire_date=days_ago(today, 2))
    EmployeeFactory(unit=units["dept_a"], number="DA", hire_date=days_ago(today, 2))
    EmployeeFactory(unit=units["plant_b"], number="PB", leaving_date=days_ago(today, 1))
    EmployeeFactory(unit=units["other"], number="OV", hire_date=days_ago(today, 2))
    client.force_login(admin_user)
    hired_since = since.isoformat()

    assert set(rows_of(report(client, hired_since=hired_since, unit=units["plant_a"].pk))) == {"PA", "DA"}
    assert set(rows_of(report(client, hired_since=hired_since, unit=units["dept_a"].pk))) == {"DA"}
    assert set(rows_of(report(client, hired_since=hired_since, company=units["acme"].pk))) == {"PA", "DA", "PB"}
    assert set(rows_of(report(client, hired_since=hired_since, company=units["other"].pk))) == {"OV"}
    assert set(rows_of(report(client, hired_since=hired_since, kind="leaving"))) == {"PB"}
    hires = report(client, hired_since=hired_since, kind="hire")
    assert set(rows_of(hires)) == {"PA", "DA", "OV"}
    assert "3 people missing a hire pledge" in hires.content.decode()
    assert report(client, hired_since=hired_since, kind="other").status_code == 400


def test_csv_export_has_every_row_of_the_filter(hr_client, units, since, today):
    for n in range(55):
        EmployeeFactory(unit=units["plant_a"], number=f"C{n:03d}", hire_date=days_ago(today, 7))
    EmployeeFactory(unit=units["plant_a"], number="Z-LEAVE", full_name="Zenno Leaving", leaving_date=days_ago(today, 4))

    response = report(hr_client, hired_since=since.isoformat(), export="csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"pledges-missing-{today.isoformat()}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Employee number", "Name", "Unit", "Company", "Pledge", "Due date", "Days overdue"]
    assert len(rows) == 1 + 56
    leaver = next(row for row in rows if row[0] == "Z-LEAVE")
    assert leaver == [
        "Z-LEAVE",
        "Zenno Leaving",
        "Plant A",
        "ACME Industries",
        "At leaving",
        days_ago(today, 4).isoformat(),
        "4",
    ]


def test_xlsx_export_has_dates_and_integer_days(hr_client, units, since, today):
    EmployeeFactory(
        unit=units["dept_a"], number="X-001", full_name="Xu Soon", leaving_date=today + datetime.timedelta(days=5)
    )

    response = report(hr_client, hired_since=since.isoformat(), export="xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="pledges-missing-{today.isoformat()}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    assert [cell.value for cell in header][:2] == ["Employee number", "Name"]
    assert all(cell.font.bold for cell in header)
    assert [cell.value for cell in row][:5] == ["X-001", "Xu Soon", "Assembly", "ACME Industries", "At leaving"]
    assert row[5].is_date
    assert row[5].value.date() == today + datetime.timedelta(days=5)
    assert row[6].value == -5
    assert sheet.max_row == 2


def test_pages_of_fifty_keep_the_filters(hr_client, units, since, today):
    for n in range(51):
        EmployeeFactory(unit=units["plant_a"], number=f"P{n:03d}", hire_date=days_ago(today, 3))

    first = report(hr_client, hired_since=since.isoformat(), unit=units["plant_a"].pk)
    html = first.content.decode()
    assert len(rows_of(first)) == 50
    assert "51 people missing a hire pledge" in html
    next_link = re.search(r'<li class="next"><a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert f"hired_since={since.isoformat()}" in next_link
    assert f"unit={units['plant_a'].pk}" in next_link
    csv_link = re.search(r'href="([^"]*export=csv[^"]*)"', html).group(1).replace("&amp;", "&")
    assert f"unit={units['plant_a'].pk}" in csv_link

    assert next_link.startswith("?")  # relative to the page itself
    second = hr_client.get(URL + next_link)
    assert len(rows_of(second)) == 1


def test_query_count_does_not_grow_with_the_rows(hr_client, units, since, today, django_assert_max_num_queries):
    def add(count: int, prefix: str):
        for n in range(count):
            EmployeeFactory(unit=units["dept_a"], number=f"{prefix}{n:03d}", hire_date=days_ago(today, 2))

    add(3, "Q")
    report(hr_client, hired_since=since.isoformat())  # warm the admin's caches
    with django_assert_max_num_queries(100) as captured:
        assert len(rows_of(report(hr_client, hired_since=since.isoformat()))) == 3
    few = len(captured)

    add(27, "R")
    with django_assert_max_num_queries(few):
        assert len(rows_of(report(hr_client, hired_since=since.isoformat()))) == 30


def test_menu_item_is_for_pledge_staff(hr_a, manager_a, rf):
    (item,) = menu_items()
    assert str(item.label) == "Pledges missing"
    assert item.url == URL
    assert item.icon_name == "warning"
    assert item.order == 30
    request = rf.get("/")
    request.user = hr_a
    assert item.is_shown(request)
    request.user = manager_a
    assert not item.is_shown(request)
