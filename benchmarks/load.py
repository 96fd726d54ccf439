"""The load run: gunicorn on PostgreSQL + Redis, locust headless against it, the CPU each part of the
machine spent, and the SQL queries per request; writes a Markdown section to stdout and, with
``--append-to``, to the end of that file.

One run, users pausing between tasks as people might (the original mode)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python -m benchmarks.load --users 20 --duration 180 --label "before" --append-to BENCHMARKS.md

A curve: the same users paced (locust's constant throughput per user) to make 25, 50, 100 and 150
requests a second, one after another, each measured for a minute after ten seconds to settle; a table
per rate, a summary of the curve, and where it saturates and on what::

    .venv/bin/python -m benchmarks.load --rates 25,50,100,150 --step-duration 60 \\
        --worker-class gthread --workers 4 --threads 4

A sustained run at one rate: ``--rates 100 --duration 300``.

The database must hold the network of ``python -m benchmarks.network`` (``--slug``, default bench).
The server runs with the embedded settings and DEBUG off (``portal.settings.local``: production's
settings insist on HTTPS cookies) and says on each availability response whether the availability
cache answered (``cache_reporting_application``), so that cold and warm answers are reported apart.
Locust runs as its own process (``--locust-processes`` forks more). The CPU seconds of gunicorn (master
and workers), of the PostgreSQL backends of the benchmark's database, of the rest of the PostgreSQL
server, of Redis, of locust and of the whole machine are sampled every second with psutil (a
dependency of locust): every process shares the machine, so the section also says what else used it.
"""

import argparse
import csv
import functools
import json
import math
import os
import platform
import re
import runpy
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.endpoints import (
    AVAILABILITY,
    AVAILABILITY_BY_CACHE,
    CACHE_HEADER,
    paced_task_rates,
    users_by_class,
)

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SETTINGS = "portal.settings.local"

# The target, for every request of the mix but the sign-ins.
TARGET_P95_MS = 100
TARGET_P99_MS = 250
# A step made its rate when locust made at least this share of the requests asked for.
RATE_MADE_SHARE = 0.95
# The machine is saturated when this share of its cores is busy; a locust process (one core at most)
# is the bottleneck above this share of a core.
MACHINE_SATURATED_SHARE = 0.9
LOCUST_PROCESS_LIMIT = 0.8
# Requests in flight (Little's law: the rate made × the mean latency) above this share of the server's
# request slots (workers × threads) mean requests queue for a slot.
SLOTS_SATURATED_SHARE = 0.9
# In a paced run each patient runs at most this many tasks a second (a dashboard task is eight
# requests one after another): enough users to make the highest rate without any of them hurrying.
MAX_PATIENT_TASK_RATE = 0.8
NOT_IN_TARGET = ("sign in: ", "book: 409")
# The in-process pass (benchmarks.queries) names the cold and warm availability requests so.
IN_PROCESS_NAMES = {
    AVAILABILITY_BY_CACHE["miss"]: AVAILABILITY,
    AVAILABILITY_BY_CACHE["hit"]: f"{AVAILABILITY}, asked again",
}

GUNICORN = "gunicorn"
POSTGRES = "PostgreSQL backends"
POSTGRES_SERVER = "PostgreSQL server"
REDIS = "Redis"
LOCUST = "locust"
MACHINE = "machine"


# --- The server --------------------------------------------------------------------------------


def cache_reporting_application():
    """The portal's WSGI application, answering each request that asked the availability cache with
    ``X-Benchmark-Availability-Cache: hit`` or ``miss``. gunicorn calls this in each worker
    (``benchmarks.load:cache_reporting_application()``); only the benchmark's server is wrapped."""
    from apps.booking import availability_cache
    from portal.wsgi import application

    answered = threading.local()
    cached_or_computed = availability_cache.cached_or_computed

    @functools.wraps(cached_or_computed)
    def observed(*, compute, **question):
        def computed():
            answered.cache = "miss"
            return compute()

        answered.cache = "hit"
        return cached_or_computed(compute=computed, **question)

    availability_cache.cached_or_computed = observed

    def reporting(environ, start_response):
        answered.cache = None

        def start(status, headers, exc_info=None):
            if answered.cache:
                headers.append((CACHE_HEADER, answered.cache))
            return start_response(status, headers, exc_info)

        return application(environ, start)

    return reporting


