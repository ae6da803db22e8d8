"""No page scrolls sideways, on a desktop screen or a phone.

The pages come from the main navigation as the page itself shows it (the sections, and the
pages of each), so a new entry is checked without touching this test, plus the forms its
pages offer and the records their lists link to first.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
HEIGHT = 900


def local_paths(page: Page, selector: str) -> list[str]:
    """Paths of the links matched on the current page, without downloads and outside addresses."""
    hrefs = page.locator(selector).evaluate_all(
        "links => links.filter(link => !link.hasAttribute('download')).map(link => link.href)"
    )
    here = urlsplit(page.url).netloc
    return [urlsplit(href).path for href in hrefs if urlsplit(href).netloc == here]


def page_kind(path: str) -> tuple:
    """What decides a page's layout: its view, and for the history pages the model too.

    Two people, two posts or two appointments share a template; one of each is enough.
    """
    match = resolve(path)
    return (match.view_name, *sorted((k, v) for k, v in match.kwargs.items() if k not in ("pk", "code")))


def sideways_scroll(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_scrolls_sideways_on_a_desktop_or_a_phone(sign_in):
    page = sign_in("admin")
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    sections = local_paths(page, "nav.main-nav a")
    # Each section's pages are listed under the sections when one is open.
    nav = list(sections)
    for section in sections:
        if not section.startswith("/admin/"):
            page.goto(section)
            nav += [path for path in local_paths(page, "nav.sub-nav a") if path not in nav]
    assert len(nav) >= 20, f"the main navigation lists only {nav}"

    # Each page is loaded once and looked at in every width (the window is resized, as a
    # user turning a tablet would). From the navigation's pages we follow their buttons
    # (forms) and the links of their list's first row (the record, its person, post or
    # state); from those records, their buttons (history, end, contract). One page of each
    # kind: the first person found stands for every person.
    queue = [(path, 0) for path in nav]
    seen = {page_kind(path) for path in nav}
    problems = []
    for path, depth in queue:
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        response = page.goto(path)
        if response.status != 200:
            problems.append(f"{path} answered {response.status}")
            continue
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            overflow = sideways_scroll(page)
            if overflow > 0:
                problems.append(f"{path} at {width} px wide scrolls sideways by {overflow} px")
        if depth >= 2 or path.startswith("/admin/"):
            continue  # Django's own admin: its links are not ours to follow
        found = local_paths(page, "main .page-head__actions a")
        if depth == 0:
            found += local_paths(page, "main table tbody tr:first-child a")
        for link in found:
            if page_kind(link) not in seen:
                seen.add(page_kind(link))
                queue.append((link, depth + 1))

    # Detail pages and their history, not only the lists: the walk must not silently shrink.
    assert {"staffing:appointment-detail", "record-history"} <= {kind[0] for kind in seen}, sorted(seen)
    if problems:
        pytest.fail(f"{len(queue)} pages checked at {WIDTHS} px:\n" + "\n".join(problems), pytrace=False)


def test_on_a_phone_the_open_section_and_page_are_in_view(sign_in):
    """The navigation rows scroll sideways at 390 px (Russian labels are long): the section
    and the page the reader is on are scrolled into view."""
    page = sign_in("officer")
    page.context.add_cookies([{"name": "django_language", "value": "ru", "url": page.url}])
    page.set_viewport_size({"width": WIDTHS[1], "height": HEIGHT})
    page.goto("/depository/notifications/")
    for selector in (".main-nav [aria-current]", ".sub-nav [aria-current]"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[1], (selector, box)
