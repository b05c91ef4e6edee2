"""The audit actions the pledges app writes (registered in ``PledgesConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def _action(label) -> tuple:
    return (label, label)


PLEDGE_ACTIONS = {
    "mamori.pledge_type.create": _action(_("Pledge type added")),
    "mamori.pledge_type.update": _action(_("Pledge type changed")),
    "mamori.pledge_version.create": _action(_("Pledge version drafted")),
    "mamori.pledge_version.update": _action(_("Pledge version edited")),
    "mamori.pledge_version.publish": _action(_("Pledge version published")),
    "mamori.pledge_version.retire": _action(_("Pledge version retired")),
    "mamori.pledge_translation.update": _action(_("Pledge translation changed")),
    "mamori.pledge.sign": _action(_("Pledge signed")),
    "mamori.pledge.record_paper": _action(_("Paper pledge recorded")),
    "mamori.pledge.record_read_aloud": _action(_("Pledge read aloud recorded")),
    "mamori.pledge.withdraw": _action(_("Pledge withdrawn")),
    "mamori.leaving_case.open": _action(_("Leaving case opened")),
    "mamori.leaving_case.move": _action(_("Leaving date moved")),
    "mamori.leaving_case.cancel": _action(_("Leaving case cancelled")),
    "mamori.leaving_case.item": _action(_("Return checklist item settled")),
    "mamori.leaving_case.override": _action(_("Return checklist overridden")),
    "mamori.return_item_kind.create": _action(_("Return checklist item added")),
    "mamori.return_item_kind.update": _action(_("Return checklist item changed")),
}
