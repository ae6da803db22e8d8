"""Browser tests: Chromium driven by Playwright against Django's live server, on the demo data.

One browser for the whole session (pytest-playwright's `browser`), a fresh page and a
fresh database per test: `transaction=True` empties the database after every test, so
the demo is loaded again for each one. Skip them all with `pytest -m "not browser"`.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls
# there unless told that this is deliberate (tests only: the app never runs like this).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = E2E_DIR.parents[1] / "test-artifacts"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "sco-demo-2004")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be on the items before `-m "not browser"` deselects by it.
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test, so fixtures can tell after the test whether it failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a downloaded one: `playwright install` does not work here.
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    # Relative addresses in page.goto() and page.expect_navigation() go to the live server.
    return live_server.url


@pytest.fixture
def page(page):
    # Fail fast: a missing element should fail the journey in seconds, not after 30.
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request, page):
    """Save what the browser showed when a test failed: test-artifacts/<test>.png (git-ignored)."""
    yield
    reports = [getattr(request.node, f"report_{when}", None) for when in ("setup", "call")]
    if any(report is not None and report.failed for report in reports):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)


@pytest.fixture
def demo(transactional_db):
    """The demo data and the accounts admin, officer, officer2 and viewer, as a presenter
    would load them (officer2 sets up a second factor at its first sign-in).

    (The root conftest.py makes password hashing cheap, so the accounts and each sign-in
    cost little; signing in still goes through the real form, sessions and django-axes.)
    """
    call_command("load_demo", stdout=StringIO())
    call_command("demo_accounts", stdout=StringIO())


@pytest.fixture
def sign_in(page, demo):
    """Sign in through the real sign-in form; returns the page, on the dashboard."""

    def sign_in_as(username: str):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("/")
        return page

    return sign_in_as
