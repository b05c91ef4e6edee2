"""HR prints a batch, downloads it, scans a returned slip twice (Wagtail admin, headless Chromium)."""

import pytest

from lms.paper.tokens import slip_token_make
from lms.training.models import CompletionRecord
from tests.factories import UserFactory, grant, unit_tree
from tests.paper.course import campaign_build, course_build, paper_assignment

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def hr_page(browser, live_server, private_files):
    units = unit_tree()
    course = course_build(translate_to=("en",))
    campaign = campaign_build(course=course)
    hr = UserFactory(username="hr-browser")
    grant(hr, "hr", units["acme"])
    people = [
        paper_assignment(campaign=campaign, unit=units["plant_a"], language=lang, full_name=f"Person {lang}")
        for lang in ("ja", "en", "vi")
    ]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, username="hr-browser", password="pw-Mamori-2026")
    yield {"page": page, "campaign": campaign, "people": people}
    context.close()


def test_hr_prints_a_batch_and_records_a_slip(hr_page):
    page, campaign, people = hr_page["page"], hr_page["campaign"], hr_page["people"]

    page.goto("/admin/mamori/paper/print/")
    page.select_option("#id_campaign", str(campaign.pk))
    page.click("#print-count")
    assert "3" in page.text_content("#print-count-result")
    page.click("#print-start")
    page.wait_for_url("**/admin/mamori/paper/print/*/")
    page.wait_for_function("document.getElementById('job-percent').textContent.trim() === '100'")
    assert page.locator("#job-progress").get_attribute("value") == "100"
    with page.expect_download() as download_info:
        page.click("#job-download")
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    token = slip_token_make(assignment=people[1])
    page.goto("/admin/mamori/paper/slips/")
    assert page.evaluate("document.activeElement.id") == "id_token"
    page.keyboard.type(token)
    with page.expect_navigation(url="**/slips/?signed_on=*"):
        page.keyboard.press("Enter")
    assert page.locator(".messages li.success").count() == 1
    assert "Person en" in page.text_content(".messages li.success")
    assert CompletionRecord.objects.current().filter(assignment=people[1]).count() == 1
    # The camera button is hidden where BarcodeDetector is missing (headless Chromium on Linux).
    has_detector = page.evaluate("'BarcodeDetector' in window")
    assert page.locator("#slip-camera").is_visible() == has_detector

    page.fill("#id_token", token)
    with page.expect_navigation(url="**/slips/?signed_on=*"):
        page.press("#id_token", "Enter")
    # Said as a warning naming the person, whatever the admin language.
    assert page.locator(".messages li.success").count() == 0
    assert "Person en" in page.text_content(".messages li.warning")
    assert CompletionRecord.objects.filter(assignment=people[1]).count() == 1
