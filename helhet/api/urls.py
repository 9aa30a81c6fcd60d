"""The REST API: /api/v1/ (one module of views per area), the OpenAPI schema and its docs."""

from __future__ import annotations

from django.urls import include, path

from helhet.api.docs import DocsView, SchemaView
from helhet.api.views import cases, directory, pathways, people, plans, relay, signals, tasks

app_name = "api"

v1 = [
    *directory.urlpatterns,
    *people.urlpatterns,
    *cases.urlpatterns,
    *relay.urlpatterns,
    *plans.urlpatterns,
    *tasks.urlpatterns,
    *signals.urlpatterns,
    *pathways.urlpatterns,
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    # Behind the API's login unless HELHET_API_DOCS_PUBLIC (helhet.api.docs).
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
]
