"""The quota report and the quota use of a date."""

from datetime import date

import pytest
from django.urls import reverse

from secretariat.models import State
from staffing.models import QuotaStatus, quota_use_on
from tests import factories
from tests.helpers import read_csv
from tests.world import DAY

pytestmark = pytest.mark.django_db


def test_quota_report_csv_on_a_past_day_lists_the_members_of_that_day(viewer_client, staffed, founders):
    india = factories.member_state("IN", since=date(2017, 6, 9), name_en="India")
    factories.quota({**{s: 5 for s in founders.values()}, india: 6}, effective_date=date(2017, 6, 9))
    early = read_csv(
        viewer_client.get(reverse("staffing:quota-report"), {"as_of": "2005-01-01", "_export": "csv"})
    )
    late = read_csv(viewer_client.get(reverse("staffing:quota-report"), {"_export": "csv"}))
    assert len(early) == 1 + 6 + 1 and "India" not in {row[0] for row in early}
    assert len(late) == 1 + 7 + 1 and "India" in {row[0] for row in late}
    assert late[-1][0] == "Total" and sum(int(row[1]) for row in late[1:-1]) == int(late[-1][1]) == 36


@pytest.mark.parametrize("name", ["dashboard", "staffing:quota-report"])
def test_the_quota_of_the_member_states_is_listed_in_protocol_order(viewer_client, staffed, founders, name):
    """States in the order of their Russian names, as at SCO meetings, whatever the query."""
    response = viewer_client.get(reverse(name))
    rows = response.context["quota_rows" if name == "dashboard" else "rows"]
    codes = [row.code for row in rows]
    assert len(codes) >= 3
    protocol = State.objects.filter(code__in=codes).order_by("name_ru", "name_en")
    assert codes == list(protocol.values_list("code", flat=True))


def test_quota_use_on_a_date_is_one_query_with_each_status(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        use = {row.code: (row.quota, row.serving, row.free, row.status) for row in quota_use_on(DAY)}
    assert use["KZ"] == (2, 1, 1, QuotaStatus.BELOW)
    assert use["RU"] == (2, 2, 0, QuotaStatus.AT)
    assert use["CN"] == (2, 3, -1, QuotaStatus.OVER)
    assert use["UZ"] == (2, 0, 2, QuotaStatus.UNREPRESENTED)
    assert use["IN"] == (3, 0, 3, QuotaStatus.UNREPRESENTED)
    assert use["PK"] == (0, 0, 0, QuotaStatus.UNREPRESENTED)
    size = len(world.extras)
    assert all(use[state.code] == (size + 1, 1, size, QuotaStatus.BELOW) for state in world.extras)
    assert set(use) == {state.code for state in State.objects.members_on(DAY)}
