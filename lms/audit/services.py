"""Writing audit entries. Every state-changing service calls ``audit_log``, or writes through
``audited_create`` / ``audited_update``, which validate, save and audit in one step.

Entries are Wagtail ``ModelLogEntry`` rows, so they also appear in the
admin's site history next to page edits.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .actions import ACTIONS

M = TypeVar("M", bound=models.Model)


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


def _m2m_change(old: Iterable, new: Iterable) -> list | None:
    """[old names, new names], sorted, when the sets of related objects differ."""
    old_names, new_names = sorted(str(o) for o in old), sorted(str(n) for n in new)
    return [old_names, new_names] if old_names != new_names else None


def _check_fields(names: Iterable[str], fields: Iterable[str] | None) -> None:
    if fields is None:
        return
    unknown = set(names) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def audited_create(
    model: type[M],
    *,
    actor,
    action: str,
    values: Mapping[str, Any],
    fields: Iterable[str] | None = None,
    m2m: Mapping[str, Iterable] | None = None,
    data: Mapping[str, Any] | None = None,
    save: Callable[[M], M] | None = None,
    exclude: Iterable[str] = (),
) -> M:
    """Validate (``full_clean``), save and audit a new ``model`` row built from ``values``.

    ``fields`` lists the names ``values`` may hold (others raise ``TypeError``); ``m2m`` maps
    many-to-many fields to their objects, set after the save. The one audit entry records every
    value given as ``changes`` (``{field: [None, value]}``, empty values left out) plus ``data``.
    ``save`` replaces ``instance.save()`` for rows something else inserts (a tree node), returning
    the saved row; ``exclude`` names fields that only the save fills in, skipped by ``full_clean``.
    A ``ValidationError`` leaves the database untouched.
    """
    m2m = {name: list(objects) for name, objects in (m2m or {}).items()}
    _check_fields(values, fields)
    instance = model(**values)
    instance.full_clean(exclude=list(exclude) or None)
    changes = {name: [None, _jsonable(value)] for name, value in values.items() if value not in (None, "", [], {})}
    for name, objects in m2m.items():
        if objects:
            changes[name] = [None, sorted(str(o) for o in objects)]
    with transaction.atomic():
        if save is None:
            instance.save()
        else:
            instance = save(instance)
        for name, objects in m2m.items():
            getattr(instance, name).set(objects)
        audit_log(actor=actor, action=action, instance=instance, data={"changes": changes, **(data or {})})
    return instance


def audited_update(
    instance: models.Model,
    *,
    actor,
    action: str,
    values: Mapping[str, Any],
    fields: Iterable[str] | None = None,
    m2m: Mapping[str, Iterable] | None = None,
    data: Mapping[str, Any] | None = None,
) -> dict[str, list]:
    """Diff, validate, save and audit a change of ``instance``; returns ``{field: [old, new]}``.

    Only the fields in ``values`` (and the many-to-many fields in ``m2m``) are compared. Nothing
    changed: nothing is saved and no entry is written (returns ``{}``). Otherwise the changed
    values are applied, ``full_clean`` runs, and the save, the many-to-many sets and one audit
    entry (``{"changes": ..., **data}``) are written in one transaction. A ``ValidationError``
    leaves the database untouched and restores ``instance``'s attributes.
    """
    m2m = {name: list(objects) for name, objects in (m2m or {}).items()}
    _check_fields(values, fields)
    changes = model_changes(instance, dict(values))
    changed_m2m = {}
    for name, objects in m2m.items():
        change = _m2m_change(getattr(instance, name).all(), objects)
        if change:
            changes[name] = change
            changed_m2m[name] = objects
    if not changes:
        return {}
    before = {name: getattr(instance, name) for name in values}
    for name, value in values.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
        with transaction.atomic():
            instance.save()
            for name, objects in changed_m2m.items():
                getattr(instance, name).set(objects)
            audit_log(actor=actor, action=action, instance=instance, data={"changes": changes, **(data or {})})
    except Exception:
        for name, value in before.items():
            setattr(instance, name, value)
        raise
    return changes
