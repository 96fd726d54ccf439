"""Who takes the patient home after a dose: the answer to the day-before question, per appointment,
given in the portal (a name and phone, or "I need help") or by replying to the text (1: the escort
named in the portal; 2: I need help). Staff see each dose's answer on the schedule, and the morning
digest counts tomorrow's doses without one."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record

from . import slots
from .errors import RideHomeNotAsked
from .models import DOSE_KINDS, Appointment, AppointmentStatus, RideHome
from .selectors.catalogue import clinic_zone

ANSWERABLE_STATUSES = (AppointmentStatus.HELD, AppointmentStatus.CONFIRMED)
TEXT_REPLY_CONFIRMS, TEXT_REPLY_NEEDS_HELP = "1", "2"
# A text reply answers for the patient's next dose starting within this long (the question is sent
# the day before).
TEXT_REPLY_REACH = timedelta(hours=48)

CONFIRMED_BY_TEXT = "Thank you: your ride home is confirmed with the person named in the portal."
HELP_BY_TEXT = "Thank you: the clinic will call you about getting home."


NOT_CONFIRMED = "not_confirmed"
# How a dose's ride home stands: no answer yet, or the patient's answer.
RIDE_HOME_STATUS_CHOICES = [(NOT_CONFIRMED, "Not confirmed"), *RideHome.Answer.choices]


@dataclass(frozen=True)
class RideHomeStatus:
    """One of ``RIDE_HOME_STATUS_CHOICES``, with the answer when there is one."""

    status: str
    answer: RideHome | None

    @classmethod
    def of(cls, answer: RideHome) -> "RideHomeStatus":
        return cls(answer.answer, answer)


def ride_home_status(appointment: Appointment) -> RideHomeStatus | None:
    """None for an appointment that gives no dose."""
    if appointment.service.kind not in DOSE_KINDS:
        return None
    try:
        answer = appointment.ride_home
    except RideHome.DoesNotExist:
        return RideHomeStatus(NOT_CONFIRMED, None)
    return RideHomeStatus.of(answer)


def ride_home_answer_status(service_kind: str, answer: str | None) -> str | None:
    """``ride_home_status``'s status alone, from the service's kind and the answer's column (None when
    the patient has not answered): for reads that project columns instead of loading appointments."""
    if service_kind not in DOSE_KINDS:
        return None
    return answer or NOT_CONFIRMED


@transaction.atomic
def ride_home_answer(
    *,
    actor,
    appointment: Appointment,
    needs_help: bool,
    escort_name: str = "",
    escort_phone: str = "",
    at: datetime,
    by_text: bool = False,
) -> RideHome:
    """Record (or change) the patient's answer for ``appointment`` (``actor``: the patient)."""
    appointment = Appointment.objects.select_for_update().select_related("service", "clinic").get(pk=appointment.pk)
    if appointment.service.kind not in DOSE_KINDS or appointment.status not in ANSWERABLE_STATUSES:
        raise RideHomeNotAsked()
    if appointment.starts_at <= at:
        raise RideHomeNotAsked("This session has already started.")
    ride, _ = RideHome.objects.update_or_create(
        appointment=appointment,
        defaults={
            "answer": RideHome.Answer.NEEDS_HELP if needs_help else RideHome.Answer.CONFIRMED,
            "escort_name": "" if needs_help else escort_name.strip(),
            "escort_phone": "" if needs_help else escort_phone,
            "answered_at": at,
            "answered_by_text": by_text,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=ride,
        patient=appointment.patient,
        clinic=appointment.clinic,
    )
    return ride


def ride_home_text_reply(*, patient_ids, body: str, at: datetime) -> str | None:
    """A text reply "1" or "2" from one of ``patient_ids`` answers their next dose within two days;
    anything else, or no such dose, is not a ride-home answer (None)."""
    reply = body.strip()
    if reply not in (TEXT_REPLY_CONFIRMS, TEXT_REPLY_NEEDS_HELP):
        return None
    appointment = (
        Appointment.objects.filter(
            patient_id__in=patient_ids,
            service__kind__in=DOSE_KINDS,
            status__in=ANSWERABLE_STATUSES,
            starts_at__gt=at,
            starts_at__lte=at + TEXT_REPLY_REACH,
        )
        .order_by("starts_at")
        .first()
    )
    if appointment is None:
        return None
    needs_help = reply == TEXT_REPLY_NEEDS_HELP
    ride_home_answer(actor=appointment.patient, appointment=appointment, needs_help=needs_help, at=at, by_text=True)
    return HELP_BY_TEXT if needs_help else CONFIRMED_BY_TEXT


def doses_without_a_ride_home_next_day(clinic, *, at: datetime) -> int:
    """Dose appointments at ``clinic`` on the local day after ``at``'s (23 or 25 hours on a DST day)
    with no answer yet, or a call for help."""
    zone = clinic_zone(clinic)
    tomorrow = at.astimezone(zone).date() + timedelta(days=1)
    day = slots.local_days(tomorrow, tomorrow, zone)
    return (
        Appointment.objects.filter(
            clinic=clinic,
            service__kind__in=DOSE_KINDS,
            status__in=ANSWERABLE_STATUSES,
            starts_at__gte=day.start,
            starts_at__lt=day.end,
        )
        .exclude(ride_home__answer=RideHome.Answer.CONFIRMED)
        .count()
    )
