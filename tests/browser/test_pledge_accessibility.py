"""The learner's pledge pages checked with axe-core (WCAG 2.1 A and AA) in Chromium: "My pledges",
the signing page in Vietnamese beside Japanese (with an error shown), the confirmation page, and
the public check page."""

import pytest

from pledges.models import PledgeVersion
from pledges.seeding import pledges_seed
from tests.browser.conftest import login
from tests.browser.test_accessibility import violations
from tests.factories import EmployeeFactory, UserFactory, unit_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-Mamori-2026"


def test_pledge_pages_meet_wcag_21_aa(page, private_files):
    pledges_seed()
    units = unit_tree()
    user = UserFactory(username="vi-hire", password=PASSWORD)
    employee = EmployeeFactory(unit=units["plant_a"], preferred_language="vi", reads_japanese=False, user=user)
    hire = PledgeVersion.objects.published().get(pledge_type__code="hire")
    found = {}
    login(page, username=employee.number, password=PASSWORD, language="vi")
    page.goto("/vi/pledges/")
    found["my pledges"] = violations(page)
    page.goto(f"/vi/pledges/sign/{hire.pk}/")
    found["sign"] = violations(page)
    page.fill("#sign-password", "wrong-password")
    with page.expect_navigation():
        page.locator("form.pledge-form button[type=submit]").click()
    assert page.locator("#sign-error").is_visible()
    found["sign with an error"] = violations(page)
    for checkbox in page.locator("input[name=clause]").all():
        checkbox.check()
    page.fill("#sign-password", PASSWORD)
    with page.expect_navigation():
        page.locator("form.pledge-form button[type=submit]").click()
    found["signed"] = violations(page)
    code = page.locator("dd code").inner_text()
    page.goto(f"/verify/pledge/{code}/")
    found["public check"] = violations(page)
    assert found == {name: [] for name in found}
