"""The partners timeline in a real browser, on a desktop screen and a phone: the same data as of
31 August 2025 (observers and dialogue partners) and 2 September 2025 (SCO partners only), the
chart readable (it scrolls inside its figure on a phone; the page itself never scrolls sideways)."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEIGHT = 900


def statuses_on_the_day(page: Page) -> set[str]:
    return set(page.locator("ul.partners-on li").evaluate_all("items => items.map(i => i.dataset.status)"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_timeline_shows_the_merger_of_observers_and_dialogue_partners(sign_in, width):
    page = sign_in("viewer")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto("/relations/timeline/?on=2025-08-31")
    chart = page.locator("svg.chart--partners")
    expect(chart).to_be_visible()
    assert chart.locator("g.lane").count() == 27
    assert statuses_on_the_day(page) == {"observer", "dialogue_partner"}
    expect(page.locator('[data-status="partner"] strong').first).to_have_text("0")

    # The same page, another day, through its own form.
    page.get_by_label("On the day").fill("2025-09-02")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**on=2025-09-02")
    assert statuses_on_the_day(page) == {"partner"}
    expect(page.locator("ul.counts [data-status='partner'] strong")).to_have_text("17")

    # The legend names every colour; the page never scrolls sideways, the chart scrolls inside
    # its figure where the screen is narrower than the chart.
    for status in ("member", "observer", "dialogue_partner", "partner"):
        expect(page.locator(f".legend__swatch--{status}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    scroller = page.locator(".timeline-scroll")
    overflow = scroller.evaluate("box => box.scrollWidth - box.clientWidth")
    if width == 390:
        assert overflow > 0
        # The state names stay legible: at least 11 CSS pixels tall on the phone.
        height = page.locator("svg.chart--partners text.lane-name").first.bounding_box()["height"]
        assert height >= 11
    else:
        assert overflow <= 0
