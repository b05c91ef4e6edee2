"""The role permission policy: actions per role, rows per scope, menus per role."""

import pytest
from django.urls import reverse
from wagtail.permissions import policy_registry

from lms.organisation.models import Employee

pytestmark = pytest.mark.django_db


def test_employee_policy_actions_and_rows(manager_a, hr_a, auditor, people):
    policy = policy_registry.get_by_type(Employee)
    assert policy.user_has_permission(manager_a, "view")
    assert not policy.user_has_permission(manager_a, "change")
    assert policy.user_has_permission(hr_a, "change")
    assert not policy.user_has_permission(auditor, "change")
    visible = set(policy.instances_user_has_permission_for(manager_a, "view"))
    assert visible == {people["a1"], people["a2"]}
    assert policy.user_has_permission_for_instance(hr_a, "change", people["a1"])
    assert not policy.user_has_permission_for_instance(hr_a, "change", people["b1"])
    assert set(policy.users_with_permission("change")) == {hr_a}


def test_menus_follow_roles(client, manager_a, trainer, admin_user):
    client.force_login(manager_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("employee:index") in html
    assert reverse("roleassignment:index") not in html
    assert reverse("deliveryrule:index") not in html
    assert reverse("mamori_audit_log") not in html

    client.force_login(trainer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("deliveryrule:index") in html
    assert reverse("roleassignment:index") not in html

    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("roleassignment:index") in html
    assert reverse("mamori_audit_log") in html
