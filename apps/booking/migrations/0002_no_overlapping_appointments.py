"""No double-booking, decided by the database: on PostgreSQL, GiST exclusion constraints refuse two
occupying appointments that share a provider, a chair or a patient over overlapping half-open ranges
('[)': one may end exactly when the next starts). The ranges are the occupied columns of the row.

The condition cannot mention the clock, so a hold past its expiry still counts here until it is
released; the booking service releases the stale holds overlapping the time it is about to take, in
the same transaction, before it writes. SQLite has no exclusion constraints: there, writes are
serialized (transactions begin IMMEDIATE) and the service's own check decides."""

from django.db import migrations

OCCUPYING = "status IN ('held', 'confirmed', 'checked_in', 'completed')"

CONSTRAINTS = {
    "booking_no_provider_overlap": (
        "provider_id WITH =, tstzrange(provider_busy_from, provider_busy_until, '[)') WITH &&",
        OCCUPYING,
    ),
    "booking_no_chair_overlap": (
        "chair_id WITH =, tstzrange(starts_at, recovery_ends_at, '[)') WITH &&",
        f"chair_id IS NOT NULL AND {OCCUPYING}",
    ),
    "booking_no_patient_overlap": (
        "patient_id WITH =, tstzrange(starts_at, recovery_ends_at, '[)') WITH &&",
        OCCUPYING,
    ),
}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (expressions, condition) in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE booking_appointment ADD CONSTRAINT {name} EXCLUDE USING gist ({expressions}) WHERE ({condition})"
        )


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE booking_appointment DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial"), ("core", "0001_postgres_extensions")]
    operations = [migrations.RunPython(add_constraints, drop_constraints)]
