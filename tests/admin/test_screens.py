"""The admin screens render their domain content and their filters narrow the rows."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.accounts.models import RoleAssignment
from lms.organisation.models import OrgUnit
from lms.training.models import TrainingMethod
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(painting.pk)).exists()


def test_employee_filters_by_method_and_status(client, auditor, people):
    people["b2"].has_pc = False
    people["b2"].save()
    people["a2"].absent_from_roster_since = people["a2"].hire_date
    people["a2"].save()
    client.force_login(auditor)
    url = reverse("employee:index")
    printed = client.get(url, {"method": TrainingMethod.PRINTED_EXCERPT}).content.decode()
    assert "Bando Plant-B" in printed
    assert "Aoki Plant-A" not in printed
    absent = client.get(url, {"status": "absent"}).content.decode()
    assert "Abe Assembly" in absent
    assert "Aoki Plant-A" not in absent
    by_unit = client.get(url, {"unit": people["a1"].unit_id}).content.decode()
    assert "Abe Assembly" in by_unit  # sub-units included
    assert "Baba Plant-B" not in by_unit


def test_rule_list_shows_position_conditions_and_method(client, trainer):
    client.force_login(trainer)
    html = client.get(reverse("deliveryrule:index")).content.decode()
    assert str(TrainingMethod.CLASSROOM.label) in html
    assert "key person" in html.lower()


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
    response = client.post(reverse("roleassignment:add"), {"user": target.pk, "role": "manager"})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_completion_list_offers_correct_to_hr_only(client, hr_a, manager_a, launched):
    client.force_login(hr_a)
    assert "/admin/completionrecord/correct/" in client.get(reverse("completionrecord:index")).content.decode()
    client.force_login(manager_a)
    assert "/admin/completionrecord/correct/" not in client.get(reverse("completionrecord:index")).content.decode()


def test_category_list_and_campaign_list_render(client, trainer, launched):
    client.force_login(trainer)
    assert "part_timer" in client.get(reverse("employeecategory:index")).content.decode()
    html = client.get(reverse("campaign:index")).content.decode()
    assert "Awareness" in html
