import pytest


@pytest.fixture(autouse=True)
def _english(english_admin):
    """These tests read the admin's English interface strings."""
