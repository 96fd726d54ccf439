"""The catalogue a clinic books from, the clinic's own time, and the licences a video visit needs."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from apps.clinics.models import Clinic, ProviderLicense, ProviderProfile

from .. import slots
from ..models import ServiceType

MAX_AVAILABILITY_DAYS = 31


def clinic_zone(clinic: Clinic) -> ZoneInfo:
    return ZoneInfo(clinic.timezone)


def clinic_today(clinic: Clinic, *, at: datetime) -> date:
    return slots.local_date_of(at, clinic_zone(clinic))


def services_for_clinic(clinic: Clinic) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(clinic=clinic, is_active=True).order_by("kind", "name")


def services_at_active_clinics() -> QuerySet[ServiceType]:
    """Every clinic's services on offer, each with its clinic (and organization) read with it."""
    return ServiceType.objects.filter(is_active=True, clinic__is_active=True).select_related("clinic__organization")


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


def licences_valid_on(day: date) -> Q:
    """A licence counts up to and including its expiry date (a lapsed one stops the day after)."""
    return Q(expires_on__isnull=True) | Q(expires_on__gte=day)


def provider_licensed_in(provider: ProviderProfile, region: str, *, day: date) -> bool:
    return ProviderLicense.objects.filter(licences_valid_on(day), provider=provider, region=region).exists()
