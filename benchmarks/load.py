"""The load run: gunicorn on PostgreSQL + Redis, locust headless against it, and the SQL queries per
request; writes a Markdown section (latency percentiles, throughput, queries, machine, load average,
command) to stdout and, with ``--append-to``, to the end of that file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python -m benchmarks.load --users 40 --duration 180 --label "before" --append-to BENCHMARKS.md

The database must hold the network of ``python -m benchmarks.network`` (``--slug``, default bench).
The server runs with the embedded settings and DEBUG off (``portal.settings.local``: production's
settings insist on HTTPS cookies), ``--workers`` sync workers (default 2 × cores + 1). Locust runs as
its own process; every process shares the machine, so say what else ran (the load average is recorded).
"""

import argparse
import csv
import os
import platform
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SETTINGS = "portal.settings.local"


def server_environment() -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DJANGO_DEBUG": "false"}


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        "portal.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--error-logfile=-",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=server_environment(), stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_allauth/browser/v1/config", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped: see {log}") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within a minute: see {log}")


def run_locust(*, port: int, users: int, spawn_rate: float, duration: int, network: dict, prefix: Path) -> str:
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        "benchmarks/locustfile.py",
        "--headless",
        f"--users={users}",
        f"--spawn-rate={spawn_rate}",
        # The clock starts once every user is signed in: sign-ins are spread out (allauth allows 30
        # a minute from one address) and the statistics start afresh when the last user has started.
        f"--run-time={round(users / spawn_rate) + duration}s",
        "--reset-stats",
        f"--host=http://127.0.0.1:{port}",
        f"--csv={prefix}",
        "--only-summary",
        "--loglevel=WARNING",
    ]
    names = {f"BENCH_{key.upper()}": str(value) for key, value in network.items()}
    # Locust exits with 1 when any request failed: the failures are reported, not raised.
    subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **names}, check=False)
    return shlex.join(command[1:])


def read_stats(prefix: Path) -> list[dict]:
    with Path(f"{prefix}_stats.csv").open() as stats:
        return list(csv.DictReader(stats))


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    return list(csv.DictReader(path.open())) if path.exists() else []


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


def appointments_in(slug: str) -> int:
    from apps.booking.models import Appointment

    return Appointment.objects.filter(clinic__organization__slug=slug).count()


def markdown(*, label, args, network, stats, failures, counted, load_before, load_after, locust_command) -> str:
    queries = {row.name: row.queries for row in counted}
    statuses = {row.name: row.status for row in counted}
    lines = [
        f"### {label}",
        "",
        f"{datetime.now(UTC):%d %B %Y %H:%M} UTC. Machine: {machine()}. Network: {network['clinics']} clinics, "
        f"{network['providers']} providers, {network['patients']:,} patients, {appointments_in(network['slug']):,} "
        f"appointments. gunicorn with {args.workers} sync workers; locust with {args.users} users (4 patients to "
        f"1 staff member) for {args.duration} s after all had signed in ({args.spawn_rate}/s). Load average "
        f"(1, 5, 15 min) before: {_load(load_before)}; after: {_load(load_after)}.",
        "",
        f"Command: `.venv/bin/python -m benchmarks.load {shlex.join(sys.argv[1:])}` (locust: `{locust_command}`)",
        "",
        "| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in stats:
        name = row["Name"]
        if row["Type"] == "" and name == "Aggregated":
            name = "**all requests**"
        query_count = f"{queries[name]}" if name in queries else ""
        if name in statuses and statuses[name] >= 400:
            query_count += f" (answered {statuses[name]})"
        lines.append(
            f"| {name} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} | {query_count} |"
        )
    lines += [
        "",
        f"In-process, after the run (Django's test client, median of {args.repeats}; availability first with an "
        "empty cache, once; booking and cancelling once):",
        "",
        "| request | status | SQL queries | wall ms | CPU ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row.name} | {row.status} | {row.queries} | {row.wall_ms:.1f} | {row.cpu_ms:.1f} |" for row in counted
    ]
    if failures:
        lines += ["", "Failures:", ""]
        lines += [f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in failures]
    return "\n".join(lines) + "\n"


def _load(averages) -> str:
    return ", ".join(f"{value:.2f}" for value in averages)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--spawn-rate", type=float, default=0.4, help="users started a second (allauth allows 30 sign-ins a minute)"
    )
    parser.add_argument("--duration", type=int, default=180, help="seconds measured once every user has started")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--slug", default="bench")
    parser.add_argument("--repeats", type=int, default=10, help="in-process timings per request after the run")
    parser.add_argument("--label", default="Load run")
    parser.add_argument("--append-to", type=Path, help="append the Markdown section to this file")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    os.environ["DJANGO_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from benchmarks.queries import measure_requests

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        raise SystemExit("The load run is for PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
    network = network_size(args.slug)
    with tempfile.TemporaryDirectory(prefix="portal-load-") as folder:
        prefix = Path(folder) / "locust"
        load_before = os.getloadavg()
        server = start_server(args.port, args.workers, Path(folder) / "gunicorn.log")
        try:
            locust_command = run_locust(
                port=args.port,
                users=args.users,
                spawn_rate=args.spawn_rate,
                duration=args.duration,
                network={key: network[key] for key in ("slug", "clinics", "providers", "patients")},
                prefix=prefix,
            )
            load_after = os.getloadavg()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        stats, failures = read_stats(prefix), read_failures(prefix)
    counted = measure_requests(args.slug, today=datetime.now(UTC).date(), repeats=args.repeats)
    section = markdown(
        label=args.label,
        args=args,
        network=network,
        stats=stats,
        failures=failures,
        counted=counted,
        load_before=load_before,
        load_after=load_after,
        locust_command=locust_command,
    )
    print(section)
    if args.append_to:
        with args.append_to.open("a") as target:
            target.write("\n" + section)


if __name__ == "__main__":
    main()
