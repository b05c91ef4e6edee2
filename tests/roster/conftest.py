import pytest


@pytest.fixture(autouse=True)
def roster_private_files(private_files):
    """Each test keeps pending uploads in its own private storage directory."""
    return private_files
