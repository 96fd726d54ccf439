"""DATABASE_POOLER: what Django needs behind PgBouncer in transaction pooling mode, and the compose file
that puts web, worker and beat behind it. Settings are read in a fresh interpreter for each case."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
POOLED = ("web", "worker", "beat")
PROBE = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps({'engine': d['ENGINE'], 'host': d['HOST'], 'conn_max_age': d.get('CONN_MAX_AGE'), "
    "'no_server_side_cursors': d.get('DISABLE_SERVER_SIDE_CURSORS', False), 'options': d.get('OPTIONS', {})}))"
)
POSTGRES = "postgres://portal_app:secret@pgbouncer:5432/portal"
# What the compose file leaves to the operator's environment (``${NAME:?…}``).
OPERATOR_ENV = {"DJANGO_SECRET_KEY": "k" * 30 + "-a-real-looking-secret-of-sufficient-length"}


def _run(settings_module: str, env: dict) -> subprocess.CompletedProcess:
    # Nothing of this process's own database configuration leaks into the probe.
    left_out = ("DATABASE_URL", "DATABASE_POOLER", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in left_out}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    command = [sys.executable, "-c", f"import django; django.setup(); {PROBE}"]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False)


def _database(settings_module="portal.settings.local", **env) -> dict:
    result = _run(settings_module, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def _interpolated(value: str) -> str:
    """``${NAME:-default}`` and ``${NAME:?error}`` as docker compose fills them from OPERATOR_ENV."""

    def fill(match):
        name, kind, rest = match.groups()
        if name in OPERATOR_ENV:
            return OPERATOR_ENV[name]
        assert kind == ":-", f"the compose file needs {name} from the environment"
        return rest

    return re.sub(r"\$\{(\w+)(:-|:\?)([^}]*)\}", fill, value)


def test_without_a_pooler_server_side_cursors_stay_on():
    database = _database(DATABASE_URL=POSTGRES)
    assert database["no_server_side_cursors"] is False
    assert "prepare_threshold" not in database["options"]


def test_transaction_pooling_turns_off_what_would_outlive_a_transaction():
    database = _database(DATABASE_URL=POSTGRES, DATABASE_POOLER="transaction")
    assert database["no_server_side_cursors"] is True
    assert database["options"]["prepare_threshold"] is None
    # Connections to the pooler may still be kept: they hold no server state between transactions.
    assert database["conn_max_age"] == 60


@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        ({"DATABASE_URL": POSTGRES, "DATABASE_POOLER": "session"}, "must be empty or 'transaction'"),
        ({"DATABASE_POOLER": "transaction"}, "is for PostgreSQL behind PgBouncer"),
    ],
    ids=["unknown mode", "sqlite"],
)
def test_a_pooler_setting_that_cannot_be_meant_stops_the_start(env, refusal):
    result = _run("portal.settings.local", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert refusal in result.stderr


def test_compose_puts_web_worker_and_beat_behind_pgbouncer_and_migrates_directly():
    services = _services()
    for name in POOLED:
        environment = services[name]["environment"]
        url = urlsplit(_interpolated(environment["DATABASE_URL"]))
        assert (url.username, url.hostname, url.path) == ("portal_app", "pgbouncer", "/portal"), name
        assert environment["DATABASE_POOLER"] == "transaction", name
        assert "pgbouncer" in services[name]["depends_on"], name
    migrate = services["migrate"]["environment"]
    assert urlsplit(migrate["DATABASE_URL"]).hostname == "postgres"
    assert migrate["DATABASE_POOLER"] == ""


def test_compose_pgbouncer_pools_transactions_for_the_apps_role_on_postgresql():
    pgbouncer = _services()["pgbouncer"]
    image, _, tag = pgbouncer["image"].partition(":")
    assert image == "edoburu/pgbouncer"
    assert tag and tag != "latest"
    assert pgbouncer["environment"]["POOL_MODE"] == "transaction"
    upstream = urlsplit(_interpolated(pgbouncer["environment"]["DATABASE_URL"]))
    served = urlsplit(_interpolated(_services()["web"]["environment"]["DATABASE_URL"]))
    assert upstream.hostname == "postgres"
    # Clients sign in to PgBouncer with the role and password it signs in to PostgreSQL with.
    assert (upstream.username, upstream.password, upstream.path) == (served.username, served.password, served.path)
    assert pgbouncer["depends_on"]["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", POOLED)
def test_the_pooled_services_settings_as_compose_gives_them(name):
    environment = {key: _interpolated(str(value)) for key, value in _services()[name]["environment"].items()}
    database = _database(environment.pop("DJANGO_SETTINGS_MODULE"), **environment)
    assert database["engine"] == "django.db.backends.postgresql"
    assert database["host"] == "pgbouncer"
    assert database["no_server_side_cursors"] is True
    assert database["options"]["prepare_threshold"] is None
