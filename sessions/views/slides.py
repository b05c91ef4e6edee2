"""Classroom slides for trainers: choose a course and a language, then present it in the browser
(reveal.js, speaker view on S) or download it as an editable PowerPoint file.

Every request builds the deck from the live course pages (``sessions.slides.deck``): nothing is
stored, so a published change to a lesson shows on the next click. The parameters travel in the
query string (course id, language, with_japanese), which is also what reveal.js's speaker view
reloads in its two preview frames.
"""

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from lms.accounts.menus import RoleMenuItem
from lms.accounts.permissions import role_required
from lms.i18n.middleware import CONTENT_SECURITY_POLICY
from lms.learning.models import CoursePage

from ..selectors import SESSION_STAFF
from ..slides.deck import Deck, SlidesUnavailable, course_in_language, deck_build
from ..slides.html import presentation_html
from ..slides.pptx import presentation_pptx

PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# The speaker view (a window of this page's origin) shows the current and the next slide in frames
# of this same page: the presentation, and only it, may be framed by its own origin.
PRESENTATION_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def courses_with_slides():
    """The live courses in the source language; each language is one of their translations."""
    return CoursePage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path")


class SlidesForm(forms.Form):
    course = forms.ModelChoiceField(queryset=CoursePage.objects.none(), label=gettext_lazy("Course"), empty_label=None)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    with_japanese = forms.BooleanField(
        label=gettext_lazy("With the Japanese beside every text"),
        required=False,
        help_text=gettext_lazy("For a mixed room: bilingual slides, the chosen language and the Japanese original."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses_with_slides()

    def clean(self):
        cleaned = super().clean()
        course, language = cleaned.get("course"), cleaned.get("language")
        if course is not None and language:
            try:
                course_in_language(course=course, language=language)
            except SlidesUnavailable as refusal:
                self.add_error("language", str(refusal))
        return cleaned

    def deck(self) -> Deck:
        data = self.cleaned_data
        return deck_build(course=data["course"], language=data["language"], with_japanese=data["with_japanese"])


def file_name(deck: Deck, *, course: CoursePage, extension: str) -> str:
    code = course.course_code or f"course-{course.pk}"
    return f"{code}-{deck.language}{'-ja' if deck.bilingual else ''}.{extension}"


def form_page(request, form: SlidesForm, *, status: int = 200):
    return render(
        request, "sessions/admin/slides.html", {"page_title": _("Classroom slides"), "form": form}, status=status
    )


@role_required(*SESSION_STAFF)
@require_GET
def slides_form(request):
    """Trainers, HR and administrators: the course, the language, bilingual or not, and the two formats."""
    if request.GET:
        form = SlidesForm(request.GET)
        form.is_valid()
    else:
        form = SlidesForm(initial={"course": courses_with_slides().first(), "language": settings.LANGUAGE_CODE})
    return form_page(request, form)


@role_required(*SESSION_STAFF)
@require_GET
@xframe_options_sameorigin
def slides_html(request):
    """The presentation itself (not the admin): reveal.js from Mamori's static files.

    ``download=1`` gives the standalone file instead, every script and stylesheet inlined, to
    present offline.
    """
    form = SlidesForm(request.GET)
    if not form.is_valid():
        return form_page(request, form, status=400)
    deck = form.deck()
    standalone = request.GET.get("download") == "1"
    response = HttpResponse(presentation_html(deck, standalone=standalone), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PRESENTATION_POLICY
    response["Content-Language"] = deck.language
    if standalone:
        name = file_name(deck, course=form.cleaned_data["course"], extension="html")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*SESSION_STAFF)
@require_GET
def slides_pptx(request):
    """The same deck as an editable PowerPoint file."""
    form = SlidesForm(request.GET)
    if not form.is_valid():
        return form_page(request, form, status=400)
    deck = form.deck()
    response = HttpResponse(presentation_pptx(deck), content_type=PPTX_CONTENT_TYPE)
    name = file_name(deck, course=form.cleaned_data["course"], extension="pptx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


admin_urlpatterns = [
    path("slides/", slides_form, name="slides"),
    path("slides/present/", slides_html, name="slides_html"),
    path("slides/powerpoint/", slides_pptx, name="slides_pptx"),
]


def menu_items() -> list[RoleMenuItem]:
    return [
        RoleMenuItem(
            gettext_lazy("Classroom slides"),
            reverse_lazy("sessions_admin:slides"),
            name="sessions-slides",
            icon_name="desktop",
            order=40,
            roles=SESSION_STAFF,
        )
    ]
