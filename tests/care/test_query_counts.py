"""Staff lists cost a fixed number of queries whatever the number of rows. Counted on top of what any
staff request pays before its own work (session, user, session tracking, membership, MFA, the clinic),
so the numbers below are the care code's own."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.care.services.assessments import assessment_submit
from apps.core.clock import now
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_assessment, make_plan, record_outcome
from tests.clinics.factories import ClinicPatientFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(url)  # the session is touched on the first request only
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def staff_request_overhead(client, clinic) -> int:
    """An empty delivery log does one query of its own: the count."""
    return queries_for(client, f"/api/v1/clinics/{clinic.slug}/notifications") - 1


def raise_alerts(clinic, count):
    for _ in range(count):
        patient = ClinicPatientFactory(clinic=clinic).patient
        assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=[0] * 8 + [1])


def test_the_alert_list(clinic, staff_client_for):
    client = staff_client_for(clinic)
    overhead = staff_request_overhead(client, clinic)
    url = f"/api/v1/clinics/{clinic.slug}/alerts"
    raise_alerts(clinic, 1)
    # count, the page (patients, profiles, assessments joined), one audit insert
    assert queries_for(client, url) == overhead + 3
    raise_alerts(clinic, 3)
    assert queries_for(client, url) == overhead + 3


def test_a_patients_consultation_outcomes_and_assessments(clinic, staff_client_for):
    patient = ClinicPatientFactory(clinic=clinic).patient
    client = staff_client_for(clinic)
    overhead = staff_request_overhead(client, clinic)
    base = f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}"
    suffixes = ("consultation-outcomes", "assessments")
    # the patient, count, the page (providers' profiles joined), one audit insert
    expected = [overhead + 4, overhead + 4]
    record_outcome(patient, clinic)
    make_assessment(patient)
    assert [queries_for(client, f"{base}/{suffix}") for suffix in suffixes] == expected
    for _ in range(3):
        record_outcome(patient, clinic)
        make_assessment(patient)
    assert [queries_for(client, f"{base}/{suffix}") for suffix in suffixes] == expected


def dosing_sessions(patient, clinic, days):
    """Completed dosing sessions for ``patient`` at ``clinic``, one on each of ``days`` from now."""
    iv = ServiceTypeFactory(clinic=clinic, iv=True)
    for day in days:
        AppointmentFactory(service=iv, patient=patient, status="completed", starts_at=now() + timedelta(days=day))


@pytest.mark.parametrize("suffix", ["plan", "assessments/trend"])
def test_a_patients_plan_and_trend_with_their_dosing_sessions(clinic, staff_client_for, suffix):
    """Staff: the patient, the plan and its progress (or the assessments and the completed sessions,
    clinics joined), one audit insert: 4 on top of the staff overhead, and the plan's documented
    adjustments for staff (one more). The patient: the user (the session is read from the cache) and the
    profile check, then the same work without looking the patient up: 5 in all."""
    patient = ClinicPatientFactory(clinic=clinic).patient
    make_plan(patient, clinic)
    make_assessment(patient)
    dosing_sessions(patient, clinic, [1])
    client = staff_client_for(clinic)
    patient_client = APIClient()
    sign_in(patient_client, patient)
    overhead = staff_request_overhead(client, clinic)
    urls = [f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/{suffix}", f"/api/v1/{suffix}"]
    expected = [overhead + (5 if suffix == "plan" else 4), 5]
    assert [queries_for(client, urls[0]), queries_for(patient_client, urls[1])] == expected
    dosing_sessions(patient, clinic, [2, 3, 4, 5])
    make_assessment(patient)
    assert [queries_for(client, urls[0]), queries_for(patient_client, urls[1])] == expected
