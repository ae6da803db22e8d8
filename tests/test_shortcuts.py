"""The shortcuts of pages with hundreds of rows write what Django would.

Addresses (`url_for`) are the ones reverse() builds; dates (`format_date`) are the ones the
`date` filter writes, in every language of the interface.
"""

from datetime import UTC, date, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from core.dates import format_date
from core.links import url_for
from core.localized import choice_label

ADDRESSES = [
    ("staffing:post-detail", "INF-022"),
    ("staffing:post-detail", "ОТД 1"),  # not ASCII, with a space: quoted as reverse() quotes it
    ("overview:state-detail", "KZ"),
    ("overview:person-detail", 3204),
    ("staffing:appointment-detail", 1),
    ("secretariat:term-detail", 12),
    ("staffing:quota-version-detail", 5),
]


@pytest.mark.parametrize(("name", "argument"), ADDRESSES)
def test_an_address_is_the_one_reverse_builds(name, argument):
    assert url_for(name, argument) == reverse(name, args=[argument])


def test_an_address_follows_the_script_prefix():
    """Served under a prefix (e.g. /records/), every address carries it."""
    before = get_script_prefix()
    set_script_prefix("/records/")
    try:
        assert url_for("overview:person-detail", 7) == reverse("overview:person-detail", args=[7])
        assert url_for("overview:person-detail", 7).startswith("/records/")
    finally:
        set_script_prefix(before)


DAYS = [date(2004, 1, 15), date(2026, 11, 7), date(999, 3, 1), date(2010, 12, 31)]


@pytest.mark.parametrize("language", ["en", "ru", "zh-hans"])
@pytest.mark.parametrize("format_name", ["SHORT_DATE_FORMAT", "DATE_FORMAT", "Y-m-d", "d.m.y", "j E Y"])
def test_a_date_is_written_as_the_date_filter_writes_it(language, format_name):
    with translation.override(language):
        for day in DAYS:
            assert format_date(day, format_name) == date_filter(day, format_name), (day, format_name)


def test_a_missing_date_is_empty_and_a_moment_is_written_as_its_day():
    assert format_date(None) == ""
    assert format_date(datetime(2024, 2, 29, 23, 0, tzinfo=UTC), "Y-m-d") == "2024-02-29"


def test_a_choice_label_is_its_own_classes_in_the_readers_language():
    """Grades and categories share the value "technical" but not the label."""
    from staffing.models import Category, Post

    assert choice_label(Post.Grade, "technical") == "Technical staff"
    assert choice_label(Category, "technical") == "technical staff"
    assert choice_label(Category, "unknown") == "unknown"
    with translation.override("ru"):
        assert choice_label(Category, "official") == str(Category.OFFICIAL.label) != "official"
