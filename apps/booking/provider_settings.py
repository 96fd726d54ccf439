"""What a clinic admin sets about each provider besides their hours: the regions they are licensed in
for video visits (the patient's location for the visit must be one of them) and their weight when a
booking names no provider. Both change what can be booked, so the cached availability is invalidated;
a licence change that would leave a booked video visit where its provider is no longer licensed is
refused (409 ``would_orphan_appointments``, naming the visits)."""

from datetime import date

from django.db import IntegrityError, transaction

from apps.clinics.models import ClinicMembership, ProviderLicense, ProviderProfile
from apps.core import clock
from apps.core.exceptions import ApplicationError

from . import slots
from .availability_cache import availability_changed
from .errors import NameTaken, WouldOrphanAppointments
from .models import Appointment
from .selectors.availability_settings import upcoming_appointments
from .selectors.catalogue import clinic_today, clinic_zone, provider_licensed_in

LICENCE_IN_USE = (
    "{count} booked video visit{s} rel{y} on this licence: the patient will be in {region}. Move or cancel "
    "{them} first, or keep the licence valid until then."
)


@transaction.atomic
def provider_booking_weight_set(*, membership: ClinicMembership, booking_weight: int) -> ClinicMembership:
    availability_changed(membership.clinic)
    membership.booking_weight = booking_weight
    membership.save(update_fields=["booking_weight", "updated_at"])
    return membership


@transaction.atomic
def provider_licence_create(
    *, clinic, provider: ProviderProfile, region: str, number: str = "", expires_on: date | None = None
) -> ProviderLicense:
    availability_changed(clinic)
    _not_expired(clinic, expires_on)
    licence = ProviderLicense(provider=provider, region=region, number=number, expires_on=expires_on)
    try:
        with transaction.atomic():
            licence.save()
    except IntegrityError as error:
        message = "This provider already has a licence for this region: change that one."
        raise NameTaken(message, fields={"region": [message]}) from error
    return licence


@transaction.atomic
def provider_licence_update(*, clinic, licence: ProviderLicense, **changes) -> ProviderLicense:
    """Change a licence's number or expiry (a licence for another region is a new licence)."""
    availability_changed(clinic)
    _not_expired(clinic, changes.get("expires_on"))
    _lock(licence.provider)
    for name, value in changes.items():
        setattr(licence, name, value)
    licence.save()
    _refuse_stranded_visits(licence)
    return licence


@transaction.atomic
def provider_licence_delete(*, clinic, licence: ProviderLicense) -> None:
    availability_changed(clinic)
    _lock(licence.provider)
    licence.delete()
    _refuse_stranded_visits(licence)


def _not_expired(clinic, expires_on: date | None) -> None:
    if expires_on is not None and expires_on < clinic_today(clinic, at=clock.now()):
        message = "This date has passed: a licence that has expired gives no video visits. Remove it instead."
        raise ApplicationError(message, fields={"expires_on": [message]})


def _lock(provider: ProviderProfile) -> None:
    """One licence change per provider at a time, so that the check below reads what is final."""
    ProviderProfile.objects.select_for_update().filter(pk=provider.pk).first()


def _refuse_stranded_visits(licence: ProviderLicense) -> None:
    """Refuse (rolling the change back) when an upcoming video visit of the licence's provider, for
    a patient who will be in its region, is no longer covered by any licence of theirs."""
    candidates = Appointment.objects.filter(provider_id=licence.provider_id, visit_region=licence.region)
    stranded = [
        appointment
        for appointment in upcoming_appointments(candidates.exclude(video_room=""), at=clock.now())
        if not provider_licensed_in(appointment.provider, licence.region, day=_visit_day(appointment))
    ]
    if stranded:
        count = len(stranded)
        many = count != 1
        message = LICENCE_IN_USE.format(
            count=count,
            s="s" if many else "",
            y="y" if many else "ies",
            region=licence.region,
            them="them" if many else "it",
        )
        raise WouldOrphanAppointments(stranded, message)


def _visit_day(appointment: Appointment) -> date:
    return slots.local_date_of(appointment.starts_at, clinic_zone(appointment.clinic))
