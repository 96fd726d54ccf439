"""The weekly report on a hand-built clinic: each figure counted as the report's docstring defines it."""

from datetime import time, timedelta

import pytest

from apps.reports.selectors import weekly_report
from tests.booking.factories import (
    AppointmentFactory,
    ChairFactory,
    ClosureFactory,
    OverrideFactory,
    ServiceTypeFactory,
    WeeklyHoursFactory,
)
from tests.care.factories import make_assessment
from tests.clinics.factories import ClinicFactory, ProviderProfileFactory

from .factories import completed_induction, local, paid, refunded

pytestmark = pytest.mark.django_db

FIRST_MONDAY = "2026-02-02"


@pytest.fixture
def scene():
    """Denver, weeks of 2 and 9 February 2026 (no clock change).

    Capacity: Dr P works Mondays 13-18 and Tuesdays 13-17, with Tuesday 3 February 13-15 off; Dr Q
    works Mondays 16-20. The clinic is closed on Monday 9 February. One active chair (and a retired
    one). Providers: week 1 300 + 120 + 240 = 660 minutes, week 2 240. The clinic is open (some
    provider works) Monday 13-20 and Tuesday 15-17 in week 1 (540 minutes), Tuesday 13-17 in week 2.
    """
    clinic = ClinicFactory(timezone="America/Denver")
    doctor_p, doctor_q = ProviderProfileFactory(), ProviderProfileFactory()
    WeeklyHoursFactory(provider=doctor_p, clinic=clinic, weekday=0, start_time=time(13), end_time=time(18))
    WeeklyHoursFactory(provider=doctor_p, clinic=clinic, weekday=1, start_time=time(13), end_time=time(17))
    WeeklyHoursFactory(provider=doctor_q, clinic=clinic, weekday=0, start_time=time(16), end_time=time(20))
    OverrideFactory(
        provider=doctor_p,
        clinic=clinic,
        date=local(clinic, "2026-02-03").date(),
        start_time=time(13),
        end_time=time(15),
    )
    ClosureFactory(
        clinic=clinic, starts_on=local(clinic, "2026-02-09").date(), ends_on=local(clinic, "2026-02-09").date()
    )
    chair = ChairFactory(clinic=clinic)
    ChairFactory(clinic=clinic, is_active=False)

    consult = ServiceTypeFactory(clinic=clinic)  # 60 minutes, no buffers
    infusion = ServiceTypeFactory(clinic=clinic, iv=True)  # 40 minutes and 120 of recovery in a chair

    def appointment(when, status="confirmed", service=consult, **fields):
        return AppointmentFactory(
            service=service, provider=doctor_p, starts_at=local(clinic, when), status=status, **fields
        )

    seen = appointment("2026-02-02 13:00", "completed")
    appointment("2026-02-03 15:00", "completed", service=infusion, chair=chair)
    appointment("2026-02-02 14:00", "no_show")
    appointment("2026-02-03 16:00")
    # Sunday evening in Denver, Monday morning in UTC: still the first week.
    appointment("2026-02-08 23:30")
    appointment("2026-02-04 13:00", "cancelled", cancelled_by="patient")
    appointment("2026-02-05 13:00", "cancelled", cancelled_by="clinic")
    appointment("2026-02-05 14:00", "cancelled", cancelled_by="system")  # a hold that expired
    appointment("2026-02-05 15:00", "held", hold_expires_at=local(clinic, "2026-02-05 12:00"))
    appointment("2026-02-10 13:00", "cancelled", cancelled_by="patient")

    payment = paid(seen, at=local(clinic, "2026-02-02 14:00"), amount_cents=25000)
    euros = paid(
        appointment("2026-01-20 13:00", "completed"),
        at=local(clinic, "2026-02-06 10:00"),
        amount_cents=9000,
        currency="EUR",
    )
    euros.refresh_from_db()
    paid(appointment("2026-02-20 13:00"), at=local(clinic, "2026-02-20 10:00"), amount_cents=777)  # after the range
    refunded(payment, at=local(clinic, "2026-02-10 09:00"), amount_cents=5000)
    refunded(payment, at=local(clinic, "2026-02-10 09:00"), amount_cents=1234, status="pending")

    # Week 1: five inductions with both scores (changes -10, -8, -6, -4, -2), one whose only PHQ-9
    # before the first dose is too old to be its baseline.
    for change in (-10, -8, -6, -4, -2):
        completed_induction(clinic, maintenance_at=local(clinic, "2026-02-04 12:00"), baseline=20, after=20 + change)
    completed_induction(clinic, maintenance_at=local(clinic, "2026-02-04 12:00"), baseline=22, after=5, days=40)
    # Week 2: two, too few for their mean to be shown.
    for after in (15, 13):
        completed_induction(clinic, maintenance_at=local(clinic, "2026-02-11 12:00"), baseline=20, after=after)
    return clinic


