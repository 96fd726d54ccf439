"""Booking: what a clinic offers, who and what is free when, and the appointments that use them, one
module per aggregate.

Times of day (working hours, overrides) are wall-clock times in the clinic's IANA zone; every instant
(appointments, holds) is an aware datetime stored in UTC. An appointment stores the ranges it occupies
as columns, so that PostgreSQL exclusion constraints (migration 0002) can refuse any overlap:

- the provider from ``provider_busy_from`` to ``provider_busy_until`` (the session plus its buffers),
- the chair and the patient from ``starts_at`` to ``recovery_ends_at`` (the session plus recovery)."""

# Django and the rest of the portal import the models from here.
from .appointments import (
    INDUCTION_SESSIONS,
    INDUCTION_WINDOW_DAYS,
    OCCUPYING_STATUSES,
    Appointment,
    AppointmentEvent,
    AppointmentEventKind,
    AppointmentQuerySet,
    AppointmentStatus,
    CancelledBy,
    TreatmentSeries,
)
from .availability import AvailabilityOverride, ClinicClosure, OverrideKind, Weekday, WeeklyHours
from .calendars import CalendarFeed
from .catalogue import DOSE_KINDS, LONGEST_VISIT, SLOT_STEPS, Chair, DosingRoute, Modality, ServiceKind, ServiceType
from .visits import RideHome, VisitLocation

__all__ = [
    "DOSE_KINDS",
    "INDUCTION_SESSIONS",
    "INDUCTION_WINDOW_DAYS",
    "LONGEST_VISIT",
    "OCCUPYING_STATUSES",
    "SLOT_STEPS",
    "Appointment",
    "AppointmentEvent",
    "AppointmentEventKind",
    "AppointmentQuerySet",
    "AppointmentStatus",
    "AvailabilityOverride",
    "CalendarFeed",
    "CancelledBy",
    "Chair",
    "ClinicClosure",
    "DosingRoute",
    "Modality",
    "OverrideKind",
    "RideHome",
    "ServiceKind",
    "ServiceType",
    "TreatmentSeries",
    "VisitLocation",
    "Weekday",
    "WeeklyHours",
]
