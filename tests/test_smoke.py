from datetime import date

from staffing import services
from staffing.models import quota_use_on
from tests import factories


def test_an_official_within_quota_is_appointed_and_counted(founders):
    kz = founders["KZ"]
    factories.quota({state: 6 for state in founders.values()})
    post = factories.PostFactory()
    person = factories.PersonFactory(nationality=kz)
    services.appointment_create(person=person, post=post, nominated_by=kz, start_date=date(2020, 1, 1))
    use = {row.code: row for row in quota_use_on(date(2020, 6, 1))}
    assert use["KZ"].serving == 1 and use["KZ"].free == 5 and use["KZ"].status == "below"
