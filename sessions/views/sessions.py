"""The trainer's session screens: the list, scheduling, inviting people, the live attendance list
with ticks, closing, cancelling, the projector's check-in code and the signed sheet's scans."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.menus import RoleMenuItem
from lms.accounts.permissions import role_required
from lms.i18n.formatting import locale_datetime
from lms.storage import private_file_response

from ..models import SessionKind, TrainingSession
from ..selectors import (
    SESSION_STAFF,
    attendee_proposals,
    session_attendees,
    sessions_listed,
    sessions_visible_to,
)
from ..services import SessionRefused
from ..services.attendance import (
    attendee_presence_set,
    checkin_code_renew,
    checkin_url,
    session_close,
    session_scan_attach,
)
from ..services.scheduling import attendee_remove, attendees_add, session_cancel, session_schedule, session_update
from .forms import CancelForm, ProposalFilterForm, ScanForm, SessionFilterForm, SessionForm, session_form_initial

PAGE_SIZE = 50
PROPOSALS_PAGE_SIZE = 100


def _session_for(request, pk: int) -> TrainingSession:
    """The session if the user handles it; 404 otherwise (it is outside their scope)."""
    return get_object_or_404(sessions_visible_to(user=request.user), pk=pk)


@role_required(*SESSION_STAFF)
@require_GET
def session_list(request):
    """Trainers and administrators: every session; HR: the sessions of their units."""
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = sessions_listed(user=request.user, kind=filters.get("kind", ""), status=filters.get("status", ""))
    page = Paginator(sessions.order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sessions/admin/list.html", {"page_title": _("Sessions"), "form": form, "page": page})


@role_required(*SESSION_STAFF)
@require_http_methods(["GET", "POST"])
def session_create(request):
    """Trainers, administrators, HR (their units): schedule a classroom lecture or a read-aloud session."""
    initial = {"kind": request.GET.get("kind") or SessionKind.CLASSROOM, "capacity": 30, "languages": ["ja"]}
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_schedule(actor=request.user, **form.values())
        except SessionRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Scheduled. Now invite the attendees."))
            return redirect("sessions_admin:invite", session.pk)
    return render(
        request,
        "sessions/admin/form.html",
        {"page_title": _("Schedule a session"), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _errors_to_form(form, error: ValidationError) -> None:
    mapping = {"starts_at": "start_time", "ends_at": "end_time"}
    for field, messages_ in error.message_dict.items():
        field = mapping.get(field, field)
        form.add_error(field if field in form.fields else None, messages_)


@role_required(*SESSION_STAFF)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    """Trainers, administrators, HR (their units): change a scheduled session."""
    session = _session_for(request, pk)
    form = SessionForm(request.POST or None, user=request.user, initial=session_form_initial(session))
    if request.method == "POST" and form.is_valid():
        try:
            changes = session_update(session=session, actor=request.user, **form.values())
        except SessionRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved.") if changes else _("Nothing was changed."))
            return redirect("sessions_admin:detail", session.pk)
    return render(
        request,
        "sessions/admin/form.html",
        {"page_title": _("Change the session"), "form": form, "session": session},
        status=400 if form.is_bound and form.errors else 200,
    )


def _detail_context(request, session: TrainingSession) -> dict:
    attendees = list(session_attendees(session=session))
    present = sum(1 for a in attendees if (a.attended if a.attended is not None else a.is_checked_in))
    return {
        "session": session,
        "attendees": attendees,
        "present_count": present,
        "absent_count": len(attendees) - present,
    }


@role_required(*SESSION_STAFF)
@require_GET
def session_detail(request, pk: int):
    """The session: its facts, the live list of who has checked in, ticks, documents, closing."""
    session = _session_for(request, pk)
    context = _detail_context(request, session)
    context.update(
        page_title=session.title,
        scans=list(session.scans.select_related("uploaded_by")),
        scan_form=ScanForm(),
        cancel_form=CancelForm(),
        checkin_url=checkin_url(session),
    )
    return render(request, "sessions/admin/detail.html", context)


@role_required(*SESSION_STAFF)
@require_GET
def session_attendance(request, pk: int):
    """The attendee table alone: the detail page reloads it every few seconds while the session is open."""
    session = _session_for(request, pk)
    return render(request, "sessions/admin/includes/attendance.html", _detail_context(request, session))


@role_required(*SESSION_STAFF)
@require_http_methods(["GET", "POST"])
def session_invite(request, pk: int):
    """Propose the open assignments the session completes, filtered by unit and language; add the ticked."""
    session = _session_for(request, pk)
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("assignment") if value.isdigit()]
        try:
            added = attendees_add(session=session, actor=request.user, assignment_ids=ids)
        except SessionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                ngettext("%(count)d person added.", "%(count)d people added.", len(added)) % {"count": len(added)},
            )
            return redirect("sessions_admin:detail", session.pk)
        return redirect(request.get_full_path())
    form = ProposalFilterForm(request.GET or None, session=session, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = attendee_proposals(
        session=session, user=request.user, unit=filters.get("unit"), language=filters.get("language", "")
    )
    page = Paginator(proposals, PROPOSALS_PAGE_SIZE).get_page(request.GET.get("page"))
    seats = session.attendees.count()
    return render(
        request,
        "sessions/admin/invite.html",
        {
            "page_title": _("Invite attendees"),
            "session": session,
            "form": form,
            "page": page,
            "seats": seats,
            "free": max(session.capacity - seats, 0),
        },
    )


@role_required(*SESSION_STAFF)
@require_POST
def attendee_remove_view(request, pk: int, attendee_id: int):
    session = _session_for(request, pk)
    attendee = get_object_or_404(session.attendees.select_related("employee"), pk=attendee_id)
    try:
        attendee_remove(attendee=attendee, actor=request.user)
    except SessionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(name)s was removed from the session.") % {"name": attendee.employee.full_name})
    return redirect("sessions_admin:detail", session.pk)


@role_required(*SESSION_STAFF)
@require_POST
def attendee_presence(request, pk: int, attendee_id: int):
    """Tick someone present (no phone) or undo a check-in, until the session closes."""
    session = _session_for(request, pk)
    attendee = get_object_or_404(session.attendees.select_related("employee"), pk=attendee_id)
    present = request.POST.get("present") == "1"
    try:
        attendee_presence_set(attendee=attendee, actor=request.user, present=present)
    except SessionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        message = _("%(name)s is marked present.") if present else _("%(name)s is no longer marked present.")
        messages.success(request, message % {"name": attendee.employee.full_name})
    return redirect(reverse("sessions_admin:detail", args=[session.pk]) + f"#attendee-{attendee.pk}")


@role_required(*SESSION_STAFF)
@require_POST
def session_close_view(request, pk: int):
    """Close a classroom session: one completion per present attendee; the absent stay open."""
    session = _session_for(request, pk)
    try:
        session = session_close(session=session, actor=request.user)
    except SessionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        present = session.attendees.filter(attended=True).count()
        messages.success(
            request,
            _("The session is closed: %(present)d present, their training recorded as completed; %(absent)d absent.")
            % {"present": present, "absent": session.attendees.filter(attended=False).count()},
        )
    return redirect("sessions_admin:detail", session.pk)


@role_required(*SESSION_STAFF)
@require_POST
def session_cancel_view(request, pk: int):
    session = _session_for(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cancelling a session needs a reason."))
    else:
        try:
            session_cancel(session=session, actor=request.user, reason=form.cleaned_data["reason"])
        except SessionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The session was cancelled; its attendees can be invited to another one."))
    return redirect("sessions_admin:detail", session.pk)


@role_required(*SESSION_STAFF)
@require_POST
def code_renew(request, pk: int):
    session = _session_for(request, pk)
    try:
        checkin_code_renew(session=session, actor=request.user)
    except SessionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("A new check-in code was made; the old one no longer works. Reprint the sheet."))
    return redirect("sessions_admin:detail", session.pk)


def _instructions(session: TrainingSession) -> list[tuple[str, str]]:
    """The check-in instruction in Japanese and in each session language, for a mixed room."""
    lines = []
    for language in dict.fromkeys(["ja", *session.languages]):
        with translation.override(language):
            lines.append((language, _("Scan this code with your phone and sign in: you are checked in.")))
    return lines


@role_required(*SESSION_STAFF)
@require_GET
def projector(request, pk: int):
    """The check-in code full screen, for the projector."""
    session = _session_for(request, pk)
    url = checkin_url(session)
    return render(
        request,
        "sessions/projector.html",
        {
            "session": session,
            "checkin_url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=12, border=2, title=_("Check-in code")),
            "starts": locale_datetime(session.starts_at, fmt="short"),
            "instructions": _instructions(session),
        },
    )


@role_required(*SESSION_STAFF)
@require_POST
def scan_attach(request, pk: int):
    session = _session_for(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the scan to attach (PDF, JPEG or PNG)."))
    else:
        try:
            session_scan_attach(
                session=session, actor=request.user, upload=form.cleaned_data["scan"], note=form.cleaned_data["note"]
            )
        except SessionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The scan was attached."))
    return redirect("sessions_admin:detail", session.pk)


@role_required(*SESSION_STAFF)
@require_GET
def scan_download(request, pk: int, scan_id: int):
    session = _session_for(request, pk)
    scan = get_object_or_404(session.scans, pk=scan_id)
    extension = scan.file.name.rsplit(".", 1)[-1]
    return private_file_response(
        scan.file, filename=f"session-{session.pk}-scan-{scan.pk}.{extension}", content_type=scan.mime
    )


admin_urlpatterns = [
    path("", session_list, name="list"),
    path("schedule/", session_create, name="create"),
    path("<int:pk>/", session_detail, name="detail"),
    path("<int:pk>/edit/", session_edit, name="edit"),
    path("<int:pk>/attendance/", session_attendance, name="attendance"),
    path("<int:pk>/invite/", session_invite, name="invite"),
    path("<int:pk>/attendees/<int:attendee_id>/remove/", attendee_remove_view, name="attendee_remove"),
    path("<int:pk>/attendees/<int:attendee_id>/presence/", attendee_presence, name="attendee_presence"),
    path("<int:pk>/close/", session_close_view, name="close"),
    path("<int:pk>/cancel/", session_cancel_view, name="cancel"),
    path("<int:pk>/code/renew/", code_renew, name="code_renew"),
    path("<int:pk>/projector/", projector, name="projector"),
    path("<int:pk>/scans/", scan_attach, name="scan_attach"),
    path("<int:pk>/scans/<int:scan_id>/", scan_download, name="scan"),
]


def menu_items() -> list:
    return [
        RoleMenuItem(
            gettext_lazy("Sessions"),
            reverse_lazy("sessions_admin:list"),
            name="sessions-list",
            icon_name="group",
            order=10,
            roles=SESSION_STAFF,
        ),
        RoleMenuItem(
            gettext_lazy("Schedule a session"),
            reverse_lazy("sessions_admin:create"),
            name="sessions-create",
            icon_name="date",
            order=15,
            roles=SESSION_STAFF,
        ),
    ]
