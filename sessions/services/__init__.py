"""Writes for sessions: scheduling and invitations (``scheduling``), check-in, closing and scans
(``attendance``), the read-aloud pledge record and clause recordings (``read_aloud``)."""


class SessionRefused(Exception):
    """A session operation refused, with a message for the person; nothing was written."""
