"""Which page types are courses a campaign can assign.

Training sits below the apps that define course pages (the learning engine, SCORM packages later):
they register their course page model when Django starts (``AppConfig.ready``), and the campaign
screens offer pages of the registered types. Training imports none of them.
"""

from wagtail.models import Locale, Page

_course_models: list[type[Page]] = []


def course_models_register(model: type[Page]) -> None:
    """Offer pages of ``model`` as courses in the campaign screens (idempotent)."""
    if model not in _course_models:
        _course_models.append(model)


def course_models() -> tuple[type[Page], ...]:
    return tuple(_course_models)


def course_pages():
    """Courses in the source language: a campaign names the original, learners get their translation."""
    return (
        Page.objects.type(*_course_models).filter(locale=Locale.get_default())
        if _course_models
        else Page.objects.none()
    )
