"""Writes of the booking engine: booking, series, moves, status changes, hold expiry, calendar feeds.

How a booking stays safe under concurrency: the service reads the calendars and checks the start
(inside the transaction), picks a free provider and chair, releases stale holds on that time, and
writes in a savepoint. On PostgreSQL the exclusion constraints refuse a write that lost a race; the
service then reads again (READ COMMITTED sees the winner) and tries the next free provider or chair,
and answers 409 ``slot_taken`` when nothing is left. On SQLite every transaction begins IMMEDIATE,
so the check and the write of one booking cannot interleave with another's.
"""

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils.text import slugify

from apps.accounts.models import User
from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.models import Clinic, ClinicPatient, ProviderProfile
from apps.core import clock
from apps.core.exceptions import ApplicationError

from . import events, notifications, slots
from .availability_cache import appointment_time_changed, availability_changed
from .errors import (
    HoldExpired,
    HoursOverlap,
    IdempotencyKeyReused,
    InsideCancellationWindow,
    InvalidTransition,
    NameTaken,
    NotBookable,
    NotYet,
    SlotTaken,
    StaffOnly,
    WouldOrphanAppointments,
)
from .gates import booking_gates
from .models import (
    DOSE_KINDS,
    INDUCTION_WINDOW_DAYS,
    Appointment,
    AppointmentEvent,
    AppointmentEventKind,
    AppointmentQuerySet,
    AppointmentStatus,
    AvailabilityOverride,
    CalendarFeed,
    CancelledBy,
    Chair,
    ClinicClosure,
    Modality,
    OverrideKind,
    ServiceKind,
    ServiceType,
    TreatmentSeries,
    VisitLocation,
    WeeklyHours,
)
from .payment_hooks import payment_rules
from .policy import cancellation_window_opens
from .selectors import (
    BookingLimits,
    appointments_outside_availability,
    booking_context,
    clinic_today,
    clinic_zone,
    provider_assignment,
    upcoming_appointments,
)
from .visit_location import visit_location_record, visit_region_for

T = TypeVar("T")

Status = AppointmentStatus

# A lost race is retried against fresh data while another provider or chair is free; each retry
# follows a competitor's committed booking, so a handful is plenty before answering 409.
MAX_PLACEMENT_ATTEMPTS = 8

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.HELD: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.CHECKED_IN, Status.NO_SHOW, Status.CANCELLED}),
    # Checked in, then not treated (e.g. vital signs out of range): the clinic cancels with a reason.
    Status.CHECKED_IN: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.NO_SHOW: frozenset(),
    Status.CANCELLED: frozenset(),
}
# What a patient may do to their own appointment; everything else in the table is the clinic's.
PATIENT_TRANSITIONS = frozenset(
    {(Status.HELD, Status.CONFIRMED), (Status.HELD, Status.CANCELLED), (Status.CONFIRMED, Status.CANCELLED)}
)
RESCHEDULABLE = (Status.HELD, Status.CONFIRMED)
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)
HOLD_EXPIRED_REASON = "The hold expired before the booking was confirmed."
PAID_REASON = "Paid online."

MAX_SERIES_SESSIONS = 12


@dataclass(frozen=True)
class BookingResult:
    appointment: Appointment
    replayed: bool = False


@dataclass(frozen=True)
class SeriesResult:
    series: TreatmentSeries
    replayed: bool = False


@dataclass(frozen=True)
class SessionRequest:
    start: datetime
    provider: ProviderProfile | None = None


@dataclass(frozen=True)
class _Wanted:
    """What a booking asks for: ``service`` for ``patient`` at ``clinic`` from ``start``, with
    ``provider`` if one was named."""

    clinic: Clinic
    service: ServiceType
    patient: User
    start: datetime
    provider: ProviderProfile | None = None
    visit_region: str = ""  # a video visit: where the patient will be (the provider's licence)


@dataclass(frozen=True)
class _Placement:
    start: datetime
    provider_id: int
    chair_id: int | None
    timing: slots.ServiceTiming


# --- Booking -------------------------------------------------------------------------------------


