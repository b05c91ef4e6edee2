"""Facilitator mode of a read-aloud session: the pledge full screen, one clause at a time, the
Japanese beside the attendees' languages, the clause recordings; at the end, who heard it."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lms.accounts.permissions import role_required
from lms.storage import private_file_response
from pledges.services import PledgeRefused
from pledges.services.texts import language_name, pledge_text

from ..models import ClauseRecording, SessionKind
from ..selectors import SESSION_STAFF, session_attendees, sessions_visible_to
from ..services import SessionRefused
from ..services.read_aloud import read_aloud_record


@dataclass(frozen=True)
class Reading:
    """One step of the reading: the Japanese and, per session language, the text and its recording."""

    position: int
    japanese: str
    japanese_audio: str
    translations: tuple[tuple[str, str, str, str], ...]  # (language, its name, text, audio URL or "")


def _audio_url(recordings: dict, session_pk: int, position: int, language: str) -> str:
    recording = recordings.get((position, language))
    if recording is None:
        return ""
    return reverse("sessions_admin:read_aloud_audio", args=[session_pk, recording.pk])


def readings_for(session) -> list[Reading]:
    """The title (position 0) and every clause, in order. ``PledgeRefused`` if a language is out of date."""
    version = session.pledge_version
    languages = [code for code in session.languages if code != "ja"]
    texts = {code: pledge_text(version=version, language=code) for code in languages}
    source = pledge_text(version=version, language="ja")
    recordings = {(r.position, r.language): r for r in ClauseRecording.objects.filter(version=version)}
    steps = [
        Reading(
            position=0,
            japanese=source.title,
            japanese_audio=_audio_url(recordings, session.pk, 0, "ja"),
            translations=tuple(
                (code, language_name(code), texts[code].title, _audio_url(recordings, session.pk, 0, code))
                for code in languages
            ),
        )
    ]
    for index, clause in enumerate(source.clauses):
        steps.append(
            Reading(
                position=clause.number,
                japanese=clause.text,
                japanese_audio=_audio_url(recordings, session.pk, clause.number, "ja"),
                translations=tuple(
                    (
                        code,
                        language_name(code),
                        texts[code].clauses[index].text,
                        _audio_url(recordings, session.pk, clause.number, code),
                    )
                    for code in languages
                ),
            )
        )
    return steps


def _read_aloud_session(request, pk: int):
    return get_object_or_404(sessions_visible_to(user=request.user).filter(kind=SessionKind.READ_ALOUD), pk=pk)


@role_required(*SESSION_STAFF)
@require_http_methods(["GET", "POST"])
def read_aloud(request, pk: int):
    """Trainers, administrators, HR (their units): read the pledge clause by clause, then record who heard it."""
    session = _read_aloud_session(request, pk)
    if not session.is_scheduled:
        messages.info(request, _("This session is closed; the reading was recorded."))
        return redirect("sessions_admin:detail", session.pk)
    error = ""
    status = 200
    if request.method == "POST":
        present = [value for value in request.POST.getlist("present") if value.isdigit()]
        try:
            read_aloud_record(
                session=session,
                actor=request.user,
                present_ids=present,
                facilitator_name=request.POST.get("facilitator_name", ""),
                interpreter_name=request.POST.get("interpreter_name", ""),
            )
        except SessionRefused as refusal:
            error, status = str(refusal), 400
        else:
            messages.success(
                request,
                ngettext(
                    "Recorded: %(count)d person heard the pledge read aloud; their pledge and training are recorded.",
                    "Recorded: %(count)d people heard the pledge read aloud; their pledge and training are recorded.",
                    len(present),
                )
                % {"count": len(present)},
            )
            return redirect("sessions_admin:detail", session.pk)
    try:
        readings = readings_for(session)
    except PledgeRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("sessions_admin:detail", session.pk)
    trainer = session.trainer
    return render(
        request,
        "sessions/read_aloud.html",
        {
            "session": session,
            "readings": readings,
            "attendees": list(session_attendees(session=session)),
            "error": error,
            "facilitator_name": request.POST.get("facilitator_name")
            or getattr(getattr(trainer, "employee", None), "full_name", "")
            or trainer.get_full_name()
            or trainer.get_username(),
            "interpreter_name": request.POST.get("interpreter_name", session.interpreter_name),
            "ticked": {int(v) for v in request.POST.getlist("present") if v.isdigit()}
            if request.method == "POST"
            else None,
        },
        status=status,
    )


@role_required(*SESSION_STAFF)
@require_GET
def read_aloud_audio(request, pk: int, recording_id: int):
    """The recording of a clause, played in facilitator mode."""
    session = _read_aloud_session(request, pk)
    recording = get_object_or_404(ClauseRecording.objects.filter(version=session.pledge_version), pk=recording_id)
    extension = recording.audio.name.rsplit(".", 1)[-1]
    return private_file_response(
        recording.audio,
        filename=f"clause-{recording.position}-{recording.language}.{extension}",
        content_type=recording.mime,
    )


admin_urlpatterns = [
    path("<int:pk>/read-aloud/", read_aloud, name="read_aloud"),
    path("<int:pk>/read-aloud/audio/<int:recording_id>/", read_aloud_audio, name="read_aloud_audio"),
]


def menu_items() -> list:
    return []
