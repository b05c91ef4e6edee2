"""Verification codes printed on evidence (certificates, pledges) and checked on a public page."""

import secrets

# Crockford's base32: digits and capitals without I, L, O and U, so a code read off paper is typed
# back right, and none starts with "-" (which a command line would take for an option).
VERIFICATION_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VERIFICATION_LENGTH = 26  # 5 bits each: 130 random bits, unguessable, so the check page needs no login


def verification_code_new() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))
