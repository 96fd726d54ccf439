"""The only way to load booking objects a caller asked for by id or slug. Outside the caller's reach
the answer is 404: we do not confirm that another patient's or clinic's appointment exists."""

from dataclasses import dataclass
from typing import NoReturn

from apps.accounts.models import User
from apps.clinics.access import access_active_clinic, access_clinic_as_staff, access_clinic_patient
from apps.clinics.models import Clinic, ClinicMembership, ProviderLicense, ProviderProfile, Role
from apps.clinics.roles import role_at
from apps.core.exceptions import ApplicationError, Forbidden, NotFound

from .errors import ClinicAdminOnly, NotBookable, OwnHoursOnly
from .models import Appointment, AvailabilityOverride, Chair, ClinicClosure, ServiceType, WeeklyHours
from .permissions import acts_as_clinic_staff, is_staff_at, require_staff_mfa
from .selectors.appointments import appointment_by_id
from .selectors.availability_settings import provider_memberships_at_clinic, providers_at_clinic
from .selectors.catalogue import service_for_clinic, services_at_active_clinics


@dataclass(frozen=True)
class AppointmentAccess:
    appointment: Appointment
    as_patient: bool
    as_provider: bool


def access_appointment(request, appointment_id) -> AppointmentAccess:
    """The appointment, if the caller is its patient, its provider, or staff at its clinic."""
    appointment = appointment_by_id(appointment_id)
    if appointment is None:
        raise NotFound("No such appointment.")
    user = request.user
    if appointment.patient_id == user.pk:
        return AppointmentAccess(appointment, as_patient=True, as_provider=False)
    as_provider = appointment.provider.user_id == user.pk
    if not as_provider and not is_staff_at(user, appointment.clinic):
        raise NotFound("No such appointment.")
    require_staff_mfa(request)
    return AppointmentAccess(appointment, as_patient=False, as_provider=as_provider)


@dataclass(frozen=True)
class BookingParties:
    clinic: Clinic
    service: ServiceType
    patient: object


def access_own_appointment(request, appointment_id) -> Appointment:
    """An appointment only its patient acts on (their ride home); its staff are told so."""
    access = access_appointment(request, appointment_id)
    if not access.as_patient:
        raise Forbidden("Only the patient answers this.")
    return access.appointment


def access_booking_parties(request, clinic_slug: str, service_slug: str, patient_id=None) -> BookingParties:
    """Who books what for whom: a patient for themselves at any active clinic (the clinic and the
    service read in one query), or staff of the clinic for one of its patients."""
    if patient_id is None:
        service = services_at_active_clinics().filter(clinic__slug=clinic_slug, slug=service_slug).first()
        if service is not None:
            return BookingParties(service.clinic, service, request.user)
        return BookingParties(access_active_clinic(clinic_slug), _no_such_service(), request.user)
    clinic = access_clinic_as_staff(request.user, clinic_slug)
    require_staff_mfa(request)
    patient = access_clinic_patient(clinic, patient_id)
    return BookingParties(clinic, access_service(clinic, service_slug), patient)


def access_service(clinic: Clinic, slug: str) -> ServiceType:
    service = service_for_clinic(clinic, slug)
    return service if service is not None else _no_such_service()


def _no_such_service() -> NoReturn:
    raise NotBookable("No such service at this clinic.", fields={"service": ["No such service at this clinic."]})


def access_provider(provider_user_id) -> ProviderProfile | None:
    """A provider named by their user id; whether they offer the service is the engine's question."""
    if provider_user_id is None:
        return None
    provider = ProviderProfile.objects.filter(user_id=provider_user_id, user__is_active=True).first()
    if provider is None:
        raise NotBookable("No such provider.", fields={"provider": ["No such provider."]})
    return provider


@dataclass(frozen=True)
class AvailabilityViewer:
    patient: object | None
    patient_rules: bool


def access_availability_viewer(request, clinic: Clinic, patient_id=None) -> AvailabilityViewer:
    """Whose availability is asked for. Staff of the clinic look without the patient-only limits
    (notice, horizon), for one of the clinic's patients or for nobody in particular; anyone else looks
    for themselves, under patient rules."""
    if acts_as_clinic_staff(request, clinic):
        patient = access_clinic_patient(clinic, patient_id) if patient_id is not None else None
        return AvailabilityViewer(patient, patient_rules=False)
    if patient_id is not None and patient_id != request.user.pk:
        raise NotFound("No such patient.")
    return AvailabilityViewer(request.user, patient_rules=True)


