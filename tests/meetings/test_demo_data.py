"""The meetings demo: real SCO facts with their sources and flags, and illustrative drafts and
materials, marked fictional, that show every state."""

from datetime import date

import pytest

from meetings.audit import audit_meetings
from meetings.models import Body, Draft, Material, MaterialStatus, Meeting, Presidency, Rotation, Step
from staffing.audit import audit_rules

pytestmark = pytest.mark.django_db


def test_the_demo_breaks_no_rule_of_either_audit(demo):
    assert audit_rules() == []
    assert audit_meetings() == []


def test_the_audit_sees_a_late_flag_that_does_not_match_the_dates(demo):
    material = Material.objects.filter(is_late=True).first()
    Material.objects.filter(pk=material.pk).update(is_late=False)
    assert any("late flag" in line for line in audit_meetings())


def test_25_summits_held_and_the_26th_planned_in_bishkek_known_to_the_year(demo):
    summits = list(Meeting.objects.filter(body__code="CHS").order_by("number"))
    assert [m.number for m in summits] == list(range(1, 27))
    assert [m.status for m in summits].count("held") == 25
    assert (summits[0].city_en, summits[0].start_date) == ("Shanghai", date(2001, 6, 15))
    bishkek = summits[-1]
    assert (bishkek.status, bishkek.city_en, bishkek.date_precision, bishkek.dates_iso) == (
        "planned",
        "Bishkek",
        "year",
        "2026",
    )


def test_24_meetings_of_the_heads_of_government_the_first_known_to_the_month(demo):
    meetings = list(Meeting.objects.filter(body__code="CHG").order_by("number"))
    assert len(meetings) == 24
    assert meetings[0].dates_iso == "2001-09" and meetings[0].city_en == "Almaty"
    bishkek = [m for m in meetings if m.city_en == "Bishkek"]
    assert bishkek[-1].start_date == date(2023, 10, 26)


def test_every_body_has_its_names_in_three_languages(demo):
    for body in Body.objects.all():
        assert body.name_en and body.name_ru and body.name_zh


def test_the_presidencies_of_the_sources_with_their_flags(demo):
    on = Presidency.objects.holders_on
    assert on(date(2025, 9, 1))[Rotation.SCO].state.code == "KG"
    assert on(date(2020, 11, 10))[Rotation.SCO].state.code == "TJ"
    assert on(date(2015, 7, 11))[Rotation.SCO].state.code == "UZ"
    assert on(date(2024, 1, 1))[Rotation.SCO].state.code == "KZ"
    # The Heads of Government: Russia until its Moscow meeting of 17-18 Nov 2025, then Tajikistan.
    assert on(date(2025, 11, 17))[Rotation.CHG].state.code == "RU"
    assert on(date(2025, 11, 18))[Rotation.CHG].state.code == "TJ"
    flags = set(Presidency.objects.values_list("confidence", flat=True))
    assert flags == {"V", "S", "U"}
    assert (
        Presidency.objects.filter(confidence="U").exclude(note="").count()
        == Presidency.objects.filter(confidence="U").count()
    )


def test_the_opening_of_2004_records_igor_ivanov_with_the_note_of_the_correction(demo, viewer_client):
    opening = Meeting.objects.get(body__code="SEC", start_date=date(2004, 1, 15))
    names = [d.head_name for d in opening.delegations.all()]
    for name in ["Li Zhaoxing", "Kassym-Jomart Tokayev", "Askar Aitmatov", "Igor Ivanov", "Talbak Nazarov",
                 "Sodiq Safoyev", "Zhang Deguang"]:  # fmt: skip
        assert name in names
    assert "Sergei Ivanov" not in names
    ivanov = opening.delegations.get(head_name="Igor Ivanov")
    assert "Sergei Ivanov" in ivanov.note and ivanov.confidence == "V"
    assert "china.org.cn" in ivanov.source and "sectsco.org" in ivanov.source
    page = viewer_client.get(opening.get_absolute_url()).content.decode()
    assert "Igor Ivanov" in page and "Sergei Ivanov" in page and "Message of the Secretary-General" in page


def test_the_illustrative_work_is_fictional_and_shows_every_state(demo, local_today):
    drafts = Draft.objects.all()
    assert drafts and all(draft.is_fictional for draft in drafts)
    assert set(drafts.values_list("step", flat=True)) == set(Step.values)
    materials = list(Material.objects.select_related("meeting"))
    assert all(material.is_fictional for material in materials)
    statuses = {material.status(date(2026, 11, 27)) for material in materials}
    assert statuses >= set(MaterialStatus) - {MaterialStatus.NO_DEADLINE}
    late = Material.objects.get(is_late=True, exception_reason="")
    assert late.days_before() == 19
    assert all(meeting.is_fictional for meeting in Meeting.objects.filter(body__code="CNC"))
