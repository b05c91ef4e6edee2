"""The session screens: who may use them, scheduling, inviting, ticking, closing, checking in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from lms.training.models import Assignment, CompletionRecord
from pledges.models import SignedPledge
from sessions.models import SessionAttendee, TrainingSession
from sessions.services.attendance import checkin_path, checkin_token, session_close
from tests.factories import UserFactory, grant


@pytest.fixture
def hr_b(units):
    user = UserFactory(username="hr-b")
    grant(user, "hr", units["plant_b"])
    return user


def test_a_manager_is_refused_and_an_anonymous_visitor_sent_to_log_in(client, classroom, manager_a):
    url = reverse("sessions_admin:detail", args=[classroom.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(manager_a)
    assert client.get(url).status_code == 403
    assert client.post(reverse("sessions_admin:close", args=[classroom.pk])).status_code == 403
    assert classroom.attendees.filter(attended__isnull=False).count() == 0


def test_hr_see_the_sessions_of_their_units_only(client, classroom, hr_a, hr_b):
    client.force_login(hr_b)
    assert client.get(reverse("sessions_admin:detail", args=[classroom.pk])).status_code == 404
    assert classroom.title not in client.get(reverse("sessions_admin:list")).content.decode()
    assert client.post(reverse("sessions_admin:close", args=[classroom.pk])).status_code == 404
    client.force_login(hr_a)
    assert classroom.title in client.get(reverse("sessions_admin:list")).content.decode()


def test_scheduling_from_the_form(client, trainer, units, session_campaign, key_persons):
    client.force_login(trainer)
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("sessions_admin:create"),
        {
            "kind": "classroom",
            "campaign": session_campaign.pk,
            "unit": units["plant_a"].pk,
            "title": "Key persons, plant A",
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:30",
            "place": "Training room",
            "trainer": trainer.pk,
            "languages": ["ja", "vi"],
            "capacity": 3,
        },
    )
    session = TrainingSession.objects.get(title="Key persons, plant A")
    assert response.status_code == 302 and response["Location"] == reverse("sessions_admin:invite", args=[session.pk])
    assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 10:00"
    assert session.languages == ["ja", "vi"]

    page = client.get(reverse("sessions_admin:invite", args=[session.pk])).content.decode()
    # Plant A's key persons are proposed; plant B's is not.
    assert all(key_persons[k].full_name in page for k in ("k1", "k2", "k3", "k4"))
    assert key_persons["kb"].full_name not in page
    narrowed = client.get(reverse("sessions_admin:invite", args=[session.pk]), {"unit": units["dept_a"].pk})
    assert "Kimura Key" in narrowed.content.decode() and "Kato Key" not in narrowed.content.decode()

    ids = [Assignment.objects.get(employee=key_persons[k]).pk for k in ("k1", "k2", "k3", "k4")]
    client.post(reverse("sessions_admin:invite", args=[session.pk]), {"assignment": ids})
    assert not session.attendees.exists(), "four people for three seats: nobody is added"
    client.post(reverse("sessions_admin:invite", args=[session.pk]), {"assignment": ids[:3]})
    assert session.attendees.count() == 3


def test_end_before_start_is_a_form_error(client, trainer, units, session_campaign):
    client.force_login(trainer)
    response = client.post(
        reverse("sessions_admin:create"),
        {
            "kind": "classroom",
            "campaign": session_campaign.pk,
            "unit": units["plant_a"].pk,
            "title": "Backwards",
            "date": "2026-12-10",
            "start_time": "11:00",
            "end_time": "10:00",
            "place": "Room",
            "trainer": trainer.pk,
            "languages": ["ja"],
            "capacity": 3,
        },
    )
    assert response.status_code == 400
    assert "The session must end after it starts." in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_ticking_and_closing_from_the_screen(client, classroom, key_persons, trainer):
    client.force_login(trainer)
    k3 = classroom.attendees.get(employee=key_persons["k3"])
    client.post(reverse("sessions_admin:attendee_presence", args=[classroom.pk, k3.pk]), {"present": "1"})
    fragment = client.get(reverse("sessions_admin:attendance", args=[classroom.pk])).content.decode()
    assert "1 of 4 checked in" in fragment
    response = client.post(reverse("sessions_admin:close", args=[classroom.pk]), follow=True)
    assert "1 present" in response.content.decode()
    assert list(CompletionRecord.objects.values_list("assignment__employee__full_name", flat=True)) == ["Kondo Key"]
    again = client.post(reverse("sessions_admin:close", args=[classroom.pk]), follow=True)
    assert "already closed" in again.content.decode()
    assert CompletionRecord.objects.count() == 1


def test_the_qr_address_sends_the_phone_to_its_language_then_checks_in(client, classroom, key_persons):
    k1 = key_persons["k1"]
    k1.preferred_language = "vi"
    k1.save()
    entry = checkin_path(classroom)
    assert not entry.startswith(("/ja/", "/en/"))
    client.force_login(k1.user)
    response = client.get(entry)
    target = reverse("sessions:check_in", args=[classroom.pk, checkin_token(classroom)])
    assert response.status_code == 302 and response["Location"].startswith("/vi/")
    page = client.get(response["Location"])
    assert '<html lang="vi"' in page.content.decode()
    with translation.override("vi"):
        assert gettext("Check me in") in page.content.decode()
    client.post(response["Location"])
    assert classroom.attendees.get(employee=k1).checked_in_at is not None
    assert target.startswith("/en/")


def test_checking_in_needs_a_login_and_refusals_are_explained(client, classroom, key_persons):
    url = reverse("sessions:check_in", args=[classroom.pk, checkin_token(classroom)])
    assert "login" in client.get(url)["Location"]
    client.force_login(key_persons["kb"].user)
    response = client.post(url)
    assert response.status_code == 400
    assert "You are not on the list for this session. Ask the trainer" in response.content.decode()
    forged = reverse("sessions:check_in", args=[classroom.pk, "forged-token"])
    assert "not issued by Mamori" in client.get(forged).content.decode()
    assert not SessionAttendee.objects.filter(checked_in_at__isnull=False).exists()


def test_a_second_scan_says_so(client, classroom, key_persons):
    client.force_login(key_persons["k1"].user)
    url = reverse("sessions:check_in", args=[classroom.pk, checkin_token(classroom)])
    assert client.post(url).status_code == 200
    second = client.post(url)
    assert second.status_code == 409 and "already checked in" in second.content.decode()


def test_facilitator_mode_shows_every_clause_beside_the_japanese_and_records(
    client, read_aloud, foreign_workers, trainer, hire_pledge, private_files
):
    from pledges.services.texts import pledge_text

    client.force_login(trainer)
    url = reverse("sessions_admin:read_aloud", args=[read_aloud.pk])
    page = client.get(url).content.decode()
    portuguese, japanese = (
        pledge_text(version=hire_pledge, language="pt-br"),
        pledge_text(version=hire_pledge, language="ja"),
    )
    for clause, clause_ja in zip(portuguese.clauses, japanese.clauses, strict=True):
        assert clause.text in page and clause_ja.text_ja in page
    ids = [read_aloud.attendees.get(employee=p).pk for p in foreign_workers.values()]
    response = client.post(url, {"present": ids, "facilitator_name": "Sato", "interpreter_name": "Marcos"})
    assert response.status_code == 302
    assert SignedPledge.objects.filter(method=SignedPledge.Method.READ_ALOUD).count() == 3
    assert CompletionRecord.objects.count() == 3


def test_facilitator_mode_without_a_name_keeps_the_ticks(client, read_aloud, foreign_workers, trainer, private_files):
    client.force_login(trainer)
    url = reverse("sessions_admin:read_aloud", args=[read_aloud.pk])
    first = read_aloud.attendees.first()
    response = client.post(url, {"present": [first.pk], "facilitator_name": "  "})
    assert response.status_code == 400
    assert "Name the facilitator" in response.content.decode()
    assert f'value="{first.pk}" checked' in response.content.decode()
    assert not SignedPledge.objects.exists()


def test_an_invited_learner_sees_the_session_on_my_training_until_it_closes(client, classroom, key_persons, trainer):
    client.force_login(key_persons["k1"].user)
    page = client.get("/en/my-training/").content.decode()
    assert "You are invited to Nine rules lecture, plant A" in page and "Plant A, meeting room 2" in page
    assert checkin_token(classroom) not in page  # checking in needs the code shown in the room
    client.force_login(key_persons["kb"].user)
    assert "You are invited" not in client.get("/en/my-training/").content.decode()
    session_close(session=classroom, actor=trainer)
    client.force_login(key_persons["k1"].user)
    assert "You are invited" not in client.get("/en/my-training/").content.decode()


def test_the_signed_sheet_is_attached_hashed_and_checked(client, classroom, trainer, hr_b, private_files):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(trainer)
    url = reverse("sessions_admin:scan_attach", args=[classroom.pk])
    scan = b"%PDF-1.4\n% signed sheet\n%%EOF\n"
    client.post(url, {"scan": SimpleUploadedFile("sheet.pdf", scan), "note": "Signed at the door"})
    stored = classroom.scans.get()
    assert stored.sha256 == hashlib.sha256(scan).hexdigest() and stored.mime == "application/pdf"
    refused = client.post(url, {"scan": SimpleUploadedFile("sheet.pdf", b"<html>not a scan")}, follow=True)
    assert "The scan must be a PDF, JPEG or PNG file." in refused.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1))
    assert "larger than 5 MB" in client.post(url, {"scan": big}, follow=True).content.decode()
    assert classroom.scans.count() == 1
    download = client.get(reverse("sessions_admin:scan", args=[classroom.pk, stored.pk]))
    assert b"".join(download.streaming_content) == scan
    client.force_login(hr_b)
    assert client.get(reverse("sessions_admin:scan", args=[classroom.pk, stored.pk])).status_code == 404


def test_cancelling_needs_a_reason_and_frees_the_people(client, classroom, key_persons, trainer):
    client.force_login(trainer)
    url = reverse("sessions_admin:cancel", args=[classroom.pk])
    client.post(url, {"reason": ""})
    classroom.refresh_from_db()
    assert classroom.status == TrainingSession.Status.SCHEDULED
    client.post(url, {"reason": "Plant shutdown for maintenance"})
    classroom.refresh_from_db()
    assert classroom.status == TrainingSession.Status.CANCELLED
    # Their seats are free again: a new session proposes them.
    from sessions.selectors import attendee_proposals

    later = TrainingSession(
        kind=classroom.kind,
        campaign=classroom.campaign,
        unit=classroom.unit,
        starts_at=classroom.starts_at,
        ends_at=classroom.ends_at,
    )
    assert key_persons["k1"].pk in {a.employee_id for a in attendee_proposals(session=later, user=trainer)}


def test_recordings_are_uploaded_by_the_secretariat_only(client, hire_pledge, trainer, hr_a, private_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sessions.models import ClauseRecording

    url = reverse("sessions_admin:recordings", args=[hire_pledge.pk])
    client.force_login(hr_a)
    assert client.get(url).status_code == 403
    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert "Clause 1" in page
    audio = b"OggS" + b"\x00" * 60
    client.post(url, {"position": 1, "language": "pt-br", "audio": SimpleUploadedFile("c1.ogg", audio)})
    recording = ClauseRecording.objects.get()
    assert (recording.position, recording.language, recording.mime) == (1, "pt-br", "audio/ogg")
    played = client.get(reverse("sessions_admin:recording_audio", args=[hire_pledge.pk, recording.pk]))
    assert b"".join(played.streaming_content) == audio
    client.post(reverse("sessions_admin:recording_delete", args=[hire_pledge.pk, recording.pk]))
    assert not ClauseRecording.objects.exists()


def test_facilitator_mode_plays_the_recording_of_a_clause(client, read_aloud, hire_pledge, trainer, private_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sessions.services.read_aloud import clause_recording_upload

    audio = b"ID3\x03\x00" + b"\x00" * 60
    recording = clause_recording_upload(
        actor=trainer, version=hire_pledge, position=2, language="vi", upload=SimpleUploadedFile("c2.mp3", audio)
    )
    client.force_login(trainer)
    page = client.get(reverse("sessions_admin:read_aloud", args=[read_aloud.pk])).content.decode()
    source = reverse("sessions_admin:read_aloud_audio", args=[read_aloud.pk, recording.pk])
    assert page.count("<audio") == 1 and f'src="{source}"' in page
    assert b"".join(client.get(source).streaming_content) == audio