@dataclass(frozen=True)
class ServerShape:
    worker_class: str
    workers: int
    threads: int

    @property
    def slots(self) -> int:
        """Requests served at once: a sync worker serves one, a gthread worker one a thread."""
        return self.workers * (self.threads if self.worker_class == "gthread" else 1)

    def options(self) -> list[str]:
        options = [f"--worker-class={self.worker_class}", f"--workers={self.workers}"]
        return [*options, f"--threads={self.threads}"] if self.worker_class == "gthread" else options

    def describe(self) -> str:
        keepalive = deployed_gunicorn()["keepalive"]
        if self.worker_class == "gthread":
            shape = f"gthread, {self.workers} workers × {self.threads} threads ({self.slots} requests at once)"
        else:
            shape = f"{self.worker_class}, {self.workers} workers ({self.slots} requests at once)"
        return f"gunicorn {shape}, idle connections kept {keepalive} s (gunicorn.conf.py)"


@functools.cache
def deployed_gunicorn() -> dict:
    """The settings of ``gunicorn.conf.py``, which the image and docker-compose serve with."""
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def server_environment() -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DJANGO_DEBUG": "false"}


def start_server(port: int, shape: ServerShape, log: Path) -> subprocess.Popen:
    """gunicorn on ``port``, once it answers. Refuses a port somebody else answers on: the run would
    measure that server (a left-over one, say) while this one failed to bind."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"Something answers on 127.0.0.1:{port} already: stop it or give --port.")
    command = [
        str(VENV_BIN / "gunicorn"),
        "benchmarks.load:cache_reporting_application()",
        f"--bind=127.0.0.1:{port}",
        *shape.options(),
        "--error-logfile=-",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=server_environment(), stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_allauth/browser/v1/config", timeout=5):
                if server.poll() is None:
                    return server
                raise SystemExit(f"gunicorn stopped: see {log}")
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped: see {log}") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within a minute: see {log}")


# --- Locust ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What locust is asked to do: ``rates`` empty for the unpaced run."""

    users: int
    spawn_rate: float
    seconds: int  # the unpaced run's duration, or each step's
    rates: tuple[float, ...] = ()
    settle: int = 10
    processes: int = 1

    @property
    def ramp_seconds(self) -> int:
        return round(self.users / self.spawn_rate)

    @property
    def run_time(self) -> int:
        if not self.rates:
            return self.ramp_seconds + self.seconds
        # The steps end the run themselves; this only stops a run whose steps never started.
        sign_in_allowance = 180
        return self.ramp_seconds + sign_in_allowance + len(self.rates) * (self.settle + self.seconds) + 60


def locust_command(*, port: int, plan: Plan, prefix: Path) -> list[str]:
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        "benchmarks/locustfile.py",
        "--headless",
        f"--users={plan.users}",
        f"--spawn-rate={plan.spawn_rate}",
        # The clock starts once every user is signed in: sign-ins are spread out (allauth allows 30
        # a minute from one address) and the statistics start afresh when the last user has started.
        f"--run-time={plan.run_time}s",
        f"--host=http://127.0.0.1:{port}",
        f"--csv={prefix}",
        "--only-summary",
        "--loglevel=WARNING",
    ]
    if not plan.rates:
        command.append("--reset-stats")
    if plan.processes != 1:
        command.append(f"--processes={plan.processes}")
    return command


def locust_environment(*, network: dict, plan: Plan) -> dict:
    names = {f"BENCH_{key.upper()}": str(value) for key, value in network.items()}
    paced = {}
    if plan.rates:
        paced = {
            "BENCH_RATES": ",".join(f"{rate:g}" for rate in plan.rates),
            "BENCH_STEP_SECONDS": str(plan.seconds),
            "BENCH_SETTLE_SECONDS": str(plan.settle),
            "BENCH_USERS": str(plan.users),
        }
    return {**os.environ, "PYTHONPATH": str(ROOT), **names, **paced}


def users_for_rate(rate: float, max_patient_task_rate: float = MAX_PATIENT_TASK_RATE) -> int:
    """The fewest users (a multiple of five: four patients to one staff member) that make ``rate``
    requests a second with no patient running more than ``max_patient_task_rate`` tasks a second."""
    users = 5
    while paced_task_rates(rate, users_by_class(users))["Patient"] > max_patient_task_rate:
        users += 5
    return users


