"""Reads of the FHIR API, each scoped to the key's clinic: another clinic's rows are never in them, so
reading one by id answers 404 and a search never finds it."""

from datetime import date, datetime

from django.db.models import QuerySet

from apps.booking.models import Appointment, AppointmentStatus, ServiceType
from apps.booking.selectors.availability import Availability, availability_for
from apps.booking.selectors.availability_settings import providers_at_clinic, service_types_for_clinic
from apps.care.models import Assessment
from apps.clinics.models import Clinic, ClinicMembership, ProviderProfile
from apps.clinics.selectors import patients_for_clinic

from .models import ClinicAPIKey


def api_keys_for_clinic(clinic: Clinic) -> QuerySet[ClinicAPIKey]:
    return ClinicAPIKey.objects.filter(clinic=clinic).select_related("created_by").order_by("-created_at", "pk")


def fhir_patients(clinic: Clinic) -> QuerySet:
    return patients_for_clinic(clinic)


def fhir_practitioners(clinic: Clinic) -> QuerySet[ProviderProfile]:
    return providers_at_clinic(clinic).select_related("user")


def fhir_locations(clinic: Clinic) -> QuerySet[Clinic]:
    return Clinic.objects.filter(pk=clinic.pk)


def fhir_healthcare_services(clinic: Clinic) -> QuerySet[ServiceType]:
    return service_types_for_clinic(clinic)


def fhir_schedules(clinic: Clinic) -> QuerySet[ClinicMembership]:
    """One schedule per provider at the clinic: their membership, while they work there."""
    return ClinicMembership.objects.filter(
        clinic=clinic, is_active=True, user__is_active=True, user__provider_profile__isnull=False
    ).select_related("user__provider_profile")


def fhir_appointments(clinic: Clinic, *, at: datetime) -> QuerySet[Appointment]:
    """The clinic's appointments, less the holds that lapsed unpaid (they never became visits)."""
    return (
        Appointment.objects.filter(clinic=clinic)
        .exclude(status=AppointmentStatus.HELD, hold_expires_at__lte=at)
        .select_related("clinic", "service", "provider")
    )


def fhir_assessments(clinic: Clinic) -> QuerySet[Assessment]:
    """PHQ-9 and GAD-7 results of the clinic's patients (results belong to the patient, not a clinic:
    a clinic sees those of the patients registered with it, as its staff do)."""
    return Assessment.objects.filter(patient__clinic_links__clinic=clinic)


def fhir_free_times(
    clinic: Clinic,
    *,
    service: ServiceType,
    first_day: date,
    last_day: date,
    at: datetime,
    provider: ProviderProfile | None,
) -> Availability:
    """What the clinic's own staff see at /api/v1/clinics/<slug>/availability for nobody in
    particular: the same engine and cache, without the patient-only notice and horizon."""
    return availability_for(
        clinic=clinic,
        service=service,
        first_day=first_day,
        last_day=last_day,
        at=at,
        patient=None,
        provider=provider,
        patient_rules=False,
    )


def schedule_ids_of(clinic: Clinic, profile_ids) -> dict[int, int]:
    """Each provider profile's schedule (membership) id at the clinic, in one query."""
    return dict(
        fhir_schedules(clinic)
        .filter(user__provider_profile__pk__in=list(profile_ids))
        .values_list("user__provider_profile__pk", "pk")
    )
