"""One settings module for every environment, driven by environment variables.

The embedded defaults (SQLite, in-memory channel layer, Whoosh on disk under ``DATA_DIR``) let a
newcomer run the platform with ``make run``; production sets ``DATABASE_URL``, ``REDIS_URL`` and
friends (see ``platform/env.example``) without any code change.
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-e-partage-not-for-production")
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = True

INSTALLED_APPS = [
    # e-Partage
    "collectivites",
    "api",
    "home",
    "spaces",
    "tenders",
    "library",
    "forums",
    "background",
    "acts",
    "search",
    "national",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail_headless_preview",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    # wagtail.search, whose save/delete handlers queue index writes (docs/decisions/0020).
    "search.pending_signals.WagtailSearchConfig",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django and third parties
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "guardian",
    "axes",
    "channels",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # What the permission rules read of a person, kept for one request (collectivites/middleware).
    "collectivites.middleware.PermissionFactsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None
# Threads per ASGI process that run HTTP requests (config/asgi.py); each holds a DB connection.
HTTP_THREADS = env.int("HTTP_THREADS", default=8)  # also bounds concurrent downloads

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Storage -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'e-partage.sqlite3'}"),
}
# Keep connections open between requests: opening one (and, on SQLite, setting its pragmas)
# costs more than a simple API request itself (see bench/README.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while the single ASGI process writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds a writer waits for another thread's write transaction
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Co-editing (spaces.consumers, docs/decisions/0008). The largest WebSocket message a client may
# send: a first sync of a long draft or a big paste is one message. It stays below uvicorn's
# --ws-max-size (16 MiB, Makefile and platform/) so that clients get the protocol's own close
# code (4413) rather than the transport's 1009. The draft's text has its own limit, shared with
# REST: spaces.limits.DRAFT_MAX_CHARACTERS (an update exceeding it is refused, 4413 too).
COEDIT_MAX_MESSAGE_BYTES = env.int("COEDIT_MAX_MESSAGE_BYTES", default=8 * 1024 * 1024)
# What may wait to be written to one client (bytes its socket has not taken yet); past it the
# client is too slow and is closed with 1013 (it resyncs when it reconnects). Twice the largest
# message, so a client still receiving the biggest first sync keeps getting the edits after it.
COEDIT_OUTBOX_MAX_BYTES = env.int("COEDIT_OUTBOX_MAX_BYTES", default=2 * COEDIT_MAX_MESSAGE_BYTES)
# Awareness (cursors, names) is small and frequent; its own limits, refused with the same 4413
# (spaces.coedit.protocol has the table): one awareness message, one client's state as the room
# keeps and relays it, and messages per second per connection (excess coalesced: only the
# latest waits, sent when the budget allows). The message limit leaves room for a stock client
# relaying what the server sent it (frames the server sends stay under it too).
COEDIT_AWARENESS_MAX_MESSAGE_BYTES = env.int("COEDIT_AWARENESS_MAX_MESSAGE_BYTES", default=65536)
COEDIT_AWARENESS_MAX_STATE_BYTES = env.int("COEDIT_AWARENESS_MAX_STATE_BYTES", default=4096)
COEDIT_AWARENESS_PER_SECOND = env.float("COEDIT_AWARENESS_PER_SECOND", default=10.0)
# Fold the update log into the snapshot every N stored updates (and when a room unloads).
COEDIT_COMPACT_EVERY = env.int("COEDIT_COMPACT_EVERY", default=500)
# Open sockets ask the permission layer again this often (and at once after a space's members or
# a draft's status change): access taken back elsewhere (an agent leaving a collectivité, an
# account deactivated) ends within this delay (spaces.coedit.access).
COEDIT_ACCESS_RECHECK_SECONDS = env.float("COEDIT_ACCESS_RECHECK_SECONDS", default=30.0)
# Messages a channel of the in-memory layer may hold before it drops new ones (channels' default
# is 100): a burst of edits on one draft fills a room's channel faster than that. The Redis layer
# has no such bound (docs/decisions/0036); a gap that still happens is repaired from the database.
CHANNEL_CAPACITY = env.int("CHANNEL_CAPACITY", default=5000)
# Every name channels_redis gives a channel or a group starts with this. Deployments, or test
# runs (tests/conftest.py draws one per run), that share a Redis server with different prefixes
# do not see each other's group messages. channels_redis' default.
CHANNEL_LAYER_PREFIX = env.str("CHANNEL_LAYER_PREFIX", default="asgi")
# The same for the Redis cache's keys (Django's KEY_PREFIX; none by default).
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="")

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub, not channels_redis' core layer (lists popped one message per round
            # trip, which fell behind at 200 drafts and lost broadcasts): docs/decisions/0036.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # No socket timeout. With one, redis-py writes each command under
                # asyncio.wait_for, which on Python 3.11 loses a cancellation landing as the
                # write ends (docs/decisions/0033). A dead Redis is still noticed: redis-py's
                # TCP keepalive (on by default: 30 s idle, 3 probes 5 s apart), and the connect
                # timeout below.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        "socket_connect_timeout": 5,
                    }
                ],
                "prefix": CHANNEL_LAYER_PREFIX,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": CHANNEL_CAPACITY},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (background/, docs/decisions/0010) ----------------------------------------
# One queue for work done after the request, on the django-tasks API that Wagtail uses too: its
# database backend by default (one more table, no broker; several machines share it through
# PostgreSQL), run by `manage.py db_worker` (`make run` starts one; compose runs a service).
# TASKS_BACKEND=immediate runs every task inside the request that enqueues it (no worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# Periodic tasks: dotted path → crontab line (in TIME_ZONE), enqueued by `manage.py run_scheduler`.
TASK_SCHEDULE = {
    # Drafts whose room never unloaded (a worker killed) or edited from the server: fold their
    # update log into the stored text that search and exports read.
    "spaces.tasks.compact_pending_drafts": env.str("COMPACT_DRAFTS_CRON", default="*/15 * * * *"),
    # Sealed files (bids, candidatures, answers) written by a worker killed before their rows
    # were recorded, and upload spools it left (docs/decisions/0028).
    "tenders.tasks.sweep_orphan_bid_files": env.str("SWEEP_BID_FILES_CRON", default="17 * * * *"),
    # Consultations closed (and the closing audited) at their deadline, not at the next read.
    "tenders.tasks.close_due_tenders": env.str("CLOSE_TENDERS_CRON", default="* * * * *"),
    # Companies' saved searches: new matching consultations e-mailed once.
    "tenders.tasks.alert_saved_searches": env.str("SEARCH_ALERTS_CRON", default="*/10 * * * *"),
    # Library pages due for review: a mail to their owners (or the animators), Monday morning.
    "library.tasks.remind_review_due": env.str("LIBRARY_REVIEW_CRON", default="0 8 * * 1"),
    # Pages scheduled to go live (or to expire) in the Wagtail admin.
    "library.tasks.publish_scheduled": env.str("PUBLISH_SCHEDULED_CRON", default="*/5 * * * *"),
    # The inbox's daily e-mail digest, for people who chose it over one mail per notification.
    "collectivites.tasks.send_notification_digests": env.str("DIGEST_CRON", default="0 7 * * *"),
    # Pending search-index writes whose drain task was lost (a worker killed while running it):
    # every commit enqueues one already; this only sweeps up (docs/decisions/0020).
    "search.tasks.drain_index_writes": env.str("SEARCH_DRAIN_CRON", default="*/5 * * * *"),
}

MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATIC_URL = "/static/"
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [("app", FRONTEND_DIST)] if FRONTEND_DIST.is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Identity and permissions ------------------------------------------------------------------
AUTH_USER_MODEL = "collectivites.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ANONYMOUS_USER_NAME = None  # guardian: anonymous visitors never hold object permissions
GUARDIAN_MONKEY_PATCH_USER = False

# Lock an account/IP pair out after repeated failed logins (API token, session and admin alike).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "api.auth_views.lockout_response"

LOGIN_URL = "/connexion"

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "e-Partage"
# The address people reach the platform at: links in e-mails, Wagtail's admin notifications.
PUBLIC_URL = env.str("PUBLIC_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = PUBLIC_URL
WAGTAIL_I18N_ENABLED = False
# Search (search/, docs/decisions/0019-0021): "whoosh", an index on this machine's disk (the
# default), or "postgres", PostgreSQL's full-text search in French, when several machines share the
# database. Whoosh's writes are queued: a pending row in the change's transaction, drained by the
# task worker (0020).
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="whoosh")
if SEARCH_BACKEND == "postgres":
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "SEARCH_BACKEND=postgres needs DATABASE_URL to point to PostgreSQL (postgres://…)."
        )
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.postgres"}}
elif SEARCH_BACKEND == "whoosh":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.whoosh",
            "PATH": str(DATA_DIR / "search-index"),
            "QUEUE_WRITES": True,
        }
    }
else:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {SEARCH_BACKEND!r}."
    )
# How long a drain of pending index writes, or a rebuild, waits for another one to finish.
SEARCH_WRITE_TIMEOUT = env.float("SEARCH_WRITE_TIMEOUT", default=30.0)
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads over 2.5 MB are spooled here while they are received: under DATA_DIR rather than the
# system's temporary directory, so that the spool of an upload whose worker was killed (nothing
# deletes it then) is swept with the orphan bid files (docs/decisions/0028).
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "tmp" / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
# The admin's "preview" of a library page shows the SPA's reading view (a relative address: the
# same origin as the admin), which exchanges the token for the draft (docs/decisions/0012).
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "/base-documentaire/apercu"}}

# --- Sealed bids (tenders/crypto.py, tenders/services/bids.py) ---------------------------------
# Wraps each tender's private bid key: 32 random bytes in base64. Required in production
# (`check --deploy` and the first bid say so); derived from SECRET_KEY only under DEBUG.
BIDS_MASTER_KEY = env.str("BIDS_MASTER_KEY", default="")
BID_MAX_FILE_BYTES = env.int("BID_MAX_FILE_BYTES", default=100 * 1024 * 1024)
BID_MAX_TOTAL_BYTES = env.int("BID_MAX_TOTAL_BYTES", default=300 * 1024 * 1024)
BID_MAX_FILES = env.int("BID_MAX_FILES", default=50)
# Extension → content types the file's magic bytes may show (office files are ZIP archives).
BID_ALLOWED_TYPES = {
    "pdf": ["application/pdf"],
    "odt": ["application/vnd.oasis.opendocument.text", "application/zip"],
    "ods": ["application/vnd.oasis.opendocument.spreadsheet", "application/zip"],
    "odp": ["application/vnd.oasis.opendocument.presentation", "application/zip"],
    "docx": [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    ],
    "xlsx": [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    ],
    "pptx": [
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    ],
    "zip": ["application/zip"],
    "jpg": ["image/jpeg"],
    "jpeg": ["image/jpeg"],
    "png": ["image/png"],
}
# PEM files of the certification authorities trusted for bid signatures (none: a signature is
# checked for integrity, its certificate is recorded as not recognised).
# A MAPA's deadline has no legal minimum; under this many days the buyer is warned (tendb).
TENDER_MAPA_MIN_DAYS = env.int("TENDER_MAPA_MIN_DAYS", default=15)
BID_SIGNATURE_TRUST_ROOTS = env.list("BID_SIGNATURE_TRUST_ROOTS", default=[])
# ClamAV (Debian's clamav-daemon) scans bid files when its socket exists (tenders/antivirus.py).
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="/var/run/clamav/clamd.ctl")
CLAMD_TIMEOUT = env.int("CLAMD_TIMEOUT", default=120)
# Rate limits per account and per address (tenders/ratelimit.py): "count/period", "" for none.
TENDER_RATE_LIMITS = {
    "bid_submit": {
        "account": env.str("BID_SUBMIT_RATE_ACCOUNT", default="30/hour"),
        "address": env.str("BID_SUBMIT_RATE_ADDRESS", default="60/hour"),
    },
    "download": {
        "account": env.str("DCE_DOWNLOAD_RATE_ACCOUNT", default="300/hour"),
        "address": env.str("DCE_DOWNLOAD_RATE_ADDRESS", default="600/hour"),
    },
}
# Publication connectors of notices, by channel (tenders/publication/): simulated by default.
NOTICE_CONNECTORS = {
    "boamp": env.str(
        "NOTICE_CONNECTOR_BOAMP", default="tenders.publication.simulated.SimulatedConnector"
    ),
    "joue": env.str(
        "NOTICE_CONNECTOR_JOUE", default="tenders.publication.simulated.SimulatedConnector"
    ),
}
# The platform's key and self-signed certificate that sign deposit receipts (PAdES on the PDF,
# a detached signature on the JSON); generated when absent (tenders/receipt_signing.py).
RECEIPT_SIGNING_KEY = env.str(
    "RECEIPT_SIGNING_KEY", default=str(DATA_DIR / "keys" / "receipt-signing-key.pem")
)
RECEIPT_SIGNING_CERT = env.str(
    "RECEIPT_SIGNING_CERT", default=str(DATA_DIR / "keys" / "receipt-signing-cert.pem")
)

# --- Acts and accounting files (acts/, docs/decisions/0014) ------------------------------------
# The other end of the transmissions: the built-in simulated prefecture and Treasury, or a
# connector to a real operator (a dotted path to an acts.gateway.base.Gateway subclass).
ACTS_GATEWAY = env.str("ACTS_GATEWAY", default="acts.gateway.simulated.SimulatedGateway")
ACTS_SIMULATED_DELAY_SECONDS = env.float("ACTS_SIMULATED_DELAY_SECONDS", default=3.0)
ACTS_MAX_TOTAL_BYTES = env.int("ACTS_MAX_TOTAL_BYTES", default=150 * 1024 * 1024)
HELIOS_MAX_BYTES = env.int("HELIOS_MAX_BYTES", default=150 * 1024 * 1024)

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request then gets 401 with "WWW-Authenticate: Token".
        "rest_framework.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",  # CSRF refusals coded csrf_failed
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_METADATA_CLASS": "api.metadata.ApiMetadata",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.metadata.ApiNegotiation",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": env.str("LOGIN_THROTTLE_RATE", default="20/min")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "e-Partage API",
    "DESCRIPTION": "API de la plate-forme collaborative e-Partage.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
    "PATH_CONVERTER_OVERRIDES": {"dbid": int},
    "ENUM_NAME_OVERRIDES": {
        "ErrorCodeEnum": "api.errors.ERROR_CODES",
        "KindEnum": "collectivites.models.Collectivite.Kind",
        "NotificationKindEnum": "tenders.models.NotificationKind",
        "TenderStatusEnum": "tenders.models.TenderStatus",
        "RoleEnum": "collectivites.models.Membership.Role",
        "SpaceRoleEnum": "spaces.models.SpaceMember.Role",
        "DraftStatusEnum": "spaces.models.Draft.Status",
        "PieceKindEnum": "tenders.models.PieceKind",
        "RequestKindEnum": "tenders.models.RequestKind",
        "DepositKindEnum": "tenders.models.DepositKind",
        "NoticeKindEnum": "tenders.models.NoticeKind",
        "NoticeChannelEnum": "tenders.models.NoticeChannel",
        "DeadlineWarningKindEnum": "api.tenders.deadlines.WARNING_KINDS",
        "CertificateKindEnum": "tenders.models.CertificateKind",
        "LibraryPageKindEnum": "library.kinds.KIND_CHOICES",
        "LibraryThemeEnum": "library.themes.Theme",
        "SearchResultTypeEnum": "search.kinds.KIND_NAMES",
        "ForumPostStatusEnum": "forums.models.PostStatus",
        "ForumAudienceEnum": "forums.models.Audience",
        "ActStatusEnum": "acts.models.ActStatus",
        "ActNatureEnum": "acts.models.ActNature",
        "NatureEnum": "tenders.models.Nature",
        "MessageKindEnum": "acts.models.MessageKind",
        "MessageStatusEnum": "acts.models.MessageStatus",
        "AccountingFileStatusEnum": "acts.models.AccountingFileStatus",
        "PesKindEnum": "acts.models.PesKind",
    },
}

# --- Open data ---------------------------------------------------------------------------------
# OCDS: every contracting process is published as "<prefix>-<tender id>". The prefix starts with
# the "ocds-" + 6 characters registered with the Open Contracting Partnership; a publisher may add
# its own namespace after it. The default is a placeholder: register one before publishing.
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-xxxxxx-epartage")
if not re.fullmatch(r"ocds-[a-z0-9]{6}(-[A-Za-z0-9]+)*", OCDS_OCID_PREFIX):
    raise ImproperlyConfigured(
        "OCDS_OCID_PREFIX must be 'ocds-' + 6 lowercase letters or digits, optionally followed "
        f"by '-namespace' parts: {OCDS_OCID_PREFIX!r}"
    )
OCDS_PUBLISHER_NAME = env.str("OCDS_PUBLISHER_NAME", default="e-Partage")
# Share of right answers that passes a training quiz (60: two out of three; docs/decisions/0018).
LIBRARY_QUIZ_PASS_PERCENT = env.int("LIBRARY_QUIZ_PASS_PERCENT", default=60)

# --- Security (production: DEBUG off) ----------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the SPA reads it to send X-CSRFToken
SECURE_HSTS_PRELOAD_WANTED = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = SECURE_HSTS_PRELOAD_WANTED
    SECURE_CONTENT_TYPE_NOSNIFF = True
# HSTS preloading is a commitment of the whole domain that its owner makes (SECURE_HSTS_PRELOAD);
# until then the check that asks for it is silenced rather than answered by default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD_WANTED else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"  # Django's default, stated: URLs carry ids and tokens
# Content-Security-Policy (django-csp, config/content_security.py, docs/decisions/0024): no
# inline script for the SPA, the API and Django's own pages (the built SPA has none); inline
# scripts only where Wagtail's admin needs them, chosen by path.
INSTALLED_APPS.append("csp")  # its system checks
MIDDLEWARE.insert(1, "config.content_security.PathContentSecurityPolicyMiddleware")
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],  # the API and the co-editing WebSocket (same host)
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # Same-origin framing only: the admin's preview shows the SPA's reading view in an iframe.
    "frame-ancestors": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    # Styles inline too: the draft editor (CodeMirror, its Yjs cursors) writes <style> elements
    # and style attributes. Scripts stay 'self' only.
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    }
}
CONTENT_SECURITY_POLICY_BY_PATH = [
    (
        "/admin/",
        {
            **_CSP_COMMON,
            "script-src": ["'self'", "'unsafe-inline'"],  # inline panels and date widgets
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": [*_CSP_COMMON["img-src"], "https://www.gravatar.com"],
        },
    ),
]

# EMAIL_URL such as smtp+tls://user:password@smtp.example.bzh:587 ; the console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="e-Partage <no-reply@e-partage.local>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail runs its reference-index and search updates as django-tasks, which logs two lines
    # per task at INFO: hundreds of lines for one demo load, hiding what matters.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# --- Forums (forums/, docs/decisions/0013) -------------------------------------------------------
FORUMS_AUTO_HIDE_REPORTERS = env.int("FORUMS_AUTO_HIDE_REPORTERS", default=3)
FORUMS_EDIT_WINDOW_MINUTES = env.int("FORUMS_EDIT_WINDOW_MINUTES", default=30)
FORUMS_POSTS_PER_WINDOW = env.int("FORUMS_POSTS_PER_WINDOW", default=10)
FORUMS_POST_WINDOW_SECONDS = env.int("FORUMS_POST_WINDOW_SECONDS", default=300)
FORUMS_REPORTS_PER_WINDOW = env.int("FORUMS_REPORTS_PER_WINDOW", default=10)
FORUMS_REPORT_WINDOW_SECONDS = env.int("FORUMS_REPORT_WINDOW_SECONDS", default=3600)
FORUMS_NEW_USER_POSTS = env.int("FORUMS_NEW_USER_POSTS", default=1)  # "first posts" pre-moderated
FORUMS_ATTACHMENT_MAX_BYTES = env.int("FORUMS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
FORUMS_POST_MAX_CHARACTERS = env.int("FORUMS_POST_MAX_CHARACTERS", default=20_000)
