"""The citizens' door: its own URL space (/portal/), never shared with the professionals'."""

from __future__ import annotations

from django.urls import path

from helhet.portal.views import case, help, login

app_name = "portal"
urlpatterns = [
    path("", login.start, name="start"),
    path("login/<slug:provider>/", login.login, name="login"),
    path("callback/<slug:provider>/", login.callback, name="callback"),
    path("logout/", login.logout, name="logout"),
    path("how-to-ask-for-help/", help.how_to_ask, name="how_to_ask"),
    path("home/", case.home, name="home"),
    path("help/", help.help_request, name="help"),
    path("help/sent/", help.help_requests, name="help_requests"),
    path("cases/<int:pk>/", case.overview, name="case"),
    path("cases/<int:pk>/plan/", case.plan, name="plan"),
    path("cases/<int:pk>/meetings/", case.meetings, name="meetings"),
    path("cases/<int:pk>/meetings/<int:meeting_pk>.ics", case.meeting_ics, name="meeting_ics"),
    path("cases/<int:pk>/log/", case.log, name="log"),
    path("cases/<int:pk>/who-looked/", case.who_looked, name="who_looked"),
    path("cases/<int:pk>/consent/", case.consent, name="consent"),
    path("cases/<int:pk>/consent/withdraw/", case.consent_withdraw, name="consent_withdraw"),
    path("cases/<int:pk>/consent/answer/", case.proposal_answer, name="proposal_answer"),
    path("cases/<int:pk>/consent/own/", case.consent_give_own, name="consent_give_own"),
    path("cases/<int:pk>/what-matters/", case.speak, name="speak"),
    path("cases/<int:pk>/sharing/", case.sharing, name="sharing"),
    path("cases/<int:pk>/copy.json", case.copy_json, name="copy_json"),
    path("cases/<int:pk>/copy.pdf", case.copy_pdf, name="copy_pdf"),
]
