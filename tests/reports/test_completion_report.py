"""The completion report and the lists of people behind its numbers: scope, links, charts, exports."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lms.training.models import Assignment

pytestmark = pytest.mark.django_db

REPORT = "mamori_completion_rates"
PEOPLE = "mamori_completion_people"


def _links(html: str) -> list[str]:
    """The links to lists of people (the downloads aside)."""
    links = [unescape(href) for href in re.findall(r'href="([^"]*completion/people/[^"]*)"', html)]
    return [link for link in links if "export=" not in link]


def test_a_manager_sees_their_plant_and_its_departments_with_a_chart(client, manager_a, launched):
    client.force_login(manager_a)
    response = client.get(reverse(REPORT))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plant A" in html and "Assembly" in html
    assert "Plant B" not in html
    assert "1 / 2" in html and "50%" in html
    # The bar chart and the trend chart, drawn on the server, each with its numbers in a table.
    figures = html.split('<figure class="mamori-chart"')[1:]
    assert len(figures) == 2
    for figure in figures:
        svg = figure.split("<svg", 1)[1].split("</svg>", 1)[0]
        assert 'role="img"' in svg
        assert not re.findall(r"https?://(?!www\.w3\.org)", svg)
        assert "<table" in figure.split("</figure>")[0]


def test_every_number_links_to_the_people_behind_it(client, manager_a, launched, units):
    client.force_login(manager_a)
    links = _links(client.get(reverse(REPORT)).content.decode())
    assert links
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert "Plant B" not in response.content.decode()
    total_link = next(
        link
        for link in links
        if f"unit={units['plant_a'].pk}" in link
        and "category" not in link
        and "method" not in link
        and "status" not in link
        and "fiscal_year=2026" in link
    )
    html = client.get(total_link).content.decode()
    assert "Aoki Plant-A" in html and "Abe Assembly" in html


def test_a_list_of_another_plant_is_refused_whatever_the_url_says(client, manager_a, launched, units):
    client.force_login(manager_a)
    query = {"course": launched.course_id, "fiscal_year": 2026, "unit": units["plant_b"].pk}
    assert client.get(reverse(PEOPLE), query).status_code == 404
    assert client.get(reverse(REPORT), {"unit": units["plant_b"].pk}).status_code == 404
    # Without a unit the list is the manager's own people only.
    html = client.get(reverse(PEOPLE), {"course": launched.course_id, "fiscal_year": 2026}).content.decode()
    assert "Aoki Plant-A" in html and "Baba Plant-B" not in html and "Bando Plant-B" not in html


def test_the_group_report_lists_companies_then_sites_and_drills_into_a_unit(client, auditor, launched, units):
    client.force_login(auditor)
    html = client.get(reverse(REPORT)).content.decode()
    positions = [html.index(name) for name in ("ACME Industries", "Plant A", "Plant B", "Overseas Co")]
    assert positions == sorted(positions)
    assert "2 / 4" in html
    drilled = client.get(reverse(REPORT), {"unit": units["plant_a"].pk}).content.decode()
    assert "Assembly" in drilled and "Plant B" not in drilled
    assert "Whole group" in drilled  # the way back up


def test_people_list_status_tabs_and_empty_state(client, auditor, launched):
    client.force_login(auditor)
    base = {"course": launched.course_id, "fiscal_year": 2026}
    html = client.get(reverse(PEOPLE), {**base, "status": "open"}).content.decode()
    assert "Abe Assembly" in html and "Bando Plant-B" in html and "Aoki Plant-A" not in html
    html = client.get(reverse(PEOPLE), {**base, "status": "overdue"}).content.decode()
    assert "Nobody is in this list." in html
    assert client.get(reverse(PEOPLE), {**base, "status": "bogus"}).status_code == 404


def test_exports_with_names_neutralise_formulas(client, auditor, launched, people):
    people["b2"].full_name = '=HYPERLINK("http://evil.example","x")'
    people["b2"].save()
    people["a2"].full_name = "@SUM(A1)"
    people["a2"].save()
    client.force_login(auditor)
    query = {"course": launched.course_id, "fiscal_year": 2026, "export": "csv"}
    response = client.get(reverse(PEOPLE), query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert "'@SUM(A1)" in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

    response = client.get(reverse(PEOPLE), {**query, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 5  # header and the four people
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert '\'=HYPERLINK("http://evil.example","x")' in [row[1] for row in values]


def test_the_report_table_downloads_as_csv_and_xlsx(client, manager_a, launched):
    client.force_login(manager_a)
    response = client.get(reverse(REPORT), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Plant A", "Assembly", "Total"]
    assert rows[-1][-4:] == ["1", "2", "50%", "0"]
    response = client.get(reverse(REPORT), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0].value for row in sheet.iter_rows()][1:] == ["Plant A", "Assembly", "Total"]


def test_without_a_launched_campaign_the_report_says_so(client, auditor, campaign):
    client.force_login(auditor)
    response = client.get(reverse(REPORT))
    assert response.status_code == 200
    assert "No campaign has been launched yet." in response.content.decode()


def test_a_learner_cannot_open_the_report_or_a_list(client, units, launched):
    from tests.factories import EmployeeFactory, UserFactory

    learner = UserFactory(username="learner-r")
    EmployeeFactory(unit=units["plant_a"], user=learner)
    client.force_login(learner)
    for url in (reverse(REPORT), f"{reverse(PEOPLE)}?course={launched.course_id}&fiscal_year=2026"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def _query_count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_units_or_people(client, auditor, launched, units):
    from lms.organisation.models import OrgUnit
    from lms.training.models import TrainingMethod
    from tests.factories import EmployeeFactory

    client.force_login(auditor)
    report = reverse(REPORT)
    people = f"{reverse(PEOPLE)}?course={launched.course_id}&fiscal_year=2026"
    home = reverse("wagtailadmin_home")
    client.get(report)  # the first request fills per-process caches
    before = [_query_count(client, url) for url in (report, people, home)]
    for index in range(5):
        site = OrgUnit.objects.get(pk=units["acme"].pk).add_child(
            code=f"S{index}", name=f"Site {index}", kind=OrgUnit.Kind.SITE
        )
        for _ in range(3):
            employee = EmployeeFactory(unit=site)
            Assignment.objects.create(campaign=launched, employee=employee, method=TrainingMethod.ELEARNING)
    after = [_query_count(client, url) for url in (report, people, home)]
    assert after == before
