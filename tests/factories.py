"""Factories for every model; related rows are consistent (officials are nationals of their state)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from secretariat.models import (
    Department,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)
from staffing.models import Appointment, Category, Post, QuotaLine, QuotaVersion

FOUNDED = date(2001, 6, 15)
FOUNDERS = [
    ("CN", "CHN", "China", "Китай", "中国"),
    ("KZ", "KAZ", "Kazakhstan", "Казахстан", "哈萨克斯坦"),
    ("KG", "KGZ", "Kyrgyzstan", "Кыргызстан", "吉尔吉斯斯坦"),
    ("RU", "RUS", "Russia", "Россия", "俄罗斯"),
    ("TJ", "TJK", "Tajikistan", "Таджикистан", "塔吉克斯坦"),
    ("UZ", "UZB", "Uzbekistan", "Узбекистан", "乌兹别克斯坦"),
]


class StateFactory(DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("code",)

    # The sequence runs for the whole session and `code` is get-or-create: a generated code
    # equal to a real one ("CN" after 65 states) would quietly return that real state, its
    # standing included. Generated codes therefore start with Q, X or Z, the letters
    # ISO 3166 keeps for user-assigned codes, and no test gives such a code itself.
    code = factory.Sequence(lambda n: f"{'QXZ'[(n // 26) % 3]}{chr(65 + n % 26)}")
    iso3 = factory.LazyAttribute(lambda o: f"{o.code}X")
    name_en = factory.Sequence(lambda n: f"State {n}")
    name_ru = factory.LazyAttribute(lambda o: f"Государство {o.code}")
    name_zh = factory.LazyAttribute(lambda o: f"国家{o.code}")


class StandingFactory(DjangoModelFactory):
    class Meta:
        model = Standing

    state = factory.SubFactory(StateFactory)
    status = Standing.Status.MEMBER
    start_date = FOUNDED
    end_date = None


def member_state(code: str = None, since: date = FOUNDED, **kwargs) -> State:
    """A state that is a member from `since`, open-ended."""
    state = StateFactory(code=code, **kwargs) if code else StateFactory(**kwargs)
    StandingFactory(state=state, start_date=since)
    return state


def founding_members() -> dict[str, State]:
    states = {}
    for code, iso3, en, ru, zh in FOUNDERS:
        state = StateFactory(code=code, iso3=iso3, name_en=en, name_ru=ru, name_zh=zh)
        if not state.standings.exists():
            StandingFactory(state=state, start_date=FOUNDED)
        states[code] = state
    return states


OBSERVERS_FROM = date(2005, 7, 5)
ASTANA_2017 = date(2017, 6, 9)


def state_with_standings(code: str, iso3: str, name_en: str, *periods: tuple) -> State:
    """A state with the standings given as (status, start, end) periods, end None for ongoing."""
    state = StateFactory(code=code, iso3=iso3, name_en=name_en)
    for status, start, end in periods:
        StandingFactory(state=state, status=status, start_date=start, end_date=end)
    return state


def india_and_pakistan() -> dict[str, State]:
    """Observers from 5 July 2005, members from 9 June 2017 (the Astana summit)."""
    history = (
        (Standing.Status.OBSERVER, OBSERVERS_FROM, date(2017, 6, 8)),
        (Standing.Status.MEMBER, ASTANA_2017, None),
    )
    return {
        "IN": state_with_standings("IN", "IND", "India", *history),
        "PK": state_with_standings("PK", "PAK", "Pakistan", *history),
    }


class SecretariatFactory(DjangoModelFactory):
    class Meta:
        model = Secretariat
        django_get_or_create = ("id",)

    id = 1
    name_en = "SCO Secretariat"
    seat_en = "Beijing"
    host_state = factory.LazyFunction(
        lambda: StateFactory(code="CN", iso3="CHN", name_en="China", name_ru="Китай", name_zh="中国")
    )
    establishment_size = 36
    opened_on = date(2004, 1, 15)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"department-{n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    name_ru = factory.Sequence(lambda n: f"Департамент {n}")
    name_zh = factory.Sequence(lambda n: f"部门{n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name_latin = factory.Sequence(lambda n: f"Person {n}")
    name_original = factory.Sequence(lambda n: f"Персона {n}")
    nationality = factory.SubFactory(StateFactory)
    is_fictional = True


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    code = factory.Sequence(lambda n: f"P-{n:03d}")
    title_en = factory.Sequence(lambda n: f"Counsellor {n}")
    title_ru = factory.Sequence(lambda n: f"Советник {n}")
    title_zh = factory.Sequence(lambda n: f"参赞{n}")
    department = factory.SubFactory(DepartmentFactory)
    grade = Post.Grade.COUNSELLOR
    category = Category.OFFICIAL
    start_date = date(2004, 1, 1)

    class Params:
        technical = factory.Trait(category=Category.TECHNICAL, grade=Post.Grade.TECHNICAL)


class QuotaVersionFactory(DjangoModelFactory):
    class Meta:
        model = QuotaVersion

    effective_date = date(2004, 1, 1)
    establishment_size = 36
    basis = "test"


class QuotaLineFactory(DjangoModelFactory):
    class Meta:
        model = QuotaLine

    version = factory.SubFactory(QuotaVersionFactory)
    state = factory.SubFactory(StateFactory)
    places = 6


def quota(places: dict[State, int], effective_date: date = date(2004, 1, 1)) -> QuotaVersion:
    """A quota version written directly (tests that need a quota not summing to 36 use this)."""
    version = QuotaVersionFactory(effective_date=effective_date)
    for state, value in places.items():
        QuotaLineFactory(version=version, state=state, places=value)
    return version


class AppointmentFactory(DjangoModelFactory):
    """An official appointment; the person is a national of the nominating state."""

    class Meta:
        model = Appointment

    post = factory.SubFactory(PostFactory)
    nominated_by = factory.SubFactory(StateFactory)
    person = factory.SubFactory(PersonFactory, nationality=factory.SelfAttribute("..nominated_by"))
    start_date = date(2020, 1, 1)
    planned_end_date = date(2023, 12, 31)


class SecretaryGeneralTermFactory(DjangoModelFactory):
    class Meta:
        model = SecretaryGeneralTerm

    nominating_state = factory.SubFactory(StateFactory)
    person = factory.SubFactory(PersonFactory, nationality=factory.SelfAttribute("..nominating_state"))
    title = SecretaryGeneralTerm.Title.SECRETARY_GENERAL
    start_date = date(2019, 1, 1)
    end_date = date(2021, 12, 31)


class DeputySecretaryGeneralTermFactory(DjangoModelFactory):
    class Meta:
        model = DeputySecretaryGeneralTerm

    nominating_state = factory.SubFactory(StateFactory)
    person = factory.SubFactory(PersonFactory, nationality=factory.SelfAttribute("..nominating_state"))
    start_date = date(2019, 1, 1)
    end_date = date(2021, 12, 31)


class PermanentRepresentativeFactory(DjangoModelFactory):
    class Meta:
        model = PermanentRepresentative

    state = factory.SubFactory(StateFactory)
    person = factory.SubFactory(PersonFactory, nationality=factory.SelfAttribute("..state"))
    start_date = date(2020, 1, 1)
    end_date = None
