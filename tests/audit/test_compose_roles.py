"""docker-compose.yml runs the portal as the role that owns nothing, and migrates as the owner."""

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_web_worker_and_beat_connect_as_the_apps_role_and_only_migrate_runs_as_the_owner():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://portal_app:"), name
    migrate = services["migrate"]
    assert migrate["environment"]["DATABASE_URL"].startswith("postgres://portal:")
    assert "manage.py grant_app_role portal_app" in " ".join(migrate["command"])
    assert any("create-app-role.sh" in volume for volume in services["postgres"]["volumes"])
