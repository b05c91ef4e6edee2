"""The Organisation screens: units, employees, categories, role assignments.

Managers and HR reach their own units only, whatever URL or ID they try: a missing role is a 403,
an ID outside the scope a 404, and a refused request changes nothing.
"""

import datetime
import html as html_module
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.accounts.models import RoleAssignment
from lms.organisation.models import Employee, EmployeeCategory, OrgUnit
from tests.factories import EmployeeFactory, UserFactory, category
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes

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


def unit_post_data(unit, **changes):
    data = {"code": unit.code, "name": unit.name, "kind": unit.kind, "site_kind": unit.site_kind}
    if unit.is_overseas:
        data["is_overseas"] = "on"
    data.update(changes)
    return data


def category_post_data(item, **changes):
    import json

    data = {
        "code": item.code,
        "name": item.name,
        "translated_names": json.dumps(item.translated_names),
        "position": item.position,
    }
    data.update(changes)
    return data


# --- Employees: scope ---------------------------------------------------------------------


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


def test_manager_gets_404_on_other_plants_employee_detail(client, manager_a, people):
    client.force_login(manager_a)
    response = client.get(reverse("employee:inspect", args=[people["b1"].pk]))
    assert_not_found(response)
    assert "Baba" not in response.content.decode()
    own = client.get(reverse("employee:inspect", args=[people["a1"].pk]))
    assert own.status_code == 200
    assert "Aoki Plant-A" in own.content.decode()


def test_a_missing_id_is_a_404_too(client, admin_user, people):
    client.force_login(admin_user)
    assert_not_found(client.get(reverse("employee:inspect", args=[Employee.objects.order_by("pk").last().pk + 1])))


def test_manager_gets_403_on_employee_edit_even_in_own_plant(client, manager_a, people):
    """Managers hold no role that changes employees: the edit screen is refused before any lookup."""
    client.force_login(manager_a)
    for employee in (people["a1"], people["b1"]):
        url = reverse("employee:edit", args=[employee.pk])
        response = client.get(url)
        assert_forbidden(response)
        assert employee.full_name not in response.content.decode()
        with nothing_changes(Employee):
            assert_forbidden(client.post(url, employee_post_data(employee, full_name="Changed")))


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


def test_hr_gives_an_employee_an_email_address_and_a_malformed_one_is_refused(client, hr_a, people):
    client.force_login(hr_a)
    employee = people["a1"]
    url = reverse("employee:edit", args=[employee.pk])
    assert 'name="email"' in client.get(url).content.decode()
    response = client.post(url, employee_post_data(employee, email="aoki@"))
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.email == ""
    assert client.post(url, employee_post_data(employee, email="aoki@example.com")).status_code == 302
    employee.refresh_from_db()
    assert employee.email == "aoki@example.com"
    entry = ModelLogEntry.objects.get(action="mamori.employee.update", object_id=str(employee.pk))
    assert entry.data["changes"] == {"email": ["", "aoki@example.com"]}


def test_hr_gets_404_on_other_plants_employee(client, hr_a, people):
    client.force_login(hr_a)
    employee = people["b1"]
    url = reverse("employee:edit", args=[employee.pk])
    response = client.get(url)
    assert_not_found(response)
    assert "Baba" not in response.content.decode()
    with nothing_changes(Employee):
        assert_not_found(client.post(url, employee_post_data(employee, full_name="Hijacked")))


def test_hr_cannot_move_employee_into_another_plant(client, hr_a, people, units):
    client.force_login(hr_a)
    employee = people["a1"]
    with nothing_changes(Employee):
        response = client.post(
            reverse("employee:edit", args=[employee.pk]), employee_post_data(employee, unit=units["plant_b"].pk)
        )
    assert response.status_code == 200  # the form is shown again with an error
    assert "Select a valid choice" in response.content.decode()


