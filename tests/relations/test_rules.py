"""The relations rules, each tried at the service (the message, at its field) and at the database
(the row refused when the service is bypassed), or by the audit where no constraint can hold it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from depository.models import Instrument
from relations import services
from relations.audit import audit_relations
from relations.models import MembershipStep, StandingBasis
from secretariat import services as secretariat_services
from secretariat.models import Standing
from tests.factories import StateFactory


def error_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.fixture
def partner(db):
    """A state that was a dialogue partner until 31 Aug 2025, an SCO partner since."""
    state = StateFactory(code="XP")
    first = Standing.objects.create(
        state=state, status="dialogue_partner", start_date=date(2016, 4, 16), end_date=date(2025, 8, 31)
    )
    Standing.objects.create(state=state, status="partner", start_date=date(2025, 9, 1))
    return first


@pytest.fixture
def memorandum(db):
    return Instrument.objects.create(
        code="memo-xp", kind="dp_memorandum", title_en="Memorandum XP", signed_on=date(2016, 4, 16)
    )


# Adjoining standings are continuous.


def test_a_standing_that_leaves_a_gap_after_the_previous_one_is_refused_at_its_start(partner):
    partner.state.standings.filter(status="partner").delete()
    later = Standing(state=partner.state, status="partner", start_date=date(2025, 9, 5))
    with pytest.raises(ValidationError) as refused:
        secretariat_services.standing_save(standing=later)
    assert error_codes(refused.value) == {"start_date": ["standing_gap"]}
    assert "2025-08-31" in str(refused.value)


def test_ending_a_standing_before_the_next_one_starts_is_refused_at_its_end(partner):
    partner.end_date = date(2025, 6, 30)
    with pytest.raises(ValidationError) as refused:
        secretariat_services.standing_save(standing=partner)
    assert error_codes(refused.value) == {"end_date": ["standing_gap"]}


def test_a_standing_that_starts_the_day_after_the_previous_ends_is_accepted(partner):
    partner.state.standings.filter(status="partner").delete()
    later = Standing(state=partner.state, status="partner", start_date=date(2025, 9, 1))
    assert secretariat_services.standing_save(standing=later).pk


def test_the_audit_reports_a_gap_written_past_the_service(partner):
    from staffing.audit import audit_rules

    Standing.objects.filter(pk=partner.pk).update(end_date=date(2025, 1, 31))
    assert any("standing" in line and "2025-09-01" in line for line in audit_rules())


# A standing that a memorandum created does not start before its signature.


def test_a_standing_that_runs_from_a_memorandum_cannot_start_before_its_signature(partner, memorandum):
    memorandum.signed_on = date(2016, 5, 1)
    memorandum.save()
    basis = StandingBasis(standing=partner, instrument=memorandum, effect=StandingBasis.Effect.INSTRUMENT)
    with pytest.raises(ValidationError) as refused:
        services.standing_basis_save(basis=basis)
    assert error_codes(refused.value) == {"instrument": ["standing_before_instrument"]}
    assert not StandingBasis.objects.exists()


def test_a_standing_from_the_memorandums_day_is_recorded_with_its_history(partner, memorandum):
    basis = services.standing_basis_save(
        basis=StandingBasis(standing=partner, instrument=memorandum, effect=StandingBasis.Effect.INSTRUMENT)
    )
    basis.decision_number = "No. 5"
    services.standing_basis_save(basis=basis)
    assert basis.history.count() == 2


def test_a_standing_dated_from_the_decision_may_start_before_the_memorandum(partner, memorandum):
    memorandum.signed_on = date(2017, 1, 1)
    memorandum.save()
    basis = StandingBasis(standing=partner, instrument=memorandum, decided_on=date(2015, 7, 10))
    assert services.standing_basis_save(basis=basis).pk


def test_the_database_refuses_a_standing_from_a_memorandum_without_the_memorandum(partner):
    with pytest.raises(IntegrityError), transaction.atomic():
        StandingBasis.objects.create(standing=partner, effect=StandingBasis.Effect.INSTRUMENT)


def test_the_audit_reports_a_standing_before_its_memorandum_written_past_the_service(partner, memorandum):
    StandingBasis.objects.create(
        standing=partner, instrument=memorandum, effect=StandingBasis.Effect.INSTRUMENT
    )
    assert audit_relations() == []
    # The memorandum's date changed in the depository, where no check knows of the standing.
    Instrument.objects.filter(pk=memorandum.pk).update(signed_on=date(2016, 6, 1))
    assert len(audit_relations()) == 1


def test_the_database_refuses_a_second_basis_for_one_standing(partner):
    StandingBasis.objects.create(standing=partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        StandingBasis.objects.create(standing=partner)


# Steps to membership.


def test_a_step_is_recorded_once_per_state(partner):
    services.membership_step_save(step=MembershipStep(state=partner.state, kind="application"))
    with pytest.raises(ValidationError) as refused:
        services.membership_step_save(step=MembershipStep(state=partner.state, kind="application"))
    assert "step_taken" in str(refused.value.error_dict) or refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipStep.objects.create(state=partner.state, kind="application")


def test_a_deadline_before_its_step_is_refused_by_the_service_and_the_database(partner):
    step = MembershipStep(
        state=partner.state, kind="accession", on=date(2023, 7, 4), deadline=date(2023, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.membership_step_save(step=step)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipStep.objects.create(
            state=partner.state, kind="accession", on=date(2023, 7, 4), deadline=date(2023, 1, 1)
        )


# Terms of cooperation instruments: an expired memorandum is not in force.


@pytest.fixture
def term(db):
    return Instrument.objects.create(
        code="mou-term",
        kind="mou",
        title_en="MoU for 2023-2027",
        signed_on=date(2022, 9, 15),
        entry_into_force=date(2022, 9, 15),
        valid_until=date(2027, 12, 31),
    )


def test_a_memorandum_is_in_force_within_its_term_and_expired_after_it(term):
    assert Instrument.objects.in_force_on(date(2026, 1, 1)).filter(pk=term.pk).exists()
    assert not Instrument.objects.in_force_on(date(2028, 1, 1)).filter(pk=term.pk).exists()
    assert Instrument.objects.not_in_force(date(2028, 1, 1)).filter(pk=term.pk).exists()
    assert term.term_status(date(2027, 12, 31)) == "in_force"
    assert term.term_status(date(2028, 1, 1)) == "expired"
    assert term.term_status(date(2022, 9, 14)) == "not_in_force"


def test_a_term_ending_before_entry_into_force_is_refused_by_the_form_check_and_the_database(term):
    term.valid_until = date(2022, 1, 1)
    with pytest.raises(ValidationError) as refused:
        term.full_clean()
    assert "valid_until" in str(refused.value) or refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.filter(pk=term.pk).update(valid_until=date(2022, 1, 1))


def test_an_instrument_cannot_renew_itself(term):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.filter(pk=term.pk).update(renews=term)


def test_moving_a_standing_before_the_memorandum_that_created_it_is_refused_by_the_standing_service(
    partner, memorandum
):
    services.standing_basis_save(
        basis=StandingBasis(standing=partner, instrument=memorandum, effect=StandingBasis.Effect.INSTRUMENT)
    )
    partner.start_date = date(2016, 1, 1)
    with pytest.raises(ValidationError) as refused:
        secretariat_services.standing_save(standing=partner)
    assert error_codes(refused.value) == {"start_date": ["standing_before_instrument"]}
    partner.refresh_from_db()
    assert partner.start_date == date(2016, 4, 16)