def test_appointments_are_counted_in_the_local_week_they_were_scheduled_for(scene):
    first, second = weekly_report([scene], local(scene, "2026-02-04").date(), 2).clinics[0].weeks
    assert str(first.week) == FIRST_MONDAY
    assert (first.booked, first.cancelled_by_patient, first.cancelled_by_clinic) == (7, 1, 1)
    assert (first.no_shows, first.completed, first.no_show_rate) == (1, 2, 0.333)
    assert (second.booked, second.cancelled_by_patient, second.no_show_rate) == (1, 1, None)


def test_utilization_weighs_booked_time_against_working_hours_less_time_off_and_closures(scene):
    first, second = weekly_report([scene], local(scene, "2026-02-02").date(), 2).clinics[0].weeks
    # Providers: three consultations kept or missed (60 each) + the late Sunday one + the infusion (40).
    assert (first.provider_booked_minutes, first.provider_available_minutes) == (280, 660)
    assert first.provider_utilization == round(280 / 660, 3)
    # Chairs: the infusion and its recovery, out of one active chair while the clinic is open.
    assert (first.chair_booked_minutes, first.chair_available_minutes, first.chair_utilization) == (160, 540, 0.296)
    assert (second.provider_available_minutes, second.chair_available_minutes) == (240, 240)
    assert second.provider_utilization == 0


def test_money_is_per_currency_by_when_it_was_paid_or_refunded(scene):
    first, second = weekly_report([scene], local(scene, "2026-02-02").date(), 2).clinics[0].weeks
    assert {currency: (m.revenue_cents, m.refunds_cents) for currency, m in first.money.items()} == {
        "USD": (25000, 0),
        "EUR": (9000, 0),
    }
    assert {currency: (m.revenue_cents, m.refunds_cents) for currency, m in second.money.items()} == {"USD": (0, 5000)}


def test_inductions_and_the_mean_phq9_change_with_small_groups_suppressed(scene):
    first, second = weekly_report([scene], local(scene, "2026-02-02").date(), 2).clinics[0].weeks
    assert (first.series_completed, first.outcome.n, first.outcome.mean_change) == (6, 5, -6.0)
    assert not first.outcome.suppressed
    assert (second.series_completed, second.outcome.n, second.outcome.mean_change) == (2, 2, None)
    assert second.outcome.suppressed


def test_an_after_score_must_come_within_four_weeks_of_the_induction(db):
    clinic = ClinicFactory()
    at = local(clinic, "2026-02-04 12:00")
    plan = completed_induction(clinic, maintenance_at=at, baseline=20, after=None)
    make_assessment(plan.patient, total=3, taken_at=at - timedelta(hours=1))  # before the induction ended
    make_assessment(plan.patient, total=4, taken_at=at + timedelta(days=29))  # too late
    week = weekly_report([clinic], at.date(), 1).clinics[0].weeks[0]
    assert (week.series_completed, week.outcome.n) == (1, 0)


def test_a_total_hides_a_mean_that_subtraction_would_reveal(scene):
    other = ClinicFactory(organization=scene.organization, timezone="America/Denver")
    for after in (10, 10, 10, 10, 10):
        completed_induction(other, maintenance_at=local(other, "2026-02-11 12:00"), baseline=20, after=after)
    report = weekly_report([scene, other], local(scene, "2026-02-02").date(), 2)
    assert report.clinics[1].weeks[1].outcome.mean_change == -10.0
    total = report.totals[1]
    # Seven patients, but two of them are the suppressed clinic's: showing the total would give theirs.
    assert (total.outcome.n, total.outcome.suppressed, total.outcome.mean_change) == (7, True, None)
    # Week 1: only the first clinic's five, shown.
    assert report.totals[0].outcome.mean_change == -6.0
    assert report.totals[0].booked == 7
