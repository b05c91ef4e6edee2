"""The employee list runs a constant number of queries, however many rows the page shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
    assert "decided by rule" in page.lower() or "Decided by rule" in page
