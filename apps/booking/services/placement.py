"""Where a booking goes: the checks of its start, a free provider and chair, and the write that
may lose a race.

How a booking stays safe under concurrency: the service reads the calendars and checks the start
(inside its transaction), picks a free provider and chair, releases stale holds on that time, and
writes. On PostgreSQL the exclusion constraints refuse a write that lost a race; the whole service
then runs again (``retried_on_lost_race``: READ COMMITTED sees the winner) and takes the next free
provider or chair, and answers 409 ``slot_taken`` when nothing is left. On SQLite every transaction
begins IMMEDIATE, so the check and the write of one booking cannot interleave with another's."""

import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q

from apps.accounts.models import User
from apps.clinics.models import Clinic, ProviderProfile

from .. import slots
from ..availability_cache import appointment_time_changed
from ..errors import IdempotencyKeyReused, NotBookable, SlotTaken
from ..models import DOSE_KINDS, Appointment, Chair, ServiceType, VisitLocation
from ..models import AppointmentStatus as Status
from ..selectors.availability import BookingLimits
from ..selectors.calendars import BookingContext, booking_context, provider_assignment
from ..selectors.catalogue import clinic_zone
from ..visit_location import visit_location_record
from .holds import expire_holds

# A lost race is retried against fresh data while another provider or chair is free; each retry
# follows a competitor's committed booking, so a handful is plenty before answering 409.
MAX_PLACEMENT_ATTEMPTS = 8

P = ParamSpec("P")
R = TypeVar("R")


def retried_on_lost_race(service: Callable[P, R]) -> Callable[P, R]:
    """``service`` in a transaction of its own (a savepoint inside a caller's), run again from the
    start while a concurrent booking wins the race for its time. The whole transaction is retried
    rather than a savepoint around the write: the rare lost race costs a few reads more, where a
    savepoint would cost every booking two statements. What an attempt did is rolled back with it
    (its messages and on-commit work too), so arguments it changed are read again by the next."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for _ in range(MAX_PLACEMENT_ATTEMPTS):
            try:
                with transaction.atomic():
                    return service(*args, **kwargs)
            except (IntegrityError, OperationalError) as error:
                if not _lost_race(error):
                    raise
        raise SlotTaken()

    return run


@dataclass(frozen=True)
class Wanted:
    """What a booking asks for: ``service`` for ``patient`` at ``clinic`` from ``start``, with
    ``provider`` if one was named."""

    clinic: Clinic
    service: ServiceType
    patient: User
    start: datetime
    provider: ProviderProfile | None = None
    visit_region: str = ""  # a video visit: where the patient will be (the provider's licence)


@dataclass(frozen=True)
class Placement:
    start: datetime
    provider: ProviderProfile
    chair: Chair | None
    timing: slots.ServiceTiming
    stale_holds_nearby: bool  # lapsed holds in the calendars read: some may be on this time

    @property
    def provider_id(self) -> int:
        return self.provider.pk

    @property
    def chair_id(self) -> int | None:
        return self.chair.pk if self.chair is not None else None


def new_appointment(placement: Placement, wanted: Wanted, *, actor, at, hold=False, **fields) -> Appointment:
    """The appointment ``wanted`` at ``placement``, not yet saved."""
    return Appointment(
        clinic=wanted.clinic,
        patient=wanted.patient,
        service=wanted.service,
        provider=placement.provider,
        chair=placement.chair,
        status=Status.HELD if hold else Status.CONFIRMED,
        hold_expires_at=at + timedelta(minutes=settings.BOOKING_HOLD_MINUTES) if hold else None,
        video_room=secrets.token_hex(16) if wanted.service.is_telehealth else "",
        visit_region=wanted.visit_region,
        booked_by=actor,
        **occupied_ranges(placement.timing, placement.start),
        **fields,
    )


def create_appointment(placement: Placement, wanted: Wanted, *, actor, at, hold=False, **fields) -> Appointment:
    appointment = new_appointment(placement, wanted, actor=actor, at=at, hold=hold, **fields)
    appointment.save(force_insert=True)
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


def create_appointments(
    placed: Sequence[tuple[Placement, Wanted]], *, actor, at, hold=False, **fields
) -> list[Appointment]:
    """``create_appointment`` for several in one insert (the sessions of a series: never video visits)."""
    appointments = Appointment.objects.bulk_create(
        new_appointment(placement, wanted, actor=actor, at=at, hold=hold, **fields) for placement, wanted in placed
    )
    for appointment in appointments:
        appointment_time_changed(appointment)
    return appointments


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


def check_start(wanted: Wanted, *, at: datetime, patient_rules: bool) -> None:
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


def check_no_driving_acknowledged(service: ServiceType, will_not_drive: bool) -> None:
    """A dose leaves the patient unfit to drive for the rest of the day: its booking carries their
    acknowledgement (given to the clinic when staff book for them)."""
    if service.kind in DOSE_KINDS and not will_not_drive:
        raise NotBookable(NO_DRIVING_MESSAGE, fields={"will_not_drive": [NO_DRIVING_MESSAGE]})


def claim(
    wanted: Wanted,
    *,
    at: datetime,
    write: Callable[[Placement], Appointment],
    preferred_provider_id: int | None = None,
    preferred_chair_id: int | None = None,
    exclude: Appointment | None = None,
) -> Appointment:
    """Check and pick a provider and chair, and write. Run inside ``retried_on_lost_race``: a write
    that lost a race raises, and the next attempt reads the winner's booking."""
    context = _calendars(wanted, visits=slots.Interval(wanted.start, wanted.start), at=at, exclude=exclude)
    placement = _place(context, wanted, at=at, provider_id=preferred_provider_id, chair_id=preferred_chair_id)
    return _write_placed([placement], patient=wanted.patient, at=at, write=lambda placed: [write(placed[0])])[0]


