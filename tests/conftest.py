import pytest

from tests.factories import unit_tree


@pytest.fixture
def units(db):
    return unit_tree()


@pytest.fixture
def english_admin(client, settings):
    """English for the test client and for code run outside a request, so assertions can
    name interface strings in their msgid language.

    The site's default language is Japanese and its catalog is complete; the Wagtail admin
    follows the request's language (cookie) for users without a preference.
    """
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
