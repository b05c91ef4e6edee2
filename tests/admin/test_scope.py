"""Managers and HR reach their own units only, whatever URL or ID they try."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.organisation.models import Employee
from lms.training.models import CompletionRecord
from tests.factories import UserFactory
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


def employee_post_data(employee, **changes):
    """What the edit form posts; an unchecked checkbox is left out, as a browser does."""
    data = {
        "number": employee.number,
        "unit": employee.unit_id,
        "full_name": employee.full_name,
        "name_reading": employee.name_reading,
        "category": employee.category_id,
        "preferred_language": employee.preferred_language,
        "joined_via": employee.joined_via,
        "hire_date": employee.hire_date.isoformat(),
        "leaving_date": "",
        "has_pc": "on" if employee.has_pc else "",
        "reads_japanese": "on" if employee.reads_japanese else "",
        "is_key_person": "on" if employee.is_key_person else "",
    }
    data.update(changes)
    for flag in ("has_pc", "reads_japanese", "is_key_person"):
        if not data[flag]:
            del data[flag]
    return data


def test_manager_sees_own_plant_and_its_department_only(client, manager_a, people):
    client.force_login(manager_a)
    response = client.get(reverse("employee:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aoki Plant-A" in html
    assert "Abe Assembly" in html
    assert "Baba Plant-B" not in html
    assert "Bando Plant-B" not in html


def test_manager_search_does_not_reach_other_plant(client, manager_a, people):
    client.force_login(manager_a)
    response = client.get(reverse("employee:index"), {"q": "Plant-B"})
    assert response.status_code == 200
    assert "Baba" not in response.content.decode()


def test_manager_gets_404_on_other_plants_employee_detail_and_edit(client, manager_a, people):
    client.force_login(manager_a)
    other = people["b1"]
    for url in (reverse("employee:inspect", args=[other.pk]), reverse("employee:edit", args=[other.pk])):
        response = client.get(url)
        assert_refused(response, url)
        assert "Baba" not in response.content.decode()
    own = client.get(reverse("employee:inspect", args=[people["a1"].pk]))
    assert own.status_code == 200
    assert "Aoki Plant-A" in own.content.decode()


def test_manager_cannot_edit_even_own_plants_employee(client, manager_a, people):
    client.force_login(manager_a)
    employee = people["a1"]
    url = reverse("employee:edit", args=[employee.pk])
    assert_refused(client.post(url, employee_post_data(employee, full_name="Changed")), url)
    employee.refresh_from_db()
    assert employee.full_name == "Aoki Plant-A"


def test_manager_gets_404_on_other_units_completion_record(client, manager_a, launched, people):
    client.force_login(manager_a)
    record_b = CompletionRecord.objects.get(assignment__employee=people["b1"])
    url = reverse("completionrecord:correct", args=[record_b.pk])
    assert_refused(client.get(url), url)
    assert_refused(client.post(url, {"reason": "guess"}), url)
    assert not CompletionRecord.objects.filter(corrects=record_b).exists()
    listing = client.get(reverse("completionrecord:index")).content.decode()
    assert "Aoki Plant-A" in listing
    assert "Baba Plant-B" not in listing


def test_hr_edits_own_plants_employee_with_audit_changes(client, hr_a, people):
    client.force_login(hr_a)
    employee = people["a2"]
    response = client.post(
        reverse("employee:edit", args=[employee.pk]), employee_post_data(employee, full_name="Abe Renamed", has_pc="")
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.full_name == "Abe Renamed"
    assert employee.has_pc is False
    entry = ModelLogEntry.objects.get(action="mamori.employee.update", object_id=str(employee.pk))
    assert entry.user == hr_a
    assert entry.data["changes"] == {"full_name": ["Abe Assembly", "Abe Renamed"], "has_pc": [True, False]}


def test_hr_cannot_edit_other_plants_employee(client, hr_a, people):
    client.force_login(hr_a)
    employee = people["b1"]
    url = reverse("employee:edit", args=[employee.pk])
    assert_refused(client.post(url, employee_post_data(employee, full_name="Hijacked")), url)
    employee.refresh_from_db()
    assert employee.full_name == "Baba Plant-B"
    assert not ModelLogEntry.objects.filter(action="mamori.employee.update").exists()


def test_hr_cannot_move_employee_into_another_plant(client, hr_a, people, units):
    client.force_login(hr_a)
    employee = people["a1"]
    response = client.post(
        reverse("employee:edit", args=[employee.pk]), employee_post_data(employee, unit=units["plant_b"].pk)
    )
    assert response.status_code == 200  # the form is shown again with an error
    employee.refresh_from_db()
    assert employee.unit == units["plant_a"]


def test_hr_creates_employee_through_service_with_audit(client, hr_a, units):
    client.force_login(hr_a)
    response = client.post(
        reverse("employee:add"),
        {
            "number": "N-777",
            "unit": units["dept_a"].pk,
            "full_name": "New Hire",
            "category": Employee._meta.get_field("category").related_model.objects.get(code="regular").pk,
            "preferred_language": "ja",
            "joined_via": "mid_career",
            "hire_date": "2026-05-01",
            "has_pc": "on",
            "reads_japanese": "on",
        },
    )
    assert response.status_code == 302
    employee = Employee.objects.get(number="N-777")
    assert employee.company == units["acme"]
    assert ModelLogEntry.objects.filter(action="mamori.employee.create", object_id=str(employee.pk)).exists()


def test_learner_is_turned_away_from_admin(client, units):
    from tests.factories import EmployeeFactory

    learner = UserFactory(username="learner")
    EmployeeFactory(unit=units["plant_a"], user=learner)
    client.force_login(learner)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get(reverse("employee:index")).status_code == 302


def test_role_assignments_screen_is_for_administrators_only(client, manager_a, admin_user):
    client.force_login(manager_a)
    url = reverse("roleassignment:index")
    assert_refused(client.get(url), url)
    client.force_login(admin_user)
    response = client.get(reverse("roleassignment:index"))
    assert response.status_code == 200
    assert "manager-a" in response.content.decode()
