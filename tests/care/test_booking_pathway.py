"""The care pathway's gates through booking's API: each missing step refuses the booking with its
reason, every reason at once; staff booking for a patient meet the same gates; a series is gated
session by session; a dose booking records the escort and the no-driving acknowledgement."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.booking.models import Appointment
from apps.care.models import DosingBookingDetails, Escort, TreatmentPlan
from tests.booking.factories import AppointmentFactory
from tests.care.factories import (
    NOW,
    blocker_codes,
    book,
    make_assessment,
    make_intake,
    make_plan,
    name_escort,
    publish_consents,
    ready_for_consultation,
    ready_for_dosing,
    sign_consents,
)
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

pytestmark = pytest.mark.django_db


# --- Consultations -------------------------------------------------------------------------------


def test_a_consultation_is_refused_until_the_intake_is_submitted_and_the_consents_signed(
    scene, clinic, patient, patient_client
):
    response = book(patient_client, clinic, "consult")
    assert blocker_codes(response) == ["intake_required", "consent_required"]
    body = response.json()
    assert body["message"] == "This appointment cannot be booked yet. Each step below needs to be done first."
    assert body["blockers"][0]["message"] == (
        "Please complete and submit your intake questionnaire before booking a consultation."
    )
    assert body["blockers"][1]["details"] == {"kinds": ["privacy", "financial"]}
    assert not Appointment.objects.exists()

    make_intake(patient=patient, submitted=True)
    assert blocker_codes(book(patient_client, clinic, "consult")) == ["consent_required"]
    sign_consents(patient, clinic.organization, ["privacy", "financial"])
    assert book(patient_client, clinic, "consult").status_code == 201


def test_a_video_consultation_also_needs_the_telehealth_consent(scene, clinic, patient, patient_client):
    make_intake(patient=patient, submitted=True)
    sign_consents(patient, clinic.organization, ["privacy", "financial"])
    response = book(patient_client, clinic, "video-consult", visit_region="US-CO")
    assert blocker_codes(response) == ["consent_required"]
    assert response.json()["blockers"][0]["details"] == {"kinds": ["telehealth"]}
    sign_consents(patient, clinic.organization, ["telehealth"])
    assert book(patient_client, clinic, "video-consult", visit_region="US-CO").status_code == 201


def test_integration_sessions_have_no_care_requirement(scene, clinic, patient_client):
    assert book(patient_client, clinic, "integration").status_code == 201


# --- Dosing sessions -----------------------------------------------------------------------------


def _remove_plan(patient, clinic):
    patient.treatment_plans.update(status="completed")


def _approve_only_im(patient, clinic):
    patient.treatment_plans.update(approved_routes=["im_injection"])


def _unsign_treatment_consent(patient, clinic):
    patient.consent_signatures.filter(document__kind="treatment").delete()


def _publish_a_new_privacy_notice(patient, clinic):
    publish_consents(clinic.organization, ["privacy"], text="v2")


def _make_the_phq9_stale(patient, clinic):
    patient.assessments.update(taken_at=NOW - timedelta(days=40))


def _forget_the_escort(patient, clinic):
    patient.escort.delete()


@pytest.mark.parametrize(
    ("undo", "code", "words"),
    [
        (_remove_plan, "no_active_plan", "needs an active treatment plan at this clinic"),
        (_approve_only_im, "route_not_approved", "does not include IV infusion. It includes: IM injection."),
        (_unsign_treatment_consent, "consent_required", "sign the treatment consent"),
        (_publish_a_new_privacy_notice, "consent_required", "sign the privacy notice"),
        (_make_the_phq9_stale, "phq9_required", "within the 30 days before each dosing session"),
        (_forget_the_escort, "escort_required", "will not drive until the next day"),
    ],
)
def test_a_dosing_session_is_refused_for_each_missing_step_with_its_reason(
    scene, clinic, patient, patient_client, undo, code, words
):
    ready_for_dosing(patient, clinic)
    undo(patient, clinic)
    response = book(patient_client, clinic, "iv")
    assert blocker_codes(response) == [code]
    assert words in response.json()["blockers"][0]["message"]
    assert not Appointment.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_a_dosing_session_is_booked_once_every_step_is_done(scene, clinic, patient, patient_client):
    ready_for_dosing(patient, clinic, phq9_at=NOW - timedelta(days=20))
    response = book(patient_client, clinic, "iv")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "confirmed"


def test_a_patient_with_nothing_done_sees_every_blocker_at_once(scene, clinic, patient_client):
    response = book(patient_client, clinic, "iv")
    assert blocker_codes(response) == ["no_active_plan", "consent_required", "phq9_required", "escort_required"]
    assert all(blocker["message"] for blocker in response.json()["blockers"])
    assert response.json()["blockers"][2]["details"] == {"taken_on_or_after": "2026-01-04T20:00:00+00:00"}


def test_a_booster_is_a_dose_and_meets_the_same_gates(scene, clinic, patient, patient_client):
    assert "phq9_required" in blocker_codes(book(patient_client, clinic, "booster"))
    plan = ready_for_dosing(patient, clinic)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        maintenance_started_at=NOW - timedelta(days=60), booster_interval_days=28
    )
    assert book(patient_client, clinic, "booster").status_code == 201


def test_the_phq9_window_is_counted_back_from_the_sessions_start(scene, clinic, patient, patient_client):
    ready_for_dosing(patient, clinic, phq9_at=NOW - timedelta(days=28))
    # Tomorrow's session starts 29 days and 11 hours after the check-in; one a week later is not covered.
    assert book(patient_client, clinic, "iv").status_code == 201
    week_later = book(patient_client, clinic, "iv", "2026-02-10T20:00:00Z")
    assert blocker_codes(week_later) == ["phq9_required"]


def test_staff_booking_for_a_patient_meet_the_same_gates(scene, clinic, patient, staff_client_for):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    desk = staff_client_for(clinic, role="front_desk")
    refused = book(desk, clinic, "iv", patient=str(patient.pk))
    assert blocker_codes(refused) == ["no_active_plan", "consent_required", "phq9_required", "escort_required"]
    ready_for_dosing(patient, clinic)
    booked = book(desk, clinic, "iv", patient=str(patient.pk))
    assert booked.status_code == 201
    assert Appointment.objects.get().booked_by == desk.user


def test_moving_a_dosing_session_is_gated_against_the_new_start(scene, clinic, patient, patient_client):
    ready_for_dosing(patient, clinic, phq9_at=NOW - timedelta(days=25))
    appointment_id = book(patient_client, clinic, "iv").json()["id"]
    moved = patient_client.patch(
        f"/api/v1/appointments/{appointment_id}", {"start": "2026-02-12T20:00:00Z"}, format="json"
    )
    assert blocker_codes(moved) == ["phq9_required"]
    assert Appointment.objects.get().starts_at.isoformat() == "2026-02-03T20:00:00+00:00"


# --- Series --------------------------------------------------------------------------------------

INDUCTION = [f"2026-02-{day:02d}T20:00:00Z" for day in (3, 6, 10, 13, 17, 20)]


def book_series(client, clinic, starts=INDUCTION, **fields):
    body = {"clinic": clinic.slug, "service": "iv", "sessions": [{"start": start} for start in starts]}
    return client.post("/api/v1/series", {**body, "will_not_drive": True, **fields}, format="json")


def test_every_session_of_a_series_is_gated_against_its_own_start(scene, clinic, patient, patient_client):
    # Taken 18 January 09:00 UTC: it covers sessions until 17 February 09:00 UTC, not the last two.
    ready_for_dosing(patient, clinic, phq9_at=NOW - timedelta(days=15))
    response = book_series(patient_client, clinic)
    assert blocker_codes(response) == ["phq9_required"]
    [blocker] = response.json()["blockers"]
    assert "Sessions 5 and 6 of this series would have none." in blocker["message"]
    assert "covers the next 30 days only" not in blocker["message"]
    assert blocker["details"] == {
        "sessions": [
            {"session": 4, "taken_on_or_after": "2026-01-18T20:00:00+00:00"},
            {"session": 5, "taken_on_or_after": "2026-01-21T20:00:00+00:00"},
        ]
    }
    assert not Appointment.objects.exists()

    make_assessment(patient)  # a check-in today covers the whole series
    booked = book_series(patient_client, clinic)
    assert booked.status_code == 201, booked.json()
    assert Appointment.objects.filter(patient=patient, status="confirmed").count() == 6
    assert DosingBookingDetails.objects.filter(appointment__patient=patient).count() == 6


def test_a_series_reaching_past_30_days_from_now_says_to_book_the_late_sessions_later(
    scene, clinic, patient, patient_client
):
    ready_for_dosing(patient, clinic)
    late = ["2026-02-20T20:00:00Z", "2026-03-06T20:00:00Z"]
    response = book_series(patient_client, clinic, late, within_days=31)
    [blocker] = response.json()["blockers"]
    assert "Session 2 of this series would have none." in blocker["message"]
    assert "covers the next 30 days only: book later sessions closer to their date" in blocker["message"]


def test_a_series_without_anything_done_lists_every_blocker_once(scene, clinic, patient_client):
    response = book_series(patient_client, clinic)
    assert blocker_codes(response) == ["no_active_plan", "consent_required", "phq9_required", "escort_required"]


def test_staff_booking_a_series_for_a_patient_meet_the_same_gates(scene, clinic, patient, staff_client_for):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    provider = staff_client_for(clinic, role="provider")
    assert blocker_codes(book_series(provider, clinic, patient=str(patient.pk)))[0] == "no_active_plan"
    ready_for_dosing(patient, clinic)
    assert book_series(provider, clinic, patient=str(patient.pk)).status_code == 201


# --- The escort and the no-driving acknowledgement -----------------------------------------------


def test_a_dose_booking_records_the_escort_as_named_then_and_the_acknowledgement(
    scene, clinic, patient, patient_client, time_machine
):
    ready_for_dosing(patient, clinic)
    appointment_id = book(patient_client, clinic, "iv").json()["id"]
    details = DosingBookingDetails.objects.get(appointment_id=appointment_id)
    assert (details.escort_name, str(details.escort_phone)) == ("Chris Thompson", "+12125550177")
    assert details.no_driving_acknowledged_at == NOW
    audit = AuditEvent.objects.get(object_type="care.dosingbookingdetails")
    assert (audit.action, audit.patient, audit.clinic, audit.object_id) == ("create", patient, clinic, appointment_id)

    Escort.objects.filter(patient=patient).update(name="Sam Rivera", phone="+13035550111")
    details.refresh_from_db()
    assert details.escort_name == "Chris Thompson"


def test_a_dose_booking_without_the_acknowledgement_is_a_field_error_and_records_nothing(
    scene, clinic, patient, patient_client
):
    ready_for_dosing(patient, clinic)
    response = book(patient_client, clinic, "iv", will_not_drive=False)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["will_not_drive"]
    assert not Appointment.objects.exists() and not DosingBookingDetails.objects.exists()


def test_consultations_record_no_dosing_details(scene, clinic, patient, patient_client):
    ready_for_consultation(patient, clinic)
    assert book(patient_client, clinic, "consult").status_code == 201
    assert not DosingBookingDetails.objects.exists()


def test_a_plan_at_another_clinic_of_the_organization_does_not_open_this_one(scene, clinic, patient, patient_client):
    elsewhere = ClinicFactory(organization=clinic.organization)
    sign_consents(patient, clinic.organization)
    make_plan(patient, elsewhere)
    make_assessment(patient)
    name_escort(patient)
    assert blocker_codes(book(patient_client, clinic, "iv")) == ["no_active_plan"]


def test_a_dosing_session_cannot_be_completed_without_its_session_record(scene, clinic, patient, staff_client_for):
    ready_for_dosing(patient, clinic)
    appointment = AppointmentFactory(
        service=scene["iv"], patient=patient, starts_at=NOW - timedelta(hours=1), status="checked_in"
    )
    admin = staff_client_for(clinic)
    response = admin.post(f"/api/v1/appointments/{appointment.pk}/transitions", {"status": "completed"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "session_record_required"
    appointment.refresh_from_db()
    assert appointment.status == "checked_in"
    consultation = AppointmentFactory(service=scene["consult"], starts_at=NOW - timedelta(hours=1), status="checked_in")
    done = admin.post(f"/api/v1/appointments/{consultation.pk}/transitions", {"status": "completed"}, format="json")
    assert done.status_code == 200
