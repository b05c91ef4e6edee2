"""Logging in, landing in one's own language, switching language, and what every page sends."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils.translation import check_for_language, get_language_info

from lms.accounts.models import Role
from tests.factories import EmployeeFactory, UserFactory, grant

PASSWORD = "pw-Mamori-2026"


@pytest.fixture
def learner(units):
    user = UserFactory(username="tanaka.k")
    return EmployeeFactory(unit=units["plant_a"], number="40123", full_name="田中 健太", user=user)


@pytest.fixture
def vi_learner(units):
    user = UserFactory(username="nguyen.mai")
    return EmployeeFactory(
        unit=units["dept_a"], number="40200", full_name="Nguyễn Thị Mai", preferred_language="vi", user=user
    )


def login(client, username, password=PASSWORD, language="ja"):
    return client.post(f"/{language}/accounts/login/", {"username": username, "password": password})


def test_login_with_employee_number(client, learner):
    response = login(client, "40123")
    assert response.status_code == 302
    assert response["Location"] == "/ja/my-training/"
    assert client.session[SESSION_KEY] == str(learner.user.pk)


def test_login_with_login_id(client, learner):
    response = login(client, "tanaka.k")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(learner.user.pk)


def test_number_shared_by_two_companies_needs_the_company_code(client, units, learner):
    other_user = UserFactory(username="overseas.worker")
    EmployeeFactory(unit=units["other"], number="40123", user=other_user)
    assert login(client, "40123").status_code == 200
    assert SESSION_KEY not in client.session
    assert login(client, "OVR/40123").status_code == 302
    assert client.session[SESSION_KEY] == str(other_user.pk)


def test_wrong_password_shows_the_error_and_opens_no_session(client, learner):
    response = login(client, "40123", password="wrong-password", language="en")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "The employee number or password is not correct." in html


def test_employee_lands_on_my_training_in_their_language(client, vi_learner):
    response = login(client, "40200")
    assert response.status_code == 302
    assert response["Location"] == "/vi/my-training/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="vi">' in page.content.decode()
    assert "Nguyễn Thị Mai" in page.content.decode()


def test_login_keeps_a_safe_next_in_the_employee_language(client, vi_learner):
    response = client.post(
        "/ja/accounts/login/?next=/ja/my-training/",
        {"username": "40200", "password": PASSWORD, "next": "/ja/my-training/"},
    )
    assert response["Location"] == "/vi/my-training/"


def test_login_ignores_an_off_site_next(client, learner):
    response = client.post(
        "/ja/accounts/login/", {"username": "40123", "password": PASSWORD, "next": "https://evil.example/steal"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ja/my-training/"


def test_staff_without_employee_record_lands_in_the_administration(client, db):
    auditor = UserFactory(username="auditor")
    grant(auditor, Role.AUDITOR)
    response = login(client, "auditor")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/ja/")["Location"] == "/admin/"


def test_language_switcher_goes_to_the_same_page_in_the_chosen_language(client, learner):
    client.force_login(learner.user)
    response = client.post("/language/", {"language": "pt-br", "next": "/ja/my-training/"})
    assert response.status_code == 302
    assert response["Location"] == "/pt-br/my-training/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt-br"
    page = client.get(response["Location"])
    assert '<html lang="pt-br">' in page.content.decode()


def test_language_switcher_works_when_the_cookie_language_differs_from_the_page(client, learner):
    client.force_login(learner.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.post("/language/", {"language": "en", "next": "/ja/my-training/"})
    assert response["Location"] == "/en/my-training/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switcher_keeps_the_query_string(client):
    response = client.post("/language/", {"language": "vi", "next": "/ja/accounts/login/?next=/ja/my-training/"})
    assert response["Location"] == "/vi/accounts/login/?next=/ja/my-training/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"])
def test_language_switcher_rejects_an_off_site_next(client, target):
    response = client.post("/language/", {"language": "vi", "next": target})
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")


def test_language_switcher_is_post_only(client):
    assert client.get("/language/?language=vi&next=/ja/accounts/login/").status_code == 405


def test_anonymous_root_follows_accept_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/pt-br/"
    final = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5", follow=True)
    assert final.redirect_chain[-1][0] == "/pt-br/accounts/login/"
    assert '<html lang="pt-br">' in final.content.decode()


def test_anonymous_root_without_preference_is_japanese(client, db):
    assert client.get("/")["Location"] == "/ja/"


def test_filipino_urls_stay_in_filipino(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fil")["Location"] == "/fil/"
    response = client.get("/fil/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fil">' in html
    assert response["Content-Language"] == "fil"
    # Django knows no Filipino: LANG_INFO and a compiled catalog make it a language it serves.
    assert check_for_language("fil")
    assert get_language_info("fil")["name_local"] == "Filipino"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_serves_its_own_login_page(client, db, language):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_every_response_carries_the_content_security_policy(client, learner):
    responses = [
        client.get("/"),
        client.get("/ja/accounts/login/"),
        client.get("/ja/my-training/"),  # redirect to login
        client.get("/healthz"),
        client.get("/ja/no-such-page/"),
        client.post("/language/", {"language": "en", "next": "/"}),
        login(client, "40123", password="wrong"),
    ]
    client.force_login(learner.user)
    responses.append(client.get("/ja/my-training/"))
    assert {r.status_code for r in responses} >= {200, 302, 404}
    for response in responses:
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy.split(";")[0]
        assert "frame-ancestors 'none'" in policy


URL_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*((?:[a-z][a-z0-9+.-]*:)?//[^"'\s>]*)""", re.I
)


def external_urls(html: str) -> list[str]:
    return [url for url in URL_ATTRIBUTE.findall(html) if not re.match(r"(https?:)?//testserver(/|$)", url)]


def test_external_url_scanner_finds_external_references():
    html = '<link href="https://cdn.example/x.css"><script src="//fonts.example/f.js"></script><a href="/ok">'
    assert external_urls(html) == ["https://cdn.example/x.css", "//fonts.example/f.js"]


def test_pages_reference_nothing_outside_the_server(client, learner):
    pages = [client.get("/ja/accounts/login/"), client.get("/vi/accounts/login/")]
    client.force_login(learner.user)
    pages.append(client.get("/ja/my-training/"))
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert external_urls(html) == []
        assert "@import" not in html and "url(http" not in html


def test_logout_is_post_only_and_needs_csrf(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner.user)
    assert client.get("/ja/accounts/logout/").status_code == 405
    assert client.post("/ja/accounts/logout/").status_code == 403
    assert SESSION_KEY in client.session

    page = client.get("/ja/my-training/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post("/ja/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get("/ja/my-training/").status_code == 302


def test_login_form_has_a_csrf_token(client, db):
    html = client.get("/ja/accounts/login/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def test_home_page_sends_a_logged_in_employee_to_my_training_in_the_page_language(client, vi_learner):
    client.force_login(vi_learner.user)
    assert client.get("/vi/")["Location"] == "/vi/my-training/"
    assert client.get("/ja/accounts/login/")["Location"] == "/ja/my-training/"
