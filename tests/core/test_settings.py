"""Settings are read from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'name': s.DATABASES['default']['NAME'], "
    "'cache': s.CACHES['default']['BACKEND'], 'broker': s.CELERY_BROKER_URL}))"
)
GOOD_PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k" * 30 + "-a-real-looking-secret-of-sufficient-length",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "REDIS_URL": "redis://cache.example.org:6379/0",
}


def _run(args, settings_module, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process; a deployment never has it.
    left_out = ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in left_out}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False)


def _settings(settings_module="portal.settings.local", **env):
    result = _run([sys.executable, "-c", f"import django; django.setup(); {PROBE}"], settings_module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_configuration_the_embedded_engines_are_used():
    chosen = _settings()
    assert chosen["db"] == "django.db.backends.sqlite3"
    assert chosen["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert chosen["broker"] == "filesystem://"


def test_database_url_and_redis_url_select_postgresql_and_redis():
    chosen = _settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal_x", REDIS_URL="redis://127.0.0.1:6379/3")
    assert chosen["db"] == "django.db.backends.postgresql"
    assert chosen["name"] == "portal_x"
    assert chosen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert chosen["broker"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_required_values(missing):
    env = {k: v for k, v in GOOD_PRODUCTION_ENV.items() if k != missing}
    result = _run([sys.executable, "-c", "import django; django.setup()"], "portal.settings.production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_the_development_secret():
    env = {**GOOD_PRODUCTION_ENV, "DJANGO_SECRET_KEY": "insecure-local-only-key-change-me"}
    result = _run([sys.executable, "-c", "import django; django.setup()"], "portal.settings.production", **env)
    assert "ImproperlyConfigured" in result.stderr


def test_production_deploy_check_is_clean():
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "portal.settings.production",
        **GOOD_PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
