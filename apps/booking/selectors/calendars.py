"""The data the slot engine needs for one service at one clinic over a window, read in a fixed
number of queries: providers and their hours, chairs, what is already occupied."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from apps.clinics.models import Clinic, ClinicMembership, ProviderLicense, ProviderProfile

from .. import slots
from ..models import (
    LONGEST_VISIT,
    OCCUPYING_STATUSES,
    Appointment,
    AppointmentStatus,
    AvailabilityOverride,
    Chair,
    ClinicClosure,
    OverrideKind,
    ServiceType,
    WeeklyHours,
)
from .catalogue import clinic_zone, licences_valid_on, telehealth_region, timing_of

# A far-away instant to close open-ended intervals (a licence that lapses, never to return).
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=ZoneInfo("UTC"))


@dataclass
class BookingContext:
    """Everything the engine needs for one service at one clinic over one window of time."""

    clinic: Clinic
    service: ServiceType
    zone: ZoneInfo
    timing: slots.ServiceTiming
    providers: list[slots.ProviderCalendar]
    provider_profiles: dict[int, ProviderProfile]
    chairs: list[slots.ChairCalendar]
    chair_rows: dict[int, Chair]
    patient_busy: slots.IntervalSet | None
    blocked: slots.IntervalSet
    holds_lapse_at: datetime | None = None  # the earliest expiry of the holds counted as busy
    # Lapsed holds in the window: free time, but rows the exclusion constraints still see until released.
    has_stale_holds: bool = False

    def free_at(self, start: datetime) -> slots.Slot | None:
        return slots.free_at(
            start,
            timing=self.timing,
            providers=self.providers,
            chairs=self.chairs,
            patient_busy=self.patient_busy,
            blocked=self.blocked,
        )

    def take(self, start: datetime, provider_id: int, chair_id: int | None) -> None:
        """Count a visit placed at ``start`` as busy, so that the next one placed in these calendars
        (the sessions of a series, placed in turn) cannot overlap it."""
        visit, provider_time = self.timing.visit(start), self.timing.provider_time(start)
        for provider in self.providers:
            if provider.provider_id == provider_id:
                provider.busy = slots.IntervalSet([*provider.busy.intervals, provider_time])
        for chair in self.chairs:
            if chair.chair_id == chair_id:
                chair.busy = slots.IntervalSet([*chair.busy.intervals, visit])
        if self.patient_busy is not None:
            self.patient_busy = slots.IntervalSet([*self.patient_busy.intervals, visit])


@dataclass(frozen=True)
class ProviderAssignment:
    """What a booking that names no provider is given by: the patient's previous provider here, each
    free provider's weight at the clinic, and their appointments that day and that week."""

    previous_provider_id: int | None
    weights: dict[int, int]
    load: dict[int, tuple[int, int]]

    def share(self, provider_id: int) -> tuple[float, float]:
        """Appointments per unit of weight, that week then that day: the lowest is the least booked (the
        week first, or a clinic with few bookings a day would never reach the weights)."""
        day, week = self.load.get(provider_id, (0, 0))
        weight = self.weights.get(provider_id, 1)
        return week / weight, day / weight


def provider_assignment(
    provider_ids: Sequence[int], *, clinic: Clinic, patient, day: date, at: datetime
) -> ProviderAssignment:
    """In one query, a row for each provider: their weight at ``clinic``, their appointments on ``day``
    and in its week (Monday to Sunday, the clinic's local dates, wherever they work), and, the same
    on every row, the provider of the patient's latest appointment at ``clinic``."""
    zone = clinic_zone(clinic)
    monday = day - timedelta(days=day.weekday())
    week, that_day = slots.local_days(monday, monday + timedelta(days=6), zone), slots.local_days(day, day, zone)
    weight = ClinicMembership.objects.filter(user=OuterRef("user"), clinic=clinic, is_active=True)
    previous = (
        Appointment.objects.filter(patient=patient, clinic=clinic)
        .exclude(status=AppointmentStatus.CANCELLED)
        .order_by("-starts_at")
    )
    rows = list(
        ProviderProfile.objects.filter(pk__in=provider_ids)
        .annotate(
            weight=Subquery(weight.values("booking_weight")[:1]),
            day=_appointments_between(that_day, at),
            week=_appointments_between(week, at),
            previous=Subquery(previous.values("provider_id")[:1]),
        )
        .values_list("pk", "weight", "day", "week", "previous")
    )
    return ProviderAssignment(
        previous_provider_id=rows[0][4] if rows else None,
        weights={pk: weight for pk, weight, *_ in rows if weight is not None},
        load={pk: (day_count, week_count) for pk, _, day_count, week_count, _ in rows},
    )


