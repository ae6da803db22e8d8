"""The depository in Chromium: an officer finds an instrument in the register, records a
party's notification (the status table and the log show it), corrects it (both events stay
visible), sees the overdue certified copies, and prints a depositary notification in Russian
and Chinese.

Set SHOTS_DIR to keep screenshots of the printable notification (ru, zh) and of the instrument
page (1280 and 390 px wide).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from depository.models import DepositaryEvent, Instrument, Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS_DIR = os.environ.get("SHOTS_DIR", "")


def shot(page, name: str) -> None:
    if SHOTS_DIR:
        Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SHOTS_DIR) / f"{name}.png", full_page=True)


def test_an_officer_records_and_corrects_an_act_sees_overdue_copies_and_prints_a_notification(page, sign_in):
    sign_in("officer")
    page.goto("/depository/?q=Universal")
    page.get_by_role(
        "link", name="Agreement on the SCO Universal Centre for Countering Security Challenges and Threats"
    ).click()
    instrument = Instrument.objects.get(code="universal-centre-2025")
    expect(page.locator("h1")).to_have_text(instrument.title_en)
    expect(page.get_by_text("Depositary log")).to_be_visible()

    page.get_by_role("link", name="Record an act").click()
    page.locator("#id_kind").select_option(label="notification received")
    page.locator("#id_state").select_option(label="Kazakhstan")
    page.locator("#id_on").fill("2026-01-15")
    page.get_by_label("Domestic act").fill("Law of 5 January 2026 No. 1-VIII")
    page.get_by_role("button", name="Record the act").click()
    status = page.locator("table.status-table")
    expect(status).to_contain_text("Kazakhstan")
    expect(status).to_contain_text("Law of 5 January 2026 No. 1-VIII")
    log = page.locator("table.depositary-log")
    expect(log).to_contain_text("notification received")

    event = DepositaryEvent.objects.get(instrument=instrument, kind="notification")
    page.locator(f"#event-{event.pk}").get_by_role("link", name="Correct").click()
    page.get_by_label("What is corrected").fill("Received on 16 January, not 15.")
    page.get_by_role("button", name="Record the correction").click()
    expect(page.locator(f"#event-{event.pk}")).to_contain_text("notification received")
    expect(log).to_contain_text("Received on 16 January, not 15.")
    shot(page, "instrument-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "instrument-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto("/depository/copies/?overdue=on")
    expect(page.locator("tbody")).to_contain_text("overdue")
    expect(page.locator("tbody")).to_contain_text("Universal Centre")
    page.goto("/")
    expect(page.get_by_text("Certified copies overdue")).to_be_visible()

    notification = Notification.objects.get()
    page.goto(f"/depository/notifications/{notification.pk}/")
    page.get_by_role("link", name="Print: Русский").click()
    expect(page.locator(".letterhead__org")).to_have_text("Секретариат Шанхайской организации сотрудничества")
    expect(page.locator("h1")).to_have_text("Депозитарное уведомление")
    shot(page, "notification-ru")
    page.goto(f"/depository/notifications/{notification.pk}/print/zh/")
    expect(page.locator(".letterhead__org")).to_have_text("上海合作组织秘书处")
    shot(page, "notification-zh")
    page.emulate_media(media="print")
    assert page.evaluate("document.querySelector('.screen-only').offsetParent") is None
