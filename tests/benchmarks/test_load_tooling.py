"""The load run's pure helpers: the pacing that turns a rate into each user's throughput, reading
locust's statistics, the CPU between two samples, and the verdict on a step of the curve."""

import argparse
import csv
import io

import pytest

from benchmarks.endpoints import (
    DASHBOARD,
    PATIENT_TASKS,
    STAFF_TASKS,
    paced_task_rates,
    requests_per_task,
    staff_pace,
    users_by_class,
)
from benchmarks.load import (
    GUNICORN,
    LOCUST,
    MACHINE,
    POSTGRES,
    POSTGRES_SERVER,
    REDIS,
    CpuShare,
    Endpoint,
    Sample,
    ServerShape,
    Step,
    cpu_between,
    curve_summary,
    judge,
    made_rate,
    parse_rates,
    parse_stats,
    process_group,
    users_for_rate,
)

# The header locust 2.47 writes to <prefix>_stats.csv.
HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
    "99.99%,100%"
)
STATS = f"""{HEADER}
GET,"availability (7 days), cold cache",50,0,98,105.2,47,260,106800,2.5,0.0,98,110,130,140,160,190,260,260,260,260,260
GET,schedule (week),3,1,250,237.0,123,334,133200,0.15,0.05,250,250,330,330,330,330,330,330,330,330,330
POST,sign in: TOTP,0,0,0,0.0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A
,Aggregated,53,1,100,112.4,47,334,108000,2.65,0.05,100,110,130,140,170,250,330,330,330,330,330
"""


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def endpoint(name, *, requests=600, p95=50, p99=80, failures=0, average_ms=30.0, rate=None):
    return Endpoint(
        name=name,
        requests=requests,
        failures=failures,
        rate=requests / 60 if rate is None else rate,
        p50=20,
        p95=p95,
        p99=p99,
        max_ms=p99 + 10,
        average_bytes=1000,
        average_ms=average_ms,
    )


def share(*, machine=1.0, gunicorn=0.6, postgres=0.2, locust=0.1, busiest_locust=0.1) -> CpuShare:
    cores = {
        GUNICORN: gunicorn,
        POSTGRES: postgres,
        POSTGRES_SERVER: 0.0,
        REDIS: 0.01,
        LOCUST: locust,
        MACHINE: machine,
    }
    return CpuShare(seconds=60, cores=cores, busiest_locust_process=busiest_locust, machine_cores=2)


def step(rate, endpoints, *, cpu=None, seconds=60.0) -> Step:
    requests = sum(row.requests for row in endpoints)
    average_ms = sum(row.requests * row.average_ms for row in endpoints) / requests
    total = endpoint(None, requests=requests, rate=requests / seconds, average_ms=average_ms)
    return Step(rate=rate, seconds=seconds, endpoints=endpoints, total=total, failures=[], cpu=cpu or share())


def test_the_mix_counts_the_requests_each_task_makes():
    assert PATIENT_TASKS["dashboard"] == (3, len(DASHBOARD))
    assert requests_per_task(PATIENT_TASKS) == pytest.approx((3 * 8 + 3 * 2 + 1 * 3) / 7)
    assert requests_per_task(STAFF_TASKS) == 1
    assert staff_pace() == pytest.approx(2 / 3.5)


@pytest.mark.parametrize("rate", [25, 50, 100, 150])
def test_paced_users_together_make_the_rate_asked_for(rate):
    users = users_by_class(users_for_rate(rate))
    per_user = paced_task_rates(rate, users)

    made = users["Patient"] * per_user["Patient"] * requests_per_task(PATIENT_TASKS) + users["Staff"] * per_user[
        "Staff"
    ] * requests_per_task(STAFF_TASKS)
    assert made == pytest.approx(rate)
    assert per_user["Staff"] == pytest.approx(per_user["Patient"] * staff_pace())
    assert per_user["Patient"] <= 0.8


def test_users_for_a_rate_are_the_fewest_multiple_of_five_without_a_patient_hurrying():
    assert users_by_class(50) == {"Patient": 40, "Staff": 10}
    users = users_for_rate(150)
    assert users % 5 == 0
    assert paced_task_rates(150, users_by_class(users))["Patient"] <= 0.8
    assert paced_task_rates(150, users_by_class(users - 5))["Patient"] > 0.8


def test_rates_are_parsed_from_a_comma_separated_list():
    assert parse_rates("25,50, 100,150") == (25, 50, 100, 150)
    with pytest.raises(argparse.ArgumentTypeError, match="positive rates"):
        parse_rates("25,0")


def test_locust_statistics_are_read_with_the_aggregate_apart():
    endpoints, total = parse_stats(rows(STATS))

    cold, week, totp = endpoints
    assert (cold.name, cold.requests, cold.p50, cold.p95, cold.p99) == (
        "availability (7 days), cold cache",
        50,
        98,
        190,
        260,
    )
    assert (week.failures, week.average_bytes) == (1, 133200)
    assert (totp.p95, totp.in_target) == (None, False)
    assert (total.name, total.requests, total.p99, total.in_target) == (None, 53, 330, False)


def test_a_statistics_file_without_its_aggregate_is_refused():
    with pytest.raises(ValueError, match="Aggregated"):
        parse_stats(rows(STATS)[:2])


