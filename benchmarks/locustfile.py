"""The load run's users, for locust (run as its own process: gevent patches the standard library).
``benchmarks/load.py`` starts the server and runs this file; alone:

    BENCH_SLUG=bench BENCH_CLINICS=10 BENCH_PROVIDERS=200 BENCH_PATIENTS=50000 \\
        .venv/bin/locust -f benchmarks/locustfile.py --headless -u 40 -r 2 -t 3m -H http://127.0.0.1:8100

Patients sign in (the allauth browser flow), then look at their dashboard (the requests the SPA's
dashboard makes), look for free times for an integration session over a week, and book one with an
Idempotency-Key and cancel it again, so the volume of appointments stays stable. Staff (providers of
the seeded network) sign in with their password and a TOTP code, then open their clinic's schedule for
a day or a week. The accounts are those of ``benchmarks.network`` (``BENCH_*`` name the network).
"""

import base64
import hashlib
import hmac
import itertools
import os
import random
import struct
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from locust import HttpUser, between, task
from locust.exception import StopUser

from benchmarks.endpoints import (
    ANSWERS_NONE,
    BOOKED_SERVICE,
    DASHBOARD,
    EARLIEST_DAYS_AHEAD,
    availability_query,
    dashboard_name,
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
                return
            time.sleep(SIGN_IN_PAUSE_SECONDS)
        raise StopUser()

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
    weight = 4
    wait_time = between(1, 3)

    def on_start(self):
        number = random.randrange(PATIENTS)
        self.clinic = clinic_slug(SLUG, number % CLINICS)
        self.sign_in(patient_email(SLUG, number))

    @task(3)
    def dashboard(self):
        for path in DASHBOARD:
            with self.client.get(f"{API}{path}", name=dashboard_name(path), catch_response=True) as response:
                if response.status_code == 404 and response.json().get("code") in ANSWERS_NONE:
                    response.success()  # the SPA shows "none yet" for these

    @task(3)
    def availability(self):
        self.free_slots()

    @task(1)
    def book_and_cancel(self):
        slots = self.free_slots()
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

    def free_slots(self) -> list:
        first = date.today() + timedelta(days=random.randint(EARLIEST_DAYS_AHEAD, 30))
        response = self.client.get(
            f"{API}/clinics/{self.clinic}/availability",
            params=availability_query(first),
            name="availability (7 days)",
        )
        return response.json().get("slots", []) if response.status_code == 200 else []


class Staff(PortalUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        number = next(_next_staff) % PROVIDERS
        self.clinic = clinic_slug(SLUG, number % CLINICS)
        self.sign_in(staff_email(SLUG, number))

    @task(3)
    def schedule_day(self):
        self.schedule(days=1, name="schedule (day)")

    @task(1)
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
