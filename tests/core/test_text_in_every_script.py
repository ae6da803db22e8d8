"""Text in every script (issue 17): search ignores case in Cyrillic, accented Latin and Chinese
on SQLite as on PostgreSQL, and names sort as the reader's language sorts them.

The suite runs on both databases (SQLite by default, PostgreSQL with DATABASE_URL): every test
here that is not marked for one of them holds the same expected rows on both.
"""

import csv
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.localized import COLLATIONS, localized_order
from core.text import fold_case, sort_key
from secretariat.models import Person, State
from staffing.models import Category
from tests import factories

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

KUZMIN = ("Andrei Kuzmin", "Андрей Кузьмин", "RU")
OZGUR = ("Özgür Aydın", "Özgür Aydın", "KZ")
ZHANG = ("Zhang Ming", "张明", "CN")
OTHERS = [
    ("Igor Kuznetsov", "Игорь Кузнецов", "RU"),
    ("Zhao Ling", "赵玲", "CN"),
    ("Ozan Demir", "Ozan Demir", "KZ"),
]

# Each query and the people it finds, the same on both databases: any part of any name,
# in the Latin script or the original one, whatever its case.
SEARCHES = [
    ("Кузьмин", {KUZMIN}),
    ("кузьмин", {KUZMIN}),
    ("КУЗЬМИН", {KUZMIN}),
    ("кУзЬмИн", {KUZMIN}),
    ("андрей", {KUZMIN}),
    ("kuzmin", {KUZMIN}),
    ("KUZ", {KUZMIN, OTHERS[0]}),
    ("куз", {KUZMIN, OTHERS[0]}),
    ("Özgür", {OZGUR}),
    ("ÖZGÜR", {OZGUR}),
    ("özgür", {OZGUR}),
    ("AYDIN", {OZGUR}),  # the upper case of ı (dotless i) is I, on both databases
    ("aydın", {OZGUR}),
    ("张", {ZHANG}),
    ("张明", {ZHANG}),
    ("zhang", {ZHANG}),
    ("明", {ZHANG}),
    ("ZHAO", {OTHERS[1]}),
]

# The demo's 27 states sorted by name in each language, with one state that has only an English
# name ("Atlantis"): PostgreSQL's ICU collations give this order, and so must SQLite.
ATLANTIS = "Atlantis"
BY_NAME = {
    "en": [
        "Afghanistan", "Armenia", "Atlantis", "Azerbaijan", "Bahrain", "Belarus", "Cambodia", "China",
        "Egypt", "India", "Iran", "Kazakhstan", "Kuwait", "Kyrgyzstan", "Laos", "Maldives", "Mongolia",
        "Myanmar", "Nepal", "Pakistan", "Qatar", "Russia", "Saudi Arabia", "Sri Lanka", "Tajikistan",
        "Türkiye", "United Arab Emirates", "Uzbekistan",
    ],
    # Russian alphabet; the state named only in English by that name, after the Cyrillic ones.
    "ru": [
        "Азербайджан", "Армения", "Афганистан", "Бахрейн", "Беларусь", "Египет", "Индия", "Иран",
        "Казахстан", "Камбоджа", "Катар", "Китай", "Кувейт", "Кыргызстан", "Лаос", "Мальдивы",
        "Монголия", "Мьянма", "Непал", "Объединённые Арабские Эмираты", "Пакистан", "Россия",
        "Саудовская Аравия", "Таджикистан", "Турция", "Узбекистан", "Шри-Ланка", ATLANTIS,
    ],
    # Pinyin: ā fù hàn, ā lián qiú, ā sài bài jiāng, āi jí … yī lǎng, yìn dù, zhōng guó.
    "zh": [
        "阿富汗", "阿联酋", "阿塞拜疆", "埃及", "巴基斯坦", "巴林", "白俄罗斯", "俄罗斯", "哈萨克斯坦",
        "吉尔吉斯斯坦", "柬埔寨", "卡塔尔", "科威特", "老挝", "马尔代夫", "蒙古国", "缅甸", "尼泊尔",
        "沙特阿拉伯", "斯里兰卡", "塔吉克斯坦", "土耳其", "乌兹别克斯坦", "亚美尼亚", "伊朗", "印度",
        "中国", ATLANTIS,
    ],
}  # fmt: skip
LANGUAGES = {"en": ENGLISH, "ru": RUSSIAN, "zh": CHINESE}


def user_in(role: str, username: str):
    user = get_user_model().objects.create_user(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return user_in("viewer", "viewer")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password="x")


