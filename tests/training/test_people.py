"""The employee screens with each person's training method (``lms.training.people``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.training.models import TrainingMethod
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_employee_list_query_count_does_not_grow_with_rows(client, admin_user, units):
    client.force_login(admin_user)
    url = reverse("employee:index")
    EmployeeFactory.create_batch(5, unit=units["plant_a"])
    count_queries(client, url)  # warm caches (content types, session)
    with_5 = count_queries(client, url)
    employees = EmployeeFactory.create_batch(45, unit=units["dept_a"])
    with_50 = count_queries(client, url)
    assert with_5 == with_50
    page = client.get(url).content.decode()
    assert all(e.number in page for e in employees)  # the rows really are on the page
    assert "decided by rule" in page.lower()


def test_employee_list_filters_by_training_method(client, auditor, people):
    people["b2"].has_pc = False
    people["b2"].save()
    client.force_login(auditor)
    printed = client.get(reverse("employee:index"), {"method": TrainingMethod.PRINTED_EXCERPT}).content.decode()
    assert "Bando Plant-B" in printed
    assert "Aoki Plant-A" not in printed


def test_employee_detail_shows_the_method_and_the_rule(client, auditor, people):
    client.force_login(auditor)
    html = client.get(reverse("employee:inspect", args=[people["a1"].pk])).content.decode()
    assert str(TrainingMethod.ELEARNING.label) in html
    assert "decided by rule" in html.lower()
