"""A new hire signs the hire pledge in Vietnamese beside the Japanese, in headless Chromium; HR sees
them leave "Pledges missing".

The issue's "Done when": the hire logs in, reads the pledge in Vietnamese beside Japanese,
acknowledges every clause (with the keyboard), re-enters the password, signs and downloads the PDF;
refusals (a clause left unticked, a wrong password) write nothing.
"""

import io
import re
import unicodedata

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from pledges.models import PledgePurpose, PledgeVersion, SignedPledge
from pledges.seeding import pledges_seed
from pledges.services.texts import pledge_text
from pledges.services.verification import pledge_integrity_problems
from tests.factories import EmployeeFactory, UserFactory, grant, unit_tree

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-Mamori-2026"
HIRE_NAME = "Nguyễn Thị Lan"
OTHER_HIRE_NAME = "Trần Văn Bình"
MISSING_URL = "/admin/mamori/pledges/missing/"


def squeezed(text: str) -> str:
    """Text without whitespace, composed (NFC): PDF line breaks and extraction spacing disappear."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


@pytest.fixture
def hire_setup(private_files):
    """The seed pledges, the unit tree, HR of plant A, a Vietnamese new hire with a login, and a
    second new hire (no login) who stays in "Pledges missing" throughout."""
    pledges_seed()
    units = unit_tree()
    hr = UserFactory(username="hr-a", password=PASSWORD)
    grant(hr, "hr", units["plant_a"])
    today = timezone.localdate()
    hired_on = fiscal_year_bounds(fiscal_year_of(today))[0]
    hire = EmployeeFactory(
        unit=units["plant_a"],
        full_name=HIRE_NAME,
        hire_date=hired_on,
        preferred_language="vi",
        reads_japanese=False,
        user=UserFactory(username="hire-vi", password=PASSWORD),
    )
    EmployeeFactory(unit=units["plant_a"], full_name=OTHER_HIRE_NAME, hire_date=hired_on)
    version = PledgeVersion.objects.published().get(pledge_type__purpose=PledgePurpose.HIRE)
    return {"hire": hire, "version": version, "private": private_files}


@pytest.fixture
def desktop(browser, live_server):
    """Opens pages in a new 1280 px wide browser context (its own cookies); all closed at the end."""
    contexts = []

    def open_page(*, language: str | None = None):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        if language:
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def missing_names(page) -> list[str]:
    """Open "Pledges missing" (English admin) and return the names it lists for a hire pledge."""
    response = page.goto(MISSING_URL)
    assert response.status == 200, page.locator("body").inner_text()
    assert page.locator("h1").first.inner_text().strip() == "Pledges missing"
    rows = page.locator("table.listing tbody tr")
    hires = [row for row in rows.all() if "At hiring" in row.inner_text()]
    return [row.locator("td").nth(1).inner_text().strip() for row in hires]


def submit(page) -> None:
    with page.expect_navigation():
        page.locator(".pledge-form button[type=submit]").click()


def tick_with_keyboard(page, number: int) -> None:
    box = page.locator(f"#ack-{number}")
    box.focus()
    assert box.evaluate("element => element === document.activeElement")
    page.keyboard.press("Space")
    assert box.is_checked()


def test_new_hire_signs_the_pledge_and_leaves_pledges_missing(hire_setup, desktop):
    hire, version = hire_setup["hire"], hire_setup["version"]
    text = pledge_text(version=version, language="vi")
    clauses = [clause.number for clause in text.clauses]
    assert len(clauses) >= 2

    # HR (English admin) sees the new hire in "Pledges missing".
    hr_page = desktop(language="en")
    login(hr_page, username="hr-a", password=PASSWORD, language="en")
    assert sorted(missing_names(hr_page)) == sorted([HIRE_NAME, OTHER_HIRE_NAME])

    # The hire logs in; the site switches to Vietnamese; "My pledges" from the navigation.
    page = desktop()
    login(page, username=hire.number, password=PASSWORD)
    assert "/vi/my-training/" in page.url, page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    with page.expect_navigation():
        page.locator("nav.site-nav").get_by_role("link", name=vi("My pledges"), exact=True).click()
    assert page.url.endswith("/vi/pledges/")
    with page.expect_navigation():
        page.get_by_role("link", name=vi("Read and sign")).click()
    assert page.url.endswith(f"/vi/pledges/sign/{version.pk}/")

    # Vietnamese beside the Japanese, each marked with its language.
    assert page.locator("h1[lang=vi]").inner_text().strip() == text.title
    assert page.locator(".pledge-title-ja[lang=ja]").inner_text().strip() == text.title_ja
    assert page.locator(".pledge-clause").count() == len(clauses)
    for clause in text.clauses:
        shown = page.locator(f"#clause-{clause.number} .pledge-clause__shown")
        japanese = page.locator(f"#clause-{clause.number} .pledge-clause__ja")
        assert shown.get_attribute("lang") == "vi" and japanese.get_attribute("lang") == "ja"
        assert squeezed(clause.text) in squeezed(shown.inner_text())
        assert squeezed(clause.text_ja) in squeezed(japanese.inner_text())
    shown_box = page.locator("#clause-1 .pledge-clause__shown").bounding_box()
    japanese_box = page.locator("#clause-1 .pledge-clause__ja").bounding_box()
    assert japanese_box["x"] >= shown_box["x"] + shown_box["width"], (shown_box, japanese_box)
    assert abs(japanese_box["y"] - shown_box["y"]) < 2, (shown_box, japanese_box)

    # Every clause but the last ticked with the keyboard, the right password: refused, nothing written.
    for number in clauses[:-1]:
        tick_with_keyboard(page, number)
    page.fill("#sign-password", PASSWORD)
    submit(page)
    assert page.locator("#sign-error").inner_text().strip() == vi(
        "Acknowledge every clause before signing. Nothing was signed."
    )
    assert SignedPledge.objects.count() == 0
    # The ticks survive the refusal; the last clause, with the keyboard; a wrong password: refused.
    assert all(page.locator(f"#ack-{number}").is_checked() for number in clauses[:-1])
    assert not page.locator(f"#ack-{clauses[-1]}").is_checked()
    tick_with_keyboard(page, clauses[-1])
    page.fill("#sign-password", "not-the-password")
    submit(page)
    assert page.locator("#sign-error").inner_text().strip() == vi("The password is not correct. Nothing was signed.")
    assert SignedPledge.objects.count() == 0
    assert ModelLogEntry.objects.filter(action="mamori.pledge.sign").count() == 0

    # Every clause still ticked; the right password signs.
    assert all(page.locator(f"#ack-{number}").is_checked() for number in clauses)
    page.fill("#sign-password", PASSWORD)
    submit(page)
    pledge = SignedPledge.objects.get()
    assert page.url.endswith(f"/vi/pledges/signed/{pledge.verification_code}/")
    assert page.locator("h1").inner_text().strip() == vi("Pledge signed")
    assert pledge.verification_code in page.locator("main").inner_text()

    # The PDF: the name, a Vietnamese and a Japanese clause, the verification code.
    with page.expect_download() as download_info:
        page.click("#pledge-pdf")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-")
    content = squeezed("\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))
    assert squeezed(HIRE_NAME) in content
    assert squeezed(text.clauses[0].text[:40]) in content
    assert squeezed(text.clauses[0].text_ja[:20]) in content
    assert pledge.verification_code in content

    # The record: intact, Vietnamese, with the signer's address and browser.
    assert pledge_integrity_problems(pledge) == []
    assert pledge.employee == hire and pledge.version == version
    assert pledge.language == "vi"
    assert pledge.method == SignedPledge.Method.ONLINE
    assert pledge.authentication == SignedPledge.Authentication.PASSWORD
    assert pledge.ip_address
    assert "Chrome" in pledge.user_agent
    assert ModelLogEntry.objects.filter(action="mamori.pledge.sign").count() == 1
    assert any(hire_setup["private"].rglob("*.pdf"))

    # HR reloads "Pledges missing": the hire is gone.
    # The control (never signs) is still listed, so the page did list people.
    assert missing_names(hr_page) == [OTHER_HIRE_NAME]
    assert hr_page.get_by_text(HIRE_NAME).count() == 0
