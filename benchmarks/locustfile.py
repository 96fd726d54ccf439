"""The load run's users, for locust (run as its own process: gevent patches the standard library).
``benchmarks/load.py`` starts the server and runs this file; alone:

    BENCH_SLUG=bench BENCH_CLINICS=10 BENCH_PROVIDERS=200 BENCH_PATIENTS=50000 \\
        .venv/bin/locust -f benchmarks/locustfile.py --headless -u 40 -r 2 -t 3m -H http://127.0.0.1:8100

Patients sign in (the allauth browser flow), then look at their dashboard (the requests the SPA's
dashboard makes), look for free times for an integration session over a week, and book one with an
Idempotency-Key and cancel it again, so the volume of appointments stays stable. Staff (providers of
the seeded network) sign in with their password and a TOTP code, then open their clinic's schedule for
a day or a week. The accounts are those of ``benchmarks.network`` (``BENCH_*`` name the network).

Unpaced (the default), users pause between tasks as people might. Paced (``BENCH_RATES``, set by
``python -m benchmarks.load --rates``), every user runs its tasks at a constant throughput chosen so that
all of them together make the asked number of requests a second, one rate after another: the master
(or the single process) waits until every user has signed in, then for each rate tells the users their
pace, lets them settle, resets the statistics, measures for ``BENCH_STEP_SECONDS`` and writes that
step's statistics as ``<csv prefix>_step<N>_stats.csv`` (and ``_failures.csv``), with its start and end
in ``<csv prefix>_steps.jsonl``; then it stops the run.
"""

import base64
import csv
import hashlib
import hmac
import itertools
import json
import os
import random
import struct
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import gevent
from locust import HttpUser, between, constant_throughput, events, task
from locust.exception import StopUser
from locust.runners import MasterRunner, WorkerRunner
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

from benchmarks.endpoints import (
    ANSWERS_NONE,
    AVAILABILITY,
    AVAILABILITY_BY_CACHE,
    BOOKED_SERVICE,
    CACHE_HEADER,
    DASHBOARD,
    EARLIEST_DAYS_AHEAD,
    PATIENT_PAUSE,
    PATIENT_TASKS,
    PATIENTS_PER_STAFF,
    STAFF_PAUSE,
    STAFF_TASKS,
    availability_query,
    dashboard_name,
    paced_task_rates,
    users_by_class,
)
from benchmarks.network import BENCH_PASSWORD, clinic_slug, patient_email, staff_email

SLUG = os.environ.get("BENCH_SLUG", "bench")
CLINICS = int(os.environ.get("BENCH_CLINICS", "10"))
PROVIDERS = int(os.environ.get("BENCH_PROVIDERS", "200"))
PATIENTS = int(os.environ.get("BENCH_PATIENTS", "50000"))
# The demo TOTP secret every seeded staff account has (apps.accounts.demo.DEMO_TOTP_SECRET).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
TOTP_PERIOD = 30
TOTP_ATTEMPTS = 3
SIGN_IN_ATTEMPTS = 3
SIGN_IN_PAUSE_SECONDS = 20
AUTH = "/_allauth/browser/v1"
API = "/api/v1"
# Each staff user of the run signs in as a different provider: a TOTP code may be used once.
_next_staff = itertools.count(random.randrange(PROVIDERS))

# The paced run: total requests a second asked for, one step after another.
RATES = [float(rate) for rate in os.environ.get("BENCH_RATES", "").split(",") if rate]
STEP_SECONDS = float(os.environ.get("BENCH_STEP_SECONDS", "60"))
SETTLE_SECONDS = float(os.environ.get("BENCH_SETTLE_SECONDS", "10"))
# Sign-ins are spread out and may pause for a TOTP period or a refused attempt: wait this long at most
# after the last user has started.
SIGN_IN_WAIT_SECONDS = 3 * SIGN_IN_PAUSE_SECONDS + 2 * TOTP_PERIOD
RATES_MESSAGE = "bench_task_rates"
SIGNED_IN_MESSAGE = "bench_signed_in"
# Tasks a second per user of each class, until the master sends the rate of a step.
_task_rates = paced_task_rates(RATES[0], users_by_class(int(os.environ["BENCH_USERS"]))) if RATES else {}
_sign_ins = {"done": 0, "failed": 0}
_driving = []