# --- Locust's statistics -----------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One row of locust's ``_stats.csv``: a request name, or the aggregate of all (``name`` None)."""

    name: str | None
    requests: int
    failures: int
    rate: float
    p50: int | None
    p95: int | None
    p99: int | None
    max_ms: float
    average_bytes: float
    average_ms: float

    @classmethod
    def from_row(cls, row: dict) -> "Endpoint":
        aggregate = row["Type"] == "" and row["Name"] == "Aggregated"
        return cls(
            name=None if aggregate else row["Name"],
            requests=int(row["Request Count"]),
            failures=int(row["Failure Count"]),
            rate=float(row["Requests/s"]),
            p50=_percentile(row["50%"]),
            p95=_percentile(row["95%"]),
            p99=_percentile(row["99%"]),
            max_ms=float(row["Max Response Time"]),
            average_bytes=float(row["Average Content Size"]),
            average_ms=float(row["Average Response Time"]),
        )

    @property
    def in_target(self) -> bool:
        return self.name is not None and not self.name.startswith(NOT_IN_TARGET)


def _percentile(text: str) -> int | None:
    return None if text in ("", "N/A") else int(float(text))


def parse_stats(rows: list[dict]) -> tuple[list[Endpoint], Endpoint]:
    """The requests and the aggregate of a locust statistics file."""
    parsed = [Endpoint.from_row(row) for row in rows]
    totals = [row for row in parsed if row.name is None]
    if len(totals) != 1:
        raise ValueError("A locust statistics file has exactly one Aggregated row.")
    return [row for row in parsed if row.name is not None], totals[0]


def read_stats(path: Path) -> list[dict]:
    with path.open() as stats:
        return list(csv.DictReader(stats))


def read_failures(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open())) if path.exists() else []


# --- CPU ---------------------------------------------------------------------------------------

_BACKEND_TITLE = re.compile(r"^postgres: (?:[^:]+: )?\S+ (?P<database>\S+) (?:\S+\(\d+\)|\[local\])")


def process_group(*, name: str, title: str, database: str) -> str | None:
    """Which part of the machine a process outside gunicorn and locust is: a backend of the
    benchmark's database (its title ``postgres: [cluster: ]user database host(port) state``), another
    PostgreSQL process (the postmaster, the WAL writer, the checkpointer, autovacuum, parallel
    workers), Redis; a backend of another database is somebody else's (None)."""
    if name in ("postgres", "postmaster"):
        backend = _BACKEND_TITLE.match(title)
        if backend is None:
            return POSTGRES_SERVER
        return POSTGRES if backend["database"] == database else None
    if name.startswith("redis-server"):
        return REDIS
    return None


@dataclass(frozen=True)
class Sample:
    at: float  # time.time()
    cpu: dict[str, float]  # CPU seconds of each group since sampling started; MACHINE: all busy cores
    locust_processes: dict[int, float]  # CPU seconds of each locust process since sampling started


@dataclass(frozen=True)
class CpuShare:
    """CPU over an interval, in cores (CPU seconds per second)."""

    seconds: float
    cores: dict[str, float]
    busiest_locust_process: float
    machine_cores: int

    @property
    def others(self) -> float:
        """What the rest of the machine (other people's work) used."""
        ours = sum(value for group, value in self.cores.items() if group != MACHINE)
        return max(0.0, self.cores.get(MACHINE, 0.0) - ours)

    @property
    def machine_busy_share(self) -> float:
        return self.cores.get(MACHINE, 0.0) / self.machine_cores


def cpu_between(samples: list[Sample], started: float, ended: float, machine_cores: int) -> CpuShare:
    """The CPU spent from ``started`` to ``ended`` by each group, from the samples nearest to them
    (the last one at or before the start, the first one at or after the end)."""
    before = [sample for sample in samples if sample.at <= started] or samples[:1]
    after = [sample for sample in samples if sample.at >= ended] or samples[-1:]
    first, last = before[-1], after[0]
    seconds = last.at - first.at
    if seconds <= 0:
        raise ValueError("No CPU samples span the interval.")
    cores = {group: (last.cpu.get(group, 0.0) - first.cpu.get(group, 0.0)) / seconds for group in last.cpu}
    busiest = max(
        ((spent - first.locust_processes.get(pid, 0.0)) / seconds for pid, spent in last.locust_processes.items()),
        default=0.0,
    )
    return CpuShare(seconds=seconds, cores=cores, busiest_locust_process=busiest, machine_cores=machine_cores)


