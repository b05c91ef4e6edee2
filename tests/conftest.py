import pytest

from tests.factories import unit_tree


@pytest.fixture
def units(db):
    return unit_tree()
