"""Addresses of records, built as reverse() builds them."""

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from core.links import url_for

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
