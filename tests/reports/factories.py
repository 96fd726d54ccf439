"""Scenes for the weekly report, written directly as the services would leave them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apps.care.models import TreatmentPlan
from apps.payments.models import Refund
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import make_assessment, make_plan
from tests.payments.factories import PaymentFactory


def local(clinic, text: str) -> datetime:
    """An instant given as wall-clock time at ``clinic``: ``local(clinic, "2026-02-02 13:00")``."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(clinic.timezone))


def completed_induction(clinic, *, maintenance_at: datetime, baseline: int | None, after: int | None, **baseline_age):
    """A patient whose induction at ``clinic`` ended at ``maintenance_at``: a plan made four weeks
    before, a first dose three weeks before, a PHQ-9 of ``baseline`` two days before that dose (or as
    long before as ``baseline_age`` says, as timedelta keywords) and one of ``after`` a fortnight
    after the induction. ``None`` leaves that score out."""
    patient = PatientFactory()
    plan = make_plan(patient, clinic)
    first_dose_at = maintenance_at - timedelta(weeks=3)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        created_at=maintenance_at - timedelta(weeks=4), maintenance_started_at=maintenance_at
    )
    dosing = ServiceTypeFactory(clinic=clinic, iv=True)
    AppointmentFactory(service=dosing, patient=patient, starts_at=first_dose_at, status="completed")
    if baseline is not None:
        make_assessment(patient, total=baseline, taken_at=first_dose_at - timedelta(**(baseline_age or {"days": 2})))
    if after is not None:
        make_assessment(patient, total=after, taken_at=maintenance_at + timedelta(days=14))
    return plan


def paid(appointment, *, at: datetime, amount_cents: int, currency: str = "USD"):
    return PaymentFactory(
        appointment=appointment, status="succeeded", paid_at=at, amount_cents=amount_cents, currency=currency
    )


def refunded(payment, *, at: datetime, amount_cents: int, status: str = "succeeded"):
    return Refund.objects.create(
        payment=payment, kind="staff", amount_cents=amount_cents, reason="Goodwill", status=status, refunded_at=at
    )