@transaction.atomic
def appointment_book(
    *,
    actor,
    clinic: Clinic,
    service: ServiceType,
    patient,
    start: datetime,
    provider: ProviderProfile | None = None,
    hold: bool = False,
    idempotency_key: str | None = None,
    will_not_drive: bool = False,
    visit_region: str = "",
) -> BookingResult:
    """Book ``service`` for ``patient`` at ``start``: confirmed, or ``held`` for
    ``BOOKING_HOLD_MINUTES`` while the patient pays. The patient books under patient rules (notice,
    horizon); staff book on a patient's behalf without them, under the same gates. A dose needs
    ``will_not_drive`` (the patient's acknowledgement); a video visit needs ``visit_region``, where
    the patient will be. A retried request with the same ``idempotency_key`` returns the first result."""
    visit_region = visit_region_for(service, visit_region)
    fingerprint = _fingerprint(
        clinic=clinic.pk,
        service=service.pk,
        patient=str(patient.pk),
        start=start.isoformat(),
        provider=provider.pk if provider else None,
        hold=hold,
        **({"visit_region": visit_region} if visit_region else {}),
    )
    replayed = _replay(Appointment.objects.filter(booked_by=actor), idempotency_key, fingerprint)
    if replayed is not None:
        return BookingResult(replayed, replayed=True)

    _check_no_driving_acknowledged(service, will_not_drive)
    booking_gates(patient=patient, service=service, clinic=clinic, starts=[start])
    hold = hold or payment_rules().hold_for_payment(clinic=clinic, service=service, booked_by_patient=patient == actor)
    at = clock.now()
    wanted = _Wanted(clinic, service, patient, start, provider, visit_region)
    _check_start(wanted, at=at, patient_rules=patient == actor)

    def create(placement: _Placement) -> Appointment:
        return _create_appointment(
            placement,
            wanted,
            actor=actor,
            at=at,
            hold=hold,
            idempotency_key=idempotency_key,
            request_fingerprint=fingerprint,
        )

    try:
        appointment = _claim(wanted, at=at, write=create)
    except SlotTaken:
        # A concurrent twin of this request may have won with the same key: answer with its result.
        replayed = _replay(Appointment.objects.filter(booked_by=actor), idempotency_key, fingerprint)
        if replayed is not None:
            return BookingResult(replayed, replayed=True)
        raise
    _record_booking(actor, appointment, at)
    payment_rules().booked(appointments=[appointment])
    return BookingResult(appointment)


def _create_appointment(placement: _Placement, wanted: _Wanted, *, actor, at, hold=False, **fields) -> Appointment:
    appointment = Appointment.objects.create(
        clinic=wanted.clinic,
        patient=wanted.patient,
        service=wanted.service,
        provider_id=placement.provider_id,
        chair_id=placement.chair_id,
        status=Status.HELD if hold else Status.CONFIRMED,
        hold_expires_at=at + timedelta(minutes=settings.BOOKING_HOLD_MINUTES) if hold else None,
        video_room=secrets.token_hex(16) if wanted.service.is_telehealth else "",
        visit_region=wanted.visit_region,
        booked_by=actor,
        **occupied_ranges(placement.timing, placement.start),
        **fields,
    )
    if wanted.visit_region:
        # The placement offered only providers licensed there.
        visit_location_record(
            appointment=appointment,
            moment=VisitLocation.Moment.BOOKING,
            region=wanted.visit_region,
            at=at,
            licensed=True,
        )
    appointment_time_changed(appointment)
    return appointment


def occupied_ranges(timing: slots.ServiceTiming, start: datetime) -> dict:
    """The range columns of an appointment starting at ``start`` (what the exclusion constraints see)."""
    visit, provider_time = timing.visit(start), timing.provider_time(start)
    return {
        "starts_at": start,
        "ends_at": start + timing.duration,
        "recovery_ends_at": visit.end,
        "provider_busy_from": provider_time.start,
        "provider_busy_until": provider_time.end,
    }


def _record_booking(actor, appointment: Appointment, at: datetime) -> None:
    ClinicPatient.objects.get_or_create(clinic=appointment.clinic, patient=appointment.patient)
    AppointmentEvent.objects.create(
        appointment=appointment,
        at=at,
        actor=actor,
        kind=AppointmentEventKind.BOOKED,
        to_status=appointment.status,
    )
    appointment_audit(actor=actor, action=AuditAction.CREATE, appointment=appointment)
    if appointment.status == Status.CONFIRMED:
        notifications.appointment_confirmed(appointment, at=at)
    events.appointment_booked(actor=actor, appointment=appointment, at=at)


def _check_start(wanted: _Wanted, *, at: datetime, patient_rules: bool) -> None:
    """Refuse a start that could never be booked as asked, whatever else is booked."""
    clinic, service, start = wanted.clinic, wanted.service, wanted.start
    zone = clinic_zone(clinic)
    if not slots.is_on_grid(start, zone, service.slot_step_minutes):
        raise NotBookable(
            "This is not a start time the clinic offers.",
            fields={
                "start": [f"Appointments start every {service.slot_step_minutes} minutes, {clinic.timezone} time."]
            },
        )
    limits = BookingLimits.for_caller(service, at=at, patient_rules=patient_rules)
    if start < limits.earliest:
        message = (
            f"This service needs {_duration_words(service.minimum_notice_minutes)} notice."
            if patient_rules
            else "This time has already passed."
        )
        raise NotBookable(message, fields={"start": [message]}, extra={"earliest": limits.earliest.isoformat()})
    if limits.latest is not None and start > limits.latest:
        message = f"This service can be booked at most {service.horizon_days} days ahead."
        raise NotBookable(message, fields={"start": [message]}, extra={"latest": limits.latest.isoformat()})


def _duration_words(minutes: int) -> str:
    """How much notice, in words: "1 day's", "2 days'", "90 minutes'"."""
    for unit, size in (("day", 24 * 60), ("hour", 60), ("minute", 1)):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}'s" if count == 1 else f"{count} {unit}s'"
    return f"{minutes} minutes'"


NO_DRIVING_MESSAGE = "Please confirm that you will not drive until the day after the session."


def _check_no_driving_acknowledged(service: ServiceType, will_not_drive: bool) -> None:
    """A dose leaves the patient unfit to drive for the rest of the day: its booking carries their
    acknowledgement (given to the clinic when staff book for them)."""
    if service.kind in DOSE_KINDS and not will_not_drive:
        raise NotBookable(NO_DRIVING_MESSAGE, fields={"will_not_drive": [NO_DRIVING_MESSAGE]})


