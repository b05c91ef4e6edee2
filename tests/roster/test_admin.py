"""The admin flow HR uses: upload → preview → confirm → result, and who may use it."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from lms.accounts.models import Role
from lms.organisation.models import Employee
from lms.roster.models import RosterImport
from lms.roster.services import roster_plan
from tests.factories import EmployeeFactory, UserFactory, grant
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes
from tests.roster.rosters import person, roster_csv, roster_xlsx


@pytest.fixture
def hr_client(units):
    user = UserFactory(username="hr-plant-a")
    grant(user, Role.HR, units["plant_a"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.user = user
    return client


def upload(client, data: bytes, name: str = "roster.csv", full: bool = False):
    payload = {"file": SimpleUploadedFile(name, data)}
    if full:
        payload["full"] = "on"
    return client.post(reverse("roster:upload"), payload)


def token_of(response) -> str:
    match = re.match(r"^/admin/roster/preview/([\w-]+)/$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def test_upload_preview_confirm_result(hr_client, units):
    existing = EmployeeFactory(unit=units["plant_a"], number="1001", has_pc=True)
    EmployeeFactory(unit=units["plant_a"], number="1002")
    data = roster_csv([person("1001", has_pc="no"), person("1003", unit_code="ACME-PA-ASM")])

    response = upload(hr_client, data, full=True)
    assert response.status_code == 302
    token = token_of(response)

    preview = hr_client.get(reverse("roster:preview", kwargs={"token": token}))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-count="new">1<' in html
    assert 'data-count="updated">1<' in html
    assert 'data-count="flagged">1<' in html
    assert 'data-count="problems">0<' in html
    assert "wagtail-sidebar" in html  # the Wagtail admin layout
    assert reverse("roster:confirm", kwargs={"token": token}) in html
    assert "csrfmiddlewaretoken" in html
    assert Employee.objects.count() == 2  # the preview writes nothing

    response = hr_client.post(reverse("roster:confirm", kwargs={"token": token}))
    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster:result", kwargs={"pk": record.pk})
    assert record.imported_by == hr_client.user
    assert (record.created_count, record.updated_count, record.flagged_count) == (1, 1, 1)
    existing.refresh_from_db()
    assert existing.has_pc is False
    assert Employee.objects.get(number="1002").absent_from_roster_since is not None
    assert Employee.objects.get(number="1003").unit == units["dept_a"]

    result = hr_client.get(response["Location"])
    assert result.status_code == 200
    assert 'data-count="new">1<' in result.content.decode()
    assert reverse("roster:upload") in result.content.decode()

    # Another HR user's import is outside their scope: a 404, whatever the ID.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other_hr = UserFactory(username="hr-plant-b")
    grant(other_hr, Role.HR, units["plant_b"])
    other.force_login(other_hr)
    assert_not_found(other.get(response["Location"]))

    # A second confirmation of the same upload changes nothing and says so.
    entries = ModelLogEntry.objects.count()
    again = hr_client.post(reverse("roster:confirm", kwargs={"token": token}), follow=True)
    assert "already imported; nothing was changed" in again.content.decode()
    assert RosterImport.objects.count() == 1
    assert ModelLogEntry.objects.count() == entries


def test_xlsx_upload(hr_client, units):
    response = upload(hr_client, roster_xlsx([person("1001")]), "roster.xlsx")
    token = token_of(response)
    hr_client.post(reverse("roster:confirm", kwargs={"token": token}))
    assert Employee.objects.get().number == "1001"


def test_preview_lists_problems_and_confirm_writes_nothing(hr_client, units):
    data = roster_csv([person("1001"), person("1002", hire_date="2026-13-01"), person("1003", category="boss")])
    token = token_of(upload(hr_client, data))
    preview = hr_client.get(reverse("roster:preview", kwargs={"token": token}))
    html = preview.content.decode()
    assert 'data-count="problems">2<' in html
    assert "“2026-13-01” is not a date" in html
    assert "Unknown category “boss”." in html
    assert reverse("roster:confirm", kwargs={"token": token}) not in html

    response = hr_client.post(reverse("roster:confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert Employee.objects.count() == 0
    assert RosterImport.objects.count() == 0


def test_hr_cannot_import_rows_outside_their_scope(hr_client, units):
    data = roster_csv([person("1001"), person("1002", unit_code="ACME-PB")])
    token = token_of(upload(hr_client, data))
    html = hr_client.get(reverse("roster:preview", kwargs={"token": token})).content.decode()
    assert "outside the units you may manage" in html
    response = hr_client.post(reverse("roster:confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert Employee.objects.count() == 0


def test_changes_are_paginated(hr_client, units):
    token = token_of(upload(hr_client, roster_csv([person(str(n)) for n in range(1000, 1250)])))
    url = reverse("roster:preview", kwargs={"token": token})
    assert hr_client.get(url).content.decode().count('class="roster-change"') == 100
    assert hr_client.get(url + "?page=3").content.decode().count('class="roster-change"') == 50


def test_another_session_cannot_preview_or_confirm_the_upload(hr_client, units):
    token = token_of(upload(hr_client, roster_csv([person("1001")])))
    other = Client()
    other.force_login(hr_client.user)  # same person, another session
    response = other.get(reverse("roster:preview", kwargs={"token": token}))
    assert response.status_code == 302 and response["Location"] == reverse("roster:upload")
    response = other.post(reverse("roster:confirm", kwargs={"token": token}))
    assert response.status_code == 302 and response["Location"] == reverse("roster:upload")
    assert Employee.objects.count() == 0


def test_oversized_upload_is_refused_by_the_form(hr_client, settings):
    settings.MAMORI_ROSTER_MAX_BYTES = 100
    response = upload(hr_client, roster_csv([person(str(n)) for n in range(1000, 1010)]))
    assert response.status_code == 200
    assert "too large" in response.content.decode()


def test_confirm_needs_csrf(hr_client, units):
    token = token_of(upload(hr_client, roster_csv([person("1001")])))
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = hr_client.cookies
    assert strict.post(reverse("roster:confirm", kwargs={"token": token})).status_code == 403
    assert Employee.objects.count() == 0


@pytest.mark.parametrize("role", [Role.MANAGER, None])
def test_managers_and_learners_get_403(units, role):
    user = UserFactory(username=f"user-{role}")
    if role:
        grant(user, role, units["plant_a"])
    else:
        EmployeeFactory(unit=units["plant_a"], user=user)
    client = Client()
    client.force_login(user)
    with nothing_changes(Employee, RosterImport):
        for url in (
            reverse("roster:upload"),
            reverse("roster:template", kwargs={"file_format": "csv"}),
            reverse("roster:preview", kwargs={"token": "a" * 32}),
        ):
            assert_forbidden(client.get(url))
        assert_forbidden(client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("r.csv", b"x")}))
        assert_forbidden(client.post(reverse("roster:confirm", kwargs={"token": "a" * 32})))


def test_anonymous_is_sent_to_login(db):
    response = Client().get(reverse("roster:upload"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_menu_item_is_shown_to_hr_only(hr_client, units):
    assert "Import roster" in hr_client.get("/admin/").content.decode()
    manager = UserFactory(username="manager")
    grant(manager, Role.MANAGER, units["plant_a"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Import roster" not in page.content.decode()


def test_templates_download_and_parse_back(hr_client, units):
    csv_response = hr_client.get(reverse("roster:template", kwargs={"file_format": "csv"}))
    assert csv_response["Content-Disposition"] == 'attachment; filename="roster-template.csv"'
    plan = roster_plan(data=csv_response.content, file_name="t.csv", actor=None)
    assert plan.problems == [] and len(plan.creates) == 1

    xlsx_response = hr_client.get(reverse("roster:template", kwargs={"file_format": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx_response.content), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:3] == ("company_code", "employee_number", "full_name")
    plan = roster_plan(data=xlsx_response.content, file_name="t.xlsx", actor=None)
    assert plan.problems == [] and plan.creates[0].employee.hire_date.isoformat() == "2026-04-01"

    assert hr_client.get(reverse("roster:template", kwargs={"file_format": "exe"})).status_code == 404
