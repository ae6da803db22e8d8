"""The demo data: real SCO facts, illustrative quotas and a fictional staff that obeys every rule."""

import json
import shutil
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from secretariat.models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)
from staffing import quota, services
from staffing.audit import audit_rules
from staffing.management.commands.load_demo import DEMO_MODELS, fixture_paths, wipe
from staffing.models import Appointment, Category, Post, QuotaLine, QuotaVersion, quota_rows, quota_use_on
from tests.helpers import codes, load_demo

pytestmark = pytest.mark.django_db


FOUNDERS = {"CN", "KZ", "KG", "RU", "TJ", "UZ"}


MEMBERS = FOUNDERS | {"IN", "PK", "IR", "BY"}


PARTNERS = {
    "MN", "AF", "LK", "TR", "AM", "AZ", "KH", "NP", "EG", "QA", "SA", "BH", "KW", "MV", "MM",
    "AE", "LA",
}  # fmt: skip


@pytest.fixture
def empty(demo) -> None:
    """An empty database: the module's demo deleted inside this test's transaction."""
    wipe()


@pytest.fixture
def local_today() -> date:
    # The app's today (TIME_ZONE), which load_demo moves the contract ends by.
    return timezone.localdate()


def rows_in_fixtures() -> Counter:
    rows = Counter()
    for path in fixture_paths():
        rows.update(row["model"] for row in json.loads(path.read_text(encoding="utf-8")))
    return rows


def rows_in_database() -> Counter:
    return Counter({model._meta.label_lower: model.objects.count() for model in DEMO_MODELS})


def test_load_demo_fills_an_empty_database_with_every_fixture_row_and_breaks_no_rule(empty):
    assert sum(rows_in_database().values()) == 0

    output = load_demo()

    assert "Rule audit: no rule broken" in output
    assert rows_in_database() == rows_in_fixtures()
    assert audit_rules() == []


def test_plain_loaddata_reads_the_same_fixtures_into_an_empty_database(empty):
    call_command("loaddata", *fixture_paths(), verbosity=0)

    assert rows_in_database() == rows_in_fixtures()
    assert audit_rules() == []


def test_loading_twice_leaves_the_data_alone_and_says_so(demo):
    before = rows_in_database()
    last_appointment = Appointment.objects.order_by("-pk").first().pk

    output = load_demo()

    assert "already present" in output and "--reset" in output
    assert rows_in_database() == before
    assert Appointment.objects.order_by("-pk").first().pk == last_appointment


def test_reset_replaces_edited_records_and_their_history_with_the_demo(demo, local_today):
    serving = Appointment.objects.filter(end_date=None).order_by("pk").first()
    services.appointment_end(appointment=serving, end_date=local_today, reason="resigned")
    Person.objects.create(name_latin="Added By Hand", nationality=State.objects.get(code="CN"))
    assert Appointment.history.exists()

    output = load_demo("--reset", "--no-input")

    assert "Loaded the demo data" in output
    assert rows_in_database() == rows_in_fixtures()
    assert Appointment.objects.get(pk=serving.pk).end_date is None
    assert not Person.objects.filter(name_latin="Added By Hand").exists()
    assert not Appointment.history.exists()
    assert audit_rules() == []


def test_reset_asks_first_and_deletes_nothing_unless_told_yes(demo, monkeypatch):
    Person.objects.create(name_latin="Added By Hand", nationality=State.objects.get(code="CN"))
    questions = []

    def answer(reply: str):
        def ask(question: str) -> str:
            questions.append(question)
            return reply

        return ask

    monkeypatch.setattr("builtins.input", answer("no"))
    output = load_demo("--reset")
    assert "Reset cancelled: nothing was deleted." in output
    assert Person.objects.filter(name_latin="Added By Hand").exists()
    (question,) = questions
    assert connection.settings_dict["NAME"] in question and "124 people" in question

    monkeypatch.setattr("builtins.input", answer("yes"))
    assert "Loaded the demo data" in load_demo("--reset")
    assert not Person.objects.filter(name_latin="Added By Hand").exists()


def test_load_demo_refuses_data_that_breaks_a_rule_and_leaves_the_database_empty(empty, settings, tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.BASE_DIR / "fixtures", fixtures)
    staff = json.loads((fixtures / "staff.json").read_text(encoding="utf-8"))
    # A seventh Kazakh official on a vacant post today: Kazakhstan's quota is six.
    staff.append({
        "model": "staffing.appointment", "pk": 9999,
        "fields": {"person": ["Aidos Serikbayev", "KZ"], "post": ["POL-06"], "nominated_by": ["KZ"],
                   "start_date": "2026-01-05", "end_date": None, "planned_end_date": None,
                   "end_reason": ""},
    })  # fmt: skip
    (fixtures / "staff.json").write_text(json.dumps(staff), encoding="utf-8")
    settings.BASE_DIR = tmp_path

    with pytest.raises(CommandError, match="Kazakhstan: 7 officials serving on 2026-01-05"):
        load_demo()

    assert sum(rows_in_database().values()) == 0


