"""Where the patient is during a video visit. Care is rendered at the patient's location, so the
provider must be licensed there: the patient says where they will be when booking (the providers
offered are the ones licensed there) and again when joining ("where are you right now?"). A place
where the provider is not licensed blocks the join, and the clinic's staff are told so they can call
the patient. Each answer is kept (``VisitLocation``)."""

from datetime import datetime

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.selectors import staff_for_clinic
from apps.reminders.services import notification_schedule

from . import slots
from .errors import VisitLocationNotLicensed, VisitRegionRequired
from .messages import BookingMessage
from .models import Appointment, ServiceType, VisitLocation
from .selectors.catalogue import clinic_zone, provider_licensed_in

CONSOLE_APPOINTMENT_PATH = "/clinic/{clinic_slug}/schedule?date={date}&appointment={appointment_id}"


def visit_region_for(service: ServiceType, visit_region: str) -> str:
    """The region a booking of ``service`` is for: required for a video visit, none in person."""
    if not service.is_telehealth:
        return ""
    if not visit_region:
        raise VisitRegionRequired(fields={"visit_region": [VisitRegionRequired.default_message]})
    return visit_region


def visit_location_record(*, appointment: Appointment, moment: str, region: str, at: datetime, licensed: bool):
    return VisitLocation.objects.create(
        appointment=appointment, moment=moment, region=region, attested_at=at, licensed=licensed
    )


def visit_location_check_at_join(*, actor, appointment: Appointment, region: str, at: datetime) -> None:
    """Record where the patient says they are now; refuse the join (409) when the provider is not
    licensed there, after telling the clinic once. The answer is kept even when the join is refused."""
    if not region:
        raise VisitRegionRequired(
            "Say where you are right now: the provider must be licensed there.",
            fields={"region": ["Choose where you are right now."]},
        )
    day = slots.local_date_of(appointment.starts_at, clinic_zone(appointment.clinic))
    licensed = provider_licensed_in(appointment.provider, region, day=day)
    _record_join_location(actor=actor, appointment=appointment, region=region, at=at, licensed=licensed)
    if not licensed:
        raise VisitLocationNotLicensed(
            f"{appointment.provider.display_name} can only see you by video where they are licensed, and that "
            f"does not include {region}. The clinic has been told and will call you: you can also call them to "
            "move the visit or to see you in person.",
            extra={"region": region, "clinic_phone": str(appointment.clinic.phone)},
        )


@transaction.atomic
def _record_join_location(*, actor, appointment: Appointment, region: str, at: datetime, licensed: bool) -> None:
    already_refused = appointment.visit_locations.filter(licensed=False).exists()
    location = visit_location_record(
        appointment=appointment, moment=VisitLocation.Moment.JOINING, region=region, at=at, licensed=licensed
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=location,
        patient=appointment.patient,
        clinic=appointment.clinic,
    )
    if not licensed and not already_refused:
        _tell_the_clinic(appointment, at=at)


def _tell_the_clinic(appointment: Appointment, *, at: datetime) -> None:
    """A neutral e-mail and in-portal message to the clinic's staff, linking to the appointment."""
    clinic = appointment.clinic
    day = slots.local_date_of(appointment.starts_at, clinic_zone(clinic))
    context = {
        "path": CONSOLE_APPOINTMENT_PATH.format(
            clinic_slug=clinic.slug, date=day.isoformat(), appointment_id=appointment.pk
        )
    }
    for membership in staff_for_clinic(clinic):
        if membership.user.is_active:
            notification_schedule(
                recipient=membership.user,
                kind=BookingMessage.STAFF_VIDEO_VISIT_BLOCKED,
                due_at=at,
                concerns=("booking.appointment", str(appointment.pk)),
                context=context,
                clinic=clinic,
            )
