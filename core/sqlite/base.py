"""Django's SQLite backend, made to search and sort text as PostgreSQL does.

- Case-insensitive lookups (`iexact`, `icontains`, `istartswith`, `iendswith`: the pages'
  search boxes, django-filter, the admin's search and autocomplete) compare both sides through
  UNICODE_UPPER(), Python's case mapping, where SQLite's own LIKE folds ASCII only; PostgreSQL
  compares UPPER() of both sides, so the two find the same rows.
- The collations "en-x-icu", "ru-x-icu" and "zh-x-icu", PostgreSQL's ICU names, sort with the
  keys of `core.text`, so `Collate(..., "ru-x-icu")` orders alike on both databases.

Both are registered on each new connection: a few microseconds, once per connection.
"""

from __future__ import annotations

from django.db.backends.sqlite3 import base, operations

from core.text import COLLATIONS, collation, fold_case

FOLD = "UNICODE_UPPER"
CASE_INSENSITIVE = ("iexact", "icontains", "istartswith", "iendswith")


class DatabaseOperations(operations.DatabaseOperations):
    def lookup_cast(self, lookup_type, internal_type=None):
        if lookup_type in CASE_INSENSITIVE:
            return f"{FOLD}(%s)"
        return super().lookup_cast(lookup_type, internal_type)


class DatabaseWrapper(base.DatabaseWrapper):
    # Django's operators with the right-hand side folded too; LIKE keeps its ESCAPE clause.
    operators = {
        **base.DatabaseWrapper.operators,
        **{lookup: f"LIKE {FOLD}(%s) ESCAPE '\\'" for lookup in CASE_INSENSITIVE},
    }
    pattern_ops = {
        **base.DatabaseWrapper.pattern_ops,
        "icontains": rf"LIKE '%%' || {FOLD}({{}}) || '%%' ESCAPE '\'",
        "istartswith": rf"LIKE {FOLD}({{}}) || '%%' ESCAPE '\'",
        "iendswith": rf"LIKE '%%' || {FOLD}({{}}) ESCAPE '\'",
    }
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.create_function(FOLD, 1, fold_case, deterministic=True)
        for language, name in COLLATIONS.items():
            connection.create_collation(name, collation(language))
        return connection
