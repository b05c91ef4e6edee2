"""How a refused request is asserted, by every package that tests refusals.

The project's one answer (``lms.accounts.permissions``): a signed-in user without the role for a
view or action gets 403; an object outside the user's scope, asked for by ID, gets 404. A refusal
also changes nothing: ``nothing_changes`` compares every row of the given models, and the audit
log, before and after.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Model
from wagtail.models import ModelLogEntry


def assert_forbidden(response) -> None:
    assert response.status_code == 403, (response.status_code, response.get("Location"))


def assert_not_found(response) -> None:
    assert response.status_code == 404, (response.status_code, response.get("Location"))


def _snapshot(models: tuple[type[Model], ...]) -> dict[str, list[dict]]:
    rows = {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models}
    rows["audit log"] = list(ModelLogEntry.objects.order_by("pk").values("pk", "action", "object_id"))
    return rows


@contextmanager
def nothing_changes(*models: type[Model]) -> Iterator[None]:
    """Every row of ``models`` (all their fields) and the audit log are the same after the block."""
    before = _snapshot(models)
    yield
    assert _snapshot(models) == before
