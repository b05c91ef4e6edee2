"""The attendee's side: the address in the session's QR code, and checking in after signing in."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..services import SessionRefused
from ..services.attendance import AlreadyCheckedIn, attendee_check_in, checkin_session_read


@require_GET
def check_in_entry(request, pk: int, token: str):
    """Anyone (the QR code's address): sends the phone to the check-in page in its person's language."""
    employee = getattr(request.user, "employee", None) if request.user.is_authenticated else None
    language = employee.preferred_language if employee else get_language_from_request(request)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return redirect(reverse("sessions:check_in", args=[pk, token]))


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int, token: str):
    """Signed-in people with the session's code: confirm (GET), then check in (POST). Refusals say why."""
    status = 200
    outcome = None
    try:
        session = checkin_session_read(session_id=pk, token=token)
    except SessionRefused as refusal:
        return render(request, "sessions/check_in.html", {"refusal": str(refusal)}, status=400)
    if request.method == "POST":
        try:
            attendee = attendee_check_in(user=request.user, session_id=pk, token=token)
        except AlreadyCheckedIn as refusal:
            outcome, status = str(refusal), 409
        except SessionRefused as refusal:
            return render(request, "sessions/check_in.html", {"session": session, "refusal": str(refusal)}, status=400)
        else:
            outcome = _("You are checked in at %(time)s. Welcome!") % {
                "time": timezone.localtime(attendee.checked_in_at).strftime("%H:%M")
            }
    return render(
        request,
        "sessions/check_in.html",
        {"session": session, "outcome": outcome, "employee": getattr(request.user, "employee", None)},
        status=status,
    )
