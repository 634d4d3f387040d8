"""Every setting HarmonyHub has; production.py only tightens, test.py only speeds up.

Configuration comes from environment variables (see .env.example and the README).
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("HARMONYHUB_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Development-only key; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key-7c1f0e9a2b4d4f7e9a0c3b5d6e8f1a2c"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "common",
    "accounts",
    "operations",
    "valuation",
    "innovation",
    "domains.moods",
    "domains.arts",
    "domains.commerce",
    "domains.finance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Times the whole stack below it; buffers per process, flushes per-minute rows.
    "operations.middleware.RequestMetricsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # While an incident holds the site read-only, unsafe requests stop here with a 503.
    "operations.middleware.ReadOnlyMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.SecurityHeadersMiddleware",
    "common.middleware.MethodNotAllowedPageMiddleware",
    # Last, so it sees the authenticated user and counts failures after everything else ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "harmonyhub_site.urls"
WSGI_APPLICATION = "harmonyhub_site.wsgi.application"
ASGI_APPLICATION = "harmonyhub_site.asgi.application"

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
                "common.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite (WAL) under var/ unless DATABASE_URL is set -----------------------------
SQLITE_PATH = VAR_DIR / "harmonyhub.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE makes writers take the lock up front, so concurrent writers queue
            # instead of failing with "database is locked" half-way through a transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://harmonyhub")}

# --- Auth -------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SIGNUP_OPEN = env.bool("HARMONYHUB_SIGNUP_OPEN", default=True)

# How many reverse proxies in front of the app append to X-Forwarded-For (0: reached directly,
# the header is ignored). One setting for axes, DRF throttles, page rate limits and the security
# log (common.net.client_ip). Too high a number lets clients choose their own address.
HARMONYHUB_TRUSTED_PROXIES = env.int("HARMONYHUB_TRUSTED_PROXIES", default=0)
# Page rate limits per client address (common.ratelimit): password reset e-mails and sign-ups.
HARMONYHUB_PASSWORD_RESET_RATE = env.str("HARMONYHUB_PASSWORD_RESET_RATE", default="5/hour")
HARMONYHUB_SIGNUP_RATE = env.str("HARMONYHUB_SIGNUP_RATE", default="10/hour")

# django-axes: 5 failures for one user name from one address within 15 minutes lock that pair
# out. The pair, not the address alone: many people share an address (an office, a proxy), and
# one of them must not be able to lock out the rest. Bursts from one address still alert
# (operations FailedLoginBurst) and the API token endpoint is throttled per address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Outbound webhooks (operations notification channels): https only unless this allows http, to
# public addresses only, redirects not followed unless this is above 0 (see README "Hardening").
HARMONYHUB_WEBHOOK_ALLOW_HTTP = env.bool("HARMONYHUB_WEBHOOK_ALLOW_HTTP", default=False)
HARMONYHUB_WEBHOOK_MAX_REDIRECTS = env.int("HARMONYHUB_WEBHOOK_MAX_REDIRECTS", default=0)

# --- Email ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="HarmonyHub <noreply@localhost>")

# --- I18N / time ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # Written to a temporary name and linked into place when complete (common/storage.py).
    "default": {"BACKEND": "common.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- REST framework ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "common.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "common.api.filters.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "common.api.throttles.AnonWindowThrottle",
        "common.api.throttles.UserWindowThrottle",
    ],
    # DRF's default (None) believes any X-Forwarded-For a client sends.
    "NUM_PROXIES": HARMONYHUB_TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
        # A report for a new date or seed computes every component (seconds of CPU).
        "valuation_report": env.str("API_THROTTLE_VALUATION_REPORT", default="30/minute"),
    },
    "DEFAULT_PARSER_CLASSES": ["common.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "common.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HarmonyHub API",
    "DESCRIPTION": (
        "Portfolio valuation, innovation pipeline, emotion-aware services and operations. "
        "Authenticate with a session or with `Authorization: Token <key>` "
        "(create a token on your profile page)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" with different choice sets: name each one.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "valuation.models.RevaluationJob.STATUSES",
        "InventionStatusEnum": "innovation.models.STATUSES",
        "IncidentStatusEnum": "operations.models.alerts.Incident.STATUSES",
        "AlertStatusEnum": "operations.models.alerts.Alert.STATUSES",
    },
}
# Bound request bodies so a hostile client cannot make us parse megabytes of JSON.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
# Files do not count towards that: common.uploads counts each file as it streams in and keeps at
# most this many bytes of it (each upload page has its own, smaller or equal, limit too).
HARMONYHUB_UPLOAD_MAX_BYTES = env.int("HARMONYHUB_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "common.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Celery -----------------------------------------------------------------------------------
# The embedded default is kombu's filesystem transport under var/: a real broker that needs no
# server. CELERY_BROKER_URL=redis://... or amqp://... switches with no code change.
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("in", "processed", "control"):
        (CELERY_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "in"),
        "data_folder_out": str(CELERY_BROKER_DIR / "in"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):
    # A message a worker took but never acknowledged (the worker was lost) is handed to another
    # worker after the visibility timeout. It must exceed the hard task time limit (below, 360 s)
    # or a long task would be delivered twice while still running; 600 s = 10 minutes bounds
    # how long a lost worker's task waits.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="django-db")
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = timedelta(days=7)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request publishing to a broker that is down gives up within about a second: the job row
# is already committed and the outbox sweeper re-sends it (common/outbox.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Logging ----------------------------------------------------------------------------------
# LOG_FORMAT=json writes one JSON object a line (production's default); security events always
# do, on their own logger, with only the fields common.logs.SAFE_FIELDS allows.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "common.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "security": {"class": "logging.StreamHandler", "formatter": "json"},
        # Also kept as rows, so a forensic export can cover any window (operations playbooks).
        "security_db": {"class": "operations.security_log.DatabaseSecurityHandler"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "harmonyhub.security": {
            "handlers": ["security", "security_db"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

# --- Security headers --------------------------------------------------------------------------
# Only our own origin for scripts, connections, fonts and frames; inline styles are allowed
# (templates size bars with style attributes), inline scripts are not.
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
        "object-src 'none'"
    ),
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "harmonyhub_site.views.csrf_failure"

# --- Contexts ---------------------------------------------------------------------------------
# Valuation: a burst of ledger writes within this many seconds joins one queued revaluation.
VALUATION_REVALUE_DEBOUNCE_SECONDS = env.int("VALUATION_REVALUE_DEBOUNCE_SECONDS", default=5)
# Arts: compositions and previews per user (pages and API share the budget).
ARTS_COMPOSE_RATE = env.str("ARTS_COMPOSE_RATE", default="30/minute")
# Commerce: how stale other shoppers' popularity may be (a user's own feedback is always fresh),
# and how often a process checks whether the catalogue changed.
COMMERCE_STATS_MAX_AGE = env.int("COMMERCE_STATS_MAX_AGE", default=30)
COMMERCE_CATALOGUE_CHECK_SECONDS = env.int("COMMERCE_CATALOGUE_CHECK_SECONDS", default=5)

# --- Site -------------------------------------------------------------------------------------
HARMONYHUB_SITE_NAME = env.str("HARMONYHUB_SITE_NAME", default="HarmonyHub")
# runserver serves static files through WhiteNoise straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
