"""The demo's sessions: at each site a classroom lecture, and at the plant with the most foreign
workers a read-aloud pledge session, held earlier this fiscal year and closed with attendance; and
one lecture still to come at the plant.

Everything goes through the sessions services, as the secretariat would: schedule, invite from the
proposals, check people in (ticks by the trainer: most demo workers have no login), close or
record the reading. Idempotent: a session is looked up by campaign, unit and title first.
"""

import datetime
import zlib

from django.utils import timezone

from lms.accounts.models import User
from lms.fiscal import fiscal_year_bounds
from lms.organisation.models import OrgUnit
from lms.training.models import Assignment, Campaign, TrainingMethod
from pledges.models import PledgePurpose
from pledges.selectors import published_version
from pledges.services.texts import languages_offered
from sessions.models import SessionKind, TrainingSession
from sessions.selectors import attendee_proposals
from sessions.services.attendance import attendee_presence_set, session_close
from sessions.services.read_aloud import read_aloud_record
from sessions.services.scheduling import attendees_add, session_schedule

from .group import PLANT_CODE

# Who was invited to the past sessions, per method: the rest is left for sessions to come.
INVITED_PERCENT = {TrainingMethod.CLASSROOM: 60, TrainingMethod.READ_ALOUD: 100}
# Each person read to gets a sealed pledge PDF (about half a second each): a room-sized group.
READ_ALOUD_SEATS = 8
DAYS_AGO = 12
INTERPRETER = "中村 リカルド（通訳）"


def _draw(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % 100


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def demo_sessions_seed(*, campaign: Campaign, users: dict[str, User], today: datetime.date) -> dict[str, int]:
    counts = {"sessions_closed": 0, "sessions_scheduled": 0, "attended": 0}
    trainer = users["demo-trainer"]
    fy_start, _end = fiscal_year_bounds(campaign.fiscal_year)
    held_on = max(fy_start, today - datetime.timedelta(days=DAYS_AGO))
    version = published_version(purpose=PledgePurpose.HIRE)
    if held_on < today:
        sites = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.SITE).order_by("path"))
        for site in sites:
            counts["attended"] += _past_session(
                campaign=campaign, site=site, kind=SessionKind.CLASSROOM, day=held_on, trainer=trainer, counts=counts
            )
        reading_site = _site_with_most(campaign=campaign, sites=sites, method=TrainingMethod.READ_ALOUD)
        if version is not None and reading_site is not None:
            counts["attended"] += _past_session(
                campaign=campaign,
                site=reading_site,
                kind=SessionKind.READ_ALOUD,
                day=held_on,
                trainer=trainer,
                counts=counts,
                version=version,
            )
    _coming_lecture(campaign=campaign, trainer=trainer, today=today, counts=counts)
    return counts


def _site_with_most(*, campaign, sites, method):
    counts = {
        site: Assignment.objects.filter(
            campaign=campaign, method=method, employee__unit__path__startswith=site.path
        ).count()
        for site in sites
    }
    best = max(sites, key=lambda site: counts[site], default=None)
    return best if best is not None and counts[best] else None


def _past_session(*, campaign, site, kind, day, trainer, counts, version=None) -> int:
    if kind == SessionKind.CLASSROOM:
        title = f"技術情報保護 9つのルール 講義（{site.name}）"
        starts = _at(day, 14)
    else:
        title = f"誓約書の読み合わせ（{site.name}）"
        starts = _at(day, 16)
    if TrainingSession.objects.filter(campaign=campaign, unit=site, title=title).exists():
        return 0
    probe = TrainingSession(kind=kind, campaign=campaign, unit=site, starts_at=starts, ends_at=starts)
    method = SessionKind(kind).method
    invited = [
        a
        for a in attendee_proposals(session=probe, user=trainer)
        if _draw(f"{campaign.fiscal_year}:{a.employee.number}") < INVITED_PERCENT[method]
    ]
    if kind == SessionKind.READ_ALOUD:
        invited = invited[:READ_ALOUD_SEATS]
    if not invited:
        return 0
    if kind == SessionKind.READ_ALOUD:
        offered = set(languages_offered(version))
        wanted = {a.employee.preferred_language for a in invited} & offered - {"ja"}
        languages = sorted(wanted) or ["ja"]
    else:
        languages = ["ja"]
    session = session_schedule(
        actor=trainer,
        kind=kind,
        campaign=campaign,
        unit=site,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90 if kind == SessionKind.CLASSROOM else 45),
        place=f"{site.name} 会議室",
        trainer=trainer,
        interpreter_name=INTERPRETER if kind == SessionKind.READ_ALOUD else "",
        languages=languages,
        capacity=max(len(invited), 10),
        pledge_version=version,
    )
    attendees = attendees_add(session=session, actor=trainer, assignment_ids=[a.pk for a in invited])
    # The last one invited did not come (when enough were invited to spare one).
    present = attendees[:-1] if len(attendees) >= 3 else attendees
    closing = session.ends_at
    if kind == SessionKind.CLASSROOM:
        for number, attendee in enumerate(present):
            attendee_presence_set(
                attendee=attendee,
                actor=trainer,
                present=True,
                now=starts - datetime.timedelta(minutes=10) + datetime.timedelta(seconds=20 * number),
            )
        session_close(session=session, actor=trainer, now=closing)
    else:
        read_aloud_record(
            session=session,
            actor=trainer,
            present_ids=[a.pk for a in present],
            facilitator_name=trainer.get_full_name() or trainer.get_username(),
            interpreter_name=INTERPRETER,
            now=closing,
        )
    counts["sessions_closed"] += 1
    return len(present)


def _coming_lecture(*, campaign, trainer, today, counts) -> None:
    """Next week's lecture at the plant, with its remaining key persons and new graduates invited."""
    plant = OrgUnit.objects.filter(code=PLANT_CODE).first()
    title = "技術情報保護 9つのルール 講義（浜松工場・追加開催）"
    if plant is None or TrainingSession.objects.filter(campaign=campaign, unit=plant, title=title).exists():
        return
    starts = _at(today + datetime.timedelta(days=7), 10)
    probe = TrainingSession(kind=SessionKind.CLASSROOM, campaign=campaign, unit=plant, starts_at=starts, ends_at=starts)
    open_people = list(attendee_proposals(session=probe, user=trainer)[:20])
    session = session_schedule(
        actor=trainer,
        kind=SessionKind.CLASSROOM,
        campaign=campaign,
        unit=plant,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        place="浜松工場 第2会議室",
        trainer=trainer,
        interpreter_name="",
        languages=["ja", "vi"],
        capacity=30,
    )
    if open_people:
        attendees_add(session=session, actor=trainer, assignment_ids=[a.pk for a in open_people])
    counts["sessions_scheduled"] += 1
