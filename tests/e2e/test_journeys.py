"""The main journeys of the records system, in Chromium, on the demo data.

Each test is what a user does and what they see; the ORM is only used to choose the
records a journey works on and to check what was (or was not) saved.
"""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import Locator, Page, expect

from secretariat.models import Person, State
from staffing import services
from staffing.models import Appointment, Category, Post, QuotaStatus, quota_use_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick(candidates, what: str):
    """The first of the candidates; a clear failure when the demo data no longer has one."""
    found = next(iter(candidates), None)
    assert found is not None, f"the demo data has no {what}"
    return found


def shown(day: date) -> str:
    """A date as the English pages show it (DATE_FORMAT of config/formats/en)."""
    return format_date(day, "j M Y")


def state_row(table: Locator, state_name: str) -> Locator:
    """The row of a quota table whose first cell links to the state."""
    return table.locator("tbody tr").filter(has=table.page.get_by_role("link", name=state_name, exact=True))


def serving_count(table: Locator, state_name: str) -> int:
    """The "Serving" column (the third) of a state's row in a quota table."""
    return int(state_row(table, state_name).locator("td").nth(2).inner_text())


def card(page: Page, heading: str) -> Locator:
    """A card of the dashboard, found by its heading."""
    return page.locator("section.card").filter(has=page.get_by_role("heading", name=heading))


def dashboard_quota_table(page: Page) -> Locator:
    page.goto("/")
    return card(page, "Quota use today").locator("table")


def quota_report_table(page: Page) -> Locator:
    page.goto("/staffing/quota/")
    return page.locator("main table")


def field(page: Page, name: str) -> Locator:
    """The block of one form field: label, input, help and errors."""
    return page.locator("div.field").filter(has=page.locator(f"[name='{name}']"))


def free_nationals(state: State, day: date) -> list[Person]:
    """Nationals of the state who hold no post on that day."""
    busy = Appointment.objects.on(day).values("person")
    return list(Person.objects.filter(nationality=state).exclude(pk__in=busy).order_by("name_latin"))


def test_a_user_signs_in_and_out(page, sign_in):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form-errors")).to_contain_text("enter a correct username and password")

    sign_in("officer")

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator(".user-badge")).to_have_text("officer")
    # The stylesheet is served and applied (the navigation is a flex row without bullets).
    nav = page.locator("nav.main-nav ul")
    expect(nav).to_have_css("display", "flex")
    expect(nav).to_have_css("list-style-type", "none")

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator(".user-badge")).to_have_count(0)
    # Signed out means signed out: the dashboard sends back to the sign-in page.
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")


def test_the_dashboard_shows_the_quota_use_of_every_member_state(sign_in):
    rows = list(quota_use_on(timezone.localdate()))
    page = sign_in("viewer")

    section = card(page, "Quota use today")
    chart = section.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar-quota")).to_have_count(len(rows))
    table = section.locator("table")
    expect(table.locator("tbody tr")).to_have_count(len(rows))
    for row in rows:
        expect(chart.locator("text", has_text=row.name).first).to_be_attached()
        cells = state_row(table, row.name).locator("td")
        expect(cells.nth(1)).to_have_text(str(row.quota))
        expect(cells.nth(2)).to_have_text(str(row.serving))
    total = table.locator("tfoot tr")
    expect(total.locator("td").nth(0)).to_have_text("Total")
    expect(total.locator("td").nth(1)).to_have_text("36")


def test_an_officer_appoints_a_new_person_to_a_vacancy_and_the_quota_use_rises(sign_in):
    today = timezone.localdate()
    state = pick((row for row in quota_use_on(today).order_by("name_en") if row.free > 0), "free place")
    post = pick(Post.objects.vacant_on(today).filter(category=Category.OFFICIAL).order_by("code"), "vacancy")
    page = sign_in("officer")
    serving_on_dashboard = serving_count(dashboard_quota_table(page), state.name)
    vacancies = card(page, "Vacant official posts").get_by_role("link", name=post.code, exact=True)
    expect(vacancies).to_have_count(1)
    serving_in_report = serving_count(quota_report_table(page), state.name)

    # Add the person first, from the link under the appointment form.
    page.goto("/staffing/appointments/")
    page.get_by_role("link", name="Appoint an official").click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name in Latin script").fill("Test Appointee")
    page.get_by_label("Name in the original script").fill("Тест Назначенец")
    page.get_by_label("Nationality").select_option(label=state.name)
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator(".messages")).to_contain_text("Test Appointee is recorded.")

    page.goto("/staffing/appointments/new/")
    choose(page, "Post", post.code, post.code)
    choose(page, "Person", "назначен", f"Test Appointee (Тест Назначенец) · {state.name}")
    page.get_by_label("Nominating state").select_option(label=state.name)
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_contain_text("Appointment recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Test Appointee in post {post.code}")
    assert serving_count(quota_report_table(page), state.name) == serving_in_report + 1
    assert serving_count(dashboard_quota_table(page), state.name) == serving_on_dashboard + 1
    expect(vacancies).to_have_count(0)


