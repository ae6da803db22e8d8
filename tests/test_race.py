"""Rule 3 under concurrent edits: officers saving at the same moment cannot beat the quota.

Real threads, each with its own database connection, start together at a barrier. The
appointment service locks the nominating state's row (and the post's) before it counts, so
the saves queue up and each one counts what the previous one committed. PostgreSQL only:
SQLite serialises every writer anyway, which proves nothing about the locks.
"""

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from staffing import services
from staffing.models import Appointment
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

START = date(2024, 3, 1)


def race(count: int, save: Callable[[int], object]) -> list[tuple[str, object]]:
    """Run `save(i)` in `count` threads released together; each result is (outcome, value)."""
    barrier = threading.Barrier(count)
    results: list[tuple[str, object]] = [("not run", None)] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("saved", save(index))
        except ValidationError as error:
            results[index] = ("refused", error)
        except Exception as error:  # noqa: BLE001 - any other exception is what the test reports
            results[index] = ("failed", error)
        finally:
            # Each thread opened its own connection: close it, or the test database
            # cannot be flushed (or dropped) while it is still open.
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


def outcomes(results) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome, _value in results:
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def test_sixteen_officers_appointing_at_once_fill_exactly_the_three_free_places(founders):
    kz = founders["KZ"]
    factories.quota({kz: 5})
    for _ in range(2):  # two of the five places are taken already
        factories.AppointmentFactory(nominated_by=kz, start_date=date(2020, 1, 1), planned_end_date=None)
    people = [factories.PersonFactory(nationality=kz) for _ in range(16)]
    posts = [factories.PostFactory() for _ in range(16)]

    results = race(
        16,
        lambda i: services.appointment_create(
            person=people[i], post=posts[i], nominated_by=kz, start_date=START
        ),
    )

    assert outcomes(results) == {"saved": 3, "refused": 13}, results
    for outcome, error in results:
        if outcome == "refused":
            assert [item.code for item in error.error_dict["nominated_by"]] == ["quota_exceeded"]
            assert "has no free place in its quota" in error.message_dict["nominated_by"][0]
    assert Appointment.objects.filter(start_date=START).count() == 3
    assert Appointment.objects.serving(START).filter(nominated_by=kz).count() == 5


def test_eight_officers_appointing_to_the_same_post_at_once_leave_one_holder(founders):
    # Eight states with room each, so only the post's lock stands between the threads.
    states = [factories.member_state() for _ in range(8)]
    factories.quota({state: 1 for state in states})
    people = [factories.PersonFactory(nationality=state) for state in states]
    post = factories.PostFactory()

    results = race(
        8,
        lambda i: services.appointment_create(
            person=people[i], post=post, nominated_by=states[i], start_date=START
        ),
    )

    assert outcomes(results) == {"saved": 1, "refused": 7}, results
    for outcome, error in results:
        if outcome == "refused":
            assert [item.code for item in error.error_dict["post"]] == ["overlap"]
    assert post.appointments.count() == 1
