"""The OpenAPI schema and its Swagger UI, public or behind a login (HELHET_API_DOCS_PUBLIC).

In production the schema is for the professionals who integrate: without credentials it answers
like every other endpoint of the API (401 problem details), and the docs page redirects to the
login. With ``HELHET_API_DOCS_PUBLIC=true`` both are open, e.g. for a public developer portal.

The docs page is drf-spectacular's split view: Swagger UI's initialising script is a separate
URL (``?script``), so the page runs under the Content-Security-Policy without inline script.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings


def docs_public() -> bool:
    return bool(getattr(settings, "HELHET_API_DOCS_PUBLIC", False))


class SchemaView(SpectacularAPIView):
    """The schema: public when configured, else the API's own authentication and permissions."""

    def get_permissions(self):
        if docs_public():
            return [AllowAny()]
        return [permission() for permission in api_settings.DEFAULT_PERMISSION_CLASSES]

    def handle_exception(self, exc):
        # A refusal is problem JSON like everywhere in the API, not a schema in YAML.
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI: a page, so an anonymous visitor is sent to the login like on other pages.

    The page itself holds no data; the schema it loads (with the browser's session) is checked
    by SchemaView.
    """

    permission_classes = [AllowAny]
    template_name = "api/swagger_ui.html"

    def dispatch(self, request, *args, **kwargs):
        if not docs_public() and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)
