"""Who may use a view, and how a refusal looks: 403 for a missing role, the login page for no admin access."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from lms.accounts.permissions import refusals_as_403, role_required
from tests.factories import EmployeeFactory, UserFactory
from tests.refusals import assert_forbidden

pytestmark = pytest.mark.django_db


def test_a_missing_role_is_a_403_admin_page(client, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("roleassignment:index"))
    assert_forbidden(response)
    assert "mamori_admin/403.html" in [t.name for t in response.templates]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()


def test_role_required_lets_the_role_in_and_refuses_others_with_403(manager_a, auditor):
    @role_required("auditor")
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("in")

    request = RequestFactory().get("/admin/x/")
    request.user = auditor
    assert view(request).content == b"in"
    request.user = manager_a
    assert_forbidden(view(request))
    assert view.mamori_roles == ("auditor",)


def test_a_permission_denied_raised_inside_a_view_becomes_the_403_response(manager_a):
    def view(request):
        raise PermissionDenied

    request = RequestFactory().get("/admin/x/")
    request.user = manager_a
    assert_forbidden(refusals_as_403(view)(request))


def test_a_user_without_admin_access_is_sent_to_the_admin_login(client, units):
    """Wagtail's gate treats a learner like an anonymous visitor of the admin."""
    learner = UserFactory(username="learner")
    EmployeeFactory(unit=units["plant_a"], user=learner)
    client.force_login(learner)
    for url in ("/admin/", reverse("employee:index"), reverse("mamori_audit_log")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url


def test_anonymous_is_sent_to_the_admin_login(client, db):
    response = client.get(reverse("employee:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
