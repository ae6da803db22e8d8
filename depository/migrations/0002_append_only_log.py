"""PostgreSQL refuses UPDATE and DELETE of a depositary event (core.appendonly).

SQLite keeps the model's refusal alone: there this migration does nothing.
"""

from django.db import migrations

from core.appendonly import append_only_sql
from core.periods import postgres_only

ADD, DROP = append_only_sql("depository_depositaryevent")


class Migration(migrations.Migration):
    dependencies = [("depository", "0001_initial")]

    operations = [migrations.RunPython(postgres_only(ADD), postgres_only(DROP))]
