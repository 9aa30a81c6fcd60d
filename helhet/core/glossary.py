"""The words of the 0–24 way of working that a new professional may not know (BTI's own
material explains *stafettholder* and *stafettlogg* where they first appear).

Each term is a code with its name and a one-line explanation, both translated when shown; the
case page and *My work* show a hint next to the term, and ``/help/terms/`` lists them all.
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class Term:
    code: str
    name: str
    explanation: str


TERMS: dict[str, Term] = {
    term.code: term
    for term in (
        Term(
            "coordinator",
            _("Coordinator"),
            _(
                "The one professional who keeps track of the whole follow-up of the child, and"
                " whom the family can always ask. The role is handed over only when the next"
                " coordinator has accepted it."
            ),
        ),
        Term(
            "log",
            _("Log"),
            _(
                "The case's shared record of goals, measures, who is responsible, deadlines,"
                " meetings and evaluations. Entries are never changed, only corrected by a new"
                " entry. It does not replace each service's own records."
            ),
        ),
        Term(
            "handover",
            _("Handover"),
            _(
                "Passing the coordinator role to someone else. Until the new coordinator"
                " accepts, the current one remains responsible."
            ),
        ),
        Term(
            "level",
            _("Level"),
            _(
                "How much collaboration the case needs, from one service on its own to broad"
                " collaboration between many. The municipality decides the levels."
            ),
        ),
        Term(
            "consent",
            _("Consent"),
            _(
                "What the guardians, or the young person from the consent age, have agreed may"
                " be shared, with which services and until when. It can be withdrawn at any time."
            ),
        ),
    )
}