def _claim(
    wanted: _Wanted,
    *,
    at: datetime,
    write: Callable[[_Placement], Appointment],
    preferred_provider_id: int | None = None,
    preferred_chair_id: int | None = None,
    exclude: Appointment | None = None,
) -> Appointment:
    """Check, pick and write in a savepoint; after a lost race, read again and try what is still free.
    Each retry follows a competitor's committed booking, so the loop ends with a booking or a 409."""
    for _ in range(MAX_PLACEMENT_ATTEMPTS):
        placement = _placement(
            wanted,
            at=at,
            preferred_provider_id=preferred_provider_id,
            preferred_chair_id=preferred_chair_id,
            exclude=exclude,
        )
        try:
            with transaction.atomic():
                _release_stale_holds(placement, patient=wanted.patient, at=at)
                return write(placement)
        except (IntegrityError, OperationalError) as error:
            if not _lost_race(error):
                raise
    raise SlotTaken()


# PostgreSQL errors that mean a concurrent booking got there first: an exclusion or unique violation,
# or a deadlock between two inserts that each wait for the other's conflicting row.
LOST_RACE_SQLSTATES = {"23P01", "23505", "40P01"}


def _lost_race(error: Exception) -> bool:
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate is None:
        return isinstance(error, IntegrityError)  # SQLite reports no SQLSTATE
    return sqlstate in LOST_RACE_SQLSTATES


def _provider_for_unnamed(provider_ids: Sequence[int], wanted: _Wanted, *, at: datetime) -> int:
    """Of the providers free for a booking that names none: the patient's previous provider here
    (continuity of care), else the one with the fewest appointments per unit of their booking weight
    that week, then that day (the oldest profile on a tie). Without this every such booking went to
    the first provider by name."""
    if len(provider_ids) == 1:
        return provider_ids[0]
    day = slots.local_date_of(wanted.start, clinic_zone(wanted.clinic))
    assignment = provider_assignment(provider_ids, clinic=wanted.clinic, patient=wanted.patient, day=day, at=at)
    previous = assignment.previous_provider_id
    if previous is not None and previous in provider_ids:
        return previous
    return min(sorted(provider_ids), key=assignment.share)


def _placement(wanted: _Wanted, *, at, preferred_provider_id, preferred_chair_id, exclude) -> _Placement:
    start, provider = wanted.start, wanted.provider
    context = booking_context(
        clinic=wanted.clinic,
        service=wanted.service,
        visits=slots.Interval(start, start),
        at=at,
        patient=wanted.patient,
        provider=provider,
        exclude_appointment=exclude,
        visit_region=wanted.visit_region,
    )
    if wanted.visit_region and not context.provider_profiles:
        message = f"No provider here is licensed to see you by video in {wanted.visit_region}, where you will be."
        raise NotBookable(message, fields={"visit_region": [message]})
    if provider is not None and provider.pk not in context.provider_profiles:
        message = "This provider does not offer this service to this patient here."
        raise NotBookable(message, fields={"provider": [message]})
    slot = context.free_at(start)
    if slot is None:
        if context.patient_busy is not None and context.patient_busy.overlaps(context.timing.visit(start)):
            raise SlotTaken("The patient already has an appointment at that time.")
        raise SlotTaken()
    if preferred_provider_id in slot.provider_ids:
        provider_id = preferred_provider_id
    else:
        provider_id = _provider_for_unnamed(slot.provider_ids, wanted, at=at)
    chair_id = None
    if wanted.service.needs_chair:
        chair_id = preferred_chair_id if preferred_chair_id in slot.chair_ids else slot.chair_ids[0]
    return _Placement(start=start, provider_id=provider_id, chair_id=chair_id, timing=context.timing)


def _release_stale_holds(placement: _Placement, *, patient, at: datetime) -> None:
    """Holds past their expiry still count for the exclusion constraints until someone releases them:
    release those on the time this booking takes, before writing it."""
    visit, provider_time = placement.timing.visit(placement.start), placement.timing.provider_time(placement.start)
    overlapping_visit = Q(starts_at__lt=visit.end, recovery_ends_at__gt=visit.start)
    on_this_time = Q(
        provider_id=placement.provider_id,
        provider_busy_from__lt=provider_time.end,
        provider_busy_until__gt=provider_time.start,
    ) | (Q(patient=patient) & overlapping_visit)
    if placement.chair_id is not None:
        on_this_time |= Q(chair_id=placement.chair_id) & overlapping_visit
    stale = Appointment.objects.stale_holds(at).filter(on_this_time).order_by("pk").select_for_update()
    _expire_holds(list(stale), at=at)


