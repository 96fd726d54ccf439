"""Video visits on Jitsi Meet with token authentication: each telehealth appointment has its own room
with an unguessable name, and only its patient and provider get a token, only while the room is open
(from 15 minutes before the start until the end). The token expires when the appointment ends; the
provider's carries moderator rights, the patient's does not."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from django.conf import settings

from apps.audit.models import AuditAction
from apps.audit.services import audit_record

from .errors import JoinClosed, JoinNotOpen, NotTelehealth, TelehealthNotConfigured
from .models import Appointment, AppointmentStatus
from .selectors.catalogue import clinic_zone
from .visit_location import visit_location_check_at_join

ROOM_OPENS_BEFORE = timedelta(minutes=15)
JOINABLE_STATUSES = (AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN)
# What the Jitsi server's token-moderation module reads as moderator rights, by setting.
MODERATOR_CLAIMS = {
    "moderator": lambda is_moderator: {"moderator": "true" if is_moderator else "false"},
    "affiliation": lambda is_moderator: {"affiliation": "owner" if is_moderator else "member"},
}


@dataclass(frozen=True)
class JoinLink:
    url: str
    room: str
    moderator: bool
    expires_at: datetime


def room_opens_at(appointment: Appointment) -> datetime:
    return appointment.starts_at - ROOM_OPENS_BEFORE


def telehealth_join(*, actor, appointment: Appointment, as_patient: bool, region: str, at: datetime) -> JoinLink:
    """The meeting link for ``actor``, the appointment's patient or its provider (the caller's
    access check decides which). The patient first says where they are right now (``region``): the
    provider must be licensed there (``visit_location``). The read of the link is audited."""
    _check_room_open(appointment, at)
    if as_patient:
        visit_location_check_at_join(actor=actor, appointment=appointment, region=region, at=at)
    link = _join_link(appointment=appointment, user=actor, at=at)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        obj=appointment,
        patient=appointment.patient,
        clinic=appointment.clinic,
    )
    return link


def _check_room_open(appointment: Appointment, at: datetime) -> None:
    if not appointment.video_room:
        raise NotTelehealth()
    if appointment.status not in JOINABLE_STATUSES:
        raise JoinClosed(f"This appointment is {appointment.get_status_display().lower()}: there is no visit to join.")
    opens_at = room_opens_at(appointment)
    if at < opens_at:
        local = opens_at.astimezone(clinic_zone(appointment.clinic))
        raise JoinNotOpen(
            f"The video room opens 15 minutes before the appointment, at {local:%H:%M} on {local:%A %d %B} "
            f"({appointment.clinic.timezone} time).",
            extra={"opens_at": opens_at.isoformat()},
        )
    if at >= appointment.ends_at:
        raise JoinClosed("This video visit has ended.", extra={"ended_at": appointment.ends_at.isoformat()})


def _join_link(*, appointment: Appointment, user, at: datetime) -> JoinLink:
    opens_at = room_opens_at(appointment)
    domain, secret, style = settings.JITSI_DOMAIN, settings.JITSI_APP_SECRET, settings.JITSI_MODERATOR_CLAIM
    if not domain or not secret or style not in MODERATOR_CLAIMS:
        raise TelehealthNotConfigured()
    is_provider = appointment.provider.user_id == user.pk
    name = appointment.provider.display_name if is_provider else user.display_name
    claims = {
        "aud": settings.JITSI_APP_ID,
        "iss": settings.JITSI_APP_ID,
        "sub": domain,
        "room": appointment.video_room,
        "iat": int(at.timestamp()),
        "nbf": int(opens_at.timestamp()),
        "exp": int(appointment.ends_at.timestamp()),
        "context": {"user": {"id": str(user.pk), "name": name, **MODERATOR_CLAIMS[style](is_provider)}},
    }
    token = jwt.encode(claims, secret, algorithm="HS256")
    return JoinLink(
        url=f"https://{domain}/{appointment.video_room}?jwt={token}",
        room=appointment.video_room,
        moderator=is_provider,
        expires_at=appointment.ends_at,
    )
