"""POST /api/v1/appointments: checks, idempotency, booking on a patient's behalf, and who sees what."""

from collections import Counter
from datetime import datetime, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.booking.models import Appointment, AppointmentEvent
from apps.clinics.models import ClinicMembership, ClinicPatient
from tests.accounts.factories import PatientFactory, StaffUserFactory
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

from .conftest import NOW
from .factories import AppointmentFactory, ChairFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

TUESDAY_1PM = "2026-02-03T20:00:00Z"  # 13:00 in Denver
TUESDAY_2PM = "2026-02-03T21:00:00Z"


def book(client, start=TUESDAY_1PM, *, key=None, **fields):
    body = {"clinic": "denver", "service": "consult", "start": start, **fields}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/appointments", body, format="json", **headers)


@pytest.fixture
def patient_client(client_for, denver_patient):
    return client_for(denver_patient)


def test_a_patient_books_a_confirmed_appointment_which_links_them_to_the_clinic_with_history_and_audit(
    clock, denver, consultation, provider_at, patient_client, denver_patient
):
    provider = provider_at(denver)
    response = book(patient_client)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "confirmed"
    assert (body["start"], body["end"]) == (TUESDAY_1PM, TUESDAY_2PM)
    assert body["clinic_time"]["local"] == "2026-02-03T13:00"
    assert body["provider"]["id"] == str(provider.user_id)
    assert body["patient_may_change_until"] == "2026-02-02T20:00:00Z"
    assert body["is_telehealth"] is False and body["room_opens_at"] is None
    assert ClinicPatient.objects.filter(clinic=denver, patient=denver_patient).exists()
    event = AppointmentEvent.objects.get()
    assert (event.kind, event.to_status, event.actor) == ("booked", "confirmed", denver_patient)
    audit = AuditEvent.objects.get(action="create")
    assert (audit.patient, audit.clinic, audit.object_id) == (denver_patient, denver, body["id"])


def test_a_hold_expires_after_the_configured_minutes_and_can_be_confirmed_before(
    clock, denver, consultation, provider_at, patient_client, settings
):
    settings.BOOKING_HOLD_MINUTES = 10
    provider_at(denver)
    body = book(patient_client, hold=True).json()
    assert body["status"] == "held"
    assert body["hold_expires_at"] == (NOW + timedelta(minutes=10)).isoformat().replace("+00:00", "Z")
    confirmed = patient_client.post(
        f"/api/v1/appointments/{body['id']}/transitions", {"status": "confirmed"}, format="json"
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["hold_expires_at"] is None


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2026-02-03T20:05:00Z", "every 15 minutes"),
        ("2026-02-03T13:00:00", "UTC offset"),
        ("2026-02-02T10:00:00Z", "This service needs 1 day's notice."),
        ("2026-06-30T19:00:00Z", "days ahead"),
        ("tomorrow", "format"),
    ],
)
def test_a_start_that_can_never_be_booked_is_a_400_on_the_start_field(
    clock, denver, provider_at, patient_client, start, message
):
    ServiceTypeFactory(clinic=denver, slug="consult", minimum_notice_minutes=24 * 60, horizon_days=60)
    provider_at(denver)
    response = book(patient_client, start)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["start"]
    assert message in response.json()["fields"]["start"][0]
    assert not Appointment.objects.exists()


def test_a_taken_time_is_a_409_slot_taken_and_the_patient_cannot_be_in_two_places(
    clock, denver, consultation, provider_at, patient_client, client_for
):
    provider_at(denver)
    assert book(patient_client).status_code == 201
    rival = book(client_for(PatientFactory()), "2026-02-03T20:30:00Z")
    assert rival.status_code == 409 and rival.json()["code"] == "slot_taken"
    provider_at(denver)  # a second provider is free now, but the patient is not
    again = book(patient_client, "2026-02-03T20:30:00Z")
    assert again.status_code == 409
    assert again.json() == {"code": "slot_taken", "message": "The patient already has an appointment at that time."}
    assert Appointment.objects.count() == 1


def test_a_chair_is_assigned_to_a_dosing_session(clock, denver, provider_at, patient_client):
    ServiceTypeFactory(clinic=denver, slug="iv", iv=True)
    provider_at(denver)
    chair = ChairFactory(clinic=denver, name="Window chair")
    body = book(patient_client, service="iv", will_not_drive=True).json()
    assert body["chair"] == {"id": chair.pk, "name": "Window chair"}
    assert body["visit_end"] == "2026-02-03T22:40:00Z"


