"""What the load run asks of the portal, shared by the locust users (``locustfile.py``) and the
query count (``queries.py``), which must not import locust (gevent patches the standard library)."""

from datetime import date, timedelta

# The requests the SPA's patient dashboard makes (features/dashboard), plus the upcoming appointments.
DASHBOARD = [
    "/me",
    "/assessments/trend",
    "/intake",
    "/plan",
    "/education/assigned-reading",
    "/education/progress",
    "/notifications?page=1",
    "/appointments?upcoming=true",
]
# Codes of the 404s that mean "none yet" to the dashboard (a patient without a treatment plan).
ANSWERS_NONE = {"no_plan", "intake_not_started"}
# Integration sessions have no care-pathway gate: any patient in treatment may book one.
BOOKED_SERVICE = "integration"
# Patients look a week at a time, from this many days ahead: far enough that they may still cancel
# what they book (the 24-hour cancellation window).
AVAILABILITY_DAYS = 7
EARLIEST_DAYS_AHEAD = 3


def availability_query(first: date) -> dict:
    last = first + timedelta(days=AVAILABILITY_DAYS - 1)
    return {"service": BOOKED_SERVICE, "start": first.isoformat(), "end": last.isoformat()}


def dashboard_name(path: str) -> str:
    return f"dashboard {path.split('?')[0]}"
