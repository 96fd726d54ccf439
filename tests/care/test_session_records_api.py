"""Session records: staff of the session's clinic (providers and clinic admins) write the record of a
dosing session; completing it closes the appointment. Validation, permissions, audit, 404s."""

from datetime import datetime, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.booking.models import Appointment, AppointmentEvent
from apps.care.models import SessionRecord
from tests.booking.factories import AppointmentFactory
from tests.care.factories import NOW, book, booking_scene, publish_consents, ready_for_dosing
from tests.clinics.factories import ClinicFactory, OrganizationAdminFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

AFTER_THE_SESSION = datetime.fromisoformat("2026-02-03T23:00:00+00:00")
RECORD = {
    "route": "iv_infusion",
    "dose": "0.50",
    "dose_unit": "mg/kg",
    "before_systolic": 128,
    "before_diastolic": 82,
    "before_heart_rate": 74,
    "before_spo2": 98,
    "after_systolic": 136,
    "after_diastolic": 86,
    "after_heart_rate": 80,
    "after_spo2": 97,
    "side_effects": ["dissociation", "other"],
    "side_effect_notes": "Tingling in the hands for a few minutes.",
    "discharged_at": "2026-02-03T22:45:00Z",
    "discharged_with": "Chris Thompson",
}


@pytest.fixture
def session(clinic, patient, patient_client, staff_client_for, time_machine):
    """A dosing session booked by the patient for Tuesday 13:00 Denver; the clock then stands after it,
    and a clinic admin has checked the patient in."""
    time_machine.move_to(NOW, tick=False)
    publish_consents(clinic.organization)
    booking_scene(clinic)
    ready_for_dosing(patient, clinic, routes=["iv_infusion", "im_injection"])
    appointment_id = book(patient_client, clinic, "iv").json()["id"]
    time_machine.move_to(AFTER_THE_SESSION, tick=False)
    admin = staff_client_for(clinic)
    response = admin.post(f"/api/v1/appointments/{appointment_id}/transitions", {"status": "checked_in"})
    assert response.status_code == 200, response.json()
    return Appointment.objects.get(pk=appointment_id)


@pytest.fixture
def provider(clinic, staff_client_for):
    return staff_client_for(clinic, role="provider")


def url(appointment, clinic=None):
    return f"/api/v1/clinics/{(clinic or appointment.clinic).slug}/appointments/{appointment.pk}/session-record"


def put(client, appointment, body=RECORD):
    return client.put(url(appointment), body, format="json")


def complete(client, appointment):
    return client.post(f"{url(appointment)}/completion", format="json")


# --- Reading and writing -------------------------------------------------------------------------


def test_before_anything_is_written_the_sheet_shows_the_session_and_what_its_booking_recorded(session, provider):
    response = provider.get(url(session))
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["record"]) == ("not_started", None)
    assert body["appointment"]["id"] == str(session.pk)
    assert body["appointment"]["status"] == "checked_in"
    assert body["booking"] == {
        "escort_name": "Chris Thompson",
        "escort_phone": "+12125550177",
        "no_driving_acknowledged_at": "2026-02-02T09:00:00Z",
    }
    audit = AuditEvent.objects.filter(actor=provider.user).get()
    assert (audit.action, audit.object_type, audit.object_id) == ("read", "booking.appointment", str(session.pk))
    assert (audit.patient_id, audit.clinic_id) == (session.patient_id, session.clinic_id)


def test_a_provider_writes_the_record_and_reads_it_back_with_every_access_audited(session, provider):
    response = put(provider, session)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "draft"
    record = body["record"]
    assert {name: record[name] for name in RECORD} == {**RECORD, "discharged_at": "2026-02-03T22:45:00Z"}
    assert record["recorded_by"] == {"id": str(provider.user.pk), "display_name": provider.user.display_name}
    assert record["completed_at"] is None

    put(provider, session, {**RECORD, "after_heart_rate": 78})
    assert provider.get(url(session)).json()["record"]["after_heart_rate"] == 78
    actions = list(
        AuditEvent.objects.filter(actor=provider.user).order_by("pk").values_list("action", "object_type", "clinic")
    )
    assert actions == [
        ("create", "care.sessionrecord", session.clinic_id),
        ("update", "care.sessionrecord", session.clinic_id),
        ("read", "booking.appointment", session.clinic_id),
        ("read", "care.sessionrecord", session.clinic_id),
    ]


