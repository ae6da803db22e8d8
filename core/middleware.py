"""Requests no page can answer, refused before any view: a NUL character in the address."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    """A NUL character (U+0000) in the path or the query string gets 400 Bad Request.

    No record holds one and PostgreSQL refuses it in any text, so a search, a filter or a
    record's code carrying one would fail in the database instead of answering "not found".
    Forms refuse it at the field already (Django's CharField); this covers what is read
    outside forms: URL arguments and query parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest(_("The address holds a character no record can hold (NUL)."))
        return self.get_response(request)
