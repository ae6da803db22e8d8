"""PostgreSQL exclusion constraints: a post has one holder at a time, a person one post."""

from django.db import migrations

from core.periods import no_overlap_sql, postgres_only

EXCLUSIONS = [
    no_overlap_sql(table="staffing_appointment", name="staffing_appointment_post_no_overlap", same=["post_id"]),
    no_overlap_sql(table="staffing_appointment", name="staffing_appointment_person_no_overlap", same=["person_id"]),
]


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_initial"), ("secretariat", "0002_no_overlap_exclusions")]

    operations = [migrations.RunPython(postgres_only(add), postgres_only(drop)) for add, drop in EXCLUSIONS]
