"""The printed papers of a session: the sign-in sheet, the attendee list, the bilingual pledge copy.

Every paper is Japanese with the session's language beside it (the first language of the session
other than Japanese; Japanese alone for a Japanese-only session). The rows are frozen from the
database first, then drawn by ``render_pdf``; nothing here writes.

The sign-in sheet carries the session's check-in code (``checkin_url``) as a QR code and in
print: renewing the code (``checkin_code_renew``) makes sheets printed before useless.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lms.i18n.formatting import locale_date
from lms.i18n.languages import native_name
from lms.pdf.rendering import body_font_family, render_pdf
from lms.pdf.templatetags.pdf_tags import ja
from pledges.documents import pledge_labels
from pledges.services import PledgeRefused
from pledges.services.texts import PledgeText, pledge_text

from .models import CheckIn, SessionAttendee, SessionKind, TrainingSession
from .selectors import session_attendees
from .services.attendance import checkin_url

SIGN_IN_SHEET_TEMPLATE = "sessions/pdf/sign_in_sheet.html"
ATTENDEE_LIST_TEMPLATE = "sessions/pdf/attendee_list.html"
PLEDGE_COPY_TEMPLATE = "sessions/pdf/pledge_copy.html"

JAPANESE = settings.LANGUAGE_CODE
# Scripts written without spaces wrap between any two characters; every other language between words.
WRAPPED_ANYWHERE = ("ja", "zh-hans")


def paper_language(session: TrainingSession) -> str:
    """The language printed beside Japanese: the session's first other language, or Japanese alone."""
    return next((code for code in session.languages if code != JAPANESE), JAPANESE)


@dataclass(frozen=True)
class Label:
    """A label in Japanese and in the paper's language ("" for a Japanese-only paper)."""

    ja: str
    other: str = ""

    @property
    def inline(self) -> SafeString:
        # Japanese in the JP font whatever the document's font: xhtml2pdf has no per-glyph fallback.
        if not self.other:
            return ja(self.ja)
        return format_html("{} / {}", ja(self.ja), self.other)

    @property
    def stacked(self) -> SafeString:
        """One line each, as two blocks: with ``-pdf-word-wrap: CJK`` (pdf/base.html) xhtml2pdf drops ``<br>``."""
        if not self.other:
            return ja(self.ja)
        return format_html('<div lang="ja" class="ja">{}</div><div>{}</div>', self.ja, self.other)

    # Printed as "日本語 / other" wherever a template shows it as is.
    def __str__(self) -> str:
        return self.inline

    def __html__(self) -> str:
        return self.inline


def _session_texts() -> dict[str, str]:
    """The papers' labels in the active language."""
    return {
        "sign_in_sheet": _("Sign-in sheet"),
        "attendee_list": _("Attendee list"),
        "pledge_copy": _("Pledge read aloud: signature copy"),
        "title": _("Title"),
        "kind": _("Kind"),
        "when": _("Date and time"),
        "place": _("Place"),
        "trainer": _("Trainer"),
        "interpreter": _("Interpreter"),
        "facilitator": _("Facilitator"),
        "campaign": _("Campaign"),
        "languages": _("Languages"),
        "row": _("No."),
        "name": _("Name"),
        "number": _("Employee number"),
        "unit": _("Unit"),
        "category": _("Category"),
        "language": _("Language"),
        "signature": _("Signature"),
        "date": _("Date"),
        "check_in": _("Check-in"),
        "attendance": _("Attendance"),
        "scan": _("Scan to check in"),
        "sign_here": _("Sign beside your name when you arrive."),
        "via_qr": _("QR code"),
        "via_trainer": _("ticked by the trainer"),
        "not_checked_in": _("Not checked in"),
        "present": _("Present"),
        "absent": _("Absent"),
        "invited": _("Invited"),
        "checked_in": _("Checked in"),
        "status": _("Status"),
        "closed_at": _("Closed at"),
        "open": _("Open: check-in is still possible."),
        "attendees_sign": _("Attendees"),
        "staff_sign": _("Facilitator and interpreter"),
    }


def session_labels(language: str) -> dict[str, Label]:
    """{key: Label} for a paper in ``language`` beside Japanese."""
    with translation.override(JAPANESE):
        japanese = _session_texts()
    if language == JAPANESE:
        return {key: Label(ja=text) for key, text in japanese.items()}
    with translation.override(language):
        other = _session_texts()
    return {key: Label(ja=japanese[key], other=other[key]) for key in japanese}


