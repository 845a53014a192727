"""Trigram indexes for the back office's searches on PostgreSQL (icontains becomes
UPPER(column) LIKE '%…%', which a GIN trigram index on UPPER(column) serves). Nothing on SQLite."""

from django.db import migrations

INDEXES = [
    ("delegate_family_name_trgm", "accreditation_delegate", "family_name"),
    ("delegate_given_names_trgm", "accreditation_delegate", "given_names"),
    ("delegate_email_trgm", "accreditation_delegate", "email"),
    ("organization_name_trgm", "accreditation_organization", "name"),
    ("organization_acronym_trgm", "accreditation_organization", "acronym"),
    ("organization_email_trgm", "accreditation_organization", "email"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0005_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
