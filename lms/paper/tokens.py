"""The code printed on a slip: an opaque signed token, no personal data.

It holds only the assignment id and the campaign id, signed with the
project's secret key and a salt of its own, so a token cannot be forged or
reused from another signed value of the site.
"""

from django.core import signing

SALT = "mamori.paper.slip"


class BadSlipToken(ValueError):
    """The token was not made by this site (forged, damaged or mistyped)."""


def slip_token_make(*, assignment) -> str:
    return signing.dumps([assignment.pk, assignment.campaign_id], salt=SALT, compress=True)


def slip_token_read(token: str) -> tuple[int, int]:
    """(assignment id, campaign id), or ``BadSlipToken``."""
    try:
        value = signing.loads(token.strip(), salt=SALT)
    except signing.BadSignature as error:
        raise BadSlipToken(str(error)) from error
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise BadSlipToken("unexpected token content")
    return value[0], value[1]
