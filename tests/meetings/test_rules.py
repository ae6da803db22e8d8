"""The rules of meetings: presidencies never overlap, numbers grow with dates, the 20-day rule
flags and does not refuse, a draft moves only as the review allows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings import services
from meetings.models import Material, MaterialStatus, Meeting, Presidency, Rotation, Step

from .factories import BodyFactory, DraftFactory, MaterialFactory, MeetingFactory, PresidencyFactory

pytestmark = pytest.mark.django_db


def refusal(save) -> ValidationError:
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        save()
    return caught.value


# Presidencies ------------------------------------------------------------------------------


def test_two_overlapping_presidencies_of_one_rotation_are_refused_by_the_service(founders):
    services.presidency_create(presidency=PresidencyFactory.build(state=founders["KZ"]))
    error = refusal(
        lambda: services.presidency_create(
            presidency=PresidencyFactory.build(
                state=founders["CN"], start_date=date(2024, 7, 3), end_date=None
            )
        )
    )
    assert error.message_dict["start_date"][0].startswith("Another presidency of this rotation")
    assert error.error_dict["start_date"][0].code == "overlap"
    assert Presidency.objects.count() == 1


def test_presidencies_of_one_rotation_may_follow_each_other_and_the_two_rotations_may_overlap(founders):
    services.presidency_create(presidency=PresidencyFactory.build(state=founders["KZ"]))
    services.presidency_create(
        presidency=PresidencyFactory.build(state=founders["CN"], start_date=date(2024, 7, 4), end_date=None)
    )
    services.presidency_create(
        presidency=PresidencyFactory.build(
            rotation=Rotation.CHG, state=founders["RU"], start_date=date(2024, 1, 1), end_date=None
        )
    )
    holders = Presidency.objects.holders_on(date(2024, 7, 4))
    assert holders[Rotation.SCO].state.code == "CN" and holders[Rotation.CHG].state.code == "RU"


def test_a_presidency_ending_before_it_starts_is_refused(founders):
    error = refusal(
        lambda: services.presidency_create(
            presidency=PresidencyFactory.build(state=founders["KZ"], end_date=date(2020, 1, 1))
        )
    )
    assert "The end date is before the start date." in str(error)


@pytest.mark.postgres
def test_the_database_refuses_overlapping_presidencies_when_the_service_is_bypassed(founders):
    PresidencyFactory(state=founders["KZ"])
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Presidency.objects.create(
            rotation=Rotation.SCO, state=founders["CN"], start_date=date(2024, 1, 1), end_date=None
        )
    assert "meetings_presidency_no_overlap" in str(caught.value)
    # Another rotation is another sequence: the database lets it overlap.
    Presidency.objects.create(rotation=Rotation.CHG, state=founders["CN"], start_date=date(2024, 1, 1))


@pytest.mark.postgres
def test_an_overlap_slipping_past_the_check_becomes_the_models_own_form_error(founders):
    PresidencyFactory(state=founders["KZ"])
    presidency = Presidency(rotation=Rotation.SCO, state=founders["CN"], start_date=date(2024, 1, 1))
    from core.periods import save_refusing_constraints

    with pytest.raises(ValidationError) as caught:
        save_refusing_constraints(presidency)
    assert caught.value.message_dict["start_date"][0].startswith("Another presidency of this rotation")


# Meetings: numbers ---------------------------------------------------------------------------


def test_a_meetings_number_is_unique_for_its_body(founders):
    body = BodyFactory(code="CHS")
    services.meeting_create(meeting=MeetingFactory.build(body=body, number=1, start_date=date(2001, 6, 15)))
    error = refusal(
        lambda: services.meeting_create(
            meeting=MeetingFactory.build(body=body, number=1, start_date=date(2002, 6, 7))
        )
    )
    assert error.message_dict["__all__"] == ["This body already has a meeting with this number."]
    # Another body counts its own meetings.
    services.meeting_create(meeting=MeetingFactory.build(body=BodyFactory(code="CHG"), number=1))


def test_the_database_refuses_a_second_meeting_with_the_same_number(founders):
    body = BodyFactory(code="CHS")
    MeetingFactory(body=body, number=1, start_date=date(2001, 6, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=body, number=1, start_date=date(2002, 6, 7))


def test_numbers_grow_with_dates(founders):
    body = BodyFactory(code="CHS")
    services.meeting_create(meeting=MeetingFactory.build(body=body, number=1, start_date=date(2001, 6, 15)))
    services.meeting_create(meeting=MeetingFactory.build(body=body, number=3, start_date=date(2003, 5, 29)))
    # Number 2 must fall between them.
    error = refusal(
        lambda: services.meeting_create(
            meeting=MeetingFactory.build(body=body, number=2, start_date=date(2004, 1, 1))
        )
    )
    assert error.error_dict["number"][0].code == "number_out_of_order"
    assert "meeting 3 of this body was on 2003-05-29" in error.message_dict["number"][0]
    error = refusal(
        lambda: services.meeting_create(
            meeting=MeetingFactory.build(body=body, number=4, start_date=date(2002, 1, 1))
        )
    )
    assert error.error_dict["number"][0].code == "number_out_of_order"
    services.meeting_create(meeting=MeetingFactory.build(body=body, number=2, start_date=date(2002, 6, 7)))


def test_a_date_known_to_the_month_keeps_its_precision():
    meeting = MeetingFactory.build(start_date=date(2001, 9, 1), date_precision="month")
    assert meeting.dates_iso == "2001-09"
    assert meeting.materials_deadline is None
    year = MeetingFactory.build(start_date=date(2026, 1, 1), date_precision="year", status="planned")
    assert year.dates_display == "2026"


# Materials: the 20-day rule ------------------------------------------------------------------


def circulate(meeting: Meeting, days_before: int, **kwargs) -> Material:
    return services.material_create(
        material=MaterialFactory.build(
            meeting=meeting, circulated_on=meeting.start_date - timedelta(days=days_before), **kwargs
        )
    )


def test_a_material_circulated_19_days_before_is_flagged_not_refused(planned_meeting):
    late = circulate(planned_meeting, 19)
    on_time = circulate(planned_meeting, 20)
    assert late.pk and late.is_late and late.status() == MaterialStatus.LATE
    assert not on_time.is_late and on_time.status() == MaterialStatus.ON_TIME


def test_the_number_of_days_is_a_setting_recorded_on_each_meeting(settings, founders, local_today):
    settings.MATERIALS_DAYS_BEFORE = 30
    meeting = services.meeting_create(
        meeting=MeetingFactory.build(
            number=None, start_date=local_today + timedelta(days=40), status="planned"
        )
    )
    assert meeting.materials_days == 30
    assert circulate(meeting, 25).is_late


def test_an_exception_with_a_reason_clears_the_flag_and_is_in_the_history(planned_meeting, officer):
    material = circulate(planned_meeting, 19)
    error = refusal(
        lambda: services.material_record_exception(material=material, reason="  ", changed_by=officer)
    )
    assert error.error_dict["exception_reason"][0].code == "required"

    material = services.material_record_exception(
        material=material, reason="The CNC agreed to a shorter deadline.", changed_by=officer
    )
    assert material.status() == MaterialStatus.EXCEPTED
    versions = list(material.history.order_by("history_id"))
    assert [v.is_late for v in versions] == [True, True]
    assert versions[0].exception_reason == "" and versions[-1].exception_reason.startswith("The CNC agreed")
    assert versions[-1].exception_recorded_by == officer and versions[-1].history_user == officer


def test_an_exception_is_only_for_a_late_material(planned_meeting, officer):
    material = circulate(planned_meeting, 25)
    error = refusal(
        lambda: services.material_record_exception(material=material, reason="x", changed_by=officer)
    )
    assert error.error_dict["exception_reason"][0].code == "not_late"


def test_the_database_refuses_an_exception_without_its_reason(planned_meeting, local_today):
    material = circulate(planned_meeting, 19)
    with pytest.raises(IntegrityError), transaction.atomic():
        Material.objects.filter(pk=material.pk).update(exception_recorded_on=local_today)


def test_moving_a_meeting_moves_its_materials_flags(planned_meeting):
    material = circulate(planned_meeting, 21)
    assert not material.is_late
    planned_meeting.start_date -= timedelta(days=5)
    services.meeting_update(meeting=planned_meeting)
    material.refresh_from_db()
    assert material.is_late


def test_a_material_not_circulated_is_due_then_overdue(planned_meeting, local_today):
    material = services.material_create(material=MaterialFactory.build(meeting=planned_meeting))
    assert material.status(local_today) == MaterialStatus.DUE
    assert material.status(planned_meeting.materials_deadline + timedelta(days=1)) == MaterialStatus.OVERDUE


# Drafts: the review as a state machine -------------------------------------------------------


@pytest.fixture
def draft(founders, planned_meeting, officer):
    return services.draft_create(
        draft=DraftFactory.build(target_meeting=planned_meeting, received_on=date(2026, 1, 10)),
        proposing_states=[founders["KG"], founders["RU"]],
        changed_by=officer,
    )


def move(draft, to, on=date(2026, 2, 1), conclusion="Done.", **kwargs):
    return services.draft_move(draft=draft, to=to, on=on, conclusion=conclusion, **kwargs)


def test_a_registered_draft_is_received_with_its_proposers_and_first_step(draft):
    assert draft.step == Step.RECEIVED
    assert sorted(p.state.code for p in draft.proposers.all()) == ["KG", "RU"]
    assert [s.step for s in draft.steps.all()] == [Step.RECEIVED]


def test_a_draft_without_budget_effects_goes_from_legal_review_to_consultations(draft):
    assert services.next_steps(draft) == [Step.LEGAL_REVIEW, Step.WITHDRAWN]
    move(draft, Step.LEGAL_REVIEW)
    draft.refresh_from_db()
    assert services.next_steps(draft) == [Step.CONSULTATIONS, Step.WITHDRAWN]
    error = refusal(lambda: move(draft, Step.FINANCIAL_REVIEW))
    assert error.error_dict["step"][0].code == "move_not_allowed"


def test_a_draft_with_budget_effects_goes_through_financial_review(draft):
    draft.has_financial_effects = True
    draft.save()
    move(draft, Step.LEGAL_REVIEW)
    draft.refresh_from_db()
    assert services.next_steps(draft) == [Step.FINANCIAL_REVIEW, Step.WITHDRAWN]


def test_a_step_cannot_skip_ahead_nor_be_dated_before_the_previous_one(draft, local_today):
    error = refusal(lambda: move(draft, Step.CIRCULATED))
    assert error.error_dict["step"][0].code == "move_not_allowed"
    error = refusal(lambda: move(draft, Step.LEGAL_REVIEW, on=date(2026, 1, 9)))
    assert error.error_dict["on"][0].code == "before_previous_step"
    error = refusal(lambda: move(draft, Step.LEGAL_REVIEW, on=local_today + timedelta(days=1)))
    assert error.error_dict["on"][0].code == "future"
    error = refusal(lambda: move(draft, Step.LEGAL_REVIEW, conclusion=" "))
    assert error.error_dict["conclusion"][0].code == "required"
    draft.refresh_from_db()
    assert draft.step == Step.RECEIVED and draft.steps.count() == 1


def test_circulating_a_draft_records_it_as_a_material_flagged_when_late(
    draft, planned_meeting, officer, local_today
):
    for step in (Step.LEGAL_REVIEW, Step.CONSULTATIONS, Step.CNC_CONSENT):
        move(draft, step, on=local_today, changed_by=officer)
    circulated = planned_meeting.start_date - timedelta(days=19)
    # The meeting is 30 days away: circulating today is on time; 19 days before would be late.
    move(draft, Step.CIRCULATED, on=local_today, changed_by=officer)
    material = Material.objects.get(draft=draft)
    assert material.meeting == planned_meeting and not material.is_late
    assert circulated > local_today
    draft.refresh_from_db()
    assert draft.step == Step.CIRCULATED
    assert [s.recorded_by for s in draft.steps.all()][-1] == officer


def test_a_withdrawn_or_adopted_draft_moves_no_more(draft):
    move(draft, Step.WITHDRAWN, conclusion="The proposing states withdrew it.")
    draft.refresh_from_db()
    assert services.next_steps(draft) == []
    assert refusal(lambda: move(draft, Step.LEGAL_REVIEW)).error_dict["step"][0].code == "move_not_allowed"


def test_a_draft_needs_a_proposing_state(planned_meeting):
    error = refusal(lambda: services.draft_create(draft=DraftFactory.build(), proposing_states=[]))
    assert "proposing_states" in error.message_dict
