"""The concern's fixed vocabulary, shared by the page, the API and the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from helhet.cases.models import ConcernStatus

# The worry scale on a concern: 0 (not worried) to WORRY_MAX (very worried).
WORRY_MAX = 10

# A collaboration (BTI level 2 or more) is where a case with a team and a coordinator starts.
COLLABORATION_MIN_LEVEL = 2

# What a concern's decision can be, in the order the page offers them.
DECISION_CHOICES = [
    (ConcernStatus.CLOSED.value, _("Close the concern – no further action")),
    (ConcernStatus.OWN_SERVICE.value, _("Act within my own service (level 1)")),
    (ConcernStatus.COLLABORATION.value, _("Start a collaboration with other services")),
    (ConcernStatus.REPORTED.value, _("Report to child welfare")),
]
