"""Fiscal years: a fiscal year is named after the calendar year it starts in."""

import datetime

from django.conf import settings


def _start_month() -> int:
    return settings.MAMORI_FISCAL_YEAR_START_MONTH


def fiscal_year_of(day: datetime.date) -> int:
    return day.year if day.month >= _start_month() else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day (inclusive) of a fiscal year."""
    start = datetime.date(fiscal_year, _start_month(), 1)
    next_start = datetime.date(fiscal_year + 1, _start_month(), 1)
    return start, next_start - datetime.timedelta(days=1)
