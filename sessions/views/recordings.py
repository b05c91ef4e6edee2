"""The secretariat's recordings of the pledge: one audio file per clause and language, played in
the facilitator mode of read-aloud sessions."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.menus import RoleMenuItem
from lms.accounts.models import Role
from lms.accounts.permissions import role_required
from lms.storage import private_file_response
from pledges.models import PledgePurpose, PledgeVersion
from pledges.services.texts import source_segments

from ..models import ClauseRecording
from ..services import SessionRefused
from ..services.read_aloud import MAX_AUDIO_BYTES, clause_positions, clause_recording_delete, clause_recording_upload

RECORDING_EDITORS = (Role.TRAINER, Role.ADMIN)


class RecordingForm(forms.Form):
    position = forms.IntegerField(min_value=0)
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    audio = forms.FileField(
        label=_("Recording"),
        help_text=gettext_lazy("MP3, M4A, OGG, WAV or WebM, at most %(size)d MB.")
        % {"size": MAX_AUDIO_BYTES // (1024 * 1024)},
    )


def _versions():
    return (
        PledgeVersion.objects.published()
        .exclude(pledge_type__purpose=PledgePurpose.LEAVING)
        .select_related("pledge_type")
    )


@role_required(*RECORDING_EDITORS)
@require_GET
def version_list(request):
    """The secretariat: the pledges that can be read aloud, with how many recordings each has."""
    versions = list(_versions())
    counts = {}
    for recording in ClauseRecording.objects.filter(version__in=versions).values_list("version_id", flat=True):
        counts[recording] = counts.get(recording, 0) + 1
    rows = [
        (version, counts.get(version.pk, 0), len(source_segments(version)) * len(settings.LANGUAGES))
        for version in versions
    ]
    return render(request, "sessions/admin/recordings_list.html", {"page_title": _("Pledge recordings"), "rows": rows})


@role_required(*RECORDING_EDITORS)
@require_http_methods(["GET", "POST"])
def version_recordings(request, version_id: int):
    """Every clause (and the title) by language: play, replace or remove its recording, or upload one."""
    version = get_object_or_404(_versions(), pk=version_id)
    if request.method == "POST":
        form = RecordingForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose an audio file to upload."))
        else:
            data = form.cleaned_data
            try:
                clause_recording_upload(
                    actor=request.user,
                    version=version,
                    position=data["position"],
                    language=data["language"],
                    upload=data["audio"],
                )
            except SessionRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("The recording was saved."))
        return redirect("sessions_admin:recordings", version.pk)
    segments = source_segments(version)
    recordings = {(r.position, r.language): r for r in ClauseRecording.objects.filter(version=version)}
    rows = [
        (position, text, [(code, name, recordings.get((position, code))) for code, name in settings.LANGUAGES])
        for position, text in zip(clause_positions(version), segments.values(), strict=True)
    ]
    return render(
        request,
        "sessions/admin/recordings.html",
        {
            "page_title": _("Recordings of %(pledge)s") % {"pledge": f"{version.pledge_type} v{version.number}"},
            "version": version,
            "rows": rows,
            "max_mb": MAX_AUDIO_BYTES // (1024 * 1024),
        },
    )


@role_required(*RECORDING_EDITORS)
@require_GET
def recording_audio(request, version_id: int, recording_id: int):
    recording = get_object_or_404(ClauseRecording.objects.filter(version_id=version_id), pk=recording_id)
    extension = recording.audio.name.rsplit(".", 1)[-1]
    return private_file_response(
        recording.audio,
        filename=f"clause-{recording.position}-{recording.language}.{extension}",
        content_type=recording.mime,
    )


@role_required(*RECORDING_EDITORS)
@require_POST
def recording_delete(request, version_id: int, recording_id: int):
    recording = get_object_or_404(ClauseRecording.objects.filter(version_id=version_id), pk=recording_id)
    clause_recording_delete(recording=recording, actor=request.user)
    messages.success(request, _("The recording was removed."))
    return redirect("sessions_admin:recordings", version_id)


admin_urlpatterns = [
    path("recordings/", version_list, name="recordings_list"),
    path("recordings/<int:version_id>/", version_recordings, name="recordings"),
    path("recordings/<int:version_id>/<int:recording_id>/", recording_audio, name="recording_audio"),
    path("recordings/<int:version_id>/<int:recording_id>/delete/", recording_delete, name="recording_delete"),
]


def menu_items() -> list:
    return [
        RoleMenuItem(
            gettext_lazy("Pledge recordings"),
            reverse_lazy("sessions_admin:recordings_list"),
            name="sessions-recordings",
            icon_name="media",
            order=30,
            roles=RECORDING_EDITORS,
        )
    ]
