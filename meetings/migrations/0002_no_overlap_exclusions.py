"""PostgreSQL exclusion constraint: no two presidencies of one rotation share a day.

SQLite has no such constraint; there the model's clean() under the service's lock guards.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from core.periods import no_overlap_sql, postgres_only

EXCLUSIONS = [
    no_overlap_sql(table="meetings_presidency", name="meetings_presidency_no_overlap", same=["rotation"]),
]


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [BtreeGistExtension()] + [
        migrations.RunPython(postgres_only(add), postgres_only(drop)) for add, drop in EXCLUSIONS
    ]
