"""The main navigation: sections on top, the open section's pages below, the page marked."""

import re

import pytest
from django.urls import reverse

from overview.navigation import SECTIONS
from tests.test_access import ACCESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(demo, client, viewer):
    client.force_login(viewer)
    return client


def marked(html: str, nav_class: str) -> dict[str, str]:
    """The links of one navigation bar, label to its aria-current value ("" when unmarked)."""
    bar = re.search(rf'<nav class="{nav_class}".*?</nav>', html, re.S).group(0)
    return {
        label: current
        for current, label in re.findall(r'<a href="[^"]*"(?: aria-current="([^"]*)")?>([^<]*)</a>', bar)
    }


def test_every_list_page_is_in_exactly_one_section():
    listed = [url_name for section in SECTIONS for url_name, _label in section.pages]
    assert len(listed) == len(set(listed))
    lists = {
        name
        for name in ACCESS
        if name.endswith(("-list", "-table", "-report", "timeline", "-queue"))
        and not name.startswith("admin")
    }
    assert lists <= set(listed), f"not in the navigation: {sorted(lists - set(listed))}"


def test_a_list_page_opens_its_section_and_is_marked_as_the_page(viewer_client):
    html = viewer_client.get(reverse("staffing:post-list")).content.decode()
    assert marked(html, "main-nav")["Staffing"] == "true"
    assert marked(html, "main-nav")["Meetings"] == ""
    pages = marked(html, "sub-nav")
    assert pages["Posts"] == "page"
    assert pages["Appointments"] == ""
    assert list(pages) == ["Staffing table", "Quota report", "Posts", "Appointments", "Technical staff"]


def test_a_record_marks_the_list_it_belongs_to(viewer_client):
    html = viewer_client.get(reverse("overview:state-detail", args=["KZ"])).content.decode()
    assert marked(html, "main-nav")["Secretariat"] == "true"
    assert marked(html, "sub-nav")["States"] == "true"
    assert marked(html, "sub-nav")["People"] == ""


def test_the_dashboard_opens_no_section(viewer_client):
    html = viewer_client.get(reverse("dashboard")).content.decode()
    assert marked(html, "main-nav")["Dashboard"] == "page"
    assert 'class="sub-nav"' not in html


def test_the_sections_speak_the_readers_language(viewer_client):
    viewer_client.cookies["django_language"] = "ru"
    html = viewer_client.get(reverse("depository:copy-list")).content.decode()
    assert marked(html, "main-nav")["Депозитарий"] == "true"
    assert marked(html, "sub-nav")["Заверенные копии"] == "page"


@pytest.fixture
def officer_client(demo, client):
    from tests.helpers import user_in

    client.force_login(user_in("administrator", "administrator-nav"))
    return client


@pytest.mark.parametrize(
    ("url_name", "args", "section", "page"),
    [
        ("depository:act-create", "instrument", "Depository", "SCO instruments"),
        ("depository:entry-into-force", "instrument", "Depository", "SCO instruments"),
        ("depository:copy-sent", "copy", "Depository", "Certified copies"),
        ("meetings:material-create", "meeting", "Meetings", "Meetings"),
        ("staffing:quota-version-create", None, "Staffing", "Quota report"),
        ("secretariat:term-create", None, "Secretariat", "Secretaries-General"),
        ("relations:organisation-detail", "organisation", "Relations", "Organisations"),
    ],
)
def test_a_form_or_record_marks_the_list_it_belongs_to(officer_client, url_name, args, section, page):
    from depository.models import CertifiedCopy, Instrument
    from meetings.models import Meeting

    arguments = {
        None: [],
        "instrument": [Instrument.objects.order_by("pk").first().pk],
        "copy": [CertifiedCopy.objects.filter(sent_on__isnull=True).order_by("pk").first().pk],
        "meeting": [Meeting.objects.order_by("pk").first().pk],
        "organisation": ["unesco"],
    }[args]
    response = officer_client.get(reverse(url_name, args=arguments))
    assert response.status_code == 200
    html = response.content.decode()
    assert marked(html, "main-nav")[section] == "true"
    assert {label for label, current in marked(html, "sub-nav").items() if current} == {page}
