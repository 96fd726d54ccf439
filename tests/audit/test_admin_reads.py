"""Health information read or changed in the Django admin writes the audit trail, as through the API."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import admin

from apps.accounts.models import PatientProfile
from apps.audit.admin_reads import AuditedAdmin
from apps.audit.models import AuditEvent
from tests.accounts.factories import PatientFactory, StaffUserFactory
from tests.booking.factories import AppointmentFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
# The trail itself: auditing each read of it would write a row per row read, without end.
NOT_AUDITED = {"audit.AuditEvent"}


@pytest.fixture
def superuser_client(client):
    client.user = StaffUserFactory(is_staff=True, is_superuser=True)
    return sign_in(client, client.user)


def test_the_appointment_list_records_a_read_of_every_row_it_shows(superuser_client):
    appointments = [AppointmentFactory(starts_at=MONDAY + timedelta(days=day)) for day in range(3)]
    assert superuser_client.get("/admin/booking/appointment/").status_code == 200
    reads = AuditEvent.objects.filter(action="read", object_type="booking.appointment")
    assert {(event.object_id, event.patient_id, event.clinic_id) for event in reads} == {
        (str(appointment.pk), appointment.patient_id, appointment.clinic_id) for appointment in appointments
    }
    assert {event.actor_id for event in reads} == {superuser_client.user.pk}


def test_opening_and_changing_a_patient_profile_are_recorded(superuser_client):
    profile = PatientFactory().patient_profile
    url = f"/admin/accounts/patientprofile/{profile.pk}/change/"
    assert superuser_client.get(url).status_code == 200
    assert (
        AuditEvent.objects.filter(action="read", object_type="accounts.patientprofile", patient=profile.user).count()
        == 1
    )

    form = {
        "user": profile.user_id,
        "legal_name": "Maya Thompson",
        "preferred_name": "Maya",
        "date_of_birth": "1988-04-02",
        "phone": "+12125550123",
        "region": "US-NY",
        "timezone": "America/New_York",
        "emergency_contact_name": "",
        "emergency_contact_phone": "",
    }
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert AuditEvent.objects.filter(action="update", object_type="accounts.patientprofile").count() == 1
    assert PatientProfile.objects.get(pk=profile.pk).legal_name == "Maya Thompson"


def test_every_admin_page_over_a_patients_rows_is_audited():
    """A model with a patient (or the patient's profile) shown in the admin must use AuditedAdmin."""
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if _names_a_patient(model)
        and not isinstance(model_admin, AuditedAdmin)
        and model._meta.label not in NOT_AUDITED
    ]
    assert unaudited == []


def _names_a_patient(model) -> bool:
    fields = {field.name for field in model._meta.get_fields()}
    return "patient" in fields or model is PatientProfile
