"""Booking a treatment series all or nothing."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from apps.clinics.models import Clinic, ProviderProfile
from apps.core import clock

from .. import slots
from ..errors import NotBookable, SlotTaken
from ..gates import booking_gates
from ..models import INDUCTION_WINDOW_DAYS, Appointment, ServiceKind, ServiceType, TreatmentSeries
from ..payment_hooks import payment_rules
from ..selectors.catalogue import clinic_zone
from .booking import record_bookings
from .placement import (
    Placement,
    SessionRefused,
    Wanted,
    check_no_driving_acknowledged,
    check_start,
    claim_series,
    create_appointments,
    fingerprint_of,
    replay,
    retried_on_lost_race,
)

MAX_SERIES_SESSIONS = 12


@dataclass(frozen=True)
class SeriesResult:
    series: TreatmentSeries
    replayed: bool = False


@dataclass(frozen=True)
class SessionRequest:
    start: datetime
    provider: ProviderProfile | None = None


@retried_on_lost_race
def series_book(
    *,
    actor,
    clinic: Clinic,
    service: ServiceType,
    patient,
    sessions: Sequence[SessionRequest],
    idempotency_key: str | None = None,
    within_days: int = INDUCTION_WINDOW_DAYS,
    will_not_drive: bool = False,
) -> SeriesResult:
    """Book a treatment series all or nothing: every session is checked (the gates against each
    session's start) and written in one transaction; if any cannot be booked, none is, and the error
    names the session."""
    ordered = sorted(sessions, key=lambda session: session.start)
    fingerprint = fingerprint_of(
        clinic=clinic.pk,
        service=service.pk,
        patient=str(patient.pk),
        sessions=[(s.start.isoformat(), s.provider.pk if s.provider else None) for s in ordered],
    )
    replayed = replay(TreatmentSeries.objects.filter(booked_by=actor), idempotency_key, fingerprint)
    if replayed is not None:
        return SeriesResult(replayed, replayed=True)

    _check_series_shape(service=service, clinic=clinic, sessions=ordered, within_days=within_days)
    check_no_driving_acknowledged(service, will_not_drive)
    booking_gates(patient=patient, service=service, clinic=clinic, starts=[session.start for session in ordered])
    at = clock.now()
    patient_rules = patient == actor
    hold = payment_rules().hold_for_payment(
        clinic=clinic, service=service, booked_by_patient=patient_rules, sessions=len(ordered)
    )
    series = TreatmentSeries.objects.create(
        clinic=clinic,
        patient=patient,
        service=service,
        booked_by=actor,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    wanted = [Wanted(clinic, service, patient, session.start, session.provider) for session in ordered]
    for index, session in enumerate(wanted):
        try:
            check_start(session, at=at, patient_rules=patient_rules)
        except NotBookable as refusal:
            raise _naming_the_session(index, wanted, refusal) from refusal

    def write(placements: list[Placement]) -> list[Appointment]:
        placed = list(zip(placements, wanted, strict=True))
        return create_appointments(placed, actor=actor, at=at, hold=hold, series=series)

    try:
        booked = _claim_sessions(wanted, at=at, write=write)
    except SlotTaken:
        # A concurrent twin of this request may have won with the same key: answer with its result.
        replayed = replay(TreatmentSeries.objects.filter(booked_by=actor), idempotency_key, fingerprint)
        if replayed is not None:
            return SeriesResult(replayed, replayed=True)
        raise
    record_bookings(actor, booked, at)
    payment_rules().booked(appointments=booked, series=series)
    return SeriesResult(series)


def _claim_sessions(wanted: list[Wanted], *, at, write) -> list[Appointment]:
    try:
        return claim_series(wanted, at=at, write=write)
    except SessionRefused as refused:
        raise _naming_the_session(refused.index, wanted, refused.refusal) from refused.refusal


def _naming_the_session(index: int, wanted: list[Wanted], refusal: NotBookable | SlotTaken) -> NotBookable | SlotTaken:
    """``refusal`` of session ``index``, saying which session it is (and, for a taken time, that
    nothing was booked)."""
    label = f"Session {index + 1} of {len(wanted)}"
    if isinstance(refusal, NotBookable):
        fields = {f"sessions.{index}.{name}": messages for name, messages in refusal.fields.items()}
        return NotBookable(f"{label}: {refusal.message}", fields=fields, extra={"session": index})
    session = wanted[index]
    local = session.start.astimezone(clinic_zone(session.clinic))
    return SlotTaken(
        f"{label} ({local:%a %d %b %H:%M}) cannot be booked: {refusal.message} Nothing was booked.",
        extra={"session": index},
    )


def _check_series_shape(*, service: ServiceType, clinic: Clinic, sessions: Sequence[SessionRequest], within_days: int):
    if service.kind != ServiceKind.DOSING:
        raise NotBookable("A treatment series books dosing sessions.", fields={"service": ["Choose a dosing service."]})
    if not 1 <= len(sessions) <= MAX_SERIES_SESSIONS:
        message = f"A series has between 1 and {MAX_SERIES_SESSIONS} sessions."
        raise NotBookable(message, fields={"sessions": [message]})
    zone = clinic_zone(clinic)
    days = [slots.local_date_of(session.start, zone) for session in sessions]
    if len(set(days)) != len(days):
        message = "A series has at most one session per day."
        raise NotBookable(message, fields={"sessions": [message]})
    if (days[-1] - days[0]).days >= within_days:
        message = f"All sessions of a series fall within {within_days} days."
        raise NotBookable(message, fields={"sessions": [message]})
