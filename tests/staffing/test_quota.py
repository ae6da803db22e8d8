"""The quota rule (staffing.quota): its days and edges, and the apportionment of a version's places."""

import random
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command

from secretariat.models import (
    State,
)
from staffing import quota
from staffing.models import QuotaVersion, quota_rows, quota_use_on
from staffing.quota import QuotaRows, change_days, largest_remainder, line_faults, quota_excesses, quota_use
from tests.helpers import codes

KZ, RU, MN = 1, 2, 3


V1, V2 = date(2004, 1, 1), date(2017, 6, 9)


def rows(appointments=(), memberships=None, lines=None) -> QuotaRows:
    return QuotaRows.build(
        lines=lines if lines is not None else [(V1, KZ, 2), (V1, RU, 3), (V2, KZ, 1), (V2, RU, 4)],
        memberships=memberships
        if memberships is not None
        else [(KZ, date(2001, 6, 15), None), (RU, date(2001, 6, 15), None)],
        appointments=appointments,
    )


def test_an_appointment_ending_the_day_before_another_starts_does_not_count_on_that_day():
    book = rows([(KZ, date(2010, 1, 1), date(2010, 12, 31)), (KZ, date(2011, 1, 1), None)])
    assert quota_use(book, state=KZ, day=date(2010, 12, 31)).serving == 1
    assert quota_use(book, state=KZ, day=date(2011, 1, 1)).serving == 1
    # Both ends inclusive: the last day still counts, the next one not.
    assert quota_use(book, state=KZ, day=date(2009, 12, 31)).serving == 0


def test_an_open_ended_appointment_serves_on_every_later_day():
    book = rows([(RU, date(2010, 1, 1), None)])
    assert quota_use(book, state=RU, day=date(2099, 1, 1)).serving == 1
    assert quota_use(book, state=RU, day=date.max).serving == 1


def test_a_quota_version_taking_effect_mid_period_changes_the_quota_from_its_day():
    book = rows([(KZ, date(2015, 1, 1), None), (KZ, date(2016, 1, 1), None)])
    assert quota_use(book, state=KZ, day=V2 - timedelta(days=1)).quota == 2
    assert quota_use(book, state=KZ, day=V2) == quota.QuotaUse(state=KZ, day=V2, quota=1, serving=2)
    assert quota_use(book, state=KZ, day=V2).free == -1
    [first] = quota_excesses(book, state=KZ, start=date(2015, 1, 1), end=None)
    assert (first.day, first.quota, first.serving) == (V2, 1, 2)


def test_no_quota_before_the_first_version():
    assert quota_use(rows(), state=KZ, day=V1 - timedelta(days=1)).quota == 0
    assert quota_use(rows(), state=KZ, day=V1).quota == 2


def test_a_state_that_is_not_a_member_holds_no_quota():
    book = rows(
        memberships=[(KZ, date(2001, 6, 15), date(2012, 12, 31)), (RU, date(2001, 6, 15), None)],
        lines=[(V1, KZ, 2), (V1, RU, 3), (V1, MN, 5)],
    )
    assert quota_use(book, state=KZ, day=date(2012, 12, 31)).quota == 2
    assert quota_use(book, state=KZ, day=date(2013, 1, 1)).quota == 0
    # A line is not enough: Mongolia was never a member.
    assert quota_use(book, state=MN, day=date(2010, 1, 1)).quota == 0


def test_a_version_without_a_line_for_a_state_gives_it_no_quota():
    book = rows(lines=[(V1, KZ, 2), (V2, RU, 4)])
    assert quota_use(book, state=KZ, day=V2).quota == 0


def test_one_more_official_finds_the_first_day_without_a_free_place():
    book = rows([(KZ, date(2010, 1, 1), None), (KZ, date(2012, 3, 1), date(2012, 3, 31))])
    over = quota_excesses(book, state=KZ, start=date(2011, 1, 1), end=date(2013, 1, 1), extra=1)
    assert [(use.day, use.serving) for use in over] == [(date(2012, 3, 1), 3)]
    assert quota_excesses(book, state=KZ, start=date(2012, 4, 1), end=date(2017, 6, 8), extra=1) == []
    # From 2017-06-09 the quota is one and the open appointment takes it.
    assert quota_excesses(book, state=KZ, start=date(2012, 4, 1), end=None, extra=1)[0].day == V2


def test_the_change_days_hold_starts_days_after_ends_versions_and_membership_edges():
    book = rows(
        [(KZ, date(2010, 1, 1), date(2010, 6, 30))],
        memberships=[(KZ, date(2001, 6, 15), date(2020, 12, 31))],
    )
    assert change_days(book, state=KZ) == [
        date(2001, 6, 15),
        V1,
        date(2010, 1, 1),
        date(2010, 7, 1),
        V2,
        date(2021, 1, 1),
    ]
    assert change_days(book, state=KZ, start=date(2010, 3, 1), end=date(2017, 6, 9)) == [
        date(2010, 3, 1),
        date(2010, 7, 1),
        V2,
    ]