def test_appointing_beyond_a_states_quota_is_refused_at_the_field_and_saves_nothing(sign_in):
    today = timezone.localdate()
    rows = list(quota_use_on(today).order_by("name_en"))
    state = pick(
        (row for row in rows if row.free == 1 and len(free_nationals(row, today)) >= 2),
        "state with one free place and two nationals free to take it",
    )
    person, colleagues_choice = free_nationals(state, today)[:2]
    ours, theirs = Post.objects.vacant_on(today).filter(category=Category.OFFICIAL).order_by("code")[:2]
    page = sign_in("officer")

    page.goto("/staffing/appointments/new/")
    nominating = page.get_by_label("Nominating state")
    choose(page, "Post", ours.code, ours.code)
    choose(page, "Person", person.name_latin, person.name_latin)
    nominating.select_option(label=state.name)
    page.get_by_label("Start date").fill(today.isoformat())
    # Meanwhile a colleague takes the state's last free place: the state is now at its quota.
    services.appointment_create(person=colleagues_choice, post=theirs, nominated_by=state, start_date=today)
    before = Appointment.objects.count()

    page.get_by_role("button", name="Save").click()

    error = field(page, "nominated_by").locator(".field__error").first
    expect(error).to_contain_text("has no free place in its quota")
    expect(page.get_by_role("heading", level=1)).to_have_text("Appoint an official")
    assert Appointment.objects.count() == before
    assert not Appointment.objects.filter(post=ours).on(today).exists()
    # A fresh form offers neither this state nor any other state at its quota.
    at_quota = [row.name for row in quota_use_on(today) if row.status == QuotaStatus.AT]
    assert state.name in at_quota
    page.goto("/staffing/appointments/new/")
    offered = page.get_by_label("Nominating state").locator("option").all_inner_texts()
    assert not set(at_quota) & set(offered), offered


def test_an_officer_ends_an_appointment_and_sees_it_ended(sign_in):
    today = timezone.localdate()
    appointment = Appointment.objects.officials().filter(end_date=None).with_related().order_by("pk").first()
    page = sign_in("officer")

    page.goto(f"/staffing/appointments/{appointment.pk}/")
    expect(page.locator("dl.facts")).to_contain_text("serving")
    page.get_by_role("link", name="End this appointment").click()
    page.get_by_label("End date").fill(today.isoformat())
    page.get_by_label("Reason for leaving").select_option(label="resigned")
    page.get_by_role("button", name="End the appointment").click()

    expect(page).to_have_url(f"/staffing/appointments/{appointment.pk}/")
    expect(page.locator(".messages")).to_contain_text("Appointment ended")
    ended = page.locator("dl.facts dt", has_text="Ended").locator("xpath=following-sibling::dd[1]")
    expect(ended).to_have_text(f"{shown(today)} · resigned")
    expect(page.get_by_role("link", name="End this appointment")).to_have_count(0)
    appointment.refresh_from_db()
    assert (appointment.end_date, appointment.end_reason) == (today, "resigned")