def _appointments_between(window: slots.Interval, at: datetime) -> Coalesce:
    """How many appointments of the row's provider start in ``window``, as a subquery."""
    starting = (
        Appointment.objects.occupying(at)
        .filter(provider=OuterRef("pk"), starts_at__gte=window.start, starts_at__lt=window.end)
        .order_by()
        .values("provider")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(starting), 0)


def booking_context(
    *,
    clinic: Clinic,
    service: ServiceType,
    visits: slots.Interval,
    at: datetime,
    patient=None,
    provider: ProviderProfile | None = None,
    exclude_appointment: Appointment | None = None,
    visit_region: str = "",
) -> BookingContext:
    """Fetch, in at most six queries whatever the number of providers and days, the calendars for
    visits starting within ``visits``: eligible providers, their hours at every clinic that counts,
    overrides, closures, the occupying appointments of those providers, the clinic's chairs and the
    patient, and the chairs themselves. ``exclude_appointment`` is left out (it is being moved)."""
    zone = clinic_zone(clinic)
    timing = timing_of(service)
    window = time_needed(visits, timing)
    first_day, last_day = slots.local_date_of(window.start, zone), slots.local_date_of(window.end, zone)

    profiles, licence_ends = _eligible_providers(clinic, service, patient, provider, first_day, visit_region)
    hours = hours_by_provider_and_clinic(clinic, profiles, anywhere_in_organization=service.is_telehealth)
    closed_days = closed_days_by_clinic(
        {clinic.pk} | {clinic_id for _, clinic_id in hours}, first_day - timedelta(days=1), last_day + timedelta(days=1)
    )
    active_chairs = _active_chairs(clinic) if service.needs_chair else {}
    chair_ids = list(active_chairs)
    occupying = _occupying_appointments(profiles, chair_ids, patient, window, at, exclude_appointment)

    providers = [
        slots.ProviderCalendar(
            provider_id=provider_id,
            working=slots.IntervalSet(
                working_time(provider_id, hours, closed_days, window, until=licence_ends.get(provider_id))
            ),
            busy=slots.IntervalSet(occupying.provider_busy[provider_id]),
        )
        for provider_id in profiles
    ]
    chairs = [
        slots.ChairCalendar(chair_id=chair_id, busy=slots.IntervalSet(occupying.chair_busy[chair_id]))
        for chair_id in chair_ids
    ]
    return BookingContext(
        clinic=clinic,
        service=service,
        zone=zone,
        timing=timing,
        providers=providers,
        provider_profiles=profiles,
        chairs=chairs,
        chair_rows=active_chairs,
        patient_busy=slots.IntervalSet(occupying.patient_busy) if patient is not None else None,
        blocked=slots.IntervalSet(slots.local_days(day, day, zone) for day in closed_days.get(clinic.pk, ())),
        holds_lapse_at=occupying.holds_lapse_at,
        has_stale_holds=occupying.has_stale_holds,
    )


def time_needed(visits: slots.Interval, timing: slots.ServiceTiming) -> slots.Interval:
    """All the time that visits starting within ``visits`` may take: the provider's buffers, the
    session and the recovery."""
    return slots.Interval(
        visits.start - timing.buffer_before,
        visits.end + timing.duration + max(timing.recovery, timing.buffer_after),
    )


def _active_chairs(clinic: Clinic) -> dict[int, Chair]:
    return {chair.pk: chair for chair in Chair.objects.filter(clinic=clinic, is_active=True).order_by("name")}


