"""Sign-in with a second factor, enrolment, recovery codes, the access review and resets."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.forms import add_service_error
from core.lists import RecordListView

from . import services, signin
from .filters import AccessFilter
from .forms import CodeForm, EnrolForm
from .models import FactorEvent
from .qr import qr_svg, secret_text
from .tables import AccessTable, access_review_rows

# The recovery codes just made, kept in the session until the page that shows them once.
NEW_RECOVERY_CODES = "new_recovery_codes"


def next_url(request) -> str:
    """Where to go once signed in: `next` if it is a path on this site, else the dashboard.
    (A bare word such as `abc` is not a path: `redirect()` would take it for a URL name.)"""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url("dashboard")


class SignInView(auth_views.LoginView):
    """The password; then, if the account has or needs a second factor, that step."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        step = signin.step_for(user)
        if step is None:
            signin.complete(self.request, user, device=None)
            return redirect(self.get_success_url())
        signin.begin(self.request, user, step)
        return redirect(signin.step_url(step, self.get_success_url()))


def locked_out(request, user):
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        signin.end(request)
        return get_lockout_response(request, None, credentials)
    return None


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify(request):
    """The code page: the account's password was right, its second factor is asked."""
    user = signin.pending_user(request, signin.CODE)
    if user is None:
        return redirect(next_url(request) if request.user.is_authenticated else "login")
    if (response := locked_out(request, user)) is not None:
        return response
    form = CodeForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            signin.complete(request, user, form.device)
            if form.used_recovery_code:
                services.recovery_code_used(user=user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(left)s recovery codes are left."
                    )
                    % {"left": services.recovery_codes_left(user=user)},
                )
            return redirect(next_url(request))
        signin.count_failure(request, user)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url(request), "account": user})


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol(request):
    """Setting up the second factor: at the first sign-in (the account is pending), or
    later by a signed-in account that has none (a viewer who wants one)."""
    pending = not request.user.is_authenticated
    user = signin.pending_user(request, signin.ENROL) if pending else request.user
    if user is None:
        return redirect("login")
    if not pending and user_has_device(user, confirmed=True):
        return render(
            request,
            "accounts/factor.html",
            {
                "enrolled": FactorEvent.objects.filter(user=user, kind=FactorEvent.Kind.ENROLLED).first(),
                "codes_left": services.recovery_codes_left(user=user),
            },
        )
    if pending and (response := locked_out(request, user)) is not None:
        return response
    device = services.enrolment_device(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.factor_enrol(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_error(form, error)
            if pending:
                signin.count_failure(request, user)
        else:
            device.refresh_from_db()
            if pending:
                signin.complete(request, user, device)
            else:
                signin.mark_verified(request, device)
            request.session[NEW_RECOVERY_CODES] = codes
            return redirect(f"{reverse('accounts:recovery-codes')}?{urlencode({'next': next_url(request)})}")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": next_url(request),
            "qr": qr_svg(device),
            "secret": secret_text(device),
            "account": user,
            "pending": pending,
        },
    )


@never_cache
def recovery_codes(request):
    """The ten recovery codes of a new factor, shown once: reloading shows them no more."""
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    if not codes:
        return redirect("accounts:enrol")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url(request)})


class AccessReviewView(RecordListView):
    """Every account: role, last sign-in, second factor, lockout; for administrators."""

    permission_required = "auth.change_user"
    table_class = AccessTable
    filterset_class = AccessFilter
    title = _lazy("Access review")
    export_name = "access-review"
    notice = _lazy(
        "Records officers and administrators sign in with a second factor. "
        "An account is locked for 15 minutes after five failed passwords or codes."
    )

    def get_queryset(self):
        return access_review_rows()


@permission_required("auth.change_user", raise_exception=True)
@never_cache
def factor_reset(request, pk: int):
    """Reset an account's second factor (asks first): it enrols again at next sign-in."""
    account = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        try:
            services.factor_reset(user=account, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The second factor of %(account)s was reset: they set up a new one at their next sign-in.")
                % {"account": account.get_username()},
            )
        return redirect("accounts:access-review")
    return render(
        request,
        "accounts/factor_reset.html",
        {
            "account": account,
            "has_factor": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
            "events": FactorEvent.objects.filter(user=account).select_related("actor")[:10],
        },
    )
