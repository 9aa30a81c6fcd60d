from __future__ import annotations

from django.urls import path

from helhet.administration import views

app_name = "administration"

urlpatterns = [
    path("", views.index, name="index"),
    path("invite/", views.invite, name="invite"),
    path("import/", views.staff_import, name="import"),
    path("profile/", views.profile, name="profile"),
    path("professionals/<int:pk>/", views.professional, name="professional"),
    path("professionals/<int:pk>/membership/", views.membership, name="membership"),
    path(
        "professionals/<int:pk>/membership/<int:service_pk>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("professionals/<int:pk>/roles/", views.roles, name="roles"),
    path("professionals/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("professionals/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("professionals/<int:pk>/resend/", views.resend, name="resend"),
    # The invitation link: no login (the person has none yet).
    path("invitation/", views.accept_form, name="accept_form"),
    path("invitation/<str:token>/", views.accept_link, name="accept"),
]
