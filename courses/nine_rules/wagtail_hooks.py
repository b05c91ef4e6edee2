"""Admin: which translations of the course are out of date.

The page editor of a Japanese course page warns the same way, and a panel on
the admin dashboard lists every course page whose translations no
longer match the Japanese page (``translation.translations_out_of_date``), e.g.
right after a Japanese lesson is changed and published in the editor.
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from laces.components import Component
from wagtail import hooks

from lms.learning.models import CoursePage, FinalTestPage, LessonPage
from lms.learning.selectors import course_source_page

from .content import COURSE_CODE
from .translation import course_translation_status, translations_out_of_date


class CourseTranslationStatusPanel(Component):
    name = "nine_rules_translation_status"
    order = 150

    def render_html(self, parent_context=None) -> str:
        course = course_source_page(COURSE_CODE)
        if course is None:
            return ""
        status = course_translation_status(course)
        if status:
            rows = format_html_join(
                "",
                '<tr><td><a href="{}">{}</a></td><td>{}</td></tr>',
                (
                    (
                        reverse("wagtailadmin_pages:edit", args=[page.pk]),
                        page.title,
                        ", ".join(locale.get_display_name() for locale in locales),
                    )
                    for page, locales in status
                ),
            )
            body = format_html(
                '<p>{}</p><table class="listing"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>'
                "<p>{}</p>",
                _("These Japanese pages changed after they were translated. Their translations are out of date."),
                _("Page"),
                _("Out-of-date translations"),
                rows,
                _("Update the PO files (export_nine_rules_po), then run load_nine_rules."),
            )
        else:
            body = format_html("<p>{}</p>", _("Every translation of the course is up to date."))
        return format_html(
            '<section class="panel w-mb-8" id="nine-rules-translation-status"><h2 class="w-h4">{}</h2>{}</section>',
            _("Course translations"),
            body,
        )


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(CourseTranslationStatusPanel())


@hooks.register("before_edit_page")
def warn_out_of_date_translations(request, page):
    if request.method != "GET" or not isinstance(page.specific, CoursePage | LessonPage | FinalTestPage):
        return None
    locales = translations_out_of_date(page)
    if locales:
        messages.warning(
            request,
            _("The translations of this page are out of date: %(languages)s.")
            % {"languages": ", ".join(locale.get_display_name() for locale in locales)},
        )
    return None