def test_put_replaces_the_record_a_field_left_out_is_emptied_and_the_route_defaults_to_the_service(session, provider):
    put(provider, session)
    response = put(provider, session, {"before_systolic": 120, "before_diastolic": 80})
    record = response.json()["record"]
    assert (record["before_systolic"], record["after_systolic"], record["dose"]) == (120, None, None)
    assert (record["route"], record["side_effects"], record["discharged_with"]) == ("iv_infusion", [], "")


def test_a_record_may_name_another_route_than_the_booked_one(session, provider):
    assert put(provider, session, {**RECORD, "route": "im_injection"}).json()["record"]["route"] == "im_injection"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"before_systolic": 400}, "before_systolic"),
        ({"after_systolic": 20}, "after_systolic"),
        ({"before_diastolic": 200}, "before_diastolic"),
        ({"before_diastolic": 130}, "before_diastolic"),  # not below the systolic (128)
        ({"after_heart_rate": 0}, "after_heart_rate"),
        ({"before_heart_rate": 400}, "before_heart_rate"),
        ({"after_spo2": 101}, "after_spo2"),
        ({"before_spo2": 12}, "before_spo2"),
        ({"dose": "50", "dose_unit": "mg/kg"}, "dose"),
        ({"dose": "0.01", "dose_unit": "mg"}, "dose"),
        ({"dose": "-1"}, "dose"),
        ({"dose": "0.555"}, "dose"),
        ({"dose_unit": "ml"}, "dose_unit"),
        ({"dose_unit": None}, "dose_unit"),
        ({"route": "nasal_spray"}, "route"),
        ({"side_effects": ["hiccups"]}, "side_effects.0"),
        ({"side_effects": ["nausea", "nausea"]}, "side_effects"),
        ({"side_effect_notes": ""}, "side_effect_notes"),  # "other" needs a description
        ({"discharged_at": "2026-02-03T22:45:00"}, "discharged_at"),  # no UTC offset
        ({"discharged_at": "2026-02-03T19:00:00Z"}, "discharged_at"),  # before the session started
        ({"discharged_at": "2026-02-04T09:00:00Z"}, "discharged_at"),  # in the future
        ({"discharged_with": "x" * 201}, "discharged_with"),
    ],
)
def test_impossible_values_are_a_400_on_their_field_and_nothing_is_saved(session, provider, changes, field):
    response = put(provider, session, {**RECORD, **changes})
    assert response.status_code == 400, response.json()
    assert list(response.json()["fields"]) == [field]
    assert not SessionRecord.objects.exists()


def test_the_ranges_take_real_but_alarming_values(session, provider):
    alarming = {"before_systolic": 190, "before_diastolic": 118, "after_heart_rate": 140, "after_spo2": 88}
    assert put(provider, session, {**RECORD, **alarming}).status_code == 200


# --- Completing ------------------------------------------------------------------------------------


def test_completing_the_record_closes_the_appointment_in_the_same_step(session, provider):
    put(provider, session)
    response = complete(provider, session)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "completed"
    assert body["appointment"]["status"] == "completed"
    assert body["record"]["completed_by"]["id"] == str(provider.user.pk)
    assert body["record"]["completed_at"] == "2026-02-03T23:00:00Z"
    session.refresh_from_db()
    assert session.status == "completed"
    event = AppointmentEvent.objects.filter(appointment=session).last()
    assert (event.from_status, event.to_status, event.actor) == ("checked_in", "completed", provider.user)
    assert set(
        AuditEvent.objects.filter(actor=provider.user, action="update").values_list("object_type", flat=True)
    ) == {"care.sessionrecord", "booking.appointment"}


def test_an_incomplete_record_cannot_complete_the_session_and_lists_what_is_missing(session, provider):
    put(provider, session, {**RECORD, "after_systolic": None, "discharged_with": ""})
    response = complete(provider, session)
    assert response.status_code == 400
    assert response.json()["code"] == "session_record_incomplete"
    assert response.json()["fields"] == {
        "after_systolic": ["Needed to complete the session."],
        "discharged_with": ["Needed to complete the session."],
    }
    session.refresh_from_db()
    assert session.status == "checked_in"


def test_no_side_effects_observed_is_a_complete_record(session, provider):
    put(provider, session, {**RECORD, "side_effects": [], "side_effect_notes": ""})
    assert complete(provider, session).status_code == 200


