"""Reads: the catalogue, availability (the slot engine fed from a fixed number of queries),
appointments and schedules."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from apps.clinics.models import Clinic, ClinicMembership, ProviderLicense, ProviderProfile
from apps.core.exceptions import NotFound

from . import availability_cache, slots
from .errors import SeriesUnavailable
from .models import (
    INDUCTION_SESSIONS,
    INDUCTION_WINDOW_DAYS,
    LONGEST_VISIT,
    Appointment,
    AppointmentEvent,
    AppointmentQuerySet,
    AppointmentStatus,
    AvailabilityOverride,
    CalendarFeed,
    Chair,
    ClinicClosure,
    OverrideKind,
    ServiceType,
    WeeklyHours,
)

MAX_AVAILABILITY_DAYS = 31
# A far-away instant to close open-ended intervals (a licence that lapses, never to return).
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=ZoneInfo("UTC"))


def clinic_zone(clinic: Clinic) -> ZoneInfo:
    return ZoneInfo(clinic.timezone)


def clinic_today(clinic: Clinic, *, at: datetime) -> date:
    return slots.local_date_of(at, clinic_zone(clinic))


def services_for_clinic(clinic: Clinic) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(clinic=clinic, is_active=True).order_by("kind", "name")


def service_for_clinic(clinic: Clinic, slug: str) -> ServiceType | None:
    return services_for_clinic(clinic).filter(slug=slug).first()


def timing_of(service: ServiceType) -> slots.ServiceTiming:
    return slots.ServiceTiming(
        duration=timedelta(minutes=service.duration_minutes),
        recovery=timedelta(minutes=service.recovery_minutes),
        buffer_before=timedelta(minutes=service.buffer_before_minutes),
        buffer_after=timedelta(minutes=service.buffer_after_minutes),
        needs_chair=service.needs_chair,
    )


def telehealth_region(clinic: Clinic, patient, visit_region: str = "") -> str:
    """Whose licence a telehealth provider needs: where the patient says they will be for the visit
    (care is rendered there), else their home region, else (staff looking without naming a patient)
    the clinic's."""
    if visit_region:
        return visit_region
    profile = getattr(patient, "patient_profile", None) if patient is not None else None
    return profile.region if profile is not None and profile.region else clinic.region


def _licences_valid_on(day: date) -> Q:
    """A licence counts up to and including its expiry date (a lapsed one stops the day after)."""
    return Q(expires_on__isnull=True) | Q(expires_on__gte=day)


def provider_licensed_in(provider: ProviderProfile, region: str, *, day: date) -> bool:
    return ProviderLicense.objects.filter(_licences_valid_on(day), provider=provider, region=region).exists()


