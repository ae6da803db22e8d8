"""The four must-shows of issue 21, on the demo data."""

import csv
import io
import re

import pytest
from django.urls import reverse

from relations.audit import audit_relations
from secretariat.models import Standing

TIMELINE = reverse("relations:timeline")


def statuses_listed(response) -> dict[str, int]:
    return {status.value: count for status, count in response.context["counts"]}


def test_the_timeline_on_31_august_2025_shows_observers_and_dialogue_partners(demo, viewer_client):
    response = viewer_client.get(TIMELINE, {"on": "2025-08-31"})
    assert response.status_code == 200
    counts = statuses_listed(response)
    assert counts[Standing.Status.OBSERVER] == 2  # Mongolia, Afghanistan
    assert counts[Standing.Status.DIALOGUE_PARTNER] == 14
    assert counts[Standing.Status.PARTNER] == 0
    assert counts[Standing.Status.MEMBER] == 10
    listed = {standing.status for standing in response.context["partners"]}
    assert listed == {Standing.Status.OBSERVER, Standing.Status.DIALOGUE_PARTNER}


def test_the_timeline_on_2_september_2025_shows_sco_partners_only(demo, viewer_client):
    response = viewer_client.get(TIMELINE, {"on": "2025-09-02"})
    counts = statuses_listed(response)
    assert counts[Standing.Status.OBSERVER] == 0
    assert counts[Standing.Status.DIALOGUE_PARTNER] == 0
    assert counts[Standing.Status.PARTNER] == 17
    assert {standing.status for standing in response.context["partners"]} == {Standing.Status.PARTNER}


def test_the_timeline_is_one_svg_with_a_lane_per_state_a_colour_per_standing_and_the_day_line(
    demo, viewer_client
):
    html = viewer_client.get(TIMELINE, {"on": "2025-08-31"}).content.decode()
    assert html.count("<svg") == 1
    assert html.count('class="lane"') == 27
    for status in ("member", "observer", "dialogue_partner", "partner"):
        assert f"standing--{status}" in html
        assert f"legend__swatch--{status}" in html
    assert html.count('class="mark mark--decision"') == 48  # every standing has its decision
    assert html.count('class="mark mark--memorandum"') == 17  # 13 dialogue partners, 4 members
    assert re.search(r'<line class="today"[^>]*><title>2025-08-31</title>', html)


def test_armenias_page_shows_the_ufa_decision_the_memorandum_and_the_sco_partner_standing(
    demo, viewer_client
):
    response = viewer_client.get(reverse("overview:state-detail", args=["AM"]))
    html = response.content.decode()
    section = html[html.index('id="relations"') :]
    section = section[: section.index("</section>")]
    rows = re.findall(r'<tr data-status="(\w+)">(.*?)</tr>', section, re.S)
    assert [status for status, _row in rows] == ["dialogue_partner", "partner"]
    dialogue, partner = rows[0][1], rows[1][1]
    assert "2015-07-10" in dialogue and "2025-08-31" in dialogue
    assert "Ufa" in dialogue and "July 2015" in dialogue
    assert "16 Apr 2016" in dialogue
    assert "2025-09-01" in partner and "Tianjin" in partner


def test_a_new_members_page_shows_its_path_to_membership_with_what_is_not_recorded(demo, viewer_client):
    html = viewer_client.get(reverse("overview:state-detail", args=["BY"])).content.decode()
    assert "Path to membership" in html
    application = re.search(r'<li data-step="application">(.*?)</li>', html, re.S).group(1)
    assert "not recorded" in application
    granted = re.search(r'<li data-step="granted">(.*?)</li>', html, re.S).group(1)
    assert "4 Jul 2024" in granted and "Astana" in granted


def organisations_csv(client, on: str) -> list[dict]:
    response = client.get(reverse("relations:organisation-list"), {"_export": "csv", "on": on})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(("on", "status"), [("2026-01-01", "in force"), ("2028-01-01", "expired")])
def test_the_organisations_csv_lists_unesco_2023_2027_in_force_then_expired(demo, viewer_client, on, status):
    rows = organisations_csv(viewer_client, on)
    assert len(rows) >= 10
    assert all(
        row["Cooperation instruments"]
        for row in rows
        if row["Organisation"]
        not in ("Economic Cooperation Organization", "United Nations Economic Commission for Europe")
    )
    unesco = next(row for row in rows if row["Acronym"] == "UNESCO")["Cooperation instruments"]
    current = next(part for part in unesco.split("; ") if "2023–2027" in part)
    assert current.endswith(f": {status}")
    assert "15 Sep 2022" in current


def test_the_demo_breaks_no_relations_rule(demo):
    assert audit_relations() == []