@pytest.mark.parametrize("service_traits", [{"iv": True}, {"iv": True, "kind": "booster"}])
def test_a_dose_is_booked_only_with_the_acknowledgement_that_the_patient_will_not_drive(
    clock, denver, provider_at, patient_client, service_traits
):
    ServiceTypeFactory(clinic=denver, slug="dose", **service_traits)
    ChairFactory(clinic=denver)
    provider_at(denver)
    for refused in ({}, {"will_not_drive": False}):
        response = book(patient_client, service="dose", **refused)
        assert response.status_code == 400
        assert response.json()["fields"] == {
            "will_not_drive": ["Please confirm that you will not drive until the day after the session."]
        }
    assert not Appointment.objects.exists()
    assert book(patient_client, service="dose", will_not_drive=True).status_code == 201


def test_other_services_do_not_ask_about_driving(clock, denver, consultation, provider_at, patient_client):
    provider_at(denver)
    assert book(patient_client).status_code == 201


def test_the_defaults_written_out_book_a_visit_at_the_clinic(clock, denver, consultation, provider_at, patient_client):
    """What the generated API client sends for a visit at the clinic: each optional field at its default."""
    provider_at(denver)
    answer = book(patient_client, hold=False, will_not_drive=False, visit_region="")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["visit_region"] == ""


def test_a_named_provider_who_does_not_offer_the_service_here_is_a_field_error(
    clock, denver, consultation, provider_at, patient_client
):
    provider_at(denver)
    elsewhere = provider_at(ClinicFactory())
    response = book(patient_client, provider=str(elsewhere.user_id))
    assert response.status_code == 400 and list(response.json()["fields"]) == ["provider"]


# --- Idempotency ---------------------------------------------------------------------------------


def test_a_retried_request_with_the_same_idempotency_key_returns_the_first_result(
    clock, denver, consultation, provider_at, patient_client
):
    provider_at(denver)
    first = book(patient_client, key="7d1f0c1e-retry")
    retry = book(patient_client, key="7d1f0c1e-retry")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Appointment.objects.count() == 1


def test_the_same_key_for_a_different_request_is_refused_and_keys_belong_to_their_user(
    clock, denver, consultation, provider_at, patient_client, client_for
):
    provider_at(denver)
    provider_at(denver)
    assert book(patient_client, key="k-1").status_code == 201
    reused = book(patient_client, "2026-02-03T22:00:00Z", key="k-1")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    someone_else = book(client_for(PatientFactory()), key="k-1")
    assert someone_else.status_code == 201 and someone_else.json()["id"] != reused.json().get("id")
    assert Appointment.objects.count() == 2


def test_a_malformed_idempotency_key_is_a_400(clock, denver, consultation, provider_at, patient_client):
    provider_at(denver)
    response = book(patient_client, key="x" * 256)
    assert response.status_code == 400 and list(response.json()["fields"]) == ["Idempotency-Key"]


def test_a_retry_answers_with_the_first_booking_even_after_it_changed_and_books_nothing_new(
    clock, denver, consultation, provider_at, patient_client
):
    provider_at(denver)
    first = book(patient_client, key="k-2").json()
    patient_client.post(f"/api/v1/appointments/{first['id']}/transitions", {"status": "cancelled"}, format="json")
    retry = book(patient_client, key="k-2")
    assert retry.json()["id"] == first["id"] and retry.json()["status"] == "cancelled"
    assert Appointment.objects.count() == 1


# --- Booking on a patient's behalf ---------------------------------------------------------------


def test_staff_book_for_a_patient_of_their_clinic_without_the_patient_only_notice(
    clock, denver, provider_at, staff_client_for
):
    ServiceTypeFactory(clinic=denver, slug="consult", minimum_notice_minutes=7 * 24 * 60)
    provider_at(denver)
    link = ClinicPatientFactory(clinic=denver)
    desk = staff_client_for(denver, role="front_desk")
    response = book(desk, patient=str(link.patient_id))
    assert response.status_code == 201, response.json()
    appointment = Appointment.objects.get()
    assert (appointment.patient, appointment.booked_by) == (link.patient, desk.user)
    assert book(desk, "2026-02-01T20:00:00Z", patient=str(link.patient_id)).status_code == 400  # in the past


def test_staff_cannot_book_for_another_clinics_patient_or_at_another_clinic(
    clock, denver, consultation, provider_at, staff_client_for
):
    provider_at(denver)
    outsider = ClinicPatientFactory()  # a patient of another clinic
    desk = staff_client_for(denver)
    assert book(desk, patient=str(outsider.patient_id)).status_code == 404
    other_desk = staff_client_for(ClinicFactory())
    insider = ClinicPatientFactory(clinic=denver)
    assert book(other_desk, patient=str(insider.patient_id)).status_code == 404
    assert not Appointment.objects.exists()


