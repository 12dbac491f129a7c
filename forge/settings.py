"""Forge settings: one module, configured by environment variables (see README.md)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from forge.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-forge-local-development-only"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "forge",
    "exercises",
    "plans",
    # Catalogue content in German and Spanish: extra columns beside the English ones (see
    # exercises/translation.py); it must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "reversion",  # exercise history: who changed what and when, and revert
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with its header text built once per process (forge/lib/csp.py).
    "forge.lib.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags for GET responses, and 304 Not Modified when the client's copy is current.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL's prefix (/de/, /es/; none is English), after the session and
    # before CommonMiddleware, as Django asks; then the first visit's redirect to the language
    # the browser or the language cookie prefers (forge/lib/language.py).
    "django.middleware.locale.LocaleMiddleware",
    "forge.lib.language.LanguageRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user row from the shared cache (forge/lib/usercache.py).
    "forge.lib.usercache.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees every login attempt after authentication has run.
    "axes.middleware.AxesMiddleware",
    # Calls the view: a read retried once on a fresh connection, a 503 when the database is
    # down (forge/lib/outage.py).
    "forge.lib.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "forge.urls"
WSGI_APPLICATION = "forge.wsgi.application"

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
                "django.template.context_processors.i18n",
                "forge.context_processors.site",
                "exercises.context_processors.catalogue",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections in production (each request otherwise pays a new
        # connection: 35–85 % of the throughput on PostgreSQL), checked before reuse.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalogue's queries are small index lookups; PostgreSQL's JIT compiler only
    # switches on when a cost estimate is large and then costs tens of milliseconds. So do
    # parallel workers: a search reads a bounded stretch of an index in order and stops, but
    # its estimate can still call for a worker, whose start-up alone took 60-70 ms at 100k
    # exercises (bench/explain.py), several times the query itself.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0"
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock when their transaction begins (BEGIN IMMEDIATE), waiting up
    # to 20 s, and readers never wait for a writer (WAL). With SQLite's default deferred
    # transactions, a transaction that had read and then wrote while another held the write
    # lock failed at once with "database is locked" (a 500 for two saves of one session).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "forge.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out attempts before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:plan-list"
LOGOUT_REDIRECT_URL = "home"

# How many reverse proxies (each appending to X-Forwarded-For) stand in front of Forge. 0: the
# header is ignored and REMOTE_ADDR is the client. Used by the login lock-out and the throttle.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login throttling (django-axes): after repeated failures, lock the pair (account, address).
# Locking either one alone lets anyone lock everyone out: an address behind a proxy is
# shared by all, and an account can be attacked from anywhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# And one address is held to this many failures across all accounts within the cool-off (a
# password-spraying ceiling; a success clears its account's failures). forge/lib/lockout.py.
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "forge.lib.lockout.LockoutHandler"
# The email as typed, trimmed and case-folded: accounts are found case-insensitively.
AXES_USERNAME_CALLABLE = "forge.lib.lockout.normalised_username"
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "forge.lib.client_ip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# One cache for pages, catalogue data and the API throttle counters. Redis when REDIS_URL is
# set (shared by every worker and server), this process's memory otherwise (development).
# Either way an unreachable cache answers like an empty one (forge/lib/cache.py).
REDIS_URL = env_str("REDIS_URL", "")
# Connect and socket timeouts of the Redis client: a hung Redis costs this, then is skipped.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 250) / 1000
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "forge.lib.cache.RedisCache",  # Django's own, one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "forge"),
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "forge.lib.cache.LocMemCache",
            "LOCATION": "forge",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Rendered catalogue fragments (exercise cards): small, many per page, keyed by the catalogue
# version, so each process keeps its own rather than asking Redis two dozen times a page.
CACHES["fragments"] = {
    "BACKEND": "forge.lib.cache.LocMemCache",
    "LOCATION": "forge-fragments",
    "TIMEOUT": 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Whole catalogue pages and API reads cached for visitors (see forge/lib/pagecache.py).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# A cache miss is rendered by one request (forge/lib/singleflight.py): the lock lasts at most
# PAGE_CACHE_LOCK_SECONDS; the others take the previous version's copy or wait at most
# PAGE_CACHE_WAIT_SECONDS for the new one. PAGE_CACHE_LOCK=0 lets every request render.
PAGE_CACHE_LOCK = env_bool("PAGE_CACHE_LOCK", True)
PAGE_CACHE_LOCK_SECONDS = env_int("PAGE_CACHE_LOCK_SECONDS", 10)
PAGE_CACHE_WAIT_SECONDS = env_int("PAGE_CACHE_WAIT_MS", 1000) / 1000
# How long the catalogue version read from the database is trusted in the cache. A
# per-process cache cannot hear about another process's writes: a few seconds. Redis hears
# every write, but a write made while Redis was unreachable could not update it (the cache
# answers like an empty one then): a minute bounds how long such an old number lingers.
CATALOGUE_VERSION_TTL = env_int("CATALOGUE_VERSION_TTL", 60 if REDIS_URL else 2)
# /bench/bare/: a view that does nothing, the floor the benchmark compares pages with.
BENCH = env_bool("BENCH", False)
# Part of the service worker's version (forge.pwa): change it to make browsers install a new
# worker, and offer open pages a reload, when no static file changed.
PWA_RELEASE = env_str("PWA_RELEASE", "")

# Background work (imports from the admin) through django-tasks. "database" queues tasks in
# the database for `manage.py db_worker` to run; "immediate" runs each one at once inside the
# request that asked for it (no worker: the default with DEBUG on, so `make run` just works).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in ("immediate", "database"):
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TASKS_BACKEND == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
# The interface's catalogues (make messages); the compiled .mo files are committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
# A visitor's choice from the language switcher, kept a year (read before Accept-Language).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Catalogue content (django-modeltranslation): English is the source; a text not yet written
# in the active language is shown in English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files uploaded to the admin's import page; never served.
IMPORT_FILES_ROOT = Path(env_str("IMPORT_FILES_ROOT", str(BASE_DIR / "import-files")))
# Serving uploads from Django is fine for one small site; put a web server in front for more.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# Picture renditions (exercises.pictures): made when a picture is stored, on this many
# threads, by sorl-thumbnail's Pillow engine into MEDIA_ROOT/renditions/.
RENDITION_WORKERS = env_int("RENDITION_WORKERS", 2)
THUMBNAIL_PREFIX = "renditions/"
# How long browsers and proxies may keep a file under MEDIA_URL: a stored file never changes
# (a new upload gets a new name), so a year.
MEDIA_CACHE_SECONDS = 365 * 24 * 3600
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Forge <noreply@forge.localhost>")

REST_FRAMEWORK = {
    # Token first, so a request without credentials gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Ordering is a FilterSet parameter with explicit choices, shared with the HTML pages.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only, with size and depth limits (forge/lib/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["forge.lib.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "forge.lib.api.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "forge.lib.api.LimitOffsetPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "forge.lib.throttling.VisitorRateThrottle",
        "forge.lib.throttling.MemberRateThrottle",
    ],
    # The client address for the visitor throttle, as for the login lock-out (see client_ip).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Forge API",
    "DESCRIPTION": "The exercise catalogue and members' workout plans.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Exercise difficulty, a routine's level and the generator's level share one set.
    "ENUM_NAME_OVERRIDES": {"DifficultyEnum": "exercises.models.Difficulty"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "forge.lib.api.close_request_bodies",
        "forge.lib.api.add_error_responses",
    ],
}

# Content-Security-Policy (django-csp 4): nothing is allowed unless listed. Every script and
# stylesheet is a file served from this site (static/js/, static/css/, the Swagger UI
# sidecar); no inline script, style or event handler anywhere, so no nonces are needed.
# The one inline <style> (the same in the self-contained 500 and 503 pages) is allowed by
# its hash (a test recomputes it). img-src allows data: for Swagger UI's icons;
# connect-src 'self' is for htmx, Swagger UI's "try it out" and the workout player's saves
# to /api/v1/.
CSP_500_STYLE_HASH = "'sha256-hmg46NbHehI2KZ25rHQEZWc13O8HshugbYy+e+rY9Fg='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF, CSP_500_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): powerful features off, except what the
# workout player uses: the screen wake lock, and sound (Web Audio beeps and spoken cues may
# start after the first tap, hence autoplay for this site). Vibration (navigator.vibrate)
# is not a Permissions-Policy feature in Chromium or Firefox, so it has no entry; browsers
# allow it to a top-level page after a tap.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self"],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": ["self"],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

SESSION_COOKIE_HTTPONLY = True
# With Redis, a member's session is read from the cache (no query), kept in the database.
if REDIS_URL:
    SESSION_ENGINE = "forge.lib.sessions"
# A signed-in member's user row read from the cache (forge/lib/usercache.py): only when the
# cache is shared by every process, so that a save anywhere deletes the one cached copy.
USER_CACHE = env_bool("USER_CACHE", bool(REDIS_URL))
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; keep only its warnings (lockouts).
    "loggers": {"axes": {"level": "WARNING"}},
}
