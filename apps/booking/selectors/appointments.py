"""Appointments as their patient, their clinic's staff and calendar feeds read them (the clinic's
schedule is ``schedule.py``)."""

from datetime import datetime

from django.db.models import Q, QuerySet, Subquery

from apps.clinics.models import Clinic, ProviderProfile
from apps.core.exceptions import NotFound

from ..models import Appointment, AppointmentEvent, AppointmentQuerySet, AppointmentStatus, CalendarFeed


def appointments_for_user(user, *, upcoming_from: datetime | None = None) -> AppointmentQuerySet:
    """A user's own appointments: as the patient, and as the provider. The provider is named by a
    scalar subquery, not a join, so that PostgreSQL reads both indexes instead of every appointment."""
    own_profile = ProviderProfile.objects.filter(user=user).values("pk")[:1]
    appointments = Appointment.objects.filter(Q(patient=user) | Q(provider_id=Subquery(own_profile)))
    if upcoming_from is not None:
        appointments = appointments.filter(recovery_ends_at__gt=upcoming_from)
    return appointments.with_relations().order_by("starts_at")


def appointments_of_patient_at_clinic(patient, clinic: Clinic, *, at: datetime, upcoming: bool) -> AppointmentQuerySet:
    """One patient's appointments at one clinic. Upcoming: booked (held, confirmed or under way) and not
    yet over at ``at``, soonest first. Past: over by ``at``, or cancelled, latest first."""
    appointments = Appointment.objects.filter(patient=patient, clinic=clinic)
    over = Q(recovery_ends_at__lte=at) | Q(status=AppointmentStatus.CANCELLED)
    if upcoming:
        return appointments.exclude(over).with_relations().order_by("starts_at", "pk")
    return appointments.filter(over).with_relations().order_by("-starts_at", "-pk")


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
        Appointment.objects.filter(pk=appointment_id)
        .with_relations()
        .select_related("provider__user", "ride_home")
        .first()
    )


def appointment_history(appointment: Appointment) -> QuerySet[AppointmentEvent]:
    return appointment.events.select_related("appointment", "previous_provider").order_by("at", "pk")


def series_sessions(series) -> AppointmentQuerySet:
    return series.appointments.with_relations().order_by("starts_at")
