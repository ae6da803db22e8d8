"""Periods are judged by coverage, not by rows: back-to-back rows are one period (core.periods),
for every rule that asks "was X true for the whole of this period"."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.periods import covers, merged
from secretariat import services as secretariat_services
from secretariat.models import PermanentRepresentative, Standing
from tests import factories

D = date


def test_adjoining_and_overlapping_spans_merge_into_one_stretch():
    assert merged([(D(2016, 1, 1), None), (D(2010, 1, 1), D(2015, 12, 31))]) == [(D(2010, 1, 1), None)]
    assert merged([(D(2010, 1, 1), D(2012, 6, 30)), (D(2012, 1, 1), D(2013, 1, 1))]) == [
        (D(2010, 1, 1), D(2013, 1, 1))
    ]
    # A day's gap (2016-01-01 missing) keeps them apart.
    assert merged([(D(2010, 1, 1), D(2015, 12, 31)), (D(2016, 1, 2), None)]) == [
        (D(2010, 1, 1), D(2015, 12, 31)),
        (D(2016, 1, 2), None),
    ]


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2014, 3, 1), D(2017, 3, 1), True),
        (D(2014, 3, 1), None, True),
        (D(2009, 12, 31), D(2011, 1, 1), False),
        (D(2010, 1, 1), D(2010, 1, 1), True),
    ],
)
def test_back_to_back_rows_cover_a_period_across_their_boundary(start, end, expected):
    spans = [(D(2010, 1, 1), D(2015, 12, 31)), (D(2016, 1, 1), None)]
    assert covers(spans, start, end) is expected


def test_a_gap_of_one_day_is_not_covered():
    spans = [(D(2010, 1, 1), D(2015, 12, 31)), (D(2016, 1, 2), None)]
    assert not covers(spans, D(2014, 3, 1), D(2017, 3, 1))
    assert not covers(spans, D(2014, 3, 1), None)


@pytest.fixture
def split_member(secretariat):
    """A member 2010-01-01 to 2015-12-31 and again from 2016-01-01, in two rows."""
    return factories.state_with_standings(
        "MN",
        "MNG",
        "Mongolia",
        (Standing.Status.MEMBER, D(2010, 1, 1), D(2015, 12, 31)),
        (Standing.Status.MEMBER, D(2016, 1, 1), None),
    )


def test_the_service_accepts_a_representative_across_two_back_to_back_memberships(split_member):
    person = factories.PersonFactory(nationality=split_member)
    representative = secretariat_services.representative_create(
        representative=PermanentRepresentative(
            state=split_member, person=person, start_date=D(2014, 3, 1), end_date=D(2017, 3, 1)
        )
    )
    assert representative.pk
    assert split_member.is_member_throughout(D(2014, 3, 1), D(2017, 3, 1))


def test_the_admin_accepts_a_representative_across_two_back_to_back_memberships(client, split_member):
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    person = factories.PersonFactory(nationality=split_member)
    data = {
        "state": split_member.pk,
        "person": person.pk,
        "start_date": "2014-03-01",
        "end_date": "2017-03-01",
    }
    response = client.post(reverse("admin:secretariat_permanentrepresentative_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert split_member.representatives.get().end_date == D(2017, 3, 1)


def test_ending_one_of_two_back_to_back_memberships_keeps_a_representative_who_spans_them(split_member):
    factories.PermanentRepresentativeFactory(
        state=split_member, person__nationality=split_member, start_date=D(2014, 3, 1), end_date=D(2017, 3, 1)
    )
    first = split_member.standings.get(start_date=D(2010, 1, 1))
    first.decision = "Recorded again"
    assert secretariat_services.standing_save(standing=first).decision == "Recorded again"
