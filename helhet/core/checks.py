"""System checks that ``helhet check --deploy`` adds to Django's own."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_mode_off_in_production(app_configs, **kwargs):
    if settings.HELHET_DEMO:
        return [
            Error(
                "HELHET_DEMO is on: demo accounts may log in without a second factor.",
                hint="Unset HELHET_DEMO in production.",
                id="helhet.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def https_on_in_production(app_configs, **kwargs):
    if not settings.HELHET_HTTPS:
        return [
            Warning(
                "HELHET_HTTPS is off: cookies are not marked secure and HTTP is not redirected.",
                hint="Set HELHET_HTTPS=true behind a TLS-terminating proxy.",
                id="helhet.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        return [
            Warning(
                "The cache is per process: login throttling is not shared between workers "
                "and resets on restart.",
                hint="Set CACHE_URL, e.g. rediscache://127.0.0.1:6379/1.",
                id="helhet.W003",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def postgresql_in_production(app_configs, **kwargs):
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return [
            Warning(
                "The database is SQLite; production needs PostgreSQL for concurrent writers.",
                hint="Set DATABASE_URL=postgres://…",
                id="helhet.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def static_files_collected_in_production(app_configs, **kwargs):
    if settings.HELHET_STATIC_FROM_FINDERS:
        return [
            Warning(
                "Static files are served from the finders (the demo's shortcut): no hashed "
                "names, no long cache lifetime, no pre-compressed files.",
                hint="Unset HELHET_STATIC_FROM_FINDERS and run 'helhet collectstatic'.",
                id="helhet.W004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def audit_key_of_its_own(app_configs, **kwargs):
    if not settings.HELHET_AUDIT_KEY:
        return [
            Warning(
                "HELHET_AUDIT_KEY is not set: the access log's HMAC key is derived from "
                "SECRET_KEY, so rotating SECRET_KEY makes every earlier event fail "
                "'helhet audit verify'.",
                hint="Set HELHET_AUDIT_KEY (64+ random characters, kept outside the database "
                "and its backups).",
                id="helhet.W005",
            )
        ]
    return []


_HEADER_MIDDLEWARE = (
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "helhet.core.security_headers.CrossOriginResourcePolicyMiddleware",
    "helhet.core.security_headers.NoStoreMiddleware",
)
# What a Content-Security-Policy must never allow for scripts and styles here.
_UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:")


@register(Tags.security, deploy=True)
def security_headers_strict(app_configs, **kwargs):
    """The headers of docs/decisions/0015: each weakening named (docs/security.md, V14.4)."""
    problems = []
    missing = [name for name in _HEADER_MIDDLEWARE if name not in settings.MIDDLEWARE]
    if missing:
        problems.append(
            Warning(
                "Security-header middleware is missing: " + ", ".join(missing) + ".",
                hint="Keep the MIDDLEWARE of helhet/settings.py (CSP, Permissions-Policy, "
                "Cross-Origin-Resource-Policy, Cache-Control: no-store).",
                id="helhet.W020",
            )
        )
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    directives = policy.get("DIRECTIVES", {})
    weak = sorted(
        f"{directive} {source}"
        for directive in ("default-src", "script-src", "style-src")
        for source in directives.get(directive, [])
        if source in _UNSAFE_SOURCES
    )
    if not directives.get("default-src") or weak:
        problems.append(
            Warning(
                "The Content-Security-Policy is weakened"
                + (f" ({', '.join(weak)})" if weak else " (no default-src)")
                + ": injected script or style could run.",
                hint="default-src, script-src and style-src 'self' only; no inline code.",
                id="helhet.W021",
            )
        )
    if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) and not directives:
        problems.append(
            Warning(
                "The Content-Security-Policy is only reported, not enforced.",
                hint="Set CONTENT_SECURITY_POLICY, not only CONTENT_SECURITY_POLICY_REPORT_ONLY.",
                id="helhet.W022",
            )
        )
    if getattr(settings, "HELHET_API_DOCS_PUBLIC", False):
        problems.append(
            Warning(
                "HELHET_API_DOCS_PUBLIC is on: the API schema and docs are served without a login.",
                hint="Unset HELHET_API_DOCS_PUBLIC in production unless the schema is meant "
                "to be public.",
                id="helhet.W023",
            )
        )
    return problems