class CpuSampler(threading.Thread):
    """Every ``interval`` seconds, the CPU seconds of gunicorn's and locust's process trees, of the
    benchmark database's PostgreSQL backends, of the rest of PostgreSQL, of Redis and of the machine.
    A process seen for the first time counts from its start when it started after the sampler (a new
    worker or backend) and from then on otherwise; a process that ends keeps what it was last seen
    with (under a second of it may be missed)."""

    def __init__(self, *, database: str, interval: float = 1.0):
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.database = database
        self.interval = interval
        self.roots: dict[str, int] = {}
        self.samples: list[Sample] = []
        self.started_at = time.time()
        self._seen: dict[tuple[int, float], float] = {}
        self._spent: dict[str, float] = {GUNICORN: 0.0, POSTGRES: 0.0, POSTGRES_SERVER: 0.0, REDIS: 0.0, LOCUST: 0.0}
        self._locust: dict[int, float] = {}
        self._machine_start = self._machine_busy()
        self._stopping = threading.Event()

    def watch(self, group: str, pid: int) -> None:
        """Count ``pid`` and its descendants as ``group`` (gunicorn's master, locust's process)."""
        self.roots[group] = pid

    def run(self) -> None:
        while not self._stopping.is_set():
            self.sample()
            self._stopping.wait(self.interval)

    def stop(self) -> None:
        self._stopping.set()
        self.join()
        self.sample()

    def _machine_busy(self) -> float:
        times = self.psutil.cpu_times()
        # guest time is already counted in user time; idle, I/O wait and steal are not busy here.
        return times.user + times.nice + times.system + getattr(times, "irq", 0) + getattr(times, "softirq", 0)

    def _trees(self) -> dict[int, str]:
        owners = {}
        for group, pid in list(self.roots.items()):
            try:
                root = self.psutil.Process(pid)
                for process in [root, *root.children(recursive=True)]:
                    owners[process.pid] = group
            except self.psutil.NoSuchProcess:
                continue
        return owners

    def sample(self) -> None:
        owners = self._trees()
        first_sample = not self.samples
        for process in self.psutil.process_iter(["name", "cmdline", "create_time", "cpu_times"]):
            info = process.info
            if info["cpu_times"] is None or info["create_time"] is None:
                continue
            group = owners.get(process.pid) or process_group(
                name=info["name"] or "", title=" ".join(info["cmdline"] or []), database=self.database
            )
            if group is None:
                continue
            spent = info["cpu_times"].user + info["cpu_times"].system
            key = (process.pid, info["create_time"])
            if key in self._seen:
                previous = self._seen[key]
            else:
                previous = spent if first_sample or info["create_time"] < self.started_at else 0.0
            self._spent[group] += spent - previous
            self._seen[key] = spent
            if group == LOCUST:
                self._locust[process.pid] = self._locust.get(process.pid, 0.0) + spent - previous
        cpu = {**self._spent, MACHINE: self._machine_busy() - self._machine_start}
        self.samples.append(Sample(at=time.time(), cpu=cpu, locust_processes=dict(self._locust)))


# --- Verdicts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    rate: float  # asked for, requests a second
    seconds: float  # measured
    endpoints: list[Endpoint]
    total: Endpoint
    failures: list[dict]
    cpu: CpuShare
    signed_in: int | None = None
    sign_in_failures: int = 0


@dataclass(frozen=True)
class Verdict:
    misses: list[str] = field(default_factory=list)  # why the step misses the target
    saturated: bool = False
    on: str = ""  # what it saturates on, when saturated

    @property
    def meets_target(self) -> bool:
        return not self.misses


def made_rate(step: Step) -> float:
    """Requests a second made, sign-ins and the slot-taken markers left out."""
    return sum(row.requests for row in step.endpoints if row.in_target) / step.seconds


