"""The ride home after a dose: the patient answers per appointment in the portal or by replying to the
day-before text; staff see each dose's answer on the schedule and tomorrow's gaps in the digest."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from twilio.request_validator import RequestValidator

from apps.audit.models import AuditEvent
from apps.booking.models import RideHome
from apps.booking.ride_home import CONFIRMED_BY_TEXT, HELP_BY_TEXT, doses_without_a_ride_home_next_day
from apps.reminders.models import NotificationPreference
from apps.reminders.sms_replies import NOT_READ_REPLY
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.clinics.factories import ProviderProfileFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db

NUMBER = "+13035550177"
# Tuesday 3 February 2026, 13:00 in Denver: the day after NOW.
TOMORROW_1PM = NOW.replace(day=3, hour=20)


@pytest.fixture
def dose(clock, denver, denver_patient):
    service = ServiceTypeFactory(clinic=denver, slug="iv", iv=True)
    return AppointmentFactory(
        service=service, patient=denver_patient, provider=ProviderProfileFactory(), starts_at=TOMORROW_1PM
    )


def ride_home_url(appointment):
    return f"/api/v1/appointments/{appointment.pk}/ride-home"


def schedule_ride(staff, appointment):
    """How the schedule says the dose's ride home stands (the escort's name is the appointment's own read)."""
    schedule = staff.get(f"/api/v1/clinics/denver/schedule?date={appointment.starts_at.date()}").json()
    rows = [row for provider in schedule["providers"] for row in provider["appointments"]]
    [row] = [row for row in rows if row["id"] == str(appointment.pk)]
    return row["ride_home"]


def test_the_patient_names_who_takes_them_home_and_the_schedule_shows_it(dose, client_for, staff_client_for):
    patient = client_for(dose.patient)
    assert patient.get(ride_home_url(dose)).json()["status"] == "not_confirmed"
    staff = staff_client_for(dose.clinic, role="front_desk")
    assert schedule_ride(staff, dose) == "not_confirmed"

    answered = patient.put(
        ride_home_url(dose), {"escort_name": "Jo Rivera", "escort_phone": "(303) 555-0123"}, format="json"
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json() | {"answered_at": None} == {
        "status": "confirmed",
        "escort_name": "Jo Rivera",
        "escort_phone": "+13035550123",
        "answered_at": None,
        "answered_by_text": False,
    }
    assert schedule_ride(staff, dose) == "confirmed"
    assert staff.get(f"/api/v1/appointments/{dose.pk}").json()["ride_home"]["escort_name"] == "Jo Rivera"
    assert AuditEvent.objects.filter(object_type="booking.ridehome", action="update", actor=dose.patient).exists()


def test_i_need_help_is_an_answer_staff_see(dose, client_for, staff_client_for):
    patient = client_for(dose.patient)
    assert patient.put(ride_home_url(dose), {"needs_help": True}, format="json").json()["status"] == "needs_help"
    assert schedule_ride(staff_client_for(dose.clinic), dose) == "needs_help"


def test_a_missing_name_or_phone_is_a_field_error_and_nothing_is_written(dose, client_for):
    response = client_for(dose.patient).put(ride_home_url(dose), {"escort_name": "Jo"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"escort_phone"}
    assert not RideHome.objects.exists()


def test_only_an_upcoming_dose_asks_it(clock, dose, denver, client_for, consultation):
    talk = AppointmentFactory(service=consultation, patient=dose.patient, starts_at=TOMORROW_1PM + timedelta(days=2))
    patient = client_for(dose.patient)
    assert patient.put(ride_home_url(talk), {"needs_help": True}, format="json").json()["code"] == "ride_home_not_asked"
    clock.move_to(TOMORROW_1PM + timedelta(minutes=5), tick=False)
    started = client_for(dose.patient).put(ride_home_url(dose), {"needs_help": True}, format="json")
    assert started.json()["code"] == "ride_home_not_asked"


def test_staff_read_it_on_the_schedule_but_do_not_answer_for_the_patient(dose, staff_client_for):
    response = staff_client_for(dose.clinic).put(ride_home_url(dose), {"needs_help": True}, format="json")
    assert response.status_code == 403


def test_the_digest_counts_tomorrows_doses_without_a_confirmed_ride(dose, client_for):
    assert doses_without_a_ride_home_next_day(dose.clinic, at=NOW) == 1
    client_for(dose.patient).put(ride_home_url(dose), {"needs_help": True}, format="json")
    assert doses_without_a_ride_home_next_day(dose.clinic, at=NOW) == 1  # help asked for is not a ride
    client_for(dose.patient).put(
        ride_home_url(dose), {"escort_name": "Jo", "escort_phone": "3035550123"}, format="json"
    )
    assert doses_without_a_ride_home_next_day(dose.clinic, at=NOW) == 0


# --- By text ---------------------------------------------------------------------------------------


@pytest.fixture
def texting(settings, dose):
    settings.TWILIO_AUTH_TOKEN = "test-token"
    settings.PORTAL_BASE_URL = "https://portal.example.com"
    NotificationPreference.objects.create(
        user=dose.patient, sms_enabled=True, sms_number=NUMBER, sms_verified_at=timezone.now()
    )


def reply(body):
    fields = {"From": NUMBER, "Body": body}
    path = "/api/v1/notifications/sms/inbound"
    signature = RequestValidator("test-token").compute_signature("https://portal.example.com" + path, fields)
    response = Client().post(
        path,
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_replying_1_confirms_the_escort_named_in_the_portal(texting, dose):
    assert CONFIRMED_BY_TEXT in reply("1")
    ride = RideHome.objects.get(appointment=dose)
    assert (ride.answer, ride.answered_by_text) == ("confirmed", True)


def test_replying_2_asks_for_help(texting, dose):
    assert HELP_BY_TEXT in reply(" 2 ")
    assert RideHome.objects.get(appointment=dose).answer == "needs_help"


def test_a_reply_with_no_dose_coming_answers_nothing(texting, dose, clock):
    clock.move_to(TOMORROW_1PM + timedelta(hours=1), tick=False)
    assert NOT_READ_REPLY in reply("1")
    assert not RideHome.objects.exists()
