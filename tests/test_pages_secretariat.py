"""The Secretariat's pages: lists, exports, the heads' timeline and the officer's forms."""

import csv
import io
from datetime import date
from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import lists
from core.history import latest_version
from secretariat.models import (
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    Standing,
)
from tests import factories

TITLE = SecretaryGeneralTerm.Title
ES, SG = TITLE.EXECUTIVE_SECRETARY, TITLE.SECRETARY_GENERAL
HEADS = [
    ("Zhang Deguang", "张德广", "CN", ES, date(2004, 1, 15), date(2006, 12, 31)),
    ("Bolat Nurgaliyev", "Болат Нургалиев", "KZ", SG, date(2007, 1, 1), date(2009, 12, 31)),
    ("Muratbek Imanaliev", "Муратбек Иманалиев", "KG", SG, date(2010, 1, 1), date(2012, 12, 31)),
    ("Dmitry Mezentsev", "Дмитрий Мезенцев", "RU", SG, date(2013, 1, 1), date(2015, 12, 31)),
    ("Rashid Alimov", "Рашид Алимов", "TJ", SG, date(2016, 1, 1), date(2018, 12, 31)),
    ("Vladimir Norov", "Владимир Норов", "UZ", SG, date(2019, 1, 1), date(2021, 12, 31)),
    ("Zhang Ming", "张明", "CN", SG, date(2022, 1, 1), date(2024, 12, 31)),
    ("Nurlan Yermekbayev", "Нурлан Ермекбаев", "KZ", SG, date(2025, 1, 1), None),
]  # fmt: skip

LISTS = [
    "secretariat:state-list",
    "secretariat:department-list",
    "secretariat:person-list",
    "secretariat:term-list",
    "secretariat:deputy-list",
    "secretariat:representative-list",
]


