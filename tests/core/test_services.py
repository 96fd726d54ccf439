import pytest
import redis
from django.conf import settings
from django.core.cache import cache


@pytest.mark.redis
def test_the_shared_cache_is_the_configured_redis():
    cache.set("portal-probe", "seen", timeout=30)
    raw = redis.Redis.from_url(settings.REDIS_URL)
    assert any(b"portal-probe" in key for key in raw.scan_iter(match="*portal-probe*"))


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_is_postgresql_with_the_extensions_the_portal_needs():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
    assert connection.vendor == "postgresql"
    assert {"btree_gist", "pg_trgm"} <= extensions