def judge(step: Step, slots: int) -> Verdict:
    misses = []
    made = made_rate(step)
    if made < RATE_MADE_SHARE * step.rate:
        misses.append(f"made {made:.1f} of {step.rate:g} req/s")
    for row in step.endpoints:
        if not row.in_target:
            continue
        if row.failures:
            misses.append(f"{row.name}: {row.failures} failed")
        slow = (row.p95 or 0) > TARGET_P95_MS or (row.p99 or 0) > TARGET_P99_MS
        if slow:
            misses.append(f"{row.name}: p95 {row.p95} ms, p99 {row.p99} ms")
    cpu = step.cpu
    in_flight = step.total.rate * step.total.average_ms / 1000
    on = ""
    if cpu.busiest_locust_process >= LOCUST_PROCESS_LIMIT:
        on = f"locust (a locust process used {cpu.busiest_locust_process:.2f} of a core: give it --locust-processes)"
    elif cpu.machine_busy_share >= MACHINE_SATURATED_SHARE:
        on = f"CPU ({cpu.machine_busy_share:.0%} of {cpu.machine_cores} cores busy: {cpu_parts(cpu)})"
    elif in_flight >= SLOTS_SATURATED_SHARE * slots:
        on = f"the server's {slots} request slots ({in_flight:.1f} requests in flight on average)"
    saturated = made < RATE_MADE_SHARE * step.rate or bool(on)
    if saturated and not on:
        on = (
            f"neither CPU ({cpu.machine_busy_share:.0%} busy) nor the {slots} request slots "
            f"({in_flight:.1f} in flight): look for waits (locks, I/O)"
        )
    return Verdict(misses=misses, saturated=saturated, on=on)


def cpu_parts(cpu: CpuShare) -> str:
    parts = [
        (GUNICORN, cpu.cores.get(GUNICORN, 0.0)),
        ("PostgreSQL", cpu.cores.get(POSTGRES, 0.0) + cpu.cores.get(POSTGRES_SERVER, 0.0)),
        (LOCUST, cpu.cores.get(LOCUST, 0.0)),
        (REDIS, cpu.cores.get(REDIS, 0.0)),
        ("others on the machine", cpu.others),
    ]
    parts.sort(key=lambda part: -part[1])
    return ", ".join(f"{name} {value:.2f}" for name, value in parts)


def curve_summary(steps: list[Step], slots: int) -> str:
    """One line: up to which rate the target holds, and where and on what the server saturates."""
    verdicts = [judge(step, slots) for step in steps]
    met = [step.rate for step, verdict in zip(steps, verdicts, strict=True) if verdict.meets_target]
    first_miss = next(
        ((step, verdict) for step, verdict in zip(steps, verdicts, strict=True) if not verdict.meets_target), None
    )
    if first_miss is None:
        target = f"Meets the target at every rate asked (up to {steps[-1].rate:g} req/s)."
    else:
        step, verdict = first_miss
        below = [rate for rate in met if rate < step.rate]
        reach = f"up to {max(below):g} req/s" if below else "at none of the rates"
        target = f"Meets the target {reach}; at {step.rate:g} req/s it misses: {'; '.join(verdict.misses[:4])}"
        target += f" (and {len(verdict.misses) - 4} more)." if len(verdict.misses) > 4 else "."
    saturating = next(
        ((step, verdict) for step, verdict in zip(steps, verdicts, strict=True) if verdict.saturated), None
    )
    if saturating is None:
        busiest = max(step.cpu.machine_busy_share for step in steps)
        return f"{target} Does not saturate up to {steps[-1].rate:g} req/s (the machine at most {busiest:.0%} busy)."
    step, verdict = saturating
    return f"{target} Saturates at {step.rate:g} req/s (made {made_rate(step):.1f}) on {verdict.on}."


# --- The report --------------------------------------------------------------------------------


def network_size(slug: str) -> dict:
    from apps.clinics.models import ClinicMembership, ClinicPatient, Organization, Role

    organization = Organization.objects.get(slug=slug)
    clinics = organization.clinics.count()
    return {
        "slug": slug,
        "clinics": clinics,
        "providers": ClinicMembership.objects.filter(clinic__organization=organization, role=Role.PROVIDER).count(),
        "patients": ClinicPatient.objects.filter(clinic__organization=organization).count(),
    }


def machine() -> str:
    from django.db import connection

    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        lines = cpuinfo.read_text().splitlines()
        names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB"
    version = connection.pg_version if connection.vendor == "postgresql" else 0
    return (
        f"{os.cpu_count()} CPUs ({cpu}){memory}; PostgreSQL {version // 10000}.{version % 10000} and Redis on "
        f"127.0.0.1; Python {platform.python_version()}"
    )


