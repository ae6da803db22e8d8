"""Dated periods: the end-after-start rule, and each constraint's message mapped once (core.periods)."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction

from core.periods import constraint_refusals, refusal_of
from secretariat.models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    SecretaryGeneralTerm,
    Standing,
)
from staffing.models import Appointment
from tests import factories
from tests.assertions import database_refuses

END_BEFORE_START = "The end date is before the start date."


def dated_rows(founders):
    """One unsaved row of each dated model of the Secretariat, ending the day before it starts."""
    start, end = date(2020, 1, 1), date(2019, 12, 31)
    state = founders["KZ"]
    person = factories.PersonFactory(nationality=state)
    return [
        Standing(state=factories.StateFactory(), status="observer", start_date=start, end_date=end),
        SecretaryGeneralTerm(person=person, nominating_state=state, start_date=start, end_date=end),
        DeputySecretaryGeneralTerm(person=person, nominating_state=state, start_date=start, end_date=end),
        PermanentRepresentative(state=state, person=person, start_date=start, end_date=end),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(4), ids=["standing", "head", "deputy", "representative"])
def test_an_end_date_before_the_start_date_is_refused_by_full_clean(founders, index):
    row = dated_rows(founders)[index]
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [END_BEFORE_START]
    assert [item.code for item in caught.value.error_dict[NON_FIELD_ERRORS]] == ["ends_before_start"]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(4), ids=["standing", "head", "deputy", "representative"])
def test_an_end_date_before_the_start_date_is_refused_by_the_database(founders, index):
    row = dated_rows(founders)[index]
    error = database_refuses(row.save)
    assert "ends_after_start" in str(error) or "CHECK" in str(error)


def test_each_check_and_unique_constraint_is_mapped_to_the_models_own_message():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            refusal = constraint_refusals()[constraint.name]
            assert refusal.model is model
            assert refusal.message() == constraint.get_violation_error_message()
            assert refusal.code == constraint.violation_error_code


def test_each_overlap_rule_is_mapped_to_its_exclusion_constraint_with_the_models_message():
    rules = [(model, rule) for model in apps.get_models() for rule in getattr(model, "overlap_rules", ())]
    assert {rule.constraint for _model, rule in rules} == {
        "secretariat_standing_no_overlap",
        "secretariat_secretarygeneralterm_no_overlap",
        "secretariat_deputysecretarygeneralterm_no_overlap",
        "secretariat_permanentrepresentative_no_overlap",
        "staffing_appointment_post_no_overlap",
        "staffing_appointment_person_no_overlap",
        "meetings_presidency_no_overlap",
    }
    for model, rule in rules:
        refusal = constraint_refusals()[rule.constraint]
        assert (refusal.model, refusal.field, refusal.message(), refusal.code) == (
            model,
            rule.field,
            rule.message,
            "overlap",
        )


def test_a_one_field_unique_constraint_belongs_to_its_field_and_the_others_to_the_row():
    assert constraint_refusals()["secretariat_secretarygeneralterm_head_only_once"].field == "person"
    assert constraint_refusals()["secretariat_secretarygeneralterm_one_open_term"].field == NON_FIELD_ERRORS


@pytest.mark.django_db
def test_every_overlap_rule_names_an_exclusion_constraint_of_the_database():
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'x'")
        in_database = {name for (name,) in cursor.fetchall()}
    named = {rule.constraint for model in apps.get_models() for rule in getattr(model, "overlap_rules", ())}
    assert named <= in_database


@pytest.mark.postgres
def test_an_exclusion_refusal_reads_as_the_models_own_overlap_error(founders):
    first = factories.AppointmentFactory(nominated_by=founders["RU"], start_date=date(2019, 1, 1))
    rival = Appointment(
        person=factories.PersonFactory(nationality=founders["KZ"]),
        post=first.post,
        nominated_by=founders["KZ"],
        start_date=date(2020, 1, 1),
    )
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        rival.save()
    error = refusal_of(rival, caught.value)
    assert [item.code for item in error.error_dict["post"]] == ["overlap"]
    assert error.message_dict["post"] == [f"This post already has a holder in this period: {first}."]


def test_a_check_constraint_refusal_from_sqlite_or_postgresql_is_mapped(db, founders):
    standing = Standing(state=founders["KZ"], status=Standing.Status.MEMBER, start_date=date(2020, 1, 2))
    standing.end_date = date(2020, 1, 1)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        standing.save()
    error = refusal_of(standing, caught.value)
    assert error.message_dict[NON_FIELD_ERRORS] == ["The end date is before the start date."]
