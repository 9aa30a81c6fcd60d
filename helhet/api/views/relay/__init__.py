"""The relay around a case: team, consent and lawful bases, handovers, the log, level and closing.

Every route under ``/cases/{case_pk}/`` first asks the policy for the case
(``policy.get_case_or_404``: forbidden and missing are both 404, so a professional whose service
lost its consent, a former team member or another municipality sees nothing), then for the
action's own predicate (the same ``policy.can_*`` as the web page; refused is 404 too). Then one
service or selector does the work: the services enforce every rule and write the access log and
the relay log; a refused rule is a 422 problem with nothing saved. Reads of the case's data are
recorded with ``case_read_record`` ("case.read", purpose "api …").

Handovers are also reachable by id (``/handovers/{id}/``): the named receiver answers there,
like on the web page, even before they are on the team.
"""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from helhet.api.views.relay.consent import ConsentViewSet, LawfulBasisViewSet
from helhet.api.views.relay.handovers import CaseHandoverViewSet, HandoverViewSet
from helhet.api.views.relay.log import LogViewSet
from helhet.api.views.relay.steering import CaseSteeringViewSet
from helhet.api.views.relay.team import TeamViewSet

router = SimpleRouter(use_regex_path=False)
router.register("cases/<int:case_pk>/team", TeamViewSet, basename="case-team")
router.register("cases/<int:case_pk>/consents", ConsentViewSet, basename="case-consent")
router.register(
    "cases/<int:case_pk>/lawful-bases", LawfulBasisViewSet, basename="case-lawful-basis"
)
router.register("cases/<int:case_pk>/handovers", CaseHandoverViewSet, basename="case-handover")
router.register("cases/<int:case_pk>/log", LogViewSet, basename="case-log")
router.register("cases/<int:case_pk>", CaseSteeringViewSet, basename="case-steering")
router.register("handovers", HandoverViewSet, basename="handover")
urlpatterns = router.urls
