"""Each clinic's morning summary for its admins: today's appointments, open safety alerts and messages
that could not be delivered. Planned once a day per clinic, at 07:00 on the clinic's own clock."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apps.booking.models import Appointment, AppointmentStatus
from apps.booking.ride_home import doses_without_a_ride_home_next_day
from apps.care.selectors.assessments import open_alerts_for_clinic
from apps.clinics.models import Clinic, ClinicMembership, Role
from apps.core.wall_clock import local_instant
from apps.reminders.models import Notification, Status
from apps.reminders.services import notification_schedule

from .messages import ReportMessage

DIGEST_AT = time(7, 0)


def _digest_due(clinic: Clinic, at: datetime) -> datetime | None:
    zone = ZoneInfo(clinic.timezone)
    local = at.astimezone(zone)
    if local.time() < DIGEST_AT:
        return None
    return local_instant(local.date(), DIGEST_AT, zone)


def _summary(clinic: Clinic, due: datetime) -> dict:
    day_starts = due.replace(hour=0, minute=0)  # the clinic's local midnight
    day_ends = day_starts + timedelta(days=1)
    return {
        "appointments_today": Appointment.objects.filter(
            clinic=clinic,
            status__in=[AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN],
            starts_at__gte=day_starts,
            starts_at__lt=day_ends,
        ).count(),
        "open_alerts": open_alerts_for_clinic(clinic).count(),
        "rides_not_confirmed": doses_without_a_ride_home_next_day(clinic, at=due),
        "failed_messages": Notification.objects.filter(
            clinic=clinic, status=Status.FAILED, updated_at__gte=due - timedelta(days=1)
        ).count(),
        "path": f"/clinic/{clinic.slug}",
    }


def clinic_digests_plan(*, at: datetime) -> int:
    """Plan today's digest for every clinic whose morning has come and that has none yet."""
    planned = 0
    for clinic in Clinic.objects.filter(is_active=True):
        due = _digest_due(clinic, at)
        concerns = ("clinics.clinic", str(clinic.pk))
        if (
            due is None
            or Notification.objects.filter(
                kind=ReportMessage.STAFF_DAILY_DIGEST, concerns_type=concerns[0], concerns_id=concerns[1], due_at=due
            ).exists()
        ):
            continue
        summary = _summary(clinic, due)
        admins = ClinicMembership.objects.filter(clinic=clinic, role=Role.CLINIC_ADMIN, is_active=True)
        for membership in admins.select_related("user"):
            planned += len(
                notification_schedule(
                    recipient=membership.user,
                    kind=ReportMessage.STAFF_DAILY_DIGEST,
                    due_at=due,
                    concerns=concerns,
                    context=summary,
                    clinic=clinic,
                    revision=due.date().isoformat(),
                )
            )
    return planned