def claim_series(
    sessions: Sequence[Wanted], *, at: datetime, write: Callable[[list[Placement]], list[Appointment]]
) -> list[Appointment]:
    """``claim`` for the sessions of a series (ordered by start): the calendars read once for all of
    them, each session placed in turn (with the previous session's provider when they are free), and
    all written together. A session that cannot be placed raises ``SessionRefused``."""
    first = sessions[0]
    context = _calendars(first, visits=slots.Interval(first.start, sessions[-1].start), at=at, named=False)
    placements: list[Placement] = []
    for index, session in enumerate(sessions):
        previous = placements[-1].provider_id if placements else None
        try:
            placement = _place(context, session, at=at, provider_id=previous, chair_id=None)
        except (NotBookable, SlotTaken) as refusal:
            raise SessionRefused(index, refusal) from refusal
        context.take(placement.start, placement.provider_id, placement.chair_id)
        placements.append(placement)
    return _write_placed(placements, patient=first.patient, at=at, write=write)


class SessionRefused(Exception):
    """Session ``index`` of a series could not be placed, for ``refusal``."""

    def __init__(self, index: int, refusal: NotBookable | SlotTaken):
        super().__init__(index, refusal)
        self.index, self.refusal = index, refusal


def _write_placed(
    placements: list[Placement],
    *,
    patient,
    at: datetime,
    write: Callable[[list[Placement]], list[Appointment]],
) -> list[Appointment]:
    for placement in placements:
        if placement.stale_holds_nearby:
            _release_stale_holds(placement, patient=patient, at=at)
    return write(placements)


# PostgreSQL errors that mean a concurrent booking got there first: an exclusion or unique violation,
# or a deadlock between two inserts that each wait for the other's conflicting row.
LOST_RACE_SQLSTATES = {"23P01", "23505", "40P01"}


def _lost_race(error: Exception) -> bool:
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate is None:
        return isinstance(error, IntegrityError)  # SQLite reports no SQLSTATE
    return sqlstate in LOST_RACE_SQLSTATES


def _provider_for_unnamed(provider_ids: Sequence[int], wanted: Wanted, *, at: datetime) -> int:
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


def _calendars(wanted: Wanted, *, visits: slots.Interval, at, exclude=None, named: bool = True) -> BookingContext:
    """The calendars for visits starting within ``visits``: of the provider ``wanted`` names (when
    ``named``), else of every provider eligible."""
    context = booking_context(
        clinic=wanted.clinic,
        service=wanted.service,
        visits=visits,
        at=at,
        patient=wanted.patient,
        provider=wanted.provider if named else None,
        exclude_appointment=exclude,
        visit_region=wanted.visit_region,
    )
    if wanted.visit_region and not context.provider_profiles:
        message = f"No provider here is licensed to see you by video in {wanted.visit_region}, where you will be."
        raise NotBookable(message, fields={"visit_region": [message]})
    return context


def _place(context: BookingContext, wanted: Wanted, *, at, provider_id: int | None, chair_id: int | None) -> Placement:
    """Where ``wanted`` goes in ``context``: a free provider (``provider_id`` when free) and chair
    (``chair_id`` when free)."""
    start, named = wanted.start, (wanted.provider.pk if wanted.provider else None)
    if named is not None and named not in context.provider_profiles:
        message = "This provider does not offer this service to this patient here."
        raise NotBookable(message, fields={"provider": [message]})
    slot = context.free_at(start)
    free_providers = () if slot is None else tuple(pk for pk in slot.provider_ids if named in (None, pk))
    if slot is None or not free_providers:
        if context.patient_busy is not None and context.patient_busy.overlaps(context.timing.visit(start)):
            raise SlotTaken("The patient already has an appointment at that time.")
        raise SlotTaken()
    if provider_id not in free_providers:
        provider_id = _provider_for_unnamed(free_providers, wanted, at=at)
    if chair_id not in slot.chair_ids:
        chair_id = slot.chair_ids[0] if wanted.service.needs_chair else None
    return Placement(
        start=start,
        provider=context.provider_profiles[provider_id],
        chair=context.chair_rows[chair_id] if chair_id is not None else None,
        timing=context.timing,
        stale_holds_nearby=context.has_stale_holds,
    )


def _release_stale_holds(placement: Placement, *, patient, at: datetime) -> None:
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
    expire_holds(list(stale), at=at)


def fingerprint_of(**request_fields) -> str:
    return hashlib.sha256(json.dumps(request_fields, sort_keys=True, default=str).encode()).hexdigest()


def replay(previous_requests, idempotency_key: str | None, fingerprint: str):
    """What the caller's earlier request with this key made (from ``previous_requests``, the caller's
    bookings), or None; a different request under the same key is refused."""
    if not idempotency_key:
        return None
    previous = previous_requests.filter(idempotency_key=idempotency_key).first()
    if previous is not None and previous.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return previous
