"""Video visits: private rooms, links only for the patient and the provider, only while the room is open."""

from datetime import datetime, timedelta

import jwt
import pytest

from apps.booking.models import Appointment, VisitLocation
from apps.reminders.models import Notification
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderLicenseFactory, ProviderProfileFactory

from .factories import AppointmentFactory, ServiceTypeFactory, every_day_hours

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2026-02-03T13:00-07:00")


@pytest.fixture
def provider(denver):
    """A provider at the Brooklyn clinic of the same network, licensed in Colorado."""
    brooklyn = ClinicFactory(organization=denver.organization, timezone="America/New_York")
    provider = ProviderProfileFactory(display_name="Dr. Ana Rivera")
    MembershipFactory(clinic=brooklyn, user=provider.user, role="provider")
    every_day_hours(provider, brooklyn)
    ProviderLicenseFactory(provider=provider, region="US-CO")
    return provider


@pytest.fixture
def video(clock, denver, provider, client_for, denver_patient):
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    response = client_for(denver_patient).post(
        "/api/v1/appointments",
        {"clinic": "denver", "service": "video", "start": START.isoformat(), "visit_region": "US-CO"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def join(client, appointment, region="US-CO"):
    return client.post(f"/api/v1/appointments/{appointment['id']}/join", {"region": region}, format="json")


def claims_of(response, settings):
    token = response.json()["url"].split("?jwt=")[1]
    return jwt.decode(
        token,
        settings.JITSI_APP_SECRET,
        algorithms=["HS256"],
        audience=settings.JITSI_APP_ID,
        options={"verify_exp": False, "verify_nbf": False},
    )


def test_the_room_opens_15_minutes_before_the_start_and_says_when_before_that(clock, video, client_for, denver_patient):
    assert video["is_telehealth"] is True
    assert video["room_opens_at"] == "2026-02-03T19:45:00Z"
    clock.move_to(START - timedelta(minutes=16), tick=False)
    early = join(client_for(denver_patient), video)
    assert early.status_code == 409
    assert early.json()["code"] == "join_not_open"
    assert early.json()["opens_at"] == "2026-02-03T19:45:00+00:00"
    assert "12:45" in early.json()["message"] and "America/Denver" in early.json()["message"]
    clock.move_to(START - timedelta(minutes=15), tick=False)
    assert join(client_for(denver_patient), video).status_code == 200


def test_the_room_closes_when_the_appointment_ends(clock, video, client_for, denver_patient):
    clock.move_to(START + timedelta(minutes=59), tick=False)
    assert join(client_for(denver_patient), video).status_code == 200
    clock.move_to(START + timedelta(minutes=60), tick=False)
    late = join(client_for(denver_patient), video)
    assert late.status_code == 409 and late.json()["code"] == "join_closed"


def test_the_patients_token_has_no_moderator_rights_and_expires_with_the_appointment(
    clock, video, client_for, denver_patient, settings
):
    clock.move_to(START - timedelta(minutes=5), tick=False)
    response = join(client_for(denver_patient), video)
    body = response.json()
    assert body["moderator"] is False
    assert body["url"].startswith(f"https://{settings.JITSI_DOMAIN}/{body['room']}?jwt=")
    claims = claims_of(response, settings)
    assert claims["iss"] == settings.JITSI_APP_ID and claims["sub"] == settings.JITSI_DOMAIN
    assert claims["room"] == body["room"]
    assert claims["nbf"] == int((START - timedelta(minutes=15)).timestamp())
    assert claims["exp"] == int((START + timedelta(minutes=60)).timestamp())
    assert claims["context"]["user"] == {
        "id": str(denver_patient.pk),
        "name": denver_patient.display_name,
        "moderator": "false",
    }


def test_the_provider_from_another_clinic_joins_as_moderator(clock, video, provider, client_for, settings):
    clock.move_to(START, tick=False)
    response = client_for(provider.user).post(f"/api/v1/appointments/{video['id']}/join", {}, format="json")
    assert response.status_code == 200
    assert response.json()["moderator"] is True
    assert claims_of(response, settings)["context"]["user"]["moderator"] == "true"
    assert claims_of(response, settings)["context"]["user"]["name"] == "Dr. Ana Rivera"


def test_moderator_rights_can_be_an_affiliation_claim(clock, video, provider, client_for, denver_patient, settings):
    settings.JITSI_MODERATOR_CLAIM = "affiliation"
    clock.move_to(START, tick=False)
    provider_claims = claims_of(join(client_for(provider.user), video), settings)["context"]["user"]
    patient_claims = claims_of(join(client_for(denver_patient), video), settings)["context"]["user"]
    assert (provider_claims["affiliation"], patient_claims["affiliation"]) == ("owner", "member")
    assert "moderator" not in provider_claims


def test_the_front_desk_sees_the_appointment_but_cannot_join_and_strangers_get_404(
    clock, video, denver, staff_client_for, client_for
):
    clock.move_to(START, tick=False)
    desk = staff_client_for(denver, role="front_desk")
    assert desk.get(f"/api/v1/appointments/{video['id']}").status_code == 200
    refused = join(desk, video)
    assert refused.status_code == 403 and "patient and the provider" in refused.json()["message"]
    assert join(client_for(PatientFactory()), video).status_code == 404


def test_each_video_visit_has_its_own_unguessable_room(clock, denver, provider, client_for):
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    for hour in (13, 14):
        client_for(PatientFactory(profile__region="US-CO")).post(
            "/api/v1/appointments",
            {
                "clinic": "denver",
                "service": "video",
                "start": START.replace(hour=hour).isoformat(),
                "visit_region": "US-CO",
            },
            format="json",
        )
    rooms = list(Appointment.objects.values_list("video_room", "id"))
    assert len(rooms) == 2 and rooms[0][0] != rooms[1][0]
    for room, appointment_id in rooms:
        assert len(room) == 32 and int(room, 16) >= 0
        assert room not in str(appointment_id).replace("-", "")


def test_an_in_person_appointment_has_no_video_room(
    clock, denver, consultation, provider_at, client_for, denver_patient
):
    appointment = AppointmentFactory(
        service=consultation, provider=provider_at(denver), patient=denver_patient, starts_at=START
    )
    clock.move_to(START, tick=False)
    response = join(client_for(denver_patient), {"id": appointment.pk})
    assert response.status_code == 409 and response.json()["code"] == "not_telehealth"


def test_a_cancelled_video_visit_cannot_be_joined(clock, video, client_for, denver_patient):
    client = client_for(denver_patient)
    client.post(f"/api/v1/appointments/{video['id']}/transitions", {"status": "cancelled"}, format="json")
    clock.move_to(START, tick=False)
    response = join(client_for(denver_patient), video)
    assert response.status_code == 409 and response.json()["code"] == "join_closed"


def test_without_a_configured_video_server_the_answer_is_a_clear_503(
    clock, video, client_for, denver_patient, settings
):
    settings.JITSI_APP_SECRET = ""
    clock.move_to(START, tick=False)
    response = join(client_for(denver_patient), video)
    assert response.status_code == 503 and response.json()["code"] == "telehealth_not_configured"


# --- Where the patient is: asked when booking and again when joining ------------------------------


def availability(client, region):
    day = START.date().isoformat()
    query = {"service": "video", "start": day, "end": day, "visit_region": region}
    return client.get("/api/v1/clinics/denver/availability", query)


def test_the_booking_keeps_where_the_patient_said_they_would_be(video):
    assert video["visit_region"] == "US-CO"
    appointment = Appointment.objects.get(pk=video["id"])
    assert appointment.visit_region == "US-CO"
    [said] = appointment.visit_locations.all()
    assert (said.moment, said.region, said.licensed) == ("booking", "US-CO", True)


def test_only_providers_licensed_where_the_patient_will_be_are_offered(
    clock, denver, provider, client_for, denver_patient
):
    """The patient lives in Colorado but will be in California for this visit: nobody is licensed
    there, so no time is offered and a booking is refused, whatever the home region says."""
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    client = client_for(denver_patient)
    assert availability(client, "US-CO").json()["slots"]
    assert availability(client, "US-CA").json()["slots"] == []
    booking = {"clinic": "denver", "service": "video", "start": START.isoformat(), "visit_region": "US-CA"}
    refused = client.post("/api/v1/appointments", booking, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_bookable"
    assert "US-CA" in refused.json()["message"] and "visit_region" in refused.json()["fields"]
    assert not Appointment.objects.exists()
    ProviderLicenseFactory(provider=provider, region="US-CA")
    assert availability(client, "US-CA").json()["slots"]
    assert client.post("/api/v1/appointments", booking, format="json").status_code == 201


def test_an_unknown_region_is_refused_as_input(clock, denver, provider, client_for, denver_patient):
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    response = availability(client_for(denver_patient), "Colorado")
    assert response.status_code == 400 and "visit_region" in response.json()["fields"]


def test_joining_asks_where_the_patient_is_right_now(clock, video, client_for, denver_patient):
    clock.move_to(START, tick=False)
    response = client_for(denver_patient).post(f"/api/v1/appointments/{video['id']}/join", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "visit_region_required"
    assert "region" in response.json()["fields"]
    assert not VisitLocation.objects.filter(moment="joining").exists()


def test_joining_from_where_the_provider_is_not_licensed_is_refused_and_the_clinic_is_told_once(
    clock, video, denver, client_for, denver_patient
):
    desk = MembershipFactory(clinic=denver, role="front_desk").user
    clock.move_to(START - timedelta(minutes=10), tick=False)
    client = client_for(denver_patient)
    refused = join(client, video, region="US-CA")
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "visit_location_not_licensed" and body["region"] == "US-CA"
    assert "Dr. Ana Rivera" in body["message"] and "url" not in body
    assert join(client, video, region="US-CA").status_code == 409  # asked again: the clinic is not told twice
    told = Notification.objects.filter(kind="staff_video_visit_blocked")
    assert {(n.recipient_id, n.channel) for n in told} == {(desk.pk, "email"), (desk.pk, "in_app")}
    [path] = {n.context["path"] for n in told}
    assert path == f"/clinic/denver/schedule?date=2026-02-03&appointment={video['id']}"
    assert join(client, video, region="US-CO").status_code == 200
    answers = VisitLocation.objects.filter(moment="joining").values_list("region", "licensed")
    assert list(answers) == [("US-CA", False), ("US-CA", False), ("US-CO", True)]


def test_a_licence_that_lapsed_after_the_booking_blocks_the_join(clock, video, provider, client_for, denver_patient):
    provider.licenses.update(expires_on=START.date() - timedelta(days=1))
    clock.move_to(START, tick=False)
    response = join(client_for(denver_patient), video)
    assert response.status_code == 409 and response.json()["code"] == "visit_location_not_licensed"


def test_a_closed_room_records_no_location(clock, video, client_for, denver_patient):
    clock.move_to(START - timedelta(hours=1), tick=False)
    assert join(client_for(denver_patient), video, region="US-CA").json()["code"] == "join_not_open"
    assert not VisitLocation.objects.filter(moment="joining").exists()
