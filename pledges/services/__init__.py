"""Writes for pledges: texts and translations (``texts``), signing and paper records (``signing``),
leaving cases (``leaving``) and the integrity check of stored evidence (``verification``)."""


class PledgeRefused(Exception):
    """A pledge operation refused, with a message for the person; nothing was written."""


class PledgeAlreadySigned(PledgeRefused):
    """The person already has a valid signed pledge of this kind (a second submission)."""
