from tests.admin.conftest import *  # noqa: F403  (the same small organisation and campaign)
