"""The GIN index that serves full-text search on PostgreSQL. It lives outside the model state on
purpose: SQLite has no GIN indexes, and an index declared in Meta would be recreated there whenever
SQLite rebuilds the table. The trigram functions search uses come from pg_trgm (core 0001)."""

from django.db import migrations

INDEX = "education_article_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON education_article USING gin (search_vector)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_postgres_extensions"),
        ("education", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_index, drop_index)]
