"""btree_gist (exclusion constraints against overlapping bookings) and pg_trgm (typo-tolerant
search) are contrib extensions of PostgreSQL; SQLite has neither and needs neither."""

from django.db import migrations

EXTENSIONS = ("btree_gist", "pg_trgm")


def create_extensions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in EXTENSIONS:
            schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_extensions, migrations.RunPython.noop)]