def test_the_history_of_a_record_shows_the_change_just_made_with_its_author(sign_in):
    # An appointment made through the service, as the form makes it: its history starts with
    # its creation. (The demo's own rows are loaded raw, without a first version.)
    today = timezone.localdate()
    state = pick((row for row in quota_use_on(today).order_by("name_en") if row.free > 0), "free place")
    appointment = services.appointment_create(
        person=free_nationals(state, today)[0],
        post=Post.objects.vacant_on(today).filter(category=Category.OFFICIAL).order_by("code").first(),
        nominated_by=state,
        start_date=today,
        planned_end_date=today + timedelta(days=2 * 365),
    )
    new_end = today + timedelta(days=3 * 365)
    page = sign_in("officer")

    page.goto(f"/staffing/appointments/{appointment.pk}/")
    page.get_by_role("link", name="Change the contract end").click()
    page.get_by_label("Contract end").fill(new_end.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Contract changed")

    page.get_by_role("link", name="History").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("History of")
    entries = page.locator("article.history-entry")
    expect(entries).to_have_count(2)
    newest = entries.first
    expect(newest.get_by_role("heading")).to_contain_text("Changed")
    expect(newest.get_by_role("heading")).to_contain_text("officer")
    # Only the field that changed, from its old value to the new one.
    expect(newest.locator("tbody tr")).to_have_count(1)
    expect(newest.locator("tbody tr td")).to_have_text(
        ["Contract end", appointment.planned_end_date.isoformat(), new_end.isoformat()]
    )
    expect(entries.last.get_by_role("heading")).to_contain_text("Created")


def test_a_filtered_list_exports_exactly_its_rows_to_csv(sign_in):
    state = State.objects.get(code="KZ")
    expected = sorted(
        Appointment.objects.officials()
        .filter(nominated_by=state)
        .values_list("person__name_latin", flat=True)
    )
    page = sign_in("viewer")

    page.goto("/staffing/appointments/")
    page.get_by_label("Nominating state").select_option(label=state.name)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"/staffing/appointments/\?.*\bnominated_by={state.pk}\b"))
    expect(page.locator("main table tbody tr")).to_have_count(len(expected))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value

    assert re.fullmatch(r"appointments-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    # The export starts with a byte-order mark, for spreadsheet programs: utf-8-sig drops it.
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert sorted(row["Person"] for row in rows) == expected
    assert {row["Nominating state"] for row in rows} == {state.name}


def test_a_viewer_sees_no_edit_controls_and_is_refused_the_forms(sign_in):
    appointment = Appointment.objects.officials().filter(end_date=None).order_by("pk").first()
    page = sign_in("viewer")

    page.goto("/staffing/appointments/")
    expect(page.get_by_role("heading", name="Appointments of officials")).to_be_visible()
    expect(page.get_by_role("link", name="Appoint an official")).to_have_count(0)
    page.goto(f"/staffing/appointments/{appointment.pk}/")
    expect(page.get_by_role("link", name="History")).to_be_visible()
    expect(page.get_by_role("link", name="End this appointment")).to_have_count(0)
    expect(page.get_by_role("link", name="Change the contract end")).to_have_count(0)

    for address in (
        "/staffing/appointments/new/",
        f"/staffing/appointments/{appointment.pk}/end/",
        "/secretariat/people/new/",
    ):
        response = page.goto(address)
        assert response.status == 403, address


def test_the_staffing_table_of_a_past_day_shows_that_days_holders(sign_in):
    candidates = Appointment.objects.exclude(end_date=None).with_related().order_by("pk")
    # A past holder who held nothing the day after: their name must then be gone from the table.
    past = pick(
        (
            a
            for a in candidates
            if not Appointment.objects.on(a.end_date + timedelta(days=1))
            .filter(person__name_latin=a.person.name_latin)
            .exists()
        ),
        "past holder who held nothing the day after",
    )
    inside = past.start_date + (past.end_date - past.start_date) / 2
    after = past.end_date + timedelta(days=1)
    page = sign_in("viewer")

    page.goto("/staffing/table/")
    page.get_by_label("As of").fill(inside.isoformat())
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(f"/staffing/table/?as_of={inside.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Staffing table on {shown(inside)}")
    row = page.locator("main table tbody tr").filter(
        has=page.get_by_role("link", name=past.post.code, exact=True)
    )
    expect(row).to_contain_text(past.person.name_latin)

    page.goto(f"/staffing/table/?as_of={after.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Staffing table on {shown(after)}")
    expect(page.locator("main table")).not_to_contain_text(past.person.name_latin)


def choose(page: Page, label: str, typed: str, option: str) -> None:
    """Choose in a select that searches on the server (core.choices), from the keyboard: focus
    the field, open it, type part of a name, wait for the match and take it with Enter."""
    box = page.get_by_role("combobox", name=label)
    box.focus()
    page.keyboard.press("Enter")
    page.keyboard.type(typed)
    match = page.get_by_role("option", name=option)
    expect(match.first).to_be_visible()
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text(option)
    page.keyboard.press("Enter")
    expect(box).to_contain_text(option)


@pytest.mark.parametrize("typed", ["小明", "БЕРЕЗИН"])
def test_an_officer_finds_a_person_by_typing_part_of_a_chinese_or_cyrillic_name(sign_in, typed):
    china, russia = State.objects.get(code="CN"), State.objects.get(code="RU")
    people = {
        "小明": Person.objects.create(name_latin="Wang Xiaoming", name_original="王小明", nationality=china),
        "БЕРЕЗИН": Person.objects.create(
            name_latin="Olga Berezina", name_original="Ольга Березина", nationality=russia
        ),
    }
    wanted = people[typed]
    page = sign_in("officer")
    page.goto("/staffing/appointments/new/")
    # The page holds no list of people: they are searched on the server as one types.
    expect(page.locator("#id_person option")).to_have_count(1)

    choose(page, "Person", typed, wanted.name_latin)

    expect(page.locator("#id_person")).to_have_value(str(wanted.pk))
    # A person serving today is not offered: a person holds one post at a time.
    serving = Appointment.objects.on(timezone.localdate()).select_related("person").order_by("pk").first()
    page.get_by_role("combobox", name="Person").click()
    page.keyboard.type(serving.person.name_latin)
    expect(page.locator(".select2-results__message")).to_have_text("No results found")