@pytest.mark.parametrize(
    ("name", "title", "group"),
    [
        ("postgres", "postgres: 15/main: postgres portal_seedbench 127.0.0.1(54934) idle", POSTGRES),
        ("postgres", "postgres: postgres portal_seedbench [local] SELECT", POSTGRES),
        ("postgres", "postgres: 15/main: postgres portal_bench 127.0.0.1(54934) idle", None),
        ("postgres", "postgres: 15/main: walwriter ", POSTGRES_SERVER),
        ("postgres", "postgres: 15/main: autovacuum worker portal_seedbench", POSTGRES_SERVER),
        ("postgres", "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main", POSTGRES_SERVER),
        ("redis-server", "redis-server 127.0.0.1:6379", REDIS),
        ("python", "python -m pytest", None),
    ],
)
def test_processes_are_grouped_by_what_they_serve(name, title, group):
    assert process_group(name=name, title=title, database="portal_seedbench") == group


def test_cpu_between_two_instants_uses_the_samples_around_them():
    samples = [
        Sample(at=100.0, cpu={GUNICORN: 0.0, MACHINE: 0.0}, locust_processes={7: 0.0}),
        Sample(at=101.0, cpu={GUNICORN: 1.0, MACHINE: 1.5}, locust_processes={7: 0.2}),
        Sample(at=111.0, cpu={GUNICORN: 13.0, MACHINE: 19.5}, locust_processes={7: 2.2, 8: 3.0}),
        Sample(at=112.0, cpu={GUNICORN: 14.0, MACHINE: 21.0}, locust_processes={7: 2.4, 8: 3.3}),
    ]

    cpu = cpu_between(samples, started=101.5, ended=110.5, machine_cores=2)

    assert cpu.seconds == 10
    assert cpu.cores[GUNICORN] == pytest.approx(1.2)
    assert cpu.busiest_locust_process == pytest.approx(0.3)  # a process that started in the interval
    assert cpu.machine_busy_share == pytest.approx(0.9)
    assert cpu.others == pytest.approx(0.6)


def test_a_step_within_the_target_meets_it_and_is_not_saturated():
    verdict = judge(step(10, [endpoint("dashboard /me"), endpoint("sign in: password", p95=900, p99=900)]), slots=5)

    assert verdict.meets_target
    assert not verdict.saturated


def test_a_slow_or_failing_endpoint_misses_the_target():
    slow = step(
        20, [endpoint("dashboard /me"), endpoint("schedule (week)", p95=140, p99=200), endpoint("book", failures=2)]
    )

    verdict = judge(slow, slots=5)

    assert verdict.misses == ["schedule (week): p95 140 ms, p99 200 ms", "book: 2 failed"]


def test_a_step_short_of_its_rate_on_a_busy_machine_saturates_on_cpu():
    short = step(150, [endpoint("dashboard /me", requests=6000)], cpu=share(machine=1.96, gunicorn=1.5))

    verdict = judge(short, slots=16)

    assert made_rate(short) == 100
    assert verdict.misses[0] == "made 100.0 of 150 req/s"
    assert verdict.saturated
    assert verdict.on.startswith("CPU (98% of 2 cores busy: gunicorn 1.50, PostgreSQL 0.20")


def test_a_busy_locust_process_is_named_before_the_machine():
    verdict = judge(
        step(150, [endpoint("dashboard /me", requests=6000)], cpu=share(machine=1.96, busiest_locust=0.95)), slots=16
    )

    assert verdict.on.startswith("locust (a locust process used 0.95 of a core")


def test_requests_queueing_for_the_server_s_slots_saturate_them():
    # 100 requests a second of 55 ms on average: 5.5 in flight for 5 sync workers.
    queued = step(100, [endpoint("dashboard /me", requests=6000, average_ms=55.0)], cpu=share(machine=1.2))

    assert judge(queued, slots=5).on == "the server's 5 request slots (5.5 requests in flight on average)"
    assert ServerShape("gthread", 4, 4).slots == 16
    assert ServerShape("sync", 5, 4).slots == 5


def test_the_summary_says_up_to_where_the_target_holds_and_where_it_saturates():
    steps = [
        step(25, [endpoint("dashboard /me", requests=1500)]),
        step(50, [endpoint("dashboard /me", requests=3000)]),
        step(100, [endpoint("dashboard /me", requests=6000, p95=180, p99=400)], cpu=share(machine=1.5)),
        step(150, [endpoint("dashboard /me", requests=6600, p95=900, p99=2000)], cpu=share(machine=1.97)),
    ]

    summary = curve_summary(steps, slots=16)

    assert summary.startswith(
        "Meets the target up to 50 req/s; at 100 req/s it misses: dashboard /me: p95 180 ms, p99 400 ms. "
        "Saturates at 150 req/s (made 110.0) on CPU (98% of 2 cores busy"
    )


def test_the_summary_of_a_curve_that_holds():
    summary = curve_summary([step(25, [endpoint("dashboard /me", requests=1500)])], slots=16)

    assert summary == (
        "Meets the target at every rate asked (up to 25 req/s). Does not saturate up to 25 req/s "
        "(the machine at most 50% busy)."
    )
