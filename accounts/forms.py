"""The code asked at sign-in and the code that confirms an enrolment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp import devices_for_user, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice


def code_field(help_text) -> forms.CharField:
    return forms.CharField(
        label=pgettext_lazy("one-time code", "Code"),
        max_length=16,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def normalised(code: str) -> str:
    # Codes are read aloud and copied: spaces and case do not matter.
    return "".join(code.split()).lower()


class CodeForm(forms.Form):
    """The second factor at sign-in: the authenticator's code, or one recovery code."""

    code = code_field(_("The six digits your authenticator app shows, or one of your recovery codes."))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device: Device | None = None
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True

    def clean_code(self) -> str:
        code = normalised(self.cleaned_data["code"])
        # Each device is checked under its row lock (django_otp.verify_token): a code, or a
        # recovery code, is accepted once however many requests bring it at the same time.
        for device in devices_for_user(self.user):
            if verify_token(self.user, device.persistent_id, code):
                self.device = device
                return code
        raise forms.ValidationError(
            _("This code is not right. Enter the code your app shows now, or an unused recovery code."),
            code="wrong_code",
        )

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


class EnrolForm(forms.Form):
    """The first code of a new authenticator: proves the key was set up right."""

    code = code_field(_("The six digits your authenticator app shows for this account."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(inputmode="numeric", autofocus=True)

    def clean_code(self) -> str:
        return normalised(self.cleaned_data["code"])