def user_in(role: str, username: str):
    user = get_user_model().objects.create_user(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return user_in("viewer", "viewer")


@pytest.fixture
def officer(db):
    return user_in("records officer", "officer")


@pytest.fixture
def administrator(db):
    return user_in("administrator", "administrator")


def record_heads(founders) -> None:
    # Saved newest first, so the pages' order comes from the dates, not from the ids.
    for name, original, code, title, start, end in reversed(HEADS):
        person = factories.PersonFactory(
            name_latin=name, name_original=original, nationality=founders[code], is_fictional=False
        )
        factories.SecretaryGeneralTermFactory(
            person=person,
            nominating_state=founders[code],
            title=title,
            start_date=start,
            end_date=end,
        )


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def field_error(response, field: str, message: str) -> None:
    """The page was shown again with `message` next to `field`."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get(field, [])
    assert any(message in error for error in errors), errors
    assert escape(message) in response.content.decode()


# Rows of each list, `count` at a time; every call adds rows that do not clash with earlier ones.


def make_states(count: int) -> None:
    statuses = list(Standing.Status)
    for index in range(count):
        state = factories.StateFactory()
        factories.StandingFactory(state=state, status=statuses[index % len(statuses)])


def make_departments(count: int) -> None:
    factories.DepartmentFactory.create_batch(count)


def make_people(count: int) -> None:
    factories.PersonFactory.create_batch(count)


def make_terms(count: int) -> None:
    # One-year terms before the earliest one recorded: head terms never overlap.
    earliest = SecretaryGeneralTerm.objects.order_by("start_date").first()
    last_year = (earliest.start_date.year if earliest else 2004) - 1
    for year in range(last_year - count + 1, last_year + 1):
        factories.SecretaryGeneralTermFactory(start_date=date(year, 1, 1), end_date=date(year, 12, 31))


def make_deputies(count: int) -> None:
    factories.DeputySecretaryGeneralTermFactory.create_batch(count)


def make_representatives(count: int) -> None:
    factories.PermanentRepresentativeFactory.create_batch(count)


MAKERS = {
    "secretariat:state-list": make_states,
    "secretariat:department-list": make_departments,
    "secretariat:person-list": make_people,
    "secretariat:term-list": make_terms,
    "secretariat:deputy-list": make_deputies,
    "secretariat:representative-list": make_representatives,
}


# Lists


@pytest.mark.parametrize("url_name", LISTS)
def test_a_viewer_sees_each_list_with_its_rows(client, viewer, secretariat, url_name):
    MAKERS[url_name](3)
    client.force_login(viewer)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert len(response.context["table"].rows) >= 3
    assert response.content.decode().count("<tr") >= 4  # the header and three rows


@pytest.mark.parametrize("url_name", LISTS)
def test_a_list_needs_the_view_permission(client, db, url_name):
    client.force_login(get_user_model().objects.create_user(username="nobody"))
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", LISTS)
def test_every_column_of_a_list_sorts_both_ways_and_odd_parameters_do_no_harm(
    client, viewer, secretariat, url_name
):
    MAKERS[url_name](3)
    client.force_login(viewer)
    url = reverse(url_name)
    table = client.get(url).context["table"]
    orderable = [column.name for column in table.columns if column.orderable]
    assert len(orderable) >= 3
    for name in orderable:
        for sort in (name, f"-{name}"):
            response = client.get(url, {"sort": sort})
            assert response.status_code == 200, sort
            assert len(response.context["table"].rows) >= 3
    odd = {"sort": "nonsense", "standing": "bogus", "nationality": "x", "state": "0", "current": "?"}
    assert client.get(url, odd).status_code == 200


@pytest.mark.parametrize("url_name", LISTS)
def test_the_number_of_queries_of_a_list_does_not_grow_with_its_rows(client, viewer, secretariat, url_name):
    # Budget, constant in the rows (10 to 12): session and user, two for the permissions, the
    # filters' choices, two counts (the list's paginator and the table's), one for the page, the
    # timeline on the heads' page, and the session saved when a minute has passed (core.sessions).
    client.force_login(viewer)
    url = reverse(url_name)
    MAKERS[url_name](3)
    client.get(url)  # warms the caches that are filled once per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    MAKERS[url_name](27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def page_of(client, url: str, number: int):
    response = client.get(url, {"page": number})
    assert response.status_code == 200
    table = response.context["table"]
    return response.content.decode(), [row.record.pk for row in table.page.object_list], table.page.has_next()


def test_a_list_is_counted_exactly_within_the_limit(client, viewer, monkeypatch):
    monkeypatch.setattr(lists.CountedPaginator, "count_limit", 60)
    make_people(60)
    client.force_login(viewer)
    url = reverse("secretariat:person-list")
    with CaptureQueriesContext(connection) as queries:
        text, rows, _more = page_of(client, url, 1)
    assert "Rows 1–25 of 60" in text
    assert '<a href="?page=3">3</a>' in text  # every page number, the last one too
    # The count reads at most one row more than the limit, whatever the size of the table.
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "LIMIT 61" in counts[0], counts


def test_a_list_longer_than_the_limit_pages_on_without_counting_every_row(client, viewer, monkeypatch):
    monkeypatch.setattr(lists.CountedPaginator, "count_limit", 30)
    make_people(60)
    client.force_login(viewer)
    url = reverse("secretariat:person-list")
    text, seen, more = page_of(client, url, 1)
    assert "Rows 1–25 of more than 30" in text
    # The next page and an ellipsis: the reader sees the list goes on beyond what is counted.
    assert more and '<a href="?page=2">2</a>' in text and "<li><span>…</span></li>" in text
    number = 1
    while more:
        number += 1
        text, rows, more = page_of(client, url, number)
        seen += rows
    # Every row is reached, once, and the last page knows the total.
    assert sorted(seen) == sorted(Person.objects.values_list("pk", flat=True))
    assert f"Rows 51–{len(seen)} of {len(seen)}" in text


@pytest.mark.parametrize("url_name", LISTS)
def test_the_number_of_queries_of_an_export_does_not_grow_with_its_rows(
    client, viewer, secretariat, url_name
):
    client.force_login(viewer)
    url = reverse(url_name) + "?_export=csv"
    MAKERS[url_name](3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        csv_rows(client.get(url))
    MAKERS[url_name](27)
    with CaptureQueriesContext(connection) as many:
        csv_rows(client.get(url))
    assert len(many) == len(few)


def test_the_states_list_shows_the_standing_today_and_filters_by_it(client, viewer, founders):
    india = factories.StateFactory(code="IN", name_en="India", name_ru="Индия", name_zh="印度")
    factories.StandingFactory(
        state=india,
        status=Standing.Status.OBSERVER,
        start_date=date(2005, 7, 5),
        end_date=date(2017, 6, 8),
    )
    factories.StandingFactory(state=india, start_date=date(2017, 6, 9))
    mongolia = factories.StateFactory(code="MN", name_en="Mongolia", name_ru="Монголия")
    factories.StandingFactory(state=mongolia, status=Standing.Status.PARTNER, start_date=date(2025, 9, 1))
    client.force_login(viewer)

    page = client.get(reverse("secretariat:state-list")).content.decode()
    assert "India" in page and "member state" in page and "SCO partner" in page

    members = client.get(reverse("secretariat:state-list"), {"standing": "member"})
    names = {row.record.name_en for row in members.context["table"].rows}
    assert "India" in names and "Mongolia" not in names

    partners = csv_rows(
        client.get(reverse("secretariat:state-list"), {"standing": "partner", "_export": "csv"})
    )
    assert partners[0] == ["State", "ISO code", "ISO alpha-3", "Standing today"]
    assert partners[1:] == [["Mongolia", "MN", "MNX", "SCO partner"]]


def test_the_states_list_finds_a_name_in_any_script(client, viewer, founders):
    client.force_login(viewer)
    for query in ("Kyrgyz", "Кыргызстан", "吉尔吉斯"):
        response = client.get(reverse("secretariat:state-list"), {"q": query})
        assert [row.record.code for row in response.context["table"].rows] == ["KG"]


def test_the_states_list_shows_names_in_the_readers_language(client, viewer, founders):
    client.force_login(viewer)
    page = client.get(reverse("secretariat:state-list"), HTTP_ACCEPT_LANGUAGE="ru").content
    assert "Таджикистан" in page.decode()


def test_the_people_list_filters_by_nationality_and_searches_both_scripts(client, viewer, founders):
    factories.PersonFactory(name_latin="Zhang Ming", name_original="张明", nationality=founders["CN"])
    factories.PersonFactory(
        name_latin="Vladimir Norov", name_original="Владимир Норов", nationality=founders["UZ"]
    )
    client.force_login(viewer)
    url = reverse("secretariat:person-list")

    by_state = client.get(url, {"nationality": founders["UZ"].pk})
    assert [row.record.name_latin for row in by_state.context["table"].rows] == ["Vladimir Norov"]
    for query in ("zhang", "张明"):
        found = client.get(url, {"q": query})
        assert [row.record.name_latin for row in found.context["table"].rows] == ["Zhang Ming"]
    assert "badge--fictional" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("url_name", "make", "query", "kept", "dropped"),
    [
        ("secretariat:state-list", lambda f: None, {"q": "Tajik"}, "Tajikistan", "Kazakhstan"),
        (
            "secretariat:department-list",
            lambda f: [
                factories.DepartmentFactory(code="political", name_en="Political department"),
                factories.DepartmentFactory(code="economic", name_en="Economic department"),
            ],
            {"q": "politi"},
            "Political department",
            "Economic department",
        ),
        (
            "secretariat:person-list",
            lambda f: [
                factories.PersonFactory(name_latin="Rashid Alimov", nationality=f["TJ"]),
                factories.PersonFactory(name_latin="Zhang Ming", nationality=f["CN"]),
            ],
            {"nationality": "TJ"},
            "Rashid Alimov",
            "Zhang Ming",
        ),
        ("secretariat:term-list", record_heads, {"q": "Norov"}, "Vladimir Norov", "Zhang Ming"),
        (
            "secretariat:deputy-list",
            lambda f: [
                factories.DeputySecretaryGeneralTermFactory(person__name_latin="Deputy Open", end_date=None),
                factories.DeputySecretaryGeneralTermFactory(person__name_latin="Deputy Past"),
            ],
            {"current": "on"},
            "Deputy Open",
            "Deputy Past",
        ),
        (
            "secretariat:representative-list",
            lambda f: [
                factories.PermanentRepresentativeFactory(state=f["KZ"], person__name_latin="Current Kazakh"),
                factories.PermanentRepresentativeFactory(
                    state=f["KG"],
                    person__name_latin="Former Kyrgyz",
                    start_date=date(2010, 1, 1),
                    end_date=date(2014, 1, 1),
                ),
            ],
            {"current": "on"},
            "Current Kazakh",
            "Former Kyrgyz",
        ),
    ],
)
def test_a_csv_export_holds_exactly_the_filtered_rows(
    client, viewer, founders, url_name, make, query, kept, dropped
):
    make(founders)
    if "nationality" in query:
        query = {"nationality": founders[query["nationality"]].pk}
    client.force_login(viewer)
    url = reverse(url_name)
    everything = "\n".join(",".join(row) for row in csv_rows(client.get(url, {"_export": "csv"})))
    assert kept in everything and dropped in everything

    rows = csv_rows(client.get(url, {**query, "_export": "csv"}))
    exported = "\n".join(",".join(row) for row in rows[1:])
    assert kept in exported and dropped not in exported
    assert len(rows) - 1 == len(client.get(url, query).context["table"].rows)


def test_the_excel_export_has_translated_headers(client, viewer, founders):
    from openpyxl import load_workbook

    client.force_login(viewer)
    response = client.get(reverse("secretariat:state-list"), {"_export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["State", "ISO code", "ISO alpha-3", "Standing today"]
    assert sheet.max_row == 1 + len(founders)


def test_the_heads_csv_lists_every_term_in_order_zhang_deguang_first(client, viewer, founders):
    record_heads(founders)
    client.force_login(viewer)
    rows = csv_rows(client.get(reverse("secretariat:term-list"), {"_export": "csv"}))
    assert rows[0] == [
        "Person",
        "Nominating state",
        "Title held",
        "Start",
        "End",
        "Approving decision",
    ]
    assert [row[0] for row in rows[1:]] == [head[0] for head in HEADS]
    assert rows[1][:5] == ["Zhang Deguang", "China", "Executive Secretary", "2004-01-15", "2006-12-31"]
    assert rows[-1][3:5] == ["2025-01-01", ""]


def test_the_heads_page_draws_a_timeline_with_one_bar_per_term(client, viewer, founders):
    record_heads(founders)
    client.force_login(viewer)
    page = client.get(reverse("secretariat:term-list")).content.decode()
    timeline = page[page.index("<svg") : page.index("</svg>")]
    assert timeline.count('<rect class="term') == len(HEADS)
    assert timeline.count("term--open") == 1
    assert "Zhang Deguang" in timeline and "2004–2006" in timeline
    assert "Executive Secretary" in timeline
    assert f">{timezone.localdate().year}</text>" in timeline
    assert "style=" not in page and "<script>" not in page


def test_the_heads_page_filters_by_the_states_that_nominated_a_head(client, viewer, founders):
    record_heads(founders)
    never = factories.member_state("IN")  # a member that has not nominated a head
    client.force_login(viewer)
    url = reverse("secretariat:term-list")
    field = client.get(url).context["filter"].form["nominating_state"]
    offered = [label for value, label in field.field.widget.choices if value]
    assert offered == sorted({founders[code].name for _name, _original, code, *_dates in HEADS})
    assert never.name not in offered

    table = client.get(url, {"nominating_state": founders["KZ"].pk}).context["table"]
    assert [row.record.person.name_latin for row in table.paginated_rows] == [
        "Bolat Nurgaliyev",
        "Nurlan Yermekbayev",
    ]


def test_the_term_page_shows_its_facts_and_links_to_the_person_and_the_state(client, viewer, founders):
    record_heads(founders)
    term = SecretaryGeneralTerm.objects.get(person__name_latin="Vladimir Norov")
    client.force_login(viewer)
    page = client.get(reverse("secretariat:term-detail", args=[term.pk])).content.decode()
    assert "Vladimir Norov" in page and "Владимир Норов" in page
    assert term.person.get_absolute_url() in page
    assert founders["UZ"].get_absolute_url() in page
    assert "Rashid Alimov" in page and "Zhang Ming" in page  # predecessor and successor
    assert reverse("record-history", args=["secretariat", "secretarygeneralterm", term.pk]) in page


# Forms: the Secretary-General's terms


def test_an_administrator_records_a_term_and_is_sent_to_it(client, administrator, founders):
    person = factories.PersonFactory(name_latin="Nurlan Yermekbayev", nationality=founders["KZ"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": person.pk,
            "nominating_state": founders["KZ"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2025-01-01",
            "end_date": "",
            "decision": "Tianjin, 2025",
        },
    )
    term = SecretaryGeneralTerm.objects.get()
    assert response.status_code == 302 and response["Location"] == term.get_absolute_url()
    assert term.end_date is None and term.nominating_state == founders["KZ"]
    page = client.get(response["Location"]).content.decode()
    assert "The term of Nurlan Yermekbayev is recorded." in page


def test_a_term_overlapping_another_is_refused_at_the_start_date(client, administrator, founders):
    record_heads(founders)
    newcomer = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": newcomer.pk,
            "nominating_state": founders["RU"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2020-06-01",
            "end_date": "2021-06-01",
        },
    )
    field_error(response, "start_date", "This term overlaps the term of Vladimir Norov")
    assert SecretaryGeneralTerm.objects.count() == len(HEADS)


def test_a_second_open_ended_term_is_refused_at_the_end_date(client, administrator, founders):
    factories.SecretaryGeneralTermFactory(
        nominating_state=founders["KZ"], start_date=date(2025, 1, 1), end_date=None
    )
    newcomer = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": newcomer.pk,
            "nominating_state": founders["RU"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2030-01-01",
        },
    )
    field_error(response, "end_date", "Another term is still open: end it before recording a new one.")
    assert SecretaryGeneralTerm.objects.count() == 1


def test_a_second_term_of_the_same_person_is_refused_at_the_person(client, administrator, founders):
    record_heads(founders)
    norov = Person.objects.get(name_latin="Vladimir Norov")
    SecretaryGeneralTerm.objects.filter(end_date__isnull=True).update(end_date=date(2027, 12, 31))
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": norov.pk,
            "nominating_state": founders["UZ"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2028-01-01",
            "end_date": "2030-12-31",
        },
    )
    field_error(response, "person", "This person has already been head of the Secretariat")
    assert SecretaryGeneralTerm.objects.count() == len(HEADS)


def test_a_head_from_a_serving_deputys_state_is_refused_at_the_nominating_state(
    client, administrator, founders
):
    factories.DeputySecretaryGeneralTermFactory(
        nominating_state=founders["RU"], person__name_latin="Russian Deputy", end_date=None
    )
    newcomer = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": newcomer.pk,
            "nominating_state": founders["RU"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
        },
    )
    field_error(response, "nominating_state", "Russian Deputy, a deputy from the same state")
    assert not SecretaryGeneralTerm.objects.exists()


def test_a_term_ending_before_it_starts_is_refused_at_the_end_date(client, administrator, founders):
    person = factories.PersonFactory(nationality=founders["KZ"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": person.pk,
            "nominating_state": founders["KZ"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
        },
    )
    field_error(response, "end_date", "The end date is before the start date.")
    assert not SecretaryGeneralTerm.objects.exists()


# Forms: permanent representatives


def representative_data(state, **fields) -> dict:
    return {"state": state.pk, "start_date": "2024-03-01", "end_date": "", **fields}


def test_an_officer_records_a_representative_chosen_among_the_states_nationals(client, officer, founders):
    person = factories.PersonFactory(name_latin="Kazakh Diplomat", nationality=founders["KZ"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], person=person.pk),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("secretariat:representative-list")
    representative = PermanentRepresentative.objects.get()
    assert representative.person == person and representative.start_date == date(2024, 3, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Kazakh Diplomat is recorded as permanent representative" in page


def test_an_officer_records_a_representative_who_is_new_to_the_secretariat(client, officer, founders):
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["RU"], new_name_latin="Ivan Petrov", new_name_original="Иван Петров"),
    )
    assert response.status_code == 302
    person = Person.objects.get(name_latin="Ivan Petrov")
    assert person.nationality == founders["RU"] and person.name_original == "Иван Петров"
    assert PermanentRepresentative.objects.get().person == person


def test_the_representative_form_offers_only_todays_member_states(client, officer, founders):
    observer = factories.StateFactory(code="MN", name_en="Mongolia")
    factories.StandingFactory(state=observer, status=Standing.Status.PARTNER)
    client.force_login(officer)
    form = client.get(reverse("secretariat:representative-create")).context["form"]
    offered = set(form.fields["state"].queryset)
    assert offered == set(founders.values())


def test_a_representative_of_a_state_that_is_not_a_member_is_refused(client, officer, founders):
    partner = factories.StateFactory(code="MN", name_en="Mongolia")
    factories.StandingFactory(state=partner, status=Standing.Status.PARTNER)
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(partner, new_name_latin="Mongolian Envoy"),
    )
    field_error(response, "state", "Only member states have a permanent representative")
    assert not PermanentRepresentative.objects.exists()
    assert not Person.objects.filter(name_latin="Mongolian Envoy").exists()


def test_a_representative_from_before_the_state_joined_is_refused_at_the_state(client, officer, founders):
    india = factories.StateFactory(code="IN", name_en="India")
    factories.StandingFactory(state=india, start_date=date(2017, 6, 9))
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(india, new_name_latin="Early Envoy", start_date="2016-01-01"),
    )
    field_error(response, "state", "is not a member state for the whole of this period")
    assert not PermanentRepresentative.objects.exists()
    assert not Person.objects.filter(name_latin="Early Envoy").exists()  # nothing half-saved


def test_an_overlapping_representative_is_refused_at_the_start_date(client, officer, founders):
    factories.PermanentRepresentativeFactory(
        state=founders["KZ"], person__name_latin="Serving Envoy", start_date=date(2020, 1, 1)
    )
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], new_name_latin="Second Envoy"),
    )
    field_error(response, "start_date", "The state already has a permanent representative in this period")
    assert PermanentRepresentative.objects.count() == 1
    assert not Person.objects.filter(name_latin="Second Envoy").exists()


def test_a_representative_of_another_nationality_is_refused_at_the_person(client, officer, founders):
    russian = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], person=russian.pk),
    )
    field_error(response, "person", "is a national of Russia, not of Kazakhstan")
    assert not PermanentRepresentative.objects.exists()


def test_a_new_representative_with_a_known_name_is_refused_at_the_name(client, officer, founders):
    factories.PersonFactory(name_latin="Known Envoy", nationality=founders["KZ"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], new_name_latin="Known Envoy"),
    )
    field_error(response, "new_name_latin", "A person with this name and nationality is already recorded.")
    assert not PermanentRepresentative.objects.exists()


def test_an_officer_ends_a_representatives_term(client, officer, founders):
    representative = factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1)
    )
    client.force_login(officer)
    url = reverse("secretariat:representative-end", args=[representative.pk])
    assert client.get(url).status_code == 200
    loaded = client.get(url).context["form"]["loaded_version"].value()
    response = client.post(url, {"end_date": "2024-02-29", "loaded_version": loaded})
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.end_date == date(2024, 2, 29)
    page = client.get(reverse("secretariat:representative-list")).content.decode()
    assert "ends on 2024-02-29" in page


def test_a_representatives_term_cannot_end_before_it_started(client, officer, founders):
    representative = factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1)
    )
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-end", args=[representative.pk]),
        {"end_date": "2019-12-31", "loaded_version": latest_version(representative)},
    )
    field_error(response, "end_date", "The end date is before the start date.")
    representative.refresh_from_db()
    assert representative.end_date is None


def test_an_ended_representative_is_not_ended_twice(client, officer, founders):
    representative = factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1), end_date=date(2022, 1, 1)
    )
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-end", args=[representative.pk]),
        {"end_date": "2023-01-01"},
    )
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.end_date == date(2022, 1, 1)


# Forms: people


def test_an_officer_adds_a_person(client, officer, founders):
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:person-create"),
        {"name_latin": "Zhang Ming", "name_original": "张明", "nationality": founders["CN"].pk},
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.name_original, person.nationality, person.is_fictional) == (
        "张明",
        founders["CN"],
        False,
    )


def test_a_person_already_recorded_is_refused_at_the_name(client, officer, founders):
    factories.PersonFactory(name_latin="Zhang Ming", nationality=founders["CN"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:person-create"),
        {"name_latin": "Zhang Ming", "name_original": "", "nationality": founders["CN"].pk},
    )
    field_error(response, "name_latin", "A person with this name and nationality is already recorded.")
    assert Person.objects.count() == 1


# Permissions


def form_urls() -> list[str]:
    representative = factories.PermanentRepresentativeFactory()
    return [
        reverse("secretariat:term-create"),
        reverse("secretariat:representative-create"),
        reverse("secretariat:representative-end", args=[representative.pk]),
        reverse("secretariat:person-create"),
    ]


def test_a_viewer_gets_403_on_every_form_and_changes_nothing(client, viewer, founders):
    client.force_login(viewer)
    people = Person.objects.count()
    for url in form_urls():
        assert client.get(url).status_code == 403, url
        data = {"name_latin": "Intruder", "nationality": founders["CN"].pk, "end_date": "2024-01-01"}
        assert client.post(url, data).status_code == 403, url
    assert Person.objects.count() == people + 1  # only the representative made by form_urls()
    assert PermanentRepresentative.objects.get().end_date is None


def test_an_officer_may_not_record_a_heads_term(client, officer, secretariat):
    client.force_login(officer)
    assert client.get(reverse("secretariat:term-create")).status_code == 403


@pytest.mark.parametrize("url_name", LISTS)
def test_a_viewer_sees_no_add_button(client, viewer, secretariat, url_name):
    factories.PermanentRepresentativeFactory()
    client.force_login(viewer)
    page = client.get(reverse(url_name)).content.decode()
    assert "/new/" not in page and "/end/" not in page


def test_an_officer_sees_the_buttons_of_the_actions_allowed(client, officer, secretariat):
    representative = factories.PermanentRepresentativeFactory()
    client.force_login(officer)
    people = client.get(reverse("secretariat:person-list")).content.decode()
    assert reverse("secretariat:person-create") in people
    representatives = client.get(reverse("secretariat:representative-list")).content.decode()
    assert reverse("secretariat:representative-create") in representatives
    assert reverse("secretariat:representative-end", args=[representative.pk]) in representatives
    terms = client.get(reverse("secretariat:term-list")).content.decode()
    assert reverse("secretariat:term-create") not in terms
