"""Give the role the portal runs as what it needs and no more (PostgreSQL).

The tables belong to the role that runs the migrations. The web, worker and beat processes connect as
another role: it reads and writes rows, but owns nothing, so it cannot ALTER a table, disable the
audit trail's append-only trigger, or DROP anything; on the audit trail it may only SELECT and
INSERT (no UPDATE, DELETE or TRUNCATE, which a trigger cannot stop). Run after every ``migrate``, as
the owner: ``python manage.py grant_app_role portal_app`` (docker-compose.yml's ``migrate`` does)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from apps.audit.models import AuditEvent

ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


class Command(BaseCommand):
    help = "Grant the portal's runtime database role row access to every table, and append-only on the audit trail."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role web, worker and beat connect as (it must exist).")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL matter; the embedded SQLite has none.")
        name, audit_table = sql.Identifier(role), sql.Identifier(AuditEvent._meta.db_table)
        statements = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
            sql.SQL(f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {{}}").format(name),
            sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
            sql.SQL(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {ROW_PRIVILEGES} ON TABLES TO {{}}").format(name),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(name),
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(audit_table, name),
        ]
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement.as_string(cursor.connection))
        self.stdout.write(f"{role}: rows of every table, append-only on {AuditEvent._meta.db_table}.")