def test_eight_heads_in_order_from_zhang_deguang_to_yermekbayev_who_is_still_serving(demo):
    terms = list(SecretaryGeneralTerm.objects.select_related("person", "nominating_state"))

    assert [(t.person.name_latin, t.nominating_state.code) for t in terms] == [
        ("Zhang Deguang", "CN"), ("Bolat Nurgaliyev", "KZ"), ("Muratbek Imanaliev", "KG"),
        ("Dmitry Mezentsev", "RU"), ("Rashid Alimov", "TJ"), ("Vladimir Norov", "UZ"),
        ("Zhang Ming", "CN"), ("Nurlan Yermekbayev", "KZ"),
    ]  # fmt: skip
    assert (terms[0].start_date, terms[0].title) == (date(2004, 1, 15), "executive_secretary")
    assert {t.title for t in terms[1:]} == {"secretary_general"}
    assert (terms[5].start_date, terms[5].end_date) == (date(2019, 1, 1), date(2021, 12, 31))
    assert (terms[6].start_date, terms[6].end_date) == (date(2022, 1, 1), date(2024, 12, 31))
    assert (terms[7].start_date, terms[7].end_date) == (date(2025, 1, 1), None)
    assert "4 Jul 2024 (Astana)" in terms[7].decision
    for earlier, later in zip(terms, terms[1:], strict=False):
        assert later.start_date == earlier.end_date + timedelta(days=1)


def test_ten_member_states_today_and_the_six_founders_in_2005(demo, today):
    assert codes(State.objects.members_on(today)) == MEMBERS
    assert codes(State.objects.members_on(date(2005, 1, 1))) == FOUNDERS
    assert codes(State.objects.with_status_on(today, Standing.Status.PARTNER)) == PARTNERS
    assert State.objects.count() == len(MEMBERS | PARTNERS)


@pytest.mark.parametrize(
    ("code", "day", "status"),
    [
        ("IN", date(2005, 7, 4), None),
        ("IN", date(2005, 7, 5), "observer"),
        ("PK", date(2017, 6, 8), "observer"),
        ("PK", date(2017, 6, 9), "member"),
        ("IR", date(2023, 7, 3), "observer"),
        ("IR", date(2023, 7, 4), "member"),
        ("BY", date(2009, 6, 16), "dialogue_partner"),
        ("BY", date(2015, 7, 10), "observer"),
        ("BY", date(2024, 7, 3), "observer"),
        ("BY", date(2024, 7, 4), "member"),
        ("MN", date(2004, 6, 17), "observer"),
        ("MN", date(2025, 8, 31), "observer"),
        ("MN", date(2025, 9, 1), "partner"),
        ("TR", date(2025, 8, 31), "dialogue_partner"),
        ("LA", date(2025, 8, 31), None),
        ("LA", date(2025, 9, 1), "partner"),
        ("UZ", date(2001, 6, 15), "member"),
    ],
)
def test_a_state_has_the_standing_of_the_reference_on_each_side_of_a_change(demo, code, day, status):
    standing = State.objects.get(code=code).standing_on(day)
    assert (standing.status if standing else None) == status


def test_the_secretariat_opened_in_beijing_in_2004_with_thirty_six_official_posts(demo, today):
    secretariat = Secretariat.objects.current()
    assert (secretariat.host_state.code, secretariat.seat_zh, secretariat.seat_ru) == ("CN", "北京", "Пекин")
    assert (secretariat.opened_on, secretariat.establishment_size) == (date(2004, 1, 15), 36)
    official = Post.objects.on(today).filter(category=Category.OFFICIAL)
    assert official.count() == 36
    assert official.filter(grade=Post.Grade.DEPUTY_SECRETARY_GENERAL).count() == 4
    assert set(official.values_list("department__code", flat=True)) == {
        "leadership", "political", "economic", "humanitarian", "information-analytical",
        "administrative-legal", "international-relations",
    }  # fmt: skip
    technical = Post.objects.on(today).filter(category=Category.TECHNICAL)
    assert set(technical.values_list("department__code", flat=True)) == {"administrative-legal"}


