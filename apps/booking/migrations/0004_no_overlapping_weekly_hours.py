"""A provider's weekly hours at one clinic may not overlap on the same weekday, decided by the
database: on PostgreSQL a GiST exclusion constraint refuses two rows for the same provider, clinic and
weekday whose half-open time ranges ('[)': a shift may start when the previous one ends) overlap.
PostgreSQL has no range type over times of day, so each time is placed on one fixed date.

Hours at different clinics are compared by the service instead, as instants in each clinic's own zone
(a constraint cannot read a clinic's zone). SQLite has no exclusion constraints: there, writes are
serialized (transactions begin IMMEDIATE) and the service's check decides."""

from django.db import migrations

NAME = "booking_no_weekly_hours_overlap"
RANGE = "tsrange(DATE '2000-01-03' + start_time, DATE '2000-01-03' + end_time, '[)')"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE booking_weeklyhours ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        f"(provider_id WITH =, clinic_id WITH =, weekday WITH =, ({RANGE}) WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE booking_weeklyhours DROP CONSTRAINT IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("booking", "0003_service_fits_within_a_day")]
    operations = [migrations.RunPython(add_constraint, drop_constraint)]
