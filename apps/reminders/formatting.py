"""How times read in messages: in the clinic's zone with its abbreviation, and the recipient's own
time beside it when their clock differs (a patient in London booking a Denver telehealth visit)."""

from datetime import datetime
from zoneinfo import ZoneInfo


def appointment_time_text(start: datetime, *, clinic_zone: str, recipient_zone: str | None) -> str:
    at_clinic = start.astimezone(ZoneInfo(clinic_zone))
    text = f"{at_clinic:%A %-d %B %Y at %-I:%M %p} {at_clinic.tzname()}"
    if not recipient_zone:
        return text
    theirs = start.astimezone(ZoneInfo(recipient_zone))
    if theirs.utcoffset() == at_clinic.utcoffset():
        return text
    if theirs.date() == at_clinic.date():
        return f"{text} ({theirs:%-I:%M %p} {theirs.tzname()} your time)"
    return f"{text} ({theirs:%A %-d %B at %-I:%M %p} {theirs.tzname()} your time)"
