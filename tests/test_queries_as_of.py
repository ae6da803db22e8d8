"""Every "as of a date" query answers in ONE SQL query, whatever the size of the data.

Each query runs on two worlds, one with a single extra member state and one with eight
(more states, posts, appointments, terms and representatives), and must return the right
rows in both with exactly one query: the pages that use them stay constant in their rows.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest

from secretariat.models import PermanentRepresentative, SecretaryGeneralTerm, State
from staffing.models import Appointment, Post, QuotaLine, QuotaStatus, quota_use_on
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2020, 6, 1)


@dataclass
class World:
    states: dict[str, State]
    extras: list[State]
    serving: set[int] = field(default_factory=set)
    holders: dict[str, str | None] = field(default_factory=dict)  # post code -> holder's name on DAY
    terms: dict[str, SecretaryGeneralTerm] = field(default_factory=dict)
    representatives: dict[str, PermanentRepresentative] = field(default_factory=dict)

    @property
    def vacant(self) -> set[str]:
        return {code for code, name in self.holders.items() if name is None}


@pytest.fixture(params=[1, 8], ids=["one-extra-state", "eight-extra-states"])
def world(request, founders) -> World:
    """Founders, India and Pakistan, `n` more members, and posts, quota, terms and representatives.

    On DAY (1 June 2020) Kazakhstan is below its quota, Russia at it, China over it (a row
    written past the service) and Kyrgyzstan, Tajikistan and Uzbekistan unrepresented.
    """
    n = request.param
    states = {**founders, **factories.india_and_pakistan()}
    extras = [factories.member_state() for _ in range(n)]
    world = World(states=states, extras=extras)
    department = factories.DepartmentFactory()

    places = {state: 2 for state in founders.values()} | {state: n + 1 for state in extras}
    # India's line counts only from its membership on 9 June 2017.
    factories.quota(places | {states["IN"]: 3}, effective_date=date(2004, 1, 1))
    factories.quota(
        {state: 4 for state in states.values()} | dict.fromkeys(extras, 1), effective_date=date(2021, 1, 1)
    )

    def post(**kwargs) -> Post:
        return factories.PostFactory(department=department, **kwargs)

    def appoint(state: State, start: date, end: date | None = None, on: Post | None = None) -> Appointment:
        appointment = factories.AppointmentFactory(
            nominated_by=state,
            post=on or post(),
            start_date=start,
            end_date=end,
            end_reason="resigned" if end else "",
            planned_end_date=None,
        )
        if appointment.is_on(DAY):
            world.serving.add(appointment.pk)
        world.holders[appointment.post.code] = (
            appointment.person.name_latin if appointment.is_on(DAY) else None
        )
        return appointment

    appoint(states["KZ"], date(2018, 1, 1))
    appoint(states["KZ"], date(2015, 1, 1), date(2019, 12, 31))  # left: its post is vacant on DAY
    appoint(states["RU"], date(2019, 1, 1))
    appoint(states["RU"], date(2020, 6, 1))  # starts on DAY itself
    appoint(states["CN"], date(2016, 1, 1))
    appoint(states["CN"], date(2017, 1, 1))
    appoint(states["UZ"], date(2021, 1, 1))  # not started yet on DAY: its post is vacant then
    for state in extras:
        appoint(state, date(2019, 1, 1))
    # A third Chinese official past the service (bulk_create skips every check): the only
    # way "over quota" can arise, and the report must show it.
    extra_post = post()
    chinese = factories.PersonFactory(nationality=states["CN"])
    (over,) = Appointment.objects.bulk_create(
        [Appointment(person=chinese, post=extra_post, nominated_by=states["CN"], start_date=date(2020, 1, 1))]
    )
    world.serving.add(over.pk)
    world.holders[extra_post.code] = chinese.name_latin
    # Technical staff hold a post but are not officials: they count against no quota.
    technical = factories.PostFactory(department=department, technical=True)
    clerk = factories.PersonFactory(nationality=states["CN"])
    Appointment.objects.create(person=clerk, post=technical, start_date=date(2010, 1, 1))
    world.holders[technical.code] = clerk.name_latin
    for _ in range(n):
        world.holders[post().code] = None
    post(start_date=date(2004, 1, 1), end_date=date(2015, 12, 31))  # abolished before DAY
    post(start_date=date(2021, 1, 1))  # created after DAY

    for index in range(n):
        factories.SecretaryGeneralTermFactory(
            nominating_state=founders["TJ"],
            start_date=date(2004 + index, 1, 1),
            end_date=date(2004 + index, 12, 31),
        )
    for key, state, start, end in (
        ("norov", "UZ", date(2019, 1, 1), date(2021, 12, 31)),
        ("zhang", "CN", date(2022, 1, 1), date(2024, 12, 31)),
        ("yermekbayev", "KZ", date(2025, 1, 1), None),
    ):
        world.terms[key] = factories.SecretaryGeneralTermFactory(
            nominating_state=states[state], start_date=start, end_date=end
        )

    factories.PermanentRepresentativeFactory(
        state=states["KZ"], start_date=date(2015, 1, 1), end_date=date(2020, 5, 31)
    )
    world.representatives["KZ"] = factories.PermanentRepresentativeFactory(
        state=states["KZ"], start_date=date(2020, 6, 1)
    )
    for state in extras:
        world.representatives[state.code] = factories.PermanentRepresentativeFactory(state=state)
    return world


def test_member_states_on_a_date_is_one_query(world, django_assert_num_queries):
    founders_and_extras = {"CN", "KZ", "KG", "RU", "TJ", "UZ"} | {state.code for state in world.extras}
    with django_assert_num_queries(1):
        in_2010 = {state.code for state in State.objects.members_on(date(2010, 6, 1))}
    with django_assert_num_queries(1):
        on_day = {state.code for state in State.objects.members_on(DAY)}
    assert in_2010 == founders_and_extras
    assert on_day == founders_and_extras | {"IN", "PK"}


def test_quota_lines_on_a_date_is_one_query_and_only_members_hold_quota(world, django_assert_num_queries):
    india = world.states["IN"]
    with django_assert_num_queries(1):
        in_2010 = {line.state_id: line.places for line in QuotaLine.objects.on(date(2010, 6, 1))}
    with django_assert_num_queries(1):
        on_day = {line.state_id: line.places for line in QuotaLine.objects.on(DAY)}
    with django_assert_num_queries(1):
        in_2021 = {line.state_id: line.places for line in QuotaLine.objects.on(date(2021, 1, 1))}
    assert india.pk not in in_2010  # a line, but India was an observer then
    assert on_day[india.pk] == 3 and on_day[world.states["KZ"].pk] == 2
    assert len(on_day) == 7 + len(world.extras)  # Pakistan has no line in the 2004 version
    assert in_2021[world.states["PK"].pk] == 4 and in_2021[world.extras[0].pk] == 1


def test_serving_officials_on_a_date_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        serving = {appointment.pk for appointment in Appointment.objects.serving(DAY)}
    assert serving == world.serving


def test_quota_use_on_a_date_is_one_query_with_each_status(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        use = {row.code: (row.quota, row.serving, row.free, row.status) for row in quota_use_on(DAY)}
    assert use["KZ"] == (2, 1, 1, QuotaStatus.BELOW)
    assert use["RU"] == (2, 2, 0, QuotaStatus.AT)
    assert use["CN"] == (2, 3, -1, QuotaStatus.OVER)
    assert use["UZ"] == (2, 0, 2, QuotaStatus.UNREPRESENTED)
    assert use["IN"] == (3, 0, 3, QuotaStatus.UNREPRESENTED)
    assert use["PK"] == (0, 0, 0, QuotaStatus.UNREPRESENTED)
    size = len(world.extras)
    assert all(use[state.code] == (size + 1, 1, size, QuotaStatus.BELOW) for state in world.extras)
    assert set(use) == {state.code for state in State.objects.members_on(DAY)}


@pytest.mark.parametrize(
    ("day", "head"),
    [(date(2021, 12, 31), "norov"), (date(2022, 1, 1), "zhang"), (date(2030, 1, 1), "yermekbayev")],
)
def test_the_head_on_a_date_is_one_query(world, django_assert_num_queries, day, head):
    expected = world.terms[head]
    with django_assert_num_queries(1):
        term = SecretaryGeneralTerm.objects.head_on(day)
        shown = (term.person.name_latin, term.nominating_state.code)
    assert term == expected
    assert shown == (expected.person.name_latin, expected.nominating_state.code)


def test_no_head_before_the_first_term_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert SecretaryGeneralTerm.objects.head_on(date(2003, 12, 31)) is None


def test_the_representative_of_a_state_on_a_date_is_one_query(world, django_assert_num_queries):
    kz = world.states["KZ"]
    with django_assert_num_queries(1):
        current = PermanentRepresentative.objects.of_state_on(kz, DAY)
        name = current.person.name_latin
    assert current == world.representatives["KZ"] and name == current.person.name_latin
    with django_assert_num_queries(1):
        assert PermanentRepresentative.objects.of_state_on(world.states["KG"], DAY) is None
    with django_assert_num_queries(1):
        previous = PermanentRepresentative.objects.of_state_on(kz, date(2020, 5, 31))
    assert previous != current and previous.end_date == date(2020, 5, 31)


def test_vacant_posts_on_a_date_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        vacant = {post.code for post in Post.objects.vacant_on(DAY)}
    assert vacant == world.vacant


def test_the_staffing_table_on_a_date_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {
            post.code: (post.holder_name, post.department.name_en)
            for post in Post.objects.for_staffing_table(DAY)
        }
    assert {code: holder for code, (holder, _department) in rows.items()} == world.holders
