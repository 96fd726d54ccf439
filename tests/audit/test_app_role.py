"""The role the portal runs as may append to the audit trail and read it, and nothing more: it cannot
empty, change, or switch off the trail's protection, whatever the application (or an attacker in it)
sends."""

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

INSERT_EVENT = (
    "INSERT INTO audit_auditevent (at, action, object_type, object_id) VALUES (now(), 'read', 'accounts.user', '1')"
)


@pytest.fixture
def app_connection():
    """A connection as a fresh role given the portal's grants, as docker-compose.yml's web would have."""
    role = f"portal_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    call_command("grant_app_role", role)
    settings = connection.settings_dict
    app = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, dbname=settings["NAME"], user=role, autocommit=True
    )
    yield app
    app.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditevent",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditevent SET object_id = 'x'",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "DROP TABLE audit_auditevent",
        "CREATE TABLE shadow_trail (id int)",
    ],
)
def test_the_apps_role_cannot_empty_change_or_unprotect_the_trail(app_connection, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_connection.execute(statement)


def test_the_apps_role_appends_to_the_trail_and_works_with_every_other_table(app_connection):
    app_connection.execute(INSERT_EVENT)
    assert app_connection.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (1,)
    app_connection.execute("UPDATE django_session SET expire_date = now() WHERE false")
    app_connection.execute("DELETE FROM booking_appointment WHERE false")
