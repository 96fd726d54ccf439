from datetime import time, timedelta

import factory

from apps.booking.models import (
    Appointment,
    AppointmentStatus,
    AvailabilityOverride,
    Chair,
    ClinicClosure,
    DosingRoute,
    Modality,
    OverrideKind,
    ServiceKind,
    ServiceType,
    WeeklyHours,
)
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, ProviderProfileFactory


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    """An in-person consultation by default; see the traits for the other kinds."""

    class Meta:
        model = ServiceType

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    kind = ServiceKind.CONSULTATION
    modality = Modality.IN_PERSON
    duration_minutes = 60
    minimum_notice_minutes = 0
    horizon_days = 90
    cancellation_window_hours = 24
    price_cents = 25000

    class Params:
        iv = factory.Trait(
            kind=ServiceKind.DOSING,
            route=DosingRoute.IV_INFUSION,
            duration_minutes=40,
            recovery_minutes=120,
            needs_chair=True,
            price_cents=45000,
        )
        telehealth = factory.Trait(modality=Modality.TELEHEALTH)


class ChairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chair

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Chair {n}")


class WeeklyHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyHours

    provider = factory.SubFactory(ProviderProfileFactory)
    clinic = factory.SubFactory(ClinicFactory)
    weekday = 0
    start_time = time(13, 0)
    end_time = time(18, 0)


class OverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvailabilityOverride

    provider = factory.SubFactory(ProviderProfileFactory)
    kind = OverrideKind.TIME_OFF


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicClosure

    clinic = factory.SubFactory(ClinicFactory)
    reason = "Holiday"


def every_day_hours(provider, clinic, start=time(13, 0), end=time(18, 0)):
    """The provider works ``start``-``end`` local time at ``clinic`` every day of the week."""
    return [
        WeeklyHoursFactory(provider=provider, clinic=clinic, weekday=day, start_time=start, end_time=end)
        for day in range(7)
    ]


def _minutes(name):
    return lambda appointment: timedelta(minutes=getattr(appointment.service, name))


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment written directly (as the booking service would), for setting the scene; give
    ``service``, ``provider`` and ``starts_at``."""

    class Meta:
        model = Appointment

    service = factory.SubFactory(ServiceTypeFactory)
    clinic = factory.SelfAttribute("service.clinic")
    patient = factory.SubFactory(PatientFactory)
    provider = factory.SubFactory(ProviderProfileFactory)
    booked_by = factory.SelfAttribute("patient")
    status = AppointmentStatus.CONFIRMED
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + _minutes("duration_minutes")(a))
    recovery_ends_at = factory.LazyAttribute(lambda a: a.ends_at + _minutes("recovery_minutes")(a))
    provider_busy_from = factory.LazyAttribute(lambda a: a.starts_at - _minutes("buffer_before_minutes")(a))
    provider_busy_until = factory.LazyAttribute(lambda a: a.ends_at + _minutes("buffer_after_minutes")(a))
