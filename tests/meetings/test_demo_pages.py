"""The demo's meetings as the pages show them: the summits in order (must show 1), the
presidency on a day (must show 3), sources and flags, what a viewer may do."""

import csv
import io

import pytest
from django.urls import reverse

from meetings.models import Meeting, Rotation

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_the_heads_of_state_meetings_export_in_order_from_shanghai_2001_to_bishkek_2026(demo, viewer_client):
    response = viewer_client.get(reverse("meetings:meeting-list"), {"body": "CHS", "_export": "csv"})
    header, *rows = csv_rows(response)
    assert header[:4] == ["Dates", "Body", "No.", "City"]
    assert len(rows) == 26
    assert [row[2] for row in rows] == [str(n) for n in range(1, 27)]
    first, *_, last_held, planned = rows
    assert first[0] == "2001-06-15" and first[3] == "Shanghai" and first[6] == "held"
    assert last_held[0] == "2025-08-31 – 2025-09-01" and last_held[3] == "Tianjin" and last_held[6] == "held"
    assert planned[0] == "2026" and planned[3] == "Bishkek" and planned[6] == "planned"
    assert {row[1] for row in rows} == {"Council of Heads of State"}


def test_the_meetings_list_filters_by_year_state_status_and_searches_cities(demo, viewer_client):
    url = reverse("meetings:meeting-list")
    page = viewer_client.get(url, {"body": "CHG", "q": "Bishkek"})
    cities = [str(row.record.start_date) for row in page.context["table"].paginated_rows]
    # "When did the Heads of Government last meet in Bishkek": 26 Oct 2023.
    assert cities[-1] == "2023-10-26"
    assert viewer_client.get(url, {"year": 2024, "state": "KZ"}).context["table"].paginator.count == 1
    planned = viewer_client.get(url, {"status": "planned"}).context["table"]
    assert {row.record.status for row in planned.paginated_rows} == {"planned"}
    excel = viewer_client.get(url, {"body": "CHS", "_export": "xlsx"})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_documents_adopted_at_astana_2024_are_on_its_page(demo, viewer_client):
    astana = Meeting.objects.get(body__code="CHS", number=24)
    page = viewer_client.get(astana.get_absolute_url()).content.decode()
    assert "Astana Declaration" in page and "Belarus" in page


def test_the_list_shows_the_confidence_flags_of_its_sources(demo, viewer_client):
    page = viewer_client.get(reverse("meetings:meeting-list"), {"body": "CHG"}).content.decode()
    assert "[V]" in page and "[S]" in page
    assert "[U]" in viewer_client.get(reverse("meetings:presidency-timeline")).content.decode()


def test_the_timeline_as_of_new_year_2024_names_kazakhstan(demo, viewer_client):
    response = viewer_client.get(reverse("meetings:presidency-timeline"), {"as_of": "2024-01-01"})
    holders = dict(response.context["holders"])
    assert holders[Rotation.SCO].state.name_en == "Kazakhstan"
    page = response.content.decode()
    sco = page.split('data-rotation="sco"')[1].split("</dd>")[0]
    assert "Kazakhstan" in sco
    assert "<svg" in page and "presidency--current" in page


def test_the_timeline_says_so_when_the_date_is_unreadable(demo, viewer_client):
    response = viewer_client.get(
        reverse("meetings:presidency-timeline"), {"as_of": "2024-13-45"}, follow=True
    )
    assert response.status_code == 200 and "is not a date" in response.content.decode()


def test_a_viewer_reads_but_cannot_record(demo, viewer_client):
    meeting = Meeting.objects.filter(materials__isnull=False).first()
    page = viewer_client.get(meeting.get_absolute_url()).content.decode()
    assert "Record an exception" not in page and "Record a material" not in page
    assert viewer_client.post(reverse("meetings:presidency-create"), {}).status_code == 403


def test_hostile_query_strings_get_a_page_not_an_error(demo, viewer_client):
    url = reverse("meetings:meeting-list")
    for query in ({"year": "x"}, {"body": "NOPE"}, {"state": "'; drop"}, {"sort": "nope"}, {"page": "999"}):
        assert viewer_client.get(url, query).status_code in (200, 404)
    assert (
        viewer_client.get(reverse("meetings:draft-queue"), {"step": "bogus", "closed": "maybe"}).status_code
        == 200
    )