def test_a_version_replaced_before_it_is_saved_is_the_one_read():
    book = rows([(KZ, date(2018, 1, 1), None)]).with_version(V2, {KZ: 0, RU: 5})
    assert quota_use(book, state=KZ, day=date(2018, 1, 1)).free == -1


def test_line_faults_name_what_breaks_rule_2():
    assert not line_faults(places={KZ: 2, RU: 3}, members={KZ, RU}, size=5)
    faults = line_faults(places={KZ: -1, MN: 3}, members={KZ, RU}, size=5)
    assert faults.not_members == {MN} and faults.missing == {RU} and faults.negative and faults.total == 2


@pytest.mark.django_db
def test_the_pages_sql_agrees_with_the_rule_on_a_generated_history():
    call_command("generate_history", seed=2, scale=0.02, verbosity=0)
    book = quota_rows()
    states = list(State.objects.all())
    days = [date(2004, 1, 15), date(2010, 6, 30), date(2015, 7, 10), date(2017, 6, 9), date.today()]
    days += [day - timedelta(days=1) for day in book.version_days[-3:]] + book.version_days[-3:]
    compared = 0
    for day in days:
        sql = {row.pk: row for row in quota_use_on(day)}
        for state in states:
            use = quota_use(book, state=state.pk, day=day)
            if state.pk in sql:
                row = sql[state.pk]
                assert (row.quota, row.serving, row.free) == (use.quota, use.serving, use.free), (state, day)
                compared += 1
            else:
                # Not a member that day: no quota, and no official of theirs serves.
                assert quota.is_member_on(book, state=state.pk, day=day) is False, (state, day)
                assert (use.quota, use.serving) == (0, 0), (state, day)
    assert compared > 50


@pytest.mark.django_db
def test_each_quota_version_is_the_largest_remainder_apportionment_of_its_shares(demo):
    versions = QuotaVersion.objects.prefetch_related("lines__state").order_by("effective_date")
    assert [v.effective_date for v in versions] == [
        date(2004, 1, 15), date(2017, 6, 9), date(2023, 7, 4), date(2024, 7, 4), date(2025, 1, 1),
    ]  # fmt: skip
    for version in versions:
        lines = {line.state.code: line for line in version.lines.all()}
        shares = {code: line.budget_share for code, line in lines.items()}
        places = {code: line.places for code, line in lines.items()}
        assert largest_remainder(shares, version.establishment_size) == places
        assert codes(State.objects.members_on(version.effective_date)) == set(lines)
        assert version.basis.startswith("Illustrative")


@pytest.mark.django_db
def test_largest_remainder_gives_exact_shares_exactly():
    assert largest_remainder({"A": 50, "B": 30, "C": 20}, 10) == {"A": 5, "B": 3, "C": 2}


@pytest.mark.django_db
def test_largest_remainder_gives_the_textbook_result():
    # The classic example: 100,000 votes, 10 seats, Hare quota 10,000.
    votes = {"A": 47_000, "B": 16_000, "C": 15_800, "D": 12_000, "E": 6_100, "F": 3_100}
    assert largest_remainder(votes, 10) == {"A": 5, "B": 2, "C": 1, "D": 1, "E": 1, "F": 0}


@pytest.mark.django_db
def test_largest_remainder_has_the_alabama_paradox_so_a_version_keeps_its_places():
    # One more seat to share costs C a seat: why a quota version stores places, not a rule.
    assert largest_remainder({"A": 6, "B": 6, "C": 2}, 10) == {"A": 4, "B": 4, "C": 2}
    assert largest_remainder({"A": 6, "B": 6, "C": 2}, 11) == {"A": 5, "B": 5, "C": 1}


@pytest.mark.django_db
def test_largest_remainder_breaks_ties_by_the_larger_share_then_by_key_order():
    assert largest_remainder({"A": 25, "B": 75}, 2) == {"A": 0, "B": 2}
    assert largest_remainder({"B": 1, "A": 1, "C": 1}, 2) == {"A": 1, "B": 1, "C": 0}
    # The 2003 scale: China and Russia tie exactly and both get a remaining post.
    scale = {"KZ": Decimal(20), "CN": Decimal("23.5"), "KG": Decimal(12), "RU": Decimal("23.5"),
             "TJ": Decimal(6), "UZ": Decimal(15)}  # fmt: skip
    assert largest_remainder(scale, 36) == {"KZ": 7, "CN": 9, "KG": 4, "RU": 9, "TJ": 2, "UZ": 5}


@pytest.mark.django_db
def test_largest_remainder_always_shares_every_seat_within_one_of_the_exact_quota():
    rng = random.Random(2004)
    for _ in range(200):
        shares = {f"S{i}": rng.randint(1, 500) for i in range(rng.randint(1, 12))}
        seats = rng.randint(0, 60)
        result = largest_remainder(shares, seats)
        assert sum(result.values()) == seats
        total = sum(shares.values())
        for key, share in shares.items():
            exact = Fraction(share * seats, total)
            assert exact - 1 < result[key] < exact + 1


@pytest.mark.django_db
def test_largest_remainder_refuses_nothing_to_share_by():
    with pytest.raises(ValueError):
        largest_remainder({"A": 0}, 3)
