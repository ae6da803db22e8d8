"""The depositary log is append-only: a correction is a new event pointing to the old one, which
stays visible; an update or a delete is refused by the model and, on PostgreSQL, by the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def signature(all_parties_30) -> DepositaryEvent:
    return DepositaryEvent.objects.filter(instrument=all_parties_30, kind="signature").first()


def test_a_correction_is_a_new_event_and_the_corrected_one_stays_visible(signature, officer_client):
    response = officer_client.post(
        reverse("depository:event-correct", args=[signature.pk]),
        {"on": "2024-03-05", "text": "The signature was on 2 March, not 1 March."},
        follow=True,
    )
    correction = DepositaryEvent.objects.get(corrects=signature)
    assert correction.kind == "correction"
    page = response.content.decode()
    assert f'id="event-{signature.pk}"' in page and f'id="event-{correction.pk}"' in page
    assert "The signature was on 2 March" in page
    assert DepositaryEvent.objects.get(pk=signature.pk).on == date(2024, 3, 1)


def test_a_correction_without_its_text_is_refused_at_the_form(signature, officer_client):
    response = officer_client.post(
        reverse("depository:event-correct", args=[signature.pk]), {"on": "2024-03-05"}
    )
    assert response.status_code == 200 and response.context["form"].errors["text"]
    assert not DepositaryEvent.objects.filter(corrects=signature).exists()


def test_the_model_refuses_to_change_or_delete_an_event(signature):
    signature.text = "changed"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    with pytest.raises(ValidationError):
        DepositaryEvent.objects.filter(pk=signature.pk).update(text="changed")
    with pytest.raises(ValidationError):
        DepositaryEvent.objects.filter(pk=signature.pk).delete()
    assert DepositaryEvent.objects.get(pk=signature.pk).text == ""


def test_the_database_refuses_a_correction_that_points_nowhere(all_parties_30):
    with pytest.raises(ValidationError) as refusal:
        DepositaryEvent(instrument=all_parties_30, kind="correction", on=date(2024, 1, 1)).full_clean()
    assert "points to the event it corrects" in str(refusal.value)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql", ["UPDATE {table} SET text = 'changed' WHERE id = %s", "DELETE FROM {table} WHERE id = %s"]
)
def test_postgresql_refuses_an_update_or_delete_of_an_event_at_the_database(signature, sql):
    table = DepositaryEvent._meta.db_table
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql.format(table=table), [signature.pk])
    assert DepositaryEvent.objects.get(pk=signature.pk).text == ""


def test_every_act_writes_its_event(all_parties_30, founders):
    before = DepositaryEvent.objects.count()
    services.participation_record_act(
        instrument=all_parties_30,
        party=founders["KZ"],
        kind="reservation",
        on=date(2024, 4, 1),
        text="Art. 3",
    )
    assert DepositaryEvent.objects.count() == before + 1
    assert all_parties_30.participations.get(state=founders["KZ"]).reservations == "Art. 3"
