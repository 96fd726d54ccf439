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


# The load run's mix. Each task of a user class: how often locust picks it (its weight) and how many
# requests it makes. The locust users take their weights from here, and the paced run (a target rate)
# takes the requests per task from here too, so the two cannot drift apart.
PATIENT_TASKS = {
    "dashboard": (3, len(DASHBOARD)),
    # A week of free times, then the same week again (the patient comes back to it from a time they
    # looked at): the second answer comes from the availability cache unless a booking changed the week.
    "availability": (3, 2),
    "book_and_cancel": (1, 3),  # a week of free times, the booking, its cancellation
}
STAFF_TASKS = {"schedule_day": (3, 1), "schedule_week": (1, 1)}
PATIENTS_PER_STAFF = 4
# The pauses between tasks of the unpaced run (seconds, uniform between the two). A paced run keeps
# their ratio: a staff member runs tasks at 2 / 3.5 of a patient's rate.
PATIENT_PAUSE = (1, 3)
STAFF_PAUSE = (2, 5)
# Availability responses of the benchmark's server say whether the cache answered (see
# ``benchmarks.load.cache_reporting_application``); the locust users name the request by it.
CACHE_HEADER = "X-Benchmark-Availability-Cache"
AVAILABILITY = "availability (7 days)"
AVAILABILITY_BY_CACHE = {"miss": f"{AVAILABILITY}, cold cache", "hit": f"{AVAILABILITY}, warm cache"}


def requests_per_task(tasks: dict[str, tuple[int, int]]) -> float:
    """The mean number of requests of one task, weighted as locust picks the tasks."""
    return sum(weight * requests for weight, requests in tasks.values()) / sum(weight for weight, _ in tasks.values())


def staff_pace() -> float:
    """A staff member's task rate as a fraction of a patient's (the ratio of the mean pauses)."""
    return sum(PATIENT_PAUSE) / sum(STAFF_PAUSE)


def users_by_class(users: int) -> dict[str, int]:
    """How locust shares ``users`` between the classes for weights of 4 to 1 when ``users`` is a
    multiple of 5 (the paced run asks for multiples of 5)."""
    staff = users // (PATIENTS_PER_STAFF + 1)
    return {"Patient": users - staff, "Staff": staff}


def paced_task_rates(rate: float, users: dict[str, int]) -> dict[str, float]:
    """Tasks a second for each user of each class so that all of them together make ``rate``
    requests a second, in the mix of the unpaced run."""
    # Requests a user makes while a patient runs one task.
    by_patient = requests_per_task(PATIENT_TASKS)
    by_staff = staff_pace() * requests_per_task(STAFF_TASKS)
    per_patient = rate / (users.get("Patient", 0) * by_patient + users.get("Staff", 0) * by_staff)
    return {"Patient": per_patient, "Staff": per_patient * staff_pace()}