# --- Availability settings -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicSettingsAccess:
    """A staff member at a clinic, and what they may change of its availability: a clinic admin (or
    an organization admin) everything; a provider their own hours and time off; front desk nothing
    (they read it to answer patients)."""

    clinic: Clinic
    user: User
    role: str

    @property
    def may_edit_clinic(self) -> bool:
        return self.role == Role.CLINIC_ADMIN

    @property
    def may_edit_some_hours(self) -> bool:
        return self.may_edit_clinic or self.role == Role.PROVIDER

    def may_edit_hours_of(self, provider: ProviderProfile) -> bool:
        return self.may_edit_clinic or (self.role == Role.PROVIDER and provider.user_id == self.user.pk)

    def require_clinic_admin(self) -> None:
        if not self.may_edit_clinic:
            raise ClinicAdminOnly()

    def require_may_edit_some_hours(self) -> None:
        """Asked before the input is read: whose hours are meant is part of the input, and a role that
        may change nobody's is told so whatever it sent (an input error would tell it less, and later)."""
        if not self.may_edit_some_hours:
            raise OwnHoursOnly()

    def require_may_edit_hours_of(self, provider: ProviderProfile) -> None:
        if not self.may_edit_hours_of(provider):
            raise OwnHoursOnly()


def access_clinic_settings(request, clinic_slug: str) -> ClinicSettingsAccess:
    """For views behind ``IsClinicStaff`` (which has already required two-factor authentication)."""
    clinic = access_clinic_as_staff(request.user, clinic_slug)
    role = role_at(request.user, clinic)
    if role is None:  # the membership ended since the clinic was read
        raise NotFound("No such clinic.")
    return ClinicSettingsAccess(clinic, request.user, role)


def access_clinic_provider(clinic: Clinic, provider_user_id, *, field: str = "provider") -> ProviderProfile:
    """A provider who works at ``clinic``, named by their user id (input: a field error otherwise)."""
    provider = providers_at_clinic(clinic).filter(user_id=provider_user_id).select_related("user").first()
    if provider is None:
        message = "No such provider at this clinic."
        raise ApplicationError(message, fields={field: [message]})
    return provider


def access_provider_membership(clinic: Clinic, provider_user_id) -> ClinicMembership:
    """A provider's membership at ``clinic``, named by their user id in the path: 404 elsewhere."""
    membership = provider_memberships_at_clinic(clinic).filter(user_id=provider_user_id).first()
    if membership is None:
        raise NotFound("No such provider at this clinic.")
    return membership


def access_provider_licence(clinic: Clinic, licence_id: int) -> ProviderLicense:
    """A licence of a provider who works at ``clinic``: 404 for anyone else's."""
    providers = providers_at_clinic(clinic)
    licence = ProviderLicense.objects.filter(pk=licence_id, provider__in=providers).select_related("provider").first()
    if licence is None:
        raise NotFound("No such licence at this clinic.")
    return licence


def _clinic_object(queryset, clinic: Clinic, object_id, what: str):
    found = queryset.filter(clinic=clinic, pk=object_id).first()
    if found is None:
        raise NotFound(f"No such {what} at this clinic.")
    return found


def access_weekly_hours(clinic: Clinic, hours_id: int) -> WeeklyHours:
    return _clinic_object(WeeklyHours.objects.select_related("provider"), clinic, hours_id, "working hours")


def access_override(clinic: Clinic, override_id: int) -> AvailabilityOverride:
    """Only overrides made at ``clinic``: time off a provider took everywhere is not the clinic's."""
    return _clinic_object(AvailabilityOverride.objects.select_related("provider"), clinic, override_id, "override")


def access_closure(clinic: Clinic, closure_id: int) -> ClinicClosure:
    return _clinic_object(ClinicClosure.objects.all(), clinic, closure_id, "closure")


def access_chair(clinic: Clinic, chair_id: int) -> Chair:
    return _clinic_object(Chair.objects.all(), clinic, chair_id, "chair")


def access_service_type(clinic: Clinic, service_id: int) -> ServiceType:
    return _clinic_object(ServiceType.objects.all(), clinic, service_id, "service")
