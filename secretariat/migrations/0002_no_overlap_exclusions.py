"""PostgreSQL exclusion constraints: no two periods of the same kind share a day.

SQLite has no such constraint; there the models' clean() under the services' lock guards.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from core.periods import no_overlap_sql, postgres_only

EXCLUSIONS = [
    no_overlap_sql(table="secretariat_standing", name="secretariat_standing_no_overlap", same=["state_id"]),
    no_overlap_sql(table="secretariat_secretarygeneralterm", name="secretariat_secretarygeneralterm_no_overlap", same=[]),
    no_overlap_sql(
        table="secretariat_deputysecretarygeneralterm",
        name="secretariat_deputysecretarygeneralterm_no_overlap",
        same=["person_id"],
    ),
    no_overlap_sql(
        table="secretariat_permanentrepresentative",
        name="secretariat_permanentrepresentative_no_overlap",
        same=["state_id"],
    ),
]


class Migration(migrations.Migration):
    dependencies = [("secretariat", "0001_initial")]

    operations = [BtreeGistExtension()] + [
        migrations.RunPython(postgres_only(add), postgres_only(drop)) for add, drop in EXCLUSIONS
    ]
