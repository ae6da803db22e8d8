"""Factories of the meetings app; related rows are consistent (a meeting's materials are its own)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from meetings.models import Body, Draft, Material, Meeting, Presidency, Rotation
from tests.factories import StateFactory


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"B{n}")
    name_en = factory.LazyAttribute(lambda o: f"Council {o.code}")
    name_ru = factory.LazyAttribute(lambda o: f"Совет {o.code}")
    name_zh = factory.LazyAttribute(lambda o: f"理事会{o.code}")
    rotation = Rotation.SCO


def heads_of_state() -> Body:
    return BodyFactory(
        code="CHS",
        name_en="Council of Heads of State",
        name_ru="Совет глав государств",
        name_zh="元首理事会",
        rotation=Rotation.SCO,
        position=1,
    )


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    # Created even when the meeting is only built: services take a built meeting.
    body = factory.LazyFunction(lambda: BodyFactory())
    number = factory.Sequence(lambda n: n + 1)
    start_date = factory.Sequence(lambda n: date(2001 + n, 6, 15))
    city_en = "Bishkek"
    city_ru = "Бишкек"
    city_zh = "比什凯克"
    host_state = None
    status = Meeting.Status.HELD


class PresidencyFactory(DjangoModelFactory):
    class Meta:
        model = Presidency

    rotation = Rotation.SCO
    state = factory.LazyFunction(lambda: StateFactory())
    start_date = date(2023, 7, 4)
    end_date = date(2024, 7, 3)


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material

    meeting = factory.LazyFunction(lambda: MeetingFactory())
    title_en = factory.Sequence(lambda n: f"Draft agenda {n}")


class DraftFactory(DjangoModelFactory):
    class Meta:
        model = Draft

    reference = factory.Sequence(lambda n: f"D-T-{n:03d}")
    title_en = factory.Sequence(lambda n: f"Draft agreement {n}")
    title_ru = factory.Sequence(lambda n: f"Проект соглашения {n}")
    title_zh = factory.Sequence(lambda n: f"协定草案{n}")
    kind = Draft.Kind.AGREEMENT
    received_on = date(2026, 1, 10)
