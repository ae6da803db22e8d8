"""Dates written as Django's date filter writes them, in every language."""

from datetime import UTC, date, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from core.dates import format_date

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
