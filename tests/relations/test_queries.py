"""Query counts of the relations pages: the same with the demo and with many more rows.

Budgets: the timeline reads every standing with its basis, meeting and memorandum in one query;
the lists read their rows (and the organisations their instruments) in one query each, plus
the count; the state page adds two queries (standings with their bases, the path to membership).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from depository.models import Instrument, Participation
from meetings.models import Meeting
from relations.models import MembershipStep, StandingBasis
from secretariat.models import InternationalOrganisation, Standing
from tests.factories import StateFactory

PAGES = [
    (reverse("relations:timeline"), {"on": "2025-08-31"}),
    (reverse("relations:partner-list"), {"on": "2020-01-01"}),
    (reverse("relations:partner-list"), {"_export": "csv"}),
    (reverse("relations:organisation-list"), {"on": "2026-01-01"}),
    (reverse("relations:organisation-list"), {"_export": "csv", "on": "2028-01-01"}),
    (reverse("relations:organisation-detail", args=["unesco"]), {}),
    (reverse("overview:state-detail", args=["BY"]), {}),
]


def counts(client) -> list[int]:
    found = []
    for url, query in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
        found.append(len(captured.captured_queries))
    return found


def grow(extra: int) -> None:
    """`extra` more partners, each with two standings, their bases, a memorandum and a path to
    membership; `extra` more organisations with two instruments each; more UNESCO memoranda."""
    meeting = Meeting.objects.filter(body__code="CHS").order_by("start_date").first()
    unesco = InternationalOrganisation.objects.get(code="unesco")
    belarus = Standing.objects.get(state__code="BY", status="member").state
    for n in range(extra):
        state = StateFactory(code=f"X{chr(65 + n)}")  # no demo state has an X code (QA is Qatar)
        first = Standing.objects.create(
            state=state, status="dialogue_partner", start_date=date(2010, 1, 1), end_date=date(2025, 8, 31)
        )
        second = Standing.objects.create(state=state, status="partner", start_date=date(2025, 9, 1))
        memo = Instrument.objects.create(
            code=f"memo-{state.code}", kind="dp_memorandum", title_en=f"Memo {n}", signed_on=date(2009, 5, 1)
        )
        Participation.objects.create(instrument=memo, state=state, signed_on=date(2009, 5, 1))
        StandingBasis.objects.create(
            standing=first, meeting=meeting, decided_on=date(2009, 6, 16), instrument=memo
        )
        StandingBasis.objects.create(standing=second, meeting=meeting, decided_on=date(2025, 9, 1))
        organisation = InternationalOrganisation.objects.create(code=f"org-{n}", name_en=f"Organisation {n}")
        for k in range(2):
            instrument = Instrument.objects.create(
                code=f"mou-{n}-{k}",
                kind="mou",
                title_en=f"MoU {n}/{k}",
                signed_on=date(2010 + k, 1, 1),
                entry_into_force=date(2010 + k, 1, 1),
                valid_until=date(2020 + k, 1, 1),
            )
            Participation.objects.create(instrument=instrument, organisation=organisation)
            extra_unesco = Instrument.objects.create(
                code=f"mou-unesco-{n}-{k}", kind="mou", title_en="More", entry_into_force=date(2012, 1, 1)
            )
            Participation.objects.create(instrument=extra_unesco, organisation=unesco)
    for kind in ("application", "accession"):
        MembershipStep.objects.create(state=belarus, kind=kind, on=date(2021, 1, 1))


@pytest.mark.parametrize("extra", [15])
def test_each_relations_page_makes_as_many_queries_with_more_rows(demo, viewer_client, extra):
    before = counts(viewer_client)
    grow(extra)
    after = counts(viewer_client)
    assert after == before, list(zip([url for url, _q in PAGES], before, after, strict=True))
    assert max(after) <= 10
