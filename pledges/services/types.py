"""Writes for the lists the secretariat edits: pledge types and the return checklist's item kinds.

Each writes one audit entry through ``audited_create`` / ``audited_update`` (a change that changes
nothing writes nothing); a ``ValidationError`` (a code already taken…) leaves the database untouched.

Invariant: once a version of a type has been published, the type's code and purpose stay as they
are. People signed it for that purpose ("Pledges missing" counts hiring and leaving pledges by
purpose), and the code names its segments in the translators' PO files and in the seed.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lms.audit.services import audited_create, audited_update

from ..models import PledgePurpose, PledgeType, PledgeVersion, ReturnItemKind
from . import PledgeRefused
from .texts import SOURCE_LANGUAGE

PLEDGE_TYPE_FIELDS = ("code", "purpose", "name", "translated_names", "position")
RETURN_ITEM_KIND_FIELDS = ("code", "name", "translated_names", "position", "active")


def _clean_names(values: dict[str, Any]) -> dict[str, Any]:
    """Keep the translated names of translation languages that are not blank, stripped."""
    if "translated_names" not in values:
        return values
    languages = {code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE}
    names = {
        language: str(name).strip()
        for language, name in (values["translated_names"] or {}).items()
        if language in languages and name and str(name).strip()
    }
    return {**values, "translated_names": names}


def _refuse_second_of_purpose(purpose: str | None, *, exclude_pk: int | None = None) -> None:
    """One type each for hiring and leaving: "Pledges missing", "My pledges" and the leaving gate
    look them up by purpose. A changed hire pledge is a new version of the same type."""
    if purpose not in (PledgePurpose.HIRE, PledgePurpose.LEAVING):
        return
    other = PledgeType.objects.filter(purpose=purpose).exclude(pk=exclude_pk).first()
    if other is not None:
        raise PledgeRefused(
            _("“%(name)s” is already the pledge for this purpose; draft a new version of it instead.")
            % {"name": other.name}
        )


def pledge_type_create(*, actor, **values: Any) -> PledgeType:
    _refuse_second_of_purpose(values.get("purpose"))
    return audited_create(
        PledgeType,
        actor=actor,
        action="mamori.pledge_type.create",
        values=_clean_names(values),
        fields=PLEDGE_TYPE_FIELDS,
    )


def pledge_type_update(*, pledge_type: PledgeType, actor, **values: Any) -> dict[str, list]:
    """Apply changed fields; returns {field: [old, new]}. Code and purpose are frozen once published."""
    values = _clean_names(values)
    if "purpose" in values:
        _refuse_second_of_purpose(values["purpose"], exclude_pk=pledge_type.pk)
    with transaction.atomic():
        # Lock every version of the type (drafts too: publishing locks the draft it publishes), so a
        # publication cannot slip in between the check and the save.
        versions = PledgeVersion.objects.select_for_update().filter(pledge_type=pledge_type)
        was_published = any(
            status != PledgeVersion.Status.DRAFT for status in versions.values_list("status", flat=True)
        )
        if was_published:
            if "purpose" in values and values["purpose"] != pledge_type.purpose:
                raise PledgeRefused(
                    _(
                        "The purpose of “%(name)s” cannot change: a version of it has been published and people "
                        "sign it for its purpose. Add a new pledge type instead."
                    )
                    % {"name": pledge_type.name}
                )
            if "code" in values and values["code"] != pledge_type.code:
                raise PledgeRefused(
                    _(
                        "The code of “%(name)s” cannot change: a version of it has been published and translators' "
                        "files name its texts by this code."
                    )
                    % {"name": pledge_type.name}
                )
        return audited_update(
            pledge_type, actor=actor, action="mamori.pledge_type.update", values=values, fields=PLEDGE_TYPE_FIELDS
        )


def return_item_kind_create(*, actor, **values: Any) -> ReturnItemKind:
    return audited_create(
        ReturnItemKind,
        actor=actor,
        action="mamori.return_item_kind.create",
        values=_clean_names(values),
        fields=RETURN_ITEM_KIND_FIELDS,
    )


def return_item_kind_update(*, item_kind: ReturnItemKind, actor, **values: Any) -> dict[str, list]:
    """Apply changed fields. Taking an item out of new checklists (``active=False``) leaves the
    checklists already opened as they are: their entries point at the item and keep it."""
    return audited_update(
        item_kind,
        actor=actor,
        action="mamori.return_item_kind.update",
        values=_clean_names(values),
        fields=RETURN_ITEM_KIND_FIELDS,
    )
