"""The foundation: sign-in everywhere, the health check, settings from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db

# The only addresses an anonymous visitor may open (the language switch is on the sign-in page).
PUBLIC = {"login", "healthz", "admin:login", "set_language"}
SAMPLE_ARGS = {"int": "1", "str": "XX", "slug": "x", "path": "x"}


def url_patterns(resolver: URLResolver = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project as (name, example path)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, prefix + route, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", example_path(prefix + route)


def example_path(route: str) -> str:
    import re

    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route


def test_every_page_but_sign_in_and_health_redirects_an_anonymous_visitor(client):
    checked = 0
    for name, path in url_patterns():
        if name in PUBLIC or path.startswith("/static/"):
            continue
        response = client.get(path)
        assert response.status_code in (301, 302, 404), f"{name} {path} answered {response.status_code}"
        if response.status_code == 302:
            assert "login" in response.url, f"{name} {path} redirected to {response.url}"
        checked += 1
    assert checked > 20


def test_the_sign_in_page_and_the_health_check_answer_without_sign_in(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_logout_is_a_post(client, django_user_model):
    user = django_user_model.objects.create_user("someone", password="a-long-password-1")
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a real deployment has no such
    # variable, and the deploy check rightly warns about it.
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="False", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_mode_passes_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="x" * 20 + "-a-long-random-secret-for-the-test-0123456789",
        ALLOWED_HOSTS="records.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