def test_completing_before_any_record_is_a_404_with_its_own_code(session, provider):
    response = complete(provider, session)
    assert response.status_code == 404 and response.json()["code"] == "no_session_record"


def test_a_session_that_was_not_checked_in_is_not_completed_and_nothing_is_half_written(
    clinic, patient, patient_client, provider, time_machine
):
    time_machine.move_to(NOW, tick=False)
    publish_consents(clinic.organization)
    booking_scene(clinic)
    ready_for_dosing(patient, clinic)
    appointment = Appointment.objects.get(pk=book(patient_client, clinic, "iv").json()["id"])
    time_machine.move_to(AFTER_THE_SESSION, tick=False)
    put(provider, appointment)
    response = complete(provider, appointment)
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert SessionRecord.objects.get().completed_at is None
    appointment.refresh_from_db()
    assert appointment.status == "confirmed"


def test_a_completed_record_is_final_and_completing_again_changes_nothing(session, provider):
    put(provider, session)
    first = complete(provider, session).json()
    again = complete(provider, session)
    assert again.status_code == 200 and again.json() == first
    assert AppointmentEvent.objects.filter(appointment=session, to_status="completed").count() == 1
    changed = put(provider, session, {**RECORD, "dose": "0.75"})
    assert changed.status_code == 409 and changed.json()["code"] == "session_record_completed"


def test_a_cancelled_session_takes_no_record(session, provider):
    provider.post(f"/api/v1/appointments/{session.pk}/transitions", {"status": "cancelled", "reason": "BP too high"})
    response = put(provider, session)
    assert response.status_code == 409 and response.json()["code"] == "session_not_open"
    assert "cancelled" in response.json()["message"]


# --- Who may ---------------------------------------------------------------------------------------


def test_clinic_admins_may_write_and_complete(session, staff_client_for):
    admin = staff_client_for(session.clinic, role="clinic_admin")
    assert put(admin, session).status_code == 200
    assert complete(admin, session).status_code == 200


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("put", ""), ("post", "/completion")])
def test_the_front_desk_does_not_see_doses_and_vital_signs(session, staff_client_for, method, suffix):
    desk = staff_client_for(session.clinic, role="front_desk")
    response = getattr(desk, method)(f"{url(session)}{suffix}", RECORD, format="json")
    assert response.status_code == 403 and response.json()["code"] == "clinical_role_required"
    assert not AuditEvent.objects.filter(actor=desk.user).exists()


ENDPOINTS = [("get", ""), ("put", ""), ("post", "/completion")]


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_staff_of_another_clinic_get_a_404(session, staff_client_for, method, suffix):
    other = ClinicFactory(organization=session.clinic.organization)
    stranger = staff_client_for(other, role="provider")
    for slug in (session.clinic.slug, other.slug):  # the session's clinic, and their own
        path = f"/api/v1/clinics/{slug}/appointments/{session.pk}/session-record{suffix}"
        response = getattr(stranger, method)(path, RECORD, format="json")
        assert response.status_code == 404, (slug, response.json())
    assert not AuditEvent.objects.filter(actor=stranger.user).exists()


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_an_appointment_that_gives_no_dose_has_no_session_record(session, provider, method, suffix):
    consultation = AppointmentFactory(
        service=session.service.clinic.service_types.get(slug="consult"),
        patient=session.patient,
        starts_at=NOW + timedelta(days=5),
    )
    response = getattr(provider, method)(f"{url(consultation)}{suffix}", RECORD, format="json")
    assert response.status_code == 404 and response.json()["message"] == "No such dosing session."


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_patients_are_refused_even_for_their_own_session(session, patient_client, method, suffix):
    sign_in(patient_client, session.patient)  # signed in again: the clock moved past the idle timeout
    response = getattr(patient_client, method)(f"{url(session)}{suffix}", RECORD, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_staff_without_two_factor_authentication_are_refused(session, staff_client_for, method, suffix):
    response = getattr(staff_client_for(session.clinic, mfa=False), method)(f"{url(session)}{suffix}", RECORD)
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"


def test_an_organization_admin_may_write_records_at_every_clinic_of_the_organization(session, api_client):
    sign_in(api_client, OrganizationAdminFactory(organization=session.clinic.organization).user)
    assert put(api_client, session).status_code == 200
