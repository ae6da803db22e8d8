"""Every request of a session that should have passed the second factor and has not."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from . import signin


class SecondFactorMiddleware:
    """Closes every page to a session that lacks its second factor.

    A signed-in session that should have given it (opened before the factor was required,
    its factor reset since, its role raised since) is signed out and sent to sign in again.
    A visitor whose password was right and whose code is still to come is sent to the code
    (or enrolment) page from every page that needs sign-in, not to the sign-in page.
    Goes after django-otp's OTPMiddleware (which tells whether the session is verified)
    and before LoginRequiredMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if signin.factor_missing(request):
            logout(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        step = signin.pending_step(request)
        if step is None:
            return None
        return redirect(signin.step_url(step, request.get_full_path()))
