"""Holds expire and free their time: the availability ignores them at once, bookings release the ones
in their way, and the beat task tidies up the rest."""

from datetime import timedelta
from uuid import UUID

import pytest
from django.conf import settings

from apps.booking.models import Appointment, AppointmentEvent
from apps.booking.tasks import expire_stale_holds
from tests.accounts.factories import PatientFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db

ONE_PM = "2026-02-03T20:00:00Z"


def hold(client, start=ONE_PM):
    body = {"clinic": "denver", "service": "consult", "start": start, "hold": True}
    return client.post("/api/v1/appointments", body, format="json")


def one_pm_is_offered(client):
    query = {"service": "consult", "start": "2026-02-03", "end": "2026-02-03"}
    slots = client.get("/api/v1/clinics/denver/availability", query).json()["slots"]
    return ONE_PM in [slot["start"] for slot in slots]


def test_a_hold_blocks_its_time_until_it_expires_then_frees_it(clock, denver, consultation, provider_at, client_for):
    provider_at(denver)
    holder = client_for(PatientFactory())
    assert hold(holder).status_code == 201
    assert not one_pm_is_offered(client_for(PatientFactory()))
    clock.move_to(NOW + timedelta(minutes=settings.BOOKING_HOLD_MINUTES), tick=False)
    assert one_pm_is_offered(client_for(PatientFactory()))


def test_a_booking_takes_the_time_of_an_expired_hold_that_was_not_yet_tidied_up(
    clock, denver, consultation, provider_at, client_for
):
    provider_at(denver)
    held = hold(client_for(PatientFactory())).json()
    clock.move_to(NOW + timedelta(minutes=11), tick=False)
    response = client_for(PatientFactory()).post(
        "/api/v1/appointments", {"clinic": "denver", "service": "consult", "start": ONE_PM}, format="json"
    )
    assert response.status_code == 201, response.json()
    released = Appointment.objects.get(pk=held["id"])
    assert (released.status, released.cancelled_by) == ("cancelled", "system")
    assert AppointmentEvent.objects.filter(appointment=released, to_status="cancelled", actor=None).exists()


def test_an_expired_hold_cannot_be_confirmed(clock, denver, consultation, provider_at, client_for):
    provider_at(denver)
    patient = PatientFactory()
    held = hold(client_for(patient)).json()
    clock.move_to(NOW + timedelta(minutes=10), tick=False)
    response = client_for(patient).post(
        f"/api/v1/appointments/{held['id']}/transitions", {"status": "confirmed"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "hold_expired"


def test_the_expiry_task_releases_only_expired_holds_once_with_history(
    clock, denver, consultation, provider_at, client_for
):
    provider_at(denver)
    provider_at(denver)
    early = hold(client_for(PatientFactory())).json()
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    late = hold(client_for(PatientFactory())).json()
    confirmed = client_for(PatientFactory()).post(
        "/api/v1/appointments", {"clinic": "denver", "service": "consult", "start": ONE_PM}, format="json"
    )
    assert confirmed.status_code == 409  # two providers, both held
    clock.move_to(NOW + timedelta(minutes=12), tick=False)

    assert expire_stale_holds() == 1
    assert expire_stale_holds() == 0
    statuses = dict(Appointment.objects.values_list("id", "status"))
    assert statuses == {UUID(early["id"]): "cancelled", UUID(late["id"]): "held"}
    assert AppointmentEvent.objects.filter(to_status="cancelled", reason__contains="expired").count() == 1


def test_the_expiry_task_runs_every_minute_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["expire-booking-holds"]
    assert entry == {"task": "apps.booking.tasks.expire_stale_holds", "schedule": 60.0}
