"""The partners list, the organisations list and page, the admin forms of the relations."""

import csv
import io
import re
from datetime import date

from django.urls import reverse

from relations.models import StandingBasis
from secretariat.models import Standing

PARTNERS = reverse("relations:partner-list")


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_partners_list_filters_by_standing_on_a_day_and_exports_what_it_shows(demo, viewer_client):
    rows = csv_rows(
        viewer_client.get(PARTNERS, {"on": "2016-06-01", "status": "dialogue_partner", "_export": "csv"})
    )
    names = {row["State"] for row in rows}
    # Belarus was an observer by then (Ufa, 2015).
    assert names == {"Armenia", "Azerbaijan", "Cambodia", "Nepal", "Sri Lanka", "Türkiye"}
    armenia = next(row for row in rows if row["State"] == "Armenia")
    assert "Ufa" in armenia["Decision"] and "July 2015" in armenia["Decision"]
    assert "16 Apr 2016" in armenia["Memorandum"]


def test_the_partners_list_leaves_out_the_founders(demo, viewer_client):
    response = viewer_client.get(PARTNERS, {"per_page": 100})
    states = {standing.state.code for standing in response.context["table"].data}
    assert "CN" not in states and {"IN", "MN", "LA"} <= states


def test_an_organisation_page_shows_each_memorandum_with_its_term_and_status_on_the_day(demo, viewer_client):
    url = reverse("relations:organisation-detail", args=["unesco"])
    response = viewer_client.get(url, {"on": "2026-01-01"})
    statuses = {row["instrument"].code: row["status"] for row in response.context["rows"]}
    assert statuses == {"mou-unesco-2018": "expired", "mou-unesco-2023": "in_force"}
    html = response.content.decode()
    assert "31 Dec 2027" in html and "2023–2027" in html
    later = viewer_client.get(url, {"on": "2028-01-01"}).context["rows"]
    assert {row["status"] for row in later} == {"expired"}


def test_an_organisation_without_an_instrument_says_so(demo, viewer_client):
    html = viewer_client.get(reverse("relations:organisation-detail", args=["eco"])).content.decode()
    assert "No cooperation instrument is recorded." in html


def test_an_unknown_organisation_is_not_found(demo, viewer_client):
    assert viewer_client.get(reverse("relations:organisation-detail", args=["nowhere"])).status_code == 404


def test_the_organisations_list_filters_those_with_cooperation_in_force(demo, viewer_client):
    response = viewer_client.get(
        reverse("relations:organisation-list"), {"on": "2028-01-01", "in_force": "no"}
    )
    codes = {organisation.code for organisation in response.context["table"].data}
    assert codes == {"eco", "unece", "roscongress", "unesco"}


def test_a_bad_day_is_refused_with_a_word_and_the_page_still_answers(demo, viewer_client):
    response = viewer_client.get(reverse("relations:timeline"), {"on": "2025-02-30"})
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_the_admin_form_says_a_standing_cannot_start_before_its_memorandum(demo, admin_client):
    basis = StandingBasis.objects.get(
        standing__state__code="AM", standing__status=Standing.Status.DIALOGUE_PARTNER
    )
    url = reverse("admin:relations_standingbasis_change", args=[basis.pk])
    data = {
        "standing": basis.standing_id,
        "meeting": basis.meeting_id,
        "decision_number": "",
        "decided_on": "2015-07-01",
        "decided_precision": "month",
        "instrument": basis.instrument_id,
        "effect": "instrument",
        "source": basis.source,
        "confidence": basis.confidence,
        "note": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "before the memorandum was signed" in response.content.decode()
    basis.refresh_from_db()
    assert basis.effect == StandingBasis.Effect.DECISION
    assert basis.standing.start_date == date(2015, 7, 10)


def test_the_instrument_page_shows_an_ended_term_as_expired(demo, viewer_client):
    from depository.models import Instrument

    ended = Instrument.objects.get(code="mou-unesco-2018")
    html = viewer_client.get(ended.get_absolute_url()).content.decode()
    assert 'data-testid="term">2022 <span class="badge badge--expired">expired</span>' in html


def test_decisions_and_memoranda_have_history_pages(demo, viewer_client):
    from depository.models import Instrument

    basis = StandingBasis.objects.get(
        standing__state__code="AM", standing__status=Standing.Status.DIALOGUE_PARTNER
    )
    memorandum = Instrument.objects.get(code="dp-memorandum-am")
    for app, model, pk in (
        ("relations", "standingbasis", basis.pk),
        ("depository", "instrument", memorandum.pk),
    ):
        response = viewer_client.get(reverse("record-history", args=[app, model, pk]))
        assert response.status_code == 200, (app, model)


def partners_on_the_timeline(client, language: str, day: str, status: str) -> list[str]:
    client.cookies["django_language"] = language
    html = client.get(reverse("relations:timeline"), {"on": day}).content.decode()
    listed = html.split('<ul class="partners-on">', 1)[1].split("</ul>", 1)[0]
    return re.findall(rf'<li data-status="{status}"><a href="[^"]*">([^<]*)</a>', listed)


def test_the_partners_of_the_day_are_in_the_order_of_the_readers_language(demo, viewer_client):
    """Chinese by pinyin (阿塞拜疆 A…, 亚美尼亚 Ya…), not by code point; Russian by its alphabet."""
    assert partners_on_the_timeline(viewer_client, "zh-hans", "2016-06-01", "dialogue_partner") == [
        "阿塞拜疆",
        "柬埔寨",
        "尼泊尔",
        "斯里兰卡",
        "土耳其",
        "亚美尼亚",
    ]
    assert partners_on_the_timeline(viewer_client, "ru", "2016-06-01", "dialogue_partner") == [
        "Азербайджан",
        "Армения",
        "Камбоджа",
        "Непал",
        "Турция",
        "Шри-Ланка",
    ]
