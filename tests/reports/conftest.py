import pytest

from tests.admin.conftest import *  # noqa: F403  (the same small organisation and campaign)


@pytest.fixture(autouse=True)
def _english(english_admin):
    """These tests read the admin's English interface strings."""
