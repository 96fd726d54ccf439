"""Test settings: PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI), SQLite otherwise."""

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-deployment-000000000000"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "apps.reminders.sms.MemorySMSBackend"
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Static files are not built for unit tests; whitenoise would only warn about the missing folder.
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("whitenoise.")]  # noqa: F405
JITSI_DOMAIN = "video.portal.test"
JITSI_APP_ID = "portal-test"
JITSI_APP_SECRET = "test-only-video-secret-000000000000000000"  # noqa: S105
JITSI_MODERATOR_CLAIM = "moderator"
# Tests set the scene by writing rows directly, which never tells the availability cache; the cache's
# own tests (tests/booking/test_availability_cache.py) turn it on.
AVAILABILITY_CACHE_SECONDS = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared-cache in-memory database: the browser tests' live server answers from
    # another thread, and shared-cache SQLite refuses a locked table at once ("database table is
    # locked") instead of waiting out the busy timeout as separate connections to a file do.
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
