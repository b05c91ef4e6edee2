"""Dates, numbers and fiscal years formatted for the reader's locale (Babel)."""

import datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from django.utils import timezone
from django.utils.translation import gettext as _

from .languages import babel_locale


def locale_date(value: datetime.date | None, *, fmt: str = "medium", language: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value, format=fmt, locale=babel_locale(language))


def locale_datetime(value: datetime.datetime | None, *, fmt: str = "medium", language: str | None = None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_datetime(value, format=fmt, locale=babel_locale(language))


def locale_number(value, *, language: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(language))


def locale_percent(value: float | None, *, language: str | None = None) -> str:
    if value is None:
        return "—"
    return format_percent(value, format="#,##0%", locale=babel_locale(language))


def fiscal_year_label(fiscal_year: int, *, language: str | None = None) -> str:
    """ "FY2026 (Apr 2026 – Mar 2027)" in the reader's language."""
    from lms.fiscal import fiscal_year_bounds

    start, end = fiscal_year_bounds(fiscal_year)
    locale = babel_locale(language)
    return _("FY%(year)s (%(start)s – %(end)s)") % {
        "year": fiscal_year,
        "start": format_date(start, format="yMMM", locale=locale),
        "end": format_date(end, format="yMMM", locale=locale),
    }
