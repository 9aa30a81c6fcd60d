"""When it is time to get in touch with a young person on the register again: a task on the
counsellor's *My work* (with its e-mail reminder), made by the scheduler and done when a contact
is recorded — the follow-up service's promise that nobody on the register is forgotten."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max

from helhet.core import clock
from helhet.followup.models import FollowUp, FollowUpStatus
from helhet.reminders import services as reminders

# Days without a contact (made or tried) before the counsellor is reminded: a young person not
# yet reached is tried again within two weeks; one in contact or in a measure is heard from
# at least monthly.
CONTACT_DAYS = {
    FollowUpStatus.NOT_REACHED: 14,
    FollowUpStatus.IN_CONTACT: 30,
    FollowUpStatus.IN_MEASURE: 30,
}


def contact_due(follow_up: FollowUp, last_contact: datetime.date | None) -> datetime.date | None:
    """The day the counsellor should have been in touch by; None: no reminder (no counsellor, or
    a status that needs none)."""
    days = CONTACT_DAYS.get(follow_up.status)
    if days is None or follow_up.counsellor_id is None:
        return None
    since = max(d for d in (last_contact, follow_up.registered_at.date()) if d is not None)
    return since + datetime.timedelta(days=days)


@transaction.atomic
def follow_up_reminders_refresh(*, today: datetime.date | None = None) -> tuple[int, int]:
    """A task for every counsellor whose young person is due a contact (one query for the
    register; the key holds the counsellor and the due day, so each lapse reminds once), and
    the tasks no longer due done. Returns (created, resolved)."""
    today = today or clock.today()
    due = []
    for follow_up in (
        FollowUp.objects.filter(counsellor__isnull=False, status__in=list(CONTACT_DAYS))
        .select_related("counsellor")
        .annotate(last_contact=Max("contacts__on"))
        .order_by("pk")
    ):
        due_on = contact_due(follow_up, follow_up.last_contact)
        if due_on is not None and due_on <= today:
            key = f"follow-up:{follow_up.pk}:{follow_up.counsellor_id}:{due_on.isoformat()}"
            due.append((follow_up, follow_up.counsellor, due_on, key))
    return reminders.tasks_refresh_for_follow_ups(due, today=today)