def bilingual(language: str, make: Callable[[], str]) -> Label:
    """``make()`` translated to Japanese and to ``language``."""
    with translation.override(JAPANESE):
        japanese = make()
    if language == JAPANESE:
        return Label(ja=japanese)
    with translation.override(language):
        return Label(ja=japanese, other=make())


def _not_printed(language_name: str) -> str:
    return _("Not printed: the %(language)s translation of this pledge is out of date or incomplete.") % {
        "language": language_name
    }


def person_name(user) -> str:
    employee = getattr(user, "employee", None)
    return getattr(employee, "full_name", "") or user.get_full_name() or user.get_username()


def _clock(moment: datetime.datetime) -> str:
    return time_format(timezone.localtime(moment), "H:i")


def session_when(session: TrainingSession, language: str) -> str:
    """ "2026/12/07 · 7 de dez. de 2026 · 10:00–11:00": the date read in both languages."""
    dates = [locale_date(session.held_on, language=JAPANESE)]
    if language != JAPANESE:
        dates.append(locale_date(session.held_on, language=language))
    ends = _clock(session.ends_at)
    if timezone.localdate(session.ends_at) != session.held_on:
        ends = f"{locale_date(session.ends_at, language=JAPANESE)} {ends}"
    return " · ".join([*dates, f"{_clock(session.starts_at)}–{ends}"])


@dataclass(frozen=True)
class SessionFacts:
    """What every paper of a session prints at its top, frozen before rendering."""

    title: str
    kind: Label
    when: str
    place: str
    trainer: str
    interpreter: str
    facilitator: str
    campaign: str
    languages: str


def session_facts(session: TrainingSession, language: str) -> SessionFacts:
    return SessionFacts(
        title=session.title,
        kind=bilingual(language, lambda: str(SessionKind(session.kind).label)),
        when=session_when(session, language),
        place=session.place,
        trainer=person_name(session.trainer),
        interpreter=session.interpreter_name,
        facilitator=session.facilitator_name,
        campaign=session.campaign.name,
        languages=", ".join(native_name(code) for code in session.languages),
    )


@dataclass(frozen=True)
class AttendeeLine:
    """One attendee as printed: the row number, who, and (on the attendee list) where they stand."""

    row: int
    name: str
    number: str
    unit: str
    category: str
    language: str
    language_name: str
    state: Label | None = None
    checked_in_at: str = ""


def _attendee_state(attendee: SessionAttendee, labels: dict[str, Label]) -> tuple[Label, str]:
    """(state, time): Present/Absent once the session is closed; before, how and when they checked in."""
    if attendee.attended is not None:
        return (labels["present"] if attendee.attended else labels["absent"]), ""
    if not attendee.is_checked_in:
        return labels["not_checked_in"], ""
    via = labels["via_qr"] if attendee.checked_in_via == CheckIn.QR else labels["via_trainer"]
    return via, _clock(attendee.checked_in_at)


def attendee_lines(attendees: list[SessionAttendee], *, labels: dict[str, Label] | None = None) -> list[AttendeeLine]:
    """The printed rows of ``attendees`` (from ``session_attendees``); with ``labels``, their check-in state."""
    lines = []
    for row, attendee in enumerate(attendees, 1):
        employee = attendee.employee
        state, time = _attendee_state(attendee, labels) if labels else (None, "")
        lines.append(
            AttendeeLine(
                row=row,
                name=employee.full_name,
                number=employee.number,
                unit=employee.unit.name,
                category=employee.category.display_name(JAPANESE) if employee.category_id else "",
                language=attendee.language,
                language_name=native_name(attendee.language) if attendee.language else "",
                state=state,
                checked_in_at=time,
            )
        )
    return lines


def fact_rows(facts: SessionFacts, labels: dict[str, Label]) -> list[tuple[Label, object]]:
    """The facts as (label, value) rows, leaving out the people a session does without."""
    rows = [
        (labels["title"], facts.title),
        (labels["kind"], facts.kind),
        (labels["when"], facts.when),
        (labels["place"], facts.place),
        (labels["trainer"], facts.trainer),
        (labels["facilitator"], facts.facilitator),
        (labels["interpreter"], facts.interpreter),
        (labels["campaign"], facts.campaign),
        (labels["languages"], facts.languages),
    ]
    return [(label, value) for label, value in rows if value]


def _document_context(session: TrainingSession, language: str) -> dict:
    facts = session_facts(session, language)
    labels = session_labels(language)
    return {
        "session": session,
        "facts": facts,
        "fact_rows": fact_rows(facts, labels),
        "labels": labels,
        "words": language not in WRAPPED_ANYWHERE,
    }


