from datetime import date, timedelta

import pytest
from django.db import connection

from secretariat import services as secretariat_services
from secretariat.models import Standing, State
from staffing import services
from staffing.models import Appointment, Post
from tests import factories
from tests.helpers import load_demo, user_in
from tests.world import DAY, World


def pytest_collection_modifyitems(config, items):
    # PostgreSQL-only safeguards (exclusion constraints, row locks) are tested there only.
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="module")
def demo_committed(django_db_setup, django_db_blocker):
    """The demo, loaded once for each module that uses it and committed; wiped when the module ends.

    Loading takes about a second; each test still runs in its own transaction, so what
    a test changes (even a reset or a wipe) is rolled back before the next one.
    """
    from staffing.management.commands.load_demo import wipe

    with django_db_blocker.unblock():
        load_demo()
        try:
            yield
        finally:
            wipe()


@pytest.fixture
def demo(demo_committed, db) -> None:
    """The demo data as `load_demo` left it (each test's changes are rolled back)."""


@pytest.fixture
def secretariat(db):
    """The Secretariat with China as host and the six founders as members since 2001."""
    return factories.SecretariatFactory()


@pytest.fixture
def founders(secretariat):
    return factories.founding_members()


@pytest.fixture
def today():
    return date.today()


@pytest.fixture
def viewer(db):
    return user_in("viewer", "viewer")


@pytest.fixture
def staffed(founders):
    """Six founders with 6 places each, an official post per state, one serving official each."""
    factories.quota({state: 6 for state in founders.values()}, effective_date=date(2004, 1, 15))
    department = factories.DepartmentFactory(code="political")
    appointments = []
    for state in founders.values():
        appointments.append(
            factories.AppointmentFactory(
                nominated_by=state,
                post__department=department,
                start_date=date(2020, 1, 1),
                planned_end_date=date.today() + timedelta(days=30),
            )
        )
    return appointments


@pytest.fixture
def superuser(django_user_model):
    # No password: hashing one costs a second per test, and force_login needs none.
    return django_user_model.objects.create_superuser("admin", "admin@example.org", None)


@pytest.fixture
def admin_client(client, superuser):
    # force_login, not login: django-axes wants a request for every password sign-in.
    client.force_login(superuser)
    return client


@pytest.fixture
def records(founders):
    """A little of everything, written through the services as the pages would."""
    states = {**founders, **factories.india_and_pakistan()}
    states["MN"] = factories.state_with_standings(
        "MN",
        "MNG",
        "Mongolia",
        (Standing.Status.OBSERVER, date(2004, 6, 17), date(2025, 8, 31)),
        (Standing.Status.PARTNER, date(2025, 9, 1), None),
    )
    services.quota_version_publish(effective_date=date(2004, 1, 15), places={s: 6 for s in founders.values()})
    eight = [*founders.values(), states["IN"], states["PK"]]
    services.quota_version_publish(
        effective_date=date(2017, 6, 9), places=dict(zip(eight, [5, 5, 5, 5, 4, 4, 4, 4], strict=True))
    )
    department = factories.DepartmentFactory(code="political", name_en="Political department")
    for code in ("KZ", "RU"):
        services.appointment_create(
            person=factories.PersonFactory(nationality=states[code]),
            post=factories.PostFactory(department=department),
            nominated_by=states[code],
            start_date=date(2020, 1, 1),
        )
    services.appointment_create(
        person=factories.PersonFactory(nationality=states["CN"]),
        post=factories.PostFactory(department=department, technical=True),
        start_date=date(2015, 1, 1),
    )
    secretariat_services.term_create(
        term=factories.SecretaryGeneralTermFactory.build(
            nominating_state=states["UZ"],
            person=factories.PersonFactory(name_latin="Vladimir Norov", nationality=states["UZ"]),
        )
    )
    secretariat_services.deputy_term_create(
        term=factories.DeputySecretaryGeneralTermFactory.build(
            nominating_state=states["RU"], person=factories.PersonFactory(nationality=states["RU"])
        )
    )
    secretariat_services.representative_create(
        representative=factories.PermanentRepresentativeFactory.build(
            state=states["KZ"], person=factories.PersonFactory(nationality=states["KZ"])
        )
    )
    return states


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
