"""Idle sessions: ended after SESSION_COOKIE_AGE seconds without a request, written seldom."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

# The key in the session of when it was last pushed forward (seconds since the epoch).
REFRESHED = "refreshed_at"


def mark_refreshed(session) -> None:
    """Push the session's expiry forward if the last push is older than the refresh interval."""
    now = int(timezone.now().timestamp())
    if now - session.get(REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS:
        session[REFRESHED] = now  # marks the session modified: it is saved with the response


def refreshed_at_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in writes the session anyway: it carries the first push, so the first page
    after it does not write again (connected in CoreConfig.ready)."""
    mark_refreshed(request.session)


class IdleSessionMiddleware:
    """Ends a session after SESSION_COOKIE_AGE seconds without a request, writing it at most
    once every SESSION_REFRESH_SECONDS.

    Django's own way, SESSION_SAVE_EVERY_REQUEST, writes the session row on every request:
    an UPDATE in its own transaction, a third of a list page's queries. Here a request
    pushes the expiry forward only when the last push is older than the refresh interval,
    so an idle session ends between SESSION_COOKIE_AGE minus that interval and
    SESSION_COOKIE_AGE after the last request. Goes right after SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (a visitor who never signed in) is not written at all, as before.
        if session is not None and not session.is_empty():
            mark_refreshed(session)
        return response