def sign_in_sheet_pdf(*, session: TrainingSession) -> bytes:
    """The sign-in sheet: the session's facts and check-in code, one signature row per attendee."""
    language = paper_language(session)
    url = checkin_url(session)
    return render_pdf(
        SIGN_IN_SHEET_TEMPLATE,
        {
            **_document_context(session, language),
            "lines": attendee_lines(list(session_attendees(session=session))),
            "checkin_url": url,
            "qr_data_uri": segno.make(url, error="m").png_data_uri(scale=4, border=2),
        },
        language=language,
    )


@dataclass(frozen=True)
class AttendanceTotals:
    invited: int
    checked_in: int
    not_checked_in: int
    present: int
    absent: int


def attendee_list_pdf(*, session: TrainingSession) -> bytes:
    """The attendee list: who is invited and, while open, who checked in how; once closed, who was there."""
    language = paper_language(session)
    context = _document_context(session, language)
    attendees = list(session_attendees(session=session))
    totals = AttendanceTotals(
        invited=len(attendees),
        checked_in=sum(a.is_checked_in for a in attendees),
        not_checked_in=sum(not a.is_checked_in for a in attendees),
        present=sum(a.attended is True for a in attendees),
        absent=sum(a.attended is False for a in attendees),
    )
    return render_pdf(
        ATTENDEE_LIST_TEMPLATE,
        {
            **context,
            "lines": attendee_lines(attendees, labels=context["labels"]),
            "totals": totals,
            "closed": session.status == TrainingSession.Status.CLOSED,
            "scheduled": session.is_scheduled,
            "status": bilingual(language, lambda: str(TrainingSession.Status(session.status).label)),
            "closed_at": (
                f"{locale_date(session.closed_at, language=JAPANESE)} {_clock(session.closed_at)}"
                if session.closed_at
                else ""
            ),
        },
        language=language,
    )


@dataclass(frozen=True)
class PledgeSection:
    """The pledge in one of the session's languages beside the Japanese."""

    language: str
    language_name: str
    text: PledgeText
    font: str
    words: bool

    @property
    def is_bilingual(self) -> bool:
        return self.text.is_bilingual


def pledge_sections(session: TrainingSession) -> tuple[list[PledgeSection], list[str]]:
    """(sections, names of the languages whose translation is not current, so not printed)."""
    sections, missing = [], []
    # The Japanese stands beside every translation: on its own only for a Japanese-only session.
    for language in [code for code in session.languages if code != JAPANESE] or [JAPANESE]:
        try:
            text = pledge_text(version=session.pledge_version, language=language)
        except PledgeRefused:
            missing.append(native_name(language))
            continue
        sections.append(
            PledgeSection(
                language=language,
                language_name=native_name(language),
                text=text,
                font=body_font_family(language),
                words=language not in WRAPPED_ANYWHERE,
            )
        )
    if not sections:
        # The Japanese original is always current: print it rather than an empty copy.
        text = pledge_text(version=session.pledge_version, language=JAPANESE)
        sections.append(
            PledgeSection(
                language=JAPANESE,
                language_name=native_name(JAPANESE),
                text=text,
                font=body_font_family(JAPANESE),
                words=False,
            )
        )
    return sections, missing


def pledge_copy_pdf(*, session: TrainingSession) -> bytes:
    """The bilingual printed copy of a read-aloud session's pledge with a signature line per attendee.

    ``ValueError`` for a classroom session: it reads no pledge.
    """
    if session.kind != SessionKind.READ_ALOUD or session.pledge_version_id is None:
        raise ValueError("Only a read-aloud session has a pledge copy.")
    language = paper_language(session)
    sections, missing = pledge_sections(session)
    version = session.pledge_version
    context = _document_context(session, language)
    pledge_ja, pledge_other = pledge_labels(JAPANESE), pledge_labels(language)
    return render_pdf(
        PLEDGE_COPY_TEMPLATE,
        {
            **context,
            "version": version,
            "pledge_name": Label(
                ja=version.pledge_type.name,
                other=version.pledge_type.display_name(language) if language != JAPANESE else "",
            ),
            "sections": sections,
            "missing_notes": [bilingual(language, lambda name=name: _not_printed(name)) for name in missing],
            "statement": Label(ja=pledge_ja["signed"], other=pledge_other["signed"] if language != JAPANESE else ""),
            "binding": Label(ja=pledge_ja["binding"], other=pledge_other["binding"] if language != JAPANESE else ""),
            "lines": attendee_lines(list(session_attendees(session=session)), labels=context["labels"]),
            "zh_font": body_font_family("zh-hans"),
            "document_revision": f"{version.pledge_type.code} v{version.number}",
        },
        language=language,
    )
