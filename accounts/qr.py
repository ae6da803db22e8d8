"""The QR code of a new authenticator key, drawn by the app as SVG (nothing from outside)."""

from __future__ import annotations

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG, sized by the stylesheet."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    # Drop the fixed size in millimetres: the stylesheet sizes it; the viewBox keeps its shape.
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    # Generated from the key alone (no user input), so it is safe to put in the page as is.
    return mark_safe(svg.replace("<svg ", '<svg class="qr" role="img" ', 1))  # noqa: S308


def secret_text(device: TOTPDevice) -> str:
    """The key as the apps ask for it when typed: base32, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
