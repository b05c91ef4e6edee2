"""Signing a pledge in the browser, recording one from paper, withdrawing one.

Invariants:
- one valid signed hire pledge per person, one valid leaving pledge per leaving case: a second
  submission is refused (``PledgeAlreadySigned``) and writes nothing;
- the signing form carries a signed, single-use token naming the person, the version, the language
  and the SHA-256 of the text shown; a forged, expired, replayed or someone else's token is refused;
- the password is checked at the moment of signing, against the signer's own login;
- the leaving pledge needs a settled (or overridden) return checklist;
- the row, its sealed PDF and its audit entry are written together or not at all (a file stored for
  a rolled-back row is removed).
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from lms.organisation.models import Employee
from lms.organisation.selectors import employees_editable_by
from lms.paper.scans import SCAN_EXTENSIONS, ScanRefused, scan_type

from ..documents import pledge_pdf_sealed
from ..models import LeavingCase, PledgePurpose, PledgeVersion, PledgeWithdrawal, SignedPledge
from ..selectors import leaving_case_gate_open
from . import PledgeAlreadySigned, PledgeRefused
from .leaving import leaving_cases_sync
from .texts import PledgeText, pledge_text

SIGNING_FORM_NAMESPACE = "mamori.pledges.sign"
# Long enough to read a pledge slowly; a form left open overnight has to be reloaded.
TOKEN_MAX_AGE = 4 * 60 * 60


@dataclass(frozen=True)
class SigningForm:
    """What the signing page was issued for, read back from its token."""

    employee_id: int
    version_id: int
    language: str
    sha256: str
    nonce: str


def signing_token_issue(*, employee: Employee, text: PledgeText) -> str:
    payload = {
        "e": employee.pk,
        "v": text.version.pk,
        "l": text.language,
        "h": text.sha256,
        "n": secrets.token_urlsafe(24),
    }
    return signing.dumps(payload, salt=SIGNING_FORM_NAMESPACE, compress=True)


def signing_token_read(token: str) -> SigningForm:
    try:
        payload = signing.loads(token, salt=SIGNING_FORM_NAMESPACE, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PledgeRefused(_("This signing page has expired. Open the pledge again; nothing was signed.")) from error
    except signing.BadSignature as error:
        raise PledgeRefused(_("This signing form was not issued by Mamori. Nothing was signed.")) from error
    try:
        return SigningForm(
            employee_id=int(payload["e"]),
            version_id=int(payload["v"]),
            language=str(payload["l"]),
            sha256=str(payload["h"]),
            nonce=str(payload["n"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PledgeRefused(_("This signing form was not issued by Mamori. Nothing was signed.")) from error


def leaving_case_for_signing(*, employee: Employee, version: PledgeVersion) -> LeavingCase | None:
    """The open leaving case a leaving pledge belongs to; ``PledgeRefused`` when there is none or it is
    not settled. ``None`` for other pledge types."""
    if version.pledge_type.purpose != PledgePurpose.LEAVING:
        return None
    case = LeavingCase.objects.open().filter(employee=employee).first()
    if case is None and employee.leaving_date:
        # The leaving date was written without its event (a failed subscriber, old data): catch up.
        leaving_cases_sync(employee_ids=[employee.pk])
        case = LeavingCase.objects.open().filter(employee=employee).first()
    if case is None:
        raise PledgeRefused(
            _("%(name)s has no leaving date, so there is no leaving pledge to sign.") % {"name": employee.full_name}
        )
    if not leaving_case_gate_open(case):
        raise PledgeRefused(
            _(
                "The return checklist of %(name)s is not settled yet: every item must be returned or marked not "
                "applicable (or HR overrides it with a reason) before the leaving pledge is signed."
            )
            % {"name": employee.full_name}
        )
    return case


def _refuse_if_signed(
    *, employee: Employee, version: PledgeVersion, case: LeavingCase | None, occasion: str = ""
) -> None:
    existing = SignedPledge.objects.valid().filter(employee=employee, pledge_type=version.pledge_type)
    if occasion:
        # A pledge read aloud again (a yearly session) is one record per occasion, whatever was signed before.
        existing = existing.filter(occasion=occasion)
    elif case is not None:
        existing = existing.filter(leaving_case=case)
    elif version.pledge_type.purpose != PledgePurpose.HIRE:
        existing = existing.filter(version=version)
    first = existing.order_by("signed_at").first()
    if first is not None:
        raise PledgeAlreadySigned(
            _("%(name)s already signed this pledge on %(date)s. Nothing was changed.")
            % {"name": employee.full_name, "date": first.signed_on}
        )


def pledge_sign(
    *,
    user,
    token: str,
    acknowledged: set[int],
    password: str,
    ip_address: str | None,
    user_agent: str,
) -> SignedPledge:
    """An employee signs the pledge their signing page showed them. Refusals write nothing."""
    form = signing_token_read(token)
    employee = getattr(user, "employee", None)
    if employee is None or form.employee_id != employee.pk:
        raise PledgeRefused(_("This signing form was issued to someone else. Nothing was signed."))
    version = PledgeVersion.objects.published().select_related("pledge_type").filter(pk=form.version_id).first()
    if version is None:
        raise PledgeRefused(
            _("This version of the pledge is no longer offered. Open the pledge again; nothing was signed.")
        )
    text = pledge_text(version=version, language=form.language)
    if text.sha256 != form.sha256:
        raise PledgeRefused(_("The text of the pledge changed after you opened it. Read it again; nothing was signed."))
    missing = {c.number for c in text.clauses} - set(acknowledged)
    if missing:
        raise PledgeRefused(_("Acknowledge every clause before signing. Nothing was signed."))
    if not password or not user.check_password(password):
        raise PledgeRefused(_("The password is not correct. Nothing was signed."))
    case = leaving_case_for_signing(employee=employee, version=version)
    now = timezone.now()
    return _signed_pledge_write(
        employee=employee,
        text=text,
        case=case,
        method=SignedPledge.Method.ONLINE,
        authentication=SignedPledge.Authentication.PASSWORD,
        signed_on=timezone.localdate(now),
        signed_at=now,
        recorded_by=user,
        note="",
        ip_address=ip_address,
        user_agent=(user_agent or "")[:500],
        form_nonce=form.nonce,
        action="mamori.pledge.sign",
    )


def pledge_record_paper(
    *,
    actor,
    employee: Employee,
    version: PledgeVersion,
    language: str,
    signed_on: datetime.date,
    scan: UploadedFile,
    note: str,
) -> SignedPledge:
    """HR records a pledge signed on paper by someone without a login, with the signed scan."""
    if not employees_editable_by(user=actor).filter(pk=employee.pk).exists():
        raise PledgeRefused(_("This person is not in your units. Nothing was recorded."))
    if version.status != PledgeVersion.Status.PUBLISHED:
        raise PledgeRefused(_("Only the published version of a pledge can be recorded."))
    if signed_on > timezone.localdate():
        raise PledgeRefused(_("The date signed is in the future."))
    if scan is None:
        raise PledgeRefused(_("Upload the scan of the signed pledge."))
    try:
        mime = scan_type(scan)
    except ScanRefused as error:
        raise PledgeRefused(f"{error} " + _("Nothing was recorded.")) from error
    text = pledge_text(version=version, language=language)
    case = leaving_case_for_signing(employee=employee, version=version)
    scan.seek(0)
    scan_bytes = scan.read()
    return _signed_pledge_write(
        employee=employee,
        text=text,
        case=case,
        method=SignedPledge.Method.PAPER,
        authentication=SignedPledge.Authentication.PAPER,
        signed_on=signed_on,
        signed_at=timezone.now(),
        recorded_by=actor,
        note=note.strip(),
        ip_address=None,
        user_agent="",
        form_nonce=None,
        action="mamori.pledge.record_paper",
        scan=(scan_bytes, mime),
    )


def pledge_record_read_aloud(
    *,
    actor,
    employee: Employee,
    version: PledgeVersion,
    language: str,
    read_on: datetime.date,
    facilitator_name: str,
    interpreter_name: str,
    occasion: str,
    note: str = "",
) -> SignedPledge:
    """Record that ``employee`` heard the pledge read aloud in ``language`` beside the Japanese and
    confirmed they understood it, recorded by the facilitator on their behalf.

    The caller (a read-aloud session) decides who may record for whom. One record per person per
    ``occasion``; a leaving pledge is never read aloud to a group (it belongs to a leaving case).
    """
    if version.status != PledgeVersion.Status.PUBLISHED:
        raise PledgeRefused(_("Only the published version of a pledge can be recorded."))
    if version.pledge_type.purpose == PledgePurpose.LEAVING:
        raise PledgeRefused(_("A leaving pledge is signed for a leaving case, not read aloud to a group."))
    if not facilitator_name.strip():
        raise PledgeRefused(_("Name the facilitator who read the pledge aloud."))
    if not occasion:
        raise ValueError("A read-aloud record needs its occasion.")
    text = pledge_text(version=version, language=language)
    return _signed_pledge_write(
        employee=employee,
        text=text,
        case=None,
        method=SignedPledge.Method.READ_ALOUD,
        authentication=SignedPledge.Authentication.ON_BEHALF,
        signed_on=read_on,
        signed_at=timezone.now(),
        recorded_by=actor,
        note=note.strip(),
        facilitator_name=facilitator_name.strip()[:200],
        interpreter_name=interpreter_name.strip()[:200],
        occasion=occasion,
        ip_address=None,
        user_agent="",
        form_nonce=None,
        action="mamori.pledge.record_read_aloud",
    )


def _signed_pledge_write(
    *,
    employee: Employee,
    text: PledgeText,
    case: LeavingCase | None,
    action: str,
    scan: tuple[bytes, str] | None = None,
    **fields,
) -> SignedPledge:
    version = text.version
    pledge = SignedPledge(
        employee=employee,
        version=version,
        pledge_type=version.pledge_type,
        leaving_case=case,
        employee_name=employee.full_name,
        employee_number=employee.number,
        language=text.language,
        text_shown=text.text,
        text_ja=text.text_ja,
        sha256_shown=text.sha256,
        sha256_ja=text.sha256_ja,
        **fields,
    )
    if scan is not None:
        data, mime = scan
        pledge.scan_type = mime
        pledge.scan_sha256 = _sha256_bytes(data)
    pdf = pledge_pdf_sealed(pledge=pledge, text=text)
    pledge.pdf_sha256 = _sha256_bytes(pdf)
    stored = []
    try:
        with transaction.atomic():
            # Serialise two submissions of the same person (double click, two tabs) on the employee row.
            Employee.objects.select_for_update().filter(pk=employee.pk).first()
            _refuse_if_signed(employee=employee, version=version, case=case, occasion=fields.get("occasion", ""))
            stem = f"{employee.number}-{version.pledge_type.code}-v{version.number}-{pledge.verification_code[:8]}"
            if scan is not None:
                pledge.scan.save(f"{stem}-scan.{SCAN_EXTENSIONS[scan[1]]}", ContentFile(scan[0]), save=False)
                stored.append(pledge.scan)
            pledge.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            stored.append(pledge.pdf)
            pledge.save()
            audit_log(
                actor=pledge.recorded_by,
                action=action,
                instance=pledge,
                data={
                    "employee": employee.number,
                    "version": version.number,
                    "language": text.language,
                    "method": pledge.method,
                    "sha256_shown": pledge.sha256_shown,
                    "sha256_ja": pledge.sha256_ja,
                    "pdf_sha256": pledge.pdf_sha256,
                    "scan_sha256": pledge.scan_sha256,
                    "leaving_case": case.pk if case else None,
                },
            )
    except IntegrityError as error:
        for file in stored:
            file.delete(save=False)
        # The form's single-use token is already taken: the same form was submitted twice.
        raise PledgeAlreadySigned(_("This signing form was already used. Nothing was changed.")) from error
    except Exception:
        for file in stored:
            file.delete(save=False)
        raise
    return pledge


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pledge_withdraw(*, pledge: SignedPledge, actor, reason: str) -> PledgeWithdrawal:
    """Withdraw a signed pledge with a reason; the pledge and its PDF stay as they are."""
    reason = (reason or "").strip()
    if not reason:
        raise PledgeRefused(_("Withdrawing a pledge needs a reason."))
    with transaction.atomic():
        locked = SignedPledge.objects.select_for_update().get(pk=pledge.pk)
        if PledgeWithdrawal.objects.filter(pledge=locked).exists():
            raise PledgeRefused(_("This pledge is already withdrawn."))
        withdrawal = PledgeWithdrawal.objects.create(pledge=locked, reason=reason[:2000], withdrawn_by=actor)
        audit_log(
            actor=actor,
            action="mamori.pledge.withdraw",
            instance=locked,
            data={"reason": reason, "withdrawal": withdrawal.pk},
        )
    return withdrawal


def pdf_bytes(pledge: SignedPledge) -> bytes:
    with pledge.pdf.open("rb") as file:
        return file.read()