def test_every_member_has_a_real_permanent_representative_today(demo, today):
    representatives = PermanentRepresentative.objects.on(today).select_related("person", "state")
    assert {r.state.code for r in representatives} == MEMBERS
    assert not any(r.person.is_fictional for r in representatives)


def test_the_staff_is_fictional_and_the_heads_are_real(demo):
    staff = Person.objects.filter(appointments__isnull=False).distinct()
    assert staff.exists() and not staff.filter(is_fictional=False).exists()
    assert not Person.objects.filter(head_terms__isnull=False, is_fictional=True).exists()
    technical = Appointment.objects.technical()
    assert set(technical.values_list("person__nationality__code", flat=True)) == {"CN"}
    assert not technical.exclude(nominated_by=None).exists()


def test_deputy_terms_follow_the_deputy_posts_and_avoid_the_heads_state(demo):
    deputies = DeputySecretaryGeneralTerm.objects.all()
    posts = Appointment.objects.filter(post__grade=Post.Grade.DEPUTY_SECRETARY_GENERAL)
    assert sorted(deputies.values_list("person_id", "start_date", "end_date")) == sorted(
        posts.values_list("person_id", "start_date", "end_date")
    )
    for term in SecretaryGeneralTerm.objects.all():
        same_state = deputies.filter(nominating_state=term.nominating_state_id)
        assert not same_state.overlapping(term.start_date, term.end_date).exists()


def test_the_quota_of_2005_covers_only_the_six_founders_and_shares_36_posts(demo):
    lines = QuotaLine.objects.on(date(2005, 1, 1)).select_related("state")
    assert {line.state.code: line.places for line in lines} == {
        "KZ": 7, "CN": 9, "KG": 4, "RU": 9, "TJ": 2, "UZ": 5,
    }  # fmt: skip


def test_the_quota_today_covers_the_ten_members_and_shares_36_posts(demo, today):
    lines = QuotaLine.objects.on(today).select_related("state")
    assert codes(line.state for line in lines) == MEMBERS
    assert sum(line.places for line in lines) == 36
    assert QuotaVersion.objects.effective_on(today).is_illustrative


def test_no_state_is_over_its_quota_today_and_some_have_free_places(demo, today):
    use = list(quota_use_on(today))
    assert len(use) == 10
    assert all(row.serving <= row.quota for row in use)
    assert {row.status for row in use} >= {"at", "below"}


def test_every_official_appointment_passes_the_quota_service_on_every_day(demo):
    # The same rule the audit sweeps, asked the way the appointment form asks it.
    officials = Appointment.objects.officials().select_related("nominated_by")
    for appointment in officials:
        rows = quota_rows(
            states=[appointment.nominated_by_id],
            start=appointment.start_date,
            end=appointment.end_date,
            exclude=appointment.pk,
        )
        assert (
            quota.quota_excesses(
                rows,
                state=appointment.nominated_by_id,
                start=appointment.start_date,
                end=appointment.end_date,
                extra=1,
            )
            == []
        ), appointment


def test_the_quota_versions_use_the_budget_shares_of_the_reference(demo):
    def shares(day: date) -> dict[str, Decimal]:
        lines = QuotaLine.objects.filter(version__effective_date=day).select_related("state")
        return {line.state.code: line.budget_share for line in lines}

    assert shares(date(2004, 1, 15)) == {
        "KZ": Decimal("20"), "CN": Decimal("23.5"), "KG": Decimal("12"), "RU": Decimal("23.5"),
        "TJ": Decimal("6"), "UZ": Decimal("15"),
    }  # fmt: skip
    islamabad = shares(date(2025, 1, 1))
    assert sum(islamabad.values()) == 100
    assert (islamabad["BY"], islamabad["KZ"], islamabad["CN"]) == (
        Decimal("5.8"), Decimal("15.2"), Decimal("17.6"),
    )  # fmt: skip
    # The interim versions take the 2024 shares of the members of their day.
    assert shares(date(2017, 6, 9)) == {code: islamabad[code] for code in MEMBERS - {"IR", "BY"}}


def test_the_demo_has_vacancies_and_contracts_ending_soon_whatever_the_day_it_is_loaded(demo, local_today):
    vacant = Post.objects.vacant_on(local_today).filter(category=Category.OFFICIAL)
    assert 3 <= vacant.count() <= 4
    ending = Appointment.objects.ending_between(local_today, local_today + timedelta(days=90))
    assert 3 <= ending.count() <= 4
    assert not Appointment.objects.filter(end_date=None, planned_end_date__lt=local_today).exists()
    assert Appointment.objects.exclude(end_date=None).exists()  # history: earlier holders
