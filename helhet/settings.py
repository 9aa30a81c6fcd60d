"""Helhet's one settings module.

Every difference between a laptop, CI and production comes from environment variables, read here
with django-environ. Defaults are safe: DEBUG is off, cookies are HTTP-only, and a missing
SECRET_KEY is generated once per installation instead of falling back to a published value.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; a missing file is ignored

VAR_DIR = Path(env.str("HELHET_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
# The demo lets demo accounts skip the second factor and shows demo logins; never in production.
HELHET_DEMO = env.bool("HELHET_DEMO", default=False)
# Outside production only synthetic identity numbers are accepted (see helhet.people.nordic_id).
HELHET_REAL_IDENTITY_NUMBERS = env.bool("HELHET_REAL_IDENTITY_NUMBERS", default=False)
# Behind TLS: redirect to HTTPS, secure cookies, HSTS. Off by default so the demo works on http.
HELHET_HTTPS = env.bool("HELHET_HTTPS", default=False)
# Key of the access log's HMAC chain; from outside the database (else derived from SECRET_KEY).
HELHET_AUDIT_KEY = env.str("HELHET_AUDIT_KEY", default="")
# Earlier HMAC keys, comma-separated: after a rotation they still verify the events they sealed.
HELHET_AUDIT_OLD_KEYS = env.list("HELHET_AUDIT_OLD_KEYS", default=[])
# Refuse access-log actions missing from helhet.audit.actions (on in the tests; warns otherwise).
HELHET_AUDIT_STRICT_ACTIONS = env.bool("HELHET_AUDIT_STRICT_ACTIONS", default=False)
# Signed checkpoints of the chain heads (helhet/audit/checkpoints.py, docs/operations.md): a
# directory the database cannot reach, the Ed25519 signing key, and the public keys that verify
# (the current one and every earlier one, so that old checkpoints still verify after rotation).
HELHET_AUDIT_CHECKPOINT_DIR = env.str("HELHET_AUDIT_CHECKPOINT_DIR", default="")
HELHET_AUDIT_CHECKPOINT_KEY = env.str("HELHET_AUDIT_CHECKPOINT_KEY", default="")
HELHET_AUDIT_CHECKPOINT_PUBLIC_KEYS = env.list("HELHET_AUDIT_CHECKPOINT_PUBLIC_KEYS", default=[])


def _secret_key() -> str:
    """The SECRET_KEY from the environment, else one generated for this installation.

    A generated key lives in VAR_DIR with owner-only permissions, so a demo never runs on a key that
    is published in the source code.
    """
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: of several workers starting at once, exactly one writes the key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    for _attempt in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.05)  # another worker is still writing it
    raise ImproperlyConfigured(f"{path} is empty; delete it or set SECRET_KEY.")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's security-key pages load it
    "django.forms",
    "django_htmx",
    "django_tasks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "helhet.core",
    "helhet.tenancy",
    "helhet.directory",
    "helhet.people",
    "helhet.audit",
    "helhet.cases",
    "helhet.consent",
    "helhet.plans",
    "helhet.reminders",
    "helhet.signals",
    "helhet.pathways",
    "helhet.followup",
    "helhet.screening",
    "helhet.indicators",
    "helhet.administration",
    "helhet.retention",
    "helhet.api",
    "helhet.accounts",
    "helhet.portal",
    "helhet.synthetic",
]

MIDDLEWARE = [
    # Security headers (docs/decisions/0015): those above WhiteNoise also reach its static files;
    # no-store comes after WhiteNoise, so static files keep their long cache lifetime.
    "helhet.core.security_headers.ServerHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "helhet.core.security_headers.CrossOriginResourcePolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "helhet.portal.middleware.PortalFormActionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "helhet.core.security_headers.NoStoreMiddleware",
    "helhet.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "helhet.accounts.middleware.SessionIdleTimeoutMiddleware",
    "helhet.accounts.middleware.RequireSecondFactorMiddleware",
    "helhet.portal.middleware.CitizenSessionMiddleware",
]

ROOT_URLCONF = "helhet.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "helhet.wsgi.application"
ASGI_APPLICATION = "helhet.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helhet.core.context_processors.helhet",
            ],
        },
    },
]


# --- Database -------------------------------------------------------------------------------
def _database() -> dict:
    default_url = f"sqlite:///{VAR_DIR / 'helhet.sqlite3'}"
    raw = env.str("DATABASE_URL", default=default_url)
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(
            "DATABASE_URL is not a valid database URL. Use for example "
            "postgres://user:password@host:5432/helhet or sqlite:////path/to/helhet.sqlite3 "
            f"({type(exc).__name__})."
        ) from None
    engine = config.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        if config.get("NAME") and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config.setdefault("OPTIONS", {}).update(
            {
                # IMMEDIATE avoids "database is locked" on upgrade from read to write lock.
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                " PRAGMA busy_timeout=5000;",
            }
        )
    elif "postgresql" in engine:
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        config.setdefault("CONN_HEALTH_CHECKS", True)
    else:
        raise ImproperlyConfigured(
            "DATABASE_URL must point to PostgreSQL (postgres://…) or SQLite (sqlite:///…)."
        )
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://helhet")}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "helhet.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn's lists of breached passwords, words and names, and its repeat/sequence patterns.
    {"NAME": "helhet.accounts.passwords.GuessablePasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "helhet.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are created by municipal administrators
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-up is closed: a reset request for an unknown address sends nothing (no sign-up invite).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Behind the TLS proxy the README prescribes, REMOTE_ADDR is the proxy's: the per-IP login limits
# would then lock everyone out together. Name how many proxies append to X-Forwarded-For (or the
# one header the proxy sets with the client's address); never trust a header nobody sets.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("HELHET_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("HELHET_TRUSTED_CLIENT_IP_HEADER", default="") or None
# Five wrong passwords for one account within 15 minutes lock that login for the period.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/15m/key,30/15m/ip",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/15m/key",
    # The portal: e-ID logins per address; help requests per citizen and per address.
    "portal_login": "20/m/ip",
    "portal_help_request": "5/h/key,20/h/ip",
}
# The second factor: an authenticator app (TOTP) or a security key / passkey (WebAuthn), and
# recovery codes. Passkeys are a second factor only, never a login on their own.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs a secure origin; plain http is allowed only without HELHET_HTTPS (a laptop, the
# demo and the tests on localhost).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HELHET_HTTPS
MFA_TOTP_ISSUER = "Helhet"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# --- Sessions, cookies, security headers ---------------------------------------------------
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Besides that absolute lifetime: logged out after this many minutes without a request (0: off).
HELHET_SESSION_IDLE_MINUTES = env.int("HELHET_SESSION_IDLE_MINUTES", default=30)

# --- the family and youth portal (docs/portal.md, docs/decisions/0018) -------------------------
# One OpenID Connect provider per country or municipality, as JSON, e.g.
# {"idporten": {"name": "ID-porten", "country": "NO", "issuer": "https://idporten.no",
#   "client_id": "…", "client_secret": "…", "acr_values": "idporten-loa-substantial",
#   "accepted_acr": ["idporten-loa-substantial", "idporten-loa-high"], "identity_claim": "pid"}}
# ``helhet demo`` and the tests point it at the local test provider (idp/).
HELHET_PORTAL_PROVIDERS = env.json("HELHET_PORTAL_OIDC", default={})
# Staff single sign-on, one provider per municipality (helhet/accounts/sso.py): {"<key>":
# {"municipality": <id>, "name", "issuer", "client_id", "client_secret", "mfa_amr": [...]}}.
HELHET_STAFF_OIDC = env.json("HELHET_STAFF_OIDC", default={})
# Citizens' sessions end sooner than professionals' (a shared family computer).
HELHET_PORTAL_IDLE_MINUTES = env.int("HELHET_PORTAL_IDLE_MINUTES", default=15)
# Seconds of clock difference allowed when checking an ID token's times.
HELHET_PORTAL_OIDC_LEEWAY = env.int("HELHET_PORTAL_OIDC_LEEWAY", default=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # HTMX sends the token from the page, not from the cookie
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HELHET_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A strict Content-Security-Policy (django-csp): only our own files, no inline script or style,
# no style attributes, no inline event handlers, no eval; data: images for the TOTP QR code and
# the icons in Swagger UI's stylesheet. Nonces are not used anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Browser features Helhet never uses, off for the page and anything it could embed (an empty
# list is "feature=()"). Only names Chromium knows: it warns in the console about unknown ones.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "interest-cohort": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
# The OpenAPI schema and Swagger UI (/api/schema/, /api/docs/) without a login (default: login).
HELHET_API_DOCS_PUBLIC = env.bool("HELHET_API_DOCS_PUBLIC", default=False)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("fi", _("Finnish")),
    ("is", _("Icelandic")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Day-month-year and 24-hour times in every language (English and Icelandic overridden).
FORMAT_MODULE_PATH = ["helhet.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Oslo")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
NODE_MODULES = Path(env.str("HELHET_NODE_MODULES", default=str(BASE_DIR / "node_modules")))
# Only the files we serve from npm packages, under a stable prefix; nothing is copied into git.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/designsystemet", NODE_MODULES / "@digdir/designsystemet-css/dist"),
    ("vendor/inter", NODE_MODULES / "@fontsource/inter/files"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The demo serves static files straight from the finders: no collectstatic (minutes of hashing
# and compressing 2,200 files) on every start. Production collects them (check --deploy warns).
HELHET_STATIC_FROM_FINDERS = env.bool("HELHET_STATIC_FROM_FINDERS", default=False)
if HELHET_STATIC_FROM_FINDERS:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True

# --- E-mail ---------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Helhet <no-reply@helhet.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Links in e-mails point here; e-mails carry no personal data, only a link to sign in and see.
HELHET_BASE_URL = env.str("HELHET_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Background jobs and reminders -----------------------------------------------------------
# Django's tasks API (django-tasks backport) with the database backend: a job is a row written in
# the same transaction as the change that needs it, and `helhet worker` runs the jobs.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A refused e-mail is retried this many times, waiting longer each time (minutes: 1, 5, 30 …).
HELHET_EMAIL_ATTEMPTS = env.int("HELHET_EMAIL_ATTEMPTS", default=5)
# How long a municipal administrator's invitation link works (helhet/administration).
HELHET_INVITATION_DAYS = env.int("HELHET_INVITATION_DAYS", default=7)

# --- REST API (/api/v1/) ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "helhet.api.authentication.ApiTokenAuthentication",
        "helhet.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "helhet.api.permissions.IsProfessional",
        "helhet.api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["helhet.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("HELHET_API_TOKEN_RATE", default="600/min"),
        "session": env.str("HELHET_API_SESSION_RATE", default="1200/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "helhet.api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": [],
    "EXCEPTION_HANDLER": "helhet.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Helhet API",
    "DESCRIPTION": (
        "Coordinated follow-up of children and young people: the same rules, access policy and "
        "access log as the web pages. Errors are RFC 9457 problem details. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

# --- Logging: opaque ids only, never personal data -----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "helhet.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Not Django's default mail_admins handler: its error mails carry the request's form
        # data (children's data) and cookies. Errors go to the console with an opaque id.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Django's request logger prints full URLs and may echo form data on errors.
        "django.request": {"level": "ERROR"},
        # WeasyPrint logs each rendering step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.server": {"level": env.str("SERVER_LOG_LEVEL", default="INFO")},
    },
}

ADMINS = [("Helhet operations", a) for a in env.list("ADMINS", default=[])]