def test_staff_without_two_factor_cannot_book_on_behalf(clock, denver, consultation, provider_at, staff_client_for):
    provider_at(denver)
    link = ClinicPatientFactory(clinic=denver)
    response = book(staff_client_for(denver, mfa=False), patient=str(link.patient_id))
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"


def test_a_patient_naming_another_patient_gets_a_404(clock, denver, consultation, provider_at, patient_client):
    provider_at(denver)
    other = ClinicPatientFactory(clinic=denver)
    assert book(patient_client, patient=str(other.patient_id)).status_code == 404


# --- Gates ---------------------------------------------------------------------------------------


def test_an_account_without_a_patient_profile_cannot_book_for_itself(
    clock, denver, consultation, provider_at, client_for
):
    provider_at(denver)
    response = book(client_for(StaffUserFactory()))
    assert response.status_code == 409 and response.json()["code"] == "patient_profile_required"


def test_a_video_visit_asks_where_the_patient_will_be_and_books_nothing_without_it(
    clock, denver, provider_at, client_for
):
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    provider_at(denver)
    response = book(client_for(PatientFactory(profile__region="")), service="video")
    assert response.status_code == 400
    assert response.json()["code"] == "visit_region_required"
    assert "visit_region" in response.json()["fields"]
    assert not Appointment.objects.exists()


# --- Who sees what -------------------------------------------------------------------------------


APPOINTMENT_PATHS = ["", "/events", "/calendar.ics"]


@pytest.mark.parametrize("suffix", APPOINTMENT_PATHS)
def test_another_patients_appointment_is_a_404_on_every_path(clock, denver, consultation, client_for, suffix):
    theirs = AppointmentFactory(service=consultation, starts_at=datetime.fromisoformat(TUESDAY_1PM))
    response = client_for(PatientFactory()).get(f"/api/v1/appointments/{theirs.pk}{suffix}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such appointment."}


def test_another_patient_cannot_change_or_move_an_appointment(clock, denver, consultation, client_for):
    theirs = AppointmentFactory(service=consultation, starts_at=datetime.fromisoformat(TUESDAY_1PM))
    stranger = client_for(PatientFactory())
    path = f"/api/v1/appointments/{theirs.pk}"
    assert stranger.post(f"{path}/transitions", {"status": "cancelled"}, format="json").status_code == 404
    assert stranger.patch(path, {"start": TUESDAY_2PM}, format="json").status_code == 404
    assert stranger.post(f"{path}/join", {"region": "US-CO"}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.starts_at.isoformat()) == ("confirmed", "2026-02-03T20:00:00+00:00")


@pytest.mark.parametrize("suffix", ["", "/events", "/calendar.ics"])
def test_staff_of_another_clinic_get_a_404_and_staff_of_this_clinic_see_it(
    clock, denver, consultation, staff_client_for, suffix
):
    appointment = AppointmentFactory(service=consultation, starts_at=datetime.fromisoformat(TUESDAY_1PM))
    assert staff_client_for(ClinicFactory()).get(f"/api/v1/appointments/{appointment.pk}{suffix}").status_code == 404
    assert staff_client_for(denver).get(f"/api/v1/appointments/{appointment.pk}{suffix}").status_code == 200


def test_the_list_shows_a_patient_only_their_own_appointments_and_audits_the_read(
    clock, denver, consultation, client_for, denver_patient
):
    mine = AppointmentFactory(
        service=consultation, patient=denver_patient, starts_at=datetime.fromisoformat(TUESDAY_1PM)
    )
    AppointmentFactory(service=consultation, starts_at=datetime.fromisoformat(TUESDAY_2PM))
    AppointmentFactory(
        service=consultation, patient=denver_patient, starts_at=datetime.fromisoformat("2026-01-20T20:00:00Z")
    )
    client = client_for(denver_patient)
    upcoming = client.get("/api/v1/appointments").json()
    assert [row["id"] for row in upcoming["results"]] == [str(mine.pk)]
    assert len(client.get("/api/v1/appointments", {"upcoming": "false"}).json()["results"]) == 2
    assert AuditEvent.objects.filter(actor=denver_patient, action="read", patient=denver_patient).count() == 3


def test_a_provider_sees_their_own_appointments_in_the_list(clock, denver, consultation, provider_at, client_for):
    provider = provider_at(denver)
    theirs = AppointmentFactory(service=consultation, provider=provider, starts_at=datetime.fromisoformat(TUESDAY_1PM))
    response = client_for(provider.user).get("/api/v1/appointments")
    assert [row["id"] for row in response.json()["results"]] == [str(theirs.pk)]


