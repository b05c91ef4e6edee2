"""Verification codes: read off paper and typed back, so only unambiguous characters."""

import re

from certificates.models import Certificate
from lms.pdf.codes import verification_code_new
from pledges.models import SignedPledge


def test_codes_use_only_unambiguous_capitals_and_digits_and_never_repeat():
    codes = [verification_code_new() for _ in range(2000)]
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", code) for code in codes), codes[:5]
    assert len(set(codes)) == len(codes)
    # Every character turns up: the codes are not drawn from a smaller set by mistake.
    assert set("".join(codes)) == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_certificates_and_pledges_draw_their_codes_here():
    for model in (Certificate, SignedPledge):
        assert model._meta.get_field("verification_code").default is verification_code_new
