"""Writing audit entries. Every state-changing service calls ``audit_log``.

Entries are Wagtail ``ModelLogEntry`` rows, so they also appear in the
admin's site history next to page edits.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .actions import ACTIONS


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def audit_log(*, actor, action: str, instance: models.Model, data: dict | None = None) -> None:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    log(instance, action, user=actor, data={k: _jsonable(v) for k, v in (data or {}).items()})


def audit_log_many(*, actor, action: str, instances: Iterable[models.Model], data_for=None) -> int:
    """Bulk variant for imports: one INSERT for thousands of entries."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    now = timezone.now()
    entries = []
    content_types: dict[type, ContentType] = {}
    for instance in instances:
        model = type(instance)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model, for_concrete_model=False)
        data = data_for(instance) if data_for else {}
        entries.append(
            ModelLogEntry(
                content_type=content_types[model],
                label=str(instance)[:255],
                action=action,
                data={k: _jsonable(v) for k, v in data.items()},
                timestamp=now,
                user=actor if actor and actor.is_authenticated else None,
                object_id=str(instance.pk),
            )
        )
    ModelLogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def model_changes(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value differs."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
    return changes
