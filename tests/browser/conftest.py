"""Shared browser fixtures: Debian's Chromium driven by Playwright against the live server.

Never run ``playwright install``: the browser comes from apt (/usr/bin/chromium).
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM must still be usable from the test.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The session's one Chromium (``browser``) is defined in tests/conftest.py: tests outside this
# package (the slides) use it too, and Playwright's sync API can run only once per thread.


@pytest.fixture(autouse=True)
def _base_data(transactional_db):
    """Browser tests commit, and the flush after each one empties every table: restore the
    migrations' rows (root and home pages, locales, categories, rules, groups) first."""
    from tests.base_data import base_data_restore

    base_data_restore()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, *, username: str, password: str, language: str = "ja") -> None:
    """Log in on the login form; the site then shows the employee's preferred language."""
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
