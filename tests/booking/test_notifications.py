"""What an appointment tells its patient and when: planned in the outbox by the booking services."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from apps.booking import notifications
from apps.booking.models import AppointmentStatus
from apps.reminders.delivery import notifications_claim_due, notifications_deliver
from apps.reminders.models import Notification, ReminderSchedule, Status
from tests.clinics.factories import ClinicFactory, ProviderLicenseFactory

from .conftest import NOW
from .factories import AppointmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

TUESDAY_1PM = datetime(2026, 2, 3, 20, 0, tzinfo=UTC)  # 13:00 in Denver


def book(client, start=TUESDAY_1PM, service="consult", **fields):
    body = {"clinic": "denver", "service": service, "start": start.isoformat(), **fields}
    response = client.post("/api/v1/appointments", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def planned(kind=None, status=Status.PENDING):
    rows = Notification.objects.filter(status=status, channel="email")
    if kind:
        rows = rows.filter(kind=kind)
    return sorted(rows.values_list("kind", "due_at"), key=lambda row: row[1])


def send_due():
    token, ids = notifications_claim_due()
    outcomes = notifications_deliver(notification_ids=ids, claim_token=token)
    return [outcomes[pk] for pk in ids]


@pytest.fixture
def patient_client(client_for, denver_patient):
    return client_for(denver_patient)


def test_booking_sends_a_confirmation_with_a_calendar_file_and_plans_the_reminders(
    clock, denver, consultation, provider_at, patient_client
):
    provider_at(denver)
    book(patient_client)
    assert planned() == [
        ("appointment_confirmed", NOW),
        ("appointment_reminder", TUESDAY_1PM - timedelta(days=1)),
        ("appointment_reminder", TUESDAY_1PM - timedelta(hours=2)),
    ]
    assert send_due() == ["sent", "sent"]  # the e-mail and the in-portal message
    message = mail.outbox[0]
    assert message.subject == "Your appointment is confirmed"
    assert "Tuesday 3 February 2026 at 1:00 PM MST" in message.body
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("appointment.ics", "text/calendar")
    assert "Appointment · Evergreen Denver" in (content.decode() if isinstance(content, bytes) else content)


def test_moving_cancels_the_old_reminders_tells_the_patient_and_plans_new_ones(
    clock, denver, consultation, provider_at, patient_client
):
    provider_at(denver)
    appointment = book(patient_client)
    later = TUESDAY_1PM + timedelta(days=1)
    response = patient_client.patch(f"/api/v1/appointments/{appointment['id']}", {"start": later.isoformat()})
    assert response.status_code == 200, response.json()
    assert planned("appointment_reminder") == [
        ("appointment_reminder", later - timedelta(days=1)),
        ("appointment_reminder", later - timedelta(hours=2)),
    ]
    assert len(planned("appointment_reminder", status=Status.CANCELLED)) == 2
    assert planned("appointment_changed") == [("appointment_changed", NOW)]

    # Moving back to the first time plans fresh reminders rather than finding the cancelled ones.
    patient_client.patch(f"/api/v1/appointments/{appointment['id']}", {"start": TUESDAY_1PM.isoformat()})
    assert planned("appointment_reminder") == [
        ("appointment_reminder", TUESDAY_1PM - timedelta(days=1)),
        ("appointment_reminder", TUESDAY_1PM - timedelta(hours=2)),
    ]


def test_cancelling_stops_the_reminders_and_says_so(clock, denver, consultation, provider_at, patient_client):
    provider_at(denver)
    appointment = book(patient_client)
    response = patient_client.post(
        f"/api/v1/appointments/{appointment['id']}/transitions", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert planned("appointment_reminder") == []
    assert planned("appointment_cancelled") == [("appointment_cancelled", NOW)]


def test_a_reminder_whose_appointment_changed_after_it_was_claimed_is_not_sent(
    clock, denver, consultation, provider_at, patient_client
):
    provider_at(denver)
    appointment = book(patient_client)
    clock.move_to(TUESDAY_1PM - timedelta(hours=2), tick=False)
    token, ids = notifications_claim_due()  # the 2-hour reminder is in a worker's hands...
    staff_cancel = AppointmentFactory._meta.model.objects.filter(pk=appointment["id"])
    staff_cancel.update(status=AppointmentStatus.CANCELLED, sequence=5)  # ...when the clinic cancels
    outcomes = set(notifications_deliver(notification_ids=ids, claim_token=token).values())
    reminders = Notification.objects.filter(kind="appointment_reminder", channel="email")
    assert reminders.filter(status=Status.SKIPPED).count() == 2  # the day-before one was skipped too
    assert "skipped" in outcomes


def test_a_telehealth_visit_sends_its_link_when_the_room_opens(clock, denver, provider_at, patient_client):
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    ProviderLicenseFactory(provider=provider_at(denver), region="US-CO")
    book(patient_client, service="video", visit_region="US-CO")
    assert planned("telehealth_link") == [("telehealth_link", TUESDAY_1PM - timedelta(minutes=15))]
    link = Notification.objects.get(kind="telehealth_link", channel="email")
    assert link.context["path"].endswith("/join")


def test_a_dosing_session_asks_about_the_ride_home_the_day_before_and_checks_in_the_day_after(clock, denver):
    session = AppointmentFactory(service=ServiceTypeFactory(clinic=denver, iv=True), starts_at=TUESDAY_1PM)
    notifications.appointments_confirmed([session], at=NOW)
    # 10:00 in Denver (MST) on the Monday
    assert planned("escort_confirmation") == [("escort_confirmation", datetime(2026, 2, 2, 17, 0, tzinfo=UTC))]

    session.status = AppointmentStatus.COMPLETED
    session.sequence += 1
    session.save()
    notifications.appointment_status_changed(session, previous=AppointmentStatus.CHECKED_IN, at=TUESDAY_1PM)
    # 10:00 in Denver on the Wednesday
    assert planned("next_day_check_in") == [("next_day_check_in", datetime(2026, 2, 4, 17, 0, tzinfo=UTC))]


def test_the_day_before_reminder_keeps_the_wall_clock_time_across_a_23_hour_day(db):
    new_york = ClinicFactory(timezone="America/New_York", region="US-NY")
    # Sunday 8 March 2026, 10:00 EDT: the clocks went forward at 02:00 that morning.
    sunday = AppointmentFactory(
        service=ServiceTypeFactory(clinic=new_york), starts_at=datetime(2026, 3, 8, 14, tzinfo=UTC)
    )
    reminder = notifications.reminder_due_at(sunday, 24 * 60)
    assert reminder == datetime(2026, 3, 7, 15, tzinfo=UTC)  # Saturday 10:00 EST
    assert sunday.starts_at - reminder == timedelta(hours=23)
    assert notifications.reminder_due_at(sunday, 120) == sunday.starts_at - timedelta(hours=2)


def test_a_clinic_and_a_service_can_change_when_reminders_go(clock, denver, consultation, provider_at, patient_client):
    ReminderSchedule.objects.create(clinic=denver, offsets_minutes=[3 * 24 * 60])
    ReminderSchedule.objects.create(clinic=denver, service=consultation, offsets_minutes=[30])
    provider_at(denver)
    book(patient_client)
    assert planned("appointment_reminder") == [("appointment_reminder", TUESDAY_1PM - timedelta(minutes=30))]


def test_a_patient_abroad_reads_both_times(clock, denver, consultation, provider_at, client_for):
    from tests.accounts.factories import PatientFactory

    londoner = PatientFactory(profile__region="US-CO", profile__timezone="Europe/London")
    provider_at(denver)
    book(client_for(londoner))
    confirmation = Notification.objects.get(kind="appointment_confirmed", channel="email")
    assert confirmation.context["when"] == "Tuesday 3 February 2026 at 1:00 PM MST (8:00 PM GMT your time)"


def test_the_reminder_points_to_unread_assigned_reading(clock, denver, consultation, provider_at, patient_client):
    from apps.education.services import reading_assign_for_event
    from tests.education.factories import ArticleFactory, ReadingRuleFactory

    rule = ReadingRuleFactory(event="consultation_booked", article=ArticleFactory(organization=denver.organization))
    provider_at(denver)
    book(patient_client)
    assert "reading_path" not in Notification.objects.filter(kind="appointment_reminder").first().context
    patient = Notification.objects.first().recipient
    reading_assign_for_event(patient=patient, event=rule.event, clinic=denver)
    later = TUESDAY_1PM + timedelta(days=1)
    appointment = Notification.objects.first().concerns_id
    patient_client.patch(f"/api/v1/appointments/{appointment}", {"start": later.isoformat()})
    assert (
        Notification.objects.filter(kind="appointment_reminder", status=Status.PENDING).first().context["reading_path"]
        == "/library"
    )