@pytest.fixture
def people(founders) -> dict[tuple, Person]:
    """Six people, each named in the Latin script and in their own; an official post for each."""
    records = {}
    for latin, original, code in [KUZMIN, OZGUR, ZHANG, *OTHERS]:
        state = founders[code]
        person = factories.PersonFactory(name_latin=latin, name_original=original, nationality=state)
        factories.AppointmentFactory(person=person, nominated_by=state, post__category=Category.OFFICIAL)
        records[(latin, original, code)] = person
    return records


def found(response, accessor) -> set[str]:
    return {accessor(row.record) for row in response.context["table"].rows}


def names(people) -> set[str]:
    return {latin for latin, _original, _code in people}


# --- Search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_the_people_list_finds_a_name_whatever_its_case_in_every_script(
    client, viewer, people, query, expected
):
    client.force_login(viewer)
    response = client.get(reverse("secretariat:person-list"), {"q": query})
    assert found(response, lambda person: person.name_latin) == names(expected)


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_the_appointments_list_finds_a_name_whatever_its_case_in_every_script(
    client, viewer, people, query, expected
):
    client.force_login(viewer)
    response = client.get(reverse("staffing:appointment-list"), {"q": query})
    assert found(response, lambda appointment: appointment.person.name_latin) == names(expected)


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_the_admin_finds_a_person_whatever_the_case_in_every_script(
    client, superuser, people, query, expected
):
    client.force_login(superuser)
    response = client.get(reverse("admin:secretariat_person_changelist"), {"q": query})
    assert {person.name_latin for person in response.context["cl"].result_list} == names(expected)


@pytest.mark.parametrize(("query", "expected"), [("кузьмин", {KUZMIN}), ("ÖZGÜR", {OZGUR}), ("张", {ZHANG})])
def test_the_admin_autocomplete_finds_a_person_whatever_the_case(client, superuser, people, query, expected):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "staffing",
            "model_name": "appointment",
            "field_name": "person",
            "term": query,
        },
    )
    assert response.status_code == 200
    found_ids = {int(result["id"]) for result in response.json()["results"]}
    assert found_ids == {people[person].pk for person in expected}


def test_a_state_is_found_by_its_russian_name_in_any_case_on_the_states_list(client, viewer, founders):
    client.force_login(viewer)
    for query in ("кыргызстан", "КЫРГЫЗСТАН", "吉尔吉斯"):
        response = client.get(reverse("secretariat:state-list"), {"q": query})
        assert found(response, lambda state: state.code) == {"KG"}, query


def test_every_case_insensitive_lookup_folds_every_script_and_still_escapes_like_wildcards(people):
    latin = Person.objects.values_list("name_latin", flat=True)
    assert set(latin.filter(name_original__iexact="андрей кузьмин")) == {"Andrei Kuzmin"}
    assert set(latin.filter(name_original__istartswith="АНДРЕЙ")) == {"Andrei Kuzmin"}
    assert set(latin.filter(name_original__iendswith="КУЗЬМИН")) == {"Andrei Kuzmin"}
    assert set(latin.filter(name_original__icontains="ÖZG")) == {"Özgür Aydın"}
    # % and _ are searched for as themselves, not as LIKE's wildcards.
    assert not latin.filter(name_original__icontains="%").exists()
    assert not latin.filter(name_original__icontains="_").exists()
    factories.PersonFactory(name_latin="Test_Under 100%", name_original="Тест_Подчёркивание 100%")
    assert set(latin.filter(name_original__icontains="ТЕСТ_ПОД")) == {"Test_Under 100%"}
    assert set(latin.filter(name_original__iendswith="100%")) == {"Test_Under 100%"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="what SQLite does without core.sqlite")
def test_without_the_fix_sqlite_like_folds_ascii_only(db):
    # Plain SQLite: LIKE ignores the case of A-Z only; Кузьмин is not found by кузьмин.
    plain = sqlite3.connect(":memory:")
    assert plain.execute("SELECT 'Кузьмин' LIKE '%кузьмин%', 'Kuzmin' LIKE '%kuzmin%'").fetchone() == (0, 1)
    assert plain.execute("SELECT 'Özgür' LIKE 'özgür'").fetchone() == (0,)
    # The project's SQLite backend compares folded text on both sides.
    assert settings.DATABASES["default"]["ENGINE"] == "core.sqlite"
    sql, params = Person.objects.filter(name_original__icontains="кузьмин").query.sql_with_params()
    assert 'UNICODE_UPPER("secretariat_person"."name_original") LIKE UNICODE_UPPER(%s)' in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT UNICODE_UPPER('Кузьмин') LIKE UNICODE_UPPER('%кузьмин%')")
        assert cursor.fetchone() == (1,)


@pytest.mark.postgres
def test_sqlite_folds_case_exactly_as_postgresql_upper_does(db):
    samples = ["кузьмин ёлка", "özgür aydın", "straße", "ǆ", "ﬁ", "ς", "i İ ı", "张明", "ǰ", "ŉ", "abc 123"]
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT UPPER(%s)", [sample])
            assert cursor.fetchone()[0] == fold_case(sample), sample