def server_settings() -> str:
    """What of Django's settings shapes the server's work: persistent connections and compression."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    age = database.get("CONN_MAX_AGE", 0)
    connections = (
        "a new database connection for each request (CONN_MAX_AGE 0)"
        if age == 0
        else f"database connections kept {'for ever' if age is None else f'{age} s'} (CONN_MAX_AGE, from "
        f"DATABASE_CONN_MAX_AGE), health-checked before reuse: {database.get('CONN_HEALTH_CHECKS', False)}"
    )
    gzip = "django.middleware.gzip.GZipMiddleware" in settings.MIDDLEWARE
    compression = (
        "responses gzipped (GZipMiddleware)"
        if gzip
        else "API responses not compressed (no GZipMiddleware; whitenoise compresses static files only)"
    )
    return f"{connections}; {compression}"


def appointments_in(slug: str) -> int:
    from apps.booking.models import Appointment

    return Appointment.objects.filter(clinic__organization__slug=slug).count()


def cpu_line(cpu: CpuShare, requests: int) -> str:
    gunicorn = cpu.cores.get(GUNICORN, 0.0)
    per_request = f" ({gunicorn * cpu.seconds / requests * 1000:.0f} ms a request)" if requests else ""
    return (
        f"CPU (cores of {cpu.machine_cores}, over {cpu.seconds:.0f} s): gunicorn {gunicorn:.2f}{per_request}, "
        f"PostgreSQL backends {cpu.cores.get(POSTGRES, 0.0):.2f} (+{cpu.cores.get(POSTGRES_SERVER, 0.0):.2f} "
        f"server processes), Redis {cpu.cores.get(REDIS, 0.0):.2f}, locust {cpu.cores.get(LOCUST, 0.0):.2f} "
        f"(busiest process {cpu.busiest_locust_process:.2f} of a core), everything else on the machine "
        f"{cpu.others:.2f}; the machine {cpu.cores.get(MACHINE, 0.0):.2f} busy ({cpu.machine_busy_share:.0%})."
    )


def requests_table(endpoints: list[Endpoint], total: Endpoint, counted) -> list[str]:
    queries = {row.name: row.queries for row in counted}
    statuses = {row.name: row.status for row in counted}
    lines = [
        "| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms | KB | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*(row for row in endpoints if row.requests), total]:
        name = row.name or "**all requests**"
        counted_as = IN_PROCESS_NAMES.get(name, name)
        query_count = f"{queries[counted_as]}" if counted_as in queries else ""
        if counted_as in statuses and statuses[counted_as] >= 400:
            query_count += f" (answered {statuses[counted_as]})"
        lines.append(
            f"| {name} | {row.requests:,} | {row.failures:,} | {row.rate:.1f} | {_ms(row.p50)} | {_ms(row.p95)} | "
            f"{_ms(row.p99)} | {row.max_ms:.0f} | {row.average_bytes / 1024:.1f} | {query_count} |"
        )
    return lines


def _ms(value: int | None) -> str:
    return "N/A" if value is None else str(value)


def in_process_table(counted, repeats: int) -> list[str]:
    if not counted:
        return []
    lines = [
        "",
        f"In-process, after the run (Django's test client, median of {repeats}; availability first with an "
        "empty cache, once; booking and cancelling once):",
        "",
        "| request | status | SQL queries | wall ms | CPU ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    return lines + [
        f"| {row.name} | {row.status} | {row.queries} | {row.wall_ms:.1f} | {row.cpu_ms:.1f} |" for row in counted
    ]


def failure_lines(failures: list[dict]) -> list[str]:
    if not failures:
        return []
    lines = ["", "Failures:", ""]
    return lines + [f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in failures]


def heading(*, label, network, shape, load_before, load_after, crowd, locust) -> list[str]:
    return [
        f"### {label}",
        "",
        f"{datetime.now(UTC):%d %B %Y %H:%M} UTC. Machine: {machine()}. Network: {network['clinics']} clinics, "
        f"{network['providers']} providers, {network['patients']:,} patients, {appointments_in(network['slug']):,} "
        f"appointments. Server: {shape.describe()}; {server_settings()}. {crowd} Load average (1, 5, 15 min) "
        f"before: {_load(load_before)}; after: {_load(load_after)}.",
        "",
        f"Command: `.venv/bin/python -m benchmarks.load {shlex.join(sys.argv[1:])}` (locust: `{locust}`)",
    ]


def single_markdown(*, label, args, plan, shape, network, locust, stats, failures, counted, cpu, load) -> str:
    endpoints, total = parse_stats(stats)
    crowd = (
        f"Locust: {plan.users} users (4 patients to 1 staff member) for {plan.seconds} s after all had signed in "
        f"({plan.spawn_rate}/s)."
    )
    lines = heading(
        label=label, network=network, shape=shape, load_before=load[0], load_after=load[1], crowd=crowd, locust=locust
    )
    lines += ["", *requests_table(endpoints, total, counted), "", cpu_line(cpu, total.requests)]
    lines += in_process_table(counted, args.repeats)
    lines += failure_lines(failures)
    return "\n".join(lines) + "\n"


def curve_markdown(*, label, args, plan, shape, network, locust, steps, counted, load) -> str:
    users = users_by_class(plan.users)
    crowd = (
        f"Locust: {plan.users} users ({users['Patient']} patients, {users['Staff']} staff), "
        f"{'one process' if plan.processes == 1 else f'--processes {plan.processes}'}, each user at a constant "
        f"throughput chosen to make the asked rate in the unpaced run's mix; each rate measured for "
        f"{plan.seconds} s after {plan.settle} s to settle (statistics reset at the start of each step)."
    )
    lines = heading(
        label=label, network=network, shape=shape, load_before=load[0], load_after=load[1], crowd=crowd, locust=locust
    )
    for step in steps:
        verdict = judge(step, shape.slots)
        lines += ["", f"#### {step.rate:g} req/s asked: {made_rate(step):.1f} made", ""]
        lines += requests_table(step.endpoints, step.total, counted)
        lines += ["", cpu_line(step.cpu, step.total.requests)]
        if step.sign_in_failures:
            lines.append(f"Users signed in: {step.signed_in} ({step.sign_in_failures} gave up).")
        lines.append(
            "Meets the target." if verdict.meets_target else f"Misses the target: {'; '.join(verdict.misses)}."
        )
        lines += failure_lines(step.failures)
    lines += [
        "",
        "#### The curve",
        "",
        "| asked req/s | made req/s | failures | all p50 / p95 / p99 ms | worst p95 | worst p99 | machine busy | "
        "gunicorn | PostgreSQL | locust | others | target |",
        "| ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for step in steps:
        measured = [row for row in step.endpoints if row.in_target and row.p95 is not None]
        worst95 = max(measured, key=lambda row: row.p95, default=None)
        worst99 = max(measured, key=lambda row: row.p99 or 0, default=None)
        cores = step.cpu.cores
        lines.append(
            f"| {step.rate:g} | {made_rate(step):.1f} | {sum(row.failures for row in measured)} | "
            f"{_ms(step.total.p50)} / {_ms(step.total.p95)} / {_ms(step.total.p99)} | "
            f"{f'{worst95.p95} ({worst95.name})' if worst95 else ''} | "
            f"{f'{worst99.p99} ({worst99.name})' if worst99 else ''} | {step.cpu.machine_busy_share:.0%} | "
            f"{cores.get(GUNICORN, 0.0):.2f} | {cores.get(POSTGRES, 0.0) + cores.get(POSTGRES_SERVER, 0.0):.2f} | "
            f"{cores.get(LOCUST, 0.0):.2f} | {step.cpu.others:.2f} | "
            f"{'met' if judge(step, shape.slots).meets_target else 'missed'} |"
        )
    lines += ["", curve_summary(steps, shape.slots) if steps else "No step was measured."]
    lines += in_process_table(counted, args.repeats)
    return "\n".join(lines) + "\n"


def _load(averages) -> str:
    return ", ".join(f"{value:.2f}" for value in averages)


def read_steps(prefix: Path, samples: list[Sample]) -> list[Step]:
    timeline = Path(f"{prefix}_steps.jsonl")
    if not timeline.exists():
        return []
    steps = []
    for line in timeline.read_text().splitlines():
        step = json.loads(line)
        endpoints, total = parse_stats(read_stats(Path(f"{prefix}_step{step['index']}_stats.csv")))
        steps.append(
            Step(
                rate=step["rate"],
                seconds=step["ended"] - step["started"],
                endpoints=endpoints,
                total=total,
                failures=read_failures(Path(f"{prefix}_step{step['index']}_failures.csv")),
                cpu=cpu_between(samples, step["started"], step["ended"], os.cpu_count() or 1),
                signed_in=step["signed_in"],
                sign_in_failures=step["sign_in_failures"],
            )
        )
    return steps


def parse_rates(text: str) -> tuple[float, ...]:
    rates = tuple(float(rate) for rate in text.split(",") if rate.strip())
    if not rates or any(rate <= 0 for rate in rates):
        raise argparse.ArgumentTypeError("give one or more positive rates, e.g. 25,50,100,150")
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--users", type=int, help="default 20 unpaced; paced: enough for the highest rate (rounded up to 5s)"
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=0.4, help="users started a second (allauth allows 30 sign-ins a minute)"
    )
    parser.add_argument(
        "--duration", type=int, default=180, help="seconds measured once every user has started (or at one rate)"
    )
    parser.add_argument("--rates", type=parse_rates, help="paced: total requests a second, one step each (25,50,…)")
    parser.add_argument("--step-duration", type=int, help="paced: seconds measured at each rate (default --duration)")
    parser.add_argument("--settle", type=int, default=10, help="paced: seconds at a new rate before measuring")
    parser.add_argument("--locust-processes", type=int, default=1, help="locust --processes (-1: one a core)")
    deployed = deployed_gunicorn()  # by default, the shape the portal is served in
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default=deployed["worker_class"])
    parser.add_argument("--workers", type=int, default=deployed["workers"])
    parser.add_argument("--threads", type=int, default=deployed["threads"], help="threads a gthread worker")
    parser.add_argument("--conn-max-age", type=int, help="the server's DATABASE_CONN_MAX_AGE (default: the settings')")
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--repeats", type=int, default=10, help="in-process timings per request after the run")
    parser.add_argument("--label", default="Load run")
    parser.add_argument("--append-to", type=Path, help="append the Markdown section to this file")
    args = parser.parse_args()

    if args.conn_max_age is not None:
        os.environ["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    os.environ["DJANGO_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from benchmarks.queries import measure_requests

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        raise SystemExit("The load run is for PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
    shape = ServerShape(args.worker_class, args.workers, args.threads)
    if args.rates:
        users = args.users or users_for_rate(max(args.rates))
        plan = Plan(
            users=math.ceil(users / 5) * 5,
            spawn_rate=args.spawn_rate,
            seconds=args.step_duration or args.duration,
            rates=args.rates,
            settle=args.settle,
            processes=args.locust_processes,
        )
    else:
        plan = Plan(users=args.users or 20, spawn_rate=args.spawn_rate, seconds=args.duration)
    network = network_size(args.slug)
    database = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory(prefix="portal-load-") as folder:
        prefix = Path(folder) / "locust"
        load_before = os.getloadavg()
        server = start_server(args.port, shape, Path(folder) / "gunicorn.log")
        locust = None
        try:
            sampler = CpuSampler(database=database)
            sampler.watch(GUNICORN, server.pid)
            sampler.start()
            command = locust_command(port=args.port, plan=plan, prefix=prefix)
            environment = locust_environment(
                network={key: network[key] for key in ("slug", "clinics", "providers", "patients")}, plan=plan
            )
            started = time.time()
            # Locust exits with 1 when any request failed: the failures are reported, not raised.
            locust = subprocess.Popen(command, cwd=ROOT, env=environment)
            sampler.watch(LOCUST, locust.pid)
            locust.wait()
            ended = time.time()
            load_after = os.getloadavg()
            sampler.stop()
        finally:
            if locust is not None and locust.poll() is None:
                locust.send_signal(signal.SIGTERM)
                locust.wait(timeout=30)
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if plan.rates:
            steps = read_steps(prefix, sampler.samples)
        else:
            stats, failures = read_stats(Path(f"{prefix}_stats.csv")), read_failures(Path(f"{prefix}_failures.csv"))
            cpu = cpu_between(sampler.samples, started + plan.ramp_seconds, ended, os.cpu_count() or 1)
    # Minutes of load are not thrown away when the in-process pass fails: the section is written
    # without its query counts, and the error raised afterwards.
    in_process_error = None
    try:
        counted = measure_requests(args.slug, today=datetime.now(UTC).date(), repeats=args.repeats)
    except Exception as error:
        counted, in_process_error = [], error
    common = {
        "label": args.label,
        "args": args,
        "plan": plan,
        "shape": shape,
        "network": network,
        "locust": shlex.join(command[1:]),
    }
    if plan.rates:
        section = curve_markdown(**common, steps=steps, counted=counted, load=(load_before, load_after))
    else:
        section = single_markdown(
            **common, stats=stats, failures=failures, counted=counted, cpu=cpu, load=(load_before, load_after)
        )
    if in_process_error is not None:
        section += f"\nThe in-process pass failed: {in_process_error!r}\n"
    print(section)
    if args.append_to:
        with args.append_to.open("a") as target:
            target.write("\n" + section)
    if in_process_error is not None:
        raise in_process_error


if __name__ == "__main__":
    main()