def _eligible_providers(clinic, service, patient, provider, first_day, visit_region=""):
    """In person: providers working at this clinic. Telehealth: providers of any active clinic of the
    organization licensed where the patient will be (``telehealth_region``; a licence that lapses
    stops counting the day after it expires)."""
    if service.is_telehealth:
        licences = (
            ProviderLicense.objects.filter(
                region=telehealth_region(clinic, patient, visit_region),
                provider__user__is_active=True,
                provider__user__memberships__is_active=True,
                provider__user__memberships__clinic__is_active=True,
                provider__user__memberships__clinic__organization_id=clinic.organization_id,
            )
            .filter(licences_valid_on(first_day))
            .select_related("provider")
            .order_by("provider__display_name", "provider_id")
            .distinct()
        )
        if provider is not None:
            licences = licences.filter(provider=provider)
        zone = clinic_zone(clinic)
        profiles, licence_ends = {}, {}
        for licence in licences:
            profiles[licence.provider_id] = licence.provider
            if licence.expires_on is not None:
                licence_ends[licence.provider_id] = slots.local_days(licence.expires_on, licence.expires_on, zone).end
        return profiles, licence_ends
    providers = (
        ProviderProfile.objects.filter(
            user__is_active=True, user__memberships__clinic=clinic, user__memberships__is_active=True
        )
        .order_by("display_name", "pk")
        .distinct()
    )
    if provider is not None:
        providers = providers.filter(pk=provider.pk)
    return {profile.pk: profile for profile in providers}, {}


@dataclass
class _Hours:
    zone: ZoneInfo
    weekly: list
    extra: list
    time_off: list


def hours_by_provider_and_clinic(clinic, profiles, *, anywhere_in_organization) -> dict[tuple[int, int], _Hours]:
    """Weekly hours and overrides, grouped by (provider, clinic): each clinic's hours are read in its
    own zone. A telehealth visit may use a provider's hours at any clinic of the organization."""
    if not profiles:
        return {}
    scope = (
        Q(clinic__organization_id=clinic.organization_id, clinic__is_active=True)
        if anywhere_in_organization
        else Q(clinic=clinic)
    )
    return _hours_where(scope, Q(provider_id__in=profiles))


def _hours_where(scope: Q, providers: Q, overrides_on: Q | None = None) -> dict[tuple[int, int], _Hours]:
    """Weekly hours and overrides at the clinics of ``scope`` of the ``providers``, grouped by
    (provider, clinic); time off everywhere (no clinic) applies at each of their clinics.
    ``overrides_on`` narrows the overrides read (to the dates asked about)."""
    hours: dict[tuple[int, int], _Hours] = {}

    def entry(provider_id, clinic_id, timezone):
        key = (provider_id, clinic_id)
        if key not in hours:
            hours[key] = _Hours(ZoneInfo(timezone), [], [], [])
        return hours[key]

    weekly = WeeklyHours.objects.filter(scope, providers).values_list(
        "provider_id", "clinic_id", "clinic__timezone", "weekday", "start_time", "end_time"
    )
    for provider_id, clinic_id, timezone, weekday, start, end in weekly:
        entry(provider_id, clinic_id, timezone).weekly.append(slots.WeeklyRule(weekday, start, end))

    overrides = list(
        AvailabilityOverride.objects.filter(providers, overrides_on or Q())
        .filter(scope | Q(clinic__isnull=True))
        .values_list("provider_id", "clinic_id", "clinic__timezone", "kind", "date", "start_time", "end_time")
    )
    everywhere_off: defaultdict[int, list[slots.DateRule]] = defaultdict(list)
    for provider_id, clinic_id, timezone, kind, day, from_time, until_time in overrides:
        rule = slots.DateRule(day, from_time, until_time)
        if clinic_id is None:
            everywhere_off[provider_id].append(rule)
        elif kind == OverrideKind.EXTRA_HOURS:
            entry(provider_id, clinic_id, timezone).extra.append(rule)
        else:
            entry(provider_id, clinic_id, timezone).time_off.append(rule)
    for (provider_id, _), provider_hours in hours.items():
        provider_hours.time_off.extend(everywhere_off[provider_id])
    return hours


def closed_days_by_clinic(clinic_ids: Iterable[int], first_day: date, last_day: date) -> dict[int, set[date]]:
    closed: defaultdict[int, set[date]] = defaultdict(set)
    closures = ClinicClosure.objects.filter(
        clinic_id__in=clinic_ids, starts_on__lte=last_day, ends_on__gte=first_day
    ).values_list("clinic_id", "starts_on", "ends_on")
    for clinic_id, starts_on, ends_on in closures:
        closed[clinic_id].update(slots.days_between(max(starts_on, first_day), min(ends_on, last_day)))
    return closed


