"""The printed papers of a session as inline PDFs: sign-in sheet, attendee list, pledge copy.

Session staff only (trainers, administrators, HR for the sessions of their units): a session
outside the user's scope is a 404, like every scoped object. The sign-in sheet carries the
session's check-in code, so no response is cached.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from lms.accounts.permissions import role_required

from .. import documents
from ..models import SessionKind
from ..selectors import SESSION_STAFF, sessions_visible_to


def _inline_pdf(data: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@role_required(*SESSION_STAFF)
@require_GET
def sheet_pdf(request, pk: int):
    """Session staff: the sign-in sheet with the session's QR code and a signature row per attendee."""
    session = get_object_or_404(sessions_visible_to(user=request.user), pk=pk)
    return _inline_pdf(documents.sign_in_sheet_pdf(session=session), filename=f"sign-in-sheet-{session.pk}.pdf")


@role_required(*SESSION_STAFF)
@require_GET
def attendees_pdf(request, pk: int):
    """Session staff: the printable attendee list with check-in or attendance and totals."""
    session = get_object_or_404(sessions_visible_to(user=request.user), pk=pk)
    return _inline_pdf(documents.attendee_list_pdf(session=session), filename=f"attendees-{session.pk}.pdf")


@role_required(*SESSION_STAFF)
@require_GET
def pledge_copy_pdf(request, pk: int):
    """Session staff: the bilingual pledge copy of a read-aloud session (a classroom session has none: 404)."""
    session = get_object_or_404(sessions_visible_to(user=request.user).filter(kind=SessionKind.READ_ALOUD), pk=pk)
    return _inline_pdf(documents.pledge_copy_pdf(session=session), filename=f"pledge-copy-{session.pk}.pdf")


admin_urlpatterns = [
    path("<int:pk>/sign-in-sheet.pdf", sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/attendees.pdf", attendees_pdf, name="attendees_pdf"),
    path("<int:pk>/pledge-copy.pdf", pledge_copy_pdf, name="pledge_copy_pdf"),
]


def menu_items() -> list:
    """None: the papers are linked from a session's page."""
    return []
