"""Completion rates: right numbers, scoped rows, the same table as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from lms.training.selectors import completion_rates
from tests.factories import category

pytestmark = pytest.mark.django_db

# The fixture: plant A has a1 (regular, completed) and a2 (part-timer, in its department, open);
# plant B has b1 (regular, completed) and b2 (part-timer, open).


def test_selector_numbers_for_group_wide_user(auditor, launched, units):
    rates = completion_rates(user=auditor, campaign=launched, units=[units["acme"], units["plant_a"], units["plant_b"]])
    acme, plant_a, plant_b = rates.rows
    regular, part_timer = category("regular").pk, category("part_timer").pk
    assert (acme.total.completed, acme.total.assigned) == (2, 4)
    assert (plant_a.by_category[regular].completed, plant_a.by_category[regular].assigned) == (1, 1)
    assert (plant_a.by_category[part_timer].completed, plant_a.by_category[part_timer].assigned) == (0, 1)
    assert (plant_b.total.completed, plant_b.total.assigned) == (1, 2)
    assert plant_b.total.rate == 0.5
    assert (rates.total.total.completed, rates.total.total.assigned) == (2, 4)


def test_selector_counts_nothing_outside_a_managers_scope(manager_a, launched, units):
    rates = completion_rates(user=manager_a, campaign=launched, units=[units["plant_b"]])
    assert rates.rows[0].total.assigned == 0
    assert rates.total.total.assigned == 2


def test_manager_report_rows_are_own_plant_and_its_departments(client, manager_a, launched):
    client.force_login(manager_a)
    response = client.get(reverse("mamori_completion_rates"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plant A" in html
    assert "Assembly" in html
    assert "Plant B" not in html
    assert "1 / 2" in html  # plant A total: one of two completed
    assert "50%" in html


def test_group_report_lists_companies_then_sites(client, auditor, launched):
    client.force_login(auditor)
    html = client.get(reverse("mamori_completion_rates")).content.decode()
    positions = [html.index(name) for name in ("ACME Industries", "Plant A", "Plant B", "Overseas Co")]
    assert positions == sorted(positions)
    assert "2 / 4" in html


def test_manager_csv_has_same_rows_and_no_other_plant(client, manager_a, launched):
    client.force_login(manager_a)
    response = client.get(reverse("mamori_completion_rates"), {"campaign": launched.pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    units = [row[0] for row in rows[1:]]
    assert units[:2] == ["Plant A", "Assembly"]
    assert "Plant B" not in units
    total_row = rows[-1]
    assert total_row[-3:] == ["1", "2", "50%"]
    plant_a = rows[1]
    assert plant_a[-3:] == ["1", "2", "50%"]


def test_report_without_launched_campaign_says_so(client, auditor, campaign):
    client.force_login(auditor)
    response = client.get(reverse("mamori_completion_rates"))
    assert response.status_code == 200
    assert "No campaign has been launched yet." in response.content.decode()


def test_learner_cannot_open_report(client, units):
    from tests.factories import EmployeeFactory, UserFactory

    learner = UserFactory(username="learner-r")
    EmployeeFactory(unit=units["plant_a"], user=learner)
    client.force_login(learner)
    response = client.get(reverse("mamori_completion_rates"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