def working_time_by_clinic(clinic_ids: Iterable[int], first_day: date, last_day: date) -> dict[int, list[list]]:
    """Every provider's working time at each of the clinics over local dates (weekly hours plus extra
    hours, less time off and the clinic's closures, as availability counts them): clinic id -> one
    list of intervals per provider. Three queries, whatever the number of clinics and days."""
    clinic_ids = list(clinic_ids)
    hours = _hours_where(Q(clinic_id__in=clinic_ids), Q(), Q(date__gte=first_day, date__lte=last_day))
    closed_days = closed_days_by_clinic(clinic_ids, first_day, last_day)
    working: dict[int, list[list]] = defaultdict(list)
    for (_, clinic_id), provider_hours in hours.items():
        working[clinic_id].append(
            slots.working_intervals(
                zone=provider_hours.zone,
                first_day=first_day,
                last_day=last_day,
                weekly=provider_hours.weekly,
                extra=provider_hours.extra,
                time_off=provider_hours.time_off,
                closed_days=closed_days.get(clinic_id, ()),
            )
        )
    return working


def working_time(provider_id, hours, closed_days, window, *, until: datetime | None = None) -> list[slots.Interval]:
    """A provider's working time over ``window``, at every clinic whose hours count, up to ``until``
    (the end of a telehealth licence)."""
    working = []
    for (hours_provider_id, clinic_id), provider_hours in hours.items():
        if hours_provider_id != provider_id:
            continue
        zone = provider_hours.zone
        working += slots.working_intervals(
            zone=zone,
            first_day=slots.local_date_of(window.start, zone),
            last_day=slots.local_date_of(window.end, zone),
            weekly=provider_hours.weekly,
            extra=provider_hours.extra,
            time_off=provider_hours.time_off,
            closed_days=closed_days.get(clinic_id, ()),
        )
    if until is not None:
        working = slots.subtract(working, [slots.Interval(until, _END_OF_TIME)])
    return working


def overlapping(start_field: str, end_field: str, window: slots.Interval) -> Q:
    """Rows whose time from ``start_field`` to ``end_field`` overlaps ``window``. The lower bound on
    the start is implied by the others (nothing lasts longer than ``LONGEST_VISIT``) and lets an index
    on the start read a short range rather than every appointment before the window."""
    return Q(
        **{
            f"{start_field}__lt": window.end,
            f"{start_field}__gt": window.start - LONGEST_VISIT,
            f"{end_field}__gt": window.start,
        }
    )


@dataclass
class _Occupied:
    provider_busy: dict
    chair_busy: dict
    patient_busy: list
    holds_lapse_at: datetime | None = None
    has_stale_holds: bool = False


def _occupying_appointments(profiles, chair_ids, patient, window, at, exclude_appointment) -> _Occupied:
    """One query for every appointment that takes time this booking needs: the eligible providers'
    (wherever they are), the chairs' (for a chair service) and the patient's. Ids are given as lists,
    not subqueries or joins, so that PostgreSQL reads each index's range and combines them. Lapsed
    holds are read too (and not counted), so that a booking knows whether it has any to release."""
    overlapping_visit = overlapping("starts_at", "recovery_ends_at", window)
    wanted = Q(provider_id__in=list(profiles)) & overlapping("provider_busy_from", "provider_busy_until", window)
    if chair_ids:
        wanted |= Q(chair_id__in=chair_ids) & overlapping_visit
    if patient is not None:
        wanted |= Q(patient=patient) & overlapping_visit
    appointments = Appointment.objects.filter(status__in=OCCUPYING_STATUSES).filter(wanted)
    if exclude_appointment is not None:
        appointments = appointments.exclude(pk=exclude_appointment.pk)
    occupied = _Occupied(defaultdict(list), defaultdict(list), [])
    rows = appointments.values_list(
        "provider_id",
        "chair_id",
        "patient_id",
        "starts_at",
        "recovery_ends_at",
        "provider_busy_from",
        "provider_busy_until",
        "hold_expires_at",
    )
    for provider_id, chair_id, patient_id, starts_at, recovery_ends_at, busy_from, busy_until, hold_ends in rows:
        if hold_ends is not None and hold_ends <= at:
            occupied.has_stale_holds = True
            continue
        if hold_ends is not None:
            occupied.holds_lapse_at = min(hold_ends, occupied.holds_lapse_at or hold_ends)
        visit = slots.Interval(starts_at, recovery_ends_at)
        occupied.provider_busy[provider_id].append(slots.Interval(busy_from, busy_until))
        if chair_id is not None:
            occupied.chair_busy[chair_id].append(visit)
        if patient is not None and patient_id == patient.pk:
            occupied.patient_busy.append(visit)
    return occupied
