"""The plant manager's Monday: the admin home's chart and overdue list, a number followed to the
people behind it, their XLSX, and another plant's list refused, in headless Chromium."""

import io
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from lms.organisation.models import OrgUnit
from lms.training.models import Assignment, Campaign
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO_PASSWORD = "demo-Mamori-2026!"


def _overdue_in(plant: OrgUnit) -> set[str]:
    """Who the database says is overdue in the plant: open assignments of running campaigns past due."""
    return set(
        Assignment.objects.filter(
            campaign__status=Campaign.Status.LAUNCHED,
            campaign__due_date__lt=timezone.localdate(),
            completed_on__isnull=True,
            employee__unit__path__startswith=plant.path,
        ).values_list("employee__number", flat=True)
    )


def test_demo_manager_follows_the_overdue_number_to_the_people_and_their_xlsx(page, monkeypatch, real_course):
    monkeypatch.setenv("MAMORI_DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())
    plant = OrgUnit.objects.get(code="MSK-HMM")
    overdue = _overdue_in(plant)
    assert overdue, "the demo's last-year campaign has stragglers in the plant"

    login(page, username="demo-manager", password=DEMO_PASSWORD)
    page.goto("/admin/")
    # The chart, drawn on the server, with its numbers in a table beside it.
    chart = page.locator("#mamori-completion-section figure.mamori-chart").first
    assert chart.locator("svg[role=img] title").count() == 1
    assert chart.locator("table tbody tr").count() >= 1
    # The overdue list holds the plant's people only, and all the overdue ones up to its length.
    rows = page.locator("#chase-table-overdue tbody tr")
    listed = {rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(rows.count())}
    assert listed <= overdue and len(listed) == min(len(overdue), 10)

    # Follow the number: the people behind "Overdue: N" of last year's campaign.
    link = page.locator("#mamori-completion-section .mamori-status-counts a").first
    assert re.findall(r"\d+", link.inner_text()) == [str(len(overdue))]
    link.click()
    page.wait_for_load_state()
    assert "/admin/mamori/reports/completion/people/" in page.url
    people_rows = page.locator("#people tbody tr")
    assert {people_rows.nth(i).locator("td").first.inner_text().strip() for i in range(people_rows.count())} == overdue

    with page.expect_download() as download_info:
        page.locator("a[href*='export=xlsx']").first.click()
    with open(download_info.value.path(), "rb") as downloaded:
        sheet = load_workbook(io.BytesIO(downloaded.read())).active
    numbers = {str(row[0].value) for row in list(sheet.iter_rows())[1:]}
    assert numbers == overdue

    # Another plant's list, whatever the URL says, is refused.
    other = OrgUnit.objects.get(code="MSK-GIF")
    campaign = Campaign.objects.filter(status=Campaign.Status.LAUNCHED).order_by("fiscal_year").first()
    query = urlencode({"course": campaign.course_id, "fiscal_year": campaign.fiscal_year, "unit": other.pk})
    response = page.goto(f"/admin/mamori/reports/completion/people/?{query}")
    assert response.status == 404
    assert not any(number in page.content() for number in _overdue_in(other))
