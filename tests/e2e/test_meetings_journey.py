"""The drafts journey in Chromium (must show 5): an officer takes a draft from received to
circulated, step by step on its page, and the queue shows each step as it is taken.

(Here rather than in tests/meetings/: the browser fixtures live in tests/e2e/conftest.py.)
"""

import pytest
from playwright.sync_api import expect

from meetings.models import Draft, Material, Step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = [
    ("legal review", "No conflict with the Charter."),
    ("expert consultations", "One round with the experts of the proposing state."),
    ("consent of the National Coordinators", "The National Coordinators consent to circulate."),
    ("circulated", "Sent to the member states."),
]


def test_an_officer_takes_a_draft_from_received_to_circulated_and_the_queue_shows_each_step(page, sign_in):
    draft = Draft.objects.get(step=Step.RECEIVED)
    sign_in("officer")

    page.goto("/meetings/drafts/")
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=draft.reference, exact=True))
    expect(row).to_contain_text("received")

    for label, conclusion in JOURNEY:
        row.get_by_role("link", name=draft.reference, exact=True).click()
        page.get_by_label("Next step").select_option(label=label)
        page.get_by_label("Conclusion").fill(conclusion)
        page.get_by_role("button", name="Record the step").click()
        expect(page.locator("#draft-step")).to_have_text(label)
        expect(page.locator("ol.steps")).to_contain_text(conclusion)

        page.goto("/meetings/drafts/")
        expect(row).to_contain_text(label)

    draft.refresh_from_db()
    assert draft.step == Step.CIRCULATED
    assert [step.step for step in draft.steps.all()] == [
        Step.RECEIVED,
        Step.LEGAL_REVIEW,
        Step.CONSULTATIONS,
        Step.CNC_CONSENT,
        Step.CIRCULATED,
    ]
    assert {step.recorded_by.username for step in draft.steps.exclude(step=Step.RECEIVED)} == {"officer"}
    # Circulated: it is now a material of its target meeting, on that meeting's page.
    material = Material.objects.get(draft=draft)
    page.goto(material.meeting.get_absolute_url())
    expect(page.locator(f"#material-{material.pk}")).to_contain_text(draft.reference)