def test_booking_at_an_inactive_clinic_is_a_404(clock, denver, consultation, provider_at, patient_client):
    provider_at(denver)
    denver.is_active = False
    denver.save()
    assert book(patient_client).status_code == 404


def test_staff_can_open_an_appointment_they_can_reach_and_the_reading_is_audited(
    clock, denver, consultation, staff_client_for
):
    appointment = AppointmentFactory(service=consultation, starts_at=datetime.fromisoformat(TUESDAY_1PM))
    client = staff_client_for(denver, role="provider")
    body = client.get(f"/api/v1/appointments/{appointment.pk}").json()
    assert body["patient"]["id"] == str(appointment.patient_id)
    assert AuditEvent.objects.filter(actor=client.user, action="read", patient=appointment.patient).count() == 1


def test_only_constraint_violations_and_deadlocks_count_as_a_lost_race():
    from django.db import IntegrityError, OperationalError

    from apps.booking.services.placement import _lost_race

    def raised(error_class, sqlstate):
        error = error_class("from the database")
        error.__cause__ = type("DatabaseError", (Exception,), {"sqlstate": sqlstate})()
        return error

    assert _lost_race(raised(IntegrityError, "23P01"))  # exclusion violation
    assert _lost_race(raised(IntegrityError, "23505"))  # unique violation (the idempotency key)
    assert _lost_race(raised(OperationalError, "40P01"))  # deadlock between two conflicting inserts
    assert not _lost_race(raised(IntegrityError, "23514"))  # a check constraint: a bug, not a race
    assert not _lost_race(raised(OperationalError, "57014"))  # a cancelled statement
    assert _lost_race(IntegrityError("UNIQUE constraint failed"))  # SQLite


def test_bookings_that_name_no_provider_are_spread_over_the_free_providers(
    clock, denver, consultation, provider_at, client_for
):
    """Three providers free every afternoon; six bookings that name none, at times when all three are
    free (13:00 and 15:00 on three days): two each, by the week's load and then the day's, not six
    for the first by name."""
    providers = [provider_at(denver) for _ in range(3)]
    for day in (3, 4, 5):
        for hour in (20, 22):  # 13:00 and 15:00 in Denver
            response = book(client_for(PatientFactory(profile__region="US-CO")), f"2026-02-{day:02d}T{hour}:00:00Z")
            assert response.status_code == 201, response.json()
    booked = sorted(Appointment.objects.values_list("provider_id", flat=True))
    assert booked == sorted([provider.pk for provider in providers] * 2)


def test_booking_weights_share_out_unnamed_bookings_over_many_days(
    clock, denver, consultation, provider_at, client_for
):
    """Weights 2, 1 and 1: of 40 bookings (13:00 and 15:00 on 20 days, all three free each time) the
    first provider gets half, the others a quarter each, give or take the one a tie decides."""
    providers = [provider_at(denver) for _ in range(3)]
    ClinicMembership.objects.filter(user=providers[0].user, clinic=denver).update(booking_weight=2)
    first = datetime.fromisoformat("2026-02-03T20:00:00+00:00")
    for day in range(20):
        for hours in (0, 2):
            start = (first + timedelta(days=day, hours=hours)).isoformat()
            response = book(client_for(PatientFactory(profile__region="US-CO")), start)
            assert response.status_code == 201, response.json()
    counts = Counter(Appointment.objects.values_list("provider_id", flat=True))
    shares = [counts[provider.pk] for provider in providers]
    assert sum(shares) == 40
    assert all(abs(share - expected) <= 1 for share, expected in zip(shares, [20, 10, 10], strict=True)), shares


def test_a_patient_goes_back_to_their_previous_provider_when_free(
    clock, denver, consultation, provider_at, patient_client, denver_patient
):
    providers = [provider_at(denver) for _ in range(3)]
    AppointmentFactory(
        service=consultation,
        patient=denver_patient,
        provider=providers[2],
        status="completed",
        starts_at=NOW - timedelta(days=7),
    )
    assert book(patient_client).status_code == 201
    assert Appointment.objects.exclude(status="completed").get().provider == providers[2]


def test_an_unknown_clinic_is_a_404_and_another_clinics_service_a_field_error(
    clock, denver, consultation, provider_at, patient_client
):
    ServiceTypeFactory(clinic=ClinicFactory(), slug="elsewhere")
    unknown_clinic = book(patient_client, clinic="nowhere")
    assert unknown_clinic.status_code == 404, unknown_clinic.json()
    for slug in ("elsewhere", "nothing"):
        response = book(patient_client, service=slug)
        assert response.status_code == 400, response.json()
        assert response.json()["fields"] == {"service": ["No such service at this clinic."]}
    assert not Appointment.objects.exists()
