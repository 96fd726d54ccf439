"""SQL queries per request for the endpoints of the load run, counted in-process with Django's test
client against the seeded network (``benchmarks.network``): one patient and one provider of its first
clinic, the same requests the locust users make. Used by ``benchmarks/load.py`` and by the smoke test
that keeps these counts exact."""

from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.endpoints import BOOKED_SERVICE, DASHBOARD, EARLIEST_DAYS_AHEAD, availability_query, dashboard_name
from benchmarks.network import patient_email, staff_email


@dataclass(frozen=True)
class Counted:
    name: str
    status: int
    queries: int


def count_queries(slug: str, *, today: date, patient_number: int = 0, staff_number: int = 0) -> list[Counted]:
    """Each request of the load run once (the cache as it is: run it twice to see it warm). The booking
    is cancelled again, so the network is left as it was (plus the two appointment events)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user_model = get_user_model()
    patient = user_model.objects.get(email=patient_email(slug, patient_number))
    staff = user_model.objects.get(email=staff_email(slug, staff_number))
    patient_clinic = patient.clinic_links.get().clinic.slug
    staff_clinic = staff.memberships.get().clinic.slug
    as_patient, as_staff = Client(), Client()
    as_patient.force_login(patient)
    as_staff.force_login(staff)
    counted = []

    def measure(name, call):
        with CaptureQueriesContext(connection) as queries:
            response = call()
        counted.append(Counted(name, response.status_code, len(queries)))
        return response

    for path in DASHBOARD:
        measure(dashboard_name(path), lambda path=path: as_patient.get(f"/api/v1{path}"))
    first = today + timedelta(days=EARLIEST_DAYS_AHEAD)
    availability = measure(
        "availability (7 days)",
        lambda: as_patient.get(
            f"/api/v1/clinics/{patient_clinic}/availability",
            availability_query(first),
        ),
    )
    slots = availability.json()["slots"]
    if slots:
        booked = measure(
            "book",
            lambda: as_patient.post(
                "/api/v1/appointments",
                {"clinic": patient_clinic, "service": BOOKED_SERVICE, "start": slots[0]["start"]},
                content_type="application/json",
                headers={"Idempotency-Key": f"query-count-{slots[0]['start']}"},
            ),
        )
        measure(
            "cancel",
            lambda: as_patient.post(
                f"/api/v1/appointments/{booked.json()['id']}/transitions",
                {"status": "cancelled", "reason": "Query count"},
                content_type="application/json",
            ),
        )
    for days, name in ((1, "schedule (day)"), (7, "schedule (week)")):
        measure(
            name,
            lambda days=days: as_staff.get(
                f"/api/v1/clinics/{staff_clinic}/schedule", {"date": today.isoformat(), "days": days}
            ),
        )
    return counted
