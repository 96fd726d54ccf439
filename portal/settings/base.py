"""Settings shared by every environment. Every value that differs between machines comes from the
environment (django-environ); the defaults make the embedded set-up (SQLite, a filesystem broker,
e-mail to files) work with nothing configured."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[PORTAL_BASE_URL])

INSTALLED_APPS = [
    "apps.accounts.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "phonenumber_field",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "apps.core",
    "apps.accounts",
    "apps.clinics",
    "apps.audit",
    "apps.reminders",
    "apps.education",
    "apps.care",
    "apps.booking",
    "apps.payments",
    "apps.reports",
    "apps.fhir",
    "apps.outside_care",
    "apps.webhooks",
    "apps.demo",
    "portal",  # last: wires the apps together once they are all loaded
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.audit.context.AuditContextMiddleware",  # before anything that may record an access
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.clinics.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked": web, worker and beat share the file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# What stands between the portal and PostgreSQL: nothing (""), or a pooler in transaction mode
# ("transaction": PgBouncer with pool_mode = transaction, as in docker-compose.yml). There, each
# transaction may run on another server connection, so nothing may outlive one on the server: no
# server-side cursors (QuerySet.iterator() declares one WITH HOLD outside a transaction) and no
# prepared statements (psycopg prepares a query run often unless prepare_threshold is None).
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "transaction"):
    raise environ.ImproperlyConfigured(f"DATABASE_POOLER must be empty or 'transaction', not {DATABASE_POOLER!r}.")
if DATABASE_POOLER == "transaction":
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise environ.ImproperlyConfigured("DATABASE_POOLER=transaction is for PostgreSQL behind PgBouncer.")
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A file cache is shared by the embedded web, worker and beat processes (allauth's rate limits
    # need one cache that every process sees).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Authentication ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The SPA's sign-in (the Django admin sends people there: its own login form is disabled).
LOGIN_URL = "/account/login"
AUTHENTICATION_BACKENDS = [
    "apps.accounts.auth_backends.PortalModelBackend",
    "apps.accounts.auth_backends.PortalAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "apps.accounts.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # only within the session that signed up
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Failed logins are limited per account (key) tightly and per IP loosely: a clinic's staff share one
# address, and a few typos at the front desk must not lock out everyone behind it.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/5m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser",)
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{PORTAL_BASE_URL}/account/verify-email/{{key}}",
    "account_reset_password": f"{PORTAL_BASE_URL}/account/password/reset",
    "account_reset_password_from_key": f"{PORTAL_BASE_URL}/account/password/reset/key/{{key}}",
    "account_signup": f"{PORTAL_BASE_URL}/account/signup",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Patient Portal")
MFA_RECOVERY_CODE_COUNT = 10

# Tracking every request's activity costs four queries a request; the session list still shows where
# and when each session started.
USERSESSIONS_TRACK_ACTIVITY = False

# Idle limits: staff see many patients' records, so their sessions end sooner.
SESSION_IDLE_TIMEOUT_STAFF = timedelta(minutes=env.int("SESSION_IDLE_MINUTES_STAFF", default=15))
SESSION_IDLE_TIMEOUT_PATIENT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES_PATIENT", default=30))
# However active, a session ends this long after sign-in (the cookie age is renewed on each save).
SESSION_ABSOLUTE_LIMIT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIMIT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis in production) and written through to the database, so
# that a request does not begin with a query of its own; signing out deletes both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Response headers (HSTS and secure cookies are in production.py: they need HTTPS) ------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline or third-party scripts. Styles allow inline attributes: the component library sets them.
# Stripe's Payment Element (paying at booking) runs Stripe.js in frames of its own and calls Stripe's API
# from the page: the hosts are those of Stripe's CSP guide, and nothing else is allowed.
STRIPE_JS_HOSTS = ["https://js.stripe.com", "https://*.js.stripe.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *STRIPE_JS_HOSTS],
        "frame-src": [*STRIPE_JS_HOSTS, "https://hooks.stripe.com"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# A neutral sender: the clinic's treatment is itself sensitive.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Patient Portal <no-reply@portal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation and time ------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "US"

# --- Static files and the SPA -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
FRONTEND_DIST_DIR = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST_DIR] if FRONTEND_DIST_DIR.exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- REST API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Patient Portal API",
    "DESCRIPTION": "Patient portal and clinic console. Authentication lives at /_allauth/browser/v1/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.openapi.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "IntakeStatusEnum": "apps.care.models.Intake.Status",
        "TreatmentPlanStatusEnum": "apps.care.models.TreatmentPlan.Status",
        "NotificationKindEnum": "apps.reminders.kinds.kind_choices",
        "NotificationStatusEnum": "apps.reminders.models.Status",
        "AppointmentStatusEnum": "apps.booking.models.AppointmentStatus",
        "DosingRouteEnum": "apps.booking.models.DosingRoute",
        "ServiceKindEnum": "apps.booking.models.ServiceKind",
        "OverrideKindEnum": "apps.booking.models.OverrideKind",
        "AtBookingEnum": "apps.payments.models.AtBooking",
        "PatientStageEnum": "apps.care.selectors.patients.PATIENT_STAGES",
        "StageEnum": "apps.education.models.TreatmentStage",
        "ApiKeyScopeEnum": "apps.fhir.scopes.SCOPES",
        "ShareSectionEnum": "apps.outside_care.models.ShareSection",
        "WebhookEventTypeEnum": "apps.webhooks.events.EventType",
        "WebhookDeliveryStatusEnum": "apps.webhooks.models.DeliveryStatus",
    },
}

# --- Celery ------------------------------------------------------------------------------------
if REDIS_URL or env("CELERY_BROKER_URL", default=""):
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A request that queues a task while Redis is down gives up within a second instead of
        # hanging: every task it queues is also found again from its rows by a beat sweep.
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
else:
    # kombu's filesystem transport: a broker that needs no server for the embedded set-up.
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "out"),
        "data_folder_out": str(VAR_DIR / "broker" / "out"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "plan-maintenance-reminders": {
        "task": "apps.care.tasks.plan_maintenance_reminders",
        "schedule": crontab(minute=5),
    },
    "plan-clinic-digests": {
        "task": "apps.reports.tasks.plan_clinic_digests",
        "schedule": crontab(minute="*/15"),
    },
    "dispatch-due-notifications": {
        "task": "apps.reminders.tasks.dispatch_due_notifications",
        "schedule": env.float("NOTIFICATION_DISPATCH_INTERVAL_SECONDS", default=60.0),
    },
    "clear-expired-sessions": {
        "task": "apps.accounts.tasks.clear_expired_sessions",
        "schedule": crontab(minute=17, hour=3),
    },
    # Frees the time of holds that were never confirmed. Bookings release overlapping stale holds
    # themselves, and availability ignores them, so a late run costs nothing but tidiness.
    # Queues again the refunds, fees, reconciliations and Stripe events whose own message was lost
    # (broker down at commit, worker crashed): the money rows are the record, the queue is not.
    "sweep-pending-money-steps": {
        "task": "apps.payments.tasks.sweep_pending_money_steps",
        "schedule": env.float("PAYMENTS_SWEEP_INTERVAL_SECONDS", default=60.0),
    },
    "expire-booking-holds": {
        "task": "apps.booking.tasks.expire_stale_holds",
        "schedule": 60.0,
    },
}

# --- Notifications -----------------------------------------------------------------------------
NOTIFICATION_MESSAGE_DOMAIN = env("NOTIFICATION_MESSAGE_DOMAIN", default="portal.localhost")
NOTIFICATION_CLAIM_LEASE_SECONDS = env.int("NOTIFICATION_CLAIM_LEASE_SECONDS", default=300)
# One sending task per claimed batch. 200 messages keep a worker about a second (the batch's relevance
# check stays fresh) and share what a task costs: Celery opens a new database connection for each.
NOTIFICATION_BATCH_SIZE = env.int("NOTIFICATION_BATCH_SIZE", default=200)
NOTIFICATION_MAX_BATCHES_PER_RUN = env.int("NOTIFICATION_MAX_BATCHES_PER_RUN", default=20)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=6)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=60)
NOTIFICATION_RETRY_MAX_SECONDS = env.int("NOTIFICATION_RETRY_MAX_SECONDS", default=3600)
PHONE_VERIFICATION_MAX_ATTEMPTS = 5
APPOINTMENT_REMINDER_OFFSETS_MINUTES = [24 * 60, 2 * 60]
SMS_BACKEND = env("SMS_BACKEND", default="apps.reminders.sms.ConsoleSMSBackend")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env("TWILIO_FROM_NUMBER", default="")
# --- Payments' sweep: a step is queued again once it is this old and still not done ---------------
PAYMENTS_SWEEP_GRACE_SECONDS = env.int("PAYMENTS_SWEEP_GRACE_SECONDS", default=120)
PAYMENTS_SWEEP_BATCH_SIZE = env.int("PAYMENTS_SWEEP_BATCH_SIZE", default=200)
# --- Booking and telehealth --------------------------------------------------------------------
BOOKING_HOLD_MINUTES = env.int("BOOKING_HOLD_MINUTES", default=10)
# How long availability stays in the cache at most (0: not cached). Every change to what it depends
# on invalidates it at once (apps/booking/availability_cache.py); the limit only bounds the memory.
AVAILABILITY_CACHE_SECONDS = env.int("AVAILABILITY_CACHE_SECONDS", default=300)
# Jitsi Meet with token authentication (HS256 JWTs signed with the app secret). Without a domain
# and a secret, video visits answer "not configured" instead of handing out links that cannot work.
JITSI_DOMAIN = env("JITSI_DOMAIN", default="")
JITSI_APP_ID = env("JITSI_APP_ID", default="portal")
JITSI_APP_SECRET = env("JITSI_APP_SECRET", default="")
# How the Jitsi server's token-moderation module reads moderator rights from the token:
# "moderator" ({"moderator": "true"}) or "affiliation" ({"affiliation": "owner"}).
JITSI_MODERATOR_CLAIM = env("JITSI_MODERATOR_CLAIM", default="moderator")

# --- Payments (Stripe) ---------------------------------------------------------------------------
# Without a secret and a publishable key the portal runs in "pay at the clinic" mode: bookings confirm
# without payment and nothing is charged online. STRIPE_API_BASE points the SDK at a fake (localstripe)
# in tests and demos. The webhook secret verifies Stripe-Signature; without it webhooks are refused.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
# Seconds a webhook's signed timestamp may be old (Stripe's recommended tolerance is 5 minutes).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
STRIPE_TIMEOUT_SECONDS = env.int("STRIPE_TIMEOUT_SECONDS", default=20)

# --- The outside care team: progress summaries shared with a patient's outside provider ----------
# (apps/outside_care)
# How long a summary's one-time link works: long enough for a busy practice to open it, short
# enough that a forgotten e-mail does not keep health information reachable.
OUTSIDE_CARE_LINK_DAYS = env.int("OUTSIDE_CARE_LINK_DAYS", default=7)
# The furthest end date a patient may give their consent to share (they can renew it).
OUTSIDE_CARE_CONSENT_MAX_DAYS = env.int("OUTSIDE_CARE_CONSENT_MAX_DAYS", default=365)
# The summary e-mail is retried with exponential backoff from this delay, then marked failed.
OUTSIDE_CARE_EMAIL_MAX_ATTEMPTS = env.int("OUTSIDE_CARE_EMAIL_MAX_ATTEMPTS", default=6)
OUTSIDE_CARE_EMAIL_RETRY_BASE_SECONDS = env.int("OUTSIDE_CARE_EMAIL_RETRY_BASE_SECONDS", default=60)
# How many due summary e-mails one sweep queues (each is its own task).
OUTSIDE_CARE_EMAIL_BATCH_SIZE = env.int("OUTSIDE_CARE_EMAIL_BATCH_SIZE", default=100)
# Queues again the summary e-mails still pending and due (a lost task, a crashed worker, a retry).
CELERY_BEAT_SCHEDULE["dispatch-due-summary-emails"] = {
    "task": "apps.outside_care.tasks.dispatch_due_summary_emails",
    "schedule": env.float("OUTSIDE_CARE_EMAIL_SWEEP_SECONDS", default=60.0),
}

# --- FHIR R4 read API for systems a clinic authorises (apps/fhir) --------------------------------
# A search answers this many resources a page unless the client asks (_count), and never more than
# the maximum: a page's cost (one query for the rows, one for the total) stays bounded.
FHIR_DEFAULT_COUNT = env.int("FHIR_DEFAULT_COUNT", default=20)
FHIR_MAX_COUNT = env.int("FHIR_MAX_COUNT", default=100)
# How stale an API key's "last used" may be: writing it on every request would make every read a write.
FHIR_KEY_LAST_USED_SECONDS = env.int("FHIR_KEY_LAST_USED_SECONDS", default=60)
# A Slot search without a start range looks this many days ahead (the slot engine's limit still applies).
FHIR_SLOT_DEFAULT_DAYS = env.int("FHIR_SLOT_DEFAULT_DAYS", default=7)

# --- Outbound webhooks to a clinic's own systems (apps/webhooks) ---------------------------------
# Endpoints must be https; http only for local development and tests (a receiver on this machine).
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=False)
# An endpoint whose host resolves to a private, loopback or link-local address is refused (checked
# on registration and before every send), so that no one can make the portal call inside its own
# network (SSRF). Only local development and tests turn this on.
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False)
# A receiver gets this long to accept the connection and to answer; a slow one is retried later.
WEBHOOK_CONNECT_TIMEOUT_SECONDS = env.float("WEBHOOK_CONNECT_TIMEOUT_SECONDS", default=3.0)
WEBHOOK_READ_TIMEOUT_SECONDS = env.float("WEBHOOK_READ_TIMEOUT_SECONDS", default=10.0)
# The wait before each retry (seconds); after the last one a delivery is failed. The default spans
# some 28 hours, so a receiver down for a day loses nothing.
WEBHOOK_RETRY_SCHEDULE_SECONDS = env.list(
    "WEBHOOK_RETRY_SCHEDULE_SECONDS", cast=int, default=[5, 300, 1800, 7200, 18000, 36000, 36000]
)
# How often beat claims due deliveries: the first retry waits 5 seconds.
WEBHOOK_DISPATCH_INTERVAL_SECONDS = env.float("WEBHOOK_DISPATCH_INTERVAL_SECONDS", default=5.0)
# A batch of 10 takes at most 10 x 13 s of timeouts, well inside the lease; a delivery whose worker
# died is claimed again once its lease runs out.
WEBHOOK_BATCH_SIZE = env.int("WEBHOOK_BATCH_SIZE", default=10)
WEBHOOK_MAX_BATCHES_PER_RUN = env.int("WEBHOOK_MAX_BATCHES_PER_RUN", default=20)
WEBHOOK_CLAIM_LEASE_SECONDS = env.int("WEBHOOK_CLAIM_LEASE_SECONDS", default=300)
# The longest the clinics' subscriptions stay cached (every endpoint change invalidates them at once):
# an event at a clinic without subscribers then costs no query at all.
WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS = env.int("WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS", default=300)
CELERY_BEAT_SCHEDULE["dispatch-due-webhooks"] = {
    "task": "apps.webhooks.tasks.dispatch_due_webhooks",
    "schedule": WEBHOOK_DISPATCH_INTERVAL_SECONDS,
}

# --- Logging: no request bodies or health information, only what operators need. ----------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Stripe's SDK logs every request at INFO; its warnings and our own log lines are enough.
    # WeasyPrint and the font subsetter it uses log every stylesheet and font at INFO.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "stripe": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
