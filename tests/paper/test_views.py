import datetime

import pytest
from django.urls import reverse

from lms.paper.models import ExcerptPrintJob
from lms.paper.tokens import slip_token_make
from lms.training.models import CompletionRecord
from tests.factories import UserFactory, grant
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes

from .course import campaign_build, course_build, paper_assignment


@pytest.fixture
def hr_client(client, db, units, private_files):
    course = course_build(translate_to=())
    campaign = campaign_build(course=course)
    hr = UserFactory(username="hr-view")
    grant(hr, "hr", units["plant_a"])
    client.force_login(hr)
    return {"client": client, "campaign": campaign, "units": units, "hr": hr}


def test_scan_records_then_says_already_recorded(hr_client):
    c = hr_client["client"]
    assignment = paper_assignment(campaign=hr_client["campaign"], unit=hr_client["units"]["plant_a"], full_name="Ken")
    url = reverse("paper:slip_scan")
    page = c.get(url)
    assert page.status_code == 200 and b"autofocus" in page.content
    data = {"token": slip_token_make(assignment=assignment), "signed_on": datetime.date.today().isoformat()}
    first = c.post(url, data, follow=True)
    assert "Recorded: Ken" in first.content.decode()
    second = c.post(url, data, follow=True)
    assert "already recorded" in second.content.decode()
    assert CompletionRecord.objects.filter(assignment=assignment).count() == 1
    forged = c.post(url, {**data, "token": "abc:def"}, follow=True)
    assert "not printed by Mamori" in forged.content.decode()


def test_checklist_records_ticked_names(hr_client):
    c = hr_client["client"]
    a = paper_assignment(campaign=hr_client["campaign"], unit=hr_client["units"]["plant_a"], full_name="Ticked")
    b = paper_assignment(campaign=hr_client["campaign"], unit=hr_client["units"]["plant_a"], full_name="Not ticked")
    url = reverse("paper:slip_checklist") + f"?campaign={hr_client['campaign'].pk}"
    page = c.get(url)
    assert "Ticked" in page.content.decode() and "Not ticked" in page.content.decode()
    c.post(url, {"assignment": [str(a.pk)], "signed_on": datetime.date.today().isoformat()})
    assert CompletionRecord.objects.filter(assignment=a).exists()
    assert not CompletionRecord.objects.filter(assignment=b).exists()


def test_print_job_flow_and_download_permission(hr_client, django_capture_on_commit_callbacks):
    c = hr_client["client"]
    paper_assignment(campaign=hr_client["campaign"], unit=hr_client["units"]["plant_a"])
    paper_assignment(campaign=hr_client["campaign"], unit=hr_client["units"]["plant_b"])  # outside scope
    url = reverse("paper:print_job_new")
    counted = c.get(url, {"campaign": hr_client["campaign"].pk, "methods": ["printed_excerpt"]})
    assert "1 person will get" in counted.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url, {"campaign": hr_client["campaign"].pk, "methods": ["printed_excerpt"]})
    job = ExcerptPrintJob.objects.get()
    assert response.url == reverse("paper:print_job", args=[job.pk])
    status = c.get(reverse("paper:print_job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["download_url"]
    download = c.get(status["download_url"])
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    other = UserFactory(username="hr-other")
    grant(other, "hr", hr_client["units"]["plant_b"])
    c.force_login(other)
    with nothing_changes(ExcerptPrintJob):
        assert_not_found(c.get(status["download_url"]))
        assert_not_found(c.get(reverse("paper:print_job_status", args=[job.pk])))


def test_managers_get_403_and_change_nothing(client, db, units):
    manager = UserFactory(username="mgr")
    grant(manager, "manager", units["plant_a"])
    client.force_login(manager)
    with nothing_changes(ExcerptPrintJob, CompletionRecord):
        for name in ("paper:slip_scan", "paper:print_job_new", "paper:slip_checklist"):
            assert_forbidden(client.get(reverse(name)))
            assert_forbidden(client.post(reverse(name), {"token": "x", "methods": ["printed_excerpt"]}))
