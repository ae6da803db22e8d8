import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve static files plainly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Nor does WhiteNoise read the collected files (absent on a fresh checkout, which it
    # warned about for every client): it looks files up when asked, as under DEBUG.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests sign in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_as_in_the_demo(request, settings):
    # Tests sign in as the demo does (`make run`: OTP_REQUIRED off, accounts without a factor
    # go straight in); those marked `otp` run as production, which always asks for it.
    settings.OTP_REQUIRED = request.node.get_closest_marker("otp") is not None
