"""URLs of the relay. Only opaque ids in paths; never personal data in a query string."""

from __future__ import annotations

from django.urls import path

from helhet.cases.views import case, concerns, family, my_work

app_name = "cases"
urlpatterns = [
    path("", my_work.my_work, name="my_work"),
    # concerns (level 0)
    path("concerns/new/", concerns.concern_start, name="concern_start"),
    path("concerns/new/child/", concerns.child_register, name="child_register"),
    path(
        "concerns/new/child/add-number/",
        concerns.child_add_national_id,
        name="child_add_national_id",
    ),
    path("concerns/new/child/<int:child_pk>/", concerns.concern_create, name="concern_create"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:pk>/decide/", concerns.concern_decide, name="concern_decide"),
    # cases
    path("cases/<int:pk>/", case.case_detail, name="case"),
    path("cases/<int:pk>/log/", case.case_log, name="log"),
    path("cases/<int:pk>/log/new/", case.log_entry_add, name="log_add"),
    path("cases/<int:pk>/log/<int:entry_pk>/correct/", case.log_entry_correct, name="log_correct"),
    path("cases/<int:pk>/log/<int:entry_pk>/withhold/", family.log_withhold, name="log_withhold"),
    path("cases/<int:pk>/team/add/", case.team_add, name="team_add"),
    path("cases/<int:pk>/team/<int:member_pk>/remove/", case.team_remove, name="team_remove"),
    path("cases/<int:pk>/consent/new/", case.consent_record, name="consent_record"),
    path(
        "cases/<int:pk>/consent/<int:consent_pk>/withdraw/",
        case.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<int:pk>/consent/ask/", family.consent_propose, name="consent_propose"),
    path(
        "cases/<int:pk>/consent/ask/cancel/",
        family.consent_proposal_cancel,
        name="consent_proposal_cancel",
    ),
    path("cases/<int:pk>/lawful-basis/new/", case.lawful_basis_record, name="lawful_basis"),
    path("cases/<int:pk>/level/", case.level_change, name="level_change"),
    path("cases/<int:pk>/handover/new/", case.handover_propose, name="handover_propose"),
    path("cases/<int:pk>/close/", case.case_close, name="case_close"),
    path("cases/<int:pk>/access-log/", case.access_log, name="access_log"),
    path("handovers/<int:pk>/", case.handover_answer, name="handover"),
]