def totp_code(secret: str = TOTP_SECRET) -> str:
    """RFC 6238 (SHA-1, six digits), as allauth checks it."""
    counter = struct.pack(">Q", int(time.time()) // TOTP_PERIOD)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class PortalUser(HttpUser):
    abstract = True

    def csrf_headers(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def sign_in(self, email: str) -> None:
        """Sign in, trying again after a pause when the server refused or failed (a busy server, or
        allauth's limit on sign-ins from one address): a user who is not signed in would measure 403s."""
        for _ in range(SIGN_IN_ATTEMPTS):
            if self.try_sign_in(email):
                self.report_sign_in(signed_in=True)
                return
            time.sleep(SIGN_IN_PAUSE_SECONDS)
        self.report_sign_in(signed_in=False)
        raise StopUser()

    def report_sign_in(self, *, signed_in: bool) -> None:
        """The paced run starts measuring once every user has signed in (or given up)."""
        if RATES:
            self.environment.runner.send_message(SIGNED_IN_MESSAGE, {"signed_in": signed_in})

    def wait_time(self) -> float:
        if not RATES:
            return between(*self.pause)(self)
        # Locust's constant throughput at the pace of the current step (its state is kept on the user).
        return constant_throughput(_task_rates[type(self).__name__])(self)

    def try_sign_in(self, email: str) -> bool:
        self.client.get(f"{AUTH}/config", name="sign in: config")
        response = self.client.post(
            f"{AUTH}/auth/login",
            json={"email": email, "password": BENCH_PASSWORD},
            headers=self.csrf_headers(),
            name="sign in: password",
            catch_response=True,
        )
        with response:
            pending = response.status_code == 401 and _pending_flow(response) == "mfa_authenticate"
            if response.status_code == 200 or pending:
                response.success()
        return self.second_factor() if pending else response.status_code == 200

    def second_factor(self) -> bool:
        """A code is good for its 30 seconds only: on a busy server the request may arrive in the next
        period, and then the next code is the right one."""
        for _ in range(TOTP_ATTEMPTS):
            response = self.client.post(
                f"{AUTH}/auth/2fa/authenticate",
                json={"code": totp_code()},
                headers=self.csrf_headers(),
                name="sign in: TOTP",
                catch_response=True,
            )
            with response:
                if response.status_code == 200:
                    return True
                response.failure(f"TOTP code refused ({response.status_code})")
            time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 1)
        return False


def _pending_flow(response) -> str | None:
    try:
        flows = response.json().get("data", {}).get("flows", [])
    except ValueError:  # not JSON: a proxy's or server's error page
        return None
    return next((flow["id"] for flow in flows if flow.get("is_pending")), None)


class Patient(PortalUser):
    weight = PATIENTS_PER_STAFF
    pause = PATIENT_PAUSE

    def on_start(self):
        number = random.randrange(PATIENTS)
        self.clinic = clinic_slug(SLUG, number % CLINICS)
        self.sign_in(patient_email(SLUG, number))

    @task(PATIENT_TASKS["dashboard"][0])
    def dashboard(self):
        for path in DASHBOARD:
            with self.client.get(f"{API}{path}", name=dashboard_name(path), catch_response=True) as response:
                if response.status_code == 404 and response.json().get("code") in ANSWERS_NONE:
                    response.success()  # the SPA shows "none yet" for these

    @task(PATIENT_TASKS["availability"][0])
    def availability(self):
        first = self.first_day()
        self.free_slots(first)
        self.free_slots(first)

    @task(PATIENT_TASKS["book_and_cancel"][0])
    def book_and_cancel(self):
        slots = self.free_slots(self.first_day())
        if not slots:
            return
        slot = random.choice(slots[:20])
        response = self.client.post(
            f"{API}/appointments",
            json={"clinic": self.clinic, "service": BOOKED_SERVICE, "start": slot["start"]},
            headers={**self.csrf_headers(), "Idempotency-Key": str(uuid.uuid4())},
            name="book",
            catch_response=True,
        )
        with response:
            if response.status_code == 409:
                # Another user took the time between the look and the booking: a correct answer.
                response.success()
                self.environment.events.request.fire(
                    request_type="POST", name="book: 409 slot taken", response_time=0, response_length=0,
                    exception=None, context={},
                )  # fmt: skip
                return
        if response.status_code != 201:
            return
        self.client.post(
            f"{API}/appointments/{response.json()['id']}/transitions",
            json={"status": "cancelled", "reason": "Benchmark: keeping the volume stable"},
            headers=self.csrf_headers(),
            name="cancel",
        )

    def first_day(self) -> date:
        return date.today() + timedelta(days=random.randint(EARLIEST_DAYS_AHEAD, 30))

    def free_slots(self, first: date) -> list:
        with self.client.get(
            f"{API}/clinics/{self.clinic}/availability",
            params=availability_query(first),
            name=AVAILABILITY,
            catch_response=True,
        ) as response:
            # The benchmark's server says whether the cache answered: cold and warm are reported apart.
            cache = response.headers.get(CACHE_HEADER)
            if cache in AVAILABILITY_BY_CACHE:
                response.request_meta["name"] = AVAILABILITY_BY_CACHE[cache]
        return response.json().get("slots", []) if response.status_code == 200 else []


class Staff(PortalUser):
    weight = 1
    pause = STAFF_PAUSE

    def on_start(self):
        number = next(_next_staff) % PROVIDERS
        self.clinic = clinic_slug(SLUG, number % CLINICS)
        self.sign_in(staff_email(SLUG, number))

    @task(STAFF_TASKS["schedule_day"][0])
    def schedule_day(self):
        self.schedule(days=1, name="schedule (day)")

    @task(STAFF_TASKS["schedule_week"][0])
    def schedule_week(self):
        self.schedule(days=7, name="schedule (week)")

    def schedule(self, *, days: int, name: str) -> None:
        today = datetime.now(UTC).date()
        first = today + timedelta(days=random.randint(-7, 14))
        if days == 7:
            first -= timedelta(days=first.weekday())
        self.client.get(
            f"{API}/clinics/{self.clinic}/schedule", params={"date": first.isoformat(), "days": days}, name=name
        )


@events.init.add_listener
def _paced_run(environment, **kwargs):
    if not RATES:
        return
    runner = environment.runner
    if not isinstance(runner, MasterRunner):  # the users run here
        runner.register_message(RATES_MESSAGE, _set_task_rates)
    if not isinstance(runner, WorkerRunner):  # the steps are driven from here
        runner.register_message(SIGNED_IN_MESSAGE, _count_sign_in)
        environment.events.spawning_complete.add_listener(lambda user_count, **kw: _start_steps(environment))


def _set_task_rates(environment, msg, **kwargs):
    _task_rates.update(msg.data)


def _count_sign_in(environment, msg, **kwargs):
    _sign_ins["done"] += 1
    _sign_ins["failed"] += 0 if msg.data["signed_in"] else 1


def _start_steps(environment):
    if not _driving:
        _driving.append(gevent.spawn(_drive_steps, environment))


def _drive_steps(environment):
    runner = environment.runner
    prefix = environment.parsed_options.csv_prefix
    deadline = time.monotonic() + SIGN_IN_WAIT_SECONDS
    while _sign_ins["done"] < runner.target_user_count and time.monotonic() < deadline:
        gevent.sleep(0.5)
    users = dict(runner.target_user_classes_count)
    for index, rate in enumerate(RATES):
        runner.send_message(RATES_MESSAGE, paced_task_rates(rate, users))
        gevent.sleep(SETTLE_SECONDS)
        runner.stats.reset_all()
        started = time.time()
        gevent.sleep(STEP_SECONDS)
        ended = time.time()
        writer = StatsCSV(environment, PERCENTILES_TO_REPORT)
        with open(f"{prefix}_step{index}_stats.csv", "w", newline="") as stats:
            writer.requests_csv(csv.writer(stats))
        with open(f"{prefix}_step{index}_failures.csv", "w", newline="") as failures:
            writer.failures_csv(csv.writer(failures))
        step = {
            "index": index,
            "rate": rate,
            "started": started,
            "ended": ended,
            "users": users,
            "signed_in": _sign_ins["done"] - _sign_ins["failed"],
            "sign_in_failures": _sign_ins["failed"],
            "task_rates": paced_task_rates(rate, users),
        }
        with open(f"{prefix}_steps.jsonl", "a") as timeline:
            timeline.write(json.dumps(step) + "\n")
    runner.quit()
