"""Calendar files and private feeds: neutral wording, and feeds that can be revoked."""

from datetime import datetime

import pytest
from icalendar import Calendar
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.booking.models import AppointmentStatus
from tests.accounts.factories import PatientFactory

from .factories import AppointmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2026-02-03T13:00-07:00")
TREATMENT_WORDS = ["ketamine", "infusion", "iv", "dosing", "esketamine", "treatment"]


@pytest.fixture
def infusion(denver):
    return ServiceTypeFactory(clinic=denver, slug="iv-ketamine", name="IV ketamine infusion", iv=True)


@pytest.fixture
def appointment(denver, infusion, provider_at, denver_patient):
    return AppointmentFactory(service=infusion, provider=provider_at(denver), patient=denver_patient, starts_at=START)


def events(ics: bytes):
    return [component for component in Calendar.from_ical(ics).walk("VEVENT")]


def test_an_appointment_downloads_as_ics_without_any_treatment_words(
    clock, appointment, denver, client_for, denver_patient
):
    response = client_for(denver_patient).get(f"/api/v1/appointments/{appointment.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="appointment.ics"' in response["Content-Disposition"]
    (event,) = events(response.content)
    assert str(event["summary"]) == f"Appointment · {denver.name}"
    assert str(event["location"]) == f"{denver.name}, 1 Main Street, Denver, CO 80202"
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == datetime.fromisoformat("2026-02-03T15:40-07:00")  # recovery included
    assert str(event["status"]) == "CONFIRMED" and str(event["uid"]).startswith(str(appointment.pk))
    text = response.content.decode().lower()
    for word in [*TREATMENT_WORDS, appointment.service.slug]:
        assert f" {word}" not in text and f":{word}" not in text, word
    assert AuditEvent.objects.filter(action="export", patient=denver_patient).count() == 1


def test_the_providers_copy_ends_with_the_session(clock, appointment, client_for):
    response = client_for(appointment.provider.user).get(f"/api/v1/appointments/{appointment.pk}/calendar.ics")
    (event,) = events(response.content)
    assert event.decoded("dtend") == datetime.fromisoformat("2026-02-03T13:40-07:00")


def test_a_private_feed_lists_upcoming_appointments_and_can_be_replaced_or_revoked(
    clock, denver, infusion, appointment, client_for, denver_patient
):
    AppointmentFactory(
        service=infusion,
        provider=appointment.provider,
        patient=denver_patient,
        starts_at=datetime.fromisoformat("2026-01-20T13:00-07:00"),
    )
    AppointmentFactory(
        service=infusion,
        provider=appointment.provider,
        patient=denver_patient,
        status=AppointmentStatus.CANCELLED,
        starts_at=datetime.fromisoformat("2026-02-05T13:00-07:00"),
    )
    client = client_for(denver_patient)
    assert client.get("/api/v1/me/calendar-feed").json() == {"active": False, "created_at": None, "url": None}
    made = client.post("/api/v1/me/calendar-feed")
    assert made.status_code == 201
    url = made.json()["url"]
    assert url.startswith("http://testserver/api/v1/calendar-feeds/") and url.endswith(".ics")
    assert client.get("/api/v1/me/calendar-feed").json()["active"] is True

    anonymous = APIClient()
    feed = anonymous.get(url)
    assert feed.status_code == 200
    assert [event.decoded("dtstart") for event in events(feed.content)] == [START]
    assert "ketamine" not in feed.content.decode().lower()

    replaced = client.post("/api/v1/me/calendar-feed").json()["url"]
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(replaced).status_code == 200
    assert client.delete("/api/v1/me/calendar-feed").status_code == 204
    assert anonymous.get(replaced).status_code == 404


def test_a_providers_feed_is_their_schedule(clock, denver, infusion, appointment, provider_at, client_for):
    AppointmentFactory(service=infusion, provider=provider_at(denver), starts_at=START)  # a colleague's
    provider = appointment.provider
    url = client_for(provider.user).post("/api/v1/me/calendar-feed").json()["url"]
    (event,) = events(APIClient().get(url).content)
    assert event.decoded("dtstart") == START and str(event["uid"]).startswith(str(appointment.pk))
    assert appointment.patient.patient_profile.legal_name not in APIClient().get(url).content.decode()


def test_a_made_up_feed_token_is_a_404(db):
    assert APIClient().get("/api/v1/calendar-feeds/not-a-real-token.ics").status_code == 404


def test_a_video_visit_says_so_without_an_address(clock, denver, provider_at, client_for):
    patient = PatientFactory(profile__region="US-CO")
    video = ServiceTypeFactory(clinic=denver, telehealth=True)
    appointment = AppointmentFactory(
        service=video, provider=provider_at(denver), patient=patient, starts_at=START, video_room="a" * 32
    )
    (event,) = events(client_for(patient).get(f"/api/v1/appointments/{appointment.pk}/calendar.ics").content)
    assert str(event["summary"]) == f"Video appointment · {denver.name}"
    assert str(event["location"]) == "Online: join from the portal"
    assert "a" * 32 not in str(event.to_ical())
