from datetime import UTC, datetime, timedelta

import pytest

from apps.booking.models import AppointmentStatus
from apps.care.maintenance import maintenance_reminders_plan, still_relevant, worsening_check
from apps.reminders.models import Notification
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_assessment, make_plan
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PLAN_MADE = datetime(2026, 3, 2, 15, tzinfo=UTC)
LAST_DOSE = datetime(2026, 3, 20, 16, tzinfo=UTC)  # Friday 10:00 in Denver (MDT)


@pytest.fixture
def maintenance(patient, time_machine):
    """A plan whose induction ended with the dose of 20 March; boosters every 28 days."""
    clinic = ClinicFactory(timezone="America/Denver")
    ClinicPatientFactory(clinic=clinic, patient=patient)
    time_machine.move_to(PLAN_MADE, tick=False)
    plan = make_plan(patient, clinic)
    plan.booster_interval_days = 28
    plan.maintenance_started_at = LAST_DOSE + timedelta(hours=3)
    plan.save()
    iv = ServiceTypeFactory(clinic=clinic, iv=True)
    AppointmentFactory(service=iv, patient=patient, starts_at=LAST_DOSE, status=AppointmentStatus.COMPLETED)
    time_machine.move_to(LAST_DOSE + timedelta(days=1), tick=False)
    return plan


def _planned(kind):
    return sorted(Notification.objects.filter(kind=kind, channel="email").values_list("due_at", flat=True))


def test_booster_reminders_before_when_and_after_the_due_date_at_ten_on_the_clinics_clock(maintenance):
    maintenance_reminders_plan(at=LAST_DOSE + timedelta(days=1))
    # Due on Friday 17 April; 10:00 MDT is 16:00 UTC.
    assert _planned("booster_due_soon") == [datetime(2026, 4, 10, 16, tzinfo=UTC)]
    assert _planned("booster_due") == [datetime(2026, 4, 17, 16, tzinfo=UTC)]
    assert _planned("booster_overdue") == [datetime(2026, 4, 24, 16, tzinfo=UTC)]
    maintenance_reminders_plan(at=LAST_DOSE + timedelta(days=2))
    assert Notification.objects.filter(kind__startswith="booster").count() == 6  # e-mail and in-portal, once


def test_booking_a_booster_stops_the_reminders_and_cancelling_it_lets_them_go(maintenance, patient):
    maintenance_reminders_plan(at=LAST_DOSE + timedelta(days=1))
    reminder = Notification.objects.get(kind="booster_due", channel="email")
    assert still_relevant(reminder)
    booster = AppointmentFactory(
        service=ServiceTypeFactory(clinic=maintenance.clinic, iv=True, kind="booster"),
        patient=patient,
        starts_at=datetime(2026, 4, 15, 16, tzinfo=UTC),
    )
    assert not still_relevant(reminder)
    booster.status = AppointmentStatus.CANCELLED
    booster.save()
    assert still_relevant(reminder)


def test_a_check_in_questionnaire_every_two_weeks_until_one_is_taken(maintenance, patient, time_machine):
    maintenance_reminders_plan(at=LAST_DOSE + timedelta(days=1))
    # Two weeks after maintenance began (20 March, 13:00 Denver): 3 April at 10:00 MDT.
    assert _planned("check_in_questionnaire") == [datetime(2026, 4, 3, 16, tzinfo=UTC)]
    check_in = Notification.objects.get(kind="check_in_questionnaire", channel="email")
    time_machine.move_to(datetime(2026, 4, 3, 16, tzinfo=UTC), tick=False)
    assert still_relevant(check_in)
    make_assessment(patient, total=6)
    assert not still_relevant(check_in)
    maintenance_reminders_plan(at=datetime(2026, 4, 3, 17, tzinfo=UTC))
    assert _planned("check_in_questionnaire")[-1] == datetime(2026, 4, 17, 16, tzinfo=UTC)


@pytest.mark.parametrize(("baseline", "now", "offered"), [(6, 11, True), (4, 9, True), (6, 9, False), (12, 14, False)])
def test_a_worsening_score_offers_an_earlier_visit_and_tells_the_clinic(maintenance, patient, baseline, now, offered):
    make_assessment(patient, total=baseline, taken_at=LAST_DOSE)
    MembershipFactory(clinic=maintenance.clinic, role="provider")
    assert worsening_check(make_assessment(patient, total=now)) is offered
    assert Notification.objects.filter(kind="earlier_visit_offered", recipient=patient).exists() is offered
    assert Notification.objects.filter(kind="staff_earlier_visit").exists() is offered
