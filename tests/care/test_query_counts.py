"""Staff lists cost the same number of queries whatever the number of rows. Of those, 10 are what every
staff request pays (session, user, user-session tracking in a savepoint, membership, MFA, clinic)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.care.services import assessment_submit
from tests.care.factories import fake_request, make_assessment, record_outcome
from tests.clinics.factories import ClinicPatientFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(url)  # the session is touched on the first request only
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def raise_alerts(clinic, count):
    for _ in range(count):
        patient = ClinicPatientFactory(clinic=clinic).patient
        assessment_submit(request=fake_request(patient), patient=patient, instrument="phq9", answers=[0] * 8 + [1])


def test_the_alert_list(clinic, staff_client_for):
    client = staff_client_for(clinic)
    url = f"/api/v1/clinics/{clinic.slug}/alerts"
    raise_alerts(clinic, 1)
    assert queries_for(client, url) == 13  # + count, page (with patients and assessments), one audit insert
    raise_alerts(clinic, 3)
    assert queries_for(client, url) == 13


def test_a_patients_consultation_outcomes_and_assessments(clinic, staff_client_for):
    patient = ClinicPatientFactory(clinic=clinic).patient
    client = staff_client_for(clinic)
    base = f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}"
    record_outcome(patient, clinic)
    make_assessment(patient)
    # + the patient, count, page (providers joined in), one audit insert
    expected = [14, 14]
    assert [queries_for(client, f"{base}/{suffix}") for suffix in ("consultation-outcomes", "assessments")] == expected
    for _ in range(3):
        record_outcome(patient, clinic)
        make_assessment(patient)
    assert [queries_for(client, f"{base}/{suffix}") for suffix in ("consultation-outcomes", "assessments")] == expected
