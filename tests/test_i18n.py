"""The interface in Russian and Chinese: text, reference names, dates and exports in the reader's language."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from secretariat.models import State

pytestmark = pytest.mark.django_db

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}
# What a browser in mainland China sends; Django maps zh-CN to Simplified Chinese.
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def signed_in(client, role: str = "viewer"):
    user = User.objects.create_user(role.replace(" ", "-"), password="x" * 16)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client


def read_csv(response) -> list[list[str]]:
    # Reports stream their CSV; list pages export through django-tables2 in one piece.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def state_names_in_table(html: str) -> list[str]:
    """The state names of a list page, in the order of its rows."""
    return re.findall(r'<td[^>]*><a href="/states/[A-Z]{2}/">([^<]+)</a></td>', html)


def test_the_quota_report_csv_in_russian_has_russian_headers_and_state_names(client, demo):
    response = signed_in(client).get(reverse("staffing:quota-report"), {"_export": "csv"}, **RUSSIAN)

    header, *rows = read_csv(response)
    assert header[:5] == [
        "Государство",
        "Квота",
        "Должностные лица на службе",
        "Свободные места",
        "Состояние",
    ]
    names = [row[0] for row in rows]
    assert {"Беларусь", "Казахстан", "Китай", "Россия", "Узбекистан"} <= set(names)
    assert names[-1] == "Итого"
    assert not {"Belarus", "Kazakhstan", "China", "Russia"} & set(names)
    assert {row[4] for row in rows[:-1]} <= {
        "не представлено",
        "ниже квоты",
        "квота заполнена",
        "сверх квоты",
    }


def test_the_quota_report_csv_follows_the_language_chosen_with_the_switcher(client, demo):
    client = signed_in(client)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})

    header, *rows = read_csv(client.get(reverse("staffing:quota-report"), {"_export": "csv"}))

    assert header[0] == "Государство"
    assert "Кыргызстан" in [row[0] for row in rows]


def test_a_list_export_in_chinese_has_chinese_headers_names_and_standings(client, demo):
    response = signed_in(client).get(reverse("secretariat:state-list"), {"_export": "csv"}, **CHINESE)

    header, *rows = read_csv(response)
    assert header[0] == "国家" and "今日地位" in header
    by_name = {row[0]: row for row in rows}
    assert by_name["哈萨克斯坦"][header.index("今日地位")] == "成员国"
    assert by_name["蒙古国"][header.index("今日地位")] == "上合组织伙伴"


def test_the_staffing_table_csv_in_chinese_names_departments_posts_and_states_in_chinese(client, demo):
    response = signed_in(client).get(reverse("staffing:staffing-table"), {"_export": "csv"}, **CHINESE)

    header, *rows = read_csv(response)
    assert header[:3] == ["部门", "代码", "职位名称"]
    departments = {row[0] for row in rows}
    titles = {row[2] for row in rows}
    states = {row[6] for row in rows} - {""}
    assert "政治事务部" in departments and "Political Department" not in departments
    assert "一等秘书" in titles and "First Secretary" not in titles
    assert "俄罗斯" in states and "Russia" not in states


def test_the_dashboard_in_chinese_shows_chinese_text_and_state_names(client, demo):
    html = signed_in(client).get(reverse("dashboard"), **CHINESE).content.decode()

    assert '<html lang="zh-hans">' in html
    for text in (
        "概览",
        "秘书长",
        "今日配额使用情况",
        "常驻代表",
        "哈萨克斯坦",
        "中国",
        "俄罗斯",
        "白俄罗斯",
    ):
        assert text in html
    for english in ("Dashboard", "Secretary-General", "Kazakhstan", "Belarus"):
        assert english not in html


@pytest.mark.parametrize(
    ("days", "text"), [(21, "в течение 21 дня"), (22, "в течение 22 дней"), (25, "в течение 25 дней")]
)
def test_russian_plural_forms_follow_the_number(client, demo, settings, days, text):
    settings.CONTRACT_WARNING_DAYS = days

    html = signed_in(client).get(reverse("dashboard"), **RUSSIAN).content.decode()

    assert f"Контракты, истекающие {text}" in html


def test_the_language_switcher_remembers_the_choice_over_the_browser_preference(client, demo):
    client = signed_in(client)

    response = client.post(reverse("set_language"), {"language": "ru", "next": reverse("dashboard")})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ru"
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="zh-CN,en;q=0.8").content.decode()
    assert '<html lang="ru">' in html
    assert "Генеральный секретарь" in html and "Казахстан" in html


def test_the_language_can_be_switched_on_the_sign_in_page_before_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("login")})

    assert response.status_code == 302 and response.url == reverse("login")
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in html and "<h1>登录</h1>" in html


@pytest.mark.parametrize(
    ("accept_language", "lang", "sign_in"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.5", "ru", "Вход"),
        ("zh-CN,zh;q=0.9", "zh-hans", "登录"),
        ("fr-FR", "en", "Sign in"),
    ],
)
def test_the_browser_preference_is_used_on_the_first_visit(client, accept_language, lang, sign_in):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()

    assert f'<html lang="{lang}">' in html
    assert f"<h1>{sign_in}</h1>" in html


def test_a_list_sorted_by_name_in_russian_orders_by_the_russian_names(client, demo):
    client = signed_in(client)

    russian = state_names_in_table(
        client.get(reverse("secretariat:state-list"), {"sort": "name"}, **RUSSIAN).content.decode()
    )
    english = state_names_in_table(
        client.get(
            reverse("secretariat:state-list"), {"sort": "name"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )

    assert russian == list(
        State.objects.order_by("name_ru").values_list("name_ru", flat=True)[: len(russian)]
    )
    descending = state_names_in_table(
        client.get(reverse("secretariat:state-list"), {"sort": "-name"}, **RUSSIAN).content.decode()
    )
    assert descending == list(
        State.objects.order_by("-name_ru").values_list("name_ru", flat=True)[: len(descending)]
    )
    # China comes before Kazakhstan in English; Китай comes after Казахстан in Russian.
    assert russian.index("Казахстан") < russian.index("Китай")
    assert english.index("China") < english.index("Kazakhstan")


def test_dates_follow_the_readers_locale_and_chart_coordinates_stay_dot_decimal(client, demo):
    client = signed_in(client)
    url = reverse("staffing:quota-report")

    russian = client.get(url, {"as_of": "2024-07-04"}, **RUSSIAN).content.decode()
    chinese = client.get(url, {"as_of": "2024-07-04"}, **CHINESE).content.decode()

    assert "Отчёт о квотах на 4 июля 2024 г." in russian
    assert "2024年7月4日配额报告" in chinese
    # A Russian decimal comma inside an SVG attribute would break the chart.
    assert not re.search(r'\s(?:x|x1|x2|width)="-?\d+,\d', russian)
    assert re.search(r'\swidth="\d+\.\d"', russian)


def test_the_admin_lists_post_titles_in_the_readers_language(client, demo):
    admin = User.objects.create_superuser("admin", password="x" * 16)
    client.force_login(admin)

    html = client.get(reverse("admin:staffing_post_changelist"), {"o": "2"}, **RUSSIAN).content.decode()

    assert "Переводчик (китайский и русский языки)" in html
    assert "Interpreter (Chinese and Russian)" not in html