# --- The data the engine needs ---------------------------------------------------------------------


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
    patient_busy: slots.IntervalSet | None
    blocked: slots.IntervalSet
    holds_lapse_at: datetime | None = None  # the earliest expiry of the holds counted as busy

    def free_at(self, start: datetime) -> slots.Slot | None:
        return slots.free_at(
            start,
            timing=self.timing,
            providers=self.providers,
            chairs=self.chairs,
            patient_busy=self.patient_busy,
            blocked=self.blocked,
        )


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
    """In three queries: the patient's latest appointment at ``clinic``, the providers' weights there,
    and their appointments on ``day`` and in its week (Monday to Sunday, the clinic's local dates,
    wherever they work)."""
    zone = clinic_zone(clinic)
    monday = day - timedelta(days=day.weekday())
    week, that_day = slots.local_days(monday, monday + timedelta(days=6), zone), slots.local_days(day, day, zone)
    counts = (
        Appointment.objects.occupying(at)
        .filter(provider_id__in=provider_ids, starts_at__gte=week.start, starts_at__lt=week.end)
        .values("provider_id")
        .annotate(
            day=Count("pk", filter=Q(starts_at__gte=that_day.start, starts_at__lt=that_day.end)),
            week=Count("pk"),
        )
    )
    weights = ClinicMembership.objects.filter(
        clinic=clinic, is_active=True, user__provider_profile__in=provider_ids
    ).values_list("user__provider_profile", "booking_weight")
    previous = (
        Appointment.objects.filter(patient=patient, clinic=clinic)
        .exclude(status=AppointmentStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("provider_id", flat=True)
        .first()
    )
    return ProviderAssignment(
        previous_provider_id=previous,
        weights=dict(weights),
        load={row["provider_id"]: (row["day"], row["week"]) for row in counts},
    )


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
    window = _time_needed(visits, timing)
    first_day, last_day = slots.local_date_of(window.start, zone), slots.local_date_of(window.end, zone)

    profiles, licence_ends = _eligible_providers(clinic, service, patient, provider, first_day, visit_region)
    hours = _hours_by_provider_and_clinic(clinic, profiles, anywhere_in_organization=service.is_telehealth)
    closed_days = _closed_days(
        {clinic.pk} | {clinic_id for _, clinic_id in hours}, first_day - timedelta(days=1), last_day + timedelta(days=1)
    )
    chair_ids = _active_chair_ids(clinic) if service.needs_chair else []
    occupying = _occupying_appointments(profiles, chair_ids, patient, window, at, exclude_appointment)

    providers = [
        slots.ProviderCalendar(
            provider_id=provider_id,
            working=slots.IntervalSet(
                _working_time(provider_id, hours, closed_days, window, until=licence_ends.get(provider_id))
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
        patient_busy=slots.IntervalSet(occupying.patient_busy) if patient is not None else None,
        blocked=slots.IntervalSet(slots.local_days(day, day, zone) for day in closed_days.get(clinic.pk, ())),
        holds_lapse_at=occupying.holds_lapse_at,
    )


def _time_needed(visits: slots.Interval, timing: slots.ServiceTiming) -> slots.Interval:
    """All the time that visits starting within ``visits`` may take: the provider's buffers, the
    session and the recovery."""
    return slots.Interval(
        visits.start - timing.buffer_before,
        visits.end + timing.duration + max(timing.recovery, timing.buffer_after),
    )


def _active_chair_ids(clinic: Clinic) -> list[int]:
    return list(Chair.objects.filter(clinic=clinic, is_active=True).order_by("name").values_list("pk", flat=True))


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
            .filter(_licences_valid_on(first_day))
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


def _hours_by_provider_and_clinic(clinic, profiles, *, anywhere_in_organization) -> dict[tuple[int, int], _Hours]:
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


def _closed_days(clinic_ids: Iterable[int], first_day: date, last_day: date) -> dict[int, set[date]]:
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
    closed_days = _closed_days(clinic_ids, first_day, last_day)
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


def _working_time(provider_id, hours, closed_days, window, *, until: datetime | None = None) -> list[slots.Interval]:
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


def _overlapping(start_field: str, end_field: str, window: slots.Interval) -> Q:
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


def _occupying_appointments(profiles, chair_ids, patient, window, at, exclude_appointment) -> _Occupied:
    """One query for every appointment that takes time this booking needs: the eligible providers'
    (wherever they are), the chairs' (for a chair service) and the patient's. Ids are given as lists,
    not subqueries or joins, so that PostgreSQL reads each index's range and combines them."""
    overlapping_visit = _overlapping("starts_at", "recovery_ends_at", window)
    wanted = Q(provider_id__in=list(profiles)) & _overlapping("provider_busy_from", "provider_busy_until", window)
    if chair_ids:
        wanted |= Q(chair_id__in=chair_ids) & overlapping_visit
    if patient is not None:
        wanted |= Q(patient=patient) & overlapping_visit
    appointments = Appointment.objects.occupying(at).filter(wanted)
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
        if hold_ends is not None:
            occupied.holds_lapse_at = min(hold_ends, occupied.holds_lapse_at or hold_ends)
        visit = slots.Interval(starts_at, recovery_ends_at)
        occupied.provider_busy[provider_id].append(slots.Interval(busy_from, busy_until))
        if chair_id is not None:
            occupied.chair_busy[chair_id].append(visit)
        if patient is not None and patient_id == patient.pk:
            occupied.patient_busy.append(visit)
    return occupied


# --- Availability ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingLimits:
    """When a start may be booked: patients need the service's minimum notice and stay within its
    horizon; staff may book anything from now on."""

    earliest: datetime
    latest: datetime | None

    @classmethod
    def for_caller(cls, service: ServiceType, *, at: datetime, patient_rules: bool) -> "BookingLimits":
        if not patient_rules:
            return cls(earliest=at, latest=None)
        return cls(
            earliest=at + timedelta(minutes=service.minimum_notice_minutes),
            latest=at + timedelta(days=service.horizon_days),
        )

    def allows(self, start: datetime) -> bool:
        return start >= self.earliest and (self.latest is None or start <= self.latest)


@dataclass
class Availability:
    clinic: Clinic
    service: ServiceType
    zone: ZoneInfo
    first_day: date
    last_day: date
    slots: list[slots.Slot]
    provider_profiles: dict[int, ProviderProfile]


def availability_for(
    *,
    clinic: Clinic,
    service: ServiceType,
    first_day: date,
    last_day: date,
    at: datetime,
    patient=None,
    provider: ProviderProfile | None = None,
    patient_rules: bool = True,
    visit_region: str = "",
) -> Availability:
    """Bookable starts on the clinic's local dates ``first_day``..``last_day`` (inclusive): what is
    free for anyone (cached, see ``availability_cache``), less what this caller may not book."""
    zone = clinic_zone(clinic)
    visits = slots.local_days(first_day, last_day, zone)
    timing = timing_of(service)
    free, profiles = _free_for_anyone(
        clinic, service, first_day, last_day, at, patient=patient, provider=provider, visit_region=visit_region
    )
    limits = BookingLimits.for_caller(service, at=at, patient_rules=patient_rules)
    found = [slot for slot in free if limits.allows(slot.start)]
    if patient is not None:
        patient_busy = _patient_busy(patient, _time_needed(visits, timing), at)
        found = [slot for slot in found if not patient_busy.overlaps(timing.visit(slot.start))]
    return Availability(clinic, service, zone, first_day, last_day, found, profiles)


def _free_for_anyone(
    clinic, service, first_day, last_day, at, *, patient, provider, visit_region
) -> tuple[list[slots.Slot], dict]:
    """The starts on the local days ``first_day``..``last_day`` free for anyone, whenever, with the
    profiles of their providers.
    A video visit's providers depend on where the patient will be (licences): the only part of the
    patient that counts here."""
    region = telehealth_region(clinic, patient, visit_region) if service.is_telehealth else ""
    zone = clinic_zone(clinic)
    visits = slots.local_days(first_day, last_day, zone)

    def compute():
        context = booking_context(
            clinic=clinic,
            service=service,
            visits=visits,
            at=at,
            patient=patient if service.is_telehealth else None,
            provider=provider,
            visit_region=region,
        )
        free = slots.available_slots(
            slots.grid_starts(first_day, last_day, zone, service.slot_step_minutes),
            timing=context.timing,
            providers=context.providers,
            chairs=context.chairs,
            blocked=context.blocked,
        )
        return (free, context.provider_profiles), context.holds_lapse_at

    window = _time_needed(visits, timing_of(service))
    return availability_cache.cached_or_computed(
        organization_id=clinic.organization_id,
        window=(window.start, window.end),
        parts=(clinic.pk, service.pk, first_day, last_day, provider.pk if provider else "", region),
        at=at,
        compute=compute,
    )


def _patient_busy(patient, window: slots.Interval, at: datetime) -> slots.IntervalSet:
    visits = (
        Appointment.objects.occupying(at)
        .filter(_overlapping("starts_at", "recovery_ends_at", window), patient=patient)
        .values_list("starts_at", "recovery_ends_at")
    )
    return slots.IntervalSet(slots.Interval(start, end) for start, end in visits)


# --- Treatment series ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedSession:
    start: datetime
    provider: ProviderProfile


def series_proposal(
    *,
    clinic: Clinic,
    service: ServiceType,
    first_day: date,
    at: datetime,
    patient=None,
    provider: ProviderProfile | None = None,
    patient_rules: bool = True,
    sessions: int = INDUCTION_SESSIONS,
    within_days: int = INDUCTION_WINDOW_DAYS,
    preferred_time: time | None = None,
) -> list[ProposedSession]:
    """A schedule for a series from what is free: ``sessions`` sessions on different local days within
    ``within_days`` days from ``first_day``. Sessions are spread evenly over the window when they can be
    (else packed onto the earliest free days), each at the time of day nearest ``preferred_time``
    (default: the first session's), with the same provider whenever they are free."""
    availability = availability_for(
        clinic=clinic,
        service=service,
        first_day=first_day,
        last_day=first_day + timedelta(days=within_days - 1),
        at=at,
        patient=patient,
        provider=provider,
        patient_rules=patient_rules,
    )
    by_day: dict[date, list[slots.Slot]] = defaultdict(list)
    for slot in availability.slots:
        by_day[slots.local_date_of(slot.start, availability.zone)].append(slot)
    free_days = sorted(by_day)
    best: list[date] = []
    for spread in (True, False):
        days = _series_days(free_days, first_day, sessions, within_days, spread=spread)
        if len(days) == sessions:
            return _series_sessions(days, by_day, availability, preferred_time)
        best = max(best, days, key=len)
    raise SeriesUnavailable(
        f"Only {len(best)} of {sessions} sessions can be fitted between {first_day:%d %b} and "
        f"{first_day + timedelta(days=within_days - 1):%d %b}. Try a later start or ask the clinic.",
        extra={"sessions_found": len(best)},
    )


def _series_days(
    free_days: list[date], first_day: date, sessions: int, within_days: int, *, spread: bool
) -> list[date]:
    chosen: list[date] = []
    for index in range(sessions):
        earliest = first_day + timedelta(days=index * within_days // sessions) if spread else first_day
        if chosen:
            earliest = max(earliest, chosen[-1] + timedelta(days=1))
        day = next((free_day for free_day in free_days if free_day >= earliest), None)
        if day is None:
            break
        chosen.append(day)
    return chosen


def _series_sessions(days, by_day, availability: Availability, preferred_time: time | None) -> list[ProposedSession]:
    def minute_of_day(slot):
        local = slot.start.astimezone(availability.zone)
        return local.hour * 60 + local.minute

    proposal: list[ProposedSession] = []
    preferred_minute = preferred_time.hour * 60 + preferred_time.minute if preferred_time else None
    provider_id = None
    for day in days:
        slot = min(
            by_day[day],
            key=lambda slot: (
                provider_id is not None and provider_id not in slot.provider_ids,
                abs(minute_of_day(slot) - preferred_minute) if preferred_minute is not None else 0,
                slot.start,
            ),
        )
        if preferred_minute is None:
            preferred_minute = minute_of_day(slot)
        if provider_id is None or provider_id not in slot.provider_ids:
            provider_id = slot.provider_ids[0]
        proposal.append(ProposedSession(slot.start, availability.provider_profiles[provider_id]))
    return proposal


# --- Appointments ----------------------------------------------------------------------------------


def _with_relations(appointments: AppointmentQuerySet) -> AppointmentQuerySet:
    return appointments.select_related("clinic", "service", "provider", "chair", "patient__patient_profile")


def appointments_for_user(user, *, upcoming_from: datetime | None = None) -> AppointmentQuerySet:
    """A user's own appointments: as the patient, and as the provider. The provider is named by a
    scalar subquery, not a join, so that PostgreSQL reads both indexes instead of every appointment."""
    own_profile = ProviderProfile.objects.filter(user=user).values("pk")[:1]
    appointments = Appointment.objects.filter(Q(patient=user) | Q(provider_id=Subquery(own_profile)))
    if upcoming_from is not None:
        appointments = appointments.filter(recovery_ends_at__gt=upcoming_from)
    return _with_relations(appointments).order_by("starts_at")


def appointments_of_patient_at_clinic(patient, clinic: Clinic, *, at: datetime, upcoming: bool) -> AppointmentQuerySet:
    """One patient's appointments at one clinic. Upcoming: booked (held, confirmed or under way) and not
    yet over at ``at``, soonest first. Past: over by ``at``, or cancelled, latest first."""
    appointments = Appointment.objects.filter(patient=patient, clinic=clinic)
    over = Q(recovery_ends_at__lte=at) | Q(status=AppointmentStatus.CANCELLED)
    if upcoming:
        return _with_relations(appointments.exclude(over)).order_by("starts_at", "pk")
    return _with_relations(appointments.filter(over)).order_by("-starts_at", "-pk")


def calendar_feed_appointments(user, *, at: datetime) -> AppointmentQuerySet:
    """What a private calendar feed lists: the user's upcoming appointments that hold their time."""
    return appointments_for_user(user, upcoming_from=at).filter(pk__in=Appointment.objects.occupying(at).values("pk"))


def calendar_feed_for_token(token: str):
    """The owner of a calendar-feed token; revoked or unknown tokens are 404."""
    feed = (
        CalendarFeed.objects.filter(token_hash=CalendarFeed.hash_token(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        raise NotFound("No such calendar feed.")
    return feed.user


def appointment_by_id(appointment_id) -> Appointment | None:
    return (
        _with_relations(Appointment.objects.filter(pk=appointment_id))
        .select_related("provider__user", "ride_home")
        .first()
    )


def appointment_history(appointment: Appointment) -> QuerySet[AppointmentEvent]:
    return appointment.events.select_related("appointment", "previous_provider").order_by("at", "pk")


def series_sessions(series) -> AppointmentQuerySet:
    return _with_relations(series.appointments.all()).order_by("starts_at")


@dataclass
class ClinicSchedule:
    clinic: Clinic
    zone: ZoneInfo
    first_day: date
    last_day: date
    providers: list[tuple[ProviderProfile, list[slots.Interval]]]
    chairs: list[Chair]
    appointments: list[Appointment]


def clinic_schedule(
    *, clinic: Clinic, first_day: date, last_day: date, include_cancelled: bool = False
) -> ClinicSchedule:
    """A clinic's days across providers and chairs: who works when (hours at this clinic), the chairs,
    and every appointment booked at the clinic, in a fixed number of queries."""
    zone = clinic_zone(clinic)
    days = slots.local_days(first_day, last_day, zone)
    appointments = Appointment.objects.filter(_overlapping("starts_at", "recovery_ends_at", days), clinic=clinic)
    if not include_cancelled:
        appointments = appointments.exclude(status=AppointmentStatus.CANCELLED)
    booked = list(
        _with_relations(appointments).select_related("ride_home").order_by("starts_at", "provider__display_name")
    )

    profiles = {
        profile.pk: profile
        for profile in ProviderProfile.objects.filter(
            Q(user__memberships__clinic=clinic, user__memberships__is_active=True)
            | Q(pk__in={appointment.provider_id for appointment in booked})
        ).distinct()
    }
    hours = _hours_by_provider_and_clinic(clinic, profiles, anywhere_in_organization=False)
    closed_days = _closed_days([clinic.pk], first_day, last_day)
    providers = [
        (profile, slots.intersect(_working_time(profile.pk, hours, closed_days, days), days))
        for profile in sorted(profiles.values(), key=lambda profile: profile.display_name)
    ]
    chairs = list(Chair.objects.filter(clinic=clinic, is_active=True).order_by("name"))
    return ClinicSchedule(clinic, zone, first_day, last_day, providers, chairs, booked)


# --- Availability settings -------------------------------------------------------------------------


def providers_at_clinic(clinic: Clinic) -> QuerySet[ProviderProfile]:
    """The providers who work at ``clinic`` (an active membership there), as the slot engine counts them."""
    return (
        ProviderProfile.objects.filter(
            user__is_active=True,
            user__memberships__clinic=clinic,
            user__memberships__is_active=True,
        )
        .order_by("display_name", "pk")
        .distinct()
    )


def provider_memberships_at_clinic(clinic: Clinic) -> QuerySet[ClinicMembership]:
    """The memberships of the providers who work at ``clinic`` (``providers_at_clinic``), with each
    provider's licences: what a clinic admin sets about them besides their hours."""
    return (
        ClinicMembership.objects.filter(
            clinic=clinic, is_active=True, user__is_active=True, user__provider_profile__isnull=False
        )
        .select_related("user__provider_profile")
        .prefetch_related(
            Prefetch("user__provider_profile__licenses", queryset=ProviderLicense.objects.order_by("region"))
        )
        .order_by("user__provider_profile__display_name", "user__provider_profile__pk")
    )


def weekly_hours_for_clinic(clinic: Clinic, *, provider: ProviderProfile | None = None) -> QuerySet[WeeklyHours]:
    hours = WeeklyHours.objects.filter(clinic=clinic).select_related("provider")
    if provider is not None:
        hours = hours.filter(provider=provider)
    return hours.order_by("provider__display_name", "provider_id", "weekday", "start_time")


def overrides_for_clinic(
    clinic: Clinic, *, since: date, provider: ProviderProfile | None = None
) -> QuerySet[AvailabilityOverride]:
    """Extra hours and time off at ``clinic`` from ``since`` on. Time off a provider took everywhere
    (no clinic) lists here too, read-only: it is not this clinic's to change."""
    providers = providers_at_clinic(clinic).values("pk")
    overrides = AvailabilityOverride.objects.filter(
        Q(clinic=clinic) | Q(clinic__isnull=True, provider__in=providers), date__gte=since
    ).select_related("provider")
    if provider is not None:
        overrides = overrides.filter(provider=provider)
    return overrides.order_by("date", "start_time", "provider__display_name")


def closures_for_clinic(clinic: Clinic, *, since: date) -> QuerySet[ClinicClosure]:
    return ClinicClosure.objects.filter(clinic=clinic, ends_on__gte=since).order_by("starts_on")


def chairs_for_clinic(clinic: Clinic) -> QuerySet[Chair]:
    """Every chair of the clinic, the ones out of use too (after those in use)."""
    return Chair.objects.filter(clinic=clinic).order_by("-is_active", "name")


def service_types_for_clinic(clinic: Clinic) -> QuerySet[ServiceType]:
    """Every service of the clinic, the inactive ones too: what staff manage (patients see
    ``services_for_clinic``)."""
    return ServiceType.objects.filter(clinic=clinic).order_by("-is_active", "kind", "name")


def upcoming_appointments(appointments: AppointmentQuerySet, *, at: datetime) -> list[Appointment]:
    """Of ``appointments``, those still to come that hold time (booked, held or checked in)."""
    upcoming = (
        appointments.occupying(at)
        .exclude(status=AppointmentStatus.COMPLETED)
        .filter(recovery_ends_at__gt=at)
        .select_related("service", "clinic", "provider", "patient__patient_profile")
        .order_by("starts_at")
    )
    return list(upcoming)


def appointments_outside_availability(appointments: list[Appointment]) -> set:
    """The ids of ``appointments`` (all of one organization) the slot engine would not place today:
    the visit is not inside its provider's working time (at its clinic, or at any clinic of the
    organization for a video visit) or falls on a day its clinic is closed. Read with the same rules
    as ``booking_context``, in four queries whatever the number of appointments."""
    if not appointments:
        return set()
    profiles = {appointment.provider_id: appointment.provider for appointment in appointments}
    hours = _hours_by_provider_and_clinic(appointments[0].clinic, profiles, anywhere_in_organization=True)
    window = slots.Interval(
        min(appointment.starts_at for appointment in appointments) - timedelta(days=1),
        max(appointment.recovery_ends_at for appointment in appointments) + timedelta(days=1),
    )
    clinic_ids = {appointment.clinic_id for appointment in appointments} | {clinic_id for _, clinic_id in hours}
    one_day = timedelta(days=1)
    closed_days = _closed_days(clinic_ids, window.start.date() - one_day, window.end.date() + one_day)
    working: dict[tuple[int, int | None], slots.IntervalSet] = {}
    outside = set()
    for appointment in appointments:
        # A video visit may use the provider's hours at any clinic; an in-person one only its own.
        scope = None if appointment.service.is_telehealth else appointment.clinic_id
        key = (appointment.provider_id, scope)
        if key not in working:
            in_scope = {k: v for k, v in hours.items() if scope is None or k[1] == scope}
            working[key] = slots.IntervalSet(_working_time(appointment.provider_id, in_scope, closed_days, window))
        visit = slots.Interval(appointment.starts_at, appointment.recovery_ends_at)
        zone = clinic_zone(appointment.clinic)
        closed_here = closed_days.get(appointment.clinic_id, ())
        closed = slots.IntervalSet(slots.local_days(day, day, zone) for day in closed_here)
        if not working[key].covers(visit) or closed.overlaps(visit):
            outside.add(appointment.pk)
    return outside
