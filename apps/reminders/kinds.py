"""What the portal can send, and the rules of each kind.

``essential`` messages (about an appointment the patient booked, or safety) cannot be unsubscribed;
``urgent`` ones are delivered even in the recipient's quiet hours. Subjects and SMS texts live in
templates under templates/reminders/<kind>/ and must stay neutral: never a treatment, a drug, a
diagnosis or a score (tests check every template against a list of such words)."""

from dataclasses import dataclass

from django.db import models


class Kind(models.TextChoices):
    APPOINTMENT_CONFIRMED = "appointment_confirmed", "Appointment confirmation"
    APPOINTMENT_CHANGED = "appointment_changed", "Appointment change"
    APPOINTMENT_CANCELLED = "appointment_cancelled", "Appointment cancellation"
    APPOINTMENT_REMINDER = "appointment_reminder", "Appointment reminder"
    TELEHEALTH_LINK = "telehealth_link", "Video visit link"
    ESCORT_CONFIRMATION = "escort_confirmation", "Ride home confirmation"
    NEXT_DAY_CHECK_IN = "next_day_check_in", "Next-day check-in"
    BOOSTER_DUE_SOON = "booster_due_soon", "Follow-up visit due soon"
    BOOSTER_DUE = "booster_due", "Follow-up visit due"
    BOOSTER_OVERDUE = "booster_overdue", "Follow-up visit overdue"
    CHECK_IN_QUESTIONNAIRE = "check_in_questionnaire", "Check-in questionnaire"
    EARLIER_VISIT_OFFERED = "earlier_visit_offered", "Earlier visit offered"
    PHONE_VERIFICATION = "phone_verification", "Phone number verification"
    STAFF_PATIENT_FOLLOW_UP = "staff_patient_follow_up", "Patient needs follow-up (staff)"
    STAFF_EARLIER_VISIT = "staff_earlier_visit", "Patient may need an earlier visit (staff)"
    STAFF_DAILY_DIGEST = "staff_daily_digest", "Daily digest (staff)"
    STAFF_VIDEO_VISIT_BLOCKED = "staff_video_visit_blocked", "Video visit could not start (staff)"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"
    IN_APP = "in_app", "In the portal"


@dataclass(frozen=True)
class KindRules:
    essential: bool = False
    urgent: bool = False
    # Which channels a message of this kind may use at all.
    channels: tuple[str, ...] = (Channel.EMAIL, Channel.SMS, Channel.IN_APP)


RULES: dict[str, KindRules] = {
    Kind.APPOINTMENT_CONFIRMED: KindRules(essential=True),
    Kind.APPOINTMENT_CHANGED: KindRules(essential=True),
    Kind.APPOINTMENT_CANCELLED: KindRules(essential=True),
    Kind.APPOINTMENT_REMINDER: KindRules(essential=True),
    Kind.TELEHEALTH_LINK: KindRules(essential=True, urgent=True),
    Kind.ESCORT_CONFIRMATION: KindRules(essential=True),
    Kind.NEXT_DAY_CHECK_IN: KindRules(),
    Kind.BOOSTER_DUE_SOON: KindRules(),
    Kind.BOOSTER_DUE: KindRules(),
    Kind.BOOSTER_OVERDUE: KindRules(),
    Kind.CHECK_IN_QUESTIONNAIRE: KindRules(),
    Kind.EARLIER_VISIT_OFFERED: KindRules(),
    Kind.PHONE_VERIFICATION: KindRules(essential=True, urgent=True, channels=(Channel.SMS,)),
    Kind.STAFF_PATIENT_FOLLOW_UP: KindRules(essential=True, urgent=True, channels=(Channel.EMAIL, Channel.IN_APP)),
    Kind.STAFF_EARLIER_VISIT: KindRules(essential=True, channels=(Channel.EMAIL, Channel.IN_APP)),
    Kind.STAFF_DAILY_DIGEST: KindRules(essential=True, channels=(Channel.EMAIL,)),
    Kind.STAFF_VIDEO_VISIT_BLOCKED: KindRules(essential=True, urgent=True, channels=(Channel.EMAIL, Channel.IN_APP)),
}


def rules_for(kind: str) -> KindRules:
    return RULES[kind]