def _expire_holds(holds: Sequence[Appointment], *, at: datetime) -> None:
    for hold in holds:
        hold.status = Status.CANCELLED
        hold.cancelled_by = CancelledBy.SYSTEM
        hold.cancelled_at = at
        hold.cancellation_reason = HOLD_EXPIRED_REASON
        hold.sequence += 1
    Appointment.objects.bulk_update(
        holds, ["status", "cancelled_by", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    _record_status_change(holds, previous=Status.HELD, at=at, reason=HOLD_EXPIRED_REASON)
    payment_rules().holds_released(holds)


def _record_status_change(
    appointments: Sequence[Appointment], *, previous: str, at: datetime, actor=None, reason: str = ""
) -> None:
    """What every status change records, whoever makes it (a person, a payment, the hold expiry): the
    history row, the freed or taken time told to the availability cache, the messages it plans or
    cancels, and the apps built on booking told. The appointments are saved in their new status."""
    AppointmentEvent.objects.bulk_create(
        AppointmentEvent(
            appointment=appointment,
            at=at,
            actor=actor,
            kind=AppointmentEventKind.STATUS_CHANGED,
            from_status=previous,
            to_status=appointment.status,
            reason=reason,
        )
        for appointment in appointments
    )
    for appointment in appointments:
        appointment_time_changed(appointment)
        notifications.appointment_status_changed(appointment, previous=previous, at=at)
        events.appointment_status_changed(actor=actor, appointment=appointment, from_status=previous)


def _fingerprint(**request_fields) -> str:
    return hashlib.sha256(json.dumps(request_fields, sort_keys=True, default=str).encode()).hexdigest()


def _replay(previous_requests, idempotency_key: str | None, fingerprint: str):
    """What the caller's earlier request with this key made (from ``previous_requests``, the caller's
    bookings), or None; a different request under the same key is refused."""
    if not idempotency_key:
        return None
    previous = previous_requests.filter(idempotency_key=idempotency_key).first()
    if previous is not None and previous.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return previous


def appointment_audit(*, actor, action: AuditAction, appointment: Appointment) -> None:
    """Record an access to an appointment (health information: it says who is treated where)."""
    audit_record(actor=actor, action=action, obj=appointment, patient=appointment.patient, clinic=appointment.clinic)


# --- Hold expiry ---------------------------------------------------------------------------------


def appointment_holds_expire(*, batch_size: int = 500) -> int:
    """Release holds past their expiry, a batch at a time; rows another worker is releasing are
    skipped (SKIP LOCKED), so concurrent runs never wait on each other. Returns how many."""
    at = clock.now()
    with transaction.atomic():
        stale = list(
            Appointment.objects.stale_holds(at)
            .order_by("hold_expires_at")
            .select_for_update(skip_locked=True)[:batch_size]
        )
        _expire_holds(stale, at=at)
    return len(stale)


@transaction.atomic
def appointment_confirm_paid(*, appointment: Appointment) -> bool:
    """Confirm a hold whose payment has succeeded (the payments app calls this when Stripe says so).
    False when it can no longer be confirmed: cancelled, or expired (then released now), so that the
    payment is given back. Confirming again is harmless."""
    _lock(appointment)
    at = clock.now()
    if appointment.status != Status.HELD:
        return appointment.status != Status.CANCELLED
    if appointment.hold_lapsed(at):
        _expire_holds([appointment], at=at)
        return False
    appointment.status = Status.CONFIRMED
    appointment.hold_expires_at = None
    appointment.sequence += 1
    appointment.save(update_fields=["status", "hold_expires_at", "sequence", "updated_at"])
    _record_status_change([appointment], previous=Status.HELD, at=at, reason=PAID_REASON)
    return True


# --- Status changes ------------------------------------------------------------------------------


def _lock(appointment: Appointment) -> None:
    """Serialize changes to one appointment and work on its current state."""
    list(Appointment.objects.select_for_update().filter(pk=appointment.pk).values_list("pk"))
    appointment.refresh_from_db()


def _is_patient(actor, appointment: Appointment) -> bool:
    return appointment.patient_id == actor.pk


def _ensure_patient_may_still_change(appointment: Appointment, at: datetime) -> None:
    """Patients cancel or move a confirmed appointment online until the service's cancellation window
    begins; inside it they call the clinic (which may still do it). A mere hold is always theirs."""
    if appointment.status == Status.HELD:
        return
    until = cancellation_window_opens(appointment)
    if at >= until:
        clinic = appointment.clinic
        raise InsideCancellationWindow(
            f"Appointments can be cancelled or moved online up to {appointment.service.cancellation_window_hours} "
            f"hours before they start. Please call {clinic.name} on {clinic.phone}.",
            extra={"changeable_until": until.isoformat(), "clinic_phone": str(clinic.phone)},
        )


@transaction.atomic
def appointment_transition(
    *, actor, appointment: Appointment, to_status: str, reason: str = "", accepted_quote: dict | None = None
) -> Appointment:
    """Move an appointment along the transition table (``ALLOWED_TRANSITIONS``). A patient cancelling
    names the amounts they accepted (``accepted_quote``): the payment rules refuse other terms."""
    _lock(appointment)
    at = clock.now()
    current = appointment.status
    if to_status not in ALLOWED_TRANSITIONS[current]:
        allowed = sorted(ALLOWED_TRANSITIONS[current])
        raise InvalidTransition(
            f"A {Status(current).label.lower()} appointment cannot become {Status(to_status).label.lower()}."
            + (f" It can become: {', '.join(allowed)}." if allowed else " It is final."),
            extra={"status": current, "allowed": allowed},
        )
    as_patient = _is_patient(actor, appointment)
    if as_patient and (current, to_status) not in PATIENT_TRANSITIONS:
        raise StaffOnly()
    _check_transition_time(appointment, to_status, at=at, as_patient=as_patient)
    if to_status == Status.CONFIRMED:
        payment_rules().ensure_paid(appointment)

    changed = ["status", "sequence", "updated_at"]
    if to_status == Status.CANCELLED:
        if not as_patient and not reason.strip():
            raise NotBookable("Please give a reason for cancelling.", fields={"reason": ["This field is required."]})
        if as_patient:
            payment_rules().check_cancellation_accepted(appointment, accepted=accepted_quote, at=at)
        appointment.cancelled_by = CancelledBy.PATIENT if as_patient else CancelledBy.CLINIC
        appointment.cancelled_at = at
        appointment.cancellation_reason = reason.strip()
        changed += ["cancelled_by", "cancelled_at", "cancellation_reason"]
    if to_status == Status.CONFIRMED:
        appointment.hold_expires_at = None
        changed.append("hold_expires_at")
    appointment.status = to_status
    appointment.sequence += 1
    appointment.save(update_fields=changed)
    payment_rules().status_changed(appointment, previous_status=current, at=at)
    appointment_audit(actor=actor, action=AuditAction.UPDATE, appointment=appointment)
    _record_status_change([appointment], previous=current, at=at, actor=actor, reason=reason.strip())
    return appointment


def _check_transition_time(appointment: Appointment, to_status: str, *, at: datetime, as_patient: bool) -> None:
    if to_status == Status.CONFIRMED and appointment.hold_lapsed(at):
        raise HoldExpired()
    if to_status == Status.CANCELLED and as_patient and not payment_rules().allows_late_cancellation(appointment):
        _ensure_patient_may_still_change(appointment, at)
    if to_status == Status.CHECKED_IN and at < appointment.starts_at - CHECK_IN_OPENS_BEFORE:
        opens = appointment.starts_at - CHECK_IN_OPENS_BEFORE
        raise NotYet("Check-in opens an hour before the appointment.", extra={"opens_at": opens.isoformat()})
    if to_status in (Status.NO_SHOW, Status.COMPLETED) and at < appointment.starts_at:
        raise NotYet(
            f"An appointment can be marked {Status(to_status).label.lower()} once it has started.",
            extra={"opens_at": appointment.starts_at.isoformat()},
        )


# --- Moving --------------------------------------------------------------------------------------


@transaction.atomic
def appointment_reschedule(
    *, actor, appointment: Appointment, start: datetime, provider: ProviderProfile | None = None
) -> Appointment:
    """Move an appointment to a new start (and provider), keeping its id, room and history. The same
    provider and chair are kept when they are free at the new time."""
    _lock(appointment)
    at = clock.now()
    if appointment.status not in RESCHEDULABLE:
        raise InvalidTransition(
            f"A {appointment.get_status_display().lower()} appointment cannot be moved.",
            extra={"status": appointment.status, "allowed": []},
        )
    if appointment.hold_lapsed(at):
        raise HoldExpired()
    as_patient = _is_patient(actor, appointment)
    if as_patient:
        _ensure_patient_may_still_change(appointment, at)
    clinic, service, patient = appointment.clinic, appointment.service, appointment.patient
    booking_gates(patient=patient, service=service, clinic=clinic, starts=[start], moving=appointment)
    wanted = _Wanted(clinic, service, patient, start, provider, appointment.visit_region)
    _check_start(wanted, at=at, patient_rules=as_patient)
    if appointment.series_id is not None:
        _ensure_one_session_per_day(appointment, start)

    previous_start, previous_provider_id = appointment.starts_at, appointment.provider_id
    next_sequence = appointment.sequence + 1

    def move(placement: _Placement) -> Appointment:
        appointment_time_changed(appointment)  # the time it leaves
        for name, value in occupied_ranges(placement.timing, placement.start).items():
            setattr(appointment, name, value)
        appointment.provider_id, appointment.chair_id = placement.provider_id, placement.chair_id
        appointment.sequence = next_sequence
        appointment.save()
        appointment_time_changed(appointment)
        return appointment

    _claim(
        wanted,
        at=at,
        write=move,
        preferred_provider_id=previous_provider_id,
        preferred_chair_id=appointment.chair_id,
        exclude=appointment,
    )
    AppointmentEvent.objects.create(
        appointment=appointment,
        at=at,
        actor=actor,
        kind=AppointmentEventKind.RESCHEDULED,
        from_status=appointment.status,
        to_status=appointment.status,
        previous_starts_at=previous_start,
        previous_provider_id=previous_provider_id,
    )
    appointment_audit(actor=actor, action=AuditAction.UPDATE, appointment=appointment)
    appointment.refresh_from_db()
    notifications.appointment_moved(appointment, at=at)
    return appointment


def _ensure_one_session_per_day(appointment: Appointment, start: datetime) -> None:
    zone = clinic_zone(appointment.clinic)
    day = slots.local_date_of(start, zone)
    siblings = (
        Appointment.objects.occupying(clock.now())
        .filter(series_id=appointment.series_id)
        .exclude(pk=appointment.pk)
        .values_list("starts_at", flat=True)
    )
    if any(slots.local_date_of(sibling, zone) == day for sibling in siblings):
        message = "Another session of this series is already on that day."
        raise NotBookable(message, fields={"start": [message]})


# --- Treatment series ----------------------------------------------------------------------------


@transaction.atomic
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
    fingerprint = _fingerprint(
        clinic=clinic.pk,
        service=service.pk,
        patient=str(patient.pk),
        sessions=[(s.start.isoformat(), s.provider.pk if s.provider else None) for s in ordered],
    )
    replayed = _replay(TreatmentSeries.objects.filter(booked_by=actor), idempotency_key, fingerprint)
    if replayed is not None:
        return SeriesResult(replayed, replayed=True)

    _check_series_shape(service=service, clinic=clinic, sessions=ordered, within_days=within_days)
    _check_no_driving_acknowledged(service, will_not_drive)
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
    previous_provider_id = None
    booked = []
    try:
        for index, session in enumerate(ordered):
            appointment = _book_series_session(
                index,
                len(ordered),
                session,
                series=series,
                previous_provider_id=previous_provider_id,
                at=at,
                actor=actor,
                patient_rules=patient_rules,
                hold=hold,
            )
            previous_provider_id = appointment.provider_id
            _record_booking(actor, appointment, at)
            booked.append(appointment)
    except SlotTaken:
        replayed = _replay(TreatmentSeries.objects.filter(booked_by=actor), idempotency_key, fingerprint)
        if replayed is not None:
            return SeriesResult(replayed, replayed=True)
        raise
    payment_rules().booked(appointments=booked, series=series)
    return SeriesResult(series)


def _book_series_session(index, count, session, *, series, previous_provider_id, at, actor, patient_rules, hold):
    clinic, service, patient = series.clinic, series.service, series.patient
    label = f"Session {index + 1} of {count}"
    try:
        wanted = _Wanted(clinic, service, patient, session.start, session.provider)
        _check_start(wanted, at=at, patient_rules=patient_rules)
        return _claim(
            wanted,
            at=at,
            preferred_provider_id=previous_provider_id,
            write=lambda placement: _create_appointment(
                placement, wanted, actor=actor, at=at, hold=hold, series=series
            ),
        )
    except NotBookable as refusal:
        fields = {f"sessions.{index}.{name}": messages for name, messages in refusal.fields.items()}
        raise NotBookable(f"{label}: {refusal.message}", fields=fields, extra={"session": index}) from refusal
    except SlotTaken as refusal:
        local = session.start.astimezone(clinic_zone(clinic))
        raise SlotTaken(
            f"{label} ({local:%a %d %b %H:%M}) cannot be booked: {refusal.message} Nothing was booked.",
            extra={"session": index},
        ) from refusal


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


# --- Calendar feeds ------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_issue(*, user) -> str:
    """A new private feed token for ``user`` (the previous URL stops working). Only its hash is kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": CalendarFeed.hash_token(token)})
    return token


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


# --- Availability settings -----------------------------------------------------------------------
#
# Every change to what can be booked (hours, overrides, closures, chairs, services) goes through these
# functions. A change that would leave an upcoming appointment outside the new availability is
# refused as a whole (409 ``would_orphan_appointments``, naming them): the change is made inside the
# transaction, the affected appointments are checked against it with the slot engine's own rules, and
# a refusal rolls it back. Each function tells the availability cache (``availability_changed``,
# on commit), so the next availability query sees the change; the admin shows these rows read-only.

# Two Mondays, in winter and in summer time: weekly hours at clinics in different zones are compared
# as the instants they mean in both seasons, since zones change their clocks on different dates.
_REFERENCE_MONDAYS = (date(2026, 1, 5), date(2026, 7, 6))


def _refuse_orphans(candidates: AppointmentQuerySet, change: Callable[[], T]) -> T:
    """Make ``change``, then refuse it if an upcoming appointment among ``candidates`` that fitted the
    availability before no longer does (one that already did not fit is not this change's doing)."""
    appointments = upcoming_appointments(candidates, at=clock.now())
    outside_before = appointments_outside_availability(appointments)
    result = change()
    outside_after = appointments_outside_availability(appointments)
    orphaned = [a for a in appointments if a.pk in outside_after and a.pk not in outside_before]
    if orphaned:
        raise WouldOrphanAppointments(orphaned)
    return result


def _refuse_any(candidates: AppointmentQuerySet, message: str) -> None:
    """Refuse a change that takes away what every upcoming appointment among ``candidates`` uses."""
    affected = upcoming_appointments(candidates, at=clock.now())
    if affected:
        raise WouldOrphanAppointments(affected, message)


def _provider_appointments(provider: ProviderProfile, clinic: Clinic) -> AppointmentQuerySet:
    """The appointments a change to ``provider``'s hours at ``clinic`` may touch: theirs anywhere in
    the organization (a video visit may use their hours at any of its clinics)."""
    return Appointment.objects.filter(provider=provider, clinic__organization_id=clinic.organization_id)


def _lock_provider(provider: ProviderProfile) -> None:
    """One change to a provider's hours at a time, whichever clinic makes it: the overlap check and
    the orphan check read what the other would change."""
    ProviderProfile.objects.select_for_update().filter(pk=provider.pk).first()


def _lock_clinic(clinic: Clinic) -> None:
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()


def _not_before_today(clinic: Clinic, day: date, field: str) -> None:
    if day < clinic_today(clinic, at=clock.now()):
        message = "Choose today or a later date."
        raise ApplicationError(message, fields={field: [message]})


def _weekly_spans(weekday: int, start, end, zone, *, weeks=(0,)) -> list[slots.Interval]:
    return [
        slots.local_span(monday + timedelta(days=weekday + 7 * week), start, end, zone)
        for monday in _REFERENCE_MONDAYS
        for week in weeks
    ]


def _check_hours_do_not_overlap(hours: WeeklyHours) -> None:
    """A provider is in one place at a time: their weekly hours at this clinic and at any other clinic
    of the organization may not overlap (compared as instants, each clinic in its own zone)."""
    others = (
        WeeklyHours.objects.filter(provider=hours.provider, clinic__organization_id=hours.clinic.organization_id)
        .exclude(pk=hours.pk)
        .select_related("clinic")
        .order_by("weekday", "start_time")
    )
    zone = clinic_zone(hours.clinic)
    spans = _weekly_spans(hours.weekday, hours.start_time, hours.end_time, zone)
    for other in others:
        other_spans = _weekly_spans(
            other.weekday, other.start_time, other.end_time, clinic_zone(other.clinic), weeks=(-1, 0, 1)
        )
        if any(span.overlaps(other_span) for span in spans for other_span in other_spans):
            where = "" if other.clinic_id == hours.clinic_id else f" at {other.clinic.name}"
            message = (
                f"{hours.provider.display_name} already works {other.get_weekday_display()} "
                f"{other.start_time:%H:%M}–{other.end_time:%H:%M}{where}. Shifts may not overlap."
            )
            raise HoursOverlap(message, fields={"start_time": [message]})


def _save_hours(hours: WeeklyHours) -> WeeklyHours:
    try:
        with transaction.atomic():
            hours.save()
    except IntegrityError as error:
        # On PostgreSQL an exclusion constraint (migration 0004) refuses an overlap that a concurrent
        # change slipped in at the same clinic; the checks above see it on a retry.
        message = "These hours overlap others saved a moment ago. Reload and try again."
        raise HoursOverlap(message, fields={"start_time": [message]}) from error
    return hours


@transaction.atomic
def weekly_hours_create(
    *, clinic: Clinic, provider: ProviderProfile, weekday: int, start_time, end_time
) -> WeeklyHours:
    availability_changed(clinic)
    _lock_provider(provider)
    hours = WeeklyHours(provider=provider, clinic=clinic, weekday=weekday, start_time=start_time, end_time=end_time)
    _check_hours_do_not_overlap(hours)
    return _save_hours(hours)


@transaction.atomic
def weekly_hours_update(*, hours: WeeklyHours, weekday: int, start_time, end_time) -> WeeklyHours:
    availability_changed(hours.clinic)
    _lock_provider(hours.provider)
    hours.weekday, hours.start_time, hours.end_time = weekday, start_time, end_time
    _check_hours_do_not_overlap(hours)
    return _refuse_orphans(_provider_appointments(hours.provider, hours.clinic), lambda: _save_hours(hours))


@transaction.atomic
def weekly_hours_delete(*, hours: WeeklyHours) -> None:
    availability_changed(hours.clinic)
    _lock_provider(hours.provider)
    _refuse_orphans(_provider_appointments(hours.provider, hours.clinic), hours.delete)


def _check_override(override: AvailabilityOverride, clinic: Clinic) -> None:
    _not_before_today(clinic, override.date, "date")
    if override.kind == OverrideKind.EXTRA_HOURS and override.start_time is None:
        message = "Extra hours need a start and an end time."
        raise ApplicationError(message, fields={"start_time": [message]})


@transaction.atomic
def override_create(
    *, clinic: Clinic, provider: ProviderProfile, kind: str, date: date, start_time=None, end_time=None, note=""
) -> AvailabilityOverride:
    """Extra hours or time off for ``provider`` at ``clinic`` on one local date (time off without
    times is the whole day). Time off that would strand a booked appointment is refused."""
    availability_changed(clinic)
    _lock_provider(provider)
    override = AvailabilityOverride(
        provider=provider,
        clinic=clinic,
        kind=kind,
        date=date,
        start_time=start_time,
        end_time=end_time,
        note=note,
    )
    _check_override(override, clinic)
    return _refuse_orphans(_provider_appointments(provider, clinic), lambda: _saved(override))


@transaction.atomic
def override_update(
    *,
    clinic: Clinic,
    override: AvailabilityOverride,
    kind: str,
    date: date,
    start_time=None,
    end_time=None,
    note="",
) -> AvailabilityOverride:
    """Change an override made at ``clinic`` (time off taken everywhere is not a clinic's to change)."""
    availability_changed(clinic)
    _lock_provider(override.provider)
    override.kind, override.date, override.note = kind, date, note
    override.start_time, override.end_time = start_time, end_time
    _check_override(override, clinic)
    return _refuse_orphans(_provider_appointments(override.provider, clinic), lambda: _saved(override))


@transaction.atomic
def override_delete(*, clinic: Clinic, override: AvailabilityOverride) -> None:
    availability_changed(clinic)
    _lock_provider(override.provider)
    _refuse_orphans(_provider_appointments(override.provider, clinic), override.delete)


def _saved(instance):
    instance.save()
    return instance


def _closure_appointments(clinic: Clinic) -> AppointmentQuerySet:
    """What a closure may touch: visits at the clinic, and video visits of providers whose hours there
    lapse while it is closed."""
    providers_with_hours = WeeklyHours.objects.filter(clinic=clinic).values("provider_id")
    return Appointment.objects.filter(
        Q(clinic=clinic) | Q(provider_id__in=providers_with_hours, clinic__organization_id=clinic.organization_id)
    )


MAX_CLOSURE_DAYS = 366


def _check_closure(closure: ClinicClosure) -> None:
    _not_before_today(closure.clinic, closure.ends_on, "ends_on")
    if (closure.ends_on - closure.starts_on).days >= MAX_CLOSURE_DAYS:
        message = f"A closure lasts at most {MAX_CLOSURE_DAYS} days; deactivate the clinic for longer."
        raise ApplicationError(message, fields={"ends_on": [message]})


@transaction.atomic
def closure_create(*, clinic: Clinic, starts_on: date, ends_on: date, reason: str = "") -> ClinicClosure:
    availability_changed(clinic)
    _lock_clinic(clinic)
    closure = ClinicClosure(clinic=clinic, starts_on=starts_on, ends_on=ends_on, reason=reason)
    _check_closure(closure)
    return _refuse_orphans(_closure_appointments(clinic), lambda: _saved(closure))


@transaction.atomic
def closure_update(*, closure: ClinicClosure, starts_on: date, ends_on: date, reason: str = "") -> ClinicClosure:
    availability_changed(closure.clinic)
    _lock_clinic(closure.clinic)
    closure.starts_on, closure.ends_on, closure.reason = starts_on, ends_on, reason
    _check_closure(closure)
    return _refuse_orphans(_closure_appointments(closure.clinic), lambda: _saved(closure))


@transaction.atomic
def closure_delete(*, closure: ClinicClosure) -> None:
    availability_changed(closure.clinic)
    closure.delete()


def _save_unique(instance, field: str, message: str):
    """Save ``instance``; a unique constraint on ``field`` that refuses it is a 409 on that field."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise NameTaken(message, fields={field: [message]}) from error
    return instance


@transaction.atomic
def chair_create(*, clinic: Clinic, name: str) -> Chair:
    availability_changed(clinic)
    return _save_unique(Chair(clinic=clinic, name=name), "name", "This clinic already has a chair with this name.")


@transaction.atomic
def chair_update(*, chair: Chair, name: str | None = None, is_active: bool | None = None) -> Chair:
    """Rename a chair or take it out of (or back into) use. A chair out of use takes no bookings: one
    still booked for upcoming sessions is refused, naming them."""
    availability_changed(chair.clinic)
    if name is not None:
        chair.name = name
    if is_active is not None:
        if chair.is_active and not is_active:
            _refuse_any(
                Appointment.objects.filter(chair=chair),
                f"{chair.name} is booked for upcoming sessions. Move them to another chair or cancel them first.",
            )
        chair.is_active = is_active
    return _save_unique(chair, "name", "This clinic already has a chair with this name.")


# What changes how an upcoming appointment of the service takes place: not allowed while some are booked.
_SERVICE_SHAPE_FIELDS = ("modality", "needs_chair", "kind", "route")


def _check_service(service: ServiceType) -> None:
    """The rules of the database's constraints, as field errors the form can show."""
    fields: dict[str, list[str]] = {}
    is_dose = service.kind in DOSE_KINDS
    if is_dose and not service.route:
        fields["route"] = ["Dosing sessions and boosters need a route."]
    if not is_dose and service.route:
        fields["route"] = ["Only dosing sessions and boosters have a route."]
    if service.modality == Modality.TELEHEALTH:
        if service.needs_chair:
            fields["needs_chair"] = ["A video visit does not use a chair."]
        if service.recovery_minutes:
            fields["recovery_minutes"] = ["A video visit has no monitored recovery."]
    if fields:
        raise ApplicationError("Some of the information is not valid.", fields=fields)


SLUG_TAKEN = "This clinic already has a service with this short name."


@transaction.atomic
def service_type_create(*, clinic: Clinic, **values) -> ServiceType:
    availability_changed(clinic)
    service = ServiceType(clinic=clinic, **values)
    if not service.slug:
        service.slug = slugify(service.name)[:60] or "service"
    _check_service(service)
    return _save_unique(service, "slug", SLUG_TAKEN)


@transaction.atomic
def service_type_update(*, service: ServiceType, **changes) -> ServiceType:
    """Change a service's settings or price. Upcoming appointments keep the times they were booked
    with; a service still booked cannot be taken out of use or change how it takes place."""
    availability_changed(service.clinic)
    ServiceType.objects.select_for_update().filter(pk=service.pk).first()
    reshaped = any(name in changes and changes[name] != getattr(service, name) for name in _SERVICE_SHAPE_FIELDS)
    retired = service.is_active and changes.get("is_active") is False
    if reshaped or retired:
        _refuse_any(
            Appointment.objects.filter(service=service),
            f"{service.name} is booked for upcoming appointments. Move or cancel them first.",
        )
    for name, value in changes.items():
        setattr(service, name, value)
    _check_service(service)
    return _save_unique(service, "slug", SLUG_TAKEN)
