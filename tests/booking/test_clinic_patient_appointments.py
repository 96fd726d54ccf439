"""Staff: one patient's appointments at their clinic, upcoming and past, each row read audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditAction, AuditEvent
from apps.booking.models import AppointmentStatus
from apps.core.clock import now
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def url(clinic, patient, when=None):
    query = f"?when={when}" if when else ""
    return f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/appointments{query}"


def appointment(patient, clinic, *, hours, status=AppointmentStatus.CONFIRMED):
    service = ServiceTypeFactory(clinic=clinic)
    return AppointmentFactory(service=service, patient=patient, starts_at=now() + timedelta(hours=hours), status=status)


def ids(response):
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def patient(clinic):
    return ClinicPatientFactory(clinic=clinic).patient


def test_upcoming_soonest_first_and_past_latest_first_with_cancelled_among_the_past(clinic, patient, staff_client_for):
    later = appointment(patient, clinic, hours=48)
    sooner = appointment(patient, clinic, hours=2)
    under_way = appointment(patient, clinic, hours=0, status=AppointmentStatus.CHECKED_IN)
    cancelled = appointment(patient, clinic, hours=24, status=AppointmentStatus.CANCELLED)
    last_week = appointment(patient, clinic, hours=-24 * 7, status=AppointmentStatus.COMPLETED)
    yesterday = appointment(patient, clinic, hours=-24, status=AppointmentStatus.NO_SHOW)
    appointment(ClinicPatientFactory(clinic=clinic).patient, clinic, hours=3)  # someone else's
    client = staff_client_for(clinic, "front_desk")

    upcoming = client.get(url(clinic, patient))
    assert ids(upcoming) == [str(a.pk) for a in (under_way, sooner, later)]
    assert upcoming.json()["results"][0]["status"] == "checked_in"
    past = client.get(url(clinic, patient, "past"))
    assert ids(past) == [str(a.pk) for a in (cancelled, yesterday, last_week)]
    assert ids(client.get(url(clinic, patient, "upcoming"))) == ids(upcoming)


def test_only_this_clinics_appointments_of_the_patient(clinic, patient, staff_client_for):
    elsewhere = ClinicFactory(organization=clinic.organization)
    ClinicPatientFactory(clinic=elsewhere, patient=patient)
    here = appointment(patient, clinic, hours=5)
    appointment(patient, elsewhere, hours=6)
    assert ids(staff_client_for(clinic).get(url(clinic, patient))) == [str(here.pk)]


def test_each_row_read_is_audited_for_the_patient_at_the_clinic(clinic, patient, staff_client_for):
    rows = [appointment(patient, clinic, hours=hours) for hours in (3, 4)]
    client = staff_client_for(clinic)
    client.get(url(clinic, patient))
    events = AuditEvent.objects.filter(action=AuditAction.READ, object_type="booking.appointment")
    assert {(event.object_id, event.patient_id, event.clinic_id, event.actor_id) for event in events} == {
        (str(row.pk), patient.pk, clinic.pk, client.user.pk) for row in rows
    }


def test_another_clinics_patient_or_clinic_is_not_found(clinic, patient, staff_client_for):
    other = ClinicFactory()
    stranger = ClinicPatientFactory(clinic=other).patient
    appointment(stranger, other, hours=5)
    client = staff_client_for(clinic)
    for response in (
        client.get(url(clinic, stranger)),
        client.get(url(other, stranger)),
        client.get(url(other, patient)),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(patient=stranger).exists()


def test_a_patient_cannot_read_the_clinic_list_of_their_own_appointments(clinic, patient, api_client):
    sign_in(api_client, patient)
    response = api_client.get(url(clinic, patient))
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_an_unknown_choice_is_a_400_in_the_one_shape(clinic, patient, staff_client_for):
    response = staff_client_for(clinic).get(url(clinic, patient, "someday"))
    assert response.status_code == 400
    assert "when" in response.json()["fields"]


def test_a_fixed_number_of_queries_whatever_the_number_of_appointments(clinic, patient, staff_client_for):
    client = staff_client_for(clinic)

    def queries(path):
        client.get(path)  # the session is touched on the first request only
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    overhead = queries(f"/api/v1/clinics/{clinic.slug}/notifications") - 1  # an empty log counts once
    appointment(patient, clinic, hours=3)
    # the patient, the count, the page (clinic, service, provider, chair, patient and profile joined),
    # one audit insert
    assert queries(url(clinic, patient)) == overhead + 4
    for hours in (5, 7, 9):
        appointment(patient, clinic, hours=hours)
    assert queries(url(clinic, patient)) == overhead + 4