def test_hr_creates_employee_through_service_with_audit(client, hr_a, units):
    client.force_login(hr_a)
    response = client.post(
        reverse("employee:add"),
        {
            "number": "N-777",
            "unit": units["dept_a"].pk,
            "full_name": "New Hire",
            "category": category("regular").pk,
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
    entry = ModelLogEntry.objects.get(action="mamori.employee.create", object_id=str(employee.pk))
    assert entry.user == hr_a


# --- Employees: one active/leaver rule in the status column and filter ----------------------


def _status_in_row(html: str, full_name: str) -> str:
    """The text of the last cell (the status column) of the listed row naming ``full_name``."""
    rows = [row for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.DOTALL) if full_name in row]
    assert len(rows) == 1, full_name
    last_cell = re.findall(r"<td[^>]*>(.*?)</td>", rows[0], flags=re.DOTALL)[-1]
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", last_cell)).split())


def _listed(client, **params) -> set[str]:
    html = client.get(reverse("employee:index"), params).content.decode()
    return {name for name in ("Leaving Today", "Leaving Later", "Left Yesterday", "Starting Later") if name in html}


def test_leaving_today_and_leaving_next_month_show_and_filter_alike(client, auditor, units):
    today = timezone.localdate()
    plant = units["plant_a"]
    EmployeeFactory(unit=plant, full_name="Leaving Today", leaving_date=today)
    EmployeeFactory(unit=plant, full_name="Leaving Later", leaving_date=today + datetime.timedelta(days=30))
    EmployeeFactory(unit=plant, full_name="Left Yesterday", leaving_date=today - datetime.timedelta(days=1))
    EmployeeFactory(unit=plant, full_name="Starting Later", hire_date=today + datetime.timedelta(days=7))
    client.force_login(auditor)

    html = client.get(reverse("employee:index")).content.decode()
    assert _status_in_row(html, "Leaving Today") == _status_in_row(html, "Leaving Later") == "Active"
    assert _status_in_row(html, "Left Yesterday") == "Leaver"
    assert _status_in_row(html, "Starting Later") == "Not yet started"

    assert _listed(client, status="active") == {"Leaving Today", "Leaving Later"}
    assert _listed(client, status="leaver") == {"Left Yesterday"}
    assert _listed(client, status="not_started") == {"Starting Later"}


def test_absent_flag_shows_beside_the_status_and_has_its_own_filter(client, auditor, people):
    people["a2"].absent_from_roster_since = people["a2"].hire_date
    people["a2"].save()
    client.force_login(auditor)
    url = reverse("employee:index")
    assert _status_in_row(client.get(url).content.decode(), "Abe Assembly") == "Active · Absent from the last roster"
    absent = client.get(url, {"status": "absent"}).content.decode()
    assert "Abe Assembly" in absent and "Aoki Plant-A" not in absent
    active = client.get(url, {"status": "active"}).content.decode()
    assert "Abe Assembly" in active and "Aoki Plant-A" in active


def test_employee_filter_by_unit_includes_sub_units(client, auditor, people):
    client.force_login(auditor)
    by_unit = client.get(reverse("employee:index"), {"unit": people["a1"].unit_id}).content.decode()
    assert "Abe Assembly" in by_unit  # sub-units included
    assert "Baba Plant-B" not in by_unit


# --- Organisation units --------------------------------------------------------------------


def test_org_unit_tree_shows_breadcrumbs_and_add_child(client, admin_user, units):
    client.force_login(admin_user)
    html = client.get(reverse("orgunit:index")).content.decode()
    assert "Group › ACME Industries › Plant A" in html  # the department's breadcrumb
    assert f"{reverse('orgunit:add')}?parent={units['plant_a'].pk}" in html


def test_admin_adds_child_unit_through_service(client, admin_user, units):
    client.force_login(admin_user)
    response = client.post(
        reverse("orgunit:add"),
        {"parent": units["plant_b"].pk, "code": "ACME-PB-PNT", "name": "Painting", "kind": "department"},
    )
    assert response.status_code == 302
    painting = OrgUnit.objects.get(code="ACME-PB-PNT")
    assert painting.get_parent() == units["plant_b"]
    entry = ModelLogEntry.objects.get(action="mamori.org_unit.create", object_id=str(painting.pk))
    assert entry.user == admin_user
    assert not ModelLogEntry.objects.filter(action__startswith="wagtail.", object_id=str(painting.pk)).exists()


def test_admin_edits_unit_through_service_with_audit(client, admin_user, units):
    client.force_login(admin_user)
    plant = units["plant_b"]
    response = client.post(reverse("orgunit:edit", args=[plant.pk]), unit_post_data(plant, name="Plant B East"))
    assert response.status_code == 302
    plant.refresh_from_db()
    assert plant.name == "Plant B East"
    entry = ModelLogEntry.objects.get(action="mamori.org_unit.update", object_id=str(plant.pk))
    assert entry.user == admin_user
    assert entry.data == {"changes": {"name": ["Plant B", "Plant B East"]}}


def test_unit_edit_without_a_change_writes_no_entry(client, admin_user, units):
    client.force_login(admin_user)
    plant = units["plant_b"]
    with nothing_changes(OrgUnit):
        response = client.post(reverse("orgunit:edit", args=[plant.pk]), unit_post_data(plant))
    assert response.status_code == 302


def test_invalid_unit_edit_shows_the_error_and_writes_nothing(client, admin_user, units):
    client.force_login(admin_user)
    dept = units["dept_a"]
    with nothing_changes(OrgUnit):
        response = client.post(reverse("orgunit:edit", args=[dept.pk]), unit_post_data(dept, site_kind="plant"))
    assert response.status_code == 200
    assert "Only a site has a site kind." in response.content.decode()


def test_hr_cannot_add_or_edit_units(client, hr_a, units):
    client.force_login(hr_a)
    plant = units["plant_a"]
    with nothing_changes(OrgUnit):
        assert_forbidden(client.get(reverse("orgunit:edit", args=[plant.pk])))
        assert_forbidden(client.post(reverse("orgunit:edit", args=[plant.pk]), unit_post_data(plant, name="Mine")))
        assert_forbidden(
            client.post(reverse("orgunit:add"), {"parent": plant.pk, "code": "X", "name": "X", "kind": "department"})
        )


# --- Employee categories ----------------------------------------------------------------------


def test_category_list_renders(client, trainer):
    client.force_login(trainer)
    assert "part_timer" in client.get(reverse("employeecategory:index")).content.decode()


def test_trainer_creates_category_through_service_with_audit(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("employeecategory:add"),
        {"code": "intern", "name": "インターン", "translated_names": '{"en": "Intern"}', "position": 90},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    intern = EmployeeCategory.objects.get(code="intern")
    entry = ModelLogEntry.objects.get(action="mamori.employee_category.create", object_id=str(intern.pk))
    assert entry.user == trainer
    assert entry.data["changes"]["translated_names"] == [None, {"en": "Intern"}]
    assert not ModelLogEntry.objects.filter(action__startswith="wagtail.", object_id=str(intern.pk)).exists()


def test_trainer_edits_category_through_service_with_audit(client, trainer):
    client.force_login(trainer)
    part_timer = category("part_timer")
    response = client.post(
        reverse("employeecategory:edit", args=[part_timer.pk]), category_post_data(part_timer, position=77)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ModelLogEntry.objects.get(action="mamori.employee_category.update", object_id=str(part_timer.pk))
    assert entry.user == trainer
    assert entry.data == {"changes": {"position": [part_timer.position, 77]}}


def test_category_edit_without_a_change_writes_no_entry(client, trainer):
    client.force_login(trainer)
    part_timer = category("part_timer")
    with nothing_changes(EmployeeCategory):
        response = client.post(reverse("employeecategory:edit", args=[part_timer.pk]), category_post_data(part_timer))
    assert response.status_code == 302


def test_hr_reads_categories_but_cannot_change_them_and_managers_cannot_see_them(client, hr_a, manager_a):
    part_timer = category("part_timer")
    client.force_login(hr_a)
    assert client.get(reverse("employeecategory:index")).status_code == 200
    with nothing_changes(EmployeeCategory):
        assert_forbidden(client.get(reverse("employeecategory:edit", args=[part_timer.pk])))
        assert_forbidden(
            client.post(
                reverse("employeecategory:edit", args=[part_timer.pk]), category_post_data(part_timer, name="X")
            )
        )
        assert_forbidden(client.post(reverse("employeecategory:add"), {"code": "x", "name": "X", "position": 1}))
    client.force_login(manager_a)
    assert_forbidden(client.get(reverse("employeecategory:index")))


# --- Auditors read everything and change nothing ---------------------------------------------


def test_auditor_reads_every_unit(client, auditor, people):
    client.force_login(auditor)
    html = client.get(reverse("employee:index")).content.decode()
    assert "Aoki Plant-A" in html and "Baba Plant-B" in html
    assert client.get(reverse("employee:inspect", args=[people["b1"].pk])).status_code == 200


def test_auditor_posts_are_refused_with_403_and_change_nothing(client, auditor, people, units):
    client.force_login(auditor)
    posts = [
        (reverse("employee:add"), {"number": "X1", "unit": units["plant_a"].pk, "full_name": "X"}),
        (reverse("employee:edit", args=[people["a1"].pk]), employee_post_data(people["a1"], full_name="X")),
        (reverse("orgunit:add"), {"code": "X", "name": "X", "kind": "site"}),
        (reverse("orgunit:edit", args=[units["plant_a"].pk]), unit_post_data(units["plant_a"], name="X")),
        (reverse("employeecategory:add"), {"code": "x", "name": "X", "position": 1}),
        (
            reverse("employeecategory:edit", args=[category("regular").pk]),
            category_post_data(category("regular"), name="X"),
        ),
    ]
    with nothing_changes(Employee, OrgUnit, EmployeeCategory):
        for url, data in posts:
            assert_forbidden(client.post(url, data))


# --- Role assignments: administrators only ---------------------------------------------------


def test_role_assignments_screen_is_for_administrators_only(client, manager_a, admin_user):
    client.force_login(manager_a)
    target = UserFactory(username="would-be-admin")
    with nothing_changes(RoleAssignment):
        assert_forbidden(client.get(reverse("roleassignment:index")))
        assert_forbidden(client.post(reverse("roleassignment:add"), {"user": target.pk, "role": "admin"}))
        own = RoleAssignment.objects.get(user=manager_a)
        assert_forbidden(client.post(reverse("roleassignment:delete", args=[own.pk])))
    client.force_login(admin_user)
    response = client.get(reverse("roleassignment:index"))
    assert response.status_code == 200
    assert "manager-a" in response.content.decode()


def test_admin_grants_and_revokes_a_role(client, admin_user, units):
    target = UserFactory(username="future-manager")
    client.force_login(admin_user)
    response = client.post(
        reverse("roleassignment:add"), {"user": target.pk, "role": "manager", "unit": units["plant_b"].pk}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, role="manager")
    assert target.groups.filter(name="Managers").exists()
    response = client.post(reverse("roleassignment:delete", args=[assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not Group.objects.get(name="Managers").user_set.filter(pk=target.pk).exists()
    actions = set(ModelLogEntry.objects.filter(object_id=str(assignment.pk)).values_list("action", flat=True))
    assert actions == {"mamori.role.grant", "mamori.role.revoke"}


def test_manager_role_without_unit_is_refused(client, admin_user):
    target = UserFactory(username="no-unit")
    client.force_login(admin_user)
    with nothing_changes(RoleAssignment):
        response = client.post(reverse("roleassignment:add"), {"user": target.pk, "role": "manager"})
    assert response.status_code == 200
    assert "This role needs a unit." in response.content.decode()
