"""The clinic's patient list: stage and flag filters, the next appointment, open safety alerts on top."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditAction, AuditEvent
from apps.care.services.assessments import assessment_submit
from apps.core.clock import now
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_plan, name_escort
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

pytestmark = pytest.mark.django_db


def patient_named(clinic, name):
    patient = PatientFactory(profile__legal_name=name)
    ClinicPatientFactory(clinic=clinic, patient=patient)
    return patient


def raise_alert(patient):
    assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=[0] * 8 + [1])


def book(patient, clinic, hours, status="confirmed"):
    AppointmentFactory(
        service=ServiceTypeFactory(clinic=clinic),
        patient=patient,
        starts_at=now() + timedelta(hours=hours),
        status=status,
    )


def names(client, clinic, query=""):
    response = client.get(f"/api/v1/clinics/{clinic.slug}/patients{query}")
    assert response.status_code == 200, response.json()
    return [row["legal_name"] for row in response.json()["results"]]


@pytest.fixture
def scene(clinic):
    """Ana: no plan. Ben: induction, escort named, an open alert. Cara: maintenance, no escort. Dan: paused."""
    ana, ben, cara, dan = (patient_named(clinic, name) for name in ("Ana", "Ben", "Cara", "Dan"))
    make_plan(ben, clinic)
    name_escort(ben)
    raise_alert(ben)
    make_plan(cara, clinic).__class__.objects.filter(patient=cara).update(maintenance_started_at=now())
    make_plan(dan, clinic, status="paused")
    name_escort(dan)
    book(ana, clinic, 48)
    book(cara, clinic, 3)
    book(cara, clinic, 1, status="cancelled")
    book(dan, clinic, -48, status="completed")
    return {"ana": ana, "ben": ben, "cara": cara, "dan": dan}


def test_each_row_says_the_stage_the_flags_and_the_next_appointment(clinic, scene, staff_client_for):
    rows = staff_client_for(clinic).get(f"/api/v1/clinics/{clinic.slug}/patients").json()["results"]
    summary = {row["legal_name"]: (row["stage"], row["open_safety_alert"], row["no_escort"]) for row in rows}
    assert summary == {
        "Ana": ("no_plan", False, False),
        "Ben": ("induction", True, False),
        "Cara": ("maintenance", False, True),
        "Dan": ("paused", False, False),
    }
    next_visit = {row["legal_name"]: row["next_appointment"] for row in rows}
    assert next_visit["Dan"] is None and next_visit["Ben"] is None
    assert next_visit["Cara"] < next_visit["Ana"]


def test_open_safety_alerts_come_first_whatever_the_sort(clinic, scene, staff_client_for):
    client = staff_client_for(clinic, "front_desk")
    assert names(client, clinic) == ["Ben", "Ana", "Cara", "Dan"]
    assert names(client, clinic, "?sort=next_appointment") == ["Ben", "Cara", "Ana", "Dan"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?stage=no_plan", ["Ana"]),
        ("?stage=induction", ["Ben"]),
        ("?stage=maintenance", ["Cara"]),
        ("?stage=paused", ["Dan"]),
        ("?flag=safety_alert", ["Ben"]),
        ("?flag=no_escort", ["Cara"]),
        ("?flag=no_escort&stage=induction", []),
        ("?search=Ana&sort=next_appointment", ["Ana"]),
    ],
)
def test_filters(clinic, scene, staff_client_for, query, expected):
    assert names(staff_client_for(clinic), clinic, query) == expected


def test_another_clinics_plans_alerts_and_visits_do_not_count_here(clinic, staff_client_for):
    elsewhere = ClinicFactory(organization=clinic.organization)
    patient = patient_named(clinic, "Eve")
    ClinicPatientFactory(clinic=elsewhere, patient=patient)
    make_plan(patient, elsewhere)
    book(patient, elsewhere, 5)
    row = staff_client_for(clinic).get(f"/api/v1/clinics/{clinic.slug}/patients").json()["results"][0]
    assert (row["stage"], row["no_escort"], row["next_appointment"]) == ("no_plan", False, None)


@pytest.mark.parametrize("query", ["?stage=done", "?flag=overdue", "?sort=age", f"?search={'x' * 201}"])
def test_an_unknown_filter_is_a_400_in_the_one_shape(clinic, staff_client_for, query):
    response = staff_client_for(clinic).get(f"/api/v1/clinics/{clinic.slug}/patients{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and len(response.json()["fields"]) == 1


def test_each_listed_patient_is_audited_as_read_at_the_clinic(clinic, scene, staff_client_for):
    client = staff_client_for(clinic)
    client.get(f"/api/v1/clinics/{clinic.slug}/patients?flag=safety_alert")
    reads = AuditEvent.objects.filter(action=AuditAction.READ, actor=client.user)
    assert [(event.patient_id, event.clinic_id) for event in reads] == [(scene["ben"].pk, clinic.pk)]


def test_a_fixed_number_of_queries_whatever_the_number_of_patients(clinic, scene, staff_client_for):
    client = staff_client_for(clinic)
    url = f"/api/v1/clinics/{clinic.slug}/patients?sort=next_appointment"

    def queries():
        client.get(url)  # the session is touched on the first request only
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    overhead = queries() - 3  # the count, the page (every annotation a subquery), one audit insert
    for name in ("Fay", "Gus", "Hal"):
        patient = patient_named(clinic, name)
        make_plan(patient, clinic)
        book(patient, clinic, 6)
    assert queries() == overhead + 3