# --- Sorting ---------------------------------------------------------------------------------


@pytest.fixture
def demo_states(db) -> None:
    """The demo's states, and one named only in English."""
    call_command("loaddata", Path(settings.BASE_DIR) / "fixtures" / "states.json", verbosity=0)
    factories.StateFactory(code="ZZ", iso3="ZZZ", name_en=ATLANTIS, name_ru="", name_zh="")


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_the_states_list_sorts_by_the_name_shown_as_the_readers_language_does(
    client, viewer, demo_states, language
):
    client.force_login(viewer)
    url = reverse("secretariat:state-list")
    response = client.get(url, {"sort": "name", "per_page": 100}, **LANGUAGES[language])
    with translation.override(language):
        shown = [row.record.name for row in response.context["table"].rows]
        assert shown == BY_NAME[language]
        response = client.get(url, {"sort": "-name", "per_page": 100}, **LANGUAGES[language])
        assert [row.record.name for row in response.context["table"].rows] == BY_NAME[language][::-1]


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_the_csv_export_keeps_the_order_of_the_page(client, viewer, demo_states, language):
    client.force_login(viewer)
    response = client.get(
        reverse("secretariat:state-list"), {"sort": "name", "_export": "csv"}, **LANGUAGES[language]
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [row[0] for row in rows] == BY_NAME[language]


def test_a_state_named_only_in_english_sorts_after_the_cyrillic_names_in_russian(client, viewer, demo_states):
    client.force_login(viewer)
    response = client.get(reverse("secretariat:state-list"), {"sort": "name", "per_page": 100}, **RUSSIAN)
    codes = [row.record.code for row in response.context["table"].rows]
    assert codes[0] == "AZ"  # Азербайджан, not the state whose Russian name is empty
    assert codes[-1] == "ZZ"


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_a_state_filter_offers_its_choices_in_the_readers_order(client, viewer, demo_states, language):
    client.force_login(viewer)
    response = client.get(reverse("secretariat:person-list"), **LANGUAGES[language])
    with translation.override(language):
        choices = [
            label for value, label in response.context["filter"].form.fields["nationality"].choices if value
        ]
    assert choices == BY_NAME[language]


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_the_database_and_the_sort_key_give_the_expected_order(demo_states, language):
    with translation.override(language):
        in_database = [state.name for state in State.objects.order_by(localized_order("name"))]
        shown = [state.name for state in State.objects.all()]
    assert in_database == BY_NAME[language]
    assert sorted(shown, key=lambda name: sort_key(name, language)) == BY_NAME[language]


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_the_sqlite_sort_key_orders_as_postgresql_icu_does(db, language):
    words = [
        "中国", "阿富汗", "张明", "Abc", "abc", "ABD", "Zed", "Özgür", "Ozz", "Çay", "123", "9",
        "Ёлка", "елка", "Есть", "ёж", "еж", "Еж", "Жук", "Йемен", "Иван", "Шри-Ланка", "Шри Ланка",
        "Шрил", "а б", "аб", "Ярд", "Объединённые", "Объединенные", "Кузьмин", "кузьмин",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        values = ", ".join(["(%s)"] * len(words))
        cursor.execute(
            f'SELECT word FROM (VALUES {values}) AS w(word) ORDER BY word COLLATE "{COLLATIONS[language]}"',
            words,
        )
        assert [row[0] for row in cursor.fetchall()] == sorted(
            words, key=lambda word: sort_key(word, language)
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="what SQLite does without core.sqlite")
def test_without_the_fix_sqlite_sorts_chinese_by_code_point():
    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE TABLE t (name TEXT)")
    plain.executemany("INSERT INTO t VALUES (?)", [(name,) for name in BY_NAME["zh"]])
    by_code_point = [row[0] for row in plain.execute("SELECT name FROM t ORDER BY name")]
    assert by_code_point[:3] == [ATLANTIS, "中国", "乌兹别克斯坦"]
    assert by_code_point != BY_NAME["zh"]


def test_the_appointment_forms_state_choices_follow_the_readers_language(client, founders, secretariat):
    client.force_login(user_in("records officer", "officer"))
    factories.quota({state: 6 for state in founders.values()}, effective_date=date(2004, 1, 1))
    response = client.get(reverse("staffing:appointment-create"), **CHINESE)
    labels = [label for value, label in response.context["form"].fields["nominated_by"].choices if value]
    # 中国 (zhōng) last, 俄罗斯 (é) first: pinyin order, not the Russian protocol order.
    assert labels == ["俄罗斯", "哈萨克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "乌兹别克斯坦", "中国"]
