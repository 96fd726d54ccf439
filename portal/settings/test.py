"""Test settings: PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI), SQLite otherwise."""

from .base import *  # noqa: F403
from .base import REDIS_URL

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
