"""Classification marks printed in the header of internal documents.

The mark itself stays Japanese in every language (it is what is stamped on
documents); its name is given in the reader's language beside it.
"""

from django.utils.translation import gettext_lazy as _

MARK_LABELS = {
    "社外極秘": _("Strictly confidential"),
    "社外秘": _("Confidential — internal use only"),
    "関係者外秘": _("Restricted to the people concerned"),
    "公開情報": _("Public information"),
}
INTERNAL = "社外秘"


def classification_for(mark: str = INTERNAL) -> dict[str, str]:
    """The mark and its name in the active language (call inside ``translation.override``)."""
    return {"mark": mark, "label": str(MARK_LABELS[mark])}
