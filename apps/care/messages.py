"""The messages the care pathway plans (maintenance, the safety escalation), with their rules; their
templates are in templates/reminders/<kind>/ of this app."""

from django.db import models

from apps.reminders.kinds import Channel


class CareMessage(models.TextChoices):
    BOOSTER_DUE_SOON = "booster_due_soon", "Follow-up visit due soon"
    BOOSTER_DUE = "booster_due", "Follow-up visit due"
    BOOSTER_OVERDUE = "booster_overdue", "Follow-up visit overdue"
    CHECK_IN_QUESTIONNAIRE = "check_in_questionnaire", "Check-in questionnaire"
    EARLIER_VISIT_OFFERED = "earlier_visit_offered", "Earlier visit offered"
    STAFF_PATIENT_FOLLOW_UP = "staff_patient_follow_up", "Patient needs follow-up (staff)"
    STAFF_EARLIER_VISIT = "staff_earlier_visit", "Patient may need an earlier visit (staff)"


STAFF_CHANNELS = (Channel.EMAIL, Channel.IN_APP)

RULES = {
    CareMessage.BOOSTER_DUE_SOON: {},
    CareMessage.BOOSTER_DUE: {},
    CareMessage.BOOSTER_OVERDUE: {},
    CareMessage.CHECK_IN_QUESTIONNAIRE: {},
    CareMessage.EARLIER_VISIT_OFFERED: {},
    CareMessage.STAFF_PATIENT_FOLLOW_UP: {"essential": True, "urgent": True, "channels": STAFF_CHANNELS},
    CareMessage.STAFF_EARLIER_VISIT: {"essential": True, "channels": STAFF_CHANNELS},
}
