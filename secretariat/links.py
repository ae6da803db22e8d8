"""Addresses of records, for pages that link hundreds of them."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS, quote

# A value no real argument takes, standing for the argument in the reversed pattern.
_MARKER = "987654321"


def url_for(name: str, argument) -> str:
    """`reverse(name, args=[argument])` for a URL with one argument, at a fraction of the cost.

    reverse() matches the pattern and quotes the result on every call: 50 to 150 µs, a
    third of the staffing table's 420 rows. Here the pattern is reversed once per URL name
    (and script prefix and URLconf), with a marker in place of the argument; each call
    puts the argument, quoted as reverse() quotes it, in the marker's place. For
    arguments that the URL's converter accepts (primary keys, codes).
    """
    prefix, suffix = _pattern(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{prefix}{quote(str(argument), safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"


@lru_cache(maxsize=256)
def _pattern(name: str, script_prefix: str, urlconf) -> tuple[str, str]:
    prefix, _marker, suffix = reverse(name, args=[_MARKER], urlconf=urlconf).rpartition(_MARKER)
    return prefix, suffix
