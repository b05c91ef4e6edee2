from django import template

from lms.i18n import formatting

register = template.Library()


@register.filter
def locale_date(value, fmt="medium"):
    return formatting.locale_date(value, fmt=fmt)


@register.filter
def locale_datetime(value, fmt="medium"):
    return formatting.locale_datetime(value, fmt=fmt)


@register.filter
def locale_number(value):
    return formatting.locale_number(value)


@register.filter
def locale_percent(value):
    return formatting.locale_percent(value)


@register.filter
def fiscal_year_label(value):
    return formatting.fiscal_year_label(value)
