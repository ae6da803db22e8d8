"""The depository demo: the real instruments of the reference with their sourced dates; what no
source gives stays empty and shows as "not recorded"; copies and notifications illustrative."""

from datetime import date

import pytest
from django.urls import reverse

from depository.models import CertifiedCopy, Instrument, Notification
from tests.helpers import csv_rows

pytestmark = pytest.mark.django_db


def test_the_register_export_lists_at_least_20_real_instruments_with_charter_and_convention(
    demo, admin_client
):
    rows = csv_rows(admin_client.get(reverse("depository:instrument-list") + "?_export=csv&per_page=100"))
    header, body = rows[0], rows[1:]
    assert len(body) >= 20
    by_title = {row[header.index("Title")]: row for row in body}
    charter = by_title["Charter of the Shanghai Cooperation Organisation"]
    assert charter[header.index("Signed")] == "2002-06-07"
    assert charter[header.index("Place")] == "Saint Petersburg"
    assert charter[header.index("Entry into force")] == "2003-09-19"
    convention = by_title["Shanghai Convention on Combating Terrorism, Separatism and Extremism"]
    assert convention[header.index("Entry into force")] == "2003-03-29"
    assert convention[header.index("Depositary")] == "China"


def test_every_real_instrument_keeps_its_sources_and_none_is_illustrative(demo):
    assert Instrument.objects.count() >= 20
    assert not Instrument.objects.filter(is_fictional=True).exists()
    assert not Instrument.objects.filter(source="").exists()


def test_a_date_known_only_to_its_month_keeps_that_precision(demo):
    protocol = Instrument.objects.get(code="charter-protocol-2006")
    assert (protocol.signed_on, protocol.signed_precision) == (date(2006, 6, 1), "month")
    assert protocol.signed_display != "1 June 2006"


def test_copies_and_notifications_of_the_demo_are_illustrative(demo):
    assert CertifiedCopy.objects.exists() and not CertifiedCopy.objects.filter(is_fictional=False).exists()
    assert not Notification.objects.filter(is_fictional=False).exists()


def test_unknown_dates_show_as_not_recorded(demo, admin_client):
    instrument = Instrument.objects.get(code="rats-data-bank-2004")
    page = admin_client.get(instrument.get_absolute_url()).content.decode()
    assert "not recorded" in page


def test_the_register_exports_to_excel_with_the_filters_applied(demo, viewer_client):
    from io import BytesIO

    from openpyxl import load_workbook

    response = viewer_client.get(
        reverse("depository:instrument-list"), {"_export": "xlsx", "depositary": "state"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Shanghai Convention on Combating Terrorism, Separatism and Extremism"]
